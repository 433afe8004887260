# Loyalty Desk: the public commands (see README.md). Every target installs what it needs first.
SHELL := /bin/bash
.DEFAULT_GOAL := demo

PORT ?= 8000
# Empty: the launcher picks 1 without REDIS_URL, 2 with it (and refuses several without Redis).
WORKERS ?=
VENV := .venv
BIN := $(VENV)/bin
PYTHON_FOR_VENV := $(shell command -v python3.13 || command -v python3.12)
STAMP := $(VENV)/.installed
AXE := tests/browser/node_modules/axe-core/axe.min.js
PYTEST_ARGS ?=
# Test processes for `make test` and `make check` (pytest-xdist); 0 runs the suite in one process.
TEST_WORKERS ?= 2
# `make test` measures branch coverage and prints it; the whole suite must reach the floor in
# pyproject.toml ([tool.coverage.report] fail_under). A partial run (PYTEST_ARGS) is measured only.
COVERAGE_ARGS ?= --cov --cov-report=term$(if $(PYTEST_ARGS), --cov-fail-under=0)
UVICORN_ARGS ?=
BENCH_ARGS ?=

.PHONY: demo test check serve bench lint lock install browser-deps messages clean

# Compiled translation catalogues (git-ignored), rebuilt when a .po changes; GNU gettext's msgfmt
# from Debian, installed when missing (like Chromium below).
MO_FILES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po))

install: $(STAMP)

# Reinstall only when the lock file changes; every package is checked against its hash.
$(STAMP): requirements.lock
	@test -n "$(PYTHON_FOR_VENV)" || { echo "Python 3.12 or newer is needed (python3.13 or python3.12 on PATH)"; exit 1; }
	@test -x $(BIN)/python || $(PYTHON_FOR_VENV) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --disable-pip-version-check pip==25.3
	$(BIN)/python -m pip install --quiet --disable-pip-version-check --require-hashes -r requirements.lock
	@touch $(STAMP)

# Recompile requirements.lock from pyproject.toml (runtime dependencies + the dev group), with the
# hashes of every file of every pinned release, for any platform on Python 3.12 or newer.
lock: $(STAMP)
	$(BIN)/uv pip compile pyproject.toml --group pyproject.toml:dev --generate-hashes --universal \
		--python-version 3.12 --no-header --quiet -o requirements.lock

# Browser tests use Debian's Chromium (never a browser download) and axe-core from npm.
browser-deps: $(AXE)
	@command -v chromium >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium >/dev/null; }

locale/%/LC_MESSAGES/django.mo: locale/%/LC_MESSAGES/django.po
	@command -v msgfmt >/dev/null || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq gettext >/dev/null; }
	msgfmt --check -o $@ $<

# Refresh the catalogues from the code and templates (then translate what is new; tests check it).
messages: $(STAMP)
	$(BIN)/python manage.py makemessages --locale ru --no-location --no-obsolete --no-wrap --ignore '.venv/*' --ignore 'tests/*' --ignore 'bench/*' --ignore 'staticfiles/*'

$(AXE): tests/browser/package.json tests/browser/package-lock.json
	npm ci --silent --no-audit --no-fund --prefix tests/browser

demo: export ALTEGIO_BASE_URL ?= sandbox
demo: export DEBUG ?= true
demo: export SECURE_COOKIES ?= false
demo: $(STAMP) $(MO_FILES)
	$(BIN)/python manage.py migrate --no-input
	@echo "Loyalty Desk (sandbox data) on http://127.0.0.1:$(PORT)/ — demo logins are on the sign-in page."
	PORT=$(PORT) WORKERS=$(WORKERS) $(BIN)/python -m dashboard.serve $(UVICORN_ARGS)

test: $(STAMP) $(MO_FILES) browser-deps
	$(BIN)/python -m pytest -n $(TEST_WORKERS) $(COVERAGE_ARGS) $(PYTEST_ARGS)

# Lint, then the fast tests: everything but the browser journeys (no Chromium needed).
check: lint $(MO_FILES)
	$(BIN)/python -m pytest -n $(TEST_WORKERS) -m "not browser" $(PYTEST_ARGS)

serve: $(STAMP) $(MO_FILES)
	$(BIN)/python manage.py migrate --no-input
	$(BIN)/python manage.py collectstatic --no-input --verbosity 0
	DEBUG=$${DEBUG:-false} PORT=$(PORT) WORKERS=$(WORKERS) $(BIN)/python -m dashboard.serve $(UVICORN_ARGS)

# The benchmark (docs/benchmark.md); e.g. `make bench BENCH_ARGS=--quick` for a smoke run.
bench: $(STAMP)
	$(BIN)/python -m bench $(BENCH_ARGS)

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/mypy .
	$(BIN)/djlint templates --lint
	$(BIN)/lint-imports

clean:
	rm -rf $(VENV) staticfiles tests/browser/node_modules
