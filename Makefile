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
	$(BIN)/kg path Korea ANL --k 3
	$(BIN)/kg sparql --name agreements-between --param a=Korea --param b=US

test: setup
	$(BIN)/python -m pytest

validate: setup
	$(BIN)/kg validate

clean:
	rm -rf $(VENV) .kg-cache .pytest_cache
