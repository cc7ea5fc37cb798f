"""The review's Vietnamese sentences (report_gen.review.prose), function by function, on small
hand-made consolidations: no workbook is read and no review is built, so that the sentences
comparing the years can be pinned word for word (and mutation-tested in seconds).

Each test installs the shared figures the prose reads (`figures(cons)`, and the units' shares of
`unit_shares` for the rankings) as typed here; every expected sentence is typed by hand."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from types import SimpleNamespace

import pytest
from markupsafe import Markup

from report_gen.model import CLEAN, MISSING, UNIT_REJECTED, WITH_ERRORS, Consolidation
from report_gen.reference.indicators import Indicator
from report_gen.reference.lineage import Area, Lineage
from report_gen.reference.unit_values import Origin
from report_gen.reference.units import Unit, UnitList
from report_gen.review import prose
from report_gen.review.figures import Basis, Change, Figures, Timeliness

NBSP = "\u00a0"  # vn.percent puts a no-break space before "%"

# ------------------------------------------------------------------ units of 2012 (districts)
BA_CHE = Unit("BA_CHE", "Huyện Ba Chẽ", "Ba Chẽ", "district", communes=8)
CAM_PHA = Unit("CAM_PHA", "Thành phố Cẩm Phả", "Cẩm Phả", "district", communes=16)
CO_TO = Unit("CO_TO", "Huyện Cô Tô", "Cô Tô", "district", communes=3)
DAM_HA = Unit("DAM_HA", "Huyện Đầm Hà", "Đầm Hà", "district", communes=10)
BINH_LIEU = Unit("BINH_LIEU", "Huyện Bình Liêu", "Bình Liêu", "district", communes=8)
TIEN_YEN = Unit("TIEN_YEN", "Huyện Tiên Yên", "Tiên Yên", "district", communes=12)
TINH = Unit("TINH", "Cấp tỉnh", "Cấp tỉnh", "province")
UNITS_2012 = UnitList("Quảng Ninh", "test", (BA_CHE, CAM_PHA, CO_TO, DAM_HA, BINH_LIEU,
                                             TIEN_YEN, TINH))

# ------------------------------------------------- the map of 1/7/2025 (communes report directly)
HAI_HA = Unit("HAI_HA", "Huyện Hải Hà", "Hải Hà", "district", communes=16,
              valid_from=dt.date(1950, 1, 1), valid_to=dt.date(2025, 6, 30))
OLD_DAM_HA = Unit("DAM_HA", "Huyện Đầm Hà", "Đầm Hà", "district", communes=10,
                  valid_from=dt.date(1950, 1, 1), valid_to=dt.date(2025, 6, 30))
X_DAM_HA = Unit("X_DAM_HA", "Xã Đầm Hà", "Đầm Hà", "commune", communes=1,
                valid_from=dt.date(2025, 7, 15),
                formed_from=(Origin("Thị trấn Đầm Hà", "DAM_HA"),))
X_CAI_CHIEN = Unit("X_CAI_CHIEN", "Xã Cái Chiên", "Cái Chiên", "commune", communes=1,
                   valid_from=dt.date(2025, 7, 1),
                   formed_from=(Origin("Xã Cái Chiên", "HAI_HA"),))
X_QUANG_HA = Unit("X_QUANG_HA", "Xã Quảng Hà", "Quảng Hà", "commune", communes=1,
                  valid_from=dt.date(2025, 7, 1),
                  formed_from=(Origin("Thị trấn Quảng Hà", "HAI_HA"),
                               Origin("Xã Quảng Minh", "HAI_HA")))
UNITS_2025 = UnitList("Quảng Ninh", "test", (HAI_HA, OLD_DAM_HA, X_DAM_HA, X_CAI_CHIEN,
                                             X_QUANG_HA, TINH))
HAI_HA_AREA = Area(current=(X_CAI_CHIEN, X_QUANG_HA), previous=(HAI_HA,))
DAM_HA_AREA = Area(current=(X_DAM_HA,), previous=(OLD_DAM_HA,))
NEW_MAP = Lineage(2025, (HAI_HA_AREA, DAM_HA_AREA, Area(current=(TINH,), previous=(TINH,))))

# ------------------------------------------------------------------------------ indicators
MH_TONG = Indicator("MH_TONG", "A", "Tổng số mô hình tự quản về ANTT", "mô hình")
MH_MOI = Indicator("MH_MOI", "A", "Mô hình xây dựng mới trong năm", "mô hình")
MH_HIEU_QUA = Indicator("MH_HIEU_QUA", "A", "Mô hình được đánh giá hoạt động hiệu quả", "mô hình")
MH_XA = Indicator("MH_XA", "A", "Mô hình cấp xã (phường, đặc khu)", "mô hình",
                  new_map_note="từ năm 2025 không còn cấp huyện, các mô hình cấp huyện trước "
                               "đây nay là mô hình cấp xã")
LL_CONG_AN_XA = Indicator("LL_CONG_AN_XA", "B", "Công an xã", "người")
LL_TAP_HUAN = Indicator("LL_TAP_HUAN", "B", "Lượt cán bộ lực lượng an ninh cơ sở được tập huấn",
                        "lượt cán bộ")
TT_BUOI = Indicator("TT_BUOI", "C", "Buổi tuyên truyền, phổ biến pháp luật", "buổi")
NH_XA_TO_CHUC = Indicator("NH_XA_TO_CHUC", "D", "Xã, phường, thị trấn tổ chức Ngày hội", "đơn vị",
                          of="communes")
AT_XA_DAT = Indicator("AT_XA_DAT", "F", "Xã, phường, thị trấn đạt tiêu chuẩn", "đơn vị",
                      of="communes")
PL_XUAT_SAC = Indicator("PL_XUAT_SAC", "G", "Xã, phường, thị trấn xếp loại Xuất sắc", "đơn vị",
                        of="communes", from_year=2022)
KP_XA_HOI_HOA = Indicator("KP_XA_HOI_HOA", "H", "Kinh phí huy động xã hội hóa", "triệu đồng",
                          kind="decimal")
INDICATORS = (MH_TONG, MH_MOI, MH_HIEU_QUA, LL_CONG_AN_XA, LL_TAP_HUAN, TT_BUOI, NH_XA_TO_CHUC,
              AT_XA_DAT, PL_XUAT_SAC, KP_XA_HOI_HOA)


class _Catalogue:
    """The part of report_gen.reference.catalogue.Catalogue the prose reads."""

    def __init__(self, indicators=INDICATORS, words=None):
        self.indicators = indicators
        self.words = words if words is not None else {"communes": "xã, phường, thị trấn"}

    def get(self, code):
        return next((i for i in self.indicators if i.code == code), None)

    def for_year(self, year):
        return [i for i in self.indicators if i.active(year)]

    def codes(self, year):
        return [i.code for i in self.for_year(year)]

    def words_of(self, year):
        return self.words


def _cons(year=2012, units=UNITS_2012, province=None, reported=(), missing=(),
          previous_units=None, catalogue=None) -> Consolidation:
    agg = SimpleNamespace(province=dict(province or {}), reported_units=list(reported),
                          missing_units=list(missing))
    settings = SimpleNamespace(catalogue=catalogue or _Catalogue(), units=units)
    return Consolidation(year=year, settings=settings, input_dir=Path("."), results=[], agg=agg,
                         previous_units=previous_units)


def _figures(expected, *, changes=None, basis=None, incomplete=None, missing=(), rejected=(),
             errors=(), lineage=None, deadline=None, timeliness=None) -> Figures:
    out = set(missing) | set(rejected) | set(errors)
    return Figures(expected=list(expected), detailed=True,
                   by_state={CLEAN: [u for u in expected if u not in out],
                             WITH_ERRORS: list(errors), UNIT_REJECTED: list(rejected),
                             MISSING: list(missing)},
                   deadline=deadline, timeliness=timeliness or {}, changes=changes, basis=basis,
                   incomplete=incomplete or {}, lineage=lineage)


@pytest.fixture
def given(monkeypatch):
    """given(figures, shares={code: [(share, unit)]}): what figures(cons) and unit_shares(cons,
    code) answer for the prose under test."""
    def install(fig, shares=None):
        monkeypatch.setattr(prose, "figures", lambda cons: fig)
        if shares is not None:
            monkeypatch.setattr(prose, "unit_shares", lambda cons, code: shares[code])
        return fig
    return install


def _section(summary: str):
    return SimpleNamespace(summary=summary)


# --------------------------------------------------------------------- the section's sentences
PROVINCE = {"MH_TONG": 91, "MH_MOI": 5, "MH_HIEU_QUA": 79, "LL_CONG_AN_XA": 1136,
            "LL_TAP_HUAN": 1000, "KP_XA_HOI_HOA": 1250.5}
CHANGES = {"MH_TONG": Change(91, 79, 12, 12 / 79), "MH_MOI": Change(5, 0, 5, None),
           "MH_HIEU_QUA": Change(79, 79, 0, 0.0),
           "LL_TAP_HUAN": Change(1000, 1100, -100, -100 / 1100),
           "LL_CONG_AN_XA": Change(1136, 1250, None, None)}
ALL_2012 = [BA_CHE, CAM_PHA, CO_TO, TINH]


def test_comparisons_with_last_year_read_the_vietnamese_way(given):
    given(_figures(ALL_2012, changes=CHANGES))
    cons = _cons(province=PROVINCE, reported=["BA_CHE", "CAM_PHA", "CO_TO", "TINH"])
    text = prose.section_sentences(cons, _section(
        'Có {{ fmt(v.MH_TONG, "mô hình") }}{{ cmp("MH_TONG") }}; mới {{ fmt(v.MH_MOI, "mô hình") }}'
        '{{ cmp("MH_MOI") }}; hiệu quả {{ fmt(v.MH_HIEU_QUA, "mô hình") }}{{ cmp("MH_HIEU_QUA") }}'
        '; tập huấn {{ fmt(v.LL_TAP_HUAN, "lượt cán bộ") }}'
        '{{ cmp("LL_TAP_HUAN", "lượt người") }}.'))
    assert isinstance(text, Markup)
    assert text == (f"Có 91 mô hình, tăng 12 mô hình (15,2{NBSP}%) so với năm 2011; mới 5 mô hình "
                    f"(năm 2011 không có); hiệu quả 79 mô hình, bằng năm 2011; tập huấn 1.000 lượt "
                    f"cán bộ, giảm 100 lượt người (9,1{NBSP}%) so với năm 2011.")


def test_change_is_the_comparison_as_a_predicate(given):
    given(_figures(ALL_2012, changes=CHANGES))
    cons = _cons(province=PROVINCE, reported=["BA_CHE", "CAM_PHA", "CO_TO", "TINH"])
    text = prose.section_sentences(cons, _section(
        '{% if change("MH_TONG") %}số mô hình {{ change("MH_TONG") }}{% endif %}|'
        '{{ change("MH_MOI") }}|{{ change("MH_MOI", "mô hình mới") }}|'
        '{% if change("LL_CONG_AN_XA") %}số công an xã {{ change("LL_CONG_AN_XA") }}{% endif %}|'
        '{{ change("MH_HIEU_QUA") }}'))
    assert text == (f"số mô hình tăng 12 mô hình (15,2{NBSP}%) so với năm 2011|tăng 5 mô hình "
                    f"(năm 2011 không có)|tăng 5 mô hình mới (năm 2011 không có)||bằng năm 2011")


def test_without_last_year_no_comparison_is_written(given):
    given(_figures(ALL_2012, changes=None))
    cons = _cons(province=PROVINCE, reported=["BA_CHE", "CAM_PHA", "CO_TO", "TINH"])
    text = prose.section_sentences(cons, _section(
        'Có {{ fmt(v.MH_TONG, "mô hình") }}{{ cmp("MH_TONG") }}.'
        '{% if change("MH_TONG") %} Số mô hình {{ change("MH_TONG") }}.{% endif %}'))
    assert text == "Có 91 mô hình."


def test_a_figure_that_misses_a_unit_says_so_and_states_no_change(given):
    """All units reported, one left the figure blank: the figure names it, no change is stated
    and no sentence says why (the appendix's note does)."""
    given(_figures(ALL_2012, changes=CHANGES, incomplete={"LL_CONG_AN_XA": [CAM_PHA]}))
    cons = _cons(province=PROVINCE, reported=["BA_CHE", "CAM_PHA", "CO_TO", "TINH"])
    text = prose.section_sentences(cons, _section(
        'gồm {{ fmt(v.LL_CONG_AN_XA, "người") }} công an xã{{ cmp("LL_CONG_AN_XA") }}.'))
    assert text == "gồm 1.136 người (chưa gồm số liệu của thành phố Cẩm Phả) công an xã."


LIKE_FOR_LIKE = Basis(units=[BA_CHE, CAM_PHA], left_out=[CO_TO], formed=True)
NOTE = "(so sánh trên 2 đơn vị gửi báo cáo cả hai năm, chưa tính huyện Cô Tô)"


def test_like_for_like_is_said_once_after_the_first_comparison_shown(given):
    given(_figures(ALL_2012, changes=CHANGES, basis=LIKE_FOR_LIKE, missing=[CO_TO]))
    cons = _cons(province=PROVINCE, reported=["BA_CHE", "CAM_PHA", "TINH"], missing=["CO_TO"])
    text = prose.section_sentences(cons, _section(
        'mới {{ fmt(v.MH_MOI, "mô hình") }}{{ cmp("MH_MOI") }}; công an xã '
        '{{ fmt(v.LL_CONG_AN_XA, "người") }}{{ cmp("LL_CONG_AN_XA") }}; có '
        '{{ fmt(v.MH_TONG, "mô hình") }}{{ cmp("MH_TONG") }}; hiệu quả '
        '{{ fmt(v.MH_HIEU_QUA, "mô hình") }}{{ cmp("MH_HIEU_QUA") }}; số lượt tập huấn '
        '{{ change("LL_TAP_HUAN") }}.'))
    assert text == (f"mới 5 mô hình (năm 2011 không có); công an xã 1.136 người; có 91 mô hình, "
                    f"tăng 12 mô hình (15,2{NBSP}%) so với năm 2011 {NOTE}; hiệu quả 79 mô hình, "
                    f"bằng năm 2011; số lượt tập huấn giảm 100 lượt cán bộ (9,1{NBSP}%) so với "
                    f"năm 2011.")


def test_a_comparison_only_tested_by_the_template_does_not_take_the_note(given):
    given(_figures(ALL_2012, changes=CHANGES, basis=LIKE_FOR_LIKE, missing=[CO_TO]))
    cons = _cons(province=PROVINCE, reported=["BA_CHE", "CAM_PHA", "TINH"], missing=["CO_TO"])
    text = prose.section_sentences(cons, _section(
        '{% if cmp("MH_TONG") %}{% endif %}Số tổ{% if change("LL_TAP_HUAN") %} tập huấn '
        '{{ change("LL_TAP_HUAN") }}{% endif %}.'))
    assert text == (f"Số tổ tập huấn giảm 100 lượt cán bộ (9,1{NBSP}%) so với năm 2011 {NOTE}.")


def test_no_like_for_like_base_says_why_once_at_the_end(given):
    """Some units absent and last year's units unknown: no change, and the reason once."""
    changes = {"MH_TONG": Change(91, 95, None, None), "MH_MOI": Change(5, 4, None, None)}
    given(_figures([BA_CHE, CAM_PHA, CO_TO], changes=changes, missing=[CO_TO],
                   basis=Basis(units=[], left_out=[BA_CHE, CAM_PHA, CO_TO], formed=False)))
    cons = _cons(province=PROVINCE, reported=["BA_CHE", "CAM_PHA"], missing=["CO_TO"])
    text = prose.section_sentences(cons, _section(
        'Có {{ fmt(v.MH_TONG, "mô hình") }}{{ cmp("MH_TONG") }}, mới '
        '{{ fmt(v.MH_MOI, "mô hình") }}{{ cmp("MH_MOI") }}.'))
    assert isinstance(text, Markup)
    assert text == ("Có 91 mô hình, mới 5 mô hình. Chưa so sánh với năm 2011 vì số liệu năm 2012 "
                    "còn thiếu huyện Cô Tô và chưa có số liệu năm 2011 của từng đơn vị để so sánh "
                    "cùng phạm vi.")
    # a section that compares nothing needs no reason
    assert prose.section_sentences(cons, _section('Có {{ fmt(v.MH_TONG, "mô hình") }}.')) == (
        "Có 91 mô hình.")


def test_template_values_and_figures_with_their_gaps(given):
    """A decimal figure that misses units names three, then counts the others; a code with no
    figure reads "(chưa có số liệu)"; a yes/no stays as it is; a plain number names nobody."""
    given(_figures(ALL_2012, incomplete={"KP_XA_HOI_HOA": [BA_CHE, CAM_PHA, CO_TO, TINH]}))
    cons = _cons(province={**PROVINCE, "LL_TO_LIEN_GIA": None, "CO_QUY": True},
                 reported=["BA_CHE", "CAM_PHA", "CO_TO", "TINH"])
    text = prose.section_sentences(cons, _section(
        '{{ fmt(v.KP_XA_HOI_HOA, "triệu đồng") }}; {{ fmt(v.LL_TO_LIEN_GIA, "tổ") }}; '
        '{{ fmt(v.LL_DOI, "đội") }}; {{ v.CO_QUY }}; {{ fmt(7, "tổ") }}; {{ v.MH_TONG + 1 }}'))
    assert text == ("1.250,5 triệu đồng (chưa gồm số liệu của huyện Ba Chẽ, thành phố Cẩm Phả, "
                    "huyện Cô Tô và 1 đơn vị khác); (chưa có số liệu) tổ; (chưa có số liệu) đội; "
                    "True; 7 tổ; 92")


def test_values_remember_their_code():
    values = prose._Values({"MH_TONG": 91, "KP_XA_HOI_HOA": 12.5, "CO_QUY": False, "X": None})
    assert (values.MH_TONG, values.MH_TONG.code) == (91, "MH_TONG")
    assert isinstance(values.MH_TONG, int)
    assert (values.KP_XA_HOI_HOA, values.KP_XA_HOI_HOA.code) == (12.5, "KP_XA_HOI_HOA")
    assert isinstance(values.KP_XA_HOI_HOA, float)
    assert values.CO_QUY is False and values.X is None and values.NOT_ON_FORM is None


def test_sentences_escape_what_they_quote(given):
    """The review is HTML: a unit name with "&" is written &amp;, at a figure and in the note."""
    board = Unit("KKT", "Ban quản lý Khu kinh tế & cửa khẩu", "KKT", "province")
    given(_figures([BA_CHE, board], changes=CHANGES, incomplete={"MH_MOI": [board]},
                   basis=Basis(units=[BA_CHE], left_out=[board], formed=True), missing=[board]))
    cons = _cons(province=PROVINCE, reported=["BA_CHE"], missing=["KKT"])
    text = prose.section_sentences(cons, _section(
        'Có {{ fmt(v.MH_TONG, "mô hình") }}{{ cmp("MH_TONG") }}, mới '
        '{{ fmt(v.MH_MOI, "mô hình") }}.'))
    assert text == (f"Có 91 mô hình, tăng 12 mô hình (15,2{NBSP}%) so với năm 2011 (so sánh trên "
                    f"1 đơn vị gửi báo cáo cả hai năm, chưa tính ban quản lý Khu kinh tế &amp; cửa "
                    f"khẩu), mới 5 mô hình (chưa gồm số liệu của ban quản lý Khu kinh tế &amp; cửa "
                    f"khẩu).")


def test_share_is_of_the_communes_of_the_units_in_the_total(given):
    """Cô Tô sent nothing: its 3 communes are not counted; Cẩm Phả left AT_XA_DAT blank: its 16
    are not counted for that figure."""
    given(_figures(ALL_2012, missing=[CO_TO], incomplete={"AT_XA_DAT": [CAM_PHA]}))
    cons = _cons(province={"NH_XA_TO_CHUC": 18, "AT_XA_DAT": 4, "PL_XUAT_SAC": None},
                 reported=["BA_CHE", "CAM_PHA", "TINH"], missing=["CO_TO"])
    text = prose.section_sentences(cons, _section(
        '{{ share("NH_XA_TO_CHUC") }}|{{ share("AT_XA_DAT") }}|{{ share("PL_XUAT_SAC") }}|'
        '{{ share("PL_YEU") }}|{% if "PL_XUAT_SAC" in active %}Xuất sắc{% endif %}'
        '{% if "MH_TONG" in active %}mô hình{% endif %}'))
    assert text == f"bằng 75,0{NBSP}%|bằng 50,0{NBSP}%|||mô hình"


def test_no_share_when_no_unit_in_the_total_has_communes(given):
    given(_figures([CO_TO, TINH], missing=[CO_TO]))
    cons = _cons(province={"NH_XA_TO_CHUC": 2}, reported=["TINH"], missing=["CO_TO"])
    assert prose.section_sentences(cons, _section('{{ share("NH_XA_TO_CHUC") }}')) == ""


def test_ranking_in_a_section(given):
    given(_figures(ALL_2012), shares={"AT_XA_DAT": [(1.0, BA_CHE), (0.25, CAM_PHA)]})
    cons = _cons(units=UNITS_2012, reported=["BA_CHE", "CAM_PHA", "CO_TO", "TINH"])
    text = prose.section_sentences(cons, _section(
        'Đạt.{{ ranking("AT_XA_DAT", "xã đạt tiêu chuẩn") }}|{{ ranking("AT_XA_DAT") }}'))
    assert text == (f"Đạt. Tỷ lệ xã đạt tiêu chuẩn cao nhất là huyện Ba Chẽ (100,0{NBSP}%); thấp "
                    f"nhất là thành phố Cẩm Phả (25,0{NBSP}%).| Tỷ lệ cao nhất là huyện Ba Chẽ "
                    f"(100,0{NBSP}%); thấp nhất là thành phố Cẩm Phả (25,0{NBSP}%).")


# ---------------------------------------------------------------------- leading and lagging units
def _ranking(given, shares, what=""):
    given(_figures(ALL_2012), shares={"AT_XA_DAT": shares})
    cons = _cons(units=UNITS_2012)
    if what:
        return prose.unit_ranking(cons, "AT_XA_DAT", what)
    return prose.unit_ranking(cons, "AT_XA_DAT")


def test_ranking_names_the_highest_and_lowest_share(given):
    shares = [(0.5, CAM_PHA), (1.0, BA_CHE), (0.3333, CO_TO)]
    assert _ranking(given, shares, "xã đạt tiêu chuẩn") == (
        f" Tỷ lệ xã đạt tiêu chuẩn cao nhất là huyện Ba Chẽ (100,0{NBSP}%); thấp nhất là huyện "
        f"Cô Tô (33,3{NBSP}%).")
    assert _ranking(given, shares) == (
        f" Tỷ lệ cao nhất là huyện Ba Chẽ (100,0{NBSP}%); thấp nhất là huyện Cô Tô (33,3{NBSP}%).")


def test_ranking_names_every_unit_of_a_tie_up_to_four(given):
    tie = [(0.5, BA_CHE), (0.25, CO_TO), (0.5, CAM_PHA)]
    assert _ranking(given, tie) == (
        f" Tỷ lệ cao nhất là huyện Ba Chẽ và thành phố Cẩm Phả (50,0{NBSP}%); thấp nhất là huyện "
        f"Cô Tô (25,0{NBSP}%).")
    four = [(1.0, BA_CHE), (1.0, CAM_PHA), (1.0, CO_TO), (1.0, DAM_HA), (0.75, BINH_LIEU)]
    assert _ranking(given, four) == (
        f" Tỷ lệ cao nhất là huyện Ba Chẽ, thành phố Cẩm Phả, huyện Cô Tô và huyện Đầm Hà "
        f"(100,0{NBSP}%); thấp nhất là huyện Bình Liêu (75,0{NBSP}%).")
    five = [(0.5, TIEN_YEN), *four[:4], (1.0, BINH_LIEU)]
    assert _ranking(given, five) == (
        f" Tỷ lệ cao nhất là 5 đơn vị (100,0{NBSP}%); thấp nhất là huyện Tiên Yên (50,0{NBSP}%).")


def test_ranking_when_every_unit_has_the_same_share(given):
    full = [(1.0, BA_CHE), (1.0, CO_TO), (1.0, CAM_PHA)]
    assert _ranking(given, full, "xã tổ chức Ngày hội") == (
        " Tất cả 3 đơn vị cấp huyện đều có 100 % xã tổ chức Ngày hội.")
    assert _ranking(given, full) == " Tất cả 3 đơn vị cấp huyện đều đạt tỷ lệ 100 %."
    assert _ranking(given, [(0.5, BA_CHE), (0.5, CO_TO)], "xã đạt tiêu chuẩn") == ""


def test_no_ranking_of_one_unit_or_of_units_that_answer_for_themselves(given):
    assert _ranking(given, [], "xã đạt tiêu chuẩn") == ""
    assert _ranking(given, [(0.5, BA_CHE)], "xã đạt tiêu chuẩn") == ""
    # the communes of 2025 report directly: each has one commune, itself
    assert _ranking(given, [(1.0, X_CAI_CHIEN), (0.0, X_QUANG_HA)], "xã đạt tiêu chuẩn") == ""
    # a unit of one commune beside a district still ranks
    assert _ranking(given, [(1.0, X_CAI_CHIEN), (0.5, CO_TO)]) == (
        f" Tỷ lệ cao nhất là xã Cái Chiên (100,0{NBSP}%); thấp nhất là huyện Cô Tô "
        f"(50,0{NBSP}%).")


# ------------------------------------------------------------------------ names in a sentence
def test_in_sentence_lowers_the_word_before_a_name():
    assert prose.in_sentence("Huyện Ba Chẽ") == "huyện Ba Chẽ"
    assert prose.in_sentence("Đặc khu Vân Đồn") == "đặc khu Vân Đồn"
    assert prose.in_sentence("Cấp tỉnh") == "cấp tỉnh"
    assert prose.in_sentence("TP Hạ Long") == "TP Hạ Long"  # an abbreviation keeps its capitals
    assert prose.in_sentence("xã Cái Chiên") == "xã Cái Chiên"
    assert prose.in_sentence("X") == "X"
    assert prose.in_sentence("") == ""


def test_not_included_names_three_units_then_counts():
    assert prose.not_included([CAM_PHA]) == "chưa gồm số liệu của thành phố Cẩm Phả"
    assert prose.not_included([BA_CHE, CAM_PHA, CO_TO]) == (
        "chưa gồm số liệu của huyện Ba Chẽ, thành phố Cẩm Phả và huyện Cô Tô")
    assert prose.not_included([BA_CHE, CAM_PHA, CO_TO, DAM_HA]) == (
        "chưa gồm số liệu của huyện Ba Chẽ, thành phố Cẩm Phả, huyện Cô Tô và 1 đơn vị khác")
    assert prose.not_included([BA_CHE, CAM_PHA, CO_TO, DAM_HA], 60) == (
        "chưa gồm số liệu của huyện Ba Chẽ, thành phố Cẩm Phả, huyện Cô Tô và huyện Đầm Hà")


def test_incomplete_figures_for_the_draft_box(given):
    given(_figures(ALL_2012, incomplete={"LL_CONG_AN_XA": [CAM_PHA],
                                         "TT_BUOI": [BINH_LIEU, BA_CHE, DAM_HA, CO_TO]}))
    cons = _cons()
    assert prose.incomplete_figures(cons) == [
        "Công an xã (thiếu thành phố Cẩm Phả)",
        "Buổi tuyên truyền, phổ biến pháp luật (thiếu huyện Bình Liêu, huyện Ba Chẽ, huyện Đầm "
        "Hà và 1 đơn vị khác)"]
    assert prose.incomplete_figures(cons, 60)[1] == (
        "Buổi tuyên truyền, phổ biến pháp luật (thiếu huyện Bình Liêu, huyện Ba Chẽ, huyện Đầm "
        "Hà và huyện Cô Tô)")


# -------------------------------------------------------------- like for like: which units
def test_basis_phrase_names_the_units_left_out(given):
    cons = _cons(reported=["BA_CHE", "CAM_PHA"], missing=["CO_TO", "DAM_HA", "BINH_LIEU"])
    given(_figures(ALL_2012, basis=None))
    assert prose.basis_phrase(cons) == ""
    given(_figures(ALL_2012, basis=Basis(units=[], left_out=[BA_CHE], formed=False)))
    assert prose.basis_phrase(cons) == ""
    given(_figures(ALL_2012, basis=LIKE_FOR_LIKE))
    assert prose.basis_phrase(cons) == (
        "so sánh trên 2 đơn vị gửi báo cáo cả hai năm, chưa tính huyện Cô Tô")
    given(_figures(ALL_2012, basis=Basis(units=[BA_CHE], formed=True,
                                         left_out=[CAM_PHA, CO_TO, DAM_HA, BINH_LIEU])))
    assert prose.basis_phrase(cons) == (
        "so sánh trên 1 đơn vị gửi báo cáo cả hai năm, chưa tính thành phố Cẩm Phả, huyện Cô Tô, "
        "huyện Đầm Hà và 1 đơn vị khác")
    assert prose.basis_phrase(cons, 4) == (
        "so sánh trên 1 đơn vị gửi báo cáo cả hai năm, chưa tính thành phố Cẩm Phả, huyện Cô Tô, "
        "huyện Đầm Hà và huyện Bình Liêu")


KNOWN_2024 = {"HAI_HA": {"MH_TONG": 6}, "DAM_HA": {"MH_TONG": 4}, "TINH": {"MH_TONG": 5}}
HAI_HA_OUT = Basis(units=[X_DAM_HA, TINH], left_out=[X_CAI_CHIEN, X_QUANG_HA], formed=True,
                   areas_left_out=[HAI_HA_AREA])


def _cons_2025(reported=("X_QUANG_HA", "X_DAM_HA", "TINH"), previous_units=KNOWN_2024,
               catalogue=None):
    missing = [c for c in ("X_CAI_CHIEN", "X_QUANG_HA", "X_DAM_HA", "TINH") if c not in reported]
    return _cons(year=2025, units=UNITS_2025, reported=reported, missing=missing,
                 previous_units=previous_units, catalogue=catalogue or _Catalogue(
                     (MH_TONG, NH_XA_TO_CHUC, MH_XA), {"communes": "xã, phường, đặc khu"}))


EXPECTED_2025 = [X_DAM_HA, X_CAI_CHIEN, X_QUANG_HA, TINH]


def test_after_a_new_map_the_basis_is_the_ground_of_the_units_that_reported(given):
    given(_figures(EXPECTED_2025, basis=HAI_HA_OUT, lineage=NEW_MAP, missing=[X_CAI_CHIEN]))
    assert prose.basis_phrase(_cons_2025()) == (
        "so sánh trên cùng địa bàn, chưa tính địa bàn huyện Hải Hà cũ vì xã Cái Chiên chưa có số "
        "liệu năm 2025")


def test_ground_left_out_says_what_is_missing_in_each_year(given):
    given(_figures(EXPECTED_2025, basis=HAI_HA_OUT, lineage=NEW_MAP, missing=[X_CAI_CHIEN]))
    # this year's figures of Cái Chiên and last year's of Hải Hà both missing
    assert prose.basis_phrase(_cons_2025(previous_units=None)) == (
        "so sánh trên cùng địa bàn, chưa tính địa bàn huyện Hải Hà cũ vì xã Cái Chiên chưa có số "
        "liệu năm 2025 và chưa có số liệu năm 2024 của huyện Hải Hà")
    # every unit of the area reported; last year's figures of Hải Hà not on record
    everyone = ("X_CAI_CHIEN", "X_QUANG_HA", "X_DAM_HA", "TINH")
    assert prose.basis_phrase(_cons_2025(reported=everyone, previous_units={"TINH": {}})) == (
        "so sánh trên cùng địa bàn, chưa tính địa bàn huyện Hải Hà cũ vì chưa có số liệu năm "
        "2024 của huyện Hải Hà")
    # nothing missing on that ground: the area alone
    assert prose.basis_phrase(_cons_2025(reported=everyone)) == (
        "so sánh trên cùng địa bàn, chưa tính địa bàn huyện Hải Hà cũ")


def test_several_grounds_left_out(given):
    basis = Basis(units=[TINH], left_out=[X_DAM_HA, X_CAI_CHIEN, X_QUANG_HA], formed=True,
                  areas_left_out=[HAI_HA_AREA, DAM_HA_AREA])
    given(_figures(EXPECTED_2025, basis=basis, lineage=NEW_MAP,
                   missing=[X_CAI_CHIEN, X_QUANG_HA, X_DAM_HA]))
    cons = _cons_2025(reported=("TINH",))
    assert prose.basis_phrase(cons) == (
        "so sánh trên cùng địa bàn, chưa tính địa bàn huyện Hải Hà và huyện Đầm Hà cũ vì xã Cái "
        "Chiên, xã Quảng Hà và xã Đầm Hà chưa có số liệu năm 2025")
    assert prose.basis_phrase(cons, 2) == (
        "so sánh trên cùng địa bàn, chưa tính địa bàn huyện Hải Hà và huyện Đầm Hà cũ vì xã Cái "
        "Chiên, xã Quảng Hà và 1 đơn vị khác chưa có số liệu năm 2025")


def test_no_comparison_sentence_names_the_absent_units(given):
    given(_figures([BA_CHE, CAM_PHA, CO_TO, DAM_HA, BINH_LIEU],
                   missing=[CAM_PHA, CO_TO, DAM_HA, BINH_LIEU]))
    cons = _cons(reported=["BA_CHE"], missing=["BINH_LIEU", "CO_TO", "CAM_PHA", "DAM_HA"])
    assert prose.no_comparison_sentence(cons) == (
        "Chưa so sánh với năm 2011 vì số liệu năm 2012 còn thiếu thành phố Cẩm Phả, huyện Cô "
        "Tô, huyện Đầm Hà và 1 đơn vị khác và chưa có số liệu năm 2011 của từng đơn vị để so "
        "sánh cùng phạm vi.")
    assert prose.no_comparison_sentence(cons, 4) == (
        "Chưa so sánh với năm 2011 vì số liệu năm 2012 còn thiếu thành phố Cẩm Phả, huyện Cô "
        "Tô, huyện Đầm Hà và huyện Bình Liêu và chưa có số liệu năm 2011 của từng đơn vị để so "
        "sánh cùng phạm vi.")


# ------------------------------------------------------------------------- the new map
NEW_MAP_NOTE = ("Các chỉ tiêu đếm số xã, phường, đặc khu không tính tăng, giảm so với năm 2024 "
                "vì số đơn vị cấp xã đã thay đổi khi sắp xếp lại (26 đơn vị năm 2024, 3 đơn vị "
                "năm 2025). Chỉ tiêu “Mô hình cấp xã (phường, đặc khu)” không tính tăng, giảm so "
                "với năm 2024 vì từ năm 2025 không còn cấp huyện, các mô hình cấp huyện trước "
                "đây nay là mô hình cấp xã.")


def test_new_map_note_says_why_some_figures_state_no_change(given):
    given(_figures(EXPECTED_2025, lineage=NEW_MAP))
    assert prose.new_map_note(_cons_2025()) == NEW_MAP_NOTE
    # the catalogue's word for communes, else "xã, phường"
    bare = _Catalogue((NH_XA_TO_CHUC,), {})
    assert prose.new_map_note(_cons_2025(catalogue=bare)) == (
        "Các chỉ tiêu đếm số xã, phường không tính tăng, giảm so với năm 2024 vì số đơn vị cấp "
        "xã đã thay đổi khi sắp xếp lại (26 đơn vị năm 2024, 3 đơn vị năm 2025).")
    # no indicator counts communes: only the indicators' own notes
    assert prose.new_map_note(_cons_2025(catalogue=_Catalogue((MH_TONG, MH_XA)))) == (
        "Chỉ tiêu “Mô hình cấp xã (phường, đặc khu)” không tính tăng, giảm so với năm 2024 vì "
        "từ năm 2025 không còn cấp huyện, các mô hình cấp huyện trước đây nay là mô hình cấp xã.")
    assert prose.new_map_note(_cons_2025(catalogue=_Catalogue((MH_TONG,)))) == ""


def test_no_new_map_note_in_another_year(given):
    given(_figures(ALL_2012))
    cons = _cons(catalogue=_Catalogue((MH_TONG, NH_XA_TO_CHUC, MH_XA)))
    assert prose.new_map_note(cons) == ""
    assert prose.reorganisation_sentence(cons) == ""


def test_reorganisation_sentence_counts_the_units_of_both_maps(given):
    given(_figures(EXPECTED_2025, lineage=NEW_MAP))
    assert prose.reorganisation_sentence(_cons_2025()) == (
        "Từ ngày 1/7/2025, các đơn vị hành chính đã được sắp xếp lại: 3 đơn vị cấp xã báo cáo "
        "trực tiếp, thay cho 2 đơn vị cấp huyện trước đây. Số liệu toàn tỉnh năm 2025 được so "
        "sánh với năm 2024; số liệu của từng đơn vị không so sánh được với năm 2024 vì địa bàn "
        "đã thay đổi (bảng tổng hợp Excel đối chiếu theo địa bàn các đơn vị cũ).")


def test_a_new_unit_formed_from_no_other_replaces_nothing(given):
    """A unit that starts with the new map without being formed from old ones (a new agency of
    the province) is not counted among the units that replace the old ones."""
    agency = Unit("BQL_KKT", "Ban quản lý Khu kinh tế", "KKT", "province",
                  valid_from=dt.date(2025, 1, 1))
    given(_figures([*EXPECTED_2025, agency], lineage=NEW_MAP))
    cons = _cons_2025()
    cons.settings.units = UnitList("Quảng Ninh", "test", (*UNITS_2025.units, agency))
    assert prose.reorganisation_sentence(cons).startswith(
        "Từ ngày 1/7/2025, các đơn vị hành chính đã được sắp xếp lại: 3 đơn vị cấp xã báo cáo "
        "trực tiếp, thay cho 2 đơn vị cấp huyện trước đây. ")


def test_reorganisation_sentence_without_a_date_of_the_new_units(given):
    """A list whose new units all started before the year (nothing formed this year) still
    says the year."""
    given(_figures([TINH], lineage=NEW_MAP))
    cons = _cons(year=2025, units=UnitList("Quảng Ninh", "test", (TINH,)), reported=["TINH"])
    assert prose.reorganisation_sentence(cons) == (
        "Từ năm 2025, các đơn vị hành chính đã được sắp xếp lại: 0 đơn vị báo cáo trực tiếp, thay "
        "cho 0 đơn vị trước đây. Số liệu toàn tỉnh năm 2025 được so sánh với năm 2024; số liệu "
        "của từng đơn vị không so sánh được với năm 2024 vì địa bàn đã thay đổi (bảng tổng hợp "
        "Excel đối chiếu theo địa bàn các đơn vị cũ).")


# ------------------------------------------------------------------- the appendix's note
def test_comparison_note_when_every_unit_reported(given):
    given(_figures(ALL_2012, basis=None))
    assert prose.comparison_note(_cons()) == ""
    given(_figures(EXPECTED_2025, basis=None, lineage=NEW_MAP))
    assert prose.comparison_note(_cons_2025()) == NEW_MAP_NOTE


def test_comparison_note_like_for_like(given):
    left_out = [CAM_PHA, CO_TO, DAM_HA, BINH_LIEU]
    given(_figures([BA_CHE, TINH, *left_out], missing=left_out,
                   basis=Basis(units=[BA_CHE, TINH], left_out=left_out, formed=True)))
    cons = _cons(reported=["BA_CHE", "TINH"], missing=["CAM_PHA", "CO_TO", "DAM_HA", "BINH_LIEU"])
    assert prose.comparison_note(cons) == (
        "Do chưa đủ số liệu năm 2012 của các đơn vị, số liệu năm 2011 và năm 2012 trong bảng là "
        "tổng của 2 đơn vị gửi báo cáo cả hai năm (so sánh cùng phạm vi), chưa tính thành phố Cẩm "
        "Phả, huyện Cô Tô, huyện Đầm Hà và huyện Bình Liêu.")


def test_comparison_note_without_a_base(given):
    given(_figures([BA_CHE, CO_TO, DAM_HA, BINH_LIEU, TIEN_YEN],
                   missing=[CO_TO, DAM_HA, BINH_LIEU, TIEN_YEN],
                   basis=Basis(units=[], left_out=[BA_CHE, CO_TO], formed=False)))
    cons = _cons(reported=["BA_CHE"], missing=["CO_TO", "DAM_HA", "BINH_LIEU", "TIEN_YEN"])
    assert prose.comparison_note(cons) == (
        "Chưa so sánh với năm 2011 vì số liệu năm 2012 còn thiếu huyện Cô Tô, huyện Đầm Hà, huyện "
        "Bình Liêu và huyện Tiên Yên và chưa có số liệu năm 2011 của từng đơn vị để so sánh cùng "
        "phạm vi.")
    given(_figures(EXPECTED_2025, missing=[X_CAI_CHIEN], lineage=NEW_MAP,
                   basis=Basis(units=[], left_out=EXPECTED_2025, formed=False)))
    assert prose.comparison_note(_cons_2025(previous_units=None)) == (
        "Chưa so sánh với năm 2024 vì số liệu năm 2025 còn thiếu xã Cái Chiên và chưa có số liệu "
        "năm 2024 của từng đơn vị để so sánh cùng phạm vi. " + NEW_MAP_NOTE)


def test_comparison_note_after_a_new_map(given):
    given(_figures(EXPECTED_2025, basis=HAI_HA_OUT, lineage=NEW_MAP, missing=[X_CAI_CHIEN]))
    assert prose.comparison_note(_cons_2025()) == (
        "Do chưa đủ số liệu năm 2025 của các đơn vị, số liệu hai năm trong bảng là tổng trên cùng "
        "địa bàn: năm 2025 của 2 đơn vị đã báo cáo, năm 2024 của các đơn vị cũ trên địa bàn đó; "
        "chưa tính địa bàn huyện Hải Hà cũ vì xã Cái Chiên chưa có số liệu năm 2025. "
        + NEW_MAP_NOTE)
    # without an indicator to explain, the note ends at its own full stop
    assert prose.comparison_note(_cons_2025(catalogue=_Catalogue((MH_TONG,)))) == (
        "Do chưa đủ số liệu năm 2025 của các đơn vị, số liệu hai năm trong bảng là tổng trên cùng "
        "địa bàn: năm 2025 của 2 đơn vị đã báo cáo, năm 2024 của các đơn vị cũ trên địa bàn đó; "
        "chưa tính địa bàn huyện Hải Hà cũ vì xã Cái Chiên chưa có số liệu năm 2025.")


# ---------------------------------------------------------------- completeness and timeliness
def test_completeness_names_the_units_missing_and_rejected(given):
    given(_figures([BA_CHE, CAM_PHA, CO_TO, DAM_HA, TINH], missing=[CO_TO], rejected=[DAM_HA],
                   errors=[CAM_PHA]))
    done = prose.completeness(_cons())
    assert done == {
        "sentence": "Đã có 3/5 đơn vị gửi báo cáo số liệu năm 2012 (60,0\u00a0%); còn 1 đơn vị "
                    "chưa gửi: huyện Cô Tô; 1 đơn vị gửi tệp không dùng được (bị từ chối): "
                    "huyện Đầm Hà.",
        "deadline": None, "timing": [], "missing": ["huyện Cô Tô"],
        "rejected": ["huyện Đầm Hà"]}


def test_completeness_of_no_unit(given):
    given(_figures([]))
    assert prose.completeness(_cons())["sentence"] == (
        "Đã có 0/0 đơn vị gửi báo cáo số liệu năm 2012 (–).")


def _on(day: int) -> dt.date:
    return dt.date(2012, 7, day)


def test_completeness_says_who_reported_late_and_who_corrected_late(given):
    """Late units by date; a correction sent after the deadline by an on-time unit named apart,
    by the correction's date; a unit with no known date is not counted."""
    late_co_to = Timeliness("CO_TO", "co_to.xlsx", _on(22), False, True,
                            first_file="co_to_1.xlsx", correction_date=_on(30),
                            correction_late=True)
    late_ba_che = Timeliness("BA_CHE", "ba_che.xlsx", _on(25), True, True)
    fixed_cam_pha = Timeliness("CAM_PHA", "cam_pha_sua.xlsx", _on(10), False, False,
                               first_file="cam_pha.xlsx", correction_date=_on(28),
                               correction_late=True)
    fixed_dam_ha = Timeliness("DAM_HA", "dam_ha_sua.xlsx", _on(15), False, False,
                              first_file="dam_ha.xlsx", correction_date=_on(21),
                              correction_late=True)
    early_fix = Timeliness("BINH_LIEU", "binh_lieu_sua.xlsx", _on(5), False, False,
                           first_file="binh_lieu.xlsx", correction_date=_on(19))
    unknown = Timeliness("TINH", "tinh.xlsx", None, False, None)
    expected = [BA_CHE, CAM_PHA, CO_TO, DAM_HA, BINH_LIEU, TINH]
    given(_figures(expected, deadline=_on(20), timeliness={
        t.file: t for t in (fixed_dam_ha, late_co_to, unknown, early_fix, fixed_cam_pha,
                            late_ba_che)}))
    done = prose.completeness(_cons())
    assert done["sentence"] == (
        "Đã có 6/6 đơn vị gửi báo cáo số liệu năm 2012 (100,0\u00a0%). Theo thời hạn ngày "
        "20/7/2012, 3 đơn vị gửi đúng hạn, 2 đơn vị gửi muộn: huyện Cô Tô (22/7/2012) và huyện "
        "Ba Chẽ (25/7/2012); 2 đơn vị gửi bản sửa sau thời hạn: huyện Đầm Hà (21/7/2012) và thành "
        "phố Cẩm Phả (28/7/2012).")
    assert done["deadline"] == _on(20)
    # in the order of the unit list
    assert done["timing"] == [late_ba_che, fixed_cam_pha, late_co_to, fixed_dam_ha, early_fix]
    assert done["missing"] == [] and done["rejected"] == []


def test_completeness_when_everyone_was_on_time(given):
    on_time = [Timeliness("BA_CHE", "ba_che.xlsx", _on(18), False, False),
               Timeliness("CO_TO", "co_to.xlsx", _on(20), True, False)]
    given(_figures([BA_CHE, CO_TO], deadline=_on(20), timeliness={t.file: t for t in on_time}))
    assert prose.completeness(_cons())["sentence"] == (
        "Đã có 2/2 đơn vị gửi báo cáo số liệu năm 2012 (100,0\u00a0%). Theo thời hạn ngày "
        "20/7/2012, 2 đơn vị gửi đúng hạn.")


def test_completeness_says_nothing_of_a_deadline_it_cannot_judge(given):
    unknown = {"tinh.xlsx": Timeliness("TINH", "tinh.xlsx", None, False, None)}
    given(_figures([TINH], deadline=_on(20), timeliness=unknown))
    assert prose.completeness(_cons())["sentence"] == (
        "Đã có 1/1 đơn vị gửi báo cáo số liệu năm 2012 (100,0\u00a0%).")
    no_deadline = {"tinh.xlsx": Timeliness("TINH", "tinh.xlsx", _on(25), False, None)}
    given(_figures([TINH], deadline=None, timeliness=no_deadline))
    done = prose.completeness(_cons())
    assert done["sentence"] == "Đã có 1/1 đơn vị gửi báo cáo số liệu năm 2012 (100,0\u00a0%)."
    assert done["timing"] == []
