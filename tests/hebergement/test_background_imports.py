"""Large imports previewed and confirmed in the background (ftda.import_jobs): above
`IMPORT_BACKGROUND_MIN_ROWS` rows the upload and the confirmation each queue a task and show
its progress; the preview writes nothing and offers the confirmation of a clean file; the
import writes the rows all or nothing, audited with the user's context, or keeps the French
errors of a refused file; the status page is the importer's own."""

import datetime

import pytest
from django.apps import apps
from django.conf import settings
from django.contrib.admin.models import LogEntry
from django.core.files.storage import storages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import override_settings
from django.urls import reverse
from django.utils.html import escape
from pghistory.models import Event

from ftda import import_jobs
from ftda.imports import TMP_FOLDER, count_rows, purge_import_files
from ftda.models import ImportJob, Person
from ftda.tasks import run_import_job_task
from hebergement.models import Capacity, HousingUnit, Place, Stay
from tests.ftda.factories import StructureFactory, UserFactory
from tests.hebergement.factories import StayFactory
from tests.hebergement.test_imports import (
    CAPACITY_CSV,
    STAYS_HEADER,
    insert_events_of_the_tesfay_warsame_stays,
    stays_file,
    xlsx,
)

pytestmark = pytest.mark.django_db
D = datetime.date
STAYS = (
    "CPH Angers;Appt 1;1;Tesfay;Mehret;11/09/1997;Ménage TESFAY;01/03/2024;",
    "CPH Angers;Appt 1;2;Tesfay;Yonas;23/01/1995;Ménage TESFAY;01/03/2024;",
    "CPH Angers;Appt 1;3;Warsame;Hodan;24/12/1998;;01/03/2024;",
)
CONFIRM_URL = reverse("admin:hebergement_stay_process_import")


@pytest.fixture
def flat():
    """CPH Angers, a flat of 3 places, as the file names them."""
    structure = StructureFactory(name="CPH Angers")
    unit = HousingUnit.objects.create(structure=structure, kind="scattered_flat", label="Appt 1")
    Place.objects.bulk_create(Place(unit=unit, label=str(n)) for n in range(1, 4))
    return unit


@pytest.fixture
def importer(client):
    user = UserFactory(admin=True)
    client.force_login(user)
    return user


@pytest.fixture
def background(settings):
    """Files of more than two rows go to the background; tasks wait in the database."""
    settings.IMPORT_BACKGROUND_MIN_ROWS = 2
    settings.TASKS = {"default": {"BACKEND": "django_tasks_db.DatabaseBackend"}}


def preview(client, data, *, name="sejours.csv", model="hebergement_stay", fmt=0):
    """The confirmation form's data after the preview of `data`, made in the request
    whatever its rows: these tests start from the confirmation (the background preview's
    own tests are below, and one goes from the upload to the import)."""
    with override_settings(IMPORT_BACKGROUND_MIN_ROWS=settings.IMPORT_MAX_ROWS):
        response = client.post(
            reverse(f"admin:{model}_import"),
            {"format": fmt, "resource": 0, "import_file": SimpleUploadedFile(name, data)},
        )
    confirm = response.context["confirm_form"]
    return {field: confirm.initial.get(field, "") for field in confirm.fields}


def preview_and_confirm(client, data, *, model="hebergement_stay", **kwargs):
    confirmation = preview(client, data, model=model, **kwargs)
    return client.post(reverse(f"admin:{model}_process_import"), confirmation)


def queue(client, data, django_capture_on_commit_callbacks, **kwargs):
    with django_capture_on_commit_callbacks(execute=True):
        response = preview_and_confirm(client, data, **kwargs)
    job = ImportJob.objects.get()
    return response, job


def status_url(job, model="hebergement_stay"):
    return reverse(f"admin:{model}_import_job", args=[job.pk])


def stored(job):
    return storages["default"].exists(f"{TMP_FOLDER}/{job.file_name}")


def test_a_file_at_the_threshold_is_still_imported_at_once(client, importer, flat, settings):
    settings.IMPORT_BACKGROUND_MIN_ROWS = len(STAYS)
    response = preview_and_confirm(client, stays_file(*STAYS))
    assert response.status_code == 302
    assert response["Location"] == reverse("admin:hebergement_stay_changelist")
    assert Stay.objects.count() == 3
    assert not ImportJob.objects.exists()


def test_a_large_file_is_queued_and_the_user_sent_to_its_progress(
    client, importer, flat, background, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    confirmation = preview(client, stays_file(*STAYS))
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(CONFIRM_URL, confirmation)
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == status_url(job)
    assert not Stay.objects.exists()  # nothing written by the request
    assert (job.status, job.total_rows, job.created_by, job.url) == (
        ImportJob.Status.PENDING,
        3,
        importer,
        CONFIRM_URL,
    )
    assert (job.original_file_name, job.file_format, job.model_label) == (
        "sejours.csv",
        "csv",
        "hebergement.stay",
    )
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "ftda.tasks.run_import_job_task"
    assert queued.args_kwargs["args"] == [job.pk]
    # Confirming again (a double click) leads to the same import.
    response = client.post(CONFIRM_URL, confirmation)
    assert response["Location"] == status_url(job) and DBTaskResult.objects.count() == 1
    page = client.get(response["Location"]).content.decode()
    assert "En attente" in page and 'hx-trigger="every 1s"' in page and "<progress" in page
    assert stored(job)
    # The user may leave and come back: the import page lists the job.
    page = client.get(reverse("admin:hebergement_stay_import")).content.decode()
    assert status_url(job) in page and "sejours.csv" in page


def test_the_task_writes_the_rows_audited_with_the_users_context(
    client, importer, flat, background, django_capture_on_commit_callbacks
):
    _, job = queue(client, stays_file(*STAYS), django_capture_on_commit_callbacks)
    run_import_job_task.call(job.pk)
    job.refresh_from_db()
    assert (job.status, job.rows_done, job.error) == (ImportJob.Status.DONE, 3, "")
    assert job.result["totals"]["new"] == 3 and job.result["errors"] == []
    for model, events in insert_events_of_the_tesfay_warsame_stays().items():
        assert {
            tuple(e.pgh_context.metadata[key] for key in ("user", "url", "import_job"))
            for e in events
        } == {(importer.pk, CONFIRM_URL, job.pk)}, model
    assert LogEntry.objects.filter(user=importer).count() == 3  # as the admin logs an import
    assert not stored(job)
    page = client.get(status_url(job)).content.decode()
    assert "Terminé" in page and "Import terminé : 3 créés" in page
    assert "every 1s" not in page
    # A job runs once.
    run_import_job_task.call(job.pk)
    assert Stay.objects.count() == 3


def test_a_refused_file_writes_nothing_and_shows_the_french_errors(
    client, importer, flat, background, django_capture_on_commit_callbacks
):
    _, job = queue(
        client, stays_file(*STAYS), django_capture_on_commit_callbacks, name="<i>sejours.csv"
    )
    # Someone takes place 2 between the confirmation and the task.
    StayFactory(place=Place.objects.get(unit=flat, label="2"), arrived_on=D(2024, 1, 5))
    run_import_job_task.call(job.pk)
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert job.result["errors"] == [
        {"row": 2, "columns": [["", ["Cette place est déjà occupée pendant cette période."]]]}
    ]
    assert Stay.objects.count() == 1
    assert not Person.objects.filter(last_name__in=["Tesfay", "Warsame"]).exists()
    assert not Person.pgh_event_model.objects.filter(last_name="Warsame").exists()
    page = client.get(status_url(job)).content.decode()
    assert "Échec" in page and "rien n'a été écrit" in page
    assert "Cette place est déjà occupée pendant cette période." in page
    assert "&lt;i&gt;sejours.csv" in page and "<i>sejours" not in page


def test_errors_per_column_are_kept_by_their_french_header(
    client, importer, flat, background, django_capture_on_commit_callbacks
):
    _, job = queue(client, stays_file(*STAYS), django_capture_on_commit_callbacks)
    Place.objects.filter(unit=flat, label="3").update(label="3 bis")
    run_import_job_task.call(job.pk)
    job.refresh_from_db()
    [error] = job.result["errors"]
    assert error["row"] == 3 and error["columns"][0][0] == "Place"
    assert "Pas de place « 3 »" in error["columns"][0][1][0]
    assert "Pas de place « 3 »" in client.get(status_url(job)).content.decode()


@pytest.mark.parametrize(
    "change",
    [{"is_active": False}, {"is_superuser": False}],  # only superusers import stays
    ids=["deactivated", "no-longer-superuser"],
)
def test_the_task_checks_again_that_the_user_may_import(
    client, importer, flat, background, django_capture_on_commit_callbacks, change
):
    _, job = queue(client, stays_file(*STAYS), django_capture_on_commit_callbacks)
    for field, value in change.items():
        setattr(importer, field, value)
    importer.save()
    run_import_job_task.call(job.pk)
    job.refresh_from_db()
    assert (job.status, job.error) == (ImportJob.Status.FAILED, import_jobs.NOT_ALLOWED)
    assert not Stay.objects.exists()


def test_the_status_page_is_the_importers_own(
    client, importer, flat, background, django_capture_on_commit_callbacks
):
    _, stays_job = queue(client, stays_file(*STAYS), django_capture_on_commit_callbacks)
    assert client.get(status_url(stays_job)).status_code == 200
    # A bad or tampered id.
    assert client.get(status_url(stays_job).replace(str(stays_job.pk), "999999")).status_code == 404
    # Another superuser may follow it; another staff user may not import stays at all.
    client.force_login(UserFactory(admin=True))
    assert client.get(status_url(stays_job)).status_code == 200
    client.force_login(UserFactory(is_staff=True))
    assert client.get(status_url(stays_job)).status_code == 403


def test_another_staff_users_import_is_not_found(
    client, importer, background, django_capture_on_commit_callbacks
):
    """Capacities may be imported by any staff user: each follows their own imports only."""
    with django_capture_on_commit_callbacks(execute=True):
        preview_and_confirm(
            client,
            CAPACITY_CSV.encode("cp1252"),
            name="capacites.csv",
            model="hebergement_capacity",
        )
    job = ImportJob.objects.get(model_label="hebergement.capacity")
    url = status_url(job, "hebergement_capacity")
    assert client.get(url).status_code == 200
    # The job of one import is not found through another's address.
    assert client.get(url.replace("capacity", "stay")).status_code == 404
    client.force_login(UserFactory(is_staff=True))
    assert client.get(url).status_code == 404
    run_import_job_task.call(job.pk)
    assert Capacity.objects.count() == 4


def test_the_progress_page_costs_a_few_queries(
    client, importer, flat, background, django_capture_on_commit_callbacks,
    django_assert_max_num_queries,
):  # fmt: skip
    _, job = queue(client, stays_file(*STAYS), django_capture_on_commit_callbacks)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING, rows_done=2)
    with django_assert_max_num_queries(6):
        fragment = client.get(status_url(job), headers={"HX-Request": "true"})
    page = fragment.content.decode()
    assert 'value="2"' in page and "2 lignes traitées sur 3" in page
    assert "<html" not in page
    with django_assert_max_num_queries(8):
        assert client.get(status_url(job)).status_code == 200


def test_the_purge_keeps_the_file_of_a_job_that_waits(
    client, importer, flat, background, django_capture_on_commit_callbacks
):
    _, job = queue(client, stays_file(*STAYS), django_capture_on_commit_callbacks)
    later = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=1)
    # Previewed a day before, confirmed ten minutes before: the file is old, the job is not.
    ImportJob.objects.filter(pk=job.pk).update(created_at=later - datetime.timedelta(minutes=10))
    assert purge_import_files(now=later) == []
    assert stored(job)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.FAILED)
    assert purge_import_files(now=later) == [job.file_name]


def test_the_purge_fails_a_job_abandoned_by_its_worker_and_removes_its_file(
    client, importer, flat, background, django_capture_on_commit_callbacks
):
    _, job = queue(client, stays_file(*STAYS), django_capture_on_commit_callbacks)
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.RUNNING)
    soon = datetime.datetime.now(datetime.UTC) + datetime.timedelta(minutes=30)
    assert purge_import_files(now=soon) == []
    job.refresh_from_db()
    assert job.status == ImportJob.Status.RUNNING

    later = datetime.datetime.now(datetime.UTC) + datetime.timedelta(days=1)
    assert purge_import_files(now=later, dry_run=True) == []
    job.refresh_from_db()
    assert job.status == ImportJob.Status.RUNNING

    assert purge_import_files(now=later) == [job.file_name]
    job.refresh_from_db()
    assert job.status == ImportJob.Status.FAILED
    assert job.error == import_jobs.ABANDONED and job.finished_at == later
    assert not stored(job)
    assert escape(import_jobs.ABANDONED) in client.get(status_url(job)).content.decode()
    assert not Stay.objects.exists()


def test_rows_are_counted_without_parsing_the_file():
    assert count_rows(b"Nom;Prenom\r\nA;B\r\n;\r\n\r\nC;D\r\n", "csv") == 2
    assert count_rows(xlsx([["Nom"], ["A"], ["B"], ["C"]]), "xlsx") == 3
    assert count_rows(b"", "csv") == 0


# --------------------------------------------------------------------------- previews

IMPORT_URL = reverse("admin:hebergement_stay_import")


def upload(client, data, django_capture_on_commit_callbacks, *, name="sejours.csv", fmt=0):
    """The upload of `data` on the stays' import page, its tasks queued."""
    with django_capture_on_commit_callbacks(execute=True):
        return client.post(
            IMPORT_URL,
            {"format": fmt, "resource": 0, "import_file": SimpleUploadedFile(name, data)},
        )


def previewed(client, data, django_capture_on_commit_callbacks, **kwargs):
    """The preview job of `data`, run."""
    upload(client, data, django_capture_on_commit_callbacks, **kwargs)
    job = ImportJob.objects.get(dry_run=True)
    run_import_job_task.call(job.pk)
    job.refresh_from_db()
    return job


def audit_rows():
    """{event table: rows} of every audit table but the import jobs' own."""
    return {
        model._meta.db_table: model.objects.count()
        for model in apps.get_models()
        if issubclass(model, Event)
        and not model._meta.abstract
        and model is not ImportJob.pgh_event_model
    }


def confirmation_of(page_response):
    confirm = page_response.context["confirm_form"]
    return {field: confirm.initial[field] for field in confirm.fields}


def test_a_large_upload_is_previewed_in_the_background(
    client, importer, flat, background, django_capture_on_commit_callbacks
):
    from django_tasks_db.models import DBTaskResult

    response = upload(client, stays_file(*STAYS), django_capture_on_commit_callbacks)
    job = ImportJob.objects.get()
    assert response.status_code == 302 and response["Location"] == status_url(job)
    assert (job.dry_run, job.status, job.total_rows, job.created_by, job.url) == (
        True,
        ImportJob.Status.PENDING,
        3,
        importer,
        IMPORT_URL,
    )
    assert (job.original_file_name, job.file_format, job.resource) == (
        "sejours.csv",
        "csv",
        "hebergement.resources.CurrentStayResource",
    )
    queued = DBTaskResult.objects.get()
    assert queued.task_path == "ftda.tasks.run_import_job_task"
    assert queued.args_kwargs["args"] == [job.pk]
    # Stored as django-import-export stores a previewed file: transcoded to UTF-8.
    assert storages["default"].open(f"{TMP_FOLDER}/{job.file_name}").read().decode(
        "utf-8"
    ) == stays_file(*STAYS).decode("cp1252")
    page = client.get(response["Location"]).content.decode()
    assert "Aperçu n°" in page and "En attente" in page and "L'aperçu attend son tour" in page
    assert 'hx-trigger="every 1s"' in page and "<progress" in page
    page = client.get(IMPORT_URL).content.decode()
    assert status_url(job) in page and "Aperçu" in page


def test_the_preview_writes_nothing_and_keeps_the_file_for_the_confirmation(
    client, importer, flat, background, django_capture_on_commit_callbacks
):
    before = audit_rows()
    job = previewed(client, stays_file(*STAYS), django_capture_on_commit_callbacks)
    assert (job.status, job.rows_done, job.error) == (ImportJob.Status.DONE, 3, "")
    assert job.result["totals"] == {
        "new": 3, "update": 0, "delete": 0, "skip": 0, "invalid": 0, "error": 0,
    }  # fmt: skip
    assert job.result["errors"] == [] and job.result["file_errors"] == []
    assert not Stay.objects.exists() and not Person.objects.exists()
    assert audit_rows() == before
    assert not LogEntry.objects.exists()
    assert stored(job)
    # The job's own states are audited in the context of the upload.
    events = ImportJob.pgh_event_model.objects.filter(pgh_obj=job, pgh_label="update")
    assert {
        tuple(e.pgh_context.metadata[key] for key in ("user", "url", "import_job")) for e in events
    } == {(importer.pk, IMPORT_URL, job.pk)}


def test_an_xlsx_is_previewed_in_the_background_too(
    client, importer, flat, background, django_capture_on_commit_callbacks
):
    rows = [line.split(";") for line in (STAYS_HEADER, *STAYS)]
    job = previewed(
        client, xlsx(rows), django_capture_on_commit_callbacks, name="séjours.xlsx", fmt=1
    )
    assert (job.file_format, job.original_file_name) == ("xlsx", "séjours.xlsx")
    assert job.status == ImportJob.Status.DONE and job.result["totals"]["new"] == 3
    assert not Stay.objects.exists()


def test_a_clean_preview_is_confirmed_into_a_background_import(
    client, importer, flat, background, django_capture_on_commit_callbacks
):
    preview_job = previewed(client, stays_file(*STAYS), django_capture_on_commit_callbacks)
    response = client.get(status_url(preview_job))
    page = response.content.decode()
    assert "Terminé" in page and "every 1s" not in page
    assert "<caption>Lignes du fichier d'après l'aperçu (rien n'a été écrit)</caption>" in page
    assert "<td>3</td><td>0</td><td>0</td><td>0</td>" in page
    assert f'action="{CONFIRM_URL}"' in page and 'value="Confirmer l\'import"' in page
    confirmation = confirmation_of(response)
    assert confirmation == {
        "import_file_name": preview_job.file_name,
        "original_file_name": "sejours.csv",
        "format": 0,
        "resource": 0,
    }
    for field, value in confirmation.items():
        assert f'name="{field}" value="{value}"' in page

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(CONFIRM_URL, confirmation)
    import_job = ImportJob.objects.get(dry_run=False)
    assert response["Location"] == status_url(import_job)
    assert (import_job.file_name, import_job.url) == (preview_job.file_name, CONFIRM_URL)
    run_import_job_task.call(import_job.pk)
    import_job.refresh_from_db()
    assert import_job.status == ImportJob.Status.DONE and Stay.objects.count() == 3
    for model, events in insert_events_of_the_tesfay_warsame_stays().items():
        assert {
            tuple(e.pgh_context.metadata[key] for key in ("user", "url", "import_job"))
            for e in events
        } == {(importer.pk, CONFIRM_URL, import_job.pk)}, model
    assert not stored(import_job)
    # The preview now leads to its import, and offers no second confirmation.
    page = client.get(status_url(preview_job)).content.decode()
    assert f"suivre l'import n°{import_job.pk}" in page and "Confirmer l'import" not in page


def test_a_preview_with_errors_keeps_them_by_french_header_and_offers_no_confirmation(
    client, importer, flat, background, django_capture_on_commit_callbacks
):
    Place.objects.filter(unit=flat, label="3").update(label="3 bis")
    before = audit_rows()
    job = previewed(client, stays_file(*STAYS), django_capture_on_commit_callbacks)
    assert job.status == ImportJob.Status.FAILED
    [error] = job.result["errors"]
    assert error["row"] == 3 and error["columns"][0][0] == "Place"
    assert "Pas de place « 3 »" in error["columns"][0][1][0]
    assert job.result["totals"]["new"] == 2 and job.result["totals"]["invalid"] == 1
    assert "Hodan" not in str(job.result)  # messages, never the cells
    assert not Stay.objects.exists() and audit_rows() == before
    assert not stored(job)  # nothing can confirm it
    page = client.get(status_url(job)).content.decode()
    assert "Échec" in page and "Pas de place « 3 »" in page and "Hodan" not in page
    assert "Corrigez dans votre fichier les lignes ci-dessous" in page
    assert "envoyez-le de nouveau" in page
    assert "<td>2</td><td>0</td><td>0</td><td>1</td>" in page
    assert (
        "Confirmer l'import" not in page
        and "confirm_form" not in client.get(status_url(job)).context
    )


def test_the_preview_checks_again_that_the_user_may_import(
    client, importer, flat, background, django_capture_on_commit_callbacks
):
    upload(client, stays_file(*STAYS), django_capture_on_commit_callbacks)
    job = ImportJob.objects.get()
    importer.is_superuser = False  # only superusers import stays
    importer.save()
    run_import_job_task.call(job.pk)
    job.refresh_from_db()
    assert (job.status, job.error) == (ImportJob.Status.FAILED, import_jobs.NOT_ALLOWED)


def test_a_preview_and_its_confirmation_are_the_importers_own(
    client, importer, background, django_capture_on_commit_callbacks
):
    """Capacities may be imported by any staff user: each follows their own previews only."""
    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("admin:hebergement_capacity_import"),
            {
                "format": 0,
                "resource": 0,
                "import_file": SimpleUploadedFile("capacités.csv", CAPACITY_CSV.encode("cp1252")),
            },
        )
    job = ImportJob.objects.get(model_label="hebergement.capacity", dry_run=True)
    run_import_job_task.call(job.pk)
    url = status_url(job, "hebergement_capacity")
    assert "Confirmer l'import" in client.get(url).content.decode()
    assert client.get(url.replace("capacity", "stay")).status_code == 404
    client.force_login(UserFactory(is_staff=True))
    assert client.get(url).status_code == 404
    assert client.get(status_url(job)).status_code == 403  # no right to import stays
    # Another superuser follows it, but the confirmation is its author's.
    client.force_login(UserFactory(admin=True))
    response = client.get(url)
    assert response.status_code == 200 and "confirm_form" not in response.context
    assert "Seul son auteur" in response.content.decode()
    assert not Capacity.objects.exists()


def test_a_finished_preview_costs_a_few_queries(
    client, importer, flat, background, django_capture_on_commit_callbacks,
    django_assert_max_num_queries,
):  # fmt: skip
    job = previewed(client, stays_file(*STAYS), django_capture_on_commit_callbacks)
    # One query more than a running job's: the import confirmed from the preview, if any.
    with django_assert_max_num_queries(6):
        fragment = client.get(status_url(job), headers={"HX-Request": "true"})
    assert "Confirmer l'import" in fragment.content.decode()
    with django_assert_max_num_queries(7):
        assert client.get(status_url(job)).status_code == 200


def test_a_file_at_the_threshold_is_still_previewed_in_the_request(
    client, importer, flat, settings
):
    settings.IMPORT_BACKGROUND_MIN_ROWS = len(STAYS)
    response = client.post(
        IMPORT_URL,
        {
            "format": 0,
            "resource": 0,
            "import_file": SimpleUploadedFile("sejours.csv", stays_file(*STAYS)),
        },
    )
    assert response.status_code == 200 and "confirm_form" in response.context
    page = response.content.decode()
    assert 'class="import-preview"' in page and page.count('<tr class="new">') == 3
    assert not ImportJob.objects.exists() and not Stay.objects.exists()


def test_the_purge_keeps_a_previewed_file_while_its_confirmation_is_offered(
    client, importer, flat, background, django_capture_on_commit_callbacks
):
    job = previewed(client, stays_file(*STAYS), django_capture_on_commit_callbacks)
    now = datetime.datetime.now(datetime.UTC)
    # Uploaded a day before, previewed an hour before: the file is old, the preview is not.
    later = now + datetime.timedelta(days=1)
    ImportJob.objects.filter(pk=job.pk).update(finished_at=later - datetime.timedelta(hours=1))
    assert purge_import_files(now=later) == []
    assert stored(job)

    # Previewed three hours before: no longer offered, and purged.
    ImportJob.objects.filter(pk=job.pk).update(finished_at=now - datetime.timedelta(hours=3))
    assert purge_import_files(now=later) == [job.file_name]
    assert not stored(job)
    page = client.get(status_url(job)).content.decode()
    assert "Cet aperçu est trop ancien" in page and "Confirmer l'import" not in page
