"""A unit named on the command line by its code or its name (issue 17, part 3)."""

from __future__ import annotations

import pytest

from report_gen.cli.common import lookup_unit


@pytest.mark.parametrize("text, year, code", [
    ("Tiên Yên", 2012, "TIEN_YEN"), ("tien_yen", 2012, "TIEN_YEN"), ("TP Hạ Long", 2012, "HA_LONG"),
    ("Ha Long", 2012, "HA_LONG"), ("HẠ LONG", 2012, "HA_LONG"), ("Cô Tô", 2012, "CO_TO"),
    ("Cô Tô", 2025, "DK_CO_TO"), ("Tiên Yên", 2025, "X_TIEN_YEN")])
def test_a_name_or_a_code_names_one_unit(settings, text, year, code):
    found = lookup_unit(text, settings.units, year)
    assert (found.unit.code, found.message) == (code, "")


def test_a_name_of_two_units_lists_them(settings):
    found = lookup_unit("Cô Tô", settings.units)
    assert found.unit is None
    assert found.message == ("“Cô Tô” có thể là Huyện Cô Tô (CO_TO) hoặc Đặc khu Cô Tô (DK_CO_TO); "
                             "hãy ghi rõ tên hơn hoặc dùng mã đơn vị.")


def test_a_typo_is_not_taken_but_suggested(settings):
    found = lookup_unit("Tiên Yênn", settings.units, 2012)
    assert found.unit is None
    assert found.message == ("Không có đơn vị “Tiên Yênn” trong danh sách đơn vị năm 2012. Có "
                             "phải là Huyện Tiên Yên (TIEN_YEN)? Xem danh sách: report-gen units "
                             "--year NĂM.")
    assert lookup_unit("xyzzy", settings.units, 2012).message == (
        "Không có đơn vị “xyzzy” trong danh sách đơn vị năm 2012. Xem danh sách: report-gen "
        "units --year NĂM.")


def test_unit_option_prints_the_reason(settings, capsys):
    from rich.console import Console
    from report_gen.cli.common import unit_option
    err = Console(stderr=True, width=200)
    assert unit_option("Hoanh Bo", settings, err, 2012) == "HOANH_BO"
    assert unit_option("[b]Hạ[/b]", settings, err, 2012) is None
    assert capsys.readouterr().err.startswith("Lỗi: Không có đơn vị “[b]Hạ[/b]” trong danh sách")
