"""`check` and the feedback letter to the units (issue 17, part 2)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import os
import shutil

import pytest

from tests.support.paths import MESSY, SAMPLES

CASES = MESSY / "cases"


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """Quảng Yên's file with errors (a rule, a register that disagrees with MH_XA), and Hạ Long's
    clean file replacing an older copy full of errors."""
    folder = tmp_path_factory.mktemp("in") / "2012"
    folder.mkdir()
    shutil.copy(CASES / "quang_yen_sai.xlsx", folder)
    shutil.copy(SAMPLES / "2012" / "ha_long_2012.xlsx", folder)
    shutil.copy(CASES / "loi_o_ha_long.xlsx", folder)
    old = dt.datetime(2012, 7, 20).timestamp()
    os.utime(folder / "loi_o_ha_long.xlsx", (old, old))
    return folder


@pytest.fixture(scope="module")
def cons(folder, settings):
    from report_gen.pipeline import check
    doc = dataclasses.replace(settings.document, contact="Đ/c Lê Thị Hoa, <b>0203.3825.xxx</b>",
                              correction_days=5)
    return check(folder, 2012, dataclasses.replace(settings, document=doc))


def test_status_table_replaced_file_counts_no_errors_and_shows_the_deadline(folder, capsys,
                                                                          monkeypatch):
    from report_gen.cli import main
    monkeypatch.setenv("COLUMNS", "200")
    assert main(["check", str(folder), "--year", "2012", "--feedback", "fb"]) == 1
    out = capsys.readouterr().out
    rows = {" ".join(line.replace("│", " ").split()) for line in out.splitlines()}
    assert "Tình trạng báo cáo năm 2012 (hạn gửi ngày 25/7/2012)" in rows
    assert "loi_o_ha_long.xlsx bị thay thế" in rows  # no error or warning count
    assert "Thành phố Hạ Long đạt ha_long_2012.xlsx được dùng đúng hạn" in rows
    assert "Thị xã Quảng Yên có lỗi quang_yen_sai.xlsx được dùng, có lỗi 2 1 muộn" in rows
    assert "Huyện Cô Tô chưa gửi – quá hạn" in rows
    # the replaced copy's own errors are not listed as the unit's to fix
    assert "Giá trị -5 là số âm" not in out
    assert ("Cảnh báo: Đã có bản mới hơn của đơn vị này (ha_long_2012.xlsx, theo thời gian sửa "
            "tệp); bản này không được dùng.") in rows


def test_feedback_page_is_a_letter_with_names_cells_deadline_and_contact(cons, tmp_path):
    from report_gen.outputs.feedback import write_feedback
    write_feedback(cons, tmp_path, today=dt.date(2012, 7, 30))
    page = (tmp_path / "phan_hoi_QUANG_YEN_2012.html").read_text(encoding="utf-8")
    assert ("<div>UBND TỈNH QUẢNG NINH</div><div><strong>BAN CHỈ ĐẠO PHONG TRÀO</strong></div>"
            in page)
    assert "<div><em>Quảng Ninh, ngày 30 tháng 7 năm 2012</em></div>" in page
    assert "<p>Kính gửi: Thị xã Quảng Yên.</p>" in page
    assert "Tình trạng báo cáo của đơn vị: <strong>Có lỗi, cần sửa</strong>." in page
    assert ("<th>TT</th><th>Mức</th><th>Tệp</th><th>Trang tính</th><th>Ô</th><th>Chỉ tiêu</th>"
            "<th>Giá trị đã ghi</th><th>Nội dung</th><th>Cần ghi</th>") in page
    assert "Sheet" not in page and "MH_" not in page and "PL_" not in page
    assert ("<td>F9</td><td>Tổng số mô hình tự quản về ANTT</td><td>“Tổng số mô hình tự quản "
            "về ANTT” = 9</td><td>Tổng số mô hình (9) phải bằng số mô hình cấp tỉnh + cấp huyện "
            "+ cấp xã (7).</td><td>“Tổng số mô hình tự quản về ANTT” bằng “Mô hình cấp tỉnh” + "
            "“Mô hình cấp huyện” + “Mô hình cấp xã (phường, thị trấn)” (7)</td>") in page
    assert "bằng số xã, phường, thị trấn của đơn vị (19)</td>" in page
    # the register's problem: the indicator's row, cell and name
    assert ("<td>Số liệu</td><td>F12</td><td>Mô hình cấp xã (phường, thị trấn)</td><td>5</td>"
            "<td>Danh sách mô hình có 4 mô hình cấp xã, nhưng chỉ tiêu “Mô hình cấp xã (phường, "
            "thị trấn)” ghi 5.</td>") in page
    assert ("<p>Đề nghị đơn vị sửa các lỗi nêu trên và gửi lại biểu đã sửa về Ban Chỉ đạo trước "
            "ngày 4/8/2012; số liệu có lỗi chưa được tổng hợp vào báo cáo của tỉnh.</p>") in page
    assert ("<p>Mọi vướng mắc xin liên hệ: Đ/c Lê Thị Hoa, &lt;b&gt;0203.3825.xxx&lt;/b&gt;.</p>"
            in page)


def test_correction_by_a_date_and_no_contact(cons, tmp_path):
    from report_gen.outputs.feedback import write_feedback
    doc = dataclasses.replace(cons.settings.document, contact="", correction_days=None,
                              correction_date=dt.date(2012, 8, 2))
    other = dataclasses.replace(cons, settings=dataclasses.replace(cons.settings, document=doc))
    write_feedback(other, tmp_path, today=dt.date(2012, 7, 30))
    page = (tmp_path / "phan_hoi_QUANG_YEN_2012.html").read_text(encoding="utf-8")
    assert "về Ban Chỉ đạo trước ngày 2/8/2012;" in page and "liên hệ" not in page


def test_pages_of_units_needing_none_now_move_aside(cons, tmp_path):
    from report_gen.outputs.feedback import write_feedback
    (tmp_path / "phan_hoi_HA_LONG_2012.html").write_text("cũ", encoding="utf-8")
    (tmp_path / "phan_hoi_HA_LONG_2011.html").write_text("năm khác", encoding="utf-8")
    ov = write_feedback(cons, tmp_path, today=dt.date(2012, 7, 30))
    assert ov.moved == [tmp_path / "cu" / "phan_hoi_HA_LONG_2012.html"]
    assert sorted(p.name for p in tmp_path.glob("phan_hoi_*")) == [
        "phan_hoi_HA_LONG_2011.html", "phan_hoi_QUANG_YEN_2012.html"]
    assert (tmp_path / "cu" / "phan_hoi_HA_LONG_2012.html").read_text(encoding="utf-8") == "cũ"
