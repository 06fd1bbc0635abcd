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

.PHONY: help install install-dev run test lint lock messages browser clean

help:
	@echo "make run   – install, migrate, load demo data and serve on http://127.0.0.1:$(PORT)"
	@echo "make test  – install what tests need and run the whole suite"

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

# Compiled translations are built here, never committed.
messages: $(BIN)/python
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

# Chromium for the browser tests comes from Debian's packages.
browser:
	@command -v chromium >/dev/null || { \
	  echo "Installerar Chromium för webbläsartesterna…"; \
	  (apt-get update -qq && apt-get install -y -qq chromium >/dev/null) || \
	  (sudo apt-get update -qq && sudo apt-get install -y -qq chromium >/dev/null); }

test: install-dev browser
	$(BIN)/python -m pytest -n 2 $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check reglab tests
	TESTING=1 $(BIN)/python manage.py makemigrations --check --dry-run

# Regenerate the hashed locks (no download addresses) after changing pyproject.toml.
lock: install-dev
	$(BIN)/pip install --quiet uv
	$(BIN)/uv pip compile pyproject.toml --generate-hashes --python-version 3.12 -o requirements.lock
	$(BIN)/uv pip compile pyproject.toml --group dev --generate-hashes --python-version 3.12 -o requirements-dev.lock

clean:
	rm -rf $(VENV) staticfiles .pytest_cache db.sqlite3*
