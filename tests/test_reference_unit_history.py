"""The shipped unit list as a history, 2012 to now: which units report each year, under which
name and for how many communes, what the 54 units of 1/7/2025 were formed from, matching names
of every period, and the loader's refusals."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from report_gen.reference.units import Origin, UnitPeriod, load_units

DISTRICTS = ["HA_LONG", "MONG_CAI", "CAM_PHA", "UONG_BI", "QUANG_YEN", "DONG_TRIEU", "VAN_DON",
             "TIEN_YEN", "BINH_LIEU", "BA_CHE", "DAM_HA", "HAI_HA", "CO_TO"]
# Old communes of each district on 30/6/2025 (the day before the 2025 map).
COMMUNES_2025_06_30 = {"HA_LONG": 32, "MONG_CAI": 16, "CAM_PHA": 15, "UONG_BI": 10,
                       "QUANG_YEN": 19, "DONG_TRIEU": 19, "VAN_DON": 12, "TIEN_YEN": 11,
                       "BINH_LIEU": 7, "BA_CHE": 7, "DAM_HA": 9, "HAI_HA": 11, "CO_TO": 3}
COMMUNES_2020 = {"HA_LONG": 33, "MONG_CAI": 17, "CAM_PHA": 16, "UONG_BI": 10, "QUANG_YEN": 19,
                 "DONG_TRIEU": 21, "VAN_DON": 12, "TIEN_YEN": 11, "BINH_LIEU": 7, "BA_CHE": 8,
                 "DAM_HA": 9, "HAI_HA": 11, "CO_TO": 3}


@pytest.fixture(scope="module")
def units():
    return load_units()


def _new_units(units):
    return [u for u in units.units if u.level == "commune"]


def test_every_old_commune_is_in_one_new_unit_or_partial_in_each(units):
    seen: dict[tuple[str, str], list[bool]] = {}
    for u in _new_units(units):
        for o in u.formed_from:
            seen.setdefault((o.name, o.district), []).append(o.partial)
    assert len(seen) == 171
    split = {k: parts for k, parts in seen.items() if len(parts) > 1}
    assert all(all(parts) for parts in split.values())
    assert not any(parts[0] for k, parts in seen.items() if len(parts) == 1)
    assert sorted(name for name, _d in split) == sorted([
        "Phường Hà Khẩu", "Phường Trưng Vương", "Phường Đức Chính", "Xã Hải Hòa", "Xã Hải Lạng",
        "Xã Liên Hòa", "Xã Quảng Long", "Xã Vô Ngại", "Xã Yên Than", "Xã Đông Ngũ", "Xã Đại Dực",
        "Xã Đồng Lâm"])
    assert len(split[("Xã Hải Lạng", "TIEN_YEN")]) == 3


def test_old_communes_by_district_agree_with_the_districts_counts(units):
    by_district = Counter(d for _n, d in {(o.name, o.district) for u in _new_units(units)
                                          for o in u.formed_from})
    assert dict(by_district) == COMMUNES_2025_06_30
    last_day = dt.date(2025, 6, 30)
    assert {c: units.get(c).at(last_day).communes for c in DISTRICTS} == COMMUNES_2025_06_30
    assert sum(COMMUNES_2025_06_30.values()) == 171


def test_codes_and_official_codes_are_unique(units):
    codes = [u.code for u in units.units]
    assert len(codes) == len(set(codes)) == 69
    new = _new_units(units)
    official = [u.official_code for u in new]
    assert len(new) == 54 and len(set(official)) == 54
    assert all(len(c) == 5 and c.isdigit() for c in official)
    assert Counter(u.kind for u in new) == {"phuong": 30, "xa": 22, "dac_khu": 2}
    assert all(u.communes == 1 and u.valid_from == dt.date(2025, 7, 1) for u in new)
    assert all(u.email == "" for u in units.units)


@pytest.mark.parametrize("year, count, communes", [
    *[(y, 15, 186) for y in range(2012, 2020)],
    *[(y, 14, 177) for y in range(2020, 2025)],
    *[(y, 55, 54) for y in range(2025, 2028)],
])
def test_each_year_has_its_units_and_communes(units, year, count, communes):
    active = units.active(year)
    assert len(active) == count
    assert sum(u.communes for u in active) == communes
    assert ("HOANH_BO" in {u.code for u in active}) == (year < 2020)
    assert active[-1].code == "TINH"


def test_the_2025_map_from_its_first_year(units):
    # 1/7/2025 is before 19/8/2025: the 2025 review is already that of the 54 units
    assert {u.level for u in units.active(2025)} == {"commune", "province"}
    assert [u.code for u in units.active(2024)][:3] == ["HA_LONG", "MONG_CAI", "CAM_PHA"]
    assert {c: units.in_year(2020).get(c).communes for c in DISTRICTS} == COMMUNES_2020
    # 1/11/2024 is after 19/8/2024: the 2024 review still counts 177 communes
    assert units.get("HA_LONG").in_year(2024).communes == 33
    assert units.get("HA_LONG").at(dt.date(2024, 11, 1)).communes == 32


@pytest.mark.parametrize("year, name", [
    (2012, "Huyện Đông Triều"), (2014, "Huyện Đông Triều"), (2015, "Thị xã Đông Triều"),
    (2016, "Thị xã Đông Triều"), (2024, "Thị xã Đông Triều"),
    (2025, "Thành phố Đông Triều"),  # not active: as of its last day, 30/6/2025
])
def test_names_by_year(units, year, name):
    dong_trieu = units.get("DONG_TRIEU")
    assert dong_trieu.in_year(year).name == name
    assert units.in_year(year).get("DONG_TRIEU").name == name
    assert dong_trieu.in_year(year).short == "Đông Triều"
    assert dong_trieu.active(year) == (year <= 2024)


def test_a_unit_resolved_for_a_day_or_a_year(units):
    dong_trieu = units.get("DONG_TRIEU")
    assert dong_trieu.name == "Huyện Đông Triều" and dong_trieu.communes == 21  # get(): as listed
    assert dong_trieu.at(dt.date(2024, 10, 31)).name == "Thị xã Đông Triều"
    assert (dong_trieu.at(dt.date(2024, 11, 1)).name,
            dong_trieu.at(dt.date(2024, 11, 1)).communes) == ("Thành phố Đông Triều", 19)
    assert dong_trieu.at(dt.date(2012, 8, 19)) is dong_trieu
    assert [p.start for p in dong_trieu.periods] == [
        dt.date(1945, 1, 1), dt.date(2015, 3, 11), dt.date(2024, 11, 1)]
    assert dong_trieu.periods[1] == UnitPeriod(dt.date(2015, 3, 11), "Thị xã Đông Triều",
                                               "Đông Triều", 21)
    ha_tu = units.get("P_HA_TU")
    assert ha_tu.periods == () and ha_tu.at(dt.date(2000, 1, 1)) is ha_tu
    assert ha_tu.in_year(2012) is ha_tu  # starts after 2012: as of its first day
    assert units.get("HA_LONG").in_year(2030).communes == 32  # ended: as of its last day
    thi_xa = [u.name for u in units.active(2016) if u.code == "DONG_TRIEU"]
    assert thi_xa == ["Thị xã Đông Triều"]


def test_formed_from_and_from_districts(units):
    assert units.get("P_HA_TU").formed_from == (Origin("Phường Hà Phong", "HA_LONG"),
                                                Origin("Phường Hà Tu", "HA_LONG"))
    assert units.get("P_HA_TU").from_districts == ("HA_LONG",)
    assert units.get("X_KY_THUONG").from_districts == ("BA_CHE", "HA_LONG")
    assert units.get("X_LUONG_MINH").from_districts == ("HA_LONG", "BA_CHE")
    assert units.get("X_TIEN_YEN").from_districts == ("TIEN_YEN", "BINH_LIEU")
    assert units.get("X_HAI_HOA").formed_from == (Origin("Xã Hải Lạng", "TIEN_YEN", True),
                                                  Origin("Xã Hải Hòa", "CAM_PHA", True))
    assert units.get("DK_VAN_DON").from_districts == ("VAN_DON",)
    assert len(units.get("DK_VAN_DON").formed_from) == 12
    assert units.get("X_CAI_CHIEN").formed_from == (Origin("Xã Cái Chiên", "HAI_HA"),)
    assert units.get("HA_LONG").from_districts == ()
    assert (units.get("P_HA_TU").short, units.get("DK_VAN_DON").short) == ("Hà Tu", "Vân Đồn")


@pytest.mark.parametrize("text, year, code", [
    ("Huyện Đông Triều", 2012, "DONG_TRIEU"),
    ("Thị xã Đông Triều", 2016, "DONG_TRIEU"),
    ("Thành phố Đông Triều", 2024, "DONG_TRIEU"),
    ("Thành phố Đông Triều", None, "DONG_TRIEU"),
    ("Huyện Đông Triều", None, "DONG_TRIEU"),
    ("Xã Tiên Yên", 2025, "X_TIEN_YEN"),
    ("Huyện Tiên Yên", 2024, "TIEN_YEN"),
    ("Tiên Yên", 2025, "X_TIEN_YEN"),
    ("Tiên Yên", 2024, "TIEN_YEN"),
    ("Đặc khu Vân Đồn", 2025, "DK_VAN_DON"),
    ("Vân Đồn", 2025, "DK_VAN_DON"),
    ("Vân Đồn", 2024, "VAN_DON"),
    ("CA phường Hà Tu", 2026, "P_HA_TU"),
    ("Móng Cái 2", 2026, "P_MONG_CAI_2"),
    ("Phường Hạ Long", 2012, "HA_LONG"),
    ("Phường Hạ Long", 2026, "P_HA_LONG"),
    # the unit of the year comes first among names contained in the text
    ("Phường Hà Tu, TP Hạ Long", 2012, "HA_LONG"),
    ("Phường Hà Tu, TP Hạ Long", 2026, "P_HA_TU"),
    # a name of the old map, in the new: the unit of the year with that name
    ("Thành phố Đông Triều", 2026, "P_DONG_TRIEU"),
])
def test_matching_knows_every_period_and_map(units, text, year, code):
    unit = units.match(text, year)
    assert unit is not None and unit.code == code


def test_matching_in_a_years_list_gives_that_years_unit(units):
    assert units.in_year(2016).match("Đông Triều", 2016).name == "Thị xã Đông Triều"
    assert units.match("Đông Triều", 2016).name == "Huyện Đông Triều"  # the list as stated


BASE = """
[[units]]
code = "HA_LONG"
name = "Thành phố Hạ Long"
level = "district"
communes = 20
valid_from = 2000-01-01
valid_to = 2025-06-30
{extra_district}

[[units]]
code = "P_HA_TU"
name = "Phường Hà Tu"
level = "commune"
communes = 1
valid_from = 2025-07-01
{extra_commune}
"""


def _load(tmp_path, extra_district="", extra_commune=""):
    path = tmp_path / "units.toml"
    path.write_text(BASE.format(extra_district=extra_district, extra_commune=extra_commune),
                    encoding="utf-8")
    return load_units(path)


def test_a_small_list_with_history_loads(tmp_path):
    units = _load(tmp_path, 'email = "ca.halong@example.vn"\n'
                            'periods = [{ from = 2020-01-01, communes = 33 }]',
                  'formed_from = [{ name = "Phường Hà Tu", district = "HA_LONG" }]')
    assert units.get("HA_LONG").email == "ca.halong@example.vn"
    assert units.get("HA_LONG").in_year(2021).communes == 33
    assert units.get("P_HA_TU").from_districts == ("HA_LONG",)


@pytest.mark.parametrize("district, commune, message", [
    ("", 'formed_from = [{ name = "Phường Hà Tu", district = "HONG_GAI" }]',
     "đơn vị P_HA_TU: “Phường Hà Tu” thuộc huyện cũ “HONG_GAI”, không phải mã đơn vị nào "
     "trong danh sách (unit P_HA_TU: formed_from district 'HONG_GAI' of 'Phường Hà Tu' is not "
     "a unit code of the list)"),
    ("", 'formed_from = ["Phường Hà Tu"]',
     "đơn vị P_HA_TU: formed_from phải là danh sách { name = \"…\", district = \"MÃ\", "
     "partial = true/false }"),
    ("periods = [{ from = 2020-01-01, communes = 33 }, { from = 2019-01-01, communes = 32 }]", "",
     "đơn vị HA_LONG: các giai đoạn (periods) phải theo thứ tự ngày tăng dần, sau ngày bắt đầu "
     "valid_from (2019-01-01) (unit HA_LONG: periods must be in increasing date order, after "
     "valid_from)"),
    ("periods = [{ from = 1999-01-01, name = \"Thị xã Hồng Gai\" }]", "",
     "đơn vị HA_LONG: các giai đoạn (periods) phải theo thứ tự ngày tăng dần, sau ngày bắt đầu "
     "valid_from (1999-01-01)"),
    ("periods = [{ name = \"Thành phố Hạ Long\" }]", "",
     "đơn vị HA_LONG: periods phải là danh sách { from = ngày, … }"),
    ('email = "ca.halong.example.vn"', "",
     "đơn vị HA_LONG: địa chỉ thư điện tử “ca.halong.example.vn” không hợp lệ (unit HA_LONG: "
     "e-mail address 'ca.halong.example.vn' is not valid)"),
    ('email = "ca halong@example.vn"', "",
     "đơn vị HA_LONG: địa chỉ thư điện tử “ca halong@example.vn” không hợp lệ"),
    ('email = "ca@halong@example.vn"', "",
     "đơn vị HA_LONG: địa chỉ thư điện tử “ca@halong@example.vn” không hợp lệ"),
    ('email = "@example.vn"', "", "đơn vị HA_LONG: địa chỉ thư điện tử “@example.vn” không hợp lệ"),
])
def test_malformed_history_is_refused_clearly(tmp_path, district, commune, message):
    with pytest.raises(ValueError) as exc:
        _load(tmp_path, district, commune)
    assert message in str(exc.value)
    assert str(exc.value).startswith(str(tmp_path / "units.toml") + ": đơn vị ")
