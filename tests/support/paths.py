"""Where things are: the repository, the sample inputs and the checked-in fixture corpora."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
TESTS = ROOT / "tests"
SAMPLES = ROOT / "sample_inputs"
FIXTURES = TESTS / "fixtures"
MESSY = FIXTURES / "messy"
HOSTILE = FIXTURES / "hostile"
