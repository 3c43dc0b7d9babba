#!/usr/bin/env python
"""CPU seconds used so far by the server side of the load benchmark.

    bench/cpu.py GUNICORN_MASTER_PID    (DATABASE_URL in the environment)

Sums user + system time of the gunicorn workers (children of the master) and of the
PostgreSQL backends connected to the benchmark's database, plus what the gunicorn master and
the postmaster hold of their children that have exited: a worker restarted, or a pooled
connection closed after its idle time, would otherwise take its CPU seconds away from the sum
between two readings (the postmaster's also hold other exited backends, such as autovacuum's,
which a quiet benchmark machine runs little of). Taken before and after a wrk run,
the difference divided by the requests gives the CPU cost of a request: a figure that other
processes on the machine do not distort, unlike latencies and throughput; 2 cores divided by
it give the throughput the pages would reach on two dedicated cores.
"""

import os
import sys
from pathlib import Path

import psycopg

TICKS = os.sysconf("SC_CLK_TCK")


def stat_fields(pid):
    """/proc/<pid>/stat after the command name, or None for a process that is gone."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    except (FileNotFoundError, ProcessLookupError):
        return None


def cpu_seconds(pid):
    fields = stat_fields(pid)
    return (int(fields[11]) + int(fields[12])) / TICKS if fields else 0.0  # utime, stime


def exited_children_cpu_seconds(pid):
    fields = stat_fields(pid)
    return (int(fields[13]) + int(fields[14])) / TICKS if fields else 0.0  # cutime, cstime


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
    """The PostgreSQL backends of the benchmark's database, and the postmaster's pid."""
    url = os.environ["DATABASE_URL"].replace("postgres://", "postgresql://", 1)
    with psycopg.connect(url, autocommit=True) as connection:
        rows = connection.execute(
            "SELECT pid FROM pg_stat_activity"
            " WHERE datname = current_database() AND pid <> pg_backend_pid()"
        ).fetchall()
        (own,) = connection.execute("SELECT pg_backend_pid()").fetchone()
        postmaster = int(stat_fields(own)[1])  # while this backend still runs
    return [pid for (pid,) in rows], postmaster


def main():
    master = int(sys.argv[1])
    database_backends, postmaster = backends()
    running = sum(cpu_seconds(pid) for pid in children(master) + database_backends)
    exited = exited_children_cpu_seconds(master) + exited_children_cpu_seconds(postmaster)
    print(f"{running + exited:.2f}")


if __name__ == "__main__":
    main()
