"""Areas: which units of a year cover the same ground as which units of the year before, across
a merge (Hoành Bồ into Hạ Long, 2020) and a new map (54 commune-level units, 1/7/2025)."""

from report_gen.reference.units import load_units
from report_gen.reference.lineage import former_districts, lineage


def _codes(area):
    return sorted(u.code for u in area.current), sorted(u.code for u in area.previous)


def test_a_merge_makes_one_area_of_the_absorbing_unit_and_the_absorbed():
    lin = lineage(load_units(), 2020)
    changed = [_codes(a) for a in lin.areas if not a.unchanged]
    assert changed == [(["HA_LONG"], ["HA_LONG", "HOANH_BO"])]
    assert len(lin.areas) == 14  # 13 district-level units + the province level
    assert lin.reorganised is False  # the units still compare one by one


def test_in_a_year_without_changes_every_unit_is_its_own_area():
    lin = lineage(load_units(), 2024)
    assert all(a.unchanged for a in lin.areas) and len(lin.areas) == 14
    assert lineage(load_units(), 2026).reorganised is False


def test_the_2025_map_links_each_new_unit_to_the_districts_it_was_formed_from():
    lin = lineage(load_units(), 2025)
    assert lin.reorganised is True
    areas = sorted((_codes(a) for a in lin.areas), key=lambda x: x[1])
    # units formed from several districts join those districts into one area
    big = next(a for a in areas if "HA_LONG" in a[1])
    assert big[1] == ["BA_CHE", "BINH_LIEU", "CAM_PHA", "HA_LONG", "TIEN_YEN"]
    assert len(big[0]) == 26
    assert {"X_HAI_HOA", "X_LUONG_MINH", "X_KY_THUONG", "X_BA_CHE", "X_TIEN_YEN",
            "X_HAI_LANG"} <= set(big[0])
    assert (["DK_CO_TO"], ["CO_TO"]) in areas
    assert (["X_DAM_HA", "X_QUANG_TAN"], ["DAM_HA"]) in areas
    assert (["TINH"], ["TINH"]) in areas
    assert len(areas) == 10
    assert sum(len(c) for c, _p in areas) == 55 and sum(len(p) for _c, p in areas) == 14
    assert _codes(lin.area_of("P_HA_TU"))[1] == big[1]


def test_former_districts_keep_apart_the_units_formed_from_several():
    wholly, several = former_districts(load_units(), 2025)
    by_name = {fd.district.name: [u.name for u in fd.units] for fd in wholly}
    assert len(by_name) == 13  # the districts of 2024; the province level is in neither
    assert by_name["Huyện Cô Tô"] == ["Đặc khu Cô Tô"]
    assert by_name["Huyện Ba Chẽ"] == []  # every unit with Ba Chẽ's communes has another's too
    assert by_name["Huyện Đầm Hà"] == ["Xã Quảng Tân", "Xã Đầm Hà"]
    assert by_name["Thị xã Đông Triều"] == ["Phường An Sinh", "Phường Đông Triều",
                                           "Phường Bình Khê", "Phường Mạo Khê",
                                           "Phường Hoàng Quế"]
    assert [u.name for u in several] == ["Xã Hải Hòa", "Xã Tiên Yên", "Xã Hải Lạng",
                                         "Xã Lương Minh", "Xã Kỳ Thượng", "Xã Ba Chẽ"]
