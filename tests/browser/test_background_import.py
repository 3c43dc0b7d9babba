"""A background import's status page in Chromium: the progress bar follows the task
without reloading, under the admin's CSP, and the summary replaces it at the end; a large
file goes from the upload to its preview, then to its import, both run by the worker."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from ftda.models import ImportJob
from ftda.tasks import run_import_job_task
from hebergement.models import HousingUnit, Place, Stay
from tests.browser.helpers import log_in
from tests.browser.test_security import watch_csp
from tests.ftda.factories import ImportJobFactory, StructureFactory, UserFactory
from tests.hebergement.test_background_imports import STAYS
from tests.hebergement.test_imports import stays_file

pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]


def test_the_progress_bar_follows_a_background_import(page, live_server):
    job = ImportJobFactory(
        created_by=UserFactory(admin=True, username="admin.import"),
        url=reverse("admin:hebergement_stay_process_import"),
        total_rows=5000,
        rows_done=1000,
    )
    violations = watch_csp(page)
    log_in(page, live_server, "admin.import", landing="Configuration")
    page.goto(live_server.url + reverse("admin:hebergement_stay_import_job", args=[job.pk]))
    bar = page.get_by_label("Lignes traitées")
    expect(bar).to_have_attribute("value", "1000")
    ImportJob.objects.filter(pk=job.pk).update(rows_done=4000)
    expect(bar).to_have_attribute("value", "4000")
    ImportJob.objects.filter(pk=job.pk).update(
        status=ImportJob.Status.DONE,
        rows_done=5000,
        result={"totals": {"new": 5000, "update": 0, "delete": 0, "skip": 0}},
    )
    expect(page.get_by_text("Import terminé : 5000 créés")).to_be_visible()
    expect(bar).to_have_count(0)
    # Leaving and coming back: the import page lists it.
    page.get_by_role("link", name="Retour à l'import").click()
    expect(page.get_by_role("link", name=f"n°{job.pk}")).to_be_visible()
    assert violations == []


def test_a_large_file_is_previewed_then_imported_in_the_background(page, live_server, settings):
    settings.IMPORT_BACKGROUND_MIN_ROWS = 2
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}
    unit = HousingUnit.objects.create(
        structure=StructureFactory(name="CPH Angers", departement="49"),
        kind="scattered_flat",
        label="Appt 1",
    )
    Place.objects.bulk_create(Place(unit=unit, label=str(n)) for n in range(1, 4))
    UserFactory(admin=True, username="admin.apercu")
    violations = watch_csp(page)
    log_in(page, live_server, "admin.apercu", landing="Configuration")
    page.goto(live_server.url + reverse("admin:hebergement_stay_import"))
    page.get_by_label("Fichier à importer").set_input_files(
        {"name": "séjours.csv", "mimeType": "text/csv", "buffer": stays_file(*STAYS)}
    )
    page.get_by_label("Format").select_option("csv")
    page.get_by_role("button", name="Envoyer").click()

    expect(page.get_by_text("L'aperçu attend son tour.")).to_be_visible()
    preview = ImportJob.objects.get(dry_run=True)
    run_import_job_task.call(preview.pk)  # as the worker would
    confirm = page.get_by_role("button", name="Confirmer l'import")
    expect(confirm).to_be_visible()  # htmx swapped in the finished preview
    expect(page.get_by_role("cell", name="3", exact=True)).to_be_visible()  # nouvelles
    assert not Stay.objects.exists()
    confirm.click()

    expect(page.get_by_text("L'import attend son tour.")).to_be_visible()
    job = ImportJob.objects.get(dry_run=False)
    run_import_job_task.call(job.pk)
    expect(page.get_by_text("Import terminé : 3 créés")).to_be_visible()
    assert Stay.objects.filter(structure__name="CPH Angers").count() == 3
    assert violations == []
