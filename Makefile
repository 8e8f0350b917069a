# annotator — two commands: `make run` (demo on http://127.0.0.1:8000) and `make test`.
# SQLite when DATABASE_URL is unset, PostgreSQL when it is set.

SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
# Where `make run` serves (e.g. `make run PORT=8001`).
HOST ?= 127.0.0.1
PORT ?= 8000
# Python 3.13: on PATH, or from pyenv.
PYTHON313 ?= $(shell command -v python3.13 2>/dev/null || ls -d $$HOME/.pyenv/versions/3.13*/bin/python3.13 /root/.pyenv/versions/3.13*/bin/python3.13 2>/dev/null | tail -n 1)

.PHONY: run test bench bench-peers lint fmt install install-dev clean

$(PY):
	@test -n "$(PYTHON313)" || { echo "Python 3.13 is needed (python3.13 on PATH, or pyenv install 3.13)"; exit 1; }
	$(PYTHON313) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip

$(VENV)/.installed: requirements.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements.txt
	@touch $@

$(VENV)/.installed-dev: requirements.txt requirements-dev.txt | $(PY)
	$(PY) -m pip install --quiet -r requirements-dev.txt
	@touch $@ $(VENV)/.installed

install: $(VENV)/.installed
install-dev: $(VENV)/.installed-dev

# The development configuration manage.py reads (annotator/devenv.py): DEBUG on and a secret
# generated once for this checkout, so every `.venv/bin/python manage.py ...` of the README
# works here too. gunicorn, the Docker image and the tests never read it.
.env.dev: | $(PY)
	@$(PY) -m annotator.devenv > $@.tmp && chmod 600 $@.tmp && mv $@.tmp $@
	@echo "wrote $@ (DEBUG=1 and a local SECRET_KEY for manage.py; see annotator/devenv.py)"

# The dev server and, beside it, the task worker (jobs are queued as on a team server, so
# a background import shows its progress bar). Ctrl-C stops both. The worker does not
# reload when code changes: stop and `make run` again after editing a task.
run: install .env.dev
	$(PY) manage.py migrate --no-input
	$(PY) manage.py loaddemo
	@echo
	@echo "  annotator: http://$(HOST):$(PORT)/ (log in as demo / demo-password)"
	@echo "  background jobs: a task worker runs beside the server; Ctrl-C stops both"
	@echo
	TASKS_BACKEND=database $(PY) manage.py worker --queue-name '*' --no-reload & worker=$$!; \
	trap 'kill $$worker 2>/dev/null; wait $$worker 2>/dev/null' EXIT; \
	TASKS_BACKEND=database $(PY) manage.py runserver $(HOST):$(PORT)

test: install-dev
	$(VENV)/bin/ruff check .
	$(PY) -m pytest $(PYTEST_ARGS)

bench: install-dev
	$(PY) -m bench $(BENCH_ARGS)

# The peers, each in its own virtual environment on Python 3.11 (doccano 1.8.4 needs
# numpy<2, marshmallow<3.20 and psycopg2 there), then the same workload against all three.
PYTHON311 ?= $(shell command -v python3.11 2>/dev/null || ls -d $$HOME/.pyenv/versions/3.11*/bin/python3.11 /root/.pyenv/versions/3.11*/bin/python3.11 2>/dev/null | tail -n 1)
PEERS := .peers

$(PEERS)/doccano/.installed:
	@test -n "$(PYTHON311)" || { echo "bench-peers needs Python 3.11 (python3.11 on PATH, or pyenv install 3.11)"; exit 1; }
	$(PYTHON311) -m venv $(PEERS)/doccano
	$(PEERS)/doccano/bin/pip install --quiet doccano==1.8.4 'numpy<2' 'marshmallow<3.20' psycopg2-binary \
		|| { echo "bench-peers: installing doccano 1.8.4 from PyPI failed (see above)"; exit 1; }
	@touch $@

$(PEERS)/label-studio/.installed:
	@test -n "$(PYTHON311)" || { echo "bench-peers needs Python 3.11 (python3.11 on PATH, or pyenv install 3.11)"; exit 1; }
	$(PYTHON311) -m venv $(PEERS)/label-studio
	$(PEERS)/label-studio/bin/pip install --quiet label-studio==1.23.2 \
		|| { echo "bench-peers: installing Label Studio 1.23.2 from PyPI failed (see above)"; exit 1; }
	@touch $@

bench-peers: install-dev $(PEERS)/doccano/.installed $(PEERS)/label-studio/.installed
	@test -n "$$DATABASE_URL" || { echo "bench-peers needs PostgreSQL: set DATABASE_URL=postgres://..."; exit 1; }
	$(PY) -m bench.peer_apps $(BENCH_ARGS)

lint: install-dev
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

fmt: install-dev
	$(VENV)/bin/ruff check --fix .
	$(VENV)/bin/ruff format .

clean:
	rm -rf $(VENV) staticfiles .pytest_cache
