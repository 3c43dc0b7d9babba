#!/usr/bin/env python
"""Import of a 10,000-row file of current stays through the admin's import path, with the
audit trail on.

    .venv/bin/python bench/import_stays.py               # or: make bench-import
    .venv/bin/python bench/import_stays.py --rows 2000 --runs 1 --formats csv
    .venv/bin/python bench/import_stays.py --confirm-request --runs 1 --formats csv
    .venv/bin/python bench/import_stays.py --preview-request --runs 1 --formats csv

The file is what an NGO has: the French headers of `CurrentStayResource` (hebergement
admin, "Séjours" import), dates as dd/mm/yyyy, households of one to five persons, a tenth of
the rows naming persons already in the database (found by name and birth date), planned
ends mostly left blank (9 months computed); written as a `;` CSV in Windows-1252 (names
outside it transliterated, as Excel does) and as an XLSX.

Each run, in one transaction rolled back at the end (the database is left as it was):
structures with 1,000 places each are set up (not timed), then the admin's two steps
are timed: the preview (`import_data(dry_run=True, raise_errors=False)`) and the confirmed
import (`import_data(dry_run=False, retain_instance_in_row_result=True)` plus the admin's
log entries), each reading the file again as the admin does, inside
`pghistory.context(user=…, url=…)` as HistoryMiddleware sets it. pghistory's triggers stay on:
the audit rows written by the confirmed import are counted per event table.

`--confirm-request` and `--preview-request` time instead the admin's view of one step, as
its HTTP request runs it (upload: `import_action`, its page rendered; confirmation:
`process_import`), with the file's rows under and over `IMPORT_BACKGROUND_MIN_ROWS`: the
step done in the request, or handed to a background job.
"""

import argparse
import datetime
import io
import json
import os
import random
import statistics
import sys
import time
import unicodedata
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ftda.settings")

import django  # noqa: E402

django.setup()

import openpyxl  # noqa: E402
import pghistory  # noqa: E402
import pgtrigger  # noqa: E402
from django.apps import apps  # noqa: E402
from django.contrib import admin  # noqa: E402
from django.db import connection, transaction  # noqa: E402
from django.test import RequestFactory  # noqa: E402
from pghistory.models import Event  # noqa: E402

from bench.names import ORIGINS  # noqa: E402
from ftda.enums import StructureKind  # noqa: E402
from ftda.models import Person, Structure, User  # noqa: E402
from hebergement.enums import UnitKind  # noqa: E402
from hebergement.models import HousingUnit, Place, Stay, planned_end  # noqa: E402
from hebergement.resources import CurrentStayResource, FrenchCSV, FrenchXLSX  # noqa: E402

HEADERS = [
    "Structure", "Logement", "Place", "Nom", "Prénoms", "Date de naissance", "Ménage",
    "Arrivée le", "Contrat signé le", "Fin prévue le",
]  # fmt: skip
FLATS = 250  # of 4 places: 1,000 places per structure, as many structures as the rows need
SIZES = ([1, 2, 3, 4], [46, 18, 18, 18])
URL = "/admin/hebergement/stay/process_import/"
UPLOAD_URL = "/admin/hebergement/stay/import/"
RESULTS = ROOT / "bench" / "results" / "import_stays.json"


def cp1252(text):
    """What a Windows-1252 file keeps of a name: accents it has, others dropped."""
    kept = []
    for char in text:
        try:
            char.encode("cp1252")
            kept.append(char)
        except UnicodeEncodeError:
            kept.append(unicodedata.normalize("NFKD", char).encode("ascii", "ignore").decode())
    return "".join(kept)


def rows_of(rng, count, today, existing):
    """[[cells]] of the file: households flat by flat, structure by structure."""
    rows, flat, structure = [], 0, 1
    existing = iter(existing)
    while len(rows) < count:
        flat += 1
        if flat > FLATS:
            flat, structure = 1, structure + 1
        arrived = today - datetime.timedelta(days=rng.randrange(1, 270))
        size = min(rng.choices(*SIZES)[0], count - len(rows))
        common = {
            "Structure": f"CPH Banc d'essai {structure}",
            "Logement": f"Appartement {flat}",
            "Arrivée le": f"{arrived:%d/%m/%Y}",
            "Contrat signé le": f"{arrived + datetime.timedelta(days=rng.choice([0, 1])):%d/%m/%Y}",
            # Mostly left blank (9 months computed); some files give it.
            "Fin prévue le": "" if rng.random() < 0.7 else f"{planned_end(arrived):%d/%m/%Y}",
        }
        if size == 1 and rng.random() < 0.22:
            person = next(existing, None)
            if person is not None:  # someone the database knows already, on their own
                rows.append(
                    {**common, "Place": "1", "Nom": person.last_name,
                     "Prénoms": person.first_names, "Date de naissance":
                     f"{person.birth_date:%d/%m/%Y}", "Ménage": ""}
                )  # fmt: skip
                continue
        origin = rng.choices(ORIGINS, [o["weight"] for o in ORIGINS])[0]
        last_name = rng.choice(origin["surnames"])
        for index in range(size):
            pool = origin["male"] if rng.random() < 0.5 else origin["female"]
            age = rng.randrange(19, 60) if index < 2 else rng.randrange(0, 17)
            born = arrived - datetime.timedelta(days=365 * age + rng.randrange(365))
            rows.append(
                {**common, "Place": str(index + 1), "Nom": last_name,
                 "Prénoms": rng.choice(pool), "Date de naissance": f"{born:%d/%m/%Y}",
                 "Ménage": f"Ménage {last_name.upper()} {structure}-{flat}" if size > 1 else ""}
            )  # fmt: skip
    return [[row[h] for h in HEADERS] for row in rows]


def csv_bytes(rows):
    lines = [";".join(HEADERS)] + [";".join(cp1252(cell) for cell in row) for row in rows]
    return ("\r\n".join(lines) + "\r\n").encode("cp1252")


def xlsx_bytes(rows):
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.append(HEADERS)
    for row in rows:
        sheet.append(row)
    buffer = io.BytesIO()
    book.save(buffer)
    return buffer.getvalue()


def set_up_structures(rows):
    """CPHs of 250 flats of 4 places, enough for one household of one person a flat (not
    audited: configuration, not the import)."""
    count = -(-rows // FLATS)
    with pgtrigger.ignore():
        structures = Structure.objects.bulk_create(
            Structure(
                kind=StructureKind.CPH,
                name=f"CPH Banc d'essai {n}",
                departement="49",
                city="Angers",
                opened_on=datetime.date(2018, 1, 1),
            )
            for n in range(1, count + 1)
        )
        units = HousingUnit.objects.bulk_create(
            HousingUnit(
                structure=structure,
                kind=UnitKind.SCATTERED_FLAT,
                label=f"Appartement {n}",
                city="Angers",
            )
            for structure in structures
            for n in range(1, FLATS + 1)
        )
        Place.objects.bulk_create(
            Place(unit=unit, label=str(n)) for unit in units for n in range(1, 5)
        )


def event_marks():
    marks = {}
    for model in apps.get_models():
        if issubclass(model, Event) and not model._meta.abstract and not model._meta.proxy:
            with connection.cursor() as cursor:
                cursor.execute(f"SELECT coalesce(max(pgh_id), 0) FROM {model._meta.db_table}")
                marks[model] = cursor.fetchone()[0]
    return marks


def events_since(marks):
    counts = {}
    for model, mark in marks.items():
        written = model.objects.filter(pgh_id__gt=mark).count()
        if written:
            counts[model._meta.db_table] = written
    return counts


def one_run(data, fmt, user, expected):
    model_admin = admin.site._registry[Stay]
    request = RequestFactory().post(URL)
    request.user = user
    timings = {}
    with transaction.atomic():
        set_up_structures(expected)
        marks = event_marks()
        with pghistory.context(user=user.pk, url=URL):
            started = time.perf_counter()
            dataset = fmt().create_dataset(data)
            preview = CurrentStayResource().import_data(
                dataset, dry_run=True, raise_errors=False, file_name="sejours", user=user
            )
            timings["preview_s"] = time.perf_counter() - started
            if preview.has_errors() or preview.has_validation_errors():
                raise SystemExit(f"Preview refused the file: {preview.invalid_rows[:3]}")
            started = time.perf_counter()
            dataset = fmt().create_dataset(data)
            result = CurrentStayResource().import_data(
                dataset,
                dry_run=False,
                file_name="sejours",
                user=user,
                retain_instance_in_row_result=True,
            )
            model_admin.generate_log_entries(result, request)
            timings["import_s"] = time.perf_counter() - started
        if result.has_errors() or result.has_validation_errors():
            raise SystemExit("The import refused the file.")
        imported = Stay.objects.filter(structure__name__startswith="CPH Banc d'essai").count()
        assert imported == expected, (imported, expected)
        timings["events"] = events_since(marks)
        transaction.set_rollback(True)
    return timings


def confirm_request_run(data, fmt, user, expected, threshold):
    """Times the admin's confirmation view (`process_import`, as the HTTP request that
    confirms runs it, past the admin's login checks) of a file the preview left in the
    import storage, with `IMPORT_BACKGROUND_MIN_ROWS` at `threshold`: at or above the file's
    rows it imports at once, below it records the job and redirects (the task, queued on
    commit, is never queued: the transaction is rolled back)."""
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.test import override_settings

    from ftda.imports import ImportFileStorage
    from ftda.models import ImportJob

    model_admin = admin.site._registry[Stay]
    formats = [f().get_extension() for f in model_admin.get_import_formats()]
    stored = ImportFileStorage()
    stored.save(data)
    form = {
        "import_file_name": stored.name,
        "original_file_name": f"sejours.{fmt().get_extension()}",
        "format": formats.index(fmt().get_extension()),
        "resource": 0,
    }
    request = RequestFactory().post(URL, form)
    request.user = user
    request._messages = CookieStorage(request)
    try:
        with transaction.atomic(), override_settings(IMPORT_BACKGROUND_MIN_ROWS=threshold):
            set_up_structures(expected)
            import_job_tables_for_this_transaction()
            with pghistory.context(user=user.pk, url=URL):
                started = time.perf_counter()
                response = model_admin.process_import(request)
                elapsed = time.perf_counter() - started
            queued = ImportJob.objects.filter(file_name=stored.name).exists()
            imported = Stay.objects.filter(structure__name__startswith="CPH Banc d'essai").count()
            transaction.set_rollback(True)
    finally:
        if stored._storage.exists(stored.get_full_path()):
            stored.remove()  # a queued job's file (an import at once removed its own)
    assert response.status_code == 302, response.status_code
    assert (queued, imported) in ((True, 0), (False, expected)), (queued, imported)
    return {
        "request_s": elapsed,
        "outcome": "queued" if queued else "imported",
        "location": response["Location"],
    }


def preview_request_run(data, fmt, user, expected, threshold):
    """Times the admin's upload view (`import_action`, as the HTTP request that uploads runs
    it, past the admin's login checks: the multipart body parsed, the file checked, and the
    page rendered) of the file, with `IMPORT_BACKGROUND_MIN_ROWS` at `threshold`: at or above
    the file's rows it previews every row in the request, below it stores the file, records
    the preview's job and redirects (its task, queued on commit, is never queued: the
    transaction is rolled back). The stored file is removed either way."""
    from csp.middleware import CSPMiddleware
    from django.contrib.messages.storage.cookie import CookieStorage
    from django.core.files.uploadedfile import SimpleUploadedFile
    from django.template.response import TemplateResponse
    from django.test import override_settings

    from ftda.imports import ImportFileStorage
    from ftda.models import ImportJob

    model_admin = admin.site._registry[Stay]
    extension = fmt().get_extension()
    formats = [f().get_extension() for f in model_admin.get_import_formats()]
    form = {
        "format": formats.index(extension),
        "resource": 0,
        "import_file": SimpleUploadedFile(f"sejours.{extension}", data),
    }
    request = RequestFactory().post(UPLOAD_URL, form)
    request.user = user
    user.is_verified = lambda: True  # as OTPMiddleware marks a session past its second factor
    request._messages = CookieStorage(request)
    CSPMiddleware(lambda request: None).process_request(request)  # the pages' nonce
    stored_name = None
    try:
        with transaction.atomic(), override_settings(IMPORT_BACKGROUND_MIN_ROWS=threshold):
            set_up_structures(expected)
            import_job_tables_for_this_transaction()
            with pghistory.context(user=user.pk, url=UPLOAD_URL):
                started = time.perf_counter()
                response = model_admin.import_action(request)
                if isinstance(response, TemplateResponse):
                    response.render()
                elapsed = time.perf_counter() - started
            job = ImportJob.objects.filter(dry_run=True, url=UPLOAD_URL).order_by("pk").last()
            if response.status_code == 302:
                stored_name = job.file_name
            elif confirm_form := response.context_data.get("confirm_form"):
                stored_name = confirm_form.initial["import_file_name"]
            transaction.set_rollback(True)
    finally:
        if stored_name:
            ImportFileStorage(name=stored_name).remove()
    if response.status_code == 302:
        return {"request_s": elapsed, "outcome": "queued", "location": response["Location"]}
    assert stored_name, "the preview refused the file"
    rows = response.content.count(b'<tr class="new">')
    assert rows == expected, (rows, expected)
    return {
        "request_s": elapsed,
        "outcome": f"previewed ({len(response.content) / 1e6:.1f} MB page)",
        "location": "200",
    }


def import_job_tables_for_this_transaction():
    """The volume database may predate `ImportJob`'s migration (it is migrated by whoever
    seeds it): its tables and audit trigger are then created in the run's transaction, and
    go with its rollback (no foreign keys, so that no other table is locked)."""
    from ftda.models import ImportJob

    if ImportJob._meta.db_table in connection.introspection.table_names():
        return
    with connection.schema_editor(atomic=False) as editor:
        editor.create_model(ImportJob.pgh_event_model)
        editor.create_model(ImportJob)
        editor.deferred_sql = [sql for sql in editor.deferred_sql if "FOREIGN KEY" not in str(sql)]


TIMED_REQUESTS = {"confirmation": confirm_request_run, "preview": preview_request_run}


def time_requests(args, files, user, step):
    """--confirm-request, --preview-request: the step's request time inline (threshold at
    the file's rows, as before background jobs) and with the project's threshold."""
    from django.conf import settings

    run_request = TIMED_REQUESTS[step]
    for name in args.formats.split(","):
        data, fmt = files[name]
        for label, threshold in (
            ("inline", args.rows),
            ("threshold", settings.IMPORT_BACKGROUND_MIN_ROWS),
        ):
            for run in range(args.runs):
                timing = run_request(data, fmt, user, args.rows, threshold)
                print(
                    f"{name} {step} {label} (IMPORT_BACKGROUND_MIN_ROWS={threshold}) run"
                    f" {run + 1}: {timing['request_s']:.3f} s,"
                    f" {timing['outcome']} → {timing['location']},"
                    f" load {os.getloadavg()[0]:.1f}",
                    flush=True,
                )
    return 0


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, default=10_000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--formats", default="csv,xlsx")
    parser.add_argument("--seed", type=int, default=2026)
    parser.add_argument(
        "--confirm-request",
        action="store_true",
        help="time the admin's confirmation view, inline and with the background threshold",
    )
    parser.add_argument(
        "--preview-request",
        action="store_true",
        help="time the admin's upload (preview) view, inline and with the background threshold",
    )
    args = parser.parse_args(argv)
    rng = random.Random(args.seed)
    today = datetime.date.today()
    known = list(
        Person.objects.filter(stays__isnull=True, birth_date__isnull=False)
        .order_by("pk")
        .only("last_name", "first_names", "birth_date")[: args.rows // 10 + 100]
    )
    rng.shuffle(known)
    rows = rows_of(rng, args.rows, today, known)
    files = {"csv": (csv_bytes(rows), FrenchCSV), "xlsx": (xlsx_bytes(rows), FrenchXLSX)}
    user = User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()
    if user is None:
        raise SystemExit("No active superuser (load the demo: make bench-data).")
    if args.confirm_request:
        return time_requests(args, files, user, "confirmation")
    if args.preview_request:
        return time_requests(args, files, user, "preview")
    report = {
        "rows": args.rows,
        "persons_in_database": Person.objects.count(),
        "date": datetime.datetime.now(datetime.UTC).isoformat(timespec="seconds"),
        "formats": {},
    }
    for name in args.formats.split(","):
        data, fmt = files[name]
        runs = []
        for run in range(args.runs):
            timings = one_run(data, fmt, user, args.rows)
            timings["load"] = os.getloadavg()[0]
            runs.append(timings)
            print(
                f"{name} run {run + 1}: preview {timings['preview_s']:.1f} s"
                f" ({args.rows / timings['preview_s']:.0f} rows/s), import"
                f" {timings['import_s']:.1f} s ({args.rows / timings['import_s']:.0f} rows/s),"
                f" audit rows {sum(timings['events'].values())}, load {timings['load']:.1f}",
                flush=True,
            )
        preview = statistics.median(r["preview_s"] for r in runs)
        imported = statistics.median(r["import_s"] for r in runs)
        report["formats"][name] = {
            "bytes": len(data),
            "runs": runs,
            "preview_rows_per_s": round(args.rows / preview),
            "import_rows_per_s": round(args.rows / imported),
        }
        print(
            f"{name} ({len(data) / 1e6:.1f} MB), median of {args.runs}: preview"
            f" {args.rows / preview:.0f} rows/s, import {args.rows / imported:.0f} rows/s;"
            f" audit rows per import: {runs[-1]['events']}"
        )
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text(json.dumps(report, indent=2, default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
