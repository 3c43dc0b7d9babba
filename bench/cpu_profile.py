#!/usr/bin/env python
"""CPU per request of the measured pages, one process, DEBUG off: Python and PostgreSQL apart.

    .venv/bin/python bench/cpu_profile.py [--requests 60] [--pages caseload search ...]
        [--profile PAGE] [--sql PAGE]

Requests each page through Django's test client (the whole middleware stack, as gunicorn
would run it, on `bench.settings`: production settings, cached template loaders) as the load
benchmark's users, after a few warm-up requests. For each request it reads the CPU time of
this process (`time.process_time`) and of its PostgreSQL backend (`/proc/<pid>/stat`, same
machine), and prints per page the median (PostgreSQL: the mean, its ticks being 10 ms):
the CPU a request costs the server, which other processes on a shared machine change less
than wall time (also printed).
`--profile PAGE` prints the cProfile of that page's requests (cumulative, top 40);
`--sql PAGE` prints each query of one request with its time (cursor wrapper, not DEBUG).
"""

import argparse
import cProfile
import io
import os
import pstats
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from bench.environment import setup_django

setup_django("cpu-profile")

from django.conf import settings  # noqa: E402
from django.db import connection  # noqa: E402

from bench.prepare_load import scenarios  # noqa: E402
from bench.sessions import verified_client  # noqa: E402
from ftda.models import User  # noqa: E402

TICKS = os.sysconf("SC_CLK_TCK")


def pages():
    """name -> (username, [paths]): the load benchmark's scenarios, and the direction's
    caseload, plain and sorted by last contact."""
    import random

    chosen = dict(scenarios(random.Random(2026)))
    chosen["caseload_by_contact_direction"] = ("direction", ["/personnes/?tri=-contact"])
    chosen["caseload_direction"] = ("direction", ["/personnes/"])
    return chosen


def backend_cpu(pid):
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    return (int(fields[11]) + int(fields[12])) / TICKS


def backend_pid():
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def measure(client, paths, requests):
    for path in paths[:3]:  # warm-up: connection, template and URL caches
        assert client.get(path).status_code == 200, path
    wall, python, sql = [], [], []
    for n in range(requests):
        path = paths[n % len(paths)]
        pid = backend_pid()  # the pool may hand over another connection
        db_before, cpu_before, t0 = backend_cpu(pid), time.process_time(), time.perf_counter()
        response = client.get(path)
        t1, cpu_after, db_after = time.perf_counter(), time.process_time(), backend_cpu(pid)
        assert response.status_code == 200, (path, response.status_code)
        wall.append((t1 - t0) * 1000)
        python.append((cpu_after - cpu_before) * 1000)
        sql.append((db_after - db_before) * 1000)
    return {
        "wall": statistics.median(wall),
        "python": statistics.median(python),
        # Backend CPU ticks are 10 ms: the mean, not the median, of many requests.
        "postgres": statistics.mean(sql),
    }


def print_sql(client, path):
    timings = []

    def timer(execute, sql, params, many, context):
        start = time.perf_counter()
        try:
            return execute(sql, params, many, context)
        finally:
            timings.append(((time.perf_counter() - start) * 1000, sql))

    client.get(path)
    with connection.execute_wrapper(timer):
        client.get(path)
    for elapsed, sql in timings:
        print(f"{elapsed:8.2f} ms  {sql[:300]}")
    print(f"{len(timings)} queries, {sum(t for t, _ in timings):.1f} ms")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=60)
    parser.add_argument("--pages", nargs="*")
    parser.add_argument("--profile", metavar="PAGE")
    parser.add_argument("--sql", metavar="PAGE")
    args = parser.parse_args(argv)
    assert not settings.DEBUG
    available = pages()
    names = args.pages or ["caseload", "person_file", "search", "search_all_persons"]
    clients = {}

    def client(username):
        if username not in clients:
            clients[username] = verified_client(
                User.objects.get(username=username), SERVER_NAME="127.0.0.1"
            )
        return clients[username]

    if args.sql:
        username, paths = available[args.sql]
        print_sql(client(username), paths[0])
        return 0
    if args.profile:
        username, paths = available[args.profile]
        c = client(username)
        measure(c, paths, 3)
        profiler = cProfile.Profile()
        profiler.enable()
        for n in range(args.requests):
            c.get(paths[n % len(paths)])
        profiler.disable()
        out = io.StringIO()
        stats = pstats.Stats(profiler, stream=out).strip_dirs().sort_stats("cumulative")
        stats.print_stats(40)
        stats.sort_stats("tottime").print_stats(25)
        print(out.getvalue())
        return 0

    print(f"{args.requests} requests per page; load average {os.getloadavg()[0]:.2f}")
    print("| page | user | wall ms (median) | Python CPU ms (median) | PostgreSQL CPU ms (mean) |")
    print("|---|---|---:|---:|---:|")
    for name in names:
        username, paths = available[name]
        result = measure(client(username), paths, args.requests)
        print(
            f"| {name} | {username} | {result['wall']:.1f} | {result['python']:.1f}"
            f" | {result['postgres']:.1f} |"
        )
    return 0


if __name__ == "__main__":
    sys.exit(main())
