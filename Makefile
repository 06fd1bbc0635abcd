# Reglab platform. `make run` serves the demo; `make test` runs the whole suite.
SHELL := /bin/bash
.DEFAULT_GOAL := help

# Python 3.12 through pyenv when present (.python-version selects it), else python3.12.
PYTHON ?= $(shell (command -v pyenv >/dev/null && pyenv which python3 2>/dev/null) || command -v python3.12 || echo python3)
VENV := .venv
BIN := $(VENV)/bin
PORT ?= 8000
DEMO_PASSWORD ?= Provrum-demo-2026
PYTEST_ARGS ?=

.PHONY: help install install-dev run serve serve-live backup restore test lint lock messages browser redis-server clean bench bench-live drills properties fuzz

help:
	@echo "make run   – install, migrate, load demo data and serve on http://127.0.0.1:$(PORT)"
	@echo "make test  – install what tests need and run the whole suite"
	@echo "make serve – run the production way (gunicorn, WEB_CONCURRENCY processes, DEBUG off)"
	@echo "make serve-live – the live dialog's WebSockets (uvicorn on LIVE_PORT), beside make serve"
	@echo "make backup / make restore FILE=… – the database and the documents in one archive"
	@echo "make bench / make bench-live / make drills – measurements and fault drills (not tests)"
	@echo "make properties – the property tests (tests/properties) with 1,000 examples each"
	@echo "make fuzz  – Schemathesis against the API, 1000 cases per operation, four roles (hours;"
	@echo "             DATABASE_URL=postgres://… for PostgreSQL, FUZZ_EXAMPLES=… smaller)"

$(BIN)/python:
	@$(PYTHON) -c 'import sys; sys.exit(sys.version_info < (3, 12))' || \
	  { echo "Python 3.12 krävs (hittade $$($(PYTHON) --version))."; exit 1; }
	$(PYTHON) -m venv $(VENV)

$(VENV)/.installed: requirements.lock $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements.lock
	@touch $@

$(VENV)/.installed-dev: requirements-dev.lock $(BIN)/python
	$(BIN)/pip install --quiet --require-hashes --no-deps -r requirements-dev.lock
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed messages
install-dev: $(VENV)/.installed-dev messages

# Compiled translations are built here, never committed; only when a catalogue changed,
# so two test runs started side by side (.ci/run) never write the same file at once.
PO_FILES := $(wildcard reglab/locale/*/LC_MESSAGES/django.po)
messages: $(PO_FILES:.po=.mo)

reglab/locale/%/LC_MESSAGES/django.mo: reglab/locale/%/LC_MESSAGES/django.po $(BIN)/python
	@command -v msgfmt >/dev/null || { apt-get install -y -qq gettext >/dev/null; }
	DEBUG=1 $(BIN)/python manage.py compilemessages --ignore=.venv --ignore=staticfiles --ignore=node_modules -v0

run: install
	DEMO_MODE=1 DEBUG=1 $(BIN)/python manage.py migrate --no-input -v0
	DEMO_MODE=1 DEBUG=1 $(BIN)/python manage.py seed_demo --password '$(DEMO_PASSWORD)'
	@echo
	@echo "  Reglab körs på http://127.0.0.1:$(PORT)/"
	@echo "  Demokonton (lösenord: $(DEMO_PASSWORD)):"
	@echo "    kansli@reglab.example                 kansliet"
	@echo "    region-skane@reglab.example           medlemsrepresentant (Region Skåne)"
	@echo "    nordregio@reglab.example              partnerrepresentant (Nordregio)"
	@echo "    <organisationens-slug>@reglab.example en representant per organisation"
	@echo
	SITE_URL=$${SITE_URL:-http://127.0.0.1:$(PORT)} DEMO_MODE=1 DEBUG=1 $(BIN)/python manage.py runserver 127.0.0.1:$(PORT)

# Production: the environment's settings (SECRET_KEY etc., see README "Drift"), static
# files collected, migrations applied, then gunicorn with WEB_CONCURRENCY workers on PORT.
WEB_CONCURRENCY ?= 2
# Static files are collected and compressed again only when a source changed (our own
# static folders or the locked packages, which bring the admin's), not on every start.
STATIC_SOURCES := $(shell find reglab -path '*/static/*' -type f 2>/dev/null)
staticfiles/.collected: $(STATIC_SOURCES) requirements.lock
	$(BIN)/python manage.py collectstatic --no-input -v0
	@touch $@

serve: install
	@test -n "$$SECRET_KEY" || { echo "SECRET_KEY måste vara satt (se README, Drift)."; exit 1; }
	@$(MAKE) --no-print-directory staticfiles/.collected
	$(BIN)/python manage.py migrate --no-input -v1
	PORT=$(PORT) WEB_CONCURRENCY=$(WEB_CONCURRENCY) $(BIN)/gunicorn -c deploy/gunicorn.conf.py reglab.wsgi

# The live dialog's WebSockets (/ws/): one ASGI process (uvicorn) beside gunicorn, on LIVE_PORT,
# behind the same nginx. Votes reach it through the Redis channel layer (REDIS_URL).
LIVE_PORT ?= 8001
serve-live: install
	@test -n "$$SECRET_KEY" || { echo "SECRET_KEY måste vara satt (se README, Drift)."; exit 1; }
	$(BIN)/uvicorn reglab.asgi:application --host 127.0.0.1 --port $(LIVE_PORT) --ws websockets-sansio \
	  --proxy-headers --forwarded-allow-ips 127.0.0.1 --no-server-header --lifespan off

# Measurement only: a large data set (BENCH_SCALE=1.0: 10,000 provrum, 200,000 comments …) in a
# new PostgreSQL database, served as `make serve` does and measured with wrk at 1 and 8
# connections, BENCH_DURATION seconds each; prints the table and writes docs/benchmarks.md.
# Loopback only, under 20 minutes, and it removes its database and cache afterwards.
BENCH_SCALE ?= 1.0
BENCH_DURATION ?= 10
bench: install
	BENCH_SCALE=$(BENCH_SCALE) BENCH_DURATION=$(BENCH_DURATION) $(BIN)/python -m bench.run

# Measurement only: 300 phones answer one question through the API (make serve, two gunicorn
# processes) while a presenter WebSocket on each of two `make serve-live` processes follows
# over Redis; prints votes sent/counted, duplicates, errors and vote-to-screen times. Own
# PostgreSQL database and Redis database, loopback only, bounded, cleans up (bench/live.py).
bench-live: install
	$(BIN)/python -m bench.live

# Fault drills, on demand (not in `make test`): 500 live answers at once, the last go-ahead
# and last seat raced 100 times through several app processes, kill -9 during plan saves, a
# PostgreSQL restart under load (a cluster of its own), Redis stopped and started under load (a
# redis-server of its own), an SQLite online backup during writes and a restore from `make backup`.
# Bounded, loopback only, own databases, cleans up; writes docs/drills.md. DRILLS=a,b chooses.
drills: install-dev redis-server
	$(BIN)/python -m bench.drills

# The API fuzz drill (RELIABILITY.md §2b), on demand: tests/api/test_schemathesis.py with
# FUZZ_EXAMPLES (1000) cases per operation and FUZZ_SCENARIOS × FUZZ_STEPS (100 × 25) stateful
# steps per role, on SQLite or on PostgreSQL with DATABASE_URL; writes docs/drills.md ("Fuzz").
fuzz: install-dev
	DRILLS=fuzz $(BIN)/python -m bench.drills

# One dated archive of the database and the documents; its path is printed last.
backup: install
	@$(BIN)/python manage.py backup

# Into an empty database (a new PostgreSQL database or a new SQLite file) and documents folder.
restore: install
	@test -n "$(FILE)" || { echo "Ange arkivet: make restore FILE=backups/reglab-….tar.gz"; exit 1; }
	$(BIN)/python manage.py restore "$(FILE)"

# Chromium for the browser tests comes from Debian's packages.
browser:
	@command -v chromium >/dev/null || { \
	  echo "Installerar Chromium för webbläsartesterna…"; \
	  (apt-get update -qq && apt-get install -y -qq chromium >/dev/null) || \
	  (sudo apt-get update -qq && sudo apt-get install -y -qq chromium >/dev/null); }

# redis-server for the drills (a private one on a spare port) comes from Debian's packages.
redis-server:
	@command -v redis-server >/dev/null || { \
	  echo "Installerar redis-server för övningarna…"; \
	  (apt-get update -qq && apt-get install -y -qq redis-server >/dev/null) || \
	  (sudo apt-get update -qq && sudo apt-get install -y -qq redis-server >/dev/null); }

test: install-dev browser
	$(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

# The property tests with the test plan's 1,000 examples each (make test runs 60) and the
# stale-edit walk with 100 interleavings (make test: 20). Several minutes on one core.
properties: install-dev
	HYPOTHESIS_PROFILE=thorough $(BIN)/python -m pytest -p no:randomly -n 0 tests/properties $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check reglab tests
	@# bandit beside ruff's S rules; every exception says why on its line or the one before.
	$(BIN)/bandit --quiet --recursive reglab --exclude '*/migrations/*' --format custom \
	  --msg-template '{relpath}:{line} {test_id} {msg}' 2>/dev/null
	@# Known vulnerabilities in the locked packages; skipped (one line says so) when offline.
	$(BIN)/python .ci/pip_audit.py requirements-dev.lock
	TESTING=1 $(BIN)/python manage.py makemigrations --check --dry-run

# Regenerate the hashed locks (no download addresses) after changing pyproject.toml.
lock: install-dev
	$(BIN)/pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --generate-hashes --python-version 3.12 -o requirements.lock
	$(BIN)/uv pip compile pyproject.toml --group dev --generate-hashes --python-version 3.12 -o requirements-dev.lock

clean:
	rm -rf $(VENV) staticfiles .pytest_cache db.sqlite3*
