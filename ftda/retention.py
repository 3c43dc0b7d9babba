"""Retention (CNIL référentiel for social and medico-social support).

A person with no contact for `RETENTION_INACTIVITY_MONTHS` (24) and no open pathway (every
scheme opens a core `Pathway`: a stay, an AGIR pathway, a duo…) leaves the active base:

- identity anonymised: names replaced (the generated search fields follow), AGDREF number,
  phone and e-mail removed, languages cleared; the birth date and the protection decision
  date are kept as 1 January of their year, so that reports by age band and by year of
  protection still count the person; sex, nationality and protection status are kept (the
  annual report counts them);
- follow-ups keep their date, type, topics and structure (the activity figures do not
  change) but lose their note and next step;
- the person's audit history (pghistory events of every model with a `person` field, and of
  the person row itself) and access-log rows are purged;
- each app may anonymise more through `<app>/retention.py: anonymise(person_ids)`.

Purged for everyone:

- access-log rows older than `ACCESS_LOG_RETENTION_MONTHS` (12);
- background import jobs (`ImportJob`: file name, French errors by row and column, counts,
  the admin who ran them) finished, or if they never finished created, more than
  `IMPORT_JOB_RETENTION_MONTHS` (12) ago, with their own audit events (the deletion's event
  copies the row) and their stored file if still there; never a job that waits or runs, nor
  one whose file is still kept for its confirmation. The audit trail of the rows an import
  wrote stays;
- results of background tasks (django-tasks-db: arguments, return value, a failure's
  traceback) finished more than `TASK_RESULT_RETENTION_DAYS` (30) ago; never a task that
  waits or runs.

Idempotent: an anonymised person is never selected again.
"""

import datetime
from dataclasses import dataclass
from importlib import import_module

import pghistory.models
from dateutil.relativedelta import relativedelta
from django.apps import apps
from django.conf import settings
from django.db import connection, transaction
from django.db.models import CharField, DateField, Exists, Max, OuterRef, Q, Value
from django.db.models.functions import Cast, Coalesce, Concat, Greatest, TruncYear
from django.utils import timezone
from django_tasks_db.models import DBTaskResult

from ftda.imports import delete_import_file
from ftda.models import AccessLog, FollowUp, Household, ImportJob, Pathway, Person

ANONYMOUS_LAST_NAME = "Anonyme"

# Lets the purge delete rows that the database refuses to delete otherwise (see the
# migration protecting the audit tables).
PURGE_SETTING = "ftda.retention_purge"


@dataclass
class Outcome:
    persons: int = 0
    follow_ups: int = 0
    events: int = 0
    access_logs: int = 0
    old_access_logs: int = 0
    old_import_jobs: int = 0
    old_task_results: int = 0


def inactivity_cutoff(today=None):
    today = today or timezone.localdate()
    return today - relativedelta(months=settings.RETENTION_INACTIVITY_MONTHS)


def persons_due(today=None):
    """Persons not yet anonymised, without open pathway, with no contact since the cutoff.

    The last contact is the latest of: a follow-up, the end of a pathway, the file's
    creation."""
    today = today or timezone.localdate()
    open_pathway = Pathway.objects.filter(person=OuterRef("pk")).filter(
        Q(ended_on__isnull=True) | Q(ended_on__gte=today)
    )
    epoch = Value("1900-01-01", output_field=DateField())
    return (
        Person.objects.filter(anonymised_at__isnull=True)
        .exclude(Exists(open_pathway))
        .annotate(
            last_contact=Greatest(
                Coalesce(Max("follow_ups__occurred_on"), epoch),
                Coalesce(Max("pathways__ended_on"), epoch),
                Cast("created_at", DateField()),
            )
        )
        .filter(last_contact__lt=inactivity_cutoff(today))
    )


def import_jobs_due(now=None):
    """Import jobs finished (or, never finished, created) before `IMPORT_JOB_RETENTION_MONTHS`;
    never one that waits or runs, nor one whose stored file is still kept."""
    now = now or timezone.now()
    cutoff = now - relativedelta(months=settings.IMPORT_JOB_RETENTION_MONTHS)
    # `keeping_their_file`: the jobs waiting or running, and the previews still confirmable.
    return ImportJob.objects.exclude(
        pk__in=ImportJob.objects.keeping_their_file(now=now).values("pk")
    ).filter(Q(finished_at__lt=cutoff) | Q(finished_at__isnull=True, created_at__lt=cutoff))


def task_results_due(now=None):
    """Results of background tasks finished before `TASK_RESULT_RETENTION_DAYS`.

    What django-tasks-db's `prune_db_task_results` deletes, done here so that the daily
    retention counts it (`--dry-run` included) in the same summary and transaction."""
    now = now or timezone.now()
    cutoff = now - datetime.timedelta(days=settings.TASK_RESULT_RETENTION_DAYS)
    return DBTaskResult.objects.finished().filter(finished_at__lt=cutoff)


def _purge_import_jobs(jobs, now):
    """Deletes `jobs` (pk, file name) and their audit events; the names of their stored
    files that no kept job reads, to delete once the purge is committed."""
    job_ids = [pk for pk, _ in jobs]
    count = ImportJob.objects.filter(pk__in=job_ids).delete()[1].get(ImportJob._meta.label, 0)
    # After the deletion: its event, a copy of the row, is purged with the earlier ones.
    ImportJob.pgh_event_model.objects.filter(pgh_obj_id__in=job_ids).delete()
    kept = ImportJob.objects.keeping_their_file(now=now).values_list("file_name", flat=True)
    return count, {name for _, name in jobs} - set(kept)


def _event_models_about_persons():
    """(event model, lookup) for every pghistory event table holding a person's data."""
    for model in apps.get_models():
        if not issubclass(model, pghistory.models.Event) or model._meta.abstract:
            continue
        tracked = model.pgh_tracked_model
        if tracked is Person:
            yield model, "pgh_obj_id__in"
        elif any(field.name == "person" for field in model._meta.fields):
            yield model, "person_id__in"


def allow_purge():
    """Inside the current transaction, let the audit tables' guard accept deletions."""
    with connection.cursor() as cursor:
        cursor.execute("SELECT set_config(%s, 'on', true)", [PURGE_SETTING])


def _anonymise(person_ids, now):
    persons = Person.objects.filter(pk__in=person_ids)
    count = persons.update(
        last_name=ANONYMOUS_LAST_NAME,
        first_names=Concat(Value("n° "), Cast("pk", output_field=CharField())),
        birth_date=TruncYear("birth_date", output_field=DateField()),
        protection_decided_on=TruncYear("protection_decided_on", output_field=DateField()),
        agdref_number=None,
        phone="",
        email="",
        languages=[],
        anonymised_at=now,
    )
    follow_ups = FollowUp.objects.filter(person_id__in=person_ids).update(
        note="", next_step="", next_step_due_on=None
    )
    # A household label often carries the family name: replaced once nobody in it is active.
    Household.objects.filter(members__person_id__in=person_ids).exclude(
        members__person__anonymised_at__isnull=True
    ).update(label="Ménage anonymisé")
    for app in settings.DEMO_APPS:
        try:
            module = import_module(f"{app}.retention")
        except ModuleNotFoundError:
            continue
        module.anonymise(person_ids)
    return count, follow_ups


def apply(*, dry_run=False, today=None) -> Outcome:
    today = today or timezone.localdate()
    now = timezone.now()
    outcome = Outcome()
    log_cutoff = now - relativedelta(months=settings.ACCESS_LOG_RETENTION_MONTHS)
    with transaction.atomic():
        person_ids = list(persons_due(today).values_list("pk", flat=True))
        outcome.old_access_logs = AccessLog.objects.filter(at__lt=log_cutoff).count()
        outcome.access_logs = AccessLog.objects.filter(person_id__in=person_ids).count()
        old_jobs = list(import_jobs_due(now).values_list("pk", "file_name"))
        outcome.old_import_jobs = len(old_jobs)
        if dry_run:
            outcome.old_task_results = task_results_due(now).count()
            outcome.persons = len(person_ids)
            outcome.follow_ups = FollowUp.objects.filter(person_id__in=person_ids).count()
            outcome.events = sum(
                model.objects.filter(**{lookup: person_ids}).count()
                for model, lookup in _event_models_about_persons()
            )
            return outcome
        allow_purge()
        if person_ids:
            outcome.persons, outcome.follow_ups = _anonymise(person_ids, now)
            # After the updates above: their own audit events are purged with the rest.
            for model, lookup in _event_models_about_persons():
                outcome.events += model.objects.filter(**{lookup: person_ids}).delete()[0]
            AccessLog.objects.filter(person_id__in=person_ids).delete()
        AccessLog.objects.filter(at__lt=log_cutoff).delete()
        outcome.old_task_results = task_results_due(now).delete()[0]
        old_files = set()
        if old_jobs:
            outcome.old_import_jobs, old_files = _purge_import_jobs(old_jobs, now)
    # Files go once their jobs are gone for good (`purge_import_files` deletes any left).
    for name in sorted(old_files):
        delete_import_file(name)
    return outcome
