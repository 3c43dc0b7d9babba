"""Time and peak memory (tracemalloc) of refusing hostile import files.

    DJANGO_SETTINGS_MODULE=ftda.settings .venv/bin/python bench/import_limits.py

The refusals must be quick and must not load the file's expanded content in memory.
Durations are measured under tracemalloc, which slows Python down several times.
"""

import os
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ftda.settings")

import django

django.setup()

from django.core.files.uploadedfile import SimpleUploadedFile  # noqa: E402

from ftda.imports import ImportRefused, check_upload  # noqa: E402
from tests.security import import_files  # noqa: E402

CASES = {
    "XLSX « billion laughs »": ("bombe.xlsx", import_files.xml_bomb_xlsx),
    "XLSX qui se décompresse en 64 Mo": ("zip.xlsx", import_files.zip_bomb_xlsx),
    "CSV d'un million de lignes": ("million.csv", import_files.million_rows_csv),
    "PDF renommé en .xlsx": ("faux.xlsx", lambda: import_files.PDF_BYTES),
    "XLSX de 25 000 lignes": ("lignes.xlsx", lambda: import_files.many_rows_xlsx(25_000)),
}

print(f"{'fichier':<36} {'taille':>10} {'durée':>9} {'pic mémoire':>12}  résultat")
for label, (name, build) in CASES.items():
    content = build()
    upload = SimpleUploadedFile(name, content)
    tracemalloc.start()
    start = time.perf_counter()
    try:
        check_upload(upload)
        outcome = "accepté"
    except ImportRefused as error:
        outcome = "refusé : " + error.messages[0][:50]
    elapsed = time.perf_counter() - start
    _, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    print(
        f"{label:<36} {len(content) / 1024:>8.0f} Ko {elapsed * 1000:>7.0f} ms "
        f"{peak / 1024:>9.0f} Ko  {outcome}"
    )
