# Löfte: `make demo` runs the product, `make test` runs the tests. Both set up everything they need.
PYTHON ?= python3.12
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
# The demo and the tests run with DEBUG on locally; production sets its own environment (see README).
DEV_ENV := DEBUG=1 DJANGO_SETTINGS_MODULE=lofte.settings

.PHONY: demo serve serve-prod install install-dev messages test test-postgres bench lint lock otp clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q --upgrade pip

$(VENV)/.installed: requirements.lock | $(BIN)/python
	$(BIN)/pip install -q -r requirements.lock
	touch $@

$(VENV)/.installed-dev: requirements-dev.lock $(VENV)/.installed
	$(BIN)/pip install -q -r requirements-dev.lock
	touch $@

install: $(VENV)/.installed

install-dev: $(VENV)/.installed-dev

# English translations; needs GNU gettext's msgfmt (apt-get install gettext).
messages: install
	@if command -v msgfmt >/dev/null; then $(DEV_ENV) $(MANAGE) compilemessages -v0 --ignore=.venv; \
	else echo "msgfmt not found: English translations are not compiled (apt-get install gettext)"; fi

demo: install messages
	$(DEV_ENV) $(MANAGE) migrate --noinput -v0
	$(DEV_ENV) $(MANAGE) createcachetable
	$(DEV_ENV) $(MANAGE) load_demo
	@echo "Löfte körs på http://127.0.0.1:8000 (avsluta med Ctrl-C)"
	$(DEV_ENV) $(MANAGE) db_worker --interval 1 & worker=$$!; \
	trap 'kill $$worker 2>/dev/null' EXIT INT TERM; \
	$(DEV_ENV) $(MANAGE) runserver --noreload 127.0.0.1:8000

# The product with production settings on loopback (gunicorn + task worker), to try and test it (see README).
serve-prod: install
	scripts/serve-prod.sh

otp: install
	@$(DEV_ENV) $(MANAGE) demo_otp $(USER)

test: install-dev messages
	$(DEV_ENV) $(BIN)/pytest -n 2 $(PYTEST_ARGS)

lint: install-dev
	$(BIN)/ruff check lofte tests bench
	$(BIN)/ruff format --check lofte tests bench
	$(DEV_ENV) $(MANAGE) makemigrations --check --dry-run
	$(DEV_ENV) $(BIN)/mypy lofte/text lofte/*/services.py lofte/*/selectors.py lofte/*/access.py \
		lofte/dialogues/imports.py lofte/dialogues/import_rows.py lofte/dialogues/population.py lofte/dialogues/answers.py \
		lofte/core/retention.py lofte/core/privacy.py lofte/lib

# Every benchmark, then one table of their figures (bench/run_all.py; ARGS="--only load mixed_load" for some).
bench: install-dev messages
	$(DEV_ENV) $(BIN)/python bench/run_all.py $(ARGS)

# Re-pin every dependency (run after editing requirements*.in).
LOCK_VENV ?= /tmp/lofte-lock
lock:
	rm -rf $(LOCK_VENV) && $(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/pip install -q -r requirements.in
	$(LOCK_VENV)/bin/pip freeze --all --exclude pip > requirements.lock
	$(LOCK_VENV)/bin/pip install -q -r requirements-dev.in
	$(LOCK_VENV)/bin/pip freeze --all --exclude pip | grep -vxFf requirements.lock > requirements-dev.lock

clean:
	rm -rf $(VENV) var staticfiles
