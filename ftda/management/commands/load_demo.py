from importlib import import_module

from django.conf import settings
from django.core.management.base import BaseCommand
from django.db import transaction

from ftda import demo, demo_otp


class Command(BaseCommand):
    help = "Charge les données de démonstration (une seule fois) et affiche les comptes."

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Annule tout à la fin.")

    def handle(self, *args, dry_run=False, **options):
        if demo.is_loaded():
            self.stdout.write("Données de démonstration déjà chargées.")
        else:
            with transaction.atomic():
                loaded = demo.load()
                for app in settings.DEMO_APPS:
                    import_module(f"{app}.demo").load(**loaded)
                demo_otp.create_devices()
                if dry_run:
                    transaction.set_rollback(True)
            self.stdout.write(self.style.SUCCESS("Données de démonstration chargées."))
        self.stdout.write(demo.accounts_table())
        self.stdout.write(demo_otp.instructions(demo_otp.create_devices()))
