#!/usr/bin/env python
"""Name search on the volume data: plan and SQL time of the queries the pages really run.

    .venv/bin/python bench/search.py [--runs 15] [--json results.json]

For each search text, the caseload page is requested (Django test client, as a social worker
of CPH Angers and as the direction, who searches all 50,000 persons), its SQL is captured,
and the queries that carry the search condition are run again under
`EXPLAIN (ANALYZE, FORMAT JSON)`: the median and the 90th percentile of PostgreSQL's execution
time, and whether the plan reads `person_name_trgm`. Over all persons (bare search, direction)
the plan must read the index; for a social worker, PostgreSQL rightly starts from the few
hundred persons supported in their structures and filters those. The bare
`Person.objects.search(text)` page (25 best matches) is measured the same way.
"""

import argparse
import json
import os
import statistics
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ftda.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402
from django.urls import reverse  # noqa: E402

from ftda.models import Person, User  # noqa: E402

SEARCHES = [
    ("Mohamed", "most common first name (6 % of persons)"),
    ("mohammed", "transliteration variant"),
    ("Berenice", "without the accents of Bérénice"),
    ("nguyen thi", "Nguyễn Thị, without diacritics"),
    ("yildiz", "Yıldız (dotless i)"),
    ("Ouedrago", "typo in Ouédraogo"),
    ("chevtchenko olena", "French transliteration of Shevchenko"),
    ("Gebremariam Yonas", "full name"),
]
INDEX = "person_name_trgm"


def explain(sql, params=None):
    with connection.cursor() as cursor:
        cursor.execute(f"EXPLAIN (ANALYZE, FORMAT JSON) {sql}", params)
        plan = cursor.fetchone()[0]
    plan = plan if isinstance(plan, list) else json.loads(plan)
    return plan[0]["Execution Time"], json.dumps(plan)


def measure(sql, params, runs):
    explain(sql, params)  # warm-up
    times, text = [], ""
    for _ in range(runs):
        elapsed, text = explain(sql, params)
        times.append(elapsed)
    times.sort()
    return {
        "median_ms": round(statistics.median(times), 2),
        "p90_ms": round(times[int(len(times) * 0.9) - 1], 2),
        "uses_index": f'"Index Name": "{INDEX}"' in text,
        "seq_scan_on_person": '"Relation Name": "ftda_person"' in text
        and '"Node Type": "Seq Scan"' in text,
    }


def page_queries(client, text):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("ftda:caseload"), {"q": text})
    assert response.status_code == 200, response.status_code
    return [q["sql"] for q in captured.captured_queries if "%>" in q["sql"]]


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--runs", type=int, default=15)
    parser.add_argument("--json", help="write the results to this file")
    args = parser.parse_args(argv)
    print(f"{Person.objects.count():,} persons".replace(",", " "))
    clients = {}
    for username in ["ts.angers", "direction"]:
        client = Client()
        client.force_login(User.objects.get(username=username))
        clients[username] = client

    results = []
    header = f"{'search':<20} {'query':<28} {'rows':>6} {'median':>8} {'p90':>8}  index"
    print(header)
    print("-" * len(header))
    for text, why in SEARCHES:
        matches = Person.objects.search(text).count()
        sql, params = Person.objects.search(text)[:25].query.sql_with_params()
        shapes = [("search, 25 best", sql, params)]
        for username, client in clients.items():
            for index, page_sql in enumerate(page_queries(client, text)):
                kind = "count" if page_sql.lstrip().upper().startswith("SELECT COUNT") else "page"
                shapes.append((f"caseload {username} {kind or index}", page_sql, None))
        for label, shape_sql, shape_params in shapes:
            result = measure(shape_sql, shape_params, args.runs)
            result.update(search=text, why=why, query=label, matches=matches)
            results.append(result)
            print(
                f"{text:<20} {label:<28} {matches:>6} {result['median_ms']:>6.1f}ms"
                f" {result['p90_ms']:>6.1f}ms  {'yes' if result['uses_index'] else 'NO'}"
            )
    worst = max(r["median_ms"] for r in results)
    everyone = [r for r in results if "ts.angers" not in r["query"]]
    print(f"\nSlowest median: {worst:.1f} ms. Searches over all persons (bare search, direction)")
    print(f"  all read {INDEX}: {all(r['uses_index'] for r in everyone)}")
    print("  (a social worker's search starts from their structures' pathways: fewer rows)")
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
