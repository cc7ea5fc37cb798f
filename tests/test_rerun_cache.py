"""Re-runs: a workbook whose bytes did not change is not read again; a changed one is."""

import dataclasses
import shutil

from openpyxl import load_workbook

from report_gen.outputs.form import DATA_SHEET
from report_gen import sandbox
from report_gen.pipeline import build, consolidate
from tests.conftest import SAMPLES


def _spy(monkeypatch) -> list[list[str]]:
    """Record which files each run hands to the readers."""
    calls: list[list[str]] = []
    real = sandbox.run_all

    def spy(tasks, *args, **kwargs):
        calls.append(sorted(t[2] for t in tasks))
        return real(tasks, *args, **kwargs)
    monkeypatch.setattr(sandbox, "run_all", spy)
    return calls


def _set_value(path, code, value):
    wb = load_workbook(path)
    ws = wb[DATA_SHEET]
    row = next(r for r in range(1, ws.max_row + 1) if ws.cell(row=r, column=2).value == code)
    ws.cell(row=row, column=6).value = value
    wb.save(path)


def test_second_run_reads_no_workbook_and_a_changed_file_is_read_again(tmp_path, settings,
                                                                          monkeypatch):
    folder = tmp_path / "2012"
    shutil.copytree(SAMPLES / "2012", folder)
    cached = dataclasses.replace(settings, cache=tmp_path / "cache")
    calls = _spy(monkeypatch)

    first = consolidate(folder, 2012, cached)
    second = consolidate(folder, 2012, cached)
    assert len(calls[0]) == 15 and calls[1] == []
    assert second.agg.province == first.agg.province
    assert [(r.file, r.status, r.unit, r.sha256) for r in second.results] == \
        [(r.file, r.status, r.unit, r.sha256) for r in first.results]

    _set_value(folder / "co_to_2012.xlsx", "TT_BUOI", 999)
    third = consolidate(folder, 2012, cached)
    assert calls[2] == ["co_to_2012.xlsx"]
    assert third.agg.province["TT_BUOI"] == (first.agg.province["TT_BUOI"]
                                             - first.agg.table.at["CO_TO", "TT_BUOI"] + 999)


def test_cache_is_not_shared_across_years_or_catalogues(tmp_path, settings, monkeypatch):
    folder = tmp_path / "2012"
    shutil.copytree(SAMPLES / "2012", folder)
    cached = dataclasses.replace(settings, cache=tmp_path / "cache")
    calls = _spy(monkeypatch)
    consolidate(folder, 2012, cached)
    fewer_rules = dataclasses.replace(cached, catalogue=dataclasses.replace(
        cached.catalogue, version="other"))
    consolidate(folder, 2012, fewer_rules)
    assert len(calls[1]) == 15


def test_superseded_state_is_not_cached(tmp_path, settings):
    """A cached result must not carry the previous run's decision between duplicates."""
    folder = tmp_path / "2012"
    shutil.copytree(SAMPLES / "2012", folder)
    shutil.copy(folder / "co_to_2012.xlsx", folder / "co_to_2012 (ban cu).xlsx")
    cached = dataclasses.replace(settings, cache=tmp_path / "cache")
    first = consolidate(folder, 2012, cached)
    (folder / "co_to_2012.xlsx").unlink()
    second = consolidate(folder, 2012, cached)
    old = next(r for r in second.results if r.file == "co_to_2012 (ban cu).xlsx")
    assert [r.status for r in first.results if r.unit == "CO_TO"].count("superseded") == 1
    assert old.status == "accepted" and [p.code for p in old.problems] == []


def test_unchanged_rebuild_reuses_the_pdf(tmp_path, settings):
    folder = tmp_path / "2012"
    shutil.copytree(SAMPLES / "2012", folder)
    cached = dataclasses.replace(settings, cache=tmp_path / "cache")
    _c, out = build(folder, 2012, cached, tmp_path / "out")
    stamp = out.pdf.stat().st_mtime_ns
    build(folder, 2012, cached, tmp_path / "out")
    assert out.pdf.stat().st_mtime_ns == stamp
    _set_value(folder / "co_to_2012.xlsx", "TT_BUOI", 999)
    build(folder, 2012, cached, tmp_path / "out")
    assert out.pdf.stat().st_mtime_ns != stamp


def test_cache_entries_are_json_that_round_trip(tmp_path, settings):
    from report_gen.cache import decode, encode
    from report_gen.intake.submission import IntakeContext, read_submission

    ctx = IntakeContext(year=2012, catalogue=settings.catalogue, units=settings.units)
    result = read_submission(SAMPLES / "2012" / "tinh_2012.xlsx", "tinh_2012.xlsx", ctx)
    blob = encode(result)
    assert blob.startswith(b"{") and decode(blob) == result
    import pytest
    with pytest.raises(Exception):
        decode(b'{"file": "x", "evil": 1}')
