"""`report-gen units --year Y`: the year's reporting units, through report_gen.cli.main."""

from __future__ import annotations

import pytest

from report_gen.cli import main

# The 54 units of 1/7/2025 (NQ 1679/NQ-UBTVQH15, names as in Công văn 1027/CTK-CSCL).
NAMES_2025 = [
    "Xã Quảng La", "Xã Thống Nhất", "Xã Hải Hòa", "Xã Tiên Yên", "Xã Điền Xá", "Xã Đông Ngũ",
    "Xã Hải Lạng", "Xã Lương Minh", "Xã Kỳ Thượng", "Xã Ba Chẽ", "Xã Quảng Tân", "Xã Đầm Hà",
    "Xã Quảng Hà", "Xã Đường Hoa", "Xã Quảng Đức", "Xã Hoành Mô", "Xã Lục Hồn", "Xã Bình Liêu",
    "Xã Hải Sơn", "Xã Hải Ninh", "Xã Vĩnh Thực", "Phường An Sinh", "Phường Đông Triều",
    "Phường Bình Khê", "Phường Mạo Khê", "Phường Hoàng Quế", "Phường Yên Tử", "Phường Vàng Danh",
    "Phường Uông Bí", "Phường Đông Mai", "Phường Hiệp Hòa", "Phường Quảng Yên", "Phường Hà An",
    "Phường Phong Cốc", "Phường Liên Hòa", "Phường Tuần Châu", "Phường Việt Hưng",
    "Phường Bãi Cháy", "Phường Hà Tu", "Phường Hà Lầm", "Phường Cao Xanh", "Phường Hồng Gai",
    "Phường Hạ Long", "Phường Hoành Bồ", "Phường Mông Dương", "Phường Quang Hanh",
    "Phường Cẩm Phả", "Phường Cửa Ông", "Phường Móng Cái 1", "Phường Móng Cái 2",
    "Phường Móng Cái 3", "Đặc khu Vân Đồn", "Đặc khu Cô Tô", "Xã Cái Chiên",
]


@pytest.fixture(autouse=True)
def wide_console(monkeypatch):
    monkeypatch.setenv("COLUMNS", "400")  # one table row per line, so rows can be read


def _run(capsys, *argv: str) -> tuple[int, str]:
    capsys.readouterr()
    code = main(["units", *argv])
    return code, capsys.readouterr().out


def _rows(out: str) -> list[list[str]]:
    """The body rows of the printed table, as lists of cell texts."""
    return [[c.strip() for c in line.strip().strip("│").split("│")]
            for line in out.splitlines() if line.startswith("│")]


def test_units_2026_are_the_54_and_the_province_level(capsys):
    code, out = _run(capsys, "--year", "2026")
    assert code == 0
    assert "Các đơn vị báo cáo năm 2026 (55 đơn vị)" in out
    assert [line for line in out.splitlines() if line.startswith("┃")][0].split("┃")[1:5] == [
        " Mã           ", " Tên đơn vị        ", " Cấp      ", " Số xã báo cáo "]
    rows = _rows(out)
    assert [r[1] for r in rows] == NAMES_2025 + ["Cấp tỉnh"]
    assert {(r[2], r[3]) for r in rows[:-1]} == {("cấp xã", "1")}
    assert rows[-1] == ["TINH", "Cấp tỉnh", "cấp tỉnh", "–"]
    assert rows[38][:2] == ["P_HA_TU", "Phường Hà Tu"]
    assert out.strip().splitlines()[-1] == \
        "Tổng: 1 đơn vị cấp tỉnh, 54 đơn vị cấp xã; 54 xã, phường, đặc khu."


def test_units_2012_are_the_14_districts_and_the_province_level(capsys):
    code, out = _run(capsys, "--year", "2012")
    assert code == 0
    assert "Các đơn vị báo cáo năm 2012 (15 đơn vị)" in out
    assert _rows(out) == [
        ["HA_LONG", "Thành phố Hạ Long", "cấp huyện", "20"],
        ["MONG_CAI", "Thành phố Móng Cái", "cấp huyện", "17"],
        ["CAM_PHA", "Thành phố Cẩm Phả", "cấp huyện", "16"],
        ["UONG_BI", "Thành phố Uông Bí", "cấp huyện", "11"],
        ["QUANG_YEN", "Thị xã Quảng Yên", "cấp huyện", "19"],
        ["DONG_TRIEU", "Huyện Đông Triều", "cấp huyện", "21"],
        ["HOANH_BO", "Huyện Hoành Bồ", "cấp huyện", "13"],
        ["VAN_DON", "Huyện Vân Đồn", "cấp huyện", "12"],
        ["TIEN_YEN", "Huyện Tiên Yên", "cấp huyện", "12"],
        ["BINH_LIEU", "Huyện Bình Liêu", "cấp huyện", "8"],
        ["BA_CHE", "Huyện Ba Chẽ", "cấp huyện", "8"],
        ["DAM_HA", "Huyện Đầm Hà", "cấp huyện", "10"],
        ["HAI_HA", "Huyện Hải Hà", "cấp huyện", "16"],
        ["CO_TO", "Huyện Cô Tô", "cấp huyện", "3"],
        ["TINH", "Cấp tỉnh", "cấp tỉnh", "–"],
    ]
    assert out.strip().splitlines()[-1] == \
        "Tổng: 1 đơn vị cấp tỉnh, 14 đơn vị cấp huyện; 186 xã, phường, thị trấn."


def test_units_2024_use_that_years_names_and_counts(capsys):
    code, out = _run(capsys, "--year", "2024")
    rows = {r[0]: r for r in _rows(out)}
    assert code == 0 and len(rows) == 14 and "HOANH_BO" not in rows
    assert rows["DONG_TRIEU"] == ["DONG_TRIEU", "Thị xã Đông Triều", "cấp huyện", "21"]
    assert rows["HA_LONG"][3] == "33"
    assert out.strip().splitlines()[-1] == \
        "Tổng: 1 đơn vị cấp tỉnh, 13 đơn vị cấp huyện; 177 xã, phường, thị trấn."


def test_origins_column(capsys):
    code, out = _run(capsys, "--year", "2025", "--origins")
    assert code == 0
    assert "Hình thành từ" in out
    rows = {r[0]: r for r in _rows(out)}
    assert rows["P_HA_TU"][4] == "Phường Hà Phong, Phường Hà Tu"
    assert rows["X_THONG_NHAT"][4] == \
        "Xã Vũ Oai, Xã Hòa Bình, Xã Thống Nhất, Xã Đồng Lâm (một phần)"
    assert rows["X_HAI_HOA"][4] == "Xã Hải Lạng (Tiên Yên, một phần), Xã Hải Hòa (Cẩm Phả, một phần)"
    assert rows["X_LUONG_MINH"][4] == "Xã Đồng Sơn (Hạ Long), Xã Lương Minh (Ba Chẽ)"
    assert rows["TINH"][4] == "–"
    code, out = _run(capsys, "--year", "2012", "--origins")
    assert {r[4] for r in _rows(out)} == {"–"}


def test_year_is_required(capsys):
    with pytest.raises(SystemExit) as exc:
        main(["units"])
    assert exc.value.code == 2
    assert "thiếu đối số bắt buộc: --year" in capsys.readouterr().err


def test_help_is_vietnamese(capsys):
    with pytest.raises(SystemExit):
        main(["units", "--help"])
    out = capsys.readouterr().out
    assert "In danh sách các đơn vị báo cáo của một năm" in out
    assert "--year NĂM" in out and "năm báo cáo" in out
    with pytest.raises(SystemExit):
        main(["--help"])
    assert "danh sách đơn vị báo cáo của một năm" in capsys.readouterr().out
