"""Background tasks of the core app (django-tasks, database backend)."""

from django_tasks import task

from ftda import import_jobs


@task()
def run_import_job_task(job_id: int) -> None:
    import_jobs.run(job_id=job_id)
