# Löfte: `make demo` runs the product, `make test` runs the tests. Both set up everything they need.
PYTHON ?= python3.12
VENV := .venv
BIN := $(VENV)/bin
MANAGE := $(BIN)/python manage.py
# The demo and the tests run with DEBUG on locally; production sets its own environment (see README).
DEV_ENV := DEBUG=1 DJANGO_SETTINGS_MODULE=lofte.settings

.PHONY: demo serve serve-prod install install-dev messages test test-postgres bench lint lock audit otp clean

$(BIN)/python:
	$(PYTHON) -m venv $(VENV)

# Every package, the ones pulled in too, is pinned with the hashes of its files: pip refuses anything else.
$(VENV)/.installed: requirements.lock | $(BIN)/python
	$(BIN)/pip install -q --require-hashes -r requirements.lock
	touch $@

# The dev lock holds the runtime pins too (the same versions), so it installs on its own.
$(VENV)/.installed-dev: requirements-dev.lock $(VENV)/.installed
	$(BIN)/pip install -q --require-hashes -r requirements-dev.lock
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

# Re-pin every dependency with the hashes of all its files (run after editing requirements*.in). pip-compile runs
# in a throw-away virtualenv and needs only the package registry; it keeps the versions already locked unless
# an .in file asks for another (LOCK_ARGS=--upgrade to take the newest).
LOCK_VENV ?= /tmp/lofte-lock
LOCK_ARGS ?=
PIP_COMPILE = $(LOCK_VENV)/bin/pip-compile -q --generate-hashes --allow-unsafe --strip-extras \
	--no-emit-index-url --no-emit-find-links --no-emit-trusted-host $(LOCK_ARGS)
lock:
	rm -rf $(LOCK_VENV) && $(PYTHON) -m venv $(LOCK_VENV)
	$(LOCK_VENV)/bin/pip install -q pip-tools==7.6.2
	$(PIP_COMPILE) -o requirements.lock requirements.in
	$(PIP_COMPILE) -o requirements-dev.lock requirements-dev.in
	rm -rf $(LOCK_VENV)

# Known vulnerabilities in every pin (pip-audit, with the registry's own data where pip-audit cannot reach its
# service: see scripts/audit.py) and bandit over the code, with the reviewed exceptions in pyproject.toml.
audit: install-dev
	$(BIN)/python scripts/audit.py
	$(BIN)/bandit -q -c pyproject.toml -r lofte

clean:
	rm -rf $(VENV) var staticfiles
