"""Vietnamese numbers, dates and comparisons."""

import datetime as dt

from report_gen.text import compare, number, official_date, percent, quantity


def test_numbers_in_vietnamese_style():
    assert number(1234) == "1.234"
    assert number(12.5) == "12,5"
    assert number(1234567.25, decimals=2) == "1.234.567,25"
    assert number(None) == "–"
    assert percent(0.152) == "15,2\u00a0%"


def test_official_date_leading_zeros_by_the_rule():
    assert official_date(dt.date(2013, 1, 5)) == "ngày 05 tháng 01 năm 2013"
    assert official_date(dt.date(2012, 8, 14)) == "ngày 14 tháng 8 năm 2012"
    assert official_date(dt.date(2012, 2, 20)) == "ngày 20 tháng 02 năm 2012"
    assert official_date(dt.date(2012, 12, 9)) == "ngày 09 tháng 12 năm 2012"


def test_comparisons_read_the_vietnamese_way():
    assert compare(91, 79, "mô hình", 2011) == "tăng 12 mô hình (15,2\u00a0%) so với năm 2011"
    assert compare(70, 79, "mô hình", 2011) == "giảm 9 mô hình (11,4\u00a0%) so với năm 2011"
    assert compare(79, 79, "mô hình", 2011) == "bằng năm 2011"
    assert compare(5, 0, "mô hình", 2011) == "(năm 2011 không có)"
    assert compare(5, None, "mô hình", 2011) == ""


def test_quantity_says_when_not_reported():
    assert quantity(1248, "người") == "1.248 người"
    assert quantity(None, "người") == "(chưa có số liệu) người"
