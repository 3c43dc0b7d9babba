from django.conf import settings
from django.core.management.base import BaseCommand

from ftda import retention


class Command(BaseCommand):
    help = (
        "Anonymise les personnes sans contact ni accompagnement ouvert depuis la durée de "
        "conservation, et purge le journal des consultations, les imports anciens et les "
        "résultats des tâches de fond (commande quotidienne)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Compte sans rien modifier.")

    def handle(self, *args, dry_run=False, **options):
        outcome = retention.apply(dry_run=dry_run)
        prefix = "[simulation] " if dry_run else ""
        self.stdout.write(
            f"{prefix}{outcome.persons} personne(s) anonymisée(s), "
            f"{outcome.follow_ups} suivi(s) vidé(s) de leurs notes, "
            f"{outcome.events} événement(s) d'historique et "
            f"{outcome.access_logs} consultation(s) purgés ; "
            f"{outcome.old_access_logs} consultation(s) de plus de "
            f"{settings.ACCESS_LOG_RETENTION_MONTHS} mois purgée(s) ; "
            f"{outcome.old_import_jobs} import(s) de plus de "
            f"{settings.IMPORT_JOB_RETENTION_MONTHS} mois purgé(s) ; "
            f"{outcome.old_task_results} résultat(s) de tâche de fond de plus de "
            f"{settings.TASK_RESULT_RETENTION_DAYS} jours purgé(s)."
        )
