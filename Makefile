# Targets used by the README and by .ci/run.
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin

.PHONY: setup demo test validate clean

setup: $(VENV)/.installed

$(VENV)/.installed: pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e '.[test]'
	touch $@

## The main job: check the data, then ask how Korea connects to Argonne.
demo: setup
	$(BIN)/kg validate
	$(BIN)/kg stats
	$(BIN)/kg sparql 'SELECT ?agreement ?date WHERE { ?a a kg:Agreement ; kg:party kgid:korea , kgid:us ; kg:date ?date ; rdfs:label ?agreement FILTER(lang(?agreement) = "en") } ORDER BY ?date'

test: setup
	$(BIN)/python -m pytest

validate: setup
	$(BIN)/kg validate

clean:
	rm -rf $(VENV) .kg-cache .pytest_cache
