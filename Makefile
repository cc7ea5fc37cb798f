# Quick start: `make report` (set up, then build the 2011 and 2012 sample reviews into out/),
# `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: report test setup system-deps samples bench clean

# 2011 first: its figures go to the history store, so the 2012 review compares with them.
report: $(STAMP)
	$(BIN)/report-gen build sample_inputs/2011 --year 2011 --out out
	$(BIN)/report-gen build sample_inputs/2012 --year 2012 --out out

test: $(STAMP)
	$(BIN)/python -m pytest

setup: $(STAMP)

$(STAMP): pyproject.toml
	@bash scripts/system-deps.sh
	$(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	@# PYTHONWARNINGS=ignore: setuptools' notice about editable installs is not for the user
	PYTHONWARNINGS=ignore $(BIN)/python -m pip install --quiet -e '.[test]'
	@touch $(STAMP)

system-deps:
	@bash scripts/system-deps.sh

samples: $(STAMP)
	$(BIN)/python tools/make_samples.py

bench: $(STAMP)
	$(BIN)/python -m benchmarks

clean:
	rm -rf $(VENV) out *.egg-info
