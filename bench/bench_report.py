"""Timing of the activity report on a 3,000-person platform-year (issue 6).

Usage: DATABASE_URL=... .venv/bin/python bench/bench_report.py [--persons 3000]
Seeds (once) a structure "BENCH AGIR" with N persons, their pathways and 12 follow-ups
each over the last year, then times the HTML page, the PDF and the XLSX.
"""

import argparse
import datetime
import os
import random
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ftda.settings")

import django

django.setup()

from django.test import Client  # noqa: E402
from django.urls import reverse  # noqa: E402

from ftda.enums import FollowUpKind, FollowUpTopic, StructureKind  # noqa: E402
from ftda.indicators import Period, Scope  # noqa: E402
from ftda.models import FollowUp, Pathway, Person, Structure, User  # noqa: E402
from ftda.reports import compose, render  # noqa: E402


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


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--persons", type=int, default=3000)
    parser.add_argument("--year", type=int, default=2025)
    args = parser.parse_args()
    structure = seed(args.persons, args.year)
    user, _ = User.objects.get_or_create(
        username="bench.direction", defaults={"is_direction": True}
    )
    client = Client()
    client.force_login(user)
    url = reverse("reports:report")
    params = {"perimetre": f"structure:{structure.pk}", "annee": args.year}
    client.get(url, params)
    started = time.perf_counter()
    response = client.get(url, params)
    html = time.perf_counter() - started
    assert response.status_code == 200
    document = compose.compose(Period.year(args.year), Scope.of([structure], structure.name))
    started = time.perf_counter()
    pdf = render.pdf_bytes(document)
    pdf_time = time.perf_counter() - started
    started = time.perf_counter()
    render.xlsx_bytes(document)
    xlsx_time = time.perf_counter() - started
    print(
        f"HTML {html:.2f} s · PDF {pdf_time:.2f} s ({len(pdf) // 1024} Kio) "
        f"· XLSX {xlsx_time:.2f} s"
    )


if __name__ == "__main__":
    main()
