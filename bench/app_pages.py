#!/usr/bin/env python
"""Query counts and times of the apps' main lists on the volume data, through Django's test
client (as bench/search.py does): the AGIR caseload of a referent of AGIR Paris and the lists
of Duos de demain.

    .venv/bin/python bench/app_pages.py [--runs 9]
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ftda.settings")

import django

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext, setup_test_environment  # noqa: E402
from django.urls import reverse  # noqa: E402

from ftda.models import User  # noqa: E402

PAGES = [
    ("ts.agirparis", "agir:caseload", ""),
    ("ts.agirparis", "agir:caseload", "?alerte=sans_suivi"),
    ("ts.agirparis", "agir:caseload", "?page=3"),
    ("ts.agirparis", "agir:pathway_list", ""),
    ("ts.duos", "programmes:duo_list", ""),
    ("ts.duos", "programmes:duo_list", "?page=20"),
    ("ts.duos", "programmes:volunteer_list", ""),
    ("ts.duos", "programmes:participant_list", ""),
]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=9)
    args = parser.parse_args(argv)
    setup_test_environment()  # responses carry their template context (the paginator)
    print(f"load average: {os.getloadavg()[0]:.1f}")
    print("| user | page | rows | queries | median ms | max ms |")
    print("|---|---|---:|---:|---:|---:|")
    for username, name, query in PAGES:
        client = Client()
        client.force_login(User.objects.get(username=username))
        url = reverse(name) + query
        client.get(url)  # warm-up
        times, counts = [], set()
        for _ in range(args.runs):
            with CaptureQueriesContext(connection) as queries:
                started = time.perf_counter()
                response = client.get(url)
                times.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, (url, response.status_code)
            counts.add(len(queries))
        page = response.context.get("page")
        rows = page.paginator.count if page is not None else ""
        print(
            f"| {username} | `{url}` | {rows} | {'/'.join(map(str, sorted(counts)))} |"
            f" {statistics.median(times):.0f} | {max(times):.0f} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
