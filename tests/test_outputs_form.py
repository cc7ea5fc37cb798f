"""The blank form: what it protects, and a round trip (template -> filled -> read back)."""

import datetime as dt

from openpyxl import load_workbook

from report_gen.outputs.form import DATA_SHEET, HEADER_ROW, REGISTER_SHEET, write_form
from report_gen.intake.submission import read_submission
from report_gen.model import ACCEPTED
from tests.support.workbooks import fill_form


def _form(tmp_path, settings, code="TIEN_YEN", previous=None):
    unit = settings.units.get(code)
    return write_form(tmp_path / f"{code}.xlsx", unit, 2012, settings.catalogue, "Quảng Ninh",
                      previous)


def test_form_is_prefilled_locked_and_validated(tmp_path, settings):
    wb = load_workbook(_form(tmp_path, settings, previous={"MH_TONG": 7}))
    ws = wb[DATA_SHEET]
    assert ws["C3"].value == "Huyện Tiên Yên" and ws["F3"].value == "TIEN_YEN"
    assert ws["C4"].value == 2012
    assert [c.value for c in ws[HEADER_ROW]] == [
        "STT", "Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Năm 2011 (tham khảo)", "Năm 2012",
        "Ghi chú"]
    assert ws.protection.sheet is True
    rows = {ws.cell(row=r, column=2).value: r for r in range(HEADER_ROW + 1, ws.max_row + 1)}
    assert len([c for c in rows if c]) == len(settings.catalogue.codes(2012)) == 47
    assert "PL_XUAT_SAC" not in rows  # only on the form since 2022
    tong = rows["MH_TONG"]
    assert ws.cell(row=tong, column=5).value == 7  # last year's figure for reference
    assert ws.cell(row=tong, column=2).protection.locked is True
    assert ws.cell(row=tong, column=3).protection.locked is True
    assert ws.cell(row=tong, column=6).protection.locked is False
    rules = {(dv.type, dv.formula1): str(dv.sqref) for dv in ws.data_validations.dataValidation}
    assert f"F{tong}" in rules[("whole", "0")].split()
    assert f"F{rows['KQ_THUOC_NO']}" in rules[("decimal", "0")].split()
    reg = wb[REGISTER_SHEET]
    lists = {dv.formula1 for dv in reg.data_validations.dataValidation if dv.type == "list"}
    assert "'Danh mục'!$A$1:$A$3" in lists and "'Danh mục'!$C$1:$C$2" in lists
    assert [wb["Danh mục"].cell(row=r, column=1).value for r in (1, 2, 3)] == ["tỉnh", "huyện", "xã"]
    assert "Hướng dẫn" in wb.sheetnames


def test_round_trip_gives_back_the_values(tmp_path, settings, ctx):
    path = _form(tmp_path, settings)
    typed = {"MH_TONG": 6, "MH_TINH": 0, "MH_HUYEN": 2, "MH_XA": 4, "KQ_THUOC_NO": 12.5,
             "TT_BUOI": 140, "LL_TAP_HUAN": 0}
    models = [dict(name="Khu dân cư tự quản Đông Ngũ", level="xã", field="Khu dân cư",
                   commune="Đông Ngũ", founded=2010, typical=True),
              dict(name="Bến thuyền an toàn Tiên Yên", level="huyện", field="Khác", commune=None,
                   founded=2011, typical=False)]
    fill_form(path, typed, models, dt.datetime(2012, 7, 30), numbered=False)

    result = read_submission(path, path.name, ctx)
    assert result.status == ACCEPTED and result.unit == "TIEN_YEN"
    assert result.report_date == dt.date(2012, 7, 30)
    got = {c: v for c, v in result.values.items() if v is not None}
    assert got == typed
    assert result.values["NH_DIEM"] is None  # blank stays "not reported"
    assert [(m.name, m.level, m.commune, m.founded, m.typical) for m in result.models] == [
        ("Khu dân cư tự quản Đông Ngũ", "xã", "Đông Ngũ", 2010, True),
        ("Bến thuyền an toàn Tiên Yên", "huyện", None, 2011, False)]
    assert result.problems == []


def test_blank_form_sent_back_is_rejected(tmp_path, settings, ctx):
    path = _form(tmp_path, settings)
    result = read_submission(path, path.name, ctx)
    assert result.status == "rejected"
    assert result.reason == "Biểu mẫu gửi lại chưa có số liệu nào."
