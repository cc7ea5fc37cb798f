"""The shipped unit list against the checked reference data of the 2025 map
(../shared/domain/map-2025/units_quang_ninh_2025.toml: NQ 1679/NQ-UBTVQH15 and the statistics
office's code list), and the forms of a year of that map."""

from __future__ import annotations

import os
import tomllib

import pytest
from openpyxl import load_workbook

from report_gen.cli import main
from report_gen.reference.units import load_units
from tests.support.paths import MAP_2025


@pytest.fixture(scope="module")
def reference():
    """The reference file; a clone without the shared folder beside it skips these tests, except
    in CI (.ci/run sets REPORT_GEN_SHARED_REQUIRED), where its absence is a failure."""
    if not MAP_2025.exists():
        message = f"the checked reference data is not beside this clone: {MAP_2025}"
        if os.environ.get("REPORT_GEN_SHARED_REQUIRED"):
            pytest.fail(message)
        pytest.skip(message)
    return tomllib.loads(MAP_2025.read_text(encoding="utf-8"))["units"]


def test_the_54_units_are_those_of_the_reference_file(reference):
    shipped = [u for u in load_units().active(2026) if u.level == "commune"]
    assert [(u.code, u.name, u.kind, u.official_code) for u in shipped] == [
        (r["code"], r["name"], r["kind"], r["gso_code"]) for r in reference]


def test_what_each_unit_was_formed_from_is_the_reference_files(reference):
    units = load_units()
    district_names = {u.code: u.short for u in units.units if u.level == "district"}
    for r in reference:
        u = units.get(r["code"])
        assert [o.name for o in u.formed_from] == r["merged_from"], r["code"]
        assert [o.name for o in u.formed_from if o.partial] == r["partial_from"], r["code"]
        assert sorted({district_names[d] for d in u.from_districts}) == \
            sorted(r["from_districts"]), r["code"]


def test_template_2026_writes_a_form_for_each_of_the_55_units(tmp_path, reference):
    assert main(["template", "--year", "2026", "--out", str(tmp_path)]) == 0
    forms = sorted(tmp_path.glob("*.xlsx"))
    assert len(forms) == 55
    names = set()
    for path in forms:
        ws = load_workbook(path, read_only=True)["Số liệu"]
        names.add(ws["C3"].value)
    assert names == {r["name"] for r in reference} | {"Cấp tỉnh"}
