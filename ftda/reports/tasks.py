"""Background generation of consolidated reports (django-tasks, database backend)."""

from django_tasks import task

from ftda.reports import services


@task()
def generate_report_task(report_id: int, user_id: int, publish: bool = False) -> None:
    services.generate(report_id=report_id, user_id=user_id, publish=publish)
