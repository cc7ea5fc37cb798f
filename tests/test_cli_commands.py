"""The command line, in Vietnamese, as a thin layer over the library."""

import pytest
from openpyxl import load_workbook
from openpyxl.utils import get_column_letter
from python_calamine import CalamineWorkbook

from report_gen.cli import main
from tests.support.paths import SAMPLES
from tests.support.samples import copy_sample


def test_help_is_vietnamese(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("Cách dùng: report-gen")
    assert "hiện hướng dẫn này rồi thoát" in out
    assert "lập báo cáo năm (PDF, HTML, Excel, JSON)" in out
    assert "show this help" not in out and "usage:" not in out


def test_missing_argument_message_is_vietnamese(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["template", "--out", "x"])
    assert exit_.value.code == 2
    assert "lỗi: thiếu đối số bắt buộc: --year" in capsys.readouterr().err


# The 2012 units and their names (DOMAIN.md §3), typed by hand.
UNITS_2012 = {
    "HA_LONG": "Thành phố Hạ Long", "MONG_CAI": "Thành phố Móng Cái",
    "CAM_PHA": "Thành phố Cẩm Phả", "UONG_BI": "Thành phố Uông Bí",
    "QUANG_YEN": "Thị xã Quảng Yên", "DONG_TRIEU": "Huyện Đông Triều",
    "HOANH_BO": "Huyện Hoành Bồ", "VAN_DON": "Huyện Vân Đồn", "TIEN_YEN": "Huyện Tiên Yên",
    "BINH_LIEU": "Huyện Bình Liêu", "BA_CHE": "Huyện Ba Chẽ", "DAM_HA": "Huyện Đầm Hà",
    "HAI_HA": "Huyện Hải Hà", "CO_TO": "Huyện Cô Tô", "TINH": "Cấp tỉnh",
}


def _cells(path, sheet: str) -> dict[str, object]:
    """{"C3": value} of one sheet, read with python-calamine (not with report_gen)."""
    rows = CalamineWorkbook.from_path(path).get_sheet_by_name(sheet).to_python(
        skip_empty_area=False)
    return {f"{get_column_letter(j + 1)}{i + 1}": v for i, row in enumerate(rows)
            for j, v in enumerate(row) if v not in ("", None)}


def test_template_writes_one_form_per_unit(tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "300")  # the message on one line, whatever the terminal
    assert main(["template", "--year", "2012", "--out", str(tmp_path)]) == 0
    assert capsys.readouterr().out == f"Đã tạo 15 biểu mẫu năm 2012 trong {tmp_path}.\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == sorted(
        f"bieu_mau_2012_{code}.xlsx" for code in UNITS_2012)
    for code, name in UNITS_2012.items():
        c = _cells(tmp_path / f"bieu_mau_2012_{code}.xlsx", "Số liệu")
        assert (c["A2"], c["C3"], c["F3"], c["C4"]) == (
            "BIỂU THỐNG KÊ KẾT QUẢ PHONG TRÀO TOÀN DÂN BẢO VỆ ANTQ NĂM 2012", name, code, 2012)
    # one unit, by name as officers say it
    assert main(["template", "--year", "2012", "--out", str(tmp_path / "name"),
                 "--unit", "Tiên Yên"]) == 0
    assert [p.name for p in (tmp_path / "name").iterdir()] == ["bieu_mau_2012_TIEN_YEN.xlsx"]


def test_template_form_cells_and_validation(tmp_path, capsys):
    assert main(["template", "--year", "2012", "--out", str(tmp_path), "--unit", "co_to"]) == 0
    path = tmp_path / "bieu_mau_2012_CO_TO.xlsx"
    assert [p.name for p in tmp_path.iterdir()] == [path.name]
    c = _cells(path, "Số liệu")
    assert c["A1"] == "BAN CHỈ ĐẠO PHONG TRÀO TOÀN DÂN BẢO VỆ ANTQ TỈNH QUẢNG NINH"
    assert [c[f"{col}7"] for col in "ABCDEFG"] == [
        "STT", "Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Năm 2011 (tham khảo)", "Năm 2012",
        "Ghi chú"]
    # code, label and unit of measure of a few indicators (DOMAIN.md §4)
    assert [c[f"{col}9"] for col in "BCD"] == ["MH_TONG", "Tổng số mô hình tự quản về ANTT",
                                             "mô hình"]
    assert [c[f"{col}16"] for col in "BCD"] == ["LL_CONG_AN_XA", "Công an xã", "người"]
    assert [c[f"{col}40"] for col in "BCD"] == ["KQ_THUOC_NO", "Thuốc nổ", "kg"]
    assert "F9" not in c and "F40" not in c  # the figures are left for the unit to fill
    models = _cells(path, "Danh sách mô hình")
    assert (models["A1"], models["C2"]) == ("DANH SÁCH MÔ HÌNH TỰ QUẢN VỀ ANTT NĂM 2012",
                                            "Huyện Cô Tô")
    wb = load_workbook(path)
    rules = {str(dv.sqref).split()[0]: (dv.type, dv.operator, dv.formula1)
             for dv in wb["Số liệu"].data_validations.dataValidation}
    assert rules["F4"] == ("date", "between", "DATE(2000,1,1)")  # the report date
    assert rules["F9"] == ("whole", "between", "0")  # counts: whole numbers, not negative
    assert rules["F40"] == ("decimal", "between", "0")  # kg may have decimals
    lists = {str(dv.sqref): dv.formula1
             for dv in wb["Danh sách mô hình"].data_validations.dataValidation if dv.type == "list"}
    assert lists["C5:C204"] == "'Danh mục'!$A$1:$A$3"  # the level: a choice, not free text


def test_check_clean_sample_exits_0(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")  # one message per line, whatever the terminal
    assert main(["check", str(SAMPLES / "2012"), "--year", "2012"]) == 0
    out = capsys.readouterr().out
    assert "Năm 2012: 15/15 đơn vị đã gửi, 0 đơn vị chưa gửi" in out
    assert "0 lỗi." in out
    assert "nhan_xet.md: tệp nhận xét của Ban Chỉ đạo, dùng cho phần đánh giá của báo cáo" in out


def test_check_with_a_missing_unit_exits_1_and_names_it(tmp_path, capsys):
    folder = copy_sample(2012, tmp_path / "2012", without=("co_to_2012.xlsx",))
    assert main(["check", str(folder)]) == 1  # year taken from the folder name
    out = capsys.readouterr().out
    # the province's problems under a heading of their own, not under the last file's
    assert "\nToàn tỉnh\n  Lỗi: Đơn vị Huyện Cô Tô chưa gửi báo cáo." in out
    assert "14/15 đơn vị đã gửi, 1 đơn vị chưa gửi" in out
