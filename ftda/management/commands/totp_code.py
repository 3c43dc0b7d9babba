from django.core.management.base import BaseCommand, CommandError

from ftda import demo_otp


class Command(BaseCommand):
    help = "Affiche le code TOTP du moment d'un compte de démonstration (appareil « démo »)."

    def add_arguments(self, parser):
        parser.add_argument("username")

    def handle(self, *args, username, **options):
        code = demo_otp.current_code(username)
        if code is None:
            raise CommandError(f"{username} n'a pas d'appareil de démonstration.")
        self.stdout.write(code)
