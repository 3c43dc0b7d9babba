#!/usr/bin/env bash
# Load benchmark: gunicorn (2 × cores + 1 sync workers, DEBUG off, production settings over
# plain HTTP) on the volume data, wrk against each page, at each concurrency, for each run.
#
#   make bench-data && make bench
#   BENCH_DURATION=10s BENCH_RUNS=1 bench/run.sh      # short, during development
#
# Environment: BENCH_DURATION (60s), BENCH_CONNECTIONS ("20 50"), BENCH_RUNS (1),
# BENCH_SCENARIOS (all), BENCH_PORT (8765), BENCH_THREADS (2). Results: bench/results/<date>/
# (wrk.jsonl, report.md); the report is also printed. Each run also records the CPU time the
# server side (gunicorn workers and their PostgreSQL backends) spent: CPU per request does
# not depend on what else runs on the machine, latencies and throughput do.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=.venv/bin/python
DURATION=${BENCH_DURATION:-60s}
CONNECTIONS=${BENCH_CONNECTIONS:-"20 50"}
RUNS=${BENCH_RUNS:-1}
PORT=${BENCH_PORT:-8765}
THREADS=${BENCH_THREADS:-2}
WORKERS=$(( 2 * $(nproc) + 1 ))

if ! command -v wrk >/dev/null; then
  echo "wrk absent : installation du paquet Debian wrk" >&2
  if [ "$(id -u)" = 0 ]; then apt-get install -y -q wrk || { apt-get update -q && apt-get install -y -q wrk; }
  else sudo apt-get install -y -q wrk; fi
fi

export DJANGO_SETTINGS_MODULE=bench.settings
export DJANGO_SECRET_KEY=${DJANGO_SECRET_KEY:-$(openssl rand -hex 40)}
export DJANGO_SECURE_SSL_REDIRECT=false
export DATABASE_POOL=${DATABASE_POOL:-true}
export DJANGO_LOG_LEVEL=ERROR
DATABASE_URL=${DATABASE_URL:-$(scripts/ensure_db.sh)}
export DATABASE_URL

out=bench/results/$(date -u +%Y%m%dT%H%M%SZ)
mkdir -p "$out"
$PY manage.py collectstatic --noinput -v 0

.venv/bin/gunicorn ftda.wsgi:application --bind 127.0.0.1:$PORT --workers $WORKERS \
  --worker-class sync --timeout 60 --log-level warning --error-logfile "$out/gunicorn.log" &
gunicorn_pid=$!
trap 'kill $gunicorn_pid 2>/dev/null; wait $gunicorn_pid 2>/dev/null || true' EXIT INT TERM
for _ in $(seq 1 60); do
  curl -s -o /dev/null "http://127.0.0.1:$PORT/connexion/" && break
  sleep 0.5
done

$PY bench/prepare_load.py --out "$out" --check "http://127.0.0.1:$PORT"
{
  echo "date: $(date -u +%FT%TZ)"
  echo "cores: $(nproc); memory: $(free -g | awk '/Mem/ {print $2}') GiB; load before: $(cut -d' ' -f1-3 /proc/loadavg)"
  echo "gunicorn workers: $WORKERS (sync); wrk threads: $THREADS; duration: $DURATION; runs: $RUNS"
  echo "$(psql --version | head -1); $($PY --version)"
} | tee "$out/machine.txt"

for run in $(seq 1 "$RUNS"); do
  while IFS=$'\t' read -r name cookie paths; do
    if [ -n "${BENCH_SCENARIOS:-}" ] && [[ " $BENCH_SCENARIOS " != *" $name "* ]]; then continue; fi
    for connections in $CONNECTIONS; do
      cpu_before=$($PY bench/cpu.py $gunicorn_pid)
      result=$(BENCH_COOKIE="$cookie" BENCH_PATHS="$paths" wrk -t"$THREADS" -c"$connections" \
        -d"$DURATION" --timeout 10s -s bench/wrk/pages.lua "http://127.0.0.1:$PORT" | tail -n 1)
      cpu_after=$($PY bench/cpu.py $gunicorn_pid)
      load=$(cut -d' ' -f1 /proc/loadavg)
      line="{\"run\": $run, \"scenario\": \"$name\", \"connections\": $connections, \"load_1min\": $load, \"server_cpu_s\": $(awk "BEGIN {printf \"%.2f\", $cpu_after - $cpu_before}"), ${result#\{}"
      echo "$line" | tee -a "$out/wrk.jsonl"
    done
  done < "$out/scenarios.tsv"
done

$PY bench/report.py "$out/wrk.jsonl" | tee "$out/report.md"
rm -f "$out/scenarios.tsv"  # session cookies
