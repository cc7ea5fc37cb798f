"""Re-runs: a workbook whose bytes did not change is not read again; a changed one is."""

import dataclasses
import shutil

from report_gen import sandbox
from report_gen.pipeline import build, consolidate
from tests.support.paths import SAMPLES
from tests.support.samples import copy_sample
from tests.support.workbooks import edit_form


def _spy(monkeypatch) -> list[list[str]]:
    """Record which files each run hands to the readers."""
    calls: list[list[str]] = []
    real = sandbox.run_all

    def spy(tasks, *args, **kwargs):
        calls.append(sorted(t[2] for t in tasks))
        return real(tasks, *args, **kwargs)
    monkeypatch.setattr(sandbox, "run_all", spy)
    return calls


def test_second_run_reads_no_workbook_and_a_changed_file_is_read_again(tmp_path, settings,
                                                                          monkeypatch):
    folder = copy_sample(2012, tmp_path / "2012")
    cached = dataclasses.replace(settings, cache=tmp_path / "cache")
    calls = _spy(monkeypatch)

    first = consolidate(folder, 2012, cached)
    second = consolidate(folder, 2012, cached)
    assert len(calls[0]) == 15 and calls[1] == []
    assert second.agg.province == first.agg.province
    assert [(r.file, r.status, r.unit, r.sha256) for r in second.results] == \
        [(r.file, r.status, r.unit, r.sha256) for r in first.results]

    edit_form(folder / "co_to_2012.xlsx", {"TT_BUOI": 999})
    third = consolidate(folder, 2012, cached)
    assert calls[2] == ["co_to_2012.xlsx"]
    assert third.agg.province["TT_BUOI"] == (first.agg.province["TT_BUOI"]
                                             - first.agg.table.at["CO_TO", "TT_BUOI"] + 999)


def test_cache_is_not_shared_across_years_or_catalogues(tmp_path, settings, monkeypatch):
    folder = copy_sample(2012, tmp_path / "2012")
    cached = dataclasses.replace(settings, cache=tmp_path / "cache")
    calls = _spy(monkeypatch)
    consolidate(folder, 2012, cached)
    fewer_rules = dataclasses.replace(cached, catalogue=dataclasses.replace(
        cached.catalogue, version="other"))
    consolidate(folder, 2012, fewer_rules)
    assert len(calls[1]) == 15


def test_superseded_state_is_not_cached(tmp_path, settings):
    """A cached result must not carry the previous run's decision between duplicates."""
    folder = copy_sample(2012, tmp_path / "2012")
    shutil.copy(folder / "co_to_2012.xlsx", folder / "co_to_2012 (ban cu).xlsx")
    cached = dataclasses.replace(settings, cache=tmp_path / "cache")
    first = consolidate(folder, 2012, cached)
    (folder / "co_to_2012.xlsx").unlink()
    second = consolidate(folder, 2012, cached)
    old = next(r for r in second.results if r.file == "co_to_2012 (ban cu).xlsx")
    assert [r.status for r in first.results if r.unit == "CO_TO"].count("superseded") == 1
    assert old.status == "accepted" and [p.code for p in old.problems] == []


def test_unchanged_rebuild_reuses_the_pdf(tmp_path, settings):
    folder = copy_sample(2012, tmp_path / "2012")
    cached = dataclasses.replace(settings, cache=tmp_path / "cache")
    _c, out = build(folder, 2012, cached, tmp_path / "out")
    stamp = out.pdf.stat().st_mtime_ns
    build(folder, 2012, cached, tmp_path / "out")
    assert out.pdf.stat().st_mtime_ns == stamp
    edit_form(folder / "co_to_2012.xlsx", {"TT_BUOI": 999})
    build(folder, 2012, cached, tmp_path / "out")
    assert out.pdf.stat().st_mtime_ns != stamp


def test_cache_entries_are_json_that_round_trip(tmp_path, ctx):
    from report_gen.cache import decode, encode
    from report_gen.intake.submission import read_submission

    result = read_submission(SAMPLES / "2012" / "tinh_2012.xlsx", "tinh_2012.xlsx", ctx)
    blob = encode(result)
    assert blob.startswith(b"{") and decode(blob) == result
    import pytest
    with pytest.raises(TypeError, match="unexpected keyword argument 'evil'"):
        decode(b'{"file": "x", "evil": 1}')


def test_a_change_of_the_tools_code_makes_a_new_namespace(monkeypatch):
    """An intake result read by old code is never served to new code (same version number)."""
    from report_gen import cache
    before = cache.namespace("catalogue", "units", 2025)
    monkeypatch.setattr(cache, "code_digest", lambda: "another reader")
    assert cache.namespace("catalogue", "units", 2025) != before
    monkeypatch.undo()
    assert cache.namespace("catalogue", "units", 2025) == before
