# Linchpin: `make run` serves the demo, `make test` runs the whole suite.
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
RUNTIME_DEBS := libpango-1.0-0 libpangoft2-1.0-0 libharfbuzz-subset0 fonts-dejavu-core gettext
TEST_DEBS := chromium docker-compose

# pytest-xdist processes for `make test` (one test database each).
PYTEST_WORKERS ?= auto

.PHONY: run test venv deps test-deps migrate demo lint lock clean messages

# Browser libraries come from the npm registry, pinned in package.json/package-lock.json, and
# are served from static/vendor/ (never a CDN: the CSP allows only this site). Made, not
# committed: `npm ci` installs exactly the locked version.
VENDOR_JS := static/vendor/cytoscape.min.js

$(VENV)/.created:
	@PYTHON=$$(bin/find-python) && echo "Using $$PYTHON" && $$PYTHON -m venv $(VENV)
	$(VENV)/bin/pip install --quiet --upgrade pip
	@touch $@

$(VENV)/.deps: $(VENV)/.created requirements.lock
	bin/apt-ensure $(RUNTIME_DEBS)
	$(VENV)/bin/pip install --quiet -r requirements.lock
	@touch $@

$(VENV)/.test-deps: $(VENV)/.deps requirements-test.lock
	bin/apt-ensure $(TEST_DEBS)
	$(VENV)/bin/pip install --quiet -r requirements-test.lock
	@touch $@

$(VENDOR_JS): package.json package-lock.json
	@command -v npm >/dev/null 2>&1 || bin/apt-ensure npm
	npm ci --omit=dev --no-audit --no-fund
	@mkdir -p $(@D)
	cp node_modules/cytoscape/dist/cytoscape.min.js $@

# The compiled catalogues (French, Dutch): made from locale/*/LC_MESSAGES/django.po, not
# committed. msgfmt is gettext's (RUNTIME_DEBS); --check refuses a broken placeholder.
MESSAGES := $(patsubst %.po,%.mo,$(wildcard locale/*/LC_MESSAGES/django.po))

%.mo: %.po
	@command -v msgfmt >/dev/null 2>&1 || bin/apt-ensure gettext
	msgfmt --check -o $@ $<

venv deps: $(VENV)/.deps $(VENDOR_JS) $(MESSAGES)
test-deps: deps $(VENV)/.test-deps

migrate: deps
	@mkdir -p var
	$(PY) manage.py migrate --noinput

demo: migrate
	$(PY) manage.py load_demo

## Serve the demo on http://127.0.0.1:8000 with a Celery worker and beat beside it (Ctrl-C stops all).
run: demo
	$(PY) manage.py collectstatic --noinput --verbosity 0
	@bin/serve

## Install what the tests need and run the whole suite (DATABASE_URL/REDIS_URL pick PostgreSQL/Redis).
test: test-deps
	@mkdir -p var
	$(PY) -m pytest -n $(PYTEST_WORKERS) $(PYTEST_ARGS)

lint: test-deps
	$(VENV)/bin/ruff check .
	$(VENV)/bin/lint-imports

## Update the catalogues (locale/fr, locale/nl) with the messages of the code and templates.
messages: deps
	$(PY) manage.py makemessages -l fr -l nl

## Re-pin requirements*.lock from pyproject.toml (needs uv: pip install uv).
lock:
	uv pip compile pyproject.toml -p 3.12 --universal --no-header -o requirements.lock
	uv pip compile pyproject.toml --extra test -p 3.12 --universal --no-header -o requirements-test.lock

clean:
	rm -rf $(VENV) var/*.sqlite3 var/broker var/media staticfiles node_modules static/vendor
	rm -f $(MESSAGES)
