"""Backups with pg_dump, and the proof that they restore.

`manage.py check_backup` dumps the database (`pg_dump --format=custom`), restores the dump
into a new, temporary database with `pg_restore`, compares the number of rows table by
table, then drops the temporary database. Run it after the nightly backup, on the backup
itself with `--dump FILE`.
"""

import os
import shutil
import subprocess
import tempfile
import uuid
from pathlib import Path

import psycopg
from django.db import connection


def _run(tool, *arguments, env):
    """A PostgreSQL client tool, found on PATH, with fixed arguments and no shell."""
    executable = shutil.which(tool)
    if executable is None:
        raise FileNotFoundError(f"{tool} est introuvable : installez postgresql-client.")
    subprocess.run([executable, *arguments], env=env, check=True)  # noqa: S603


def _environment(settings_dict, dbname=None):
    env = dict(os.environ)
    for key, variable in [
        ("HOST", "PGHOST"),
        ("PORT", "PGPORT"),
        ("USER", "PGUSER"),
        ("PASSWORD", "PGPASSWORD"),
    ]:
        if settings_dict.get(key):
            env[variable] = str(settings_dict[key])
    env["PGDATABASE"] = dbname or settings_dict["NAME"]
    return env


def _conninfo(settings_dict, dbname):
    parts = {"dbname": dbname}
    for key, name in [("HOST", "host"), ("PORT", "port"), ("USER", "user")]:
        if settings_dict.get(key):
            parts[name] = str(settings_dict[key])
    if settings_dict.get("PASSWORD"):
        parts["password"] = settings_dict["PASSWORD"]
    return psycopg.conninfo.make_conninfo(**parts)


def row_counts(settings_dict, dbname) -> dict[str, int]:
    with psycopg.connect(_conninfo(settings_dict, dbname), autocommit=True) as conn:
        tables = [
            row[0]
            for row in conn.execute(
                "SELECT table_name FROM information_schema.tables "
                "WHERE table_schema = 'public' AND table_type = 'BASE TABLE' ORDER BY 1"
            )
        ]
        return {
            table: conn.execute(
                psycopg.sql.SQL("SELECT count(*) FROM {}").format(psycopg.sql.Identifier(table))
            ).fetchone()[0]
            for table in tables
        }


def dump(path: Path, settings_dict=None):
    settings_dict = settings_dict or connection.settings_dict
    _run(
        "pg_dump",
        "--format=custom",
        "--no-owner",
        f"--file={path}",
        env=_environment(settings_dict),
    )


def restore_and_compare(path: Path, settings_dict=None) -> dict[str, tuple[int, int]]:
    """Restore `path` into a temporary database; {table: (rows here, rows restored)} for
    every table whose counts differ (empty: the backup is complete)."""
    settings_dict = settings_dict or connection.settings_dict
    source = settings_dict["NAME"]
    target = f"ftda_restore_check_{uuid.uuid4().hex[:10]}"
    env = _environment(settings_dict, dbname="postgres")
    _run("createdb", target, env=env)
    try:
        _run(
            "pg_restore", "--no-owner", "--exit-on-error", f"--dbname={target}", str(path), env=env
        )
        before = row_counts(settings_dict, source)
        after = row_counts(settings_dict, target)
    finally:
        _run("dropdb", "--if-exists", target, env=env)
    tables = set(before) | set(after)
    return {
        table: (before.get(table, -1), after.get(table, -1))
        for table in sorted(tables)
        if before.get(table) != after.get(table)
    } | ({"(aucune table)": (0, 0)} if not tables else {})


def check(dump_path: Path | None = None) -> tuple[dict, dict]:
    with tempfile.TemporaryDirectory() as folder:
        path = dump_path or Path(folder) / "ftda.dump"
        if dump_path is None:
            dump(path)
        differences = restore_and_compare(path)
    return differences, row_counts(connection.settings_dict, connection.settings_dict["NAME"])
