# meedoen: two commands on a fresh clone.
#   make demo   set up, seed and serve the demo on http://127.0.0.1:8000 (SQLite)
#   make test   set up and run the whole suite (DATABASE_URL picks the database)
.DEFAULT_GOAL := help
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
MANAGE := $(PY) manage.py
DEMO_ENV := DJANGO_DEBUG=1 MEEDOEN_DEMO_LOGIN_WITHOUT_2FA=1
# Parallel workers for the suite; 'auto' uses every core.
WORKERS ?= auto

.PHONY: help install demo serve test test-fast lint bench messages clean

help:
	@echo "make demo    set up, seed and serve the demo on http://127.0.0.1:8000"
	@echo "make test    set up and run the whole suite (SQLite; set DATABASE_URL for PostgreSQL)"
	@echo "make lint    ruff, mypy, import contracts, migrations check"
	@echo "make bench   benchmark figures"

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

serve: install
	$(DEMO_ENV) $(MANAGE) runserver 127.0.0.1:8000

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

bench: install
	$(PY) scripts/bench.py
	$(PY) scripts/bench_outcomes.py

messages: install
	cd meedoen && DJANGO_DEBUG=1 ../$(PY) ../manage.py makemessages -l nl -l en --no-obsolete
	cd meedoen && DJANGO_DEBUG=1 ../$(PY) ../manage.py compilemessages

clean:
	rm -rf $(VENV) node_modules var staticfiles .pytest_cache .mypy_cache .ruff_cache
