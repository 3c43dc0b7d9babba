"""Large admin imports previewed and confirmed in the background (DESIGN: no request works
for more than about 2 s).

The admin's upload (`ftda.imports.SafeImportMixin.import_action`) previews a file of at most
`IMPORT_BACKGROUND_MIN_ROWS` rows at once, and its confirmation (`process_import`) imports it
at once, as django-import-export does; a larger file is recorded as an `ImportJob` at each
step (`dry_run` for the preview) and run by `ftda.tasks.run_import_job_task` on a
`db_worker`. The task does what the request would have done, with the same guarantees:

- the user must still be active, staff and allowed to import (checked again, with the
  admin's own `has_import_permission`), and the resource and format must be ones the admin
  offers;
- the file is read from the import storage (`ImportFileStorage`), where the upload left it
  (`purge_import_files` keeps it while its job waits or runs, and while a clean preview's
  confirmation is offered); an import removes it afterwards, and so does a preview that
  refuses the file (nothing can confirm it);
- one transaction, all or nothing: a refused file writes nothing, and its French errors per
  row and column are kept on the job; a preview is django-import-export's dry run, rolled
  back whatever it finds;
- the audit trail's context is the user and the URL of the upload or confirmation, as
  HistoryMiddleware sets them for a request, plus the job's id; an import writes the
  admin's log entries too.

The rows done are written as they advance on a connection of their own: the import's
transaction commits only at the end, and the status page must see them before.
"""

import copy
import logging
import time

import pghistory
from django.apps import apps
from django.conf import settings
from django.contrib import admin
from django.core.exceptions import NON_FIELD_ERRORS
from django.db import connections, transaction
from django.http import HttpRequest
from django.utils import timezone
from import_export.results import RowResult
from import_export.signals import post_import

from ftda.imports import ImportFileStorage
from ftda.models import ImportJob

logger = logging.getLogger(__name__)

NOT_ALLOWED = "Votre compte n'a plus le droit de faire cet import : rien n'a été écrit."
# Said of a preview as of an import.
UNEXPECTED = (
    "Le traitement du fichier a échoué de façon inattendue : rien n'a été écrit. Réessayez ; "
    "si l'échec persiste, signalez-le à l'administrateur."
)
ABANDONED = (
    "Le fichier n'a pas été traité dans les délais (la tâche de fond s'est arrêtée ou ne "
    "tourne pas) : rien n'a été écrit. Chargez-le de nouveau ; si cela se reproduit, "
    "signalez-le à l'administrateur."
)
# A refused file lists at most this many rows (with how many more there were).
MAX_ROWS_WITH_ERRORS = 500
COUNTED = (
    RowResult.IMPORT_TYPE_NEW,
    RowResult.IMPORT_TYPE_UPDATE,
    RowResult.IMPORT_TYPE_DELETE,
    RowResult.IMPORT_TYPE_SKIP,
    RowResult.IMPORT_TYPE_INVALID,
    RowResult.IMPORT_TYPE_ERROR,
)


class ImportNotAllowed(Exception):
    pass


def class_path(cls):
    return f"{cls.__module__}.{cls.__qualname__}"


def start(
    *,
    user,
    url,
    model,
    resource_class,
    file_format,
    file_name,
    original_file_name,
    rows,
    dry_run=False,
):
    """Records the job of an uploaded file's preview (`dry_run`) or of a confirmed import,
    and queues its task once committed."""
    from ftda.tasks import run_import_job_task

    job = ImportJob(
        created_by=user,
        model_label=model._meta.label_lower,
        resource=class_path(resource_class),
        file_format=file_format,
        file_name=file_name,
        original_file_name=(original_file_name or "")[:255],
        url=url[:500],
        total_rows=rows,
        dry_run=dry_run,
    )
    job.full_clean()
    job.save()
    transaction.on_commit(lambda: run_import_job_task.enqueue(job.pk))
    return job


def as_request(job, user):
    """What the admin's permission and log hooks read of a request: its user and path."""
    request = HttpRequest()
    request.method = "POST"
    request.path = request.path_info = job.url
    request.user = user
    return request


def import_setup(job, user):
    """The admin, request, resource and format of `job`, or `ImportNotAllowed`."""
    try:
        model_admin = admin.site.get_model_admin(apps.get_model(job.model_label))
    except admin.sites.NotRegistered:
        raise ImportNotAllowed from None
    request = as_request(job, user)
    if not (user.is_active and user.is_staff) or not model_admin.has_import_permission(request):
        raise ImportNotAllowed
    resources = [
        cls
        for cls in model_admin.get_import_resource_classes(request)
        if class_path(cls) == job.resource
    ]
    formats = [
        fmt for fmt in model_admin.get_import_formats() if fmt().get_extension() == job.file_format
    ]
    if not resources or not formats:
        raise ImportNotAllowed
    return model_admin, request, resources[0], formats[0]


def run(*, job_id):
    """Runs a pending job (once: a job already claimed is left alone), in the audit
    context of the request that made it (upload or confirmation)."""
    job = ImportJob.objects.select_related("created_by").get(pk=job_id)
    with pghistory.context(user=job.created_by_id, url=job.url, import_job=job.pk):
        claimed = ImportJob.objects.filter(pk=job.pk, status=ImportJob.Status.PENDING).update(
            status=ImportJob.Status.RUNNING, started_at=timezone.now()
        )
        if claimed:
            _run(job, job.created_by)


def _run(job, user):
    try:
        model_admin, request, resource_class, input_format = import_setup(job, user)
    except ImportNotAllowed:
        finish(job, status=ImportJob.Status.FAILED, error=NOT_ALLOWED)
        return
    storage = ImportFileStorage(name=job.file_name, read_mode=input_format().get_read_mode())
    try:
        dataset = input_format(encoding=model_admin.from_encoding).create_dataset(storage.read())
        job.total_rows = len(dataset)
        job.save(update_fields=["total_rows"])
        resource = resource_class(**model_admin.get_import_resource_kwargs(request))
        with Progress(job) as progress:
            progress.count_rows_of(resource)
            result = resource.import_data(
                dataset,
                dry_run=job.dry_run,
                file_name=job.original_file_name,
                user=user,
                # The admin's log entries name the rows written (a preview writes none).
                retain_instance_in_row_result=not job.dry_run,
                **model_admin.get_import_data_kwargs(request=request),
            )
        refused = result.has_errors() or result.has_validation_errors()
        imported = not (refused or job.dry_run)
        if imported:
            model_admin.generate_log_entries(result, request)
    except Exception:
        logger.exception("Échec : %s", job.title)
        finish(job, status=ImportJob.Status.FAILED, error=UNEXPECTED)
        raise
    if refused or not job.dry_run:
        # As the confirmation does, whether the file was imported or refused; a clean
        # preview's file waits for its confirmation.
        storage.remove()
    if imported:
        post_import.send(sender=None, model=model_admin.model)
    finish(
        job,
        status=ImportJob.Status.FAILED if refused else ImportJob.Status.DONE,
        result=summary(result),
    )


def fail_abandoned(*, now):
    """Marks as failed the jobs still waiting or running `IMPORT_TMP_MAX_AGE` after their
    upload (a preview) or confirmation (an import), and returns how many. A worker died
    during them, or none runs: the largest file allowed imports in well under a minute, and
    an import commits all at once, so nothing of theirs was written. A job no longer waiting
    is never started, and its file can be purged."""
    return (
        ImportJob.objects.in_progress()
        .filter(created_at__lt=now - settings.IMPORT_TMP_MAX_AGE)
        .update(status=ImportJob.Status.FAILED, error=ABANDONED, finished_at=now)
    )


def finish(job, *, status, result=None, error=""):
    job.status = status
    job.result = result or {}
    job.error = error
    job.finished_at = timezone.now()
    if status == ImportJob.Status.DONE:
        job.rows_done = job.total_rows
    job.save(update_fields=["status", "result", "error", "finished_at", "rows_done"])


def summary(result):
    """What the status page shows of an import's result: the rows by outcome, and for a
    refused file the messages of each faulty row by column (French headers; no cell values,
    which may name persons)."""
    totals = {key: result.totals.get(key, 0) for key in COUNTED}
    rows = {}
    for row in result.invalid_rows:
        rows.setdefault(row.number, {})
        for column, messages in row.error_dict.items():
            label = "" if column == NON_FIELD_ERRORS else str(column)
            rows[row.number].setdefault(label, []).extend(str(m) for m in messages)
    for number, row in result.row_errors():
        rows.setdefault(number, {}).setdefault("", []).extend(str(e.error) for e in row)
    errors = [
        {"row": number, "columns": [[column, messages] for column, messages in columns.items()]}
        for number, columns in sorted(rows.items())
    ]
    return {
        "totals": totals,
        "errors": errors[:MAX_ROWS_WITH_ERRORS],
        "more_rows_with_errors": max(0, len(errors) - MAX_ROWS_WITH_ERRORS),
        "file_errors": [str(error.error) for error in result.base_errors],
    }


class Progress:
    """Counts the rows of an import and writes how many are done, at most every `interval`
    seconds, on a connection of its own: outside the import's transaction, so that the
    status page sees the rows advance; never waiting for a lock (a row locked by someone
    else is simply not updated this time)."""

    interval = 0.5

    def __init__(self, job, using="default"):
        self.job = job
        self.done = 0
        self.written_at = time.monotonic()
        settings_dict = copy.deepcopy(connections[using].settings_dict)
        settings_dict["OPTIONS"].pop("pool", None)  # one connection, not a pool of its own
        # Its own wrapper, under the same alias (signal handlers look the alias up).
        self.connection = type(connections[using])(settings_dict, alias=using)

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.connection.close()

    def count_rows_of(self, resource):
        """Counts each row `resource` imports (whatever the resource: its `import_row` is
        wrapped on this instance only)."""
        import_row = resource.import_row

        def counted(*args, **kwargs):
            try:
                return import_row(*args, **kwargs)
            finally:
                self.advance()

        resource.import_row = counted

    def advance(self):
        self.done += 1
        now = time.monotonic()
        if now - self.written_at >= self.interval:
            self.written_at = now
            self.write()

    def write(self):
        table = self.connection.ops.quote_name(ImportJob._meta.db_table)
        with self.connection.cursor() as cursor:
            cursor.execute(
                f"UPDATE {table} SET rows_done = %s WHERE id = "  # noqa: S608 (model's table)
                f"(SELECT id FROM {table} WHERE id = %s FOR UPDATE SKIP LOCKED)",
                [self.done, self.job.pk],
            )
