# Kompanjong: `make run` to try it, `make test` to check it. See README.md.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
RUN_ENV := KOMPANJONG_MODE=development
LOCK := requirements.lock

.PHONY: run test lint typecheck pytest browser messages install install-test clean bench

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip

$(VENV)/.installed: $(BIN)/python pyproject.toml $(LOCK)
	$(BIN)/pip install --quiet -c $(LOCK) -e .
	touch $@

$(VENV)/.installed-test: $(VENV)/.installed
	$(BIN)/pip install --quiet -c $(LOCK) -e '.[test]'
	touch $@

install: $(VENV)/.installed
install-test: $(VENV)/.installed-test

## make run: set up, migrate SQLite, load demo data, serve http://127.0.0.1:8000 with the worker.
run: install
	@mkdir -p var
	$(RUN_ENV) $(MANAGE) migrate --no-input
	$(RUN_ENV) $(MANAGE) load_demo_data
	$(RUN_ENV) $(MANAGE) load_demo_directory
	$(RUN_ENV) $(MANAGE) load_demo_cases
	@echo "Kompanjong: http://127.0.0.1:8000  (Ctrl-C stops the server and the worker)"
	@trap 'kill 0' INT TERM EXIT; \
	  $(RUN_ENV) $(MANAGE) db_worker --queue-name default & \
	  $(RUN_ENV) $(MANAGE) runserver 127.0.0.1:8000 & \
	  wait

## make test: install what the tests need, then lint, type-check and run the whole suite.
test: install-test browser lint typecheck pytest

# Debian packages the tests drive for real: Chromium (browser journeys), ClamAV's daemon
# (virus scanning, with a local test signature), poppler (reading text out of PDFs).
SYSTEM_PACKAGES := chromium clamav-daemon poppler-utils
browser:
	@command -v chromium >/dev/null && command -v clamd >/dev/null && command -v pdftotext >/dev/null || { \
	  echo "Installing Debian packages for the tests: $(SYSTEM_PACKAGES)"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $(SYSTEM_PACKAGES) >/dev/null; }

lint: install-test
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .

typecheck: install-test
	$(BIN)/mypy src tests

PYTEST_ARGS ?= -n 2
pytest: install-test
	$(BIN)/pytest $(PYTEST_ARGS)

## make messages: extract strings and compile the nb/nn/en catalogues (needs GNU gettext).
messages: install-test
	cd src/kompanjong && ../../$(BIN)/python ../../manage.py makemessages -l nb -l nn -l en --no-obsolete
	cd src/kompanjong && ../../$(BIN)/python ../../manage.py compilemessages

bench: install-test
	$(BIN)/python -m bench

clean:
	rm -rf $(VENV) var .pytest_cache .mypy_cache .ruff_cache
