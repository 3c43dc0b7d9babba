import os

from django.core.management.base import BaseCommand

from ftda import audit_guard


class Command(BaseCommand):
    help = (
        "Rend les tables d'audit (historique pghistory, journal des consultations) en ajout "
        "seul : déclencheur de garde et droits du rôle applicatif. À lancer avec le rôle "
        "propriétaire après chaque migrate."
    )

    def add_arguments(self, parser):
        parser.add_argument("--app-role", help="Rôle PostgreSQL de l'application (web, worker).")
        parser.add_argument(
            "--create-role",
            action="store_true",
            help="Crée le rôle s'il n'existe pas (mot de passe : FTDA_APP_DB_PASSWORD).",
        )

    def handle(self, *args, app_role=None, create_role=False, **options):
        tables = audit_guard.install(
            app_role=app_role,
            create_role=create_role,
            password=os.environ.get("FTDA_APP_DB_PASSWORD"),
        )
        self.stdout.write(f"{len(tables)} table(s) d'audit protégée(s) : {', '.join(tables)}")
        if app_role:
            self.stdout.write(f"Droits du rôle {app_role} mis à jour.")
