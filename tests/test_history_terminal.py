"""`report-gen history` in an 80-column terminal (issue 17, part 4): no line wider than 80, the
cells whole (a date, a state, a file name are never cut or "…"), drafts marked in `series` with
a legend, `submissions` listing the copies a correction replaced — also when both came before
the first build. Through report_gen.cli.main with COLUMNS=80, as the officer runs it."""

from __future__ import annotations

import datetime as dt
import re
import shutil

import openpyxl
import pytest

from report_gen.cli import main
from report_gen.store import SubmissionIn, YearFigures, figures_of, open_store, record
from tests.support.samples import copy_sample

LEGEND = ("* năm có số liệu là dự thảo (còn đơn vị chưa gửi hoặc số liệu còn lỗi); số liệu "
          "có thể còn thay đổi.")
CORRECTED = "ha_long_2012 (ban sua).xlsx"


@pytest.fixture(autouse=True)
def narrow(monkeypatch):
    monkeypatch.setenv("COLUMNS", "80")


def _year(year: int, figures: dict[str, dict[str, int]], draft: bool = False,
          missing: tuple[str, ...] = ()) -> YearFigures:
    province = {c: sum(v[c] for v in figures.values()) for c in ("MH_TONG", "MH_MOI")}
    subs = [SubmissionIn(unit=u, file=f"{u.lower()}_{year}.xlsx", sha256=f"{year}{u}".ljust(64, "0"),
                         values=v, report_date=dt.date(year, 7, 20)) for u, v in figures.items()]
    return YearFigures(year=year, province=province, units=figures, draft=draft,
                       missing_units=list(missing), submissions=subs)


@pytest.fixture
def store(tmp_path):
    """2011 final (three units), 2012 a draft without Cô Tô, recorded twice: the second time
    with a corrected copy of Hạ Long's report."""
    path = tmp_path / "h.sqlite"
    first = {"HA_LONG": {"MH_TONG": 10, "MH_MOI": 2}, "TIEN_YEN": {"MH_TONG": 5, "MH_MOI": 0}}
    with open_store(path) as s:
        record(s, _year(2011, {**first, "CO_TO": {"MH_TONG": 3, "MH_MOI": 1}}))
        record(s, _year(2012, first, draft=True, missing=("CO_TO",)))
        fig = _year(2012, {**first, "HA_LONG": {"MH_TONG": 13, "MH_MOI": 2}}, draft=True,
                    missing=("CO_TO",))
        fig.submissions[0].file, fig.submissions[0].sha256 = CORRECTED, "f" * 64
        record(s, fig)
    return path


def _run(capsys, *argv: str) -> list[str]:
    assert main(["history", *argv]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert max(len(line) for line in lines) <= 80, lines
    return lines


def _text(lines: list[str]) -> str:
    """The printed lines as one text (a sentence wrapped at 80 columns joined back)."""
    return " ".join(line.strip() for line in lines)


def _cells(line: str) -> list[str]:
    """A table row's cells (columns are two or more spaces apart)."""
    return re.split(r"\s{2,}", line.strip())


def _stamp(store) -> str:
    """The recording time as `list` prints it ("28/11/2026 00:45")."""
    with open_store(store) as s:
        recorded = s.conn.execute("SELECT max(recorded_at) FROM build").fetchone()[0]
    return dt.datetime.fromisoformat(recorded).strftime("%d/%m/%Y %H:%M")


def test_list_fits_80_columns_with_whole_cells(store, capsys):
    stamp = _stamp(store)
    lines = _run(capsys, "--store", str(store))
    rows = {line.split()[0]: _cells(line) for line in lines if re.match(r"20\d\d ", line)}
    assert rows["2011"] == ["2011", "chính thức", "3", "3", "1", stamp, "lập báo cáo"]
    assert rows["2012"] == ["2012", "dự thảo", "2 (thiếu 1)", "2 (+1 bị", "2", stamp,
                            "lập báo cáo"]
    assert not any("…" in line for line in lines)


def test_series_marks_drafts_with_a_legend(store, capsys):
    lines = _run(capsys, "series", "--indicator", "MH_TONG", "--store", str(store))
    assert _cells(next(line for line in lines if "Đơn vị" in line)) == ["Đơn vị", "2011", "2012*"]
    assert _cells(next(line for line in lines if "Hạ Long" in line)) == [
        "Thành phố Hạ Long", "10", "13"]
    assert _cells(next(line for line in lines if "Cô Tô" in line)) == ["Huyện Cô Tô", "3", "–"]
    assert _text(lines).count(LEGEND) == 1
    lines = _run(capsys, "series", "--unit", "HA_LONG", "--store", str(store))
    assert _cells(next(line for line in lines if "Chỉ tiêu" in line)) == [
        "Mã", "Chỉ tiêu", "2011", "2012*"]
    assert _cells(next(line for line in lines if "MH_TONG" in line)) == [
        "MH_TONG", "Tổng số mô hình tự quản về ANTT (mô hình)", "10", "13"]
    assert _text(lines).count(LEGEND) == 1


def test_series_without_drafts_has_no_mark(store, capsys):
    with open_store(store) as s:
        record(s, _year(2012, {"HA_LONG": {"MH_TONG": 13, "MH_MOI": 2},
                               "TIEN_YEN": {"MH_TONG": 5, "MH_MOI": 0},
                               "CO_TO": {"MH_TONG": 3, "MH_MOI": 1}}))
    lines = _run(capsys, "series", "--unit", "TIEN_YEN", "--store", str(store))
    assert _cells(next(line for line in lines if "Chỉ tiêu" in line)) == [
        "Mã", "Chỉ tiêu", "2011", "2012"]
    assert not any("dự thảo" in line for line in lines)


def test_series_of_many_years_keeps_the_latest_that_fit(tmp_path, capsys):
    path = tmp_path / "h.sqlite"
    with open_store(path) as s:
        for year in range(2011, 2025):
            record(s, _year(year, {"HA_LONG": {"MH_TONG": 1_000_000 + year, "MH_MOI": 2}}))
    lines = _run(capsys, "series", "--indicator", "MH_TONG", "--store", str(path))
    head = _cells(next(line for line in lines if "Đơn vị" in line))
    assert head[0] == "Đơn vị" and head[-1] == "2024" and len(head) >= 4
    first = head[1]
    assert _cells(next(line for line in lines if "Hạ Long" in line))[-1] == "1.002.024"
    assert (f"Chỉ hiện các năm {first}–2024 cho vừa khổ màn hình (kho có từ năm 2011); mở "
            "rộng cửa sổ để xem thêm.") == " ".join(
        line.strip() for line in lines if line.startswith(("Chỉ hiện", "rộng", "cửa sổ")))


def test_submissions_fit_80_columns(store, capsys):
    text = "\n".join(_run(capsys, "submissions", "2012", "--store", str(store)))
    assert "bị thay thế" in text and "đang dùng" in text
    # file names fold, never cut: join the folded lines of the file column back
    assert "…" not in text
    assert "ffffffffffff" in text and "2012HA_LONG0" in text


def test_build_records_the_copy_a_correction_replaced(settings, tmp_path, capsys):
    """Both of Hạ Long's copies are in the folder before the first build: the store keeps the
    replaced one, and `submissions` lists it as its help says."""
    from report_gen.pipeline import consolidate
    folder = copy_sample(2012, tmp_path / "in")
    shutil.copy(folder / "ha_long_2012.xlsx", folder / "ha_long_sua.xlsx")
    wb = openpyxl.load_workbook(folder / "ha_long_sua.xlsx")
    wb["Số liệu"]["F4"] = dt.datetime(2012, 8, 2)
    wb.save(folder / "ha_long_sua.xlsx")
    cons = consolidate(folder, 2012, settings)
    path = tmp_path / "h.sqlite"
    with open_store(path) as s:
        record(s, figures_of(cons))
    lines = _run(capsys, "submissions", "2012", "--unit", "HA_LONG", "--store", str(path))
    rows = [_cells(line) for line in lines if line.startswith("Thành phố")]
    assert [r[1:3] for r in rows] == [["ha_long_2012.xlsx", "20/07/2012"],
                                      ["ha_long_sua.xlsx", "02/08/2012"]]
    assert rows[0][4].startswith("bị thay thế ngày") and rows[1][4].startswith("đang dùng")
    assert "bởi ha_long_sua.xlsx" in _text(lines)


def test_rebuilding_the_same_folder_replaces_nothing_again(settings, tmp_path):
    """The replaced copy is recorded once: a second build of the same folder supersedes
    nothing and keeps the time it was first replaced."""
    from report_gen.pipeline import consolidate
    from report_gen.store import submissions
    folder = copy_sample(2012, tmp_path / "in")
    shutil.copy(folder / "ha_long_2012.xlsx", folder / "ha_long_sua.xlsx")
    wb = openpyxl.load_workbook(folder / "ha_long_sua.xlsx")
    wb["Số liệu"]["F4"] = dt.datetime(2012, 8, 2)
    wb.save(folder / "ha_long_sua.xlsx")
    cons = consolidate(folder, 2012, settings)
    with open_store(tmp_path / "h.sqlite") as s:
        first = record(s, figures_of(cons))
        before = submissions(s, 2012, "HA_LONG")
        again = record(s, figures_of(cons))
        after = submissions(s, 2012, "HA_LONG")
    assert (first.new_submissions, first.superseded) == (16, 1)
    assert (again.new_build, again.new_submissions, again.superseded) == (False, 0, 0)
    assert after == before
    assert [(r.file, r.current) for r in after] == [("ha_long_2012.xlsx", False),
                                                    ("ha_long_sua.xlsx", True)]


def test_sent_folds_addresses_instead_of_cutting_them(tmp_path, capsys):
    from report_gen.store import SentFile, Sending, record_sending
    path = tmp_path / "h.sqlite"
    with open_store(path) as s:
        record_sending(s, Sending(
            year=2012, kind="review", attempted_at="2012-08-14 09:30:00",
            sender="vanthu@example.gov.vn", subject="Báo cáo", status="sent",
            message_id="<20120814093000.1234@example.gov.vn>", answer="250 2.0.0 Queued",
            tries=1, to=("bcd@example.gov.vn",), cc=("tinhuy@example.gov.vn",),
            files=(SentFile("bao_cao_2012.pdf", 123456, "a" * 64),)))
    lines = _run(capsys, "sent", "--store", str(path))
    assert not any("…" in line for line in lines)
    # each column's pieces, top to bottom, give back the whole cell
    columns = [line.split("│")[1:-1] for line in lines if line.startswith("│")]
    cell = ["".join(row[k].strip() for row in columns) for k in range(6)]
    assert cell[:5] == ["14/08/201209:30", "2012", "Báo cáo", "bcd@example.gov.vntinhuy@example"
                        ".gov.vn (Cc)", "bao_cao_2012.pdf(aaaaaaaaaaaa)"]
    assert cell[5].endswith("<20120814093000.1234@example.gov.vn>")
