# Daikou's front door. Every target sets up what it needs first.
SHELL := /bin/bash
export UV_PYTHON_DOWNLOADS := never
export UV_LINK_MODE := copy
UV := $(shell command -v uv 2>/dev/null || echo "$(HOME)/.local/bin/uv")
PY := .venv/bin/python
# The least line coverage `make test` accepts (the unit and integration tiers alone measure 90%).
COVERAGE_FLOOR := 85
PACKAGES := $(foreach p,contracts kit orders payments messaging warehouse scheduler notifications gateway web fake_paypal,-p daikou_$(p))
# Tests use the servers on loopback unless told otherwise (or Docker, when these are unset).
export DAIKOU_TEST_PG_URL ?= postgresql+asyncpg://postgres@127.0.0.1:5432
export DAIKOU_TEST_AMQP_URL ?= amqp://guest:guest@127.0.0.1:5672/

.PHONY: setup run test test-unit test-integration test-e2e fault check typecheck fmt bench bench-quick demo dead-letters ops asyncapi asyncapi-check compose-check

$(UV):
	python3 -m pip install --quiet --user uv || python3 -m pip install --quiet uv

.venv/.synced: $(UV) pyproject.toml uv.lock contracts/pyproject.toml kit/pyproject.toml $(wildcard services/*/pyproject.toml) tools/fake_paypal/pyproject.toml
	$(UV) sync --frozen --python python3.11
	@touch $@

# The official AsyncAPI parser (npm), pinned by tools/asyncapi/package-lock.json.
ASYNCAPI_NODE := tools/asyncapi/node_modules/.installed
$(ASYNCAPI_NODE): tools/asyncapi/package.json tools/asyncapi/package-lock.json
	cd tools/asyncapi && npm ci --ignore-scripts --no-audit --no-fund
	@touch $@

## setup: install the workspace, create every service's database, run migrations, declare topology
setup: .venv/.synced $(ASYNCAPI_NODE)
	bash scripts/install_browser.sh
	$(PY) scripts/setup.py

## run: set up, then start the whole system (gateway on http://127.0.0.1:8000)
run: setup
	$(PY) scripts/run.py

## test: set up, then every test tier (unit, integration, end-to-end), with the coverage report
test: .venv/.synced
	$(PY) -m coverage run -m pytest contracts kit services tests -m "not fault"
	$(PY) -m coverage report --fail-under=$(COVERAGE_FLOOR)

test-unit: .venv/.synced
	$(PY) -m pytest contracts kit services -m "not integration and not e2e"

test-integration: .venv/.synced
	$(PY) -m pytest contracts kit services -m integration

test-e2e: .venv/.synced
	$(PY) -m pytest tests -m e2e

## fault: the fault suite on a private RabbitMQ node and PostgreSQL cluster; prints a summary table
fault: .venv/.synced
	$(PY) -m pytest tests/fault -m fault -v --timeout=900

## check: lint, format, import contracts, strict typing, the AsyncAPI document, docker-compose.yml
check: .venv/.synced $(ASYNCAPI_NODE)
	.venv/bin/ruff check .
	.venv/bin/ruff format --check .
	.venv/bin/lint-imports
	@$(MAKE) --no-print-directory typecheck
	@$(MAKE) --no-print-directory asyncapi-check
	@$(MAKE) --no-print-directory compose-check

## compose-check: docker-compose.yml against the Compose specification's schema (no Docker needed)
compose-check: .venv/.synced
	.venv/bin/check-jsonschema --builtin-schema vendor.compose-spec docker-compose.yml

## asyncapi-check: docs/asyncapi.json is current and valid for the official parser (part of check)
asyncapi-check: .venv/.synced $(ASYNCAPI_NODE)
	$(PY) scripts/asyncapi.py --check
	node tools/asyncapi/validate.mjs docs/asyncapi.json

## typecheck: mypy strict over the packages and the scripts (part of check)
typecheck: .venv/.synced
	.venv/bin/mypy $(PACKAGES)
	MYPYPATH=scripts .venv/bin/mypy scripts

## asyncapi: regenerate docs/asyncapi.json from the contracts and the services' queues
asyncapi: .venv/.synced
	$(PY) scripts/asyncapi.py

fmt: .venv/.synced
	.venv/bin/ruff check --fix .
	.venv/bin/ruff format .

BENCH_RESULTS := bench/results/latest.json

## bench: the messaging hop and the scheduler against raw broker and database rates; the order page; whole order lives
# (each run starts a fresh results file; every benchmark adds its keys to it)
bench: .venv/.synced
	rm -f $(BENCH_RESULTS)
	$(PY) scripts/bench.py
	$(PY) services/scheduler/benchmarks/bench_deadlines.py --results $(BENCH_RESULTS)
	$(PY) scripts/bench_gateway.py
	$(PY) scripts/bench_web.py
	$(PY) scripts/bench_lifecycle.py

## bench-quick: the same keys from smaller counts, the page, the site and the lives on one system (under 3 minutes)
bench-quick: .venv/.synced
	rm -f $(BENCH_RESULTS)
	$(PY) scripts/bench.py --messages 1000 --rounds 1
	$(PY) services/scheduler/benchmarks/bench_deadlines.py --pending 100000 --due 2000 --repeat 1 --results $(BENCH_RESULTS)
	$(PY) scripts/bench_quick.py

## demo: drive one order through its whole life over the public API (starts the system if needed)
demo: setup
	@if curl -sf http://127.0.0.1:8000/health >/dev/null; then $(PY) scripts/demo.py; else \
	  $(PY) scripts/run.py & pid=$$!; \
	  for i in $$(seq 120); do curl -sf http://127.0.0.1:8000/health >/dev/null && break; sleep 1; done; \
	  $(PY) scripts/demo.py; rc=$$?; kill -TERM $$pid; wait $$pid; exit $$rc; fi

## dead-letters: list dead letters with their reasons (every service, or SERVICE=orders)
dead-letters: .venv/.synced
	.venv/bin/daikou-ops dead-letters list $(if $(SERVICE),--service $(SERVICE))

## ops: the operator's command, e.g. `make ops ARGS="outbox --json"` (= .venv/bin/daikou-ops ARGS)
ops: .venv/.synced
	.venv/bin/daikou-ops $(ARGS)
