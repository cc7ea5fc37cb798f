"""The catalogue's rules and the register check: expressions over codes, blanks, levels, and
the problems they report on a file."""

import pytest

from report_gen.checks.expr import Blank, evaluate
from report_gen.checks.register import check_register
from report_gen.checks.rules import check_rules
from report_gen.model import ModelEntry
from tests.support.paths import MESSY


def test_expressions_over_codes():
    values = {"MH_TINH": 1, "MH_HUYEN": 2, "MH_XA": 4}
    assert evaluate("MH_TINH + MH_HUYEN + MH_XA", values, "skip") == 7
    assert evaluate("communes - 1", values, "skip", {"communes": 12}) == 11
    with pytest.raises(Blank):
        evaluate("MH_TINH + MH_TONG", {"MH_TINH": 1, "MH_TONG": None}, "skip")
    assert evaluate("MH_TINH + MH_TONG", {"MH_TINH": 1, "MH_TONG": None}, "zero") == 1
    with pytest.raises(ValueError):
        evaluate("__import__('os')", values, "skip")


def _district(settings, **values):
    base = {c: None for c in settings.catalogue.codes(2012)}
    base.update(values)
    return base


def test_sum_of_models_must_match_the_total(settings):
    values = _district(settings, MH_TONG=10, MH_TINH=0, MH_HUYEN=2, MH_XA=7)
    problems = check_rules(settings.catalogue.in_year(2012), values, scope="unit", level="district",
                           communes=12, cells={"MH_TONG": ("Số liệu", "F9")})
    assert [(p.code, p.severity, p.sheet, p.cell, p.message) for p in problems] == [
        ("rule", "error", "Số liệu", "F9",
         "Tổng số mô hình (10) phải bằng số mô hình cấp tỉnh + cấp huyện + cấp xã (9).")]


def test_blank_skips_a_rule_and_counts_as_zero_where_the_rule_says(settings):
    # MH_TONG blank: the sum rule is skipped (blank = skip)
    assert check_rules(settings.catalogue.in_year(2012), _district(settings, MH_HUYEN=2), scope="unit",
                       level="district", communes=12) == []
    # classification: blank counts as 0 (blank = zero), so 10 of 12 communes is a warning
    problems = check_rules(settings.catalogue.in_year(2012), _district(settings, PL_KHA=8, PL_TRUNG_BINH=2),
                           scope="unit", level="district", communes=12)
    assert [(p.severity, p.message) for p in problems] == [
        ("warning", "Tổng số xã, phường, thị trấn được phân loại (10) nên bằng số xã, phường, "
                    "thị trấn của đơn vị (12); đề nghị kiểm tra lại.")]


def test_rules_by_level(settings):
    values = _district(settings, MH_TONG=3, MH_TINH=1, MH_HUYEN=1, MH_XA=1)
    district = check_rules(settings.catalogue.in_year(2012), values, scope="unit", level="district", communes=5)
    province = check_rules(settings.catalogue.in_year(2012), values, scope="unit", level="province", communes=0)
    assert [p.message for p in district] == [
        "Đơn vị cấp huyện, cấp xã không báo cáo mô hình cấp tỉnh: số mô hình cấp tỉnh phải là 0 "
        "(đang ghi 1)."]
    assert [p.message for p in province] == [
        "Đơn vị cấp tỉnh chỉ báo cáo mô hình cấp tỉnh: số mô hình cấp huyện và cấp xã phải là 0 "
        "(đang ghi 2)."]


def test_register_agrees_with_counts(settings):
    models = [ModelEntry(unit="TIEN_YEN", name=f"M{i}", level="xã") for i in range(3)]
    values = _district(settings, MH_TINH=0, MH_HUYEN=0, MH_XA=4)
    problems = check_register(settings.catalogue, values, models, "Danh sách mô hình")
    assert [(p.code, p.message) for p in problems] == [
        ("model-count-mismatch", "Danh sách mô hình có 3 mô hình cấp xã, nhưng chỉ tiêu MH_XA ghi 4.")]


def test_blank_policy(settings):
    cat = settings.catalogue.in_year(2012)
    base = {"MH_TONG": 6, "MH_TINH": 0, "MH_HUYEN": 2, "MH_XA": 4, "MH_MOI": None,
            "PL_XUAT_SAC": None, "PL_KHA": 9, "PL_TRUNG_BINH": 2, "PL_YEU": None}
    msgs = [p.message for p in check_rules(cat, base, scope="unit", level="district",
                                           communes=12)]
    # MH_MOI blank: MH_MOI <= MH_TONG skipped; PL_* blanks count as 0 -> 11 != 12 (warning)
    assert msgs == ["Tổng số xã, phường, thị trấn được phân loại (11) nên bằng số xã, phường, "
                    "thị trấn của đơn vị (12); đề nghị kiểm tra lại."]
    base["MH_TINH"] = None  # MH_TONG = sum is skipped when an operand is blank
    assert len(check_rules(cat, base, scope="unit", level="district", communes=12)) == 1


def test_rules_and_register_on_file(settings):
    from report_gen.pipeline import consolidate
    cons = consolidate(MESSY / "cases", 2012, settings)
    r = next(r for r in cons.results if r.file == "quang_yen_sai.xlsx")
    got = [(p.code, p.severity, p.sheet, p.cell, p.message) for p in r.problems]
    assert got == [
        ("rule", "error", "Số liệu", "F9", "Tổng số mô hình (9) phải bằng số mô hình cấp tỉnh "
                                           "+ cấp huyện + cấp xã (7)."),
        ("rule", "warning", "Số liệu", "F58", "Tổng số xã, phường, thị trấn được phân loại (18) "
         "nên bằng số xã, phường, thị trấn của đơn vị (19); đề nghị kiểm tra lại."),
        ("model-count-mismatch", "error", "Số liệu", "F12",
         "Danh sách mô hình có 4 mô hình cấp xã, nhưng chỉ tiêu MH_XA ghi 5."),
    ]
