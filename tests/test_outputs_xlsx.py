"""tong_hop_Y.xlsx: sheets per section, province sheet, register, ledger; numbers as numbers
with Vietnamese formats; frozen headers, tables, fitted widths; submission text never a formula."""

from __future__ import annotations

import zipfile

import openpyxl
import pytest

from tests.support.review import consolidate_with_history

HOSTILE = ["=HYPERLINK(\"http://evil.example/\",\"bấm vào\")", "+1", "-x", "@x", "=1+1"]


@pytest.fixture(scope="module")
def workbook(settings, tmp_path_factory):
    from report_gen.model import ModelEntry
    from report_gen.outputs.xlsx import write_workbook
    cons, _prev = consolidate_with_history(settings)
    for k, name in enumerate(HOSTILE):
        cons.agg.models.append(ModelEntry(unit="HA_LONG", name=name, level="xã", field=name,
                                          commune=name))
    path = tmp_path_factory.mktemp("xlsx") / "tong_hop_2012.xlsx"
    write_workbook(cons, path)
    return cons, path


def test_sheets_tables_and_frozen_headers(workbook):
    cons, path = workbook
    wb = openpyxl.load_workbook(path)
    names = wb.sheetnames
    assert names[0] == "Toàn tỉnh"
    assert sum(1 for n in names if n in {f"Phần {s.code}" for s in cons.settings.catalogue.sections}) == 8
    assert "Danh sách mô hình" in names and "Tiếp nhận tệp" in names
    for ws in wb:
        assert ws.tables, ws.title
        assert ws.freeze_panes in ("A2", "C2", "C3", "D2")
        widths = [ws.column_dimensions[c].width for c in "ABC"]
        assert all(6 <= w <= 70 for w in widths), (ws.title, widths)


def test_numbers_are_numbers_with_vietnamese_formats(workbook):
    cons, path = workbook
    wb = openpyxl.load_workbook(path)
    ws = wb["Toàn tỉnh"]
    row = next(r for r in ws.iter_rows(min_row=2) if r[0].value == "MH_TONG")
    assert row[4].value == 91 and row[5].value == 80 and row[6].value == 11
    assert row[4].number_format == "[$-42A]#,##0"
    assert row[7].number_format.endswith("0.0%")
    sec = wb["Phần H"]
    kp = [c for c in sec[2] if "KP_XA_HOI_HOA" in str(c.value)][0].column
    total = [r for r in sec.iter_rows(min_row=2) if r[0].value == "TINH_TONG"][0]
    assert isinstance(total[kp - 1].value, float)
    assert total[kp - 1].number_format == "[$-42A]#,##0.0##"


def test_submission_text_is_never_a_formula(workbook):
    _cons, path = workbook
    wb = openpyxl.load_workbook(path)
    ws = wb["Danh sách mô hình"]
    values = [c.value for row in ws.iter_rows(min_row=2) for c in row]
    for text in HOSTILE:
        assert text in values
    for row in ws.iter_rows(min_row=2):
        for c in row:
            assert c.data_type != "f"
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if name.startswith("xl/worksheets/sheet"):
                assert "<f>" not in z.read(name).decode("utf-8") and "<f " not in z.read(name).decode("utf-8")


def test_ledger_has_timeliness(workbook):
    _cons, path = workbook
    ws = openpyxl.load_workbook(path)["Tiếp nhận tệp"]
    rows = {r[0].value: r for r in ws.iter_rows(min_row=2)}
    assert rows["binh_lieu_2012.xlsx"][5].value == "muộn"
    assert rows["ha_long_2012.xlsx"][5].value == "đúng hạn"
    assert rows["ha_long_2012.xlsx"][4].is_date
