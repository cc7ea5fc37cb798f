"""Vietnamese wording: numbers and dates through Babel, the official date line, comparisons."""

import datetime as dt

from report_gen import text as vn


def test_official_date_leading_zeros_by_the_rule():
    assert vn.official_date(dt.date(2013, 1, 5)) == "ngày 05 tháng 01 năm 2013"
    assert vn.official_date(dt.date(2012, 2, 28)) == "ngày 28 tháng 02 năm 2012"
    assert vn.official_date(dt.date(2012, 8, 5)) == "ngày 05 tháng 8 năm 2012"
    assert vn.official_date(dt.date(2012, 8, 14)) == "ngày 14 tháng 8 năm 2012"
    assert vn.official_date(dt.date(2012, 12, 1)) == "ngày 01 tháng 12 năm 2012"


def test_numbers_and_percent_vietnamese_style():
    assert vn.number(1234) == "1.234"
    assert vn.number(1234567.5) == "1.234.567,5"
    assert vn.number(None) == "–"
    assert vn.percent(0.152) == "15,2\u00a0%"  # never "15,2" at a line end and "%" below


def test_compare_the_vietnamese_way():
    assert vn.compare(91, 79, "mô hình", 2011) == "tăng 12 mô hình (15,2\u00a0%) so với năm 2011"
    assert vn.compare(70, 80, "tin", 2011) == "giảm 10 tin (12,5\u00a0%) so với năm 2011"
    assert vn.compare(80, 80, "tin", 2011) == "bằng năm 2011"
    assert vn.compare(5, 0, "cuộc", 2011) == "(năm 2011 không có)"
    assert vn.compare(None, 3, "cuộc", 2011) == ""
    assert vn.compare(3, None, "cuộc", 2011) == ""
    assert vn.compare(7520.3, 6000.1, "triệu đồng", 2011).startswith("tăng 1.520,2 triệu đồng")


def test_short_date_and_join():
    assert vn.short_date(dt.date(2012, 7, 25)) == "25/7/2012"
    assert vn.join(["a"]) == "a"
    assert vn.join(["a", "b", "c"]) == "a, b và c"


def test_deadline_from_config(tmp_path):
    from report_gen.config import ConfigError, load_settings
    assert load_settings(workdir=tmp_path).document.deadline_for(2013) == dt.date(2013, 7, 25)
    cfg = tmp_path / "report_gen.toml"
    cfg.write_text('[document]\ndeadline = 2012-08-01\n', encoding="utf-8")
    assert load_settings(cfg).document.deadline_for(2012) == dt.date(2012, 8, 1)
    cfg.write_text('[document]\ndeadline = "31/2"\n', encoding="utf-8")
    import pytest
    with pytest.raises(ConfigError):
        load_settings(cfg)
