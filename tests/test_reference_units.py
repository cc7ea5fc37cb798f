"""Finding a reporting unit from the many ways people write its name."""

import pytest


@pytest.mark.parametrize("text, code", [
    ("Thành phố Hạ Long", "HA_LONG"),
    ("TP Hạ Long", "HA_LONG"),
    ("CA TP Hạ Long", "HA_LONG"),
    ("Ha Long", "HA_LONG"),
    ("HẠ LONG", "HA_LONG"),
    ("Công an huyện Tiên Yên", "TIEN_YEN"),
    ("CÔNG AN HUYỆN TIÊN YÊN", "TIEN_YEN"),
    ("Tien Yen - bao cao 19-8 (sua lan 2)", "TIEN_YEN"),
    ("Huyện Cô Tô", "CO_TO"),
    ("Thị xã Quảng Yên", "QUANG_YEN"),
    ("Cấp tỉnh", "TINH"),
])
def test_unit_names_as_people_write_them(settings, text, code):
    unit = settings.units.match(text, 2012)
    assert unit is not None and unit.code == code


def test_unknown_unit_is_none(settings):
    assert settings.units.match("Huyện Mường Tè", 2012) is None


def test_units_follow_the_map(settings):
    codes_2012 = [u.code for u in settings.units.active(2012)]
    codes_2020 = [u.code for u in settings.units.active(2020)]
    assert len(codes_2012) == 15 and "HOANH_BO" in codes_2012
    assert "HOANH_BO" not in codes_2020 and len(codes_2020) == 14
    assert sum(u.communes for u in settings.units.active(2012)) == 186
