# Reelflow — the two commands: `make run` and `make test`. Everything else is optional.
SHELL := /bin/bash
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: run test setup system-deps migrate seed bench lint format clean

# `make run` serves with debug off (branded error pages; DEBUG=true brings Django's debug pages
# back): a key of its own in var/secret_key, its static files collected for whitenoise to
# serve, and cookies over plain http on 127.0.0.1. Values set in the environment win.
run: export SECRET_KEY_FILE ?= $(CURDIR)/var/secret_key
run: export SESSION_COOKIE_SECURE ?= false
run: export CSRF_COOKIE_SECURE ?= false
run: setup ## set up, migrate, seed demo data, then serve web + worker + beat (Ctrl-C stops all)
	$(BIN)/python manage.py migrate --noinput
	$(BIN)/python manage.py collectstatic --noinput --verbosity 0
	$(BIN)/python manage.py seed_demo --if-empty
	$(BIN)/honcho -f Procfile.dev start

test: setup system-deps ## set up and run the whole test suite (JS modules under node, the import rules, then pytest)
	@if command -v node >/dev/null; then node --test tests/js/; \
	elif [ -n "$$CI" ]; then echo "node is missing: the JS tests cannot run" >&2; exit 1; \
	else echo "node is not installed: skipping the JS tests (tests/js/)"; fi
	$(BIN)/lint-imports
	$(BIN)/python -m pytest

setup: $(STAMP)

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e ".[dev]"
	@mkdir -p var/staticfiles
	@touch $(STAMP)

system-deps: ## install ffmpeg, chromium and docker-compose's validator when missing (needs root + apt-get)
	@bash scripts/system-deps.sh

bench: setup ## run every benchmark; prints BENCH lines
	$(BIN)/python -m bench

lint:
	$(BIN)/ruff format --check .
	$(BIN)/ruff check .

format:
	$(BIN)/ruff format .
	$(BIN)/ruff check --fix .

clean:
	rm -rf var/broker var/test.sqlite3 var/test-media .pytest_cache
