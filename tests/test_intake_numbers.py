"""How a value cell becomes a number, or the reason it does not."""

import datetime as dt

import pytest

from report_gen.intake.numbers import Parsed, parse_value


@pytest.mark.parametrize("raw, whole, expected", [
    (15, True, 15),
    (15.0, True, 15),
    ("1.234", True, 1234),
    ("1.234.567", True, 1234567),
    ("12,5", False, 12.5),
    ("1.234,5", False, 1234.5),
    ("1,234.5", False, 1234.5),
    ("12.5", False, 12.5),
    ("15 mô hình", True, 15),
    ("  7  ", True, 7),
    ("1 234", True, 1234),
    ("0", True, 0),
])
def test_numbers_as_units_type_them(raw, whole, expected):
    assert parse_value(raw, whole).value == expected
    assert parse_value(raw, whole).problem is None


@pytest.mark.parametrize("raw", [None, "", "   "])
def test_blank_is_not_reported_not_zero(raw):
    assert parse_value(raw, True) == Parsed(None)


@pytest.mark.parametrize("raw, whole, code", [
    (-3, True, "value-negative"),
    ("-3", True, "value-negative"),
    (2.5, True, "value-not-whole"),
    ("12,5", True, "value-not-whole"),
    ("mười hai", True, "value-not-number"),
    ("#DIV/0!", True, "value-error-cell"),
    ("#REF!", False, "value-error-cell"),
    (1e300, True, "value-absurd"),
    (float("nan"), False, "value-not-number"),
    ("inf", False, "value-not-number"),
    (dt.datetime(2012, 8, 5), True, "value-not-number"),
    (True, True, "value-not-number"),
    ("12 15", True, "value-not-number"),
])
def test_invalid_values_carry_a_problem_and_no_number(raw, whole, code):
    parsed = parse_value(raw, whole)
    assert parsed.problem == code
    assert parsed.value is None


def test_unit_word_after_number_is_noted():
    assert parse_value("15 mô hình", True).note == "đã bỏ chữ “mô hình” sau số"
