#!/usr/bin/env python
"""Sessions and request lists of the load benchmark (called by bench/run.sh).

Logs the demo accounts in through Django's session machinery (sessions live in the
database, so every gunicorn worker accepts them), chooses the URLs each scenario requests
(persons and search texts drawn at random, reproducibly) and writes, in `--out`:
`scenarios.tsv` (name, cookie header, file of paths) and one file of paths per scenario.
With `--check URL`, requests the first paths of each scenario over HTTP and fails unless
they answer 200 (wrk counts 4xx/5xx as errors, not redirects to the login page).
"""

import argparse
import http.client
import os
import random
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.conf import settings  # noqa: E402
from django.test import Client  # noqa: E402

from ftda import access  # noqa: E402
from ftda.models import Pathway, Person, User  # noqa: E402

SOCIAL_WORKER = "ts.angers"
DIRECTION = "direction"
ADMIN = "admin"
SEARCHES = [
    "Mohamed", "mohammed", "Berenice", "nguyen thi", "yildiz", "Ouedrago", "chevtchenko olena",
    "Gebremariam", "diallo mamadou", "haidari", "Aissatou", "al hassan", "tesfay", "kone",
    "abdallah", "hosseini zahra", "shevchenko", "traore", "Fatoumata Binta", "warsame hodan",
]  # fmt: skip


def logged_in_client(username, **defaults):
    """A test client logged in as `username`, its session's second factor verified when the
    account has a device (what `django_otp.login` records after a correct TOTP code)."""
    from django_otp import DEVICE_ID_SESSION_KEY
    from django_otp.plugins.otp_totp.models import TOTPDevice

    user = User.objects.get(username=username)
    client = Client(**defaults)
    client.force_login(user)
    device = TOTPDevice.objects.filter(user=user, confirmed=True).first()
    if device is not None:
        session = client.session
        session[DEVICE_ID_SESSION_KEY] = device.persistent_id
        session.save()
    return client


def cookie_for(username):
    client = logged_in_client(username)
    return f"{settings.SESSION_COOKIE_NAME}={client.cookies[settings.SESSION_COOKIE_NAME].value}"


def quoted(text):
    from urllib.parse import quote_plus

    return quote_plus(text)


def scenarios(rng):
    worker = User.objects.get(username=SOCIAL_WORKER)
    in_scope = list(
        Pathway.objects.open()
        .filter(structure_id__in=access.member_structure_ids(worker))
        .values_list("person_id", flat=True)
        .distinct()
    )
    pages = max(1, min(5, len(in_scope) // settings.PAGE_SIZE))
    return {
        "caseload": (
            SOCIAL_WORKER,
            ["/personnes/"] * 4 + [f"/personnes/?page={n}" for n in range(2, pages + 1)],
        ),
        "person_file": (
            SOCIAL_WORKER,
            [f"/personnes/{pk}/" for pk in rng.sample(in_scope, min(200, len(in_scope)))],
        ),
        "search": (SOCIAL_WORKER, [f"/personnes/?q={quoted(t)}" for t in SEARCHES]),
        "search_all_persons": (DIRECTION, [f"/personnes/?q={quoted(t)}" for t in SEARCHES]),
        "baseline_admin_list": (ADMIN, ["/banc-admin/ftda/person/"]),
        "baseline_admin_search": (
            ADMIN,
            [f"/banc-admin/ftda/person/?q={quoted(t)}" for t in SEARCHES],
        ),
    }


def check(base_url, cookie, paths, limit=8):
    host, port = base_url.removeprefix("http://").split(":")
    for path in list(dict.fromkeys(paths))[:limit]:
        conn = http.client.HTTPConnection(host, int(port), timeout=30)
        conn.request("GET", path, headers={"Cookie": cookie})
        response = conn.getresponse()
        response.read()
        if response.status != 200:
            raise SystemExit(f"{path}: HTTP {response.status} (expected 200)")


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", required=True, type=Path)
    parser.add_argument("--check", metavar="URL", help="request every path once: all 200?")
    args = parser.parse_args(argv)
    count = Person.objects.count()
    if count < 50_000:
        print(f"Attention : {count} personnes seulement (make bench-data pour le volume).")
    args.out.mkdir(parents=True, exist_ok=True)
    cookies = {name: cookie_for(name) for name in (SOCIAL_WORKER, DIRECTION, ADMIN)}
    lines = []
    for name, (username, paths) in scenarios(random.Random(2026)).items():
        path_file = args.out / f"{name}.paths"
        path_file.write_text("\n".join(paths) + "\n")
        lines.append(f"{name}\t{cookies[username]}\t{path_file}")
        if args.check:
            check(args.check, cookies[username], paths)
    (args.out / "scenarios.tsv").write_text("\n".join(lines) + "\n")
    print(f"{len(lines)} scénarios prêts dans {args.out} ({count} personnes).")
    return 0


if __name__ == "__main__":
    sys.exit(main())
