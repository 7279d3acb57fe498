# Targets used by the README and by .ci/run.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: setup demo test validate bench bench-viz clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

## The main job: check the data, ask how Korea connects to Argonne, draw it as a map.
demo: setup
	$(BIN)/kg validate
	$(BIN)/kg path Korea ANL --k 2
	mkdir -p out
	$(BIN)/kg viz --path Korea ANL -o out/korea-anl.html

test: setup
	$(BIN)/python -m pytest

validate: setup
	$(BIN)/kg validate

## The benchmark suite (not part of `make test`): cold CLI against the import floor, named queries,
## synthetic scaling at 10k/100k/1M triples (Oxigraph against rdflib), the endpoint load test and
## the HTML time-to-interactive -> bench/results/report.md, report.json, scaling.png.
## BENCH_ARGS passes options, e.g. make bench BENCH_ARGS=--quick (10k and 100k only).
BENCH_ARGS ?=
bench: setup
	$(BIN)/python -m bench.suite $(BENCH_ARGS)

## Benchmark (not part of `make test`): a synthetic 5,000-node map in headless Chromium,
## median time to interactive of 3 runs -> bench/results/viz_tti.json
bench-viz: setup
	$(BIN)/python bench/viz_tti.py

clean:
	rm -rf $(VENV) .kg-cache .pytest_cache out
