# Two commands for a newcomer: `make run` and `make test`. Everything they need is installed here.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
MANAGE := $(PY) manage.py
# Values only for `check --deploy`; production reads the real ones from its environment.
DEPLOY_CHECK_ENV := DJANGO_SETTINGS_MODULE=civic_portal.settings.prod \
	SECRET_KEY=deploy-check-$$(od -An -N32 -tx1 /dev/urandom | tr -d ' \n') \
	ALLOWED_HOSTS=portal.example.jp EMAIL_HOST=smtp.example.jp \
	DATABASE_URL=$${DATABASE_URL:-$$($(PY) -m civic_portal.core.devdb url)}

.DEFAULT_GOAL := help
.PHONY: help install setup run test test-fast lint checks pytest db-start db-stop db-url demo messages clean test-dates multi-node-check

help:
	@echo "make run      set up everything and serve http://$(HOST):$(PORT)"
	@echo "make test     set up everything and run lint, checks and the whole test suite"
	@echo "make test-fast  lint and the quick tests (no browser, no slow ones)"
	@echo "make test-dates the suite with the clock moved to six awkward moments"
	@echo "make multi-node-check  two gunicorn servers and a worker on one database, cache and storage, checked"
	@echo "make bench    a city-sized generated database, every page timed against a floor view (README: Speed)"
	@echo "make db-stop  stop the project's own PostgreSQL (data stays in var/)"

$(VENV)/.installed: pyproject.toml requirements.lock scripts/check_python.py
	@$(PYTHON) scripts/check_python.py
	@test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	@touch $@

install: $(VENV)/.installed

messages: install
	@$(MANAGE) compilemessages --ignore=.venv --ignore=var -v0

db-start: install
	@if [ -n "$$DATABASE_URL" ]; then $(PY) -m civic_portal.core.devdb check-url; else $(PY) -m civic_portal.core.devdb start; fi

db-stop:
	@if [ -x $(PY) ]; then $(PY) -m civic_portal.core.devdb stop; fi

db-url: install
	@$(PY) -m civic_portal.core.devdb url

setup: install messages db-start
	@$(MANAGE) migrate --no-input -v0

demo: setup
	@$(MANAGE) load_demo

# The server and a task worker (it sends the queued mail); Ctrl-C stops both.
run: demo
	@$(PY) scripts/check_port.py $(HOST) $(PORT)
	$(PY) scripts/run_dev.py $(HOST):$(PORT)

lint: install
	$(PY) -m ruff check .
	$(PY) -m ruff format --check .
	$(PY) -m mypy

checks: setup
	$(MANAGE) makemigrations --check --dry-run
	$(DEPLOY_CHECK_ENV) $(MANAGE) check --deploy --fail-level WARNING
	bash scripts/check_translations.sh

pytest: setup
	$(PY) -m pytest $(PYTEST_ARGS)

test: lint checks pytest

# While working: lint and the tests that take under a second, without browser, slow tests or coverage.
test-fast: lint setup
	$(PY) -m pytest -m "not slow and not browser" --no-cov -q $(PYTEST_ARGS)

# The non-browser suite at six moments (1st of a month, midnight in Tokyo, fiscal and calendar year ends, leap day).
test-dates: messages db-start
	bash scripts/test_dates.sh

# Two application servers and a worker with production settings on a fresh database of their own (dropped after).
multi-node-check: messages db-start
	$(PY) scripts/multi_node_check.py

# City-sized generated data (manage.py generate_scale) served by gunicorn; every page timed against /_floor/.
.PHONY: bench
bench: messages db-start
	$(PY) scripts/bench.py $(BENCH_ARGS)

clean: db-stop
	@if [ -x $(PY) ]; then home=$$($(PY) -m civic_portal.core.devdb home); case "$$home" in /var/tmp/civic-portal-*) rm -rf "$$home";; esac; fi
	rm -rf $(VENV) var
