"""Where things are: the repository, the sample inputs and the checked-in fixture corpora."""

from __future__ import annotations

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent.parent
TESTS = ROOT / "tests"
SAMPLES = ROOT / "sample_inputs"
FIXTURES = TESTS / "fixtures"
MESSY = FIXTURES / "messy"
HOSTILE = FIXTURES / "hostile"
# The project's shared folder beside the repository (domain notes, checked reference data)
SHARED = ROOT.parent / "shared"
MAP_2025 = SHARED / "domain" / "map-2025" / "units_quang_ninh_2025.toml"
