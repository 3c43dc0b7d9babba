from django.conf import settings
from django.core.management.base import BaseCommand

from ftda.imports import purge_import_files


class Command(BaseCommand):
    help = "Supprime les fichiers d'import en attente depuis plus de IMPORT_TMP_MAX_AGE."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true")

    def handle(self, *args, dry_run=False, **options):
        names = purge_import_files(dry_run=dry_run)
        verb = "à supprimer" if dry_run else "supprimé(s)"
        self.stdout.write(
            f"{len(names)} fichier(s) d'import {verb} "
            f"(plus vieux que {settings.IMPORT_TMP_MAX_AGE})."
        )
