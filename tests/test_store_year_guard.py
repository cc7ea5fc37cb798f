"""Issue 17: a mistyped year must not replace last year's record. The forms' own year is read
(a mismatch is named), a build that accepts no file records nothing, and a draft never replaces
a year on record as final without --replace (what it replaces stays recoverable)."""

from __future__ import annotations

import datetime as dt
import shutil

import openpyxl
import pytest

from report_gen.cli import main
from report_gen.intake.submission import IntakeContext, read_submission
from report_gen.model import REJECTED
from report_gen.pipeline import build
from report_gen.store import (build_figures, builds, figures_of, open_store, province_figures,
                              record, submissions, unit_figures, years)
from report_gen.store.attach import FINAL_KEPT, NOTHING_ACCEPTED

from tests.support.paths import SAMPLES

MISMATCH_2012_FOR_2011 = "Biểu ghi năm 2012, không phải năm 2011 đang tổng hợp."


@pytest.fixture(autouse=True)
def wide_console(monkeypatch):
    monkeypatch.setenv("COLUMNS", "1000")  # rich lines unwrapped, so messages compare whole


def _snapshot(path) -> dict:
    """Everything the store says about 2011, to compare before and after."""
    with open_store(path) as s:
        return {"province": province_figures(s, 2011), "units": unit_figures(s, 2011),
                "years": years(s), "builds": builds(s, 2011),
                "submissions": submissions(s, 2011), "counts": s.counts()}


@pytest.fixture
def store_2011(tmp_path, cons2011):
    """A store with 2011 recorded as final, as its build records it (without the PDF)."""
    path = tmp_path / "h.sqlite"
    with open_store(path) as s:
        record(s, figures_of(cons2011))
    return path


@pytest.fixture
def draft_2011(tmp_path):
    """The 2011 forms without Cô Tô's: a draft of 2011 (one unit missing)."""
    folder = tmp_path / "thieu_co_to"
    shutil.copytree(SAMPLES / "2011", folder)
    for p in folder.glob("co_to*"):
        p.unlink()
    return folder


# ---------------------------------------------------------------- intake: the form's own year

@pytest.mark.parametrize("year, found", [(2011, 2012), (2013, 2012)])
def test_form_of_another_year_is_named_and_its_unit_kept(settings, year, found):
    ctx = IntakeContext(year=year, catalogue=settings.catalogue, units=settings.units)
    path = SAMPLES / "2012" / "ha_long_2012.xlsx"
    result = read_submission(path, path.name, ctx)
    assert result.status == REJECTED and result.unit == "HA_LONG"
    assert [p.code for p in result.problems] == ["year-mismatch"]
    assert result.reason == f"Biểu ghi năm {found}, không phải năm {year} đang tổng hợp."


def test_form_year_from_the_value_column_without_header_year(settings, tmp_path):
    wb = openpyxl.load_workbook(SAMPLES / "2012" / "ha_long_2012.xlsx")
    ws = wb["Số liệu"]
    assert ws["A4"].value == "Năm báo cáo:"
    ws["A4"], ws["C4"] = None, None  # only the "Năm 2012" column says which year
    path = tmp_path / "ha_long.xlsx"
    wb.save(path)
    ctx = IntakeContext(year=2011, catalogue=settings.catalogue, units=settings.units)
    result = read_submission(path, path.name, ctx)
    assert (result.status, result.unit, result.reason) == (REJECTED, "HA_LONG",
                                                           MISMATCH_2012_FOR_2011)


# ---------------------------------------------------------------- a build that accepts nothing

def test_mistyped_year_leaves_the_record_as_it_was(tmp_path, settings, store_2011, cons2011):
    before = _snapshot(store_2011)
    assert before["province"]["MH_TONG"] == 80 and before["counts"]["build"] == 1
    cons, outputs = build(SAMPLES / "2012", 2011, settings, tmp_path / "out",
                          store_path=store_2011)
    rejected = [r for r in cons.results if r.status == REJECTED]
    assert len(rejected) == 15 and all(r.reason == MISMATCH_2012_FOR_2011 for r in rejected)
    assert sorted(r.unit for r in rejected) == sorted(u.code for u in
                                                      settings.units.active(2011))
    assert _snapshot(store_2011) == before
    assert outputs.store.skipped == NOTHING_ACCEPTED and outputs.store.result is None
    assert outputs.json.exists()  # the outputs are still written (a draft)
    assert before["province"] == cons2011.agg.province


def test_cli_mistyped_year_exits_1_and_records_nothing(tmp_path, store_2011, capsys):
    before = _snapshot(store_2011)
    out = tmp_path / "out"
    code = main(["build", str(SAMPLES / "2012"), "--year", "2011", "--out", str(out),
                 "--store", str(store_2011), "--no-cache"])
    assert code == 1
    captured = capsys.readouterr()
    assert captured.err.splitlines() == [
        "Không ghi vào kho lịch sử: không có tệp nào được nhận nên không có số liệu năm 2011; "
        f"số liệu năm 2011 trong kho ({store_2011}) được giữ nguyên.",
        "Các tệp là biểu năm 2012, không phải năm 2011: hãy kiểm tra lại năm báo cáo (ví dụ "
        f"“report-gen build {SAMPLES / '2012'} --year 2012”).",
    ]
    assert "vào kho" not in captured.out.replace("trong kho", "")
    assert (out / "tong_hop_2011.json").exists()
    assert _snapshot(store_2011) == before


# ---------------------------------------------------------------- a draft over a final year

def test_draft_does_not_replace_final_without_replace(tmp_path, settings, store_2011,
                                                      draft_2011):
    before = _snapshot(store_2011)
    cons, outputs = build(draft_2011, 2011, settings, tmp_path / "out", store_path=store_2011)
    assert cons.is_draft and cons.agg.missing_units == ["CO_TO"]
    assert _snapshot(store_2011) == before  # the final 2011 is still the year's record
    assert outputs.store.skipped == FINAL_KEPT and outputs.store.result is None
    assert outputs.store.final == before["builds"][0]
    assert outputs.json.exists()


def test_replace_records_the_draft_and_the_final_stays_recoverable(tmp_path, settings,
                                                                   store_2011, draft_2011,
                                                                   cons2011):
    before = _snapshot(store_2011)
    cons, outputs = build(draft_2011, 2011, settings, tmp_path / "out", store_path=store_2011,
                          replace=True)
    assert outputs.store.skipped is None and outputs.store.result.new_build
    final = before["builds"][0]
    assert outputs.store.final.id == outputs.store.result.replaced_final == final.id
    assert not outputs.store.final.draft and not outputs.store.final.current
    with open_store(store_2011) as s:
        state = years(s)[0]
        assert (state.year, state.draft, state.builds, state.units_reported) == (2011, True, 2,
                                                                                 14)
        assert province_figures(s, 2011)["MH_TONG"] == 76  # 80 without Cô Tô's 4
        listed = builds(s, 2011)
        assert [(b.id, b.draft, b.current) for b in listed] == [(final.id, False, False),
                                                               (listed[1].id, True, True)]
        assert listed[1].missing_units == ("CO_TO",)
        assert build_figures(s, final.id) == (before["province"], before["units"])
        assert build_figures(s, final.id)[0] == cons2011.agg.province
        assert len(submissions(s, 2011)) == 15  # Cô Tô's file is still on record


def test_record_keep_final_refuses_only_a_draft_over_a_final(tmp_path, cons2011):
    fig = figures_of(cons2011)
    draft = figures_of(cons2011)
    draft.draft = True
    with open_store(tmp_path / "h.sqlite") as s:
        first = record(s, fig)
        counts = s.counts()
        kept = record(s, draft, keep_final=True)
        assert (kept.recorded, kept.kept_final, kept.new_build) == (False, first.build_id, False)
        assert s.counts() == counts
        replaced = record(s, draft)  # without keep_final (an import with --replace): recorded
        assert replaced.recorded and replaced.replaced_final == first.build_id
        again = record(s, fig, keep_final=True)  # a final over a draft is always recorded
        assert again.recorded and again.new_build and again.replaced_final is None
        assert [b.draft for b in builds(s, 2011)] == [False, True, False]


def test_cli_draft_over_final_needs_replace(tmp_path, store_2011, draft_2011, capsys):
    before = _snapshot(store_2011)
    when = dt.datetime.fromisoformat(before["builds"][0].recorded_at).strftime("%d/%m/%Y %H:%M")
    args = ["build", str(draft_2011), "--year", "2011", "--out", str(tmp_path / "out"),
            "--store", str(store_2011), "--no-cache"]
    assert main(args) == 1
    assert capsys.readouterr().err.splitlines() == [
        f"Không ghi vào kho lịch sử: năm 2011 đã có số liệu chính thức (ghi lúc {when}) mà báo "
        f"cáo này là dự thảo, nên số liệu chính thức trong kho ({store_2011}) được giữ nguyên. "
        "Thêm --replace nếu muốn dùng bản dự thảo này thay thế (số liệu chính thức vẫn được lưu "
        "trong kho)."]
    assert _snapshot(store_2011) == before

    assert main(args + ["--replace"]) == 0
    captured = capsys.readouterr()
    assert captured.err == ""
    lines = captured.out.splitlines()
    assert any(line.endswith(" Đã ghi năm 2011 vào kho.") for line in lines)
    assert (f"Lưu ý: bản dự thảo này thay cho số liệu chính thức năm 2011 ghi lúc {when}; số "
            f"liệu chính thức vẫn được lưu trong kho (lần ghi số {before['builds'][0].id}).") \
        in lines
    with open_store(store_2011) as s:
        assert years(s)[0].draft and len(builds(s, 2011)) == 2


def test_build_of_nothing_records_nothing_even_over_a_draft(tmp_path, cons2011, capsys):
    """No file accepted (here an unreadable one): not even a draft year on record is
    replaced, and the CLI says so and exits 1 (no year hint: no form of another year)."""
    path = tmp_path / "h.sqlite"
    draft = figures_of(cons2011)
    draft.draft = True
    with open_store(path) as s:
        record(s, draft)
    before = _snapshot(path)
    folder = tmp_path / "hong"
    folder.mkdir()
    (folder / "ha_long_2011.xlsx").write_bytes(b"not a workbook")
    code = main(["build", str(folder), "--year", "2011", "--out", str(tmp_path / "out"),
                 "--store", str(path), "--no-cache"])
    assert _snapshot(path) == before
    assert code == 1
    assert capsys.readouterr().err.splitlines() == [
        "Không ghi vào kho lịch sử: không có tệp nào được nhận nên không có số liệu năm 2011; "
        f"số liệu năm 2011 trong kho ({path}) được giữ nguyên."]
