"""Timing of the activity report (issues 6 and 9).

Usage: DATABASE_URL=... .venv/bin/python bench/bench_report.py [--persons 3000]
Seeds (once) a structure "BENCH AGIR" with N persons, their pathways and 12 follow-ups
each over the last year, then times the HTML page, the PDF and the XLSX.

With `--volume` (on the data of `make bench-data`): the annual report of the last full
year for CPH Angers, AGIR Paris and the whole direction (HTML page, PDF, XLSX), then the
direction's consolidated report over ten years as the background worker generates it
(compose, PDF, XLSX, files stored). Medians of `--runs` runs; results also appended to
bench/results/report.jsonl.
"""

import argparse
import datetime
import json
import os
import random
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ftda.settings")

import django

django.setup()

from django.urls import reverse  # noqa: E402

from bench.sessions import verified_client  # noqa: E402
from ftda.enums import FollowUpKind, FollowUpTopic, StructureKind  # noqa: E402
from ftda.indicators import Period  # noqa: E402
from ftda.models import FollowUp, Pathway, Person, Structure, User  # noqa: E402
from ftda.reports import compose, render, scopes, services  # noqa: E402


def seed(n, year):
    structure, created = Structure.objects.get_or_create(
        name="BENCH AGIR",
        defaults={"kind": StructureKind.AGIR, "departement": "75", "city": "Paris"},
    )
    if not created:
        return structure
    rng = random.Random(6)
    persons = Person.objects.bulk_create(
        Person(last_name=f"Bench{i}", first_names="Personne") for i in range(n)
    )
    start = datetime.date(year, 1, 1)
    Pathway.objects.bulk_create(
        Pathway(
            person=p, structure=structure, started_on=start + datetime.timedelta(rng.randrange(365))
        )
        for p in persons
    )
    kinds, topics = list(FollowUpKind.values), list(FollowUpTopic.values)
    FollowUp.objects.bulk_create(
        FollowUp(
            person=p,
            structure=structure,
            occurred_on=start + datetime.timedelta(rng.randrange(365)),
            kind=rng.choice(kinds),
            topics=[rng.choice(topics)],
        )
        for p in persons
        for _ in range(12)
    )
    return structure


def timed(action):
    started = time.perf_counter()
    result = action()
    return time.perf_counter() - started, result


def time_annual_report(client, user, choice, year):
    """(HTML, PDF, XLSX) seconds and the PDF's size for one scope and year."""
    params = {"perimetre": choice.key, "annee": year}
    html, response = timed(lambda: client.get(reverse("reports:report"), params))
    assert response.status_code == 200, response.status_code
    document = compose.compose(Period.year(year), choice.scope(), scope_key=choice.key)
    pdf, content = timed(lambda: render.pdf_bytes(document))
    xlsx, _ = timed(lambda: render.xlsx_bytes(document))
    return html, pdf, xlsx, len(content)


def time_background_generation(user, choice, period):
    """Seconds for what the worker does for a consolidated report: compose and render both
    files, store them, record the progress."""
    report = services.save_draft(user=user, period=period, choice=choice, narratives={})
    seconds, _ = timed(lambda: services.generate(report_id=report.pk, user_id=user.pk))
    report.refresh_from_db()
    assert report.pdf and report.xlsx, report.generation_error
    report.delete()
    return seconds


def volume(runs):
    user, _ = User.objects.get_or_create(
        username="bench.direction", defaults={"is_direction": True}
    )
    client = verified_client(user)
    choices = {choice.label: choice for choice in scopes.scope_choices(user)}
    wanted = ["CPH Angers", "AGIR Paris", next(label for label in choices if "Direction" in label)]
    year = datetime.date.today().year - 1
    results = []
    for label in wanted:
        choice = choices[label]
        time_annual_report(client, user, choice, year)  # warm the caches a server would have
        samples = [time_annual_report(client, user, choice, year) for _ in range(runs)]
        html, pdf, xlsx, size = (statistics.median(values) for values in zip(*samples, strict=True))
        results.append(
            {
                "report": f"{label}, {year}",
                "html_s": html,
                "pdf_s": pdf,
                "xlsx_s": xlsx,
                "pdf_kib": size // 1024,
            }
        )
    ten_years = Period(datetime.date(year - 9, 1, 1), datetime.date(year, 12, 31))
    direction = choices[wanted[-1]]
    generation = statistics.median(
        time_background_generation(user, direction, ten_years) for _ in range(runs)
    )
    results.append(
        {"report": f"{direction.label}, {year - 9}-{year}, tâche de fond", "total_s": generation}
    )
    load = os.getloadavg()[0]
    out = Path(__file__).resolve().parent / "results"
    out.mkdir(exist_ok=True)
    with (out / "report.jsonl").open("a") as file:
        for row in results:
            file.write(json.dumps({**row, "runs": runs, "load": load}) + "\n")
    for row in results:
        figures = " · ".join(f"{k} {v:.2f}" for k, v in row.items() if k.endswith("_s"))
        print(
            f"{row['report']}: {figures}"
            + (f" · PDF {row['pdf_kib']} Kio" if "pdf_kib" in row else "")
        )
    print(f"load average {load:.1f}, medians of {runs} runs")


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, default=3000)
    parser.add_argument("--year", type=int, default=2025)
    parser.add_argument("--volume", action="store_true", help="reports on the volume data")
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()
    if args.volume:
        volume(args.runs)
        return
    structure = seed(args.persons, args.year)
    user, _ = User.objects.get_or_create(
        username="bench.direction", defaults={"is_direction": True}
    )
    client = verified_client(user)
    choice = scopes.ScopeChoice(f"structure:{structure.pk}", structure.name, (structure,))
    time_annual_report(client, user, choice, args.year)
    html, pdf, xlsx, size = time_annual_report(client, user, choice, args.year)
    print(f"HTML {html:.2f} s · PDF {pdf:.2f} s ({size // 1024} Kio) · XLSX {xlsx:.2f} s")


if __name__ == "__main__":
    main()
