#!/usr/bin/env python
"""Times of the admin's audit pages, the configuration's history (`/admin/pghistory/events/`)
and the access log (`/admin/ftda/accesslog/`), on a volume database seeded with its audit
trail, through Django's test client as the demo admin (second factor passed).

    createdb ftda_audit
    DATABASE_URL=postgres:///ftda_audit .venv/bin/python manage.py migrate
    DATABASE_URL=postgres:///ftda_audit .venv/bin/python bench/seed_volume.py --with-audit
    # the access log's year, if the seed's is too small (bench/README.md, "Audit trail…")
    DATABASE_URL=postgres:///ftda_audit .venv/bin/python bench/admin_audit.py [--runs 5]

Prints, per page, the median wall time and the number of queries.
"""

import argparse
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.environment import setup_django

setup_django("admin-audit")

from django.contrib import admin  # noqa: E402
from django.db import connection  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402
from pghistory.models import Events  # noqa: E402

from bench.sessions import verified_client  # noqa: E402
from ftda.models import User  # noqa: E402

PAGES = [
    ("admin:pghistory_events_changelist", query)
    for query in [
        "",
        "?p=20",
        "?event_model=ftda.structureevent",
        "?event_model=ftda.membershipevent",
    ]
] + [
    ("admin:ftda_accesslog_changelist", query)
    for query in ["", "?p=50", "?action__exact=export", "?mois=2026-03"]
]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args(argv)
    client = verified_client(User.objects.get(username="admin"), SERVER_NAME="127.0.0.1")
    print(f"events admin class: {type(admin.site._registry[Events]).__name__}")
    print("| page | status | median ms | queries |\n|---|---|---:|---:|")
    for name, query in PAGES:
        url = reverse(name)
        times = []
        for _ in range(args.runs):
            start = time.perf_counter()
            with CaptureQueriesContext(connection) as queries:
                response = client.get(url + query)
            times.append((time.perf_counter() - start) * 1000)
        print(
            f"| `{url}{query}` | {response.status_code} "
            f"| {statistics.median(times):.0f} | {len(queries.captured_queries)} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
