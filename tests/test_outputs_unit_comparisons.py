"""Per-unit comparisons with last year (across map changes, see store/compare.py) reach the
workbook: one row per unit and indicator when comparable, one row with the reason otherwise."""

from openpyxl import load_workbook

from report_gen.outputs import xlsx
from report_gen.pipeline import consolidate
from report_gen.store.attach import Past
from tests.support.paths import SAMPLES


def test_workbook_compares_each_unit_with_last_year(settings, tmp_path):
    this_year = consolidate(SAMPLES / "2012", 2012, settings)
    past = Past(year=2012, province={2011: dict(this_year.agg.province)},
                units={u: {"MH_TONG": 4} for u in this_year.agg.reported_units if u != "CO_TO"})
    cons = consolidate(SAMPLES / "2012", 2012, settings, past=past)
    xlsx.write_workbook(cons, tmp_path / "t.xlsx")
    ws = load_workbook(tmp_path / "t.xlsx")["So sánh đơn vị"]
    assert [c.value for c in ws[1]] == ["Mã đơn vị", "Đơn vị", "Mã chỉ tiêu", "Chỉ tiêu",
                                        "Đơn vị tính", "Năm 2012", "Năm 2011", "Tăng, giảm",
                                        "Ghi chú"]
    rows = [r for r in ws.iter_rows(min_row=2, values_only=True)]
    ha_long = next(r for r in rows if r[0] == "HA_LONG" and r[2] == "MH_TONG")
    assert ha_long[5:8] == (10, 4, 6) and ha_long[8] is None
    not_on_record = next(r for r in rows if r[0] == "HA_LONG" and r[2] == "MH_MOI")
    assert not_on_record[5:8] == (cons.agg.table.at["HA_LONG", "MH_MOI"], None, None)
    co_to = [r for r in rows if r[0] == "CO_TO"]
    assert co_to == [("CO_TO", "Huyện Cô Tô", None, None, None, None, None, None,
                      "Chưa có số liệu năm 2011 của Huyện Cô Tô để so sánh.")]


def test_no_comparison_sheet_without_last_year(settings, tmp_path):
    cons = consolidate(SAMPLES / "2012", 2012, settings)
    xlsx.write_workbook(cons, tmp_path / "t.xlsx")
    assert "So sánh đơn vị" not in load_workbook(tmp_path / "t.xlsx").sheetnames
