from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from ftda import backup


class Command(BaseCommand):
    help = (
        "Sauvegarde la base avec pg_dump (ou prend --dump FICHIER), la restaure dans une base "
        "temporaire et compare le nombre de lignes de chaque table."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dump", type=Path, help="Sauvegarde existante (pg_dump -Fc).")

    def handle(self, *args, dump=None, **options):
        differences, counts = backup.check(dump)
        if differences:
            lines = [
                f"  {table} : {here} ici, {there} restaurées"
                for table, (here, there) in differences.items()
            ]
            raise CommandError("La restauration diffère :\n" + "\n".join(lines))
        self.stdout.write(
            f"Sauvegarde restaurée et vérifiée : {len(counts)} tables, "
            f"{sum(counts.values())} lignes identiques."
        )
