# dxtracker: `make run` serves the dashboard with demo data; `make test` runs the suite.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
HOST ?= 127.0.0.1
PORT ?= 8000
# make is the development entry point: debug on (the settings default to off, as production must be).
# Production never runs through make; see README.md, "Production".
export DJANGO_DEBUG ?= true

.PHONY: run test setup messages lint format bench clean

$(VENV)/.installed: requirements.txt
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.txt
	touch $@

setup: $(VENV)/.installed
	$(PY) scripts/i18n.py compile
	$(PY) manage.py migrate --noinput
	$(PY) manage.py load_demo

run: setup
	$(PY) manage.py demo_logins --address $(HOST):$(PORT)
	$(PY) manage.py runserver $(HOST):$(PORT)

test: $(VENV)/.installed
	$(PY) scripts/i18n.py compile
	$(PY) -m pytest $(PYTEST_ARGS)

# Extract the interface strings into the .po files (the source of truth: existing translations are kept, new
# strings arrive untranslated, changed ones fuzzy), then compile. `scripts/i18n.py missing` lists what to translate.
messages: $(VENV)/.installed
	$(PY) manage.py makemessages -l vi -l en --no-obsolete --add-location=file --ignore=.venv --ignore=staticfiles --ignore=media
	$(PY) scripts/i18n.py compile

lint: $(VENV)/.installed
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

format: $(VENV)/.installed
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

# Benchmarks (devtools/, installed with debug on or DXT_DEV_TOOLS=true); figures in docs/performance.md.
bench: $(VENV)/.installed
	$(PY) manage.py bench_pages
	$(PY) manage.py bench_scoring --skip-postgres

clean:
	rm -rf $(VENV) db.sqlite3 staticfiles
