#!/usr/bin/env python
"""CPU seconds used so far by the server side of the load benchmark.

    bench/cpu.py GUNICORN_MASTER_PID    (DATABASE_URL in the environment)

Sums user + system time of the gunicorn workers (children of the master) and of the
PostgreSQL backends connected to the benchmark's database. Taken before and after a wrk run,
the difference divided by the requests gives the CPU cost of a request: a figure that other
processes on the machine do not distort, unlike latencies and throughput; 2 cores divided by
it give the throughput the pages would reach on two dedicated cores.
"""

import os
import sys
from pathlib import Path

import psycopg

TICKS = os.sysconf("SC_CLK_TCK")


def cpu_seconds(pid):
    try:
        fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return 0.0
    return (int(fields[11]) + int(fields[12])) / TICKS  # utime, stime


def children(pid):
    found = []
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text().rsplit(")", 1)[1].split()
            except (FileNotFoundError, ProcessLookupError):
                continue
            if stat[1] == str(pid):
                found.append(int(entry.name))
    return found


def backends():
    url = os.environ["DATABASE_URL"].replace("postgres://", "postgresql://", 1)
    with psycopg.connect(url, autocommit=True) as connection:
        rows = connection.execute(
            "SELECT pid FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchall()
    return [pid for (pid,) in rows]


def main():
    master = int(sys.argv[1])
    total = sum(cpu_seconds(pid) for pid in children(master) + backends())
    print(f"{total:.2f}")


if __name__ == "__main__":
    main()
