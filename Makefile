# The two commands of the README: `make run` and `make test`. Everything else supports them.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
# The virtualenv's interpreter: Debian's python3.11 where installed, built with PGO and LTO
# (12 % fewer instructions per request than a build without them, bench/README.md),
# else (or where its venv module is missing) the first python3 on the PATH. To switch an
# existing .venv: rm -rf .venv && make db.
PYTHON ?= $(or $(wildcard /usr/bin/python3.11),python3)
export DJANGO_SETTINGS_MODULE ?= ftda.settings

.PHONY: run test install db lint migrations-check deploy-check pytest worker bench-data bench \
	bench-search bench-export bench-report bench-import

$(VENV)/.installed: pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV) || { rm -rf $(VENV); python3 -m venv $(VENV); }
	$(PY) -m pip install -q --upgrade pip
	$(PY) -m pip install -q -e '.[dev]'
	touch $@

install: $(VENV)/.installed

db: install
	@url=$$(scripts/ensure_db.sh) && echo "Base de données : $$url" && \
	  DATABASE_URL=$$url $(PY) manage.py migrate --noinput

run: db
	@export DATABASE_URL=$$(scripts/ensure_db.sh); \
	  $(PY) manage.py collectstatic --noinput -v 0 && \
	  $(PY) manage.py load_demo && \
	  { $(PY) manage.py db_worker & worker=$$!; trap "kill $$worker 2>/dev/null" EXIT INT TERM; \
	    DJANGO_DEBUG=true $(PY) manage.py runserver 127.0.0.1:8000; }

worker: db
	DATABASE_URL=$$(scripts/ensure_db.sh) $(PY) manage.py db_worker

lint: install
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/ruff check .

migrations-check: install
	DATABASE_URL=$$(scripts/ensure_db.sh) $(PY) manage.py makemigrations --check --dry-run --noinput

deploy-check: install
	DATABASE_URL=$$(scripts/ensure_db.sh) DJANGO_SECRET_KEY=$$(openssl rand -hex 40) \
	  DJANGO_SETTINGS_MODULE=ftda.settings_production \
	  $(PY) manage.py check --deploy --fail-level WARNING

pytest: install
	scripts/ensure_system_packages.sh
	DATABASE_URL=$$(scripts/ensure_db.sh) $(VENV)/bin/pytest -n 2 --dist loadgroup

test: db lint migrations-check deploy-check pytest

bench-data: db
	DATABASE_URL=$$(scripts/ensure_db.sh) $(PY) bench/seed_volume.py

bench: db
	DATABASE_URL=$$(scripts/ensure_db.sh) bench/run.sh

bench-search: db
	DATABASE_URL=$$(scripts/ensure_db.sh) $(PY) bench/search.py

bench-export: db
	DATABASE_URL=$$(scripts/ensure_db.sh) $(PY) bench/export_memory.py

bench-report: db
	DATABASE_URL=$$(scripts/ensure_db.sh) $(PY) bench/bench_report.py --volume

bench-import: db
	DATABASE_URL=$$(scripts/ensure_db.sh) $(PY) bench/import_stays.py
