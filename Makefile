# Quick start: `make report` (set up, then build the 2011, 2012, 2024 and 2025 sample reviews into
# out/), `make test`.
PYTHON ?= $(shell command -v python3.11 || command -v python3)
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed

.PHONY: report test setup system-deps samples bench mutate clean

# Each year after the one it compares with: its figures go to the history store
# (report_gen.sqlite), so the 2012 review compares with 2011 and the 2025 review with 2024 (across
# the map of 1/7/2025). The 2025 review is a draft (“DỰ THẢO”: one unit has not sent its report);
# a draft build still exits 0.
report: $(STAMP)
	$(BIN)/report-gen build sample_inputs/2011 --year 2011 --out out
	$(BIN)/report-gen build sample_inputs/2012 --year 2012 --out out
	$(BIN)/report-gen build sample_inputs/2024 --year 2024 --out out
	$(BIN)/report-gen build sample_inputs/2025 --year 2025 --out out

# The tests also need Debian's chromium, poppler-utils, softhsm2 and LibreOffice Writer and Calc
# (scripts/system-deps.sh installs those missing, once).
test: $(STAMP)
	@WITH_TEST_TOOLS=1 bash scripts/system-deps.sh
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

# Mutation testing of the core modules (tools/mutate.py; tens of minutes, not in CI). mutmut 2:
# mutmut 3 only mutates inside functions and runs the whole suite first to map tests to them.
MUTMUT := mutmut==2.5.1
mutate: $(STAMP)
	$(BIN)/python -m pip install --quiet '$(MUTMUT)'
	$(BIN)/python tools/mutate.py $(MODULES)

clean:
	rm -rf $(VENV) out *.egg-info
