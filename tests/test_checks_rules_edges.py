"""The rules at their edges (issue 18, mutation testing): the whole Problem a failed rule gives
(value and expected too), the province scope, a comparison exactly at its limit, rounding, the
"skip if all blank" policy and the catalogue that must be of one year. Values typed by hand."""

from __future__ import annotations

import dataclasses

import pytest

from report_gen.checks import rules
from report_gen.checks.context import CheckContext
from report_gen.checks.rules import check_rules
from report_gen.model import Aggregate, FileResult
from report_gen.problems import Problem
from report_gen.reference.indicators import Rule


@pytest.fixture
def cat(settings):
    return settings.catalogue.in_year(2012)


def _values(cat, **given):
    values = {c: None for c in cat.codes(2012)}
    values.update(given)
    return values


def test_the_whole_problem_of_a_failed_rule(cat):
    values = _values(cat, MH_TONG=10, MH_TINH=0, MH_HUYEN=2, MH_XA=7)
    message = "Tổng số mô hình (10) phải bằng số mô hình cấp tỉnh + cấp huyện + cấp xã (9)."
    assert check_rules(cat, values, scope="unit", level="district", communes=12,
                       cells={"MH_TONG": ("Số liệu", "F9")}) == [Problem(
        code="rule", severity="error", message=message, sheet="Số liệu", cell="F9",
        value="MH_TONG = 10", expected="MH_TONG bằng MH_TINH + MH_HUYEN + MH_XA (9)")]
    # on the province totals: the same rule, no cell to point at
    assert check_rules(cat, values, scope="province", level=None, communes=12) == [Problem(
        code="rule", severity="error", message=message, value="MH_TONG = 10",
        expected="MH_TONG bằng MH_TINH + MH_HUYEN + MH_XA (9)")]


def test_a_rule_of_the_units_only_is_not_applied_to_the_province(cat):
    values = _values(cat, MH_TONG=3, MH_TINH=1, MH_HUYEN=1, MH_XA=1)
    assert check_rules(cat, values, scope="province", level=None, communes=5) == []
    assert [p.value for p in check_rules(cat, values, scope="unit", level="district",
                                         communes=5)] == ["MH_TINH = 1"]


def test_at_the_limit_a_rule_holds(cat):
    # MH_MOI <= MH_TONG: equal holds, one more fails
    equal = _values(cat, MH_TONG=4, MH_TINH=0, MH_HUYEN=1, MH_XA=3, MH_MOI=4)
    assert check_rules(cat, equal, scope="unit", level="district", communes=8) == []
    over = dict(equal, MH_MOI=5)
    assert [p.value for p in check_rules(cat, over, scope="unit", level="district",
                                         communes=8)] == ["MH_MOI = 5"]


def test_sums_are_compared_after_rounding(cat):
    """Decimals that add up exactly on paper (0.1 + 0.2 = 0.3) are equal; so are figures that
    differ past the sixth decimal, on either side."""
    values = _values(cat, MH_TONG=0.3, MH_TINH=0.1, MH_HUYEN=0.2, MH_XA=0)
    assert check_rules(cat, values, scope="province", level=None, communes=0) == []
    for total, part in ((1.0000004, 1), (1, 1.0000004)):
        values = _values(cat, MH_TONG=total, MH_TINH=part, MH_HUYEN=0, MH_XA=0)
        assert check_rules(cat, values, scope="province", level=None, communes=0) == []


def test_the_order_of_the_rules_does_not_matter(cat):
    """A rule of the units only, listed first, does not stop the province's rules after it."""
    reordered = dataclasses.replace(cat, rules=tuple(sorted(cat.rules,
                                                           key=lambda r: r.scope != "unit")))
    assert reordered.rules[0].scope == "unit"
    values = _values(cat, MH_TONG=10, MH_TINH=0, MH_HUYEN=2, MH_XA=7)
    assert [p.value for p in check_rules(reordered, values, scope="province", level=None,
                                         communes=12)] == ["MH_TONG = 10"]


def _ctx(settings) -> CheckContext:
    return CheckContext(year=2012, catalogue=settings.catalogue.in_year(2012),
                        units=settings.units)


def test_a_unit_file_is_checked_with_the_rules_of_its_level(settings, cat):
    # Ba Chẽ, a district (8 communes): reports a province-level model, classifies 8 communes
    values = _values(cat, MH_TONG=4, MH_TINH=1, MH_HUYEN=1, MH_XA=2, PL_KHA=6, PL_TRUNG_BINH=2)
    result = FileResult(file="ba_che.xlsx", status="accepted", unit="BA_CHE", values=values,
                        cells={"MH_TINH": ("Số liệu", "F10")})
    assert [(p.value, p.cell) for p in rules.unit(result, _ctx(settings))] == [
        ("MH_TINH = 1", "F10")]


def test_the_province_totals_count_the_communes_of_the_units_in_them(settings, cat):
    """Ba Chẽ (8 communes) and Cô Tô (3) reported: 11 communes classified of 11."""
    values = _values(cat, PL_KHA=9, PL_TRUNG_BINH=2, PL_YEU=0)
    agg = Aggregate(table=None, province=values, models=[], reported_units=["BA_CHE", "CO_TO"],
                    missing_units=[])
    assert rules.province(agg, _ctx(settings)) == []
    fewer = dataclasses.replace(agg, province=dict(values, PL_KHA=8))
    assert [p.value for p in rules.province(fewer, _ctx(settings))] == [
        "PL_KHA + PL_TRUNG_BINH + PL_YEU = 10"]


def test_skip_if_all_blank_skips_only_when_every_operand_is_blank(cat):
    blank = _values(cat)
    assert check_rules(cat, blank, scope="unit", level="district", communes=12) == []
    one = _values(cat, PL_YEU=0)  # the others count as 0: 0 of 12 communes classified
    assert [p.severity for p in check_rules(cat, one, scope="unit", level="district",
                                             communes=12)] == ["warning"]


def test_the_catalogue_must_be_of_one_year(settings):
    with pytest.raises(ValueError, match=r"^check_rules needs the catalogue of one year: "
                                         r"catalogue\.in_year\(year\)$"):
        check_rules(settings.catalogue, {}, scope="unit", level=None, communes=0)


def test_communes_on_the_left_side_of_a_rule(cat):
    """A rule may state the communes first ("communes >= NH_XA_TO_CHUC"): the count is known on
    either side, in the check and in its message."""
    rule = Rule(id="x", left="communes", op=">=", right="NH_XA_TO_CHUC", severity="error",
                message="Số xã ({left}) ít hơn số xã tổ chức Ngày hội ({right}).")
    only = dataclasses.replace(cat, rules=(rule,))
    assert check_rules(only, _values(cat, NH_XA_TO_CHUC=8), scope="unit", level="district",
                       communes=8) == []
    assert [p.message for p in check_rules(only, _values(cat, NH_XA_TO_CHUC=9), scope="unit",
                                           level="district", communes=8)] == [
        "Số xã (8) ít hơn số xã tổ chức Ngày hội (9)."]


def test_a_rule_of_the_province_only_checks_the_totals(settings, cat):
    rule = Rule(id="p", left="MH_TONG", op=">=", right="1", severity="warning", scope="province",
                message="Toàn tỉnh chưa có mô hình nào ({left}).")
    ctx = dataclasses.replace(_ctx(settings), catalogue=dataclasses.replace(cat, rules=(rule,)))
    agg = Aggregate(table=None, province=_values(cat, MH_TONG=0), models=[],
                    reported_units=["BA_CHE"], missing_units=[])
    assert [p.message for p in rules.province(agg, ctx)] == ["Toàn tỉnh chưa có mô hình nào (0)."]
    result = FileResult(file="ba_che.xlsx", status="accepted", unit="BA_CHE",
                        values=_values(cat, MH_TONG=0))
    assert rules.unit(result, ctx) == []
