#!/usr/bin/env python
"""Instructions per request of the measured pages: CPU work that the machine's speed does
not change, for comparing two versions of the code on a shared virtual machine.

    .venv/bin/python bench/instructions.py [--requests 10] [--pages caseload search ...]

Each page runs in its own process under valgrind's callgrind (Debian package `valgrind`),
which counts the instructions the Python process executes (its PostgreSQL backend, another
process, is not counted: `bench/cpu_profile.py` reads that one). Counting starts after the
warm-up requests (`callgrind_control -i on`) and stops after the measured ones, so neither
Django's start-up nor the first request's caches weigh. Same pages, users and settings as
`bench/cpu_profile.py` (production settings, cached templates, DEBUG off).

The counts repeat to 0.1 % from one run to the next, where CPU time on this machine varies
by a third; they do not see how fast the instructions run (an interpreter built with PGO
runs the same count faster), so time is still measured by `bench/run.sh`.
"""

import argparse
import os
import re
import shutil
import subprocess
import sys
import tempfile
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_PAGES = ["caseload", "person_file", "stays_list", "agir_caseload", "duos_list", "search"]


def count_page(page, requests, out_dir):
    """Instructions of `requests` requests of `page`, in a child process under callgrind."""
    command = [
        "valgrind",
        "--tool=callgrind",
        "--instr-atstart=no",
        f"--callgrind-out-file={out_dir}/{page}.%p.out",
        sys.executable,
        __file__,
        "--child",
        page,
        "--requests",
        str(requests),
    ]
    done = subprocess.run(command, capture_output=True, text=True, cwd=ROOT, check=False)
    collected = re.search(r"Collected : (\d+)", done.stderr)
    if done.returncode or not collected:
        raise RuntimeError(f"{page}: {done.stderr[-2000:]}")
    return int(collected.group(1)) / requests


def run_child(page, requests):
    from bench.cpu_profile import User, pages, verified_client

    username, paths = pages()[page]
    client = verified_client(User.objects.get(username=username), SERVER_NAME="127.0.0.1")
    for path in paths[:3]:  # warm-up: connection, template and URL caches
        assert client.get(path).status_code == 200, path
    toggle = ["callgrind_control", "--instr"]
    subprocess.run([*toggle, "on", str(os.getpid())], capture_output=True, check=True)
    time.sleep(0.5)  # callgrind reads the command at its next check
    for n in range(requests):
        response = client.get(paths[n % len(paths)])
        assert response.status_code == 200, (paths[n % len(paths)], response.status_code)
    subprocess.run([*toggle, "off", str(os.getpid())], capture_output=True, check=True)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--requests", type=int, default=10)
    parser.add_argument("--pages", nargs="*", default=DEFAULT_PAGES)
    parser.add_argument("--child", metavar="PAGE", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        run_child(args.child, args.requests)
        return 0
    if not shutil.which("valgrind"):
        sys.exit("valgrind absent : apt-get install valgrind")
    with tempfile.TemporaryDirectory() as out_dir, ThreadPoolExecutor(os.cpu_count()) as pool:
        counts = pool.map(lambda page: count_page(page, args.requests, out_dir), args.pages)
        print(f"{args.requests} requests per page; {sys.version.split()[0]} ({sys.executable})")
        print("| page | million instructions per request |")
        print("|---|---:|")
        for page, count in zip(args.pages, counts, strict=True):
            print(f"| {page} | {count / 1e6:.1f} |")
    return 0


if __name__ == "__main__":
    sys.exit(main())
