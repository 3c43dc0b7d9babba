"""A background import's status page in Chromium: the progress bar follows the task
without reloading, under the admin's CSP, and the summary replaces it at the end."""

import pytest
from django.urls import reverse
from playwright.sync_api import expect

from ftda.models import ImportJob
from tests.browser.helpers import log_in
from tests.browser.test_security import watch_csp
from tests.ftda.factories import ImportJobFactory, UserFactory

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
