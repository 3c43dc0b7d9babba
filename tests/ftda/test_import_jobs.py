"""The progress of a background import (ftda.import_jobs.Progress) is written on a
connection of its own: seen while the import's transaction is still open, kept whatever it
becomes, never waiting for a lock, and not audited (the job's states are)."""

import pytest
from django.db import transaction

from ftda.import_jobs import Progress
from ftda.models import ImportJob
from tests.ftda.factories import ImportJobFactory


@pytest.fixture
def job():
    return ImportJobFactory()


class Resource:
    def import_row(self, row, **kwargs):
        return row


def rows_done(job):
    return ImportJob.objects.values_list("rows_done", flat=True).get(pk=job.pk)


@pytest.mark.django_db(transaction=True)
def test_rows_done_are_seen_before_the_import_commits_and_kept_after_a_rollback(job):
    resource = Resource()
    with Progress(job) as progress, transaction.atomic():
        progress.interval = 0
        progress.count_rows_of(resource)
        assert [resource.import_row(n) for n in (1, 2, 3)] == [1, 2, 3]
        assert rows_done(job) == 3  # committed by the progress's own connection
        transaction.set_rollback(True)  # a refused file
    assert rows_done(job) == 3
    assert not ImportJob.pgh_event_model.objects.filter(pgh_label="update").exists()


@pytest.mark.django_db(transaction=True)
def test_a_locked_job_is_not_waited_for(job):
    with Progress(job) as progress, transaction.atomic():
        ImportJob.objects.select_for_update().get(pk=job.pk)
        progress.done = 5
        progress.write()  # returns at once
    assert rows_done(job) == 0
    ImportJob.objects.filter(pk=job.pk).update(status=ImportJob.Status.DONE)
    assert ImportJob.pgh_event_model.objects.filter(pgh_label="update").count() == 1
