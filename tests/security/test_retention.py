"""Retention: `manage.py apply_retention` anonymises persons without contact for 24 months
and without open pathway, keeps the anonymous facts that reports count, purges their audit
history and access-log rows, and purges access-log rows and finished import jobs older than
12 months, and finished background task results older than 30 days."""

import datetime

import pytest
from django.apps import apps
from django.core.files.base import ContentFile
from django.core.files.storage import storages
from django.core.management import call_command
from django.utils import timezone
from django_tasks import TaskResultStatus
from django_tasks_db.models import DBTaskResult

from ftda import retention
from ftda.enums import AccessAction
from ftda.imports import TMP_FOLDER
from ftda.models import AccessLog, FollowUp, Household, ImportJob, Pathway, Person
from ftda.retention import persons_due
from tests.ftda.factories import (
    FollowUpFactory,
    HouseholdFactory,
    HouseholdMemberFactory,
    ImportJobFactory,
    MembershipFactory,
    PathwayFactory,
    PersonFactory,
)

pytestmark = pytest.mark.django_db

TODAY = timezone.localdate()


def months_ago(months, days=0):
    return TODAY - datetime.timedelta(days=round(months * 30.44) + days)


def a_person(last_name, *, last_contact, pathway_end, structure, author):
    person = PersonFactory(
        last_name=last_name,
        first_names="Aïcha",
        birth_date=datetime.date(1988, 2, 29),
        nationality="AF",
        sex="F",
        agdref_number=f"{abs(hash(last_name)) % 10**10:010d}",
        phone="+33 6 12 34 56 78",
        email=f"{last_name.lower()}@exemple.fr",
        protection_decided_on=datetime.date(2019, 6, 14),
    )
    Person.objects.filter(pk=person.pk).update(
        created_at=timezone.now() - datetime.timedelta(days=1200)
    )
    PathwayFactory(
        person=person,
        structure=structure,
        started_on=months_ago(40),
        ended_on=pathway_end,
    )
    FollowUpFactory(
        person=person,
        structure=structure,
        author=author,
        occurred_on=last_contact,
        note="Santé : suivi psychologique au centre Primo Levi.",
        next_step="Rappeler la CAF",
        next_step_due_on=last_contact + datetime.timedelta(days=7),
    )
    AccessLog.objects.create(
        person=person, structure=structure, action=AccessAction.VIEW_PERSON, path="/p/"
    )
    return person


@pytest.fixture
def people():
    membership = MembershipFactory()
    kw = {"structure": membership.structure, "author": membership.user}
    gone = a_person("Haidari", last_contact=months_ago(25), pathway_end=months_ago(25), **kw)
    still_open = a_person("Tesfay", last_contact=months_ago(30), pathway_end=None, **kw)
    recent = a_person("Nguyễn", last_contact=months_ago(23), pathway_end=months_ago(26), **kw)
    ended_recently = a_person("Koné", last_contact=months_ago(30), pathway_end=months_ago(23), **kw)
    household = HouseholdFactory(label="Famille Haidari")
    HouseholdMemberFactory(household=household, person=gone)
    return {"gone": gone, "open": still_open, "recent": recent, "ended": ended_recently}


def events_of(person):
    counts = {}
    for name in ["PersonEvent", "FollowUpEvent", "PathwayEvent", "HouseholdMemberEvent"]:
        model = apps.get_model("ftda", name)
        lookup = {"pgh_obj_id": person.pk} if name == "PersonEvent" else {"person_id": person.pk}
        counts[name] = model.objects.filter(**lookup).count()
    return counts


def test_only_persons_without_contact_for_24_months_and_no_open_pathway_are_due(people):
    assert list(persons_due()) == [people["gone"]]


def test_dry_run_changes_nothing(people, capsys):
    before = list(Person.objects.values_list("last_name", flat=True).order_by("pk"))
    call_command("apply_retention", "--dry-run")
    assert "[simulation] 1 personne(s)" in capsys.readouterr().out
    assert list(Person.objects.values_list("last_name", flat=True).order_by("pk")) == before
    assert AccessLog.objects.count() == 4


def test_anonymisation_keeps_the_counted_facts_and_removes_the_rest(people, capsys):
    gone = people["gone"]
    follow_ups_before = FollowUp.objects.count()
    pathways_before = list(Pathway.objects.values_list("pk", "started_on", "ended_on"))
    assert all(events_of(gone).values())

    call_command("apply_retention")
    assert "1 personne(s) anonymisée(s)" in capsys.readouterr().out

    gone.refresh_from_db()
    assert gone.last_name == "Anonyme" and gone.first_names == f"n° {gone.pk}"
    assert "haidari" not in gone.search_name and "aicha" not in gone.search_name
    assert not Person.objects.search("Haidari").filter(pk=gone.pk).exists()
    assert (gone.agdref_number, gone.phone, gone.email) == (None, "", "")
    assert gone.birth_date == datetime.date(1988, 1, 1)  # the year stays for age bands
    assert gone.protection_decided_on == datetime.date(2019, 1, 1)
    assert (gone.sex, gone.nationality.code, gone.protection_status) == ("F", "AF", "refugee")
    assert gone.anonymised_at is not None
    # Follow-ups stay (activity figures do not change), without their notes.
    assert FollowUp.objects.count() == follow_ups_before
    follow_up = gone.follow_ups.get()
    assert (follow_up.note, follow_up.next_step, follow_up.next_step_due_on) == ("", "", None)
    assert follow_up.topics and follow_up.kind
    assert list(Pathway.objects.values_list("pk", "started_on", "ended_on")) == pathways_before
    assert Household.objects.get().label == "Ménage anonymisé"
    # History and access log purged for this person only.
    assert events_of(gone) == dict.fromkeys(events_of(gone), 0)
    others = events_of(people["open"])
    assert others["PersonEvent"] and others["FollowUpEvent"] and others["PathwayEvent"]
    assert not AccessLog.objects.filter(person=gone).exists()
    assert AccessLog.objects.filter(person=people["open"]).exists()
    # The others are untouched.
    for key in ["open", "recent", "ended"]:
        people[key].refresh_from_db()
        assert people[key].anonymised_at is None
        assert people[key].follow_ups.get().note.startswith("Santé")


def test_it_is_idempotent(people, capsys):
    call_command("apply_retention")
    snapshot = list(Person.objects.values().order_by("pk"))
    events = events_of(people["open"])
    call_command("apply_retention")
    assert "0 personne(s)" in capsys.readouterr().out.splitlines()[-1]
    assert list(Person.objects.values().order_by("pk")) == snapshot
    assert events_of(people["open"]) == events


def test_access_log_rows_older_than_12_months_are_purged(people):
    person = people["open"]
    old = AccessLog.objects.create(person=person, action=AccessAction.VIEW_PERSON, path="/v/")
    kept = AccessLog.objects.create(person=person, action=AccessAction.VIEW_PERSON, path="/k/")
    AccessLog.objects.filter(pk=old.pk).update(at=timezone.now() - datetime.timedelta(days=370))
    AccessLog.objects.filter(pk=kept.pk).update(at=timezone.now() - datetime.timedelta(days=360))
    call_command("apply_retention")
    assert not AccessLog.objects.filter(pk=old.pk).exists()
    assert AccessLog.objects.filter(pk=kept.pk).exists()


def test_the_delay_is_a_setting(people, settings):
    settings.RETENTION_INACTIVITY_MONTHS = 22
    assert set(persons_due()) == {people["gone"], people["recent"], people["ended"]}
    settings.RETENTION_INACTIVITY_MONTHS = 36
    assert set(persons_due()) == set()


def an_import_job(*, status, created_days_ago, finished_days_ago=None, stored=False, **kwargs):
    """A background import made `created_days_ago`, with its file still stored if `stored`."""
    job = ImportJobFactory(status=status, **kwargs)
    now = timezone.now()
    ImportJob.objects.filter(pk=job.pk).update(
        created_at=now - datetime.timedelta(days=created_days_ago),
        finished_at=(
            None if finished_days_ago is None else now - datetime.timedelta(days=finished_days_ago)
        ),
    )
    if stored:
        storages["default"].save(f"{TMP_FOLDER}/{job.file_name}", ContentFile(b"Nom;Lit\n"))
    return job


def file_of(job):
    return storages["default"].exists(f"{TMP_FOLDER}/{job.file_name}")


def events_of_job(job):
    return ImportJob.pgh_event_model.objects.filter(pgh_obj_id=job.pk).count()


@pytest.fixture
def import_jobs():
    Status = ImportJob.Status
    refused = {
        "totals": {"new": 0, "invalid": 1},
        "errors": [{"row": 3, "columns": [["Nom", ["Ce champ est obligatoire."]]]}],
        "more_rows_with_errors": 0,
        "file_errors": [],
    }
    return {
        # Finished 400 days ago, its file left behind: purged with it.
        "old": an_import_job(
            status=Status.FAILED,
            created_days_ago=401,
            finished_days_ago=400,
            stored=True,
            original_file_name="sejours_haidari.csv",
            result=refused,
        ),
        # Never finished (failed before it started), made 400 days ago: purged.
        "never_finished": an_import_job(status=Status.FAILED, created_days_ago=400),
        "recent": an_import_job(
            status=Status.DONE, created_days_ago=361, finished_days_ago=360, stored=True
        ),
        # Still waiting or running after 400 days (no worker): never purged.
        "running": an_import_job(status=Status.RUNNING, created_days_ago=400, stored=True),
        "pending": an_import_job(status=Status.PENDING, created_days_ago=400),
    }


def test_finished_import_jobs_older_than_12_months_are_purged_with_their_file(import_jobs):
    old, never_finished = import_jobs["old"], import_jobs["never_finished"]
    assert file_of(old) and events_of_job(old)
    call_command("secure_audit_tables")  # the job's events are purged through the guard
    outcome = retention.apply()
    assert outcome.old_import_jobs == 2
    assert not ImportJob.objects.filter(pk__in=[old.pk, never_finished.pk]).exists()
    assert not file_of(old)
    # Its history too, the deletion's event included: it would keep the file name and errors.
    assert events_of_job(old) == events_of_job(never_finished) == 0
    assert not ImportJob.pgh_event_model.objects.filter(
        original_file_name="sejours_haidari.csv"
    ).exists()


def test_a_recent_import_job_is_kept_with_its_file(import_jobs):
    recent = import_jobs["recent"]
    assert retention.apply().old_import_jobs == 2
    assert ImportJob.objects.filter(pk=recent.pk).exists()
    assert file_of(recent) and events_of_job(recent)


def test_an_old_import_job_still_in_progress_is_kept_with_its_file(import_jobs):
    running, pending = import_jobs["running"], import_jobs["pending"]
    assert retention.apply().old_import_jobs == 2
    assert ImportJob.objects.filter(pk__in=[running.pk, pending.pk]).count() == 2
    assert file_of(running) and events_of_job(running)


def test_a_file_another_job_still_reads_is_kept(import_jobs):
    """A preview finished long ago, whose confirmed import still waits: the preview goes,
    the file the import will read stays."""
    running = import_jobs["running"]
    preview = an_import_job(
        status=ImportJob.Status.DONE,
        dry_run=True,
        created_days_ago=402,
        finished_days_ago=401,
        file_name=running.file_name,
    )
    assert retention.apply().old_import_jobs == 3
    assert not ImportJob.objects.filter(pk=preview.pk).exists()
    assert file_of(running)


def test_a_job_whose_file_is_kept_for_its_confirmation_is_kept(import_jobs, settings):
    settings.IMPORT_TMP_MAX_AGE = datetime.timedelta(days=500)
    preview = an_import_job(
        status=ImportJob.Status.DONE,
        dry_run=True,
        created_days_ago=401,
        finished_days_ago=400,
        stored=True,
    )
    assert retention.apply().old_import_jobs == 2
    assert ImportJob.objects.filter(pk=preview.pk).exists() and file_of(preview)


def test_dry_run_counts_old_import_jobs_and_keeps_them(import_jobs, capsys):
    old = import_jobs["old"]
    before = list(ImportJob.objects.values_list("pk", flat=True).order_by("pk"))
    events_before = ImportJob.pgh_event_model.objects.count()
    assert retention.apply(dry_run=True).old_import_jobs == 2
    call_command("apply_retention", "--dry-run")
    assert "[simulation] " in (out := capsys.readouterr().out)
    assert "2 import(s) de plus de 12 mois purgé(s) ;" in out
    assert list(ImportJob.objects.values_list("pk", flat=True).order_by("pk")) == before
    assert ImportJob.pgh_event_model.objects.count() == events_before
    assert file_of(old)


def test_the_command_reports_the_purged_import_jobs(import_jobs, capsys):
    call_command("apply_retention")
    assert "; 2 import(s) de plus de 12 mois purgé(s) ;" in capsys.readouterr().out
    call_command("apply_retention")  # idempotent
    assert "; 0 import(s) de plus de 12 mois purgé(s) ;" in capsys.readouterr().out
    assert ImportJob.objects.count() == 3


def test_the_import_job_delay_is_a_setting(import_jobs, settings):
    settings.IMPORT_JOB_RETENTION_MONTHS = 11
    assert retention.apply(dry_run=True).old_import_jobs == 3
    settings.IMPORT_JOB_RETENTION_MONTHS = 24
    assert retention.apply(dry_run=True).old_import_jobs == 0


def a_task_result(status, *, finished_days_ago=None, traceback=""):
    """A background task's result row, as django-tasks-db leaves it."""
    now = timezone.now()
    finished_at = (
        None if finished_days_ago is None else now - datetime.timedelta(days=finished_days_ago)
    )
    return DBTaskResult.objects.create(
        status=status,
        task_path="ftda.import_jobs.run_import_job_task",
        args_kwargs={"args": [1], "kwargs": {}},
        backend_name="default",
        run_after=now - datetime.timedelta(days=40),
        finished_at=finished_at,
        exception_class_path="ValueError" if traceback else "",
        traceback=traceback,
    )


@pytest.fixture
def task_results():
    return {
        "old_success": a_task_result(TaskResultStatus.SUCCESSFUL, finished_days_ago=31),
        "old_failure": a_task_result(
            TaskResultStatus.FAILED,
            finished_days_ago=45,
            traceback="ValueError: « Nguyễn Thị Lan » refusée",
        ),
        "recent_failure": a_task_result(TaskResultStatus.FAILED, finished_days_ago=29),
        "running": a_task_result(TaskResultStatus.RUNNING),
        "waiting": a_task_result(TaskResultStatus.READY),
        # Enqueued again after it finished once (`finished_at` kept): it waits, so it stays.
        "waiting_again": a_task_result(TaskResultStatus.READY, finished_days_ago=90),
    }


def test_finished_task_results_older_than_30_days_are_purged(task_results, capsys):
    call_command("apply_retention")
    assert "; 2 résultat(s) de tâche de fond de plus de 30 jours purgé(s)." in (
        capsys.readouterr().out
    )
    kept = set(DBTaskResult.objects.values_list("pk", flat=True))
    assert kept == {
        task_results[name].pk for name in ("recent_failure", "running", "waiting", "waiting_again")
    }
    assert not DBTaskResult.objects.filter(traceback__contains="Nguyễn").exists()


def test_dry_run_counts_old_task_results_and_keeps_them(task_results):
    assert retention.apply(dry_run=True).old_task_results == 2
    assert DBTaskResult.objects.count() == 6


def test_the_task_result_delay_is_a_setting(task_results, settings):
    settings.TASK_RESULT_RETENTION_DAYS = 28
    assert retention.apply(dry_run=True).old_task_results == 3
    settings.TASK_RESULT_RETENTION_DAYS = 60
    assert retention.apply().old_task_results == 0
    assert DBTaskResult.objects.count() == 6
