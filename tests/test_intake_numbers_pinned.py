"""parse_value pinned where the mutation run of intake/numbers.py found it loose (issue 18): the
whole-number tolerance at exactly 10^-9, and thousands grouped by no-break spaces (alone or mixed
with spaces). Expected values typed by hand."""

from __future__ import annotations

import pytest

from report_gen.intake.numbers import Parsed, parse_value


@pytest.mark.parametrize("raw, expected", [
    (1e-9, Parsed(0)),  # exactly 10^-9 from 0: still the whole number 0
    ("1e-9", Parsed(0)),
    (2e-9, Parsed(problem="value-not-whole")),
])
def test_a_count_exactly_ten_to_the_minus_nine_from_a_whole_number_is_that_number(raw, expected):
    assert parse_value(raw, True) == expected


@pytest.mark.parametrize("raw, whole, expected", [
    ("1\u00a0234\u00a0567", True, Parsed(1234567)),
    ("1 234\u00a0567", True, Parsed(1234567)),
    ("1\u00a0234 người", True, Parsed(1234, note="đã bỏ chữ “người” sau số", unit_word="người")),
    ("12\u00a034", True, Parsed(problem="value-not-number")),  # not groups of three
    ("1\u00a0234,5", False, Parsed(problem="value-not-number")),
])
def test_thousands_grouped_by_no_break_spaces(raw, whole, expected):
    assert parse_value(raw, whole) == expected
