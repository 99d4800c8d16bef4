# Styrmodell: `make run` serves the demo, `make test` runs the whole suite. Both set up first.
PORT ?= 8000
# Links made without a request (reminder e-mails) point where `make run` serves, unless set.
SITE_URL ?= http://127.0.0.1:$(PORT)
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-$(shell cat requirements-dev.lock pyproject.toml | cksum | cut -d' ' -f1)
# The suite runs in this many processes (pytest-xdist; 0 runs it in this one), a test module at a time each.
TEST_PROCESSES ?= 2
# The Nu HTML Checker for the test that validates every page (npm package vnu-jar, run with Java).
VNU := node_modules/vnu-jar/build/dist/vnu.jar

.PHONY: install run test lint lock messages clean bench loadtest demo-reports mutation

install: $(STAMP)

$(STAMP): requirements-dev.lock pyproject.toml
	@if [ ! -x $(PY) ] || ! $(PY) -c 'import sys; sys.exit(sys.version_info < (3, 12))' 2>/dev/null; then \
		rm -rf $(VENV); \
		python=$$(scripts/find-python.sh) || exit 1; \
		echo "Creating $(VENV) with $$python"; \
		"$$python" -m venv $(VENV) || exit 1; \
	fi
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements-dev.lock
	rm -f $(VENV)/.installed-*
	touch $(STAMP)

run: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo
	@echo ""
	@echo "Styrmodell körs på http://127.0.0.1:$(PORT)/ (avsluta med Ctrl+C)"
	SITE_URL=$(SITE_URL) $(PY) manage.py runserver 127.0.0.1:$(PORT)

test: install
	@if [ ! -f $(VNU) ]; then \
		if command -v npm >/dev/null 2>&1; then npm ci --ignore-scripts --no-audit --no-fund --loglevel=error; \
		else echo "npm is not installed: the HTML check of every page is skipped (CI installs it)"; fi; \
	fi
	$(PY) -m pytest -n $(TEST_PROCESSES) --dist loadfile

lint: install
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(PY) manage.py makemigrations --check --dry-run

# Mutation testing of the rule modules against their tests, outside `make test` (docs/mutation.md): mutmut
# mutates them in mutants/ and reruns the tests that reach each mutant, on SQLite; below 95 % killed fails.
# It keeps its results in mutants/ and retests only what changed; `rm -rf mutants` for a run from scratch.
mutation: install
	DATABASE_URL= REDIS_URL= $(VENV)/bin/mutmut run --max-children 2
	$(PY) scripts/mutation_score.py --min 95

# The figures of docs/performance.md at 1, 10 and 50 times the demo: one `name: value unit` line each,
# also in build/bench.txt and as tables in build/bench.md (BENCH_SIZES, BENCH_REPEATS: bench/run.py).
# On PostgreSQL with DATABASE_URL set (a fresh database bench_n<N> per size), else on SQLite.
bench: install
	$(PY) bench/run.py

# gunicorn (production settings) on PostgreSQL and Redis at 127.0.0.1, the demo at N=10, wrk as a
# politician for 60 s at 32 connections while handläggare save 200 follow-up updates; fails on any
# error, 5xx or lost update. Figures in build/loadtest.md (bench/loadtest.py; needs wrk).
loadtest: install
	@command -v wrk >/dev/null 2>&1 || { echo "wrk is not installed (Debian: apt-get install wrk)"; exit 1; }
	$(PY) bench/loadtest.py

# Every demo report as PDF and as PNG pages in build/reports/, to look at (needs pdftoppm: poppler-utils).
demo-reports: install
	$(PY) manage.py migrate --noinput
	$(PY) manage.py seed_demo --quiet-logins
	$(PY) manage.py demo_reports --output build/reports

# Rebuild the pinned locks from pyproject.toml: only on purpose, and commit the result.
lock: install
	$(VENV)/bin/pip-compile --quiet --strip-extras --no-emit-index-url --no-emit-find-links --no-emit-trusted-host -o requirements.lock pyproject.toml
	$(VENV)/bin/pip-compile --quiet --strip-extras --extra dev --no-emit-index-url --no-emit-find-links --no-emit-trusted-host -o requirements-dev.lock pyproject.toml

# Refresh the Swedish catalogue after changing texts; edit locale/sv/LC_MESSAGES/django.po, then run again.
messages: install
	$(PY) manage.py makemessages --locale sv --no-obsolete --ignore '.venv/*' --ignore 'staticfiles/*' --ignore 'mutants/*'
	$(PY) manage.py compilemessages --locale sv --ignore '.venv/*' --ignore 'mutants/*'

clean:
	rm -rf $(VENV) staticfiles .pytest_cache node_modules
