"""parse_value at its edges (issue 18, mutation testing): the whole Parsed, exactly, for the
limits (10^9, 0, whole numbers within 10^-9), each error-cell prefix, each thousands separator
and the cut of a long unit word. Expected values typed by hand."""

from __future__ import annotations

import datetime as dt

import pytest

from report_gen.intake.numbers import Parsed, parse_value

NOT_NUMBER = Parsed(problem="value-not-number")


@pytest.mark.parametrize("raw, whole, expected", [
    # the plausibility limit: 10^9 itself is accepted, anything above is absurd
    (1_000_000_000, True, Parsed(1_000_000_000)),
    (1_000_000_000.5, False, Parsed(problem="value-absurd")),
    ("1.000.000.001", True, Parsed(problem="value-absurd")),
    # zero is a value; below it, negative
    (0, True, Parsed(0)),
    (-0.0, True, Parsed(0)),
    (-0.001, False, Parsed(problem="value-negative")),
    # whole counts: within 10^-9 of an integer is that integer
    (3.0000000001, True, Parsed(3)),
    (2.9999999999, True, Parsed(3)),
    (3.00001, True, Parsed(problem="value-not-whole")),
    (3.0000000015, True, Parsed(problem="value-not-whole")),  # 1.5e-9 off: not whole
    # decimals keep six places; a decimal that is whole becomes an int
    (2.0, False, Parsed(2)),
    (2.1234564, False, Parsed(2.123456)),
    ("0,5", False, Parsed(0.5)),
    # booleans, dates and times are not numbers
    (False, True, NOT_NUMBER),
    (dt.date(2012, 8, 19), False, NOT_NUMBER),
    (dt.time(8, 0), True, NOT_NUMBER),
    (dt.timedelta(days=1), True, NOT_NUMBER),
])
def test_limits(raw, whole, expected):
    assert parse_value(raw, whole) == expected


@pytest.mark.parametrize("raw", ["#DIV/0!", "#REF!", "#VALUE!", "#NAME?", "#N/A", "#NUM!",
                                 "#NULL!", "#SPILL!", "#CALC!", "#GETTING_DATA", "Err:502"])
def test_every_error_cell_is_named_so(raw):
    assert parse_value(raw, True) == Parsed(problem="value-error-cell")
    assert parse_value("  " + raw, False) == Parsed(problem="value-error-cell")


@pytest.mark.parametrize("raw, whole, expected", [
    ("1 234 567", True, Parsed(1234567)),  # thousands by spaces
    ("1\u00a0234", True, Parsed(1234)),  # ... or by non-breaking spaces
    ("12 34", True, NOT_NUMBER),  # not groups of three: two numbers
    ("1,234", True, Parsed(1234)),  # a count: the comma groups thousands
    ("1,234", False, Parsed(1.234)),  # a decimal: the comma is the decimal mark
    ("1,234,567", True, Parsed(1234567)),
    ("1,2,3", False, NOT_NUMBER),
    ("1.2.3", False, NOT_NUMBER),
    ("1.234.567,25", False, Parsed(1234567.25)),
    ("1,234,567.25", False, Parsed(1234567.25)),
    ("+7", True, Parsed(7)),
    ("- 5", True, Parsed(problem="value-negative")),
    ("1e3", True, Parsed(1000)),
    ("2E-1", False, Parsed(0.2)),
    ("1 e3", True, Parsed(1000)),  # the space is not part of the number
    ("1.2.3e4", False, NOT_NUMBER),  # looks like an exponent, is no number
    ("12 %", False, NOT_NUMBER),  # no letter after the number: not a unit word
    ("12 3a", True, NOT_NUMBER),
    ("abc", True, NOT_NUMBER),
])
def test_separators_and_signs(raw, whole, expected):
    assert parse_value(raw, whole) == expected


def test_unit_word_is_kept_and_cut_at_forty_characters():
    assert parse_value("15 mô hình", True) == Parsed(
        15, note="đã bỏ chữ “mô hình” sau số", unit_word="mô hình")
    word = "x" * 45
    assert parse_value(f"3 {word}", True) == Parsed(
        3, note=f"đã bỏ chữ “{'x' * 40}” sau số", unit_word="x" * 40)
    # an invalid number keeps its problem, not the note
    assert parse_value("-3 người", True) == Parsed(problem="value-negative")


def test_a_plain_number_has_no_note_and_no_unit_word():
    parsed = parse_value("15", True)
    assert (parsed.value, parsed.problem, parsed.note, parsed.unit_word) == (15, None, None, None)
    refused = parse_value("abc", True)
    assert (refused.value, refused.note, refused.unit_word) == (None, None, None)
