"""Province facts are data: a new administrative map (commune-level units reporting directly to
the province, other level words, another reference day) and a new catalogue need no code
change. Everything below comes from files written in the test."""

import datetime as dt

import pytest
from openpyxl import load_workbook

from report_gen.intake.submission import IntakeContext, read_submission
from report_gen.outputs.feedback import expected_of
from report_gen.outputs.form import HELP_SHEET, REGISTER_HEADER_ROW, REGISTER_SHEET, write_form
from report_gen.reference.catalogue import load_catalogue
from report_gen.reference.units import Level, ReferenceDay, load_units
from report_gen.store.compare import ENDED, compare_unit_figures

UNITS_2025 = """
province = "Quảng Ninh"
version = "2025.7"
reference_day = { month = 6, day = 30, name = "Ngày chốt số liệu" }
name_prefixes = ["Phường", "P.", "Xã", "X.", "Đặc khu", "ĐK", "Công an", "CA"]

[levels.province]
name = "cấp tỉnh"
unit_word = "cơ quan cấp tỉnh"

[levels.commune]
name = "cấp xã, phường, đặc khu"
unit_word = "đơn vị cấp xã, phường, đặc khu"

[[units]]
code = "HA_TU"
name = "Phường Hà Tu"
short = "Hà Tu"
level = "commune"
communes = 1
valid_from = 2025-07-01

[[units]]
code = "QUANG_TAN"
name = "Xã Quảng Tân"
short = "Quảng Tân"
level = "commune"
communes = 1
valid_from = 2025-07-01

[[units]]
code = "CO_TO"
name = "Đặc khu Cô Tô"
short = "Cô Tô"
level = "commune"
communes = 1
valid_from = 2025-07-01

[[units]]
code = "TINH"
name = "Cấp tỉnh"
level = "province"
valid_from = 1945-01-01
"""

# The same units, without the facts: they are taken from the shipped list (19 August).
UNITS_NO_FACTS = UNITS_2025.split("[levels.province]")[0].replace(
    'reference_day = { month = 6, day = 30, name = "Ngày chốt số liệu" }\n', "").replace(
    'name_prefixes = ["Phường", "P.", "Xã", "X.", "Đặc khu", "ĐK", "Công an", "CA"]\n', "") + \
    "[[units]]" + UNITS_2025.split("[[units]]", 1)[1]

CATALOGUE = """
version = "test"
name = "Biểu thử nghiệm"

[register]
levels = [
  { name = "tỉnh", indicator = "MH_TINH" },
  { name = "xã", indicator = "MH_XA" },
]
fields = ["Khu dân cư", "Khác"]

[[sections]]
code = "A"
title = "Mô hình"

[[indicators]]
code = "MH_TONG"
section = "A"
label = "Tổng số mô hình"
unit = "mô hình"

[[indicators]]
code = "MH_TINH"
section = "A"
label = "Mô hình cấp tỉnh"
unit = "mô hình"

[[indicators]]
code = "MH_XA"
section = "A"
label = "Mô hình cấp xã"
unit = "mô hình"

[[indicators]]
code = "MH_MOI"
section = "A"
label = "Mô hình xây dựng mới"
unit = "mô hình"

[[rules]]
id = "SUM"
left = "MH_TONG"
op = "=="
right = "MH_TINH + MH_XA"
message = "Tổng ({left}) khác tổng các cấp ({right})."
help = "Tổng số mô hình bằng số mô hình cấp tỉnh cộng cấp xã."

[[rules]]
id = "NEW"
left = "MH_MOI"
op = "<="
right = "MH_TONG"
message = "Mô hình mới ({left}) nhiều hơn tổng ({right})."

[[rules]]
id = "PROVINCE_ONLY"
left = "MH_XA"
op = "=="
right = "0"
scope = "unit"
levels = ["province"]
message = "Cơ quan cấp tỉnh không có mô hình cấp xã ({left})."
help = "Cơ quan cấp tỉnh ghi số mô hình cấp xã là 0."
"""


@pytest.fixture
def units(tmp_path):
    path = tmp_path / "units_2025.toml"
    path.write_text(UNITS_2025, encoding="utf-8")
    return load_units(path)


@pytest.fixture
def catalogue(tmp_path):
    path = tmp_path / "catalogue.toml"
    path.write_text(CATALOGUE, encoding="utf-8")
    return load_catalogue(path)


@pytest.mark.parametrize("text, code", [
    ("P. Hà Tu", "HA_TU"),
    ("phường Hà Tu", "HA_TU"),
    ("Hà Tu", "HA_TU"),
    ("CA PHƯỜNG HÀ TU", "HA_TU"),
    ("Xã Quảng Tân", "QUANG_TAN"),
    ("Quang Tan", "QUANG_TAN"),
    ("Đặc khu Cô Tô", "CO_TO"),
    ("ĐK Cô Tô", "CO_TO"),
    ("Co To", "CO_TO"),
])
def test_commune_level_names_match_with_the_lists_prefixes(units, text, code):
    unit = units.match(text, 2026)
    assert unit is not None and unit.code == code


def test_prefixes_come_from_the_list(units):
    assert units.prefixes == ("dac khu", "cong an", "phuong", "xa", "dk", "ca", "p", "x")
    assert units.strip_prefixes("ca p ha tu") == "ha tu"
    assert units.strip_prefixes("phuong") == "phuong"  # a prefix alone is a name


def test_shipped_list_knows_commune_prefixes(settings):
    assert {"xa", "phuong", "dac khu", "thi tran", "p"} <= set(settings.units.prefixes)
    assert settings.units.match("Phường Hạ Long", 2012).code == "HA_LONG"


def test_level_words_come_from_the_list(units):
    assert units.level("commune") == Level("commune", "cấp xã, phường, đặc khu",
                                           "đơn vị cấp xã, phường, đặc khu")
    assert units.level_word("province") == "cấp tỉnh"
    assert units.unit_word("commune") == "đơn vị cấp xã, phường, đặc khu"
    communes = [u for u in units.active(2026) if u.level == "commune"]
    assert units.units_word(communes) == "đơn vị cấp xã, phường, đặc khu"
    assert units.units_word(units.active(2026)) == "đơn vị"  # two levels
    with pytest.raises(KeyError):
        units.level_word("district")  # this map has no district level


def test_shipped_level_words(settings):
    assert [(lv.code, lv.name, lv.unit_word) for lv in settings.units.levels] == [
        ("province", "cấp tỉnh", "đơn vị cấp tỉnh"),
        ("district", "cấp huyện", "đơn vị cấp huyện"),
        ("commune", "cấp xã", "đơn vị cấp xã")]
    districts = [u for u in settings.units.active(2012) if u.level == "district"]
    assert f"Tất cả {len(districts)} {settings.units.units_word(districts)} đều" == \
        "Tất cả 14 đơn vị cấp huyện đều"


def test_reference_day_decides_the_year_a_unit_reports(units, tmp_path):
    assert units.reference_day == ReferenceDay(6, 30, "Ngày chốt số liệu")
    assert units.reference_date(2025) == dt.date(2025, 6, 30)
    # valid from 1/7/2025: 30/6/2025 is before it, so the first year is 2026
    assert [u.code for u in units.active(2025)] == ["TINH"]
    assert [u.code for u in units.active(2026)] == ["HA_TU", "QUANG_TAN", "CO_TO", "TINH"]
    assert units.match("Hà Tu", 2025).active(2025) is False

    path = tmp_path / "no_facts.toml"
    path.write_text(UNITS_NO_FACTS, encoding="utf-8")
    shipped_day = load_units(path)  # no reference_day: the shipped list's 19 August
    assert shipped_day.reference_date(2025) == dt.date(2025, 8, 19)
    assert [u.code for u in shipped_day.active(2025)] == ["HA_TU", "QUANG_TAN", "CO_TO", "TINH"]
    assert shipped_day.level_word("district") == "cấp huyện"  # words of the shipped list too
    assert shipped_day.match("Phường Hà Tu", 2025).code == "HA_TU"


def test_reference_day_decides_when_a_unit_ended(tmp_path):
    text = UNITS_2025 + """
[[units]]
code = "TIEN_YEN"
name = "Huyện Tiên Yên"
level = "commune"
valid_from = 1945-01-01
valid_to = 2025-06-30
"""
    path = tmp_path / "units.toml"
    path.write_text(text, encoding="utf-8")
    units = load_units(path)
    assert units.get("TIEN_YEN").active(2025)  # 30/6/2025 is still inside
    c = compare_unit_figures("TIEN_YEN", 2026, units, None)
    assert c.status == ENDED
    assert c.note == "Huyện Tiên Yên không còn là đơn vị báo cáo từ năm 2026."


@pytest.mark.parametrize("extra, message", [
    ('reference_day = { month = 2, day = 30 }\n', "ngày mốc 30/2 không có thật"),
    ('reference_day = "19/8"\n', "reference_day phải có dạng { month = 8, day = 19 }"),
    ('name_prefixes = "Phường"\n', "name_prefixes phải là danh sách chuỗi"),
])
def test_malformed_facts_are_refused_clearly(tmp_path, extra, message):
    path = tmp_path / "bad.toml"
    path.write_text(extra + UNITS_NO_FACTS, encoding="utf-8")
    with pytest.raises(ValueError, match=message):
        load_units(path)


def test_a_level_without_words_is_refused(tmp_path):
    path = tmp_path / "bad.toml"
    path.write_text(UNITS_2025.replace('level = "commune"\ncommunes = 1\nvalid_from = 2025-07-01\n\n'
                                       '[[units]]\ncode = "TINH"', 'level = "district"\n'
                                       'communes = 1\nvalid_from = 2025-07-01\n\n[[units]]\n'
                                       'code = "TINH"'), encoding="utf-8")
    with pytest.raises(ValueError, match="đơn vị CO_TO: cấp “district” không có trong bảng"):
        load_units(path)


def _help(path):
    ws = load_workbook(path)[HELP_SHEET]
    return [ws.cell(row=r, column=1).value for r in range(1, ws.max_row + 1)]


def test_help_sheet_lists_the_catalogues_rules_for_the_units_level(tmp_path, units, catalogue):
    commune = write_form(tmp_path / "ha_tu.xlsx", units.get("HA_TU"), 2026, catalogue,
                         "Quảng Ninh")
    lines = _help(commune)
    assert lines[9:] == [
        "   • Số mô hình theo từng cấp trong danh sách phải khớp với số đã ghi ở các chỉ tiêu mô "
        "hình cấp tỉnh, cấp xã.",
        "3. Kiểm tra số liệu trước khi gửi:",
        "   • Tổng số mô hình bằng số mô hình cấp tỉnh cộng cấp xã.",
        "4. Lưu tệp dưới dạng Excel (.xlsx), ký, đóng dấu bản in (khối “Người lập biểu / Thủ "
        "trưởng đơn vị” dưới bảng số liệu) và gửi tệp qua thư điện tử cho cơ quan thường trực "
        "Ban Chỉ đạo tỉnh."]
    province = _help(write_form(tmp_path / "tinh.xlsx", units.get("TINH"), 2026, catalogue,
                                "Quảng Ninh"))
    assert province[11:13] == ["   • Tổng số mô hình bằng số mô hình cấp tỉnh cộng cấp xã.",
                               "   • Cơ quan cấp tỉnh ghi số mô hình cấp xã là 0."]
    assert catalogue.rule_help() == ["Tổng số mô hình bằng số mô hình cấp tỉnh cộng cấp xã.",
                                     "Cơ quan cấp tỉnh ghi số mô hình cấp xã là 0."]


def test_shipped_help_sheet_states_the_shipped_checks(tmp_path, settings):
    lines = _help(write_form(tmp_path / "f.xlsx", settings.units.get("TIEN_YEN"), 2012,
                             settings.catalogue, "Quảng Ninh"))
    assert lines[9] == ("   • Số mô hình theo từng cấp trong danh sách phải khớp với số đã ghi ở "
                        "các chỉ tiêu mô hình cấp tỉnh, cấp huyện, cấp xã.")
    assert lines[10:19] == [
        "3. Kiểm tra số liệu trước khi gửi:",
        "   • Tổng số mô hình = số mô hình cấp tỉnh + cấp huyện + cấp xã.",
        "   • Số mô hình xây dựng mới, số mô hình hoạt động hiệu quả không lớn hơn tổng số mô hình.",
        "   • Số tin có giá trị không lớn hơn tổng số tin báo.",
        "   • Số vụ hòa giải thành không lớn hơn số vụ đưa ra hòa giải.",
        "   • Số đạt tiêu chuẩn “An toàn về ANTT” không lớn hơn số đăng ký.",
        "   • Số xã, phường, thị trấn tổ chức Ngày hội, số đăng ký “An toàn về ANTT” không lớn "
        "hơn số xã, phường, thị trấn của đơn vị.",
        "   • Tổng số xã, phường, thị trấn được xếp loại bằng số xã, phường, thị trấn của đơn vị.",
        "   • Đơn vị cấp huyện, cấp xã ghi số mô hình cấp tỉnh là 0."]


def _register_with(path, rows):
    wb = load_workbook(path)
    reg = wb[REGISTER_SHEET]
    for i, row in enumerate(rows):
        for c, v in enumerate(row, start=2):
            reg.cell(row=REGISTER_HEADER_ROW + 1 + i, column=c).value = v
    wb.save(path)


def test_register_levels_in_messages_come_from_the_catalogue(tmp_path, units, catalogue):
    path = write_form(tmp_path / "ha_tu.xlsx", units.get("HA_TU"), 2026, catalogue, "Quảng Ninh")
    _register_with(path, [("Khu dân cư tự quản", "xã", "Khu dân cư", None, 2025, "có"),
                          ("Mô hình cũ", "huyện", "Khác", None, 2020, "không")])
    ctx = IntakeContext(year=2026, catalogue=catalogue, units=units)
    result = read_submission(path, path.name, ctx)
    bad = [p for p in result.problems if p.code == "model-level-invalid"]
    assert [(p.cell, p.message, expected_of(p)) for p in bad] == [
        ("C6", "Cấp của mô hình “huyện” không hợp lệ; chọn một trong: tỉnh, xã.",
         "cấp mô hình là tỉnh hoặc xã")]
    assert [m.name for m in result.models] == ["Khu dân cư tự quản"]


def test_shipped_register_messages_are_unchanged(tmp_path, settings):
    path = write_form(tmp_path / "f.xlsx", settings.units.get("TIEN_YEN"), 2012,
                      settings.catalogue, "Quảng Ninh")
    _register_with(path, [("Mô hình A", "thôn", "Khác", None, 2011, "không")])
    ctx = IntakeContext(year=2012, catalogue=settings.catalogue, units=settings.units)
    bad = [p for p in read_submission(path, path.name, ctx).problems
           if p.code == "model-level-invalid"]
    assert [(p.message, expected_of(p)) for p in bad] == [
        ("Cấp của mô hình “thôn” không hợp lệ; chọn một trong: tỉnh, huyện, xã.",
         "cấp mô hình là tỉnh, huyện hoặc xã")]
