"""Names that fold to one key: "Hà Minh" and "Hạ Minh", "Thị xã Văn Thái" and "Huyện Vân Thái".
The text decides only when it says more (its diacritics, its kind word); otherwise the file is
an error listing the units it could be. A figure is never put under the first of them."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

from report_gen.intake.submission import IntakeContext, read_submission
from report_gen.reference.units import load_units
from tests.support.samples import sample_form, write_sample

UNITS = """\
province = "Tỉnh thử nghiệm"
version = "test"
""" + "".join(f"""
[[units]]
code = "{code}"
name = "{name}"
short = "{name.split(' ', 1)[1] if not name.startswith('Thị xã') else name[7:]}"
level = "district"
communes = 12
valid_from = 2000-01-01
""" for code, name in [("HA_MINH", "Huyện Hà Minh"), ("HAJ_MINH", "Huyện Hạ Minh"),
                       ("VAN_THAI", "Thị xã Văn Thái"), ("VAAN_THAI", "Huyện Vân Thái"),
                       ("TAN_LAP", "Huyện Tân Lập")])


@pytest.fixture(scope="module")
def units(tmp_path_factory):
    path = tmp_path_factory.mktemp("units") / "units.toml"
    path.write_text(UNITS, encoding="utf-8")
    return load_units(path)


@pytest.mark.parametrize("text, codes", [
    ("HA MINH", ["HA_MINH", "HAJ_MINH"]),                 # no diacritics, no kind: either
    ("Huyen Ha Minh", ["HA_MINH", "HAJ_MINH"]),           # the kind does not tell them apart
    ("Hạ Minh", ["HAJ_MINH"]),                            # the diacritics do
    ("CÔNG AN HUYỆN HÀ MINH", ["HA_MINH"]),
    ("Van Thai", ["VAN_THAI", "VAAN_THAI"]),
    ("UBND thị xã Van Thai", ["VAN_THAI"]),               # the kind word does
    ("TX. Van Thai", ["VAN_THAI"]),
    ("bao cao nam 2012 - huyen van thai (sua)", ["VAAN_THAI"]),  # kind just before the name
    ("Báo cáo 19-8 Văn Thái", ["VAN_THAI"]),
    ("Tan Lapp", ["TAN_LAP"]),                            # a typo: the close match
    ("bieu mau (3)", []),
    ("Huyện Mường Tè", []),
])
def test_a_name_names_one_unit_or_says_which_it_could_be(units, text, codes):
    found = units.find(text, 2012)
    assert [u.code for u in found.units] == codes
    assert units.match(text, 2012) == (units.get(codes[0]) if len(codes) == 1 else None)


def _form(tmp_path: Path, name: str, unit_text: str, code_cell: str | None = None) -> Path:
    """The 2012 sample form, its "Đơn vị:" line and code cell rewritten, saved as `name`."""
    template = tmp_path / "template.xlsx"
    if not template.exists():
        write_sample(sample_form("TIEN_YEN", 2012), template)
    path = tmp_path / name
    shutil.copy(template, path)
    wb = load_workbook(path)
    ws = wb.worksheets[0]
    ws["C3"], ws["F3"] = unit_text, code_cell
    wb.save(path)
    return path


def _read(units, settings, path: Path):
    ctx = IntakeContext(year=2012, catalogue=settings.in_year(2012).catalogue, units=units)
    return read_submission(path, path.name, ctx)


def test_an_undecidable_name_rejects_the_file_naming_both_units(units, settings, tmp_path):
    result = _read(units, settings, _form(tmp_path, "bieu mau (3).xlsx", "HA MINH"))
    assert (result.status, result.unit) == ("rejected", None)
    assert [(p.code, p.message) for p in result.errors] == [(
        "unit-ambiguous",
        "Tên đơn vị “HA MINH” có thể là Huyện Hà Minh hoặc Huyện Hạ Minh; không tự chọn một "
        "trong số đó. Đề nghị ghi đủ tên đơn vị có dấu (ví dụ “Huyện Hà Minh”) hoặc mã đơn vị "
        "ở dòng “Đơn vị:”.")]


def test_the_file_name_or_the_code_decides_between_the_units_the_sheet_could_mean(
        units, settings, tmp_path):
    by_name = _read(units, settings, _form(tmp_path, "Báo cáo Hạ Minh.xlsx", "HA MINH"))
    by_code = _read(units, settings, _form(tmp_path, "bc.xlsx", "HA MINH", "HA_MINH"))
    assert (by_name.status, by_name.unit) == ("accepted", "HAJ_MINH")
    assert (by_code.status, by_code.unit) == ("accepted", "HA_MINH")
    assert [p.code for p in by_name.problems + by_code.problems
            if p.code.startswith("unit-")] == []


def test_a_file_name_that_names_another_unit_is_a_warning_the_sheet_wins(
        units, settings, tmp_path):
    result = _read(units, settings, _form(tmp_path, "bao cao thon Tan Lap.xlsx",
                                          "Thị xã Văn Thái"))
    assert (result.status, result.unit) == ("accepted", "VAN_THAI")
    assert [p.message for p in result.problems if p.code == "unit-conflict"] == [
        "Tên đơn vị trong biểu (“Thị xã Văn Thái”) khác với tên tệp (“bao cao thon Tan "
        "Lap.xlsx”); đã lấy theo biểu."]
