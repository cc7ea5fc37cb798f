"""The form as a unit prints and sends it (issue 17, part 4): A4, one page wide, the header row
repeated, margins; where to send it and whom to call ([document] send_to, contact); the
“Người lập biểu / Thủ trưởng đơn vị” block under the table; and the form, so completed, still
reads back through the intake without a problem."""

from __future__ import annotations

import dataclasses
import datetime as dt
import subprocess

import pytest
from openpyxl import load_workbook
from pypdf import PdfReader

from report_gen.config import ConfigError
from report_gen.intake.submission import read_submission
from report_gen.model import ACCEPTED
from report_gen.outputs.form import (DATA_SHEET, HEADER_ROW, HELP_SHEET, REGISTER_SHEET,
                                     FormSettings, write_form)
from tests.support.workbooks import fill_form

SEND_TO = "Phòng PV05 Công an tỉnh Quảng Ninh, email pv05@example.gov.vn"
CONTACT = "Đ/c Trần Văn B, điện thoại 0203.3825.111"
TYPED = {"MH_TONG": 6, "MH_TINH": 0, "MH_HUYEN": 2, "MH_XA": 4, "KQ_THUOC_NO": 12.5,
         "TT_BUOI": 140, "KP_XA_HOI_HOA": 35.5}


def _form(tmp_path, settings, sending=None, name="TIEN_YEN.xlsx"):
    return write_form(tmp_path / name, settings.units.get("TIEN_YEN"), 2012, settings.catalogue,
                      "Quảng Ninh", {"MH_TONG": 7}, dt.date(2012, 7, 25), sending)


def _foot(ws) -> list[tuple[str, object]]:
    """(cell, value) of every non-empty cell below the last indicator row."""
    last = max(r for r in range(HEADER_ROW + 1, ws.max_row + 1)
               if ws.cell(row=r, column=2).value)
    return [(c.coordinate, c.value) for row in ws.iter_rows(min_row=last + 1) for c in row
            if c.value is not None]


def test_every_sheet_prints_on_a4_one_page_wide(tmp_path, settings):
    wb = load_workbook(_form(tmp_path, settings))
    for name in (DATA_SHEET, REGISTER_SHEET, HELP_SHEET):
        ws = wb[name]
        setup = ws.page_setup
        assert (int(setup.paperSize), setup.orientation, setup.fitToWidth, setup.fitToHeight) == (
            9, "portrait", 1, 0), name
        assert ws.sheet_properties.pageSetUpPr.fitToPage is True, name
        assert (ws.page_margins.left, ws.page_margins.right, ws.page_margins.top,
                ws.page_margins.bottom) == (0.79, 0.59, 0.59, 0.59), name
    assert wb[DATA_SHEET].print_title_rows == "$7:$7"
    assert wb[REGISTER_SHEET].print_title_rows == "$4:$4"


def test_sending_details_and_signature_block_under_the_table(tmp_path, settings):
    ws = load_workbook(_form(tmp_path, settings, FormSettings(SEND_TO, CONTACT)))[DATA_SHEET]
    assert _foot(ws) == [
        ("A64", f"Nơi nhận biểu: {SEND_TO}."),
        ("A65", f"Liên hệ khi cần hỏi: {CONTACT}."),
        ("E67", "……………, ngày …… tháng …… năm ……"),
        ("A68", "NGƯỜI LẬP BIỂU"), ("E68", "THỦ TRƯỞNG ĐƠN VỊ"),
        ("A69", "(Ký, ghi rõ họ tên)"), ("E69", "(Ký tên, đóng dấu)")]
    assert ws["A6"].value == "Thời hạn gửi báo cáo: ngày 25/7/2012"
    assert "A68:C68" in {str(m) for m in ws.merged_cells.ranges}
    assert "E69:G69" in {str(m) for m in ws.merged_cells.ranges}


def test_default_sending_names_the_standing_office_and_no_contact(tmp_path, settings):
    path = _form(tmp_path, settings)
    ws = load_workbook(path)[DATA_SHEET]
    assert _foot(ws)[:2] == [
        ("A64", "Nơi nhận biểu: cơ quan thường trực Ban Chỉ đạo tỉnh."),
        ("E66", "……………, ngày …… tháng …… năm ……")]
    help_ = [c.value for c in load_workbook(path)[HELP_SHEET]["A"]]
    assert not any("Liên hệ" in (line or "") for line in help_)


def test_help_sheet_says_where_to_send_and_whom_to_call(tmp_path, settings):
    path = _form(tmp_path, settings, FormSettings(SEND_TO, CONTACT))
    help_ = [c.value for c in load_workbook(path)[HELP_SHEET]["A"]]
    start = next(i for i, line in enumerate(help_) if (line or "").startswith("4. Lưu tệp"))
    assert help_[start:start + 2] == [
        "4. Lưu tệp dưới dạng Excel (.xlsx), ký, đóng dấu bản in (khối “Người lập biểu / Thủ "
        f"trưởng đơn vị” dưới bảng số liệu) và gửi tệp qua thư điện tử cho {SEND_TO}.",
        f"   • Liên hệ khi cần hỏi: {CONTACT}."]


def _with_document(settings, **keys):
    extra = dict(settings.extra)
    extra["document"] = {**settings.extra.get("document", {}), **keys}
    return dataclasses.replace(settings, extra=extra)


def test_form_settings_from_the_configuration(settings):
    assert FormSettings.from_settings(settings) == FormSettings(
        "cơ quan thường trực Ban Chỉ đạo tỉnh", "")
    got = FormSettings.from_settings(_with_document(settings, send_to=f"  {SEND_TO}\n",
                                                    contact=CONTACT))
    assert got == FormSettings(SEND_TO, CONTACT)


@pytest.mark.parametrize("keys, message", [
    ({"send_to": 5}, "Mục [document], khóa “send_to” phải là một chuỗi chữ trong ngoặc kép, ví "
                     "dụ send_to = \"Phòng PV05 Công an tỉnh, email pv05@example.gov.vn\"."),
    ({"contact": ["Trần Văn B"]}, "Mục [document], khóa “contact” phải là một chuỗi chữ trong "
                                  "ngoặc kép, ví dụ contact = \"Đ/c Trần Văn B, điện thoại "
                                  "0203.3xxx.xxx\"."),
    ({"send_to": " "}, "Mục [document], khóa “send_to” để trống: ghi nơi nhận biểu, ví dụ "
                       "send_to = \"Phòng PV05 Công an tỉnh, email pv05@example.gov.vn\", hoặc "
                       "bỏ khóa này."),
])
def test_wrong_form_settings_are_named(settings, keys, message):
    with pytest.raises(ConfigError) as exc:
        FormSettings.from_settings(_with_document(settings, **keys))
    assert str(exc.value) == message


def test_printed_form_fits_one_page_wide_with_the_signature_block(tmp_path, settings):
    """LibreOffice prints the filled data sheet: every column and the signature block on the
    first page."""
    path = fill_form(_form(tmp_path, settings, FormSettings(SEND_TO, CONTACT)), TYPED, [],
                     dt.datetime(2012, 7, 20))
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/lo",
                    "--convert-to", "pdf", "--outdir", str(tmp_path / "pdf"), str(path)],
                   check=True, capture_output=True, timeout=120)
    pdf = PdfReader(tmp_path / "pdf" / "TIEN_YEN.pdf")
    first = " ".join(pdf.pages[0].extract_text().split())
    for text in ("STT", "Mã chỉ tiêu", "Năm 2012", "Ghi chú", "KP_XA_HOI_HOA",
                 f"Nơi nhận biểu: {SEND_TO}.", "NGƯỜI LẬP BIỂU", "THỦ TRƯỞNG ĐƠN VỊ",
                 "(Ký, ghi rõ họ tên)", "(Ký tên, đóng dấu)"):
        assert text in first, text
    assert pdf.pages[0].mediabox.width == pytest.approx(595, abs=1)  # A4 portrait
    assert pdf.pages[0].mediabox.height == pytest.approx(842, abs=1)


def _check_read_back(path, ctx):
    result = read_submission(path, path.name, ctx)
    assert (result.status, result.unit, result.report_date) == (
        ACCEPTED, "TIEN_YEN", dt.date(2012, 7, 20))
    assert {c: v for c, v in result.values.items() if v is not None} == TYPED
    assert result.problems == []


def test_filled_form_reads_back_with_no_problem(tmp_path, settings, ctx):
    path = fill_form(_form(tmp_path, settings, FormSettings(SEND_TO, CONTACT)), TYPED, [],
                     dt.datetime(2012, 7, 20))
    _check_read_back(path, ctx)


@pytest.mark.parametrize("fmt, filter_", [("xlsx", "xlsx:Calc MS Excel 2007 XML"),
                                          ("xls", "xls:MS Excel 97"), ("ods", "ods")])
def test_form_saved_by_libreoffice_reads_back_with_no_problem(tmp_path, settings, ctx, fmt,
                                                              filter_):
    path = fill_form(_form(tmp_path, settings, FormSettings(SEND_TO, CONTACT), name="f.xlsx"),
                     TYPED, [], dt.datetime(2012, 7, 20))
    out = tmp_path / "lo"
    subprocess.run(["soffice", "--headless", f"-env:UserInstallation=file://{tmp_path}/profile",
                    "--convert-to", filter_, "--outdir", str(out), str(path)],
                   check=True, capture_output=True, timeout=120)
    saved = out / f"TIEN_YEN.{fmt}"
    (out / f"f.{fmt}").rename(saved)
    _check_read_back(saved, ctx)
