"""Coverage of every province total (issue 12): a total that misses a unit is never printed as the
province's figure without saying so.

Design under test: `Aggregate.coverage` lists, per indicator, every expected unit missing from
the total (absent ones too); the review, the appendices and the workbook name at the figure only
the units that sent a report and left the figure blank (or invalid), and make the review a draft;
units that sent nothing are named once (draft box, completeness sentence), not at each figure."""

from __future__ import annotations

import html
import json
import re

import pytest
from openpyxl import load_workbook

from report_gen.model import Coverage
from tests.support.paths import SAMPLES
from tests.support.samples import copy_sample, sample_form
from tests.support.workbooks import edit_form

CAM_PHA = sample_form("CAM_PHA", 2012).values["LL_CONG_AN_XA"]


def _text(doc: str) -> str:
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", doc)))


@pytest.fixture(scope="module")
def blanked(tmp_path_factory, settings):
    """The 2012 sample with Cẩm Phả's "Công an xã" left blank, built."""
    from report_gen.pipeline import build
    tmp = tmp_path_factory.mktemp("coverage")
    folder = copy_sample(2012, tmp / "2012")
    edit_form(folder / "cam_pha_2012.xlsx", {"LL_CONG_AN_XA": None})
    return build(folder, 2012, settings, tmp / "out", store_path=None, record=False)


def test_coverage_names_the_unit_that_left_the_figure_blank(blanked, built_2012):
    cons, _out = blanked
    full, _ = built_2012
    assert cons.agg.coverage["LL_CONG_AN_XA"] == Coverage(
        reported=14, expected=15, missing=["CAM_PHA"], blank=["CAM_PHA"])
    assert cons.agg.province["LL_CONG_AN_XA"] == 1136
    assert full.agg.province["LL_CONG_AN_XA"] == 1136 + CAM_PHA
    assert list(cons.agg.incomplete) == ["LL_CONG_AN_XA"]
    assert cons.agg.missing_units == [] and cons.is_draft


def test_json_has_the_coverage_of_every_indicator(blanked):
    cons, out = blanked
    d = json.loads(out.json.read_text(encoding="utf-8"))
    assert list(d["coverage"]) == cons.settings.catalogue.codes(2012)
    assert d["coverage"]["LL_CONG_AN_XA"] == {"reported": 14, "expected": 15,
                                              "missing": ["CAM_PHA"]}
    assert d["coverage"]["LL_BAO_VE_DAN_PHO"] == {"reported": 15, "expected": 15, "missing": []}
    # the province level covers no commune: not expected to count communes
    assert d["coverage"]["NH_XA_TO_CHUC"] == {"reported": 14, "expected": 14, "missing": []}
    assert d["draft"] is True


def test_review_says_so_at_the_figure_and_in_the_draft_box(blanked):
    _cons, out = blanked
    text = _text(out.html.read_text(encoding="utf-8"))
    assert ("gồm 1.136 người (chưa gồm số liệu của thành phố Cẩm Phả) công an xã, " in text)
    assert text.count("chưa gồm số liệu của thành phố Cẩm Phả") == 2  # text + table note
    assert ("Số liệu chưa đầy đủ (đơn vị đã gửi báo cáo nhưng để trống hoặc ghi không hợp lệ): "
            "Công an xã (thiếu thành phố Cẩm Phả).") in text
    assert ("(*) Số liệu toàn tỉnh chưa đầy đủ: Công an xã chưa gồm số liệu của thành phố "
            "Cẩm Phả.") in text
    assert "Đơn vị chưa gửi báo cáo" not in text


def test_review_marks_the_incomplete_total_of_the_unit_table(blanked):
    _cons, out = blanked
    doc = out.html.read_text(encoding="utf-8")
    total = re.search(r'<tr class="total"><td>Toàn tỉnh</td><td class="num">([^<]*)'
                      r'(<sup class="short-mark">\*</sup>)?</td><td class="num">([^<]*)'
                      r'(<sup class="short-mark">\*</sup>)?</td>', doc[doc.index("B. "):])
    assert total.groups() == ("1.136", '<sup class="short-mark">*</sup>', "1.254", None)
    assert doc.count('<sup class="short-mark">*</sup>') == 1  # no comparison appendix here


def test_workbook_notes_the_incomplete_total(blanked):
    _cons, out = blanked
    wb = load_workbook(out.xlsx)
    rows = list(wb["Toàn tỉnh"].iter_rows(values_only=True))
    assert rows[0] == ("Mã chỉ tiêu", "Phần", "Chỉ tiêu", "Đơn vị tính", "Năm 2012", "Ghi chú")
    assert next(r for r in rows if r[0] == "LL_CONG_AN_XA") == (
        "LL_CONG_AN_XA", "B", "Công an xã", "người", 1136,
        "Chưa gồm số liệu của thành phố Cẩm Phả")
    assert next(r for r in rows if r[0] == "LL_BAO_VE_DAN_PHO")[5] is None
    sheet = wb["Phần B"]
    last = list(sheet.iter_rows(values_only=True))[-1]
    assert last[1] == ("Ghi chú: số liệu toàn tỉnh chưa đầy đủ – Công an xã chưa gồm số liệu "
                       "của thành phố Cẩm Phả.")
    assert sheet.cell(row=sheet.max_row, column=2).data_type == "s"


def test_an_incomplete_figure_states_no_change(settings, tmp_path):
    """With last year known, a unit's blank would read as a decrease: no change is stated."""
    from tests.support.review import consolidate_with_history, write_review
    folder = copy_sample(2012, tmp_path / "2012")
    edit_form(folder / "cam_pha_2012.xlsx", {"LL_TAP_HUAN": None})
    cons, _prev = consolidate_with_history(settings, folder=folder)
    from report_gen.review.figures import figures
    change = figures(cons).changes["LL_TAP_HUAN"]
    assert change.diff is None and change.current == cons.agg.province["LL_TAP_HUAN"]
    doc, _h, _p = write_review(cons, tmp_path / "out")
    text = _text(doc.html)
    assert re.search(r"tập huấn cho [\d.]+ lượt cán bộ \(chưa gồm số liệu của thành phố Cẩm "
                     r"Phả\) lực lượng an ninh cơ sở\. ", text)
    assert ("(*) Số liệu năm 2012 chưa đầy đủ, không tính tăng, giảm: Lượt cán bộ lực lượng an "
            "ninh cơ sở được tập huấn chưa gồm số liệu của thành phố Cẩm Phả.") in text
    assert doc.html.count('<sup class="short-mark">*</sup>') == 2  # appendix I and II


def test_invalid_values_and_many_units_are_named_briefly(settings, tmp_path):
    """An invalid value is not reported either; past three names: "và N đơn vị khác"."""
    from report_gen.pipeline import consolidate
    from report_gen.review.prose import incomplete_figures, section_sentences
    folder = copy_sample(2012, tmp_path / "2012")
    files = ["ba_che_2012.xlsx", "binh_lieu_2012.xlsx", "co_to_2012.xlsx", "dam_ha_2012.xlsx"]
    for name in files[:3]:
        edit_form(folder / name, {"TT_BUOI": None})
    edit_form(folder / files[3], {"TT_BUOI": "nhiều"})
    cons = consolidate(folder, 2012, settings)
    assert cons.agg.coverage["TT_BUOI"] == Coverage(
        reported=11, expected=15, missing=["BINH_LIEU", "BA_CHE", "DAM_HA", "CO_TO"],
        blank=["BINH_LIEU", "BA_CHE", "DAM_HA", "CO_TO"])
    assert incomplete_figures(cons) == [
        "Buổi tuyên truyền, phổ biến pháp luật (thiếu huyện Bình Liêu, huyện Ba Chẽ, huyện Đầm "
        "Hà và 1 đơn vị khác)"]
    assert any(p.code == "value-not-number" for r in cons.accepted for p in r.problems)
    section = cons.settings.catalogue.section("C")
    assert ("buổi (chưa gồm số liệu của huyện Bình Liêu, huyện Ba Chẽ, huyện Đầm Hà và 1 đơn vị "
            "khác) tuyên truyền") in str(section_sentences(cons, section))


def test_clean_2012_sample_is_complete_and_final(built_2012, json_2012):
    cons, _out = built_2012
    assert all(c.complete and c.reported == c.expected for c in cons.agg.coverage.values())
    assert cons.agg.incomplete == {} and not cons.is_draft
    assert json_2012["coverage"]["MH_TONG"] == {"reported": 15, "expected": 15, "missing": []}
    assert json_2012["coverage"]["PL_KHA"] == {"reported": 14, "expected": 14, "missing": []}
    assert json_2012["draft"] is False
    assert "chưa gồm số liệu" not in built_2012[1].html.read_text(encoding="utf-8")


def test_2025_absent_unit_is_in_every_coverage_but_named_once_per_place(settings, tmp_path):
    from report_gen.outputs import html as html_writer
    from report_gen.pipeline import consolidate
    cons = consolidate(SAMPLES / "2025", 2025, settings)
    cov = cons.agg.coverage
    assert cov["MH_TONG"] == Coverage(reported=54, expected=55, missing=["X_CAI_CHIEN"])
    assert cov["NH_XA_TO_CHUC"] == Coverage(reported=53, expected=54, missing=["X_CAI_CHIEN"])
    assert all(c.missing == ["X_CAI_CHIEN"] and c.blank == [] for c in cov.values())
    assert cons.agg.incomplete == {}
    doc = html_writer.render(cons).html
    text = _text(doc)
    assert "chưa gồm số liệu" not in text and "Số liệu chưa đầy đủ (" not in text
    box = _text(doc[doc.index('<div class="draft-box"'):doc.index("<main>")])
    assert box.count("Cái Chiên") == 1 and "Đơn vị chưa gửi báo cáo (1): Xã Cái Chiên." in box
    body = _text(doc[doc.index("<main>"):doc.index("</main>")])
    assert body.count("Cái Chiên") == 1  # the completeness sentence, not each figure
    assert "còn 1 đơn vị chưa gửi: xã Cái Chiên." in body
