"""Folders as they really arrive: names that are not UTF-8, files too deep, folders that cannot
be listed, more entries than any real folder, formats told by content (.xlsx saved as .xls, HTML
tables saved as .xls, templates, empty files). Every entry ends in the ledger with its reason;
the four outputs of a build are replaced together or not at all."""

from __future__ import annotations

import html
import json
import os
import shutil
import sqlite3
from pathlib import Path

import pytest

from report_gen.intake import entries
from report_gen.intake.folder import intake_folder
from report_gen.intake.formats import calamine, not_a_spreadsheet
from report_gen.intake.submission import read_submission
from report_gen.model import ACCEPTED, IGNORED, REJECTED
from report_gen.problems import problem
from tests.support.paths import ROOT

SAMPLES = ROOT / "sample_inputs" / "2012"
HA_LONG = SAMPLES / "ha_long_2012.xlsx"
# "Hạ Long - báo cáo.xlsx" as a Windows archive names it in cp1258 (ạ = a + combining dot below)
CP1258_NAME = b"Ha\xf2 Long - b\xe1o c\xe1o.xlsx"
SHOWN = "Hạ Long - báo cáo.xlsx"
NAME_NOTE = ("Tên tệp không phải Unicode (UTF-8), tên gốc trên đĩa là "
             "“Ha\\xf2 Long - b\\xe1o c\\xe1o.xlsx”; đã hiển thị tên theo bảng mã "
             "Windows-1258 (tiếng Việt).")


def _ledger(results) -> dict[str, tuple]:
    return {r.file: (r.status, r.unit, r.reason, [p.code for p in r.problems]) for r in results}


def _good_values(ctx) -> dict:
    return read_submission(HA_LONG, HA_LONG.name, ctx).values


def _bytes_copy(src: Path, folder: Path, name: bytes) -> bytes:
    target = os.fsencode(folder) + b"/" + name
    fd = os.open(target, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o644)
    with os.fdopen(fd, "wb") as fh:
        fh.write(src.read_bytes())
    return target


# --- names that are not UTF-8 ----------------------------------------------------------------

def test_display_name():
    assert entries.display_name(os.fsdecode(CP1258_NAME)) == SHOWN
    assert entries.display_name(os.fsdecode(b"\x81\x8d.xls")) == "\\x81\\x8d.xls"
    assert entries.display_name("a\x01b\u202e.xlsx") == "a\\x01b\\u202e.xlsx"
    assert entries.display_name("Hạ Long.xlsx") == "Hạ Long.xlsx"
    assert entries.raw_name(os.fsdecode(CP1258_NAME)) == "Ha\\xf2 Long - b\\xe1o c\\xe1o.xlsx"


def test_non_utf8_name_read_and_accepted(tmp_path, ctx):
    root = tmp_path / "in"
    (root / "thu").mkdir(parents=True)
    os.utime(_bytes_copy(HA_LONG, root / "thu", CP1258_NAME), (2_000_000_000, 2_000_000_000))
    # no cp1258/cp1252 meaning: escaped; older, so superseded
    os.utime(_bytes_copy(HA_LONG, root, b"\x81 r\xe1c.xlsx"), (1_000_000_000, 1_000_000_000))
    results = intake_folder(root, ctx, workers=1)
    ledger = _ledger(results)
    assert ledger == {
        f"thu/{SHOWN}": (ACCEPTED, "HA_LONG", "", ["file-name-not-unicode"]),
        "\\x81 rác.xlsx": ("superseded", "HA_LONG", "Đã có bản mới hơn của đơn vị này "
                           f"(thu/{SHOWN}, theo thời gian sửa tệp); bản này không được dùng.",
                           ["file-name-not-unicode", "superseded"]),
    }
    by_file = {r.file: r for r in results}
    note = by_file[f"thu/{SHOWN}"].problems[0]
    assert (note.severity, note.message) == ("info", NAME_NOTE.replace("“Ha", "“thu/Ha"))
    assert by_file["\\x81 rác.xlsx"].problems[0].message == (
        "Tên tệp không phải Unicode (UTF-8), tên gốc trên đĩa là “\\x81 r\\xe1c.xlsx”; "
        "đã hiển thị tên theo bảng mã Latin-1.")
    assert by_file[f"thu/{SHOWN}"].values == _good_values(ctx)


def test_non_utf8_name_through_build_and_check(tmp_path, settings):
    """Every sink of FileResult.file: JSON, HTML, XLSX, the history store, the console."""
    from openpyxl import load_workbook

    from report_gen.cli import main
    from report_gen.pipeline import build
    root = tmp_path / "in"
    root.mkdir()
    _bytes_copy(HA_LONG, root, CP1258_NAME)
    store = tmp_path / "kho.sqlite"
    cons, out = build(root, 2012, settings, tmp_path / "out", store_path=store)
    assert [(r.file, r.status) for r in cons.results] == [(SHOWN, ACCEPTED)]
    data = json.loads(out.json.read_text(encoding="utf-8"))
    assert [(e["file"], e["status"]) for e in data["intake"]] == [(SHOWN, ACCEPTED)]
    assert out.html.read_text(encoding="utf-8").startswith("<!DOCTYPE html>")
    wb = load_workbook(out.xlsx, read_only=True)
    assert any(SHOWN in str(v) for ws in wb for row in ws.iter_rows(values_only=True)
               for v in row if v)
    with sqlite3.connect(store) as db:
        files = [row[0] for row in db.execute("select file from submission")]
    assert files == [SHOWN]
    assert main(["check", str(root), "--year", "2012", "--no-cache",
                 "--feedback", str(tmp_path / "fb")]) == 1  # 13 units missing
    pages = "".join(p.read_text(encoding="utf-8") for p in (tmp_path / "fb").glob("*.html"))
    assert html.escape(SHOWN) in pages


# --- too deep, unreadable folders, too many entries ------------------------------------------

def test_file_too_deep_in_ledger_with_its_unit(tmp_path, ctx):
    root = tmp_path / "in"
    deep = root.joinpath(*[f"d{i}" for i in range(entries.MAX_FOLDER_DEPTH + 1)])
    deep.mkdir(parents=True)
    shutil.copy(HA_LONG, deep / "ha_long_2012.xlsx")
    shutil.copy(HA_LONG, root.joinpath(*[f"d{i}" for i in range(entries.MAX_FOLDER_DEPTH)])
                / "cam_pha_2012.xlsx")  # at the limit: read (the sheet says Hạ Long)
    results = intake_folder(root, ctx, workers=1)
    rel = "/".join(f"d{i}" for i in range(entries.MAX_FOLDER_DEPTH + 1)) + "/ha_long_2012.xlsx"
    reason = ("Tệp nằm sâu 17 cấp thư mục (giới hạn 16 cấp); tệp không được đọc, đề nghị chuyển "
              "tệp lên thư mục nông hơn rồi chạy lại.")
    ledger = _ledger(results)
    assert ledger[rel] == (REJECTED, "HA_LONG", reason, ["file-too-deep"])
    assert len(ledger) == 2
    at_limit = next(r for r in results if r.file != rel)
    assert at_limit.status == ACCEPTED


def test_unreadable_folder_in_ledger(tmp_path, ctx, monkeypatch):
    """Tests run as root, for whom chmod 000 changes nothing: os.scandir is made to refuse the
    folder instead."""
    root = tmp_path / "in"
    (root / "cam_pha").mkdir(parents=True)
    shutil.copy(HA_LONG, root / "cam_pha" / "cam_pha_2012.xlsx")
    shutil.copy(HA_LONG, root / "ha_long_2012.xlsx")
    real = os.scandir

    def scandir(path):
        if Path(path) == root / "cam_pha":
            raise PermissionError(13, "Permission denied", str(path))
        return real(path)

    monkeypatch.setattr(entries.os, "scandir", scandir)
    results = intake_folder(root, ctx, workers=1)
    assert _ledger(results) == {
        "cam_pha": (REJECTED, "CAM_PHA", "Không đọc được thư mục (không có quyền đọc thư mục); "
                    "các tệp bên trong không được đọc, đề nghị kiểm tra quyền truy cập rồi chạy "
                    "lại.", ["folder-unreadable"]),
        "ha_long_2012.xlsx": (ACCEPTED, "HA_LONG", "", []),
    }


def test_unreadable_folder_unit_state_is_rejected_not_missing(tmp_path, settings, monkeypatch):
    from report_gen.pipeline import consolidate
    root = tmp_path / "in"
    (root / "cam_pha").mkdir(parents=True)
    real = os.scandir
    monkeypatch.setattr(entries.os, "scandir", lambda p: (_ for _ in ()).throw(
        PermissionError(13, "Permission denied")) if Path(p) == root / "cam_pha" else real(p))
    cons = consolidate(root, 2012, settings)
    assert cons.unit_status["CAM_PHA"] == "rejected"


def test_too_many_entries_stops_the_run(tmp_path, settings, monkeypatch):
    from report_gen.cli import main
    root = tmp_path / "2012"
    root.mkdir()
    for name in ("a.xlsx", "b.xlsx", "c.xlsx", "ha_long_2012.xlsx"):
        shutil.copy(HA_LONG, root / name)
    monkeypatch.setattr(entries, "MAX_FOLDER_FILES", 3)
    with pytest.raises(entries.FolderTooLarge) as caught:
        intake_folder(root, None, workers=1)
    assert caught.value.args[0] == (
        f"thư mục {entries.display_path(root)} có hơn 3 tệp (giới hạn 3 tệp, 10.000 thư mục); "
        "không có thư mục số liệu thật nào lớn như vậy, có thể đã chọn nhầm thư mục. Đề nghị "
        "kiểm tra lại hoặc chia thành các thư mục nhỏ hơn; chưa đọc tệp nào và không ghi gì "
        "vào kho lịch sử")
    store = tmp_path / "kho.sqlite"
    for command in (["check", str(root)], ["build", str(root), "--out", str(tmp_path / "out"),
                                           "--store", str(store)]):
        assert main(command) == 2
    assert not store.exists() and not (tmp_path / "out").exists()


def test_too_many_folders_stops_the_walk(tmp_path, monkeypatch):
    monkeypatch.setattr(entries, "MAX_FOLDER_DIRS", 2)
    for name in ("a", "b", "c"):
        (tmp_path / name).mkdir()
    with pytest.raises(entries.FolderTooLarge, match="hơn 2 thư mục con"):
        entries.scan(tmp_path)


# --- formats by content ----------------------------------------------------------------------

def test_xlsx_saved_as_xls_read_with_a_note(tmp_path, ctx):
    shutil.copy(HA_LONG, tmp_path / "ha_long_2012.xls")
    r = read_submission(tmp_path / "ha_long_2012.xls", "ha_long_2012.xls", ctx)
    assert (r.status, r.unit, r.values) == (ACCEPTED, "HA_LONG", _good_values(ctx))
    assert r.problems == [problem("file-format-mismatch", suffix=".xls", actual=".xlsx")]
    assert r.problems[0].message == "Tệp .xls thực chất là .xlsx; đã đọc theo nội dung tệp."


def test_empty_file_rejected_as_empty_with_its_unit(tmp_path, ctx):
    (tmp_path / "ha_long_2012.xlsx").write_bytes(b"")
    r = read_submission(tmp_path / "ha_long_2012.xlsx", "ha_long_2012.xlsx", ctx)
    assert (r.status, r.unit, r.reason, [p.code for p in r.problems]) == (
        REJECTED, "HA_LONG", "Tệp rỗng (0 byte), không có nội dung; đề nghị đơn vị gửi lại tệp "
        "biểu số liệu.", ["file-empty"])


def _html_export(grid_rows: list[list[object]]) -> str:
    """The data sheet as an HTML page, the way banking/HR systems export "Excel" files."""
    cells = "\n".join(
        "<tr>" + "".join(f"<td>{'' if v is None or v == '' else html.escape(_text(v))}</td>"
                         for v in row) + "</tr>" for row in grid_rows)
    return ('<html xmlns:o="urn:schemas-microsoft-com:office:office" '
            'xmlns:x="urn:schemas-microsoft-com:office:excel">\n<head><meta http-equiv='
            '"Content-Type" content="text/html; charset=utf-8">\n<style>td {mso-number-format:'
            '"\\@";}</style><script>alert("x")</script></head>\n<body>\n<table border="1">\n'
            f"{cells}\n</table>\n</body></html>\n")


def _text(v: object) -> str:
    if isinstance(v, float) and v.is_integer():
        return str(int(v))
    return str(v)


def test_html_table_saved_as_xls_is_read(tmp_path, ctx):
    grid = calamine.read_grids(str(HA_LONG))[0]
    page = tmp_path / "ha_long_2012.xls"
    page.write_text(_html_export(grid.rows), encoding="utf-8")
    r = read_submission(page, page.name, ctx)
    assert (r.status, r.unit, r.values) == (ACCEPTED, "HA_LONG", _good_values(ctx))
    assert [p.message for p in r.problems] == [
        "Tệp .xls thực chất là trang HTML chứa bảng (kiểu xuất từ các phần mềm nghiệp vụ); "
        "đã đọc theo nội dung tệp."]


def test_html_table_grid():
    from report_gen.intake.formats import html_table
    page = ("\ufeff<html><body><h1>BÁO&nbsp;CÁO</h1><p>Đơn vị: <b>Hạ Long</b></p>"
            "<table><tr><th colspan=2>A</th><th>B</th></tr>"
            "<tr><td rowspan=2>x</td><td>1<br>2</td><td><table><tr><td>in</td></tr></table></td>"
            "</tr><tr><td>y</td><td>z</td></tr></table><script>document.write('<table>')</script>"
            "</body></html>")
    rows = _grid_of(html_table, page.encode("utf-8"))
    assert rows == [["BÁO CÁO", None, None], ["Đơn vị: Hạ Long", None, None],
                    ["A", None, "B"], ["x", "1\n2", "in"], [None, "y", "z"]]


def _grid_of(module, data: bytes, tmp=None):
    import tempfile
    with tempfile.NamedTemporaryFile(suffix=".xls") as fh:
        fh.write(data)
        fh.flush()
        grids = module.read_grids(fh.name)
    assert len(grids) == 1
    return grids[0].rows


def test_html_without_table_refused():
    from report_gen.intake.formats import ReadError, html_table
    with pytest.raises(ReadError, match="trang HTML không có bảng nào"):
        _grid_of(html_table, b"<html><body>Bao cao</body></html>")


def test_html_table_too_large_refused():
    from report_gen.intake.formats import ReadError, html_table
    page = b"<table>" + b"<tr><td colspan=100 rowspan=100>x</td></tr>" * 200 + b"</table>"
    with pytest.raises(ReadError, match="vượt xa kích thước một biểu mẫu"):
        _grid_of(html_table, page * 60)


@pytest.mark.parametrize("suffix", [".xltx", ".xltm"])
def test_excel_template_read_like_xlsx(tmp_path, ctx, suffix):
    from openpyxl import load_workbook
    wb = load_workbook(HA_LONG)
    wb.template = True
    target = tmp_path / f"ha_long_2012{suffix}"
    wb.save(target)
    r = read_submission(target, target.name, ctx)
    assert (r.status, r.unit, r.values, r.problems) == (ACCEPTED, "HA_LONG", _good_values(ctx), [])


def test_not_a_spreadsheet_reason_lists_what_is_read(tmp_path, ctx):
    assert not_a_spreadsheet() == ("không phải tệp bảng tính (.xlsx, .xlsm, .xltx, .xltm, "
                                   ".xlsb, .xls, .ods)")
    (tmp_path / "ghi_chu.csv").write_text("a,b\n", encoding="utf-8")
    r = read_submission(tmp_path / "ghi_chu.csv", "ghi_chu.csv", ctx)
    assert (r.status, r.reason) == (IGNORED, not_a_spreadsheet())


# --- the four outputs together -----------------------------------------------------------------

def test_outputs_replaced_together_or_not_at_all(tmp_path, settings, monkeypatch):
    from report_gen.cli import main
    from report_gen.outputs import xlsx as xlsx_output
    from report_gen.pipeline import build
    root = tmp_path / "in"
    root.mkdir()
    shutil.copy(HA_LONG, root / HA_LONG.name)
    out = tmp_path / "out"
    out.mkdir()
    old = {name: f"previous {name}".encode() for name in (
        "bao_cao_2012.pdf", "bao_cao_2012.html", "tong_hop_2012.xlsx", "tong_hop_2012.json")}
    for name, data in old.items():
        (out / name).write_bytes(data)

    def broken(job, path):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(xlsx_output, "write", broken)
    with pytest.raises(OSError):
        build(root, 2012, settings, out, record=False)
    assert {p.name: p.read_bytes() for p in out.iterdir()} == old
    store = tmp_path / "kho.sqlite"
    assert main(["build", str(root), "--year", "2012", "--out", str(out), "--store",
                 str(store), "--no-cache"]) == 1
    assert {p.name: p.read_bytes() for p in out.iterdir()} == old
    with sqlite3.connect(store) as db:
        assert db.execute("select count(*) from build").fetchone() == (0,)
