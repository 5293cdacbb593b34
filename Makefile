# The two commands of the quick start: `make serve` and `make test`.
# Both create the virtual environment and install the project when needed.

PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV   ?= .venv
BIN    := $(VENV)/bin
# the service's dependencies (make serve), then the tests' and notebooks' (make test, lint, check-data)
STAMP  := $(VENV)/.installed-stamp
DEV    := $(VENV)/.installed-dev
HOST   ?= 127.0.0.1
PORT   ?= 8000
export HOST PORT

.PHONY: install install-dev build serve test validate check-data report lint clean

$(STAMP): pyproject.toml
	@$(PYTHON) -c 'import sys; assert sys.version_info >= (3, 11), "Python 3.11 or newer is needed"'
	@echo "== setting up $(VENV) with the service's dependencies (a minute on a fresh machine)"
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --progress-bar off -e .
	touch $(STAMP)

$(DEV): $(STAMP)
	@echo "== adding the test and notebook dependencies to $(VENV)"
	$(BIN)/python -m pip install --progress-bar off -e '.[dev,notebook]'
	touch $(DEV)

install: $(STAMP)

install-dev: $(DEV)

build: install          ## build the graph from seeds/ into var/store (keeps the last good build on failure)
	$(BIN)/seckg build

serve: build            ## build, then serve on http://$(HOST):$(PORT)
	$(BIN)/seckg serve --host $(HOST) --port $(PORT)

validate: install       ## check the seeds; every problem with file and line
	$(BIN)/seckg validate

test: install-dev       ## the whole test suite
	$(BIN)/python -m pytest

check-data: install-dev ## the real seeds validate, build, and seeds/COVERAGE.md is current
	$(BIN)/seckg build --store var/check-store
	$(BIN)/seckg report --store var/check-store --check seeds/COVERAGE.md

report: build           ## regenerate seeds/COVERAGE.md
	$(BIN)/seckg report --out seeds/COVERAGE.md

.PHONY: bench
bench: install-dev      ## build and query benchmarks on synthetic data (bench/README.md); BENCH_ARGS="--sizes 0.1M,1M,4M"
	$(BIN)/python -m pip install --quiet -e '.[dev,bench]'
	$(BIN)/python -m bench.run $(BENCH_ARGS)

lint: install-dev
	$(BIN)/ruff check kg api tests
	$(BIN)/mypy kg api

clean:
	rm -rf var/store .pytest_cache
