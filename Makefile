# meedoen: two commands on a fresh clone.
#   make demo   set up, seed and serve the demo on http://127.0.0.1:8000 (SQLite)
#   make test   set up and run the whole suite (DATABASE_URL picks the database)
#   make serve  production: gunicorn with production settings (README.md, "Production")
.DEFAULT_GOAL := help
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
DEMO_ENV := DJANGO_DEBUG=1 MEEDOEN_DEMO_LOGIN_WITHOUT_2FA=1
# Parallel workers for the suite; 'auto' uses every core.
WORKERS ?= auto

.PHONY: help install demo dev serve smoke test test-fast lint bench bench-server messages clean

help:
	@echo "make demo    set up, seed and serve the demo on http://127.0.0.1:8000"
	@echo "make test    set up and run the whole suite (SQLite; set DATABASE_URL for PostgreSQL)"
	@echo "make lint    ruff, mypy, import contracts, migrations check"
	@echo "make bench   benchmark figures (SIZE=10000 residents on PostgreSQL, LOAD_SECONDS=60)"
	@echo "make dev     serve the demo again (development server, no seeding)"
	@echo "make serve   production: check --deploy, collectstatic, gunicorn (set the variables)"
	@echo "make smoke   production smoke test: DEBUG off, gunicorn, a real two-factor login"

$(VENV)/.installed: pyproject.toml
	test -d $(VENV) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -e ".[dev]"
	touch $@

node_modules/.installed: package.json package-lock.json
	npm ci --no-audit --no-fund --loglevel=error
	touch $@

install: $(VENV)/.installed node_modules/.installed

demo: install
	mkdir -p var
	$(DEMO_ENV) $(MANAGE) migrate --no-input
	$(DEMO_ENV) $(MANAGE) seed_demo
	$(DEMO_ENV) $(MANAGE) runserver 127.0.0.1:8000

dev: install
	$(DEMO_ENV) $(MANAGE) runserver 127.0.0.1:8000

# Production: the environment holds the variables of README.md ("Production"); the
# database is migrated beforehand by the migration role (manage.py migrate).
serve: install
	DJANGO_DEBUG=0 $(MANAGE) check --deploy --fail-level WARNING
	DJANGO_DEBUG=0 $(MANAGE) collectstatic --no-input --verbosity 0
	DJANGO_DEBUG=0 exec $(VENV)/bin/gunicorn -c meedoen/conf/gunicorn.py

smoke: install
	$(PY) scripts/smoke.py

test: install
	bash scripts/ensure-chromium.sh
	$(PY) -m pytest -n $(WORKERS)

test-fast: install
	$(PY) -m pytest -n $(WORKERS) -m "not browser"

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy meedoen
	$(VENV)/bin/lint-imports
	DJANGO_DEBUG=1 $(MANAGE) makemigrations --check --dry-run
	DJANGO_DEBUG=1 $(MANAGE) check

# make bench SIZE=100000 LOAD_SECONDS=600: the server benchmark on PostgreSQL
# (BENCH_DATABASE_URL, default postgres://postgres@127.0.0.1:5432/), database kept.
SIZE ?= 10000
LOAD_SECONDS ?= 60
bench: install
	$(PY) scripts/bench.py
	$(PY) scripts/bench_outcomes.py
	nice -n 5 $(PY) scripts/bench_server.py --size $(SIZE) --load-seconds $(LOAD_SECONDS)

bench-server: install
	nice -n 5 $(PY) scripts/bench_server.py --size $(SIZE) --load-seconds $(LOAD_SECONDS)

messages: install
	cd meedoen && DJANGO_DEBUG=1 ../$(PY) ../manage.py makemessages -l nl -l en --no-obsolete
	cd meedoen && DJANGO_DEBUG=1 ../$(PY) ../manage.py compilemessages

clean:
	rm -rf $(VENV) node_modules var staticfiles .pytest_cache .mypy_cache .ruff_cache
