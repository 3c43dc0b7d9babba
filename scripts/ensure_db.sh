#!/usr/bin/env bash
# Makes sure a PostgreSQL database is reachable and prints its URL.
#  1. DATABASE_URL set in the environment or in .env: use it as it is.
#  2. A server answers on the default socket or on 127.0.0.1:5432: create/use database "ftda".
#  3. No server, but PostgreSQL's binaries are installed: start a project-local cluster
#     under .pgdata/ (port 5433) and create the database there.
set -euo pipefail
cd "$(dirname "$0")/.."
name=${FTDA_DB_NAME:-ftda}

if [ -z "${DATABASE_URL:-}" ] && [ -f .env ]; then
  DATABASE_URL=$(sed -n 's/^DATABASE_URL=//p' .env | tail -n 1)
fi
if [ -n "${DATABASE_URL:-}" ]; then
  echo "$DATABASE_URL"
  exit 0
fi

answers() { psql "$1" -tAc 'select 1' >/dev/null 2>&1; }

for candidate in "postgres:///postgres" "postgres://127.0.0.1:5432/postgres" \
                 "postgres://postgres@127.0.0.1:5432/postgres"; do
  if answers "$candidate"; then
    base=${candidate%/postgres}
    psql "$candidate" -tAc "select 1 from pg_database where datname='$name'" | grep -q 1 \
      || psql "$candidate" -qc "create database $name" >&2
    echo "$base/$name"
    exit 0
  fi
done

bindir=$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n 1 || true)
if [ -z "$bindir" ]; then
  echo "Aucun serveur PostgreSQL ne répond et PostgreSQL n'est pas installé." >&2
  echo "Installez-le (apt-get install postgresql) ou définissez DATABASE_URL." >&2
  exit 1
fi
pgdata="$PWD/.pgdata"
run_as=()
if [ "$(id -u)" = 0 ]; then run_as=(runuser -u postgres --); fi
if [ ! -f "$pgdata/PG_VERSION" ]; then
  mkdir -p "$pgdata"
  [ "$(id -u)" = 0 ] && chown postgres "$pgdata"
  "${run_as[@]}" "$bindir/initdb" -D "$pgdata" -A trust -U postgres --locale=C.UTF-8 >&2
fi
if ! "${run_as[@]}" "$bindir/pg_ctl" -D "$pgdata" status >/dev/null 2>&1; then
  "${run_as[@]}" "$bindir/pg_ctl" -D "$pgdata" -l "$pgdata/server.log" -w \
    -o "-p 5433 -k $pgdata -c listen_addresses=127.0.0.1" start >&2
fi
url="postgres://postgres@127.0.0.1:5433"
answers "$url/postgres" || { echo "Le cluster local ne répond pas (voir $pgdata/server.log)." >&2; exit 1; }
psql "$url/postgres" -tAc "select 1 from pg_database where datname='$name'" | grep -q 1 \
  || psql "$url/postgres" -qc "create database $name" >&2
echo "$url/$name"
