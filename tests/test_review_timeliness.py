"""Timeliness is a unit's first submission (issue 17): a corrected copy sent after the deadline
is a correction, not a late report, in the review, the workbook's ledger and `check`; the
deadline is printed on the blank form and `check` says who is late so far."""

from __future__ import annotations

import datetime as dt
import html

import openpyxl
import pytest

from report_gen.cli import main
from report_gen.outputs.form import DATA_SHEET, HELP_SHEET, write_form
from report_gen.intake.submission import read_submission
from report_gen.model import ACCEPTED
from tests.support.samples import copy_sample
from tests.support.workbooks import fill_form

LATE = ("huyện Hoành Bồ (26/7/2012), huyện Vân Đồn (27/7/2012), huyện Tiên Yên (28/7/2012) và "
        "huyện Bình Liêu (29/7/2012)")
SENTENCE = ("Đã có 15/15 đơn vị gửi báo cáo số liệu năm 2012 (100,0\u00a0%). Theo thời hạn ngày "
            f"25/7/2012, 11 đơn vị gửi đúng hạn, 4 đơn vị gửi muộn: {LATE}; 1 đơn vị gửi bản "
            "sửa sau thời hạn: huyện Đầm Hà (2/8/2012).")


def _with_correction(folder):
    """The 2012 sample plus Đầm Hà's corrected copy dated 2/8/2012 (the original: 21/7/2012)."""
    wb = openpyxl.load_workbook(folder / "dam_ha_2012.xlsx")
    assert wb[DATA_SHEET]["E4"].value == "Ngày báo cáo:"
    assert wb[DATA_SHEET]["F4"].value.date() <= dt.date(2012, 7, 25)
    wb[DATA_SHEET]["F4"] = dt.datetime(2012, 8, 2)
    wb.save(folder / "dam_ha_2012_ban_sua.xlsx")
    return folder


@pytest.fixture(scope="module")
def corrected_build(tmp_path_factory, settings):
    from report_gen.pipeline import build
    base = tmp_path_factory.mktemp("timely")
    folder = _with_correction(copy_sample(2012, base / "2012"))
    return build(folder, 2012, settings, base / "out", store_path=None)


def test_a_late_correction_does_not_make_an_on_time_unit_late(corrected_build):
    cons, outputs = corrected_build
    statuses = {r.file: r.status for r in cons.results}
    assert statuses["dam_ha_2012_ban_sua.xlsx"] == ACCEPTED  # the correction's figures are used
    assert statuses["dam_ha_2012.xlsx"] == "superseded"
    text = html.unescape(outputs.html.read_text(encoding="utf-8"))
    assert SENTENCE in text


def test_ledger_calls_the_correction_a_correction(corrected_build):
    _cons, outputs = corrected_build
    ws = openpyxl.load_workbook(outputs.xlsx)["Tiếp nhận tệp"]
    rows = {r[0].value: r for r in ws.iter_rows(min_row=2)}
    assert rows["dam_ha_2012_ban_sua.xlsx"][5].value == "đúng hạn (bản sửa)"
    assert rows["dam_ha_2012_ban_sua.xlsx"][4].value.date() == dt.date(2012, 8, 2)
    assert rows["dam_ha_2012.xlsx"][5].value == "đúng hạn"  # the first submission counted
    assert rows["dam_ha_2012.xlsx"][4].value.date() == dt.date(2012, 7, 21)
    assert rows["binh_lieu_2012.xlsx"][5].value == "muộn"


def test_check_says_who_is_late_so_far(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "400")  # the line unwrapped
    folder = _with_correction(copy_sample(2012, tmp_path / "2012", without=("co_to_2012.xlsx",)))
    assert main(["check", str(folder), "--year", "2012"]) == 1
    out = capsys.readouterr().out
    assert (f"Thời hạn ngày 25/7/2012: 10 đơn vị gửi đúng hạn, 4 đơn vị gửi muộn: {LATE}; "
            "1 đơn vị gửi bản sửa sau thời hạn: huyện Đầm Hà (2/8/2012); 1 đơn vị quá hạn chưa "
            "gửi: huyện Cô Tô.") in out


def test_check_before_the_deadline_counts_days_left(tmp_path, settings):
    from report_gen.cli.check import deadline_line
    from report_gen.pipeline import check
    folder = copy_sample(2012, tmp_path / "2012",
                         without=("co_to_2012.xlsx", "binh_lieu_2012.xlsx", "hoanh_bo_2012.xlsx",
                                  "van_don_2012.xlsx", "tien_yen_2012.xlsx"))
    cons = check(folder, 2012, settings)
    assert deadline_line(cons, today=dt.date(2012, 7, 23)) == (
        "Thời hạn ngày 25/7/2012: 10 đơn vị gửi đúng hạn; 5 đơn vị chưa gửi (còn 2 ngày đến "
        "hạn).")
    assert deadline_line(cons, today=dt.date(2012, 7, 25)).endswith(
        "; 5 đơn vị chưa gửi (hôm nay là ngày cuối).")


def test_form_states_the_deadline_and_is_still_read_back(tmp_path, settings, ctx):
    unit = settings.units.get("TIEN_YEN")
    path = write_form(tmp_path / "f.xlsx", unit, 2012, settings.catalogue, "Quảng Ninh",
                      deadline=dt.date(2012, 7, 25))
    wb = openpyxl.load_workbook(path)
    assert wb[DATA_SHEET]["A6"].value == "Thời hạn gửi báo cáo: ngày 25/7/2012"
    help_ = [c.value for c in wb[HELP_SHEET]["A"]]
    assert help_[-2:] == [
        "   • Thời hạn gửi báo cáo: ngày 25/7/2012; việc gửi đúng hạn được tính theo lần gửi "
        "đầu tiên.",
        "   • Nếu cần sửa số liệu đã gửi, gửi lại cả tệp đã sửa và ghi ngày báo cáo mới; bản sửa "
        "gửi sau thời hạn không bị tính là gửi muộn."]
    fill_form(path, {"MH_TONG": 6, "MH_TINH": 0, "MH_HUYEN": 2, "MH_XA": 4}, [],
              dt.datetime(2012, 7, 30), numbered=False)
    result = read_submission(path, path.name, ctx)
    assert result.status == ACCEPTED and result.unit == "TIEN_YEN"
    assert result.report_date == dt.date(2012, 7, 30)
    assert result.problems == []


def test_template_command_puts_the_configured_deadline_on_each_form(tmp_path):
    from openpyxl import load_workbook

    from report_gen.cli import main
    from report_gen.outputs.form import DATA_SHEET
    assert main(["template", "--year", "2012", "--out", str(tmp_path), "--unit", "DAM_HA"]) == 0
    ws = load_workbook(tmp_path / "bieu_mau_2012_DAM_HA.xlsx")[DATA_SHEET]
    assert ws["A6"].value == "Thời hạn gửi báo cáo: ngày 25/7/2012"
