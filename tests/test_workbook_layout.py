"""tong_hop_Y.xlsx as the officer opens it (issue 17, part 4): sheet names never cut mid-word
(sections are "Phần A" … with the full title in the sheet's first row), each file's reason
stated once in the intake ledger, the SHA-256 as its last column; `history import` still reads
the workbook back."""

from __future__ import annotations

import datetime as dt
import shutil

import openpyxl
import pytest

from tests.support.review import consolidate_with_history
from tests.support.samples import copy_sample

EMPTY = "trong.xls"
CORRECTED = "ha_long_2012_ban_sua.xlsx"
SUPERSEDED_REASON = (f"Đã có bản mới hơn của đơn vị này ({CORRECTED}, theo ngày báo cáo ghi "
                     "trong biểu); bản này không được dùng.")
EMPTY_REASON = "Tệp rỗng (0 byte), không có nội dung; đề nghị đơn vị gửi lại tệp biểu số liệu."


@pytest.fixture(scope="module")
def workbook(settings, tmp_path_factory):
    """The 2012 sample plus an empty file (rejected) and a corrected copy of Hạ Long's report
    (its first copy superseded), written to tong_hop_2012.xlsx."""
    from report_gen.outputs.xlsx import write_workbook
    tmp = tmp_path_factory.mktemp("workbook")
    folder = copy_sample(2012, tmp / "in")
    (folder / EMPTY).write_bytes(b"")
    shutil.copy(folder / "ha_long_2012.xlsx", folder / CORRECTED)
    wb = openpyxl.load_workbook(folder / CORRECTED)
    wb["Số liệu"]["F4"] = dt.datetime(2012, 8, 2)
    wb.save(folder / CORRECTED)
    cons, _prev = consolidate_with_history(settings, folder=folder)
    path = tmp / "tong_hop_2012.xlsx"
    write_workbook(cons, path)
    return cons, path


def test_sheet_names_are_whole_words(workbook):
    _cons, path = workbook
    wb = openpyxl.load_workbook(path)
    assert wb.sheetnames == [
        "Toàn tỉnh", "Phần A", "Phần B", "Phần C", "Phần D", "Phần E", "Phần F", "Phần G",
        "Phần H", "Tình trạng đơn vị", "Danh sách mô hình", "Tiếp nhận tệp"]


def test_section_sheet_has_full_title_then_header(workbook):
    _cons, path = workbook
    ws = openpyxl.load_workbook(path)["Phần A"]
    assert ws["A1"].value == "A. Xây dựng mô hình tự quản về an ninh, trật tự"
    assert [c.value for c in ws[2]] == [
        "Mã đơn vị", "Đơn vị", "Tổng số mô hình tự quản về ANTT (mô hình) [MH_TONG]",
        "Trong đó: mô hình cấp tỉnh (mô hình) [MH_TINH]", "Mô hình cấp huyện (mô hình) [MH_HUYEN]",
        "Mô hình cấp xã (phường, thị trấn) (mô hình) [MH_XA]",
        "Mô hình xây dựng mới trong năm (mô hình) [MH_MOI]",
        "Mô hình được đánh giá hoạt động hiệu quả (mô hình) [MH_HIEU_QUA]"]
    assert ws.freeze_panes == "C3"
    assert ws.tables["Bang_A"].ref.startswith("A2:")
    total = next(r for r in ws.iter_rows(min_row=3, values_only=True) if r[0] == "TINH_TONG")
    assert total[:3] == ("TINH_TONG", "Toàn tỉnh", 91)
    h = openpyxl.load_workbook(path)["Phần H"]
    assert h["A1"].value == "H. Khen thưởng và kinh phí"


def test_ledger_header_ends_with_sha256(workbook):
    _cons, path = workbook
    ws = openpyxl.load_workbook(path)["Tiếp nhận tệp"]
    assert [c.value for c in ws[1]] == [
        "Tệp", "Đơn vị", "Trạng thái", "Lý do", "Ngày báo cáo", "Đúng hạn", "Mức độ",
        "Trang tính", "Ô", "Vấn đề", "Tình trạng đơn vị", "SHA-256"]
    rows = {r[0]: r for r in ws.iter_rows(min_row=2, values_only=True)}
    assert len(rows[EMPTY][11]) == 64 and rows[EMPTY][11] == (
        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")


def test_each_reason_is_stated_once(workbook):
    _cons, path = workbook
    ws = openpyxl.load_workbook(path)["Tiếp nhận tệp"]
    rows = [r for r in ws.iter_rows(min_row=2, values_only=True)]
    empty = [r for r in rows if r[0] == EMPTY]
    assert [(r[2], r[3], r[6], r[9]) for r in empty] == [
        ("bị từ chối", EMPTY_REASON, None, None)]
    old = [r for r in rows if r[0] == "ha_long_2012.xlsx"]
    assert [(r[2], r[3], r[9]) for r in old] == [("bị thay thế", SUPERSEDED_REASON, None)]
    texts = [v for r in rows for v in r if isinstance(v, str)]
    assert texts.count(SUPERSEDED_REASON) == 1 and texts.count(EMPTY_REASON) == 1


def test_history_import_reads_the_workbook_back(workbook, settings):
    from report_gen.store import read_review
    _cons, path = workbook
    fig = read_review(path, settings, None)
    assert fig.year == 2012 and fig.notes == []
    assert fig.province["MH_TONG"] == 91
    assert (fig.units["HA_LONG"]["MH_TONG"], fig.units["HA_LONG"]["KT_CA_NHAN"]) == (10, 34)
