"""Issue 17: a draft with a missing unit must not state that unit's absence as a decrease. With
Cô Tô missing from 2012, the province figures compare like for like (the 14 units that reported
both years, said so), in the review's sentences, the comparison appendix and the workbook; and
the province rules count only the communes of the units that reported."""

from __future__ import annotations

import re
import shutil

import pytest
from openpyxl import load_workbook

from report_gen.outputs import html
from report_gen.pipeline import build, consolidate
from report_gen.review.figures import figures
from report_gen.store.attach import Past
from tests.support.paths import SAMPLES

NOTE = "(so sánh trên 14 đơn vị gửi báo cáo cả hai năm, chưa tính huyện Cô Tô)"
APPENDIX_NOTE = ("Ghi chú: Do chưa đủ số liệu năm 2012 của các đơn vị, số liệu năm 2011 và năm "
                 "2012 trong bảng là tổng của 14 đơn vị gửi báo cáo cả hai năm (so sánh cùng "
                 "phạm vi), chưa tính huyện Cô Tô.")


@pytest.fixture(scope="module")
def without_co_to(tmp_path_factory):
    """2011 recorded in a history store, then 2012 built without Cô Tô's file:
    (2011 consolidation, 2012 consolidation, 2012 outputs)."""
    from report_gen.config import load_settings
    settings = load_settings(config=None, workdir=SAMPLES.parent / "tests")
    tmp = tmp_path_factory.mktemp("lfl")
    store = tmp / "store.sqlite"
    cons11, _ = build(SAMPLES / "2011", 2011, settings, tmp / "out2011", store_path=store)
    folder = tmp / "2012"
    shutil.copytree(SAMPLES / "2012", folder)
    (folder / "co_to_2012.xlsx").unlink()
    cons12, outputs = build(folder, 2012, settings, tmp / "out2012", store_path=store)
    assert cons12.agg.missing_units == ["CO_TO"]
    return cons11, cons12, outputs


def _text(markup: str) -> str:
    text = re.sub(r"<[^>]+>", " ", markup).replace("\xa0", " ")
    return re.sub(r"\s+", " ", text)


def _like_for_like(cons11, code: str) -> int | float:
    """Last year's province figure without Cô Tô's."""
    return cons11.agg.province[code] - cons11.agg.table.at["CO_TO", code]


def test_sentences_compare_like_for_like_and_say_so(without_co_to):
    _c11, _c12, outputs = without_co_to
    text = _text(outputs.html.read_text(encoding="utf-8"))
    # Before: "giảm 129 tổ (3,0 %)", "giảm 1.959,7 triệu đồng (22,4 %)", "tăng 7 mô hình (8,8 %)"
    # – each off by Cô Tô's 2011 figure.
    assert "số tổ liên gia tự quản giảm 48 tổ (1,1 %) so với năm 2011 " + NOTE in text
    assert "giảm 1.359 triệu đồng (16,7 %) so với năm 2011 " + NOTE in text
    assert ("tự quản về ANTT, tăng 11 mô hình (14,5 %) so với năm 2011 " + NOTE + ", trong đó"
            in text)
    assert "tăng 859 lượt người (7,4 %) so với năm 2011." in text  # said once per section
    for absence in ("giảm 129 tổ", "giảm 1.959,7 triệu đồng", "tăng 7 mô hình"):
        assert absence not in text
    # the share of communes is of the communes of the units that reported
    assert "(bằng 100,0 % tổng số xã, phường, thị trấn)" in text


def test_appendix_shows_like_for_like_figures_and_names_who_is_left_out(without_co_to):
    cons11, cons12, outputs = without_co_to
    rows = {r["indicator"].code: r for r in html.comparison_rows(cons12) if "indicator" in r}
    for code in ("LL_TO_LIEN_GIA", "MH_TONG", "KP_XA_HOI_HOA"):
        r = rows[code]
        assert r["previous"] == pytest.approx(_like_for_like(cons11, code))
        assert r["current"] == cons12.agg.province[code]
        assert r["diff"] == pytest.approx(r["current"] - r["previous"])
    assert rows["LL_TO_LIEN_GIA"]["diff"] == -48
    text = _text(outputs.html.read_text(encoding="utf-8"))
    assert APPENDIX_NOTE in text
    assert "Nguồn: số liệu năm 2011 đã lưu và báo cáo của các đơn vị năm 2012" in text


def test_workbook_compares_like_for_like_and_names_who_is_left_out(without_co_to):
    cons11, cons12, outputs = without_co_to
    ws = load_workbook(outputs.xlsx)["Toàn tỉnh"]
    rows = list(ws.iter_rows(values_only=True))
    assert rows[0] == ("Mã chỉ tiêu", "Phần", "Chỉ tiêu", "Đơn vị tính", "Năm 2012",
                       "Năm 2012 (14 đơn vị so sánh)", "Năm 2011 (14 đơn vị so sánh)",
                       "Tăng, giảm", "Tỷ lệ tăng, giảm")
    row = next(r for r in rows if r[0] == "LL_TO_LIEN_GIA")
    total = cons12.agg.province["LL_TO_LIEN_GIA"]
    assert row[4:8] == (total, total, _like_for_like(cons11, "LL_TO_LIEN_GIA"), -48)
    assert rows[-1][2] == APPENDIX_NOTE


def test_classification_rule_does_not_fire_for_an_absent_unit(without_co_to):
    _c11, cons12, _outputs = without_co_to
    assert [p.code for p in cons12.province_problems if p.code == "rule"] == []
    assert any(p.code == "unit-missing" for p in cons12.province_problems)


def test_no_change_stated_when_no_like_for_like_base(settings, tmp_path):
    """Last year's province figures without its units' figures: nothing compares like for like,
    so no change is stated, and the review and appendix say why."""
    full = consolidate(SAMPLES / "2012", 2012, settings)
    folder = tmp_path / "2012"
    shutil.copytree(SAMPLES / "2012", folder)
    (folder / "co_to_2012.xlsx").unlink()
    cons = consolidate(folder, 2012, settings,
                       past=Past(year=2012, province={2011: dict(full.agg.province)}))
    basis = figures(cons).basis
    assert basis is not None and not basis.formed
    why = ("Chưa so sánh với năm 2011 vì số liệu năm 2012 còn thiếu huyện Cô Tô và chưa có số "
           "liệu năm 2011 của từng đơn vị để so sánh cùng phạm vi.")
    ctx = html.context(cons)
    texts = [_text(str(p.html)) for p in ctx["results_parts"]]
    assert all("so với năm 2011" not in t for t in texts)
    assert texts[0].endswith(why)
    assert ctx["comparison_note"] == why
    rows = [r for r in ctx["comparison"] if "indicator" in r]
    assert all(r["diff"] is None for r in rows)


def test_all_units_reporting_compare_province_totals(settings):
    """With every unit reporting there is no like-for-like base: the totals compare directly."""
    cons = consolidate(SAMPLES / "2012", 2012, settings,
                       past=Past(year=2012, province={2011: {"MH_TONG": 80}}, units={}))
    fig = figures(cons)
    assert fig.basis is None and fig.changes["MH_TONG"].diff == 91 - 80
    assert html.context(cons)["comparison_note"] == ""
