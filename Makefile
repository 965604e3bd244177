# The shared vocabulary: make run, make test, make lint, make check, make bench.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
# make run serves with DEBUG off, as production does; this key is for this machine only.
LOCAL_ENV := SECRET_KEY=$${SECRET_KEY:-local-make-run-key-not-for-production}

.PHONY: run test test-fast lint format check bench install browser validator migrate clean backup restore container-smoke \
	two-servers cache-outage varnish

$(STAMP): requirements.txt requirements-dev.txt
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -r requirements-dev.txt
	touch $(STAMP)

install: $(STAMP)

# What every app server runs before it serves: migrate, cache table, roles, content (ops/).
migrate: $(STAMP)
	$(LOCAL_ENV) $(BIN)/python manage.py prepare_site

run: migrate
	$(LOCAL_ENV) $(BIN)/python manage.py collectstatic --no-input --verbosity 0
	@echo
	@echo "Serving on http://127.0.0.1:8000  (Ctrl+C to stop)"
	@echo "Staff login: make a superuser with"
	@echo "    $(LOCAL_ENV) $(BIN)/python manage.py createsuperuser"
	@echo "then sign in at http://127.0.0.1:8000/admin/"
	@echo "Mail is sent by the outbox worker (manage.py db_worker), started alongside; without EMAIL_HOST"
	@echo "it prints each mail here."
	@echo
	@# The Procfile's two processes: the worker in the background, stopped when gunicorn stops.
	$(LOCAL_ENV) $(BIN)/python manage.py db_worker --no-reload --interval 0.25 & worker=$$!; \
	  trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT INT TERM; \
	  $(LOCAL_ENV) $(BIN)/gunicorn mesosite.wsgi --config gunicorn.conf.py --bind 127.0.0.1:8000

# Debian's Chromium for the browser tests: installed when missing and we can (root with apt-get).
browser:
	@command -v chromium >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    (apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq chromium) >/dev/null; \
	  else echo "chromium is missing: install Debian's chromium package to run the browser tests"; fi; }

# The W3C Nu HTML checker for the validation test: npm's vnu-jar (without its postinstall, which
# would download a Java) on the machine's Java, both installed with apt-get when missing and we can.
# Lighthouse, for make bench only, is a devDependency: the tests install without it.
NODE_TEST_STAMP := node_modules/.installed-test
NODE_BENCH_STAMP := node_modules/.installed-bench
APT_INSTALL := DEBIAN_FRONTEND=noninteractive apt-get install -y -qq
# $(call apt_need,command,Debian package)
define apt_need
@command -v $(1) >/dev/null 2>&1 || { \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then \
	    (apt-get update -qq && $(APT_INSTALL) $(2)) >/dev/null; \
	  else echo "$(1) is missing: install Debian's $(2) package"; fi; }
endef

$(NODE_TEST_STAMP): package.json package-lock.json
	$(call apt_need,java,default-jre-headless)
	$(call apt_need,npm,npm)
	npm ci --omit=dev --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $@

$(NODE_BENCH_STAMP): package.json package-lock.json
	$(call apt_need,npm,npm)
	$(call apt_need,wrk,wrk)
	npm ci --ignore-scripts --no-audit --no-fund --loglevel=error
	touch $(NODE_TEST_STAMP) $@

validator: $(NODE_TEST_STAMP)

# One pytest worker per CPU (pytest-xdist), each with its own test database and Chromium. A worker
# that runs out of tests takes some from the other's queue (worksteal), so neither waits alone at the end.
PYTEST_PARALLEL := -n auto --dist worksteal
test: $(STAMP) browser validator
	$(BIN)/pytest $(PYTEST_PARALLEL)

test-fast: $(STAMP)
	$(BIN)/pytest $(PYTEST_PARALLEL) -m "not browser"

lint: $(STAMP)
	$(BIN)/ruff check .
	$(BIN)/ruff format --check .
	$(BIN)/lint-imports

format: $(STAMP)
	$(BIN)/ruff check --fix .
	$(BIN)/ruff format .

check: $(STAMP)
	$(LOCAL_ENV) $(BIN)/python manage.py makemigrations --check --dry-run
	DJANGO_ENV=production SECRET_KEY=$$($(BIN)/python -c "import secrets; print(secrets.token_urlsafe(50))") \
	  ALLOWED_HOSTS=clinic.example $(BIN)/python manage.py check --deploy --fail-level WARNING

# Throughput of the home, area and enquiry pages against a bare Django view under gunicorn, then
# Lighthouse scores, then the cached pages through Varnish (bench/README.md).
# BENCH_ARGS="--rounds 7 --duration 5" for steadier figures.
bench: export PATH := $(PATH):/usr/sbin
bench: $(STAMP) browser $(NODE_BENCH_STAMP)
	$(call apt_need,varnishd,varnish varnish-modules)
	$(BIN)/python bench/run.py $(BENCH_ARGS)
	$(BIN)/python bench/through_varnish.py $(BENCH_ARGS)

# The database DATABASE_URL names (SQLite or PostgreSQL) to backups/<name>-<UTC time>, and back.
# Restoring replaces everything in the database: stop the app servers first (docs/deploy.md).
BACKUP_DIR ?= backups
backup: $(STAMP)
	$(LOCAL_ENV) $(BIN)/python manage.py backup_db --output-dir "$(BACKUP_DIR)"

restore: $(STAMP)
	@test -n "$(FILE)" || { echo "usage: make restore FILE=backups/<file>.sqlite3|.dump" >&2; exit 2; }
	$(LOCAL_ENV) $(BIN)/python manage.py restore_db "$(FILE)"

# The legs that start real servers (tests/servers/, which a plain pytest does not collect); each fails,
# never skips, when what it needs does not answer. two-servers: two gunicorn servers sharing a
# PostgreSQL database of its own (created and dropped) and a Redis database number of its own.
# cache-outage: one server on SQLite, with a redis-server of its own that it stops and starts.
TWO_SERVERS_DATABASE_URL ?= postgres://postgres@127.0.0.1:5432/twoservers
TWO_SERVERS_REDIS_URL ?= redis://127.0.0.1:6379/13
two-servers: $(STAMP)
	TWO_SERVERS_DATABASE_URL="$(TWO_SERVERS_DATABASE_URL)" TWO_SERVERS_REDIS_URL="$(TWO_SERVERS_REDIS_URL)" \
	  timeout 600 $(BIN)/pytest tests/servers/test_two_app_servers.py

cache-outage: $(STAMP)
	$(call apt_need,redis-server,redis-server)
	timeout 600 $(BIN)/pytest tests/servers/test_cache_outage.py

# varnish: Debian's varnishd with deploy/varnish/mesosite.vcl in front of one server on SQLite and the
# outbox worker (which sends the purges); Chromium sends feedback and an enquiry through it.
# Without varnish-modules (xkey) varnishd refuses the configuration, and the leg fails saying so.
varnish: export PATH := $(PATH):/usr/sbin
varnish: $(STAMP) browser
	$(call apt_need,varnishd,varnish varnish-modules)
	timeout 180 $(BIN)/pytest tests/servers/test_varnish.py

# The Dockerfile's build and start steps without Docker: build, serve on 127.0.0.1:8765, check, stop.
container-smoke: $(STAMP)
	timeout 300 bin/container-smoke

clean:
	rm -rf $(VENV) staticfiles .cache .pytest_cache node_modules
