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

clean:
	rm -rf $(VENV) .kg-cache .pytest_cache out
