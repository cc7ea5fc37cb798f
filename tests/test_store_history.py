"""The history store: schema and migrations, idempotent recording, supersession, history for
comparisons, imports from an earlier review, comparisons across map changes."""

from __future__ import annotations

import copy
import dataclasses
import datetime as dt
import json
import sqlite3

import pytest

from report_gen.pipeline import check, consolidate
from report_gen.store import (CHANGED, COMPARABLE, ENDED, NEW, NO_DATA, SCHEMA_VERSION,
                              ImportFileError, StoreError, YearFigures, compare_unit,
                              compare_unit_figures, figures_of, open_store, province_figures,
                              read_review, record, submission_values, submissions, unit_series,
                              years)
from report_gen.store.attach import fill_history
from report_gen.reference.units import Unit, UnitList
from report_gen.outputs import jsonout, xlsx

from tests.support.paths import SAMPLES


@pytest.fixture(scope="module")
def cons2012(settings):
    return consolidate(SAMPLES / "2012", 2012, settings)


@pytest.fixture
def store(tmp_path):
    with open_store(tmp_path / "h.sqlite") as s:
        yield s


def test_created_on_first_use_with_schema_version_and_wal(tmp_path):
    path = tmp_path / "sub" / "h.sqlite"
    with open_store(path) as s:
        assert s.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION
        assert s.conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
        assert {"submission", "submission_value", "submission_model", "build", "build_value",
                "build_submission"} <= set(s.counts())
    with open_store(path) as s:  # reopening does not migrate again
        assert s.conn.execute("PRAGMA user_version").fetchone()[0] == SCHEMA_VERSION


def test_store_from_a_newer_tool_is_refused(tmp_path):
    path = tmp_path / "h.sqlite"
    conn = sqlite3.connect(path)
    conn.execute(f"PRAGMA user_version = {SCHEMA_VERSION + 1}")
    conn.close()
    with pytest.raises(StoreError, match="phiên bản mới hơn"):
        open_store(path)


def test_missing_store_not_created_when_asked(tmp_path):
    with pytest.raises(StoreError):
        open_store(tmp_path / "none.sqlite", create=False)
    assert not (tmp_path / "none.sqlite").exists()


def test_record_is_idempotent(store, cons2011):
    first = record(store, figures_of(cons2011))
    assert first.new_build and first.new_submissions == 15
    counts = store.counts()
    assert counts["submission"] == 15 and counts["build"] == 1
    assert counts["submission_model"] == len(cons2011.agg.models)
    again = record(store, figures_of(cons2011))
    assert not again.new_build and again.new_submissions == 0 and again.superseded == 0
    assert again.build_id == first.build_id
    assert store.counts() == counts


def test_figures_round_trip(store, cons2011):
    record(store, figures_of(cons2011))
    assert province_figures(store, 2011) == cons2011.agg.province
    assert province_figures(store, 2010) is None
    ha_long = unit_series(store, "HA_LONG")
    assert list(ha_long) == [2011]
    assert ha_long[2011]["MH_TONG"] == 9
    sub = next(s for s in submissions(store, 2011) if s.unit == "HA_LONG")
    accepted = next(r for r in cons2011.results if r.unit == "HA_LONG")
    assert sub.sha256 == accepted.sha256 and sub.report_date == accepted.report_date
    assert submission_values(store, sub.id) == accepted.values


def test_corrected_submission_supersedes_and_old_stays_queryable(store, cons2011):
    fig = figures_of(cons2011)
    record(store, fig)
    corrected = copy.deepcopy(fig)
    sub = next(s for s in corrected.submissions if s.unit == "HA_LONG")
    sub.file, sub.sha256 = "ha_long_2011 (sua lan 2).xlsx", "f" * 64
    sub.values["MH_MOI"] = sub.values["MH_MOI"] + 1
    corrected.units["HA_LONG"]["MH_MOI"] = sub.values["MH_MOI"]
    corrected.province["MH_MOI"] += 1
    result = record(store, corrected)
    assert result.new_build and result.new_submissions == 1 and result.superseded == 1
    rows = submissions(store, 2011, "HA_LONG")
    assert [r.current for r in rows] == [False, True]
    old, new = rows
    assert old.superseded_by == new.id and old.superseded_at
    assert submission_values(store, old.id)["MH_MOI"] == fig.units["HA_LONG"]["MH_MOI"]
    assert province_figures(store, 2011)["MH_MOI"] == fig.province["MH_MOI"] + 1
    state = years(store)[0]
    assert (state.builds, state.submissions_current, state.submissions_superseded) == (2, 15, 1)
    # going back to the first file reinstates it; nothing is deleted
    record(store, fig)
    old, new = submissions(store, 2011, "HA_LONG")
    assert old.current and new.superseded_by == old.id
    assert store.counts()["submission"] == 16


def test_build_fills_previous_and_history(store, cons2011, settings):
    record(store, figures_of(cons2011))
    cons = consolidate(SAMPLES / "2012", 2012, settings)
    fill_history(cons, store)
    assert cons.previous == cons2011.agg.province
    assert list(cons.history) == [2011, 2012]
    assert cons.history[2012] == cons.agg.province
    assert cons.comparisons["HA_LONG"].status == COMPARABLE
    assert cons.comparisons["HA_LONG"].previous["MH_TONG"] == 9
    data = jsonout.to_dict(cons)
    assert data["previous_year"] == 2011 and data["previous"] == cons2011.agg.province
    assert data["history_years"] == [2011, 2012]


def test_no_previous_when_year_before_is_not_on_record(store, cons2011, settings):
    record(store, figures_of(cons2011))
    cons = consolidate(SAMPLES / "2012", 2012, settings)
    cons.year = 2013  # pretend: 2012 is missing from the store
    fill_history(cons, store)
    assert cons.previous is None and list(cons.history) == [2011, 2013]
    assert jsonout.to_dict(cons)["previous"] is None


def test_import_json_gives_same_previous_as_building(tmp_path, cons2011, settings):
    json_path = tmp_path / "tong_hop_2011.json"
    jsonout.write_json(cons2011, json_path)
    with open_store(tmp_path / "built.sqlite") as built, \
            open_store(tmp_path / "imported.sqlite") as imported:
        record(built, figures_of(cons2011))
        fig = read_review(json_path, settings)
        assert fig.year == 2011 and fig.source == "import" and not fig.notes
        assert record(imported, fig).new_submissions == 15
        assert not record(imported, read_review(json_path, settings)).new_build  # idempotent
        a = consolidate(SAMPLES / "2012", 2012, settings)
        b = consolidate(SAMPLES / "2012", 2012, settings)
        fill_history(a, built)
        fill_history(b, imported)
        assert a.previous == b.previous == cons2011.agg.province
        assert unit_series(imported, "HOANH_BO") == unit_series(built, "HOANH_BO")
        # the same files built later add no submissions (same sha256)
        assert record(imported, figures_of(cons2011)).new_submissions == 0
        assert years(imported)[0].source == "build"


def test_import_xlsx(tmp_path, cons2011, settings):
    path = tmp_path / "tong_hop_2011.xlsx"
    xlsx.write_workbook(cons2011, path)
    fig = read_review(path, settings)
    assert fig.year == 2011 and not fig.notes
    assert fig.province == cons2011.agg.province
    assert fig.units["CO_TO"] == figures_of(cons2011).units["CO_TO"]
    with open_store(tmp_path / "h.sqlite") as s:
        record(s, fig)
        assert province_figures(s, 2011) == cons2011.agg.province
    renamed = tmp_path / "bang_tong_hop.xlsx"
    path.rename(renamed)
    with pytest.raises(ImportFileError, match="--year"):
        read_review(renamed, settings)
    assert read_review(renamed, settings, year=2011).province == cons2011.agg.province


@pytest.mark.parametrize("content, message", [
    ("not json", "không phải tệp JSON"),
    (json.dumps({"province": {}}), "thiếu “year”"),
])
def test_import_rejects_foreign_json(tmp_path, settings, content, message):
    path = tmp_path / "x.json"
    path.write_text(content, encoding="utf-8")
    with pytest.raises(ImportFileError, match=message):
        read_review(path, settings)


def test_import_notes_unknown_codes(tmp_path, settings):
    path = tmp_path / "tong_hop_2010.json"
    path.write_text(json.dumps({"year": 2010, "province": {"MH_TONG": 70, "XYZ": 1},
                                "units": {"NOWHERE": {"MH_TONG": 1}}}), encoding="utf-8")
    fig = read_review(path, settings)
    assert fig.province == {"MH_TONG": 70}
    assert any("XYZ" in n for n in fig.notes) and any("NOWHERE" in n for n in fig.notes)


def _year(settings, year: int, units: dict[str, dict]) -> YearFigures:
    province = {c: sum(v[c] for v in units.values()) for c in ("MH_TONG", "MH_MOI")}
    return YearFigures(year=year, province=province, units=units)


def test_compare_across_the_2020_merger(store, settings):
    units = settings.units
    record(store, _year(settings, 2019, {"HA_LONG": {"MH_TONG": 10, "MH_MOI": 1},
                                        "HOANH_BO": {"MH_TONG": 4, "MH_MOI": 2}}))
    record(store, _year(settings, 2020, {"HA_LONG": {"MH_TONG": 15, "MH_MOI": 3}}))
    ha_long = compare_unit(store, "HA_LONG", 2020, units)
    assert ha_long.status == CHANGED and ha_long.merged == ("HOANH_BO",)
    assert "Huyện Hoành Bồ sáp nhập vào Thành phố Hạ Long" in ha_long.note
    assert "không so sánh trực tiếp" in ha_long.note
    assert ha_long.previous == {"MH_TONG": 14, "MH_MOI": 3}
    hoanh_bo = compare_unit(store, "HOANH_BO", 2020, units)
    assert hoanh_bo.status == ENDED
    assert hoanh_bo.note.startswith("Huyện Hoành Bồ đã sáp nhập vào Thành phố Hạ Long từ năm 2020")
    assert compare_unit(store, "HA_LONG", 2019, units).status == NO_DATA
    cam_pha = compare_unit_figures("CAM_PHA", 2020, units, {"CAM_PHA": {"MH_TONG": 3}})
    assert cam_pha.comparable and cam_pha.previous == {"MH_TONG": 3}


def test_compare_new_unit():
    units = UnitList(province="X", version="1", units=(
        Unit(code="DISTRICT", name="Huyện A", short="A", level="district",
             valid_to=dt.date(2025, 6, 30)),
        Unit(code="XA_A", name="Xã A", short="A", level="commune",
             valid_from=dt.date(2025, 7, 1)),
    ))
    c = compare_unit_figures("XA_A", 2025, units, {"DISTRICT": {"MH_TONG": 1}})
    assert c.status == NEW and "mới từ năm 2025" in c.note and c.previous is None
    d = compare_unit_figures("DISTRICT", 2025, units, None)
    assert d.status == ENDED and d.note == "Huyện A không còn là đơn vị báo cáo từ năm 2025."


def test_check_reads_store_but_never_creates_it(tmp_path, cons2011, settings):
    missing = tmp_path / "none.sqlite"
    cons = check(SAMPLES / "2012", 2012, settings, store_path=missing)
    assert cons.previous is None and not missing.exists()
    path = tmp_path / "h.sqlite"
    with open_store(path) as s:
        record(s, figures_of(cons2011))
    cons = check(SAMPLES / "2012", 2012, dataclasses.replace(settings, store=path))
    assert cons.previous == cons2011.agg.province
    with open_store(path) as s:
        assert s.counts()["build"] == 1  # a check records nothing
