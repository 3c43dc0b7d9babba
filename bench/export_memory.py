#!/usr/bin/env python
"""Peak memory of the streamed CSV export of follow-ups, at 100,000 and 1,000,000 rows.

    .venv/bin/python bench/export_memory.py [--rows 100000 1000000] [--naive 100000]

Each size runs in a fresh process: it builds the follow-ups queryset (joined to persons,
structures and authors, notes included), streams it through `ftda.streaming.stream_csv` and
reads the whole response, as a WSGI server would. Reported: rows, megabytes written,
seconds, the Python heap's peak (tracemalloc) and the process's peak resident memory above
what it used before the export (VmHWM, which also counts psycopg's C buffers). `--naive`
does the same with the rows loaded in a list first, for comparison.
"""

import argparse
import json
import os
import subprocess
import sys
import time
import tracemalloc
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
FIELDS = [
    ("occurred_on", "Date"),
    ("structure__name", "Structure"),
    ("person__last_name", "Nom"),
    ("person__first_names", "Prénoms"),
    ("kind", "Type"),
    ("topics", "Thèmes"),
    ("note", "Note"),
    ("next_step", "Prochaine étape"),
    ("next_step_due_on", "Échéance"),
    ("author__username", "Auteur"),
]


def peak_rss_kib():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1])
    return 0


def reset_peak_rss():
    # Writing 5 to clear_refs resets VmHWM to the current RSS (Linux ≥ 4.0).
    Path("/proc/self/clear_refs").write_text("5")


def run_one(rows, naive):
    sys.path.insert(0, str(ROOT))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "ftda.settings")
    import django

    django.setup()
    from ftda.models import FollowUp
    from ftda.streaming import stream_csv

    queryset = FollowUp.objects.order_by("pk").values_list(*[f for f, _ in FIELDS])[:rows]
    headers = [h for _, h in FIELDS]
    FollowUp.objects.exists()  # connect before measuring
    reset_peak_rss()
    baseline = peak_rss_kib()
    tracemalloc.start()
    started = time.perf_counter()
    source = list(queryset) if naive else queryset.iterator(chunk_size=2000)
    response = stream_csv(source, headers, filename="suivis.csv")
    written = 0
    for chunk in response.streaming_content:
        written += len(chunk)
    elapsed = time.perf_counter() - started
    _current, peak = tracemalloc.get_traced_memory()
    tracemalloc.stop()
    return {
        "rows": rows,
        "mode": "list" if naive else "streamed",
        "mb_written": round(written / 1e6, 1),
        "seconds": round(elapsed, 1),
        "python_peak_mb": round(peak / 1e6, 1),
        "rss_peak_above_baseline_mb": round((peak_rss_kib() - baseline) / 1024, 1),
    }


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--rows", type=int, nargs="*", default=[100_000, 1_000_000])
    parser.add_argument("--naive", type=int, nargs="*", default=[100_000])
    parser.add_argument("--one", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--one-naive", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--json", help="write the results to this file")
    args = parser.parse_args(argv)
    if args.one:
        print(json.dumps(run_one(args.one, args.one_naive)))
        return 0
    runs = [(n, False) for n in args.rows] + [(n, True) for n in args.naive]
    results = []
    header = f"{'mode':<9} {'rows':>10} {'MB out':>8} {'s':>6} {'Python peak':>12} {'RSS peak':>9}"
    print(header)
    for rows, naive in runs:
        command = [sys.executable, __file__, "--one", str(rows)] + (["--one-naive"] * naive)
        output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
        result = json.loads(output.strip().splitlines()[-1])
        results.append(result)
        print(
            f"{result['mode']:<9} {rows:>10,} {result['mb_written']:>8} {result['seconds']:>6}"
            f" {result['python_peak_mb']:>9} MB {result['rss_peak_above_baseline_mb']:>6} MB"
        )
    if args.json:
        Path(args.json).write_text(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
