"""The form of a commune-level unit asks what it answers about itself ("Có" / "Không", a
grade) in text cells with a drop-down list, instead of the counts its answers feed; the forms
of other levels ask the counts, as before."""

from pathlib import Path

import pytest
from openpyxl import load_workbook

from report_gen.outputs.form import DATA_SHEET, HEADER_ROW, HELP_SHEET, write_form
from report_gen.reference.catalogue import load_catalogue
from tests.support.make_answer_fixtures import units as answer_units

ANSWER_HELP = ("   • Riêng ở các dòng có danh sách chọn, chọn một câu trả lời trong danh sách: "
               "“Có” hoặc “Không”; ở dòng “Xếp loại phong trào của đơn vị”: “Xuất sắc”, "
               "“Khá”, “Trung bình” hoặc “Yếu”.")


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue()


@pytest.fixture
def unit_list(tmp_path):
    return answer_units(tmp_path)


def _rows(ws) -> dict[str, int]:
    """Indicator code -> row of the data sheet."""
    return {ws.cell(row=r, column=2).value: r for r in range(HEADER_ROW + 1, ws.max_row + 1)
            if ws.cell(row=r, column=2).value}


def _lists(ws) -> dict[str, tuple[str, str, str]]:
    """The list validations of a sheet: formula -> (cells, error title, error)."""
    return {dv.formula1: (str(dv.sqref), dv.errorTitle, dv.error)
            for dv in ws.data_validations.dataValidation if dv.type == "list"}


def test_a_commune_form_asks_answers_in_text_cells_with_a_drop_down_list(tmp_path, catalogue,
                                                                           unit_list):
    path = write_form(tmp_path / "ha_tu.xlsx", unit_list.get("P_HA_TU"), 2025, catalogue,
                      "Quảng Ninh", previous={"PL_XEP_LOAI": "Khá", "MH_TONG": 3})
    ws = load_workbook(path)[DATA_SHEET]
    rows = _rows(ws)
    expected = [i.code for i in catalogue.in_year(2025).form_items(2025, "commune")]
    assert list(rows) == expected
    assert not {"NH_XA_TO_CHUC", "AT_XA_DANG_KY", "AT_XA_DAT", "PL_XUAT_SAC", "PL_KHA",
                "PL_TRUNG_BINH", "PL_YEU"} & set(rows)
    grade = rows["PL_XEP_LOAI"]
    assert [ws.cell(row=grade, column=c).value for c in range(1, 8)] == [
        41, "PL_XEP_LOAI", "Xếp loại phong trào của đơn vị", None, None, None, None]
    assert ws.cell(row=rows["MH_TONG"], column=5).value == 3  # a number keeps its reference
    for code in ("NH_CO_TO_CHUC", "AT_CO_DANG_KY", "AT_CO_DAT", "PL_XEP_LOAI"):
        cell = ws.cell(row=rows[code], column=6)
        assert (cell.number_format, cell.protection.locked, cell.fill.fgColor.rgb) == (
            "@", False, "00FFF9E5")
    yes_no = " ".join(f"F{rows[c]}" for c in ("NH_CO_TO_CHUC", "AT_CO_DANG_KY", "AT_CO_DAT"))
    assert _lists(ws) == {
        '"Có,Không"': (yes_no, "Câu trả lời không hợp lệ", "Chọn một trong: Có, Không."),
        '"Xuất sắc,Khá,Trung bình,Yếu"': (
            "F55", "Câu trả lời không hợp lệ", "Chọn một trong: Xuất sắc, Khá, Trung bình, Yếu."),
    }
    assert (yes_no, rows["PL_XEP_LOAI"]) == ("F30 F46 F47", 55)
    numbers = {str(dv.sqref) for dv in ws.data_validations.dataValidation
               if dv.type in ("whole", "decimal")}
    assert not any(f"F{rows[c]}" in s.split() for s in numbers
                   for c in ("NH_CO_TO_CHUC", "AT_CO_DAT", "PL_XEP_LOAI"))


def test_the_help_sheet_of_a_commune_says_how_to_answer(tmp_path, catalogue, unit_list):
    path = write_form(tmp_path / "ha_tu.xlsx", unit_list.get("P_HA_TU"), 2025, catalogue,
                      "Quảng Ninh")
    lines = [r[0] for r in load_workbook(path)[HELP_SHEET].iter_rows(values_only=True)]
    at = lines.index("   • Chỉ ghi số, không ghi chữ hay đơn vị tính trong ô số liệu (ví dụ "
                     "ghi 15, không ghi “15 mô hình”).")
    assert lines[at + 1] == ANSWER_HELP


def test_a_province_form_of_2025_asks_the_counts_and_no_answer(tmp_path, catalogue,
                                                               unit_list):
    path = write_form(tmp_path / "tinh.xlsx", unit_list.get("TINH"), 2025, catalogue,
                      "Quảng Ninh")
    wb = load_workbook(path)
    ws = wb[DATA_SHEET]
    assert list(_rows(ws)) == catalogue.in_year(2025).codes(2025)
    assert _lists(ws) == {}
    lines = [r[0] for r in wb[HELP_SHEET].iter_rows(values_only=True)]
    assert ANSWER_HELP not in lines and not any("danh sách chọn" in (t or "") for t in lines)


@pytest.mark.parametrize("year, code", [(2024, "HA_LONG"), (2012, "TIEN_YEN")])
def test_forms_before_2025_ask_the_numbers_of_the_year(tmp_path, settings, year, code):
    path = write_form(tmp_path / "f.xlsx", settings.units.get(code), year, settings.catalogue,
                      "Quảng Ninh")
    ws = load_workbook(path)[DATA_SHEET]
    assert list(_rows(ws)) == settings.catalogue.in_year(year).codes(year)
    assert _lists(ws) == {}


CHOICES = """
version = "t"
name = "t"
[[sections]]
code = "A"
title = "Mục A"
[[indicators]]
code = "N_TOT"
section = "A"
label = "Đơn vị đánh giá tốt, khá"
unit = "đơn vị"
[[indicators]]
code = "N_KHAC"
section = "A"
label = "Đơn vị đánh giá khác"
unit = "đơn vị"
[[indicators]]
code = "N_DAI"
section = "A"
label = "Đơn vị chọn câu dài"
unit = "đơn vị"
[[indicators]]
code = "DANH_GIA"
section = "A"
label = "Đánh giá của đơn vị"
kind = "choice"
levels = ["commune"]
choices = [
  { text = "Tốt, khá", counts = "N_TOT" },
  { text = "Khác", counts = "N_KHAC" },
]
[[indicators]]
code = "CAU_DAI"
section = "A"
label = "Câu trả lời dài"
kind = "choice"
levels = ["commune"]
choices = [
  { text = "%s", counts = "N_DAI" },
  { text = "Không", counts = "N_KHAC" },
]
""" % ("Một câu trả lời rất dài " * 12).strip()


def test_answers_that_cannot_be_typed_into_a_list_come_from_the_lists_sheet(tmp_path,
                                                                           unit_list):
    path = tmp_path / "catalogue.toml"
    path.write_text(CHOICES, encoding="utf-8")
    form = write_form(tmp_path / "f.xlsx", unit_list.get("P_HA_TU"), 2025, load_catalogue(path),
                      "Quảng Ninh")
    wb = load_workbook(form)
    rows = _rows(wb[DATA_SHEET])
    assert list(rows) == ["DANH_GIA", "CAU_DAI"]
    lists = _lists(wb[DATA_SHEET])
    assert lists == {
        "'Danh mục'!$D$1:$D$2": (f"F{rows['DANH_GIA']}", "Câu trả lời không hợp lệ",
                                 "Chọn một trong: Tốt, khá, Khác."),
        "'Danh mục'!$E$1:$E$2": (f"F{rows['CAU_DAI']}", "Câu trả lời không hợp lệ",
                                 "Chọn một câu trả lời trong danh sách của ô."),
    }
    hidden = wb["Danh mục"]
    assert hidden.sheet_state == "hidden"
    assert [hidden.cell(row=r, column=4).value for r in (1, 2, 3)] == ["Tốt, khá", "Khác", None]
    assert hidden.cell(row=2, column=5).value == "Không"
    # the register's lists are where they were
    assert [hidden.cell(row=r, column=3).value for r in (1, 2)] == ["có", "không"]


def test_validation_texts_stay_within_excels_limits(tmp_path, unit_list):
    """Excel refuses a validation whose error passes 255 characters or whose typed list
    passes 255: both fall back (the lists sheet, a shorter error)."""
    path = tmp_path / "catalogue.toml"
    path.write_text(CHOICES, encoding="utf-8")
    form = write_form(tmp_path / "f.xlsx", unit_list.get("P_HA_TU"), 2025, load_catalogue(path),
                      "Quảng Ninh")
    dvs = load_workbook(form)[DATA_SHEET].data_validations.dataValidation
    assert all(len(dv.error) <= 255 and len(dv.formula1) <= 255 and len(dv.errorTitle) <= 32
               for dv in dvs)


def test_fixture_unit_list_is_the_generators(tmp_path):
    """The tests and the fixture generator share one unit list."""
    units = answer_units(Path(tmp_path))
    assert [(u.code, u.level, u.communes) for u in units.active(2025)] == [
        ("P_HA_TU", "commune", 1), ("X_QUANG_TAN", "commune", 1), ("TINH", "province", 0)]
