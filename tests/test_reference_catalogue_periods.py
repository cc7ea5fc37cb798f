"""The catalogue across periods: what is in force in a year, in that year's words, and the
answers a commune-level unit gives about itself (counted across units)."""

import re
from pathlib import Path

import pytest

from report_gen.checks.rules import check_rules
from report_gen.reference.catalogue import load_catalogue


@pytest.fixture(scope="module")
def shipped():
    return load_catalogue()


def test_labels_follow_the_map_of_the_year(shipped):
    assert shipped.in_year(2012).get("PL_KHA").label == "Xã, phường, thị trấn xếp loại Khá"
    assert shipped.in_year(2025).get("PL_KHA").label == "Xã, phường, đặc khu xếp loại Khá"
    assert shipped.in_year(2024).get("MH_XA").label == "Mô hình cấp xã (phường, thị trấn)"
    assert shipped.in_year(2025).get("MH_XA").label == "Mô hình cấp xã (phường, đặc khu)"
    assert shipped.in_year(2025).section("G").title == "Phân loại phong trào ở xã, phường, đặc khu"
    assert shipped.say("{Communes} xếp loại Yếu", 2019) == "Xã, phường, thị trấn xếp loại Yếu"


def test_a_2025_catalogue_never_speaks_of_districts_or_townships(shipped):
    cat = shipped.in_year(2025)
    texts = ([i.label for i in cat.indicators] + [c.text for i in cat.indicators
                                                   for c in i.choices]
             + [t for s in cat.sections for t in (s.title, s.summary)]
             + [t for r in cat.rules for t in (r.message, r.help)]
             + [name for name, _code in cat.register.levels])
    # the section A summary keeps a branch for years with a district level: not shown in 2025
    shown = [re.sub(r'\{% if "MH_HUYEN" in active %\}.*?\{% endif %\}', "", t) for t in texts]
    assert [t for t in shown if re.search(r"huyện|thị trấn", t)] == []
    assert [t for t in shown if re.search(r"(?<!\{)\{[A-Za-z_]+\}(?!\})", t)
            and "{left}" not in t] == []


def test_what_is_in_force(shipped):
    assert "MH_HUYEN" in shipped.in_year(2024).codes(2024)
    assert "MH_HUYEN" not in shipped.in_year(2025).codes(2025)
    assert "PL_XUAT_SAC" not in shipped.in_year(2021).codes(2021)
    assert "PL_XUAT_SAC" in shipped.in_year(2022).codes(2022)
    assert shipped.in_year(2025).register.levels == (("tỉnh", "MH_TINH"), ("xã", "MH_XA"))
    assert [r.id for r in shipped.in_year(2012).rules if "SUM" in r.id or "ZERO" in r.id] == [
        "MH_TONG_SUM", "PL_SUM_LE_COMMUNES_2012", "PL_SUM_EQ_COMMUNES_2012",
        "MH_TINH_ZERO_DISTRICT", "MH_HUYEN_ZERO_PROVINCE"]
    assert [r.id for r in shipped.in_year(2025).rules if "SUM" in r.id or "ZERO" in r.id] == [
        "MH_TONG_SUM_2025", "PL_SUM_LE_COMMUNES", "PL_SUM_EQ_COMMUNES",
        "MH_TINH_ZERO_DISTRICT", "MH_XA_ZERO_PROVINCE"]
    # answers are asked, not aggregated: not among the year's figures
    assert "PL_XEP_LOAI" not in shipped.in_year(2025).codes(2025)
    of_2025 = shipped.in_year(2025)
    assert of_2025.in_year(2025) is of_2025
    with pytest.raises(ValueError, match="catalogue of 2025 asked for 2024"):
        shipped.in_year(2025).for_year(2024)


def test_the_2025_rules_in_2025_words(shipped):
    cat = shipped.in_year(2025)
    values = {c: None for c in cat.codes(2025)}
    values.update(MH_TONG=10, MH_TINH=1, MH_XA=7, NH_XA_TO_CHUC=2)
    got = [p.message for p in check_rules(cat, values, scope="unit", level="commune",
                                          communes=1)]
    assert got == [
        "Tổng số mô hình (10) phải bằng số mô hình cấp tỉnh + cấp xã (8).",
        "Số xã, phường, đặc khu tổ chức Ngày hội (2) không được lớn hơn số xã, phường, đặc khu "
        "của đơn vị (1).",
        "Đơn vị cấp xã không báo cáo mô hình cấp tỉnh: số mô hình cấp tỉnh phải là 0 (đang ghi 1)."]


def test_a_commune_form_asks_answers_instead_of_counts(shipped):
    cat = shipped.in_year(2025)
    commune = [i.code for i in cat.form_items(2025, "commune")]
    province = [i.code for i in cat.form_items(2025, "province")]
    assert [c for c in commune if c[:2] in ("NH", "AT", "PL")] == [
        "NH_CO_TO_CHUC", "NH_DIEM", "NH_LUOT_NGUOI", "AT_CO_DANG_KY", "AT_CO_DAT",
        "AT_KDC_DANG_KY", "AT_KDC_DAT", "AT_CQDN_DANG_KY", "AT_CQDN_DAT", "AT_HO_DANG_KY",
        "AT_HO_DAT", "PL_XEP_LOAI"]
    assert [c for c in province if c[:2] in ("NH", "PL")] == [
        "NH_XA_TO_CHUC", "NH_DIEM", "NH_LUOT_NGUOI", "PL_XUAT_SAC", "PL_KHA", "PL_TRUNG_BINH",
        "PL_YEU"]
    # intake looks for everything any form of the year carries
    assert {"PL_XEP_LOAI", "PL_KHA"} <= {i.code for i in cat.form_items(2025)}
    assert [i.code for i in shipped.in_year(2024).form_items(2024, "district")
            if i.is_answer] == []


def test_answers_count_across_units(shipped):
    cat = shipped.in_year(2025)
    grade = cat.get("PL_XEP_LOAI")
    assert grade.answers == ("Xuất sắc", "Khá", "Trung bình", "Yếu")
    assert grade.expand("Khá") == {"PL_XUAT_SAC": 0, "PL_KHA": 1, "PL_TRUNG_BINH": 0,
                                   "PL_YEU": 0}
    reached = cat.get("AT_CO_DAT")
    assert reached.answers == ("Có", "Không")
    assert reached.expand("Có") == {"AT_XA_DAT": 1}
    assert reached.expand("Không") == {"AT_XA_DAT": 0}
    with pytest.raises(ValueError):
        reached.expand("Đạt")


def _catalogue(tmp_path: Path, body: str):
    path = tmp_path / "catalogue.toml"
    path.write_text('version = "t"\nname = "t"\n[[sections]]\ncode = "A"\ntitle = "A"\n' + body,
                    encoding="utf-8")
    return load_catalogue(path)


INDICATORS = """
[[indicators]]
code = "A1"
section = "A"
label = "A1"
unit = "x"
[[indicators]]
code = "A2"
section = "A"
label = "A2"
unit = "x"
[[indicators]]
code = "A3"
section = "A"
label = "A3"
unit = "x"
to_year = 2020
"""


def test_a_rule_naming_an_indicator_not_in_force_neither_fires_nor_counts_it_as_0(tmp_path):
    cat = _catalogue(tmp_path, INDICATORS + """
[[rules]]
id = "SUM"
left = "A1"
op = "=="
right = "A2 + A3"
message = "{left} != {right}"
""")
    values = {"A1": 5, "A2": 3}
    assert check_rules(cat.in_year(2021), values, scope="unit", level="district",
                       communes=1) == []
    assert [p.message for p in check_rules(cat.in_year(2020), {**values, "A3": 1},
                                           scope="unit", level="district", communes=1)] == [
        "5 != 4"]
    with pytest.raises(ValueError, match="catalogue.in_year"):
        check_rules(cat, values, scope="unit", level="district", communes=1)


@pytest.mark.parametrize("body, message", [
    ('[[indicators]]\ncode = "Q"\nsection = "A"\nlabel = "{kinds}"\nkind = "yesno"\n'
     'counts = "A1"\n', "từ {kinds} được dùng nhưng không có trong mọi [[words]]"),
    ('[[indicators]]\ncode = "Q"\nsection = "A"\nlabel = "q"\nkind = "yesno"\ncounts = "B9"\n',
     "chỉ tiêu Q: câu trả lời phải được đếm vào chỉ tiêu số có trong danh mục"),
    ('[[indicators]]\ncode = "Q"\nsection = "A"\nlabel = "q"\nkind = "choice"\n'
     'choices = [{ text = "Có", counts = "A1" }]\n', "chỉ tiêu Q: cần ít nhất hai lựa chọn"),
    ('[[indicators]]\ncode = "Q"\nsection = "A"\nlabel = "q"\nkind = "text"\n',
     "chỉ tiêu Q: kind phải là một trong int, decimal, yesno, choice"),
    ('[[rules]]\nid = "R"\nleft = "A1"\nop = "<="\nright = "B9"\nmessage = "m"\n',
     "quy tắc R: chỉ tiêu B9 không có trong danh mục"),
])
def test_catalogue_mistakes_are_named(tmp_path, body, message):
    with pytest.raises(ValueError, match=re.escape(message)):
        _catalogue(tmp_path, INDICATORS + body)


def test_the_help_of_a_commune_form_leaves_out_checks_its_answers_cannot_fail(shipped):
    commune = shipped.in_year(2025).rule_help("commune")
    district = shipped.in_year(2024).rule_help("district")
    bounded = ("Số xã, phường, thị trấn tổ chức Ngày hội, số đăng ký “An toàn về ANTT” không lớn "
               "hơn số xã, phường, thị trấn của đơn vị.")
    assert bounded in district
    assert [h for h in commune if "của đơn vị" in h] == []
    # an answer can still contradict another: reached without registering
    assert "Số đạt tiêu chuẩn “An toàn về ANTT” không lớn hơn số đăng ký." in commune
