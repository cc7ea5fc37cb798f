"""Hostile and broken files: each is refused with a Vietnamese reason in the ledger, and the
process survives (issue 6)."""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest

from report_gen import sandbox
from report_gen.intake import entries, read
from report_gen.intake.folder import discover
from report_gen.intake.submission import IntakeContext, read_submission
from report_gen.model import IGNORED, REJECTED
from report_gen.intake.numbers import parse_value

HERE = Path(__file__).resolve().parent
HOSTILE = HERE / "fixtures" / "hostile"
SAMPLE = HERE.parent / "sample_inputs" / "2012" / "ha_long_2012.xlsx"

# fixture -> the ledger's exact reason, after "Không đọc được tệp: " (which limit fired, and where)
_AREA = ", vượt xa kích thước một biểu mẫu; đề nghị xóa các ô thừa rồi gửi lại."
_LAUGHS = ("phần “{}” của tệp có khai báo DOCTYPE/ENTITY (kiểu tấn công “billion laughs”); nghi "
           "là tệp độc hại, không đọc.")
EXPECTED = {
    "bomb_ratio.xlsx": "tệp nén bất thường: giải nén ra dung lượng quá lớn (bom giải nén); nghi "
                       "là tệp độc hại, không đọc.",
    "bomb_entries.xlsx": "tệp nén chứa 1512 thành phần (giới hạn 1000); nghi là tệp độc hại, "
                         "không đọc.",
    "bomb_dimension.xlsx": "trang tính “Sheet” có ô dữ liệu trải tới dòng 1.048.576, cột 16.384 "
                           "(hơn 1.000.000 ô)" + _AREA,
    "bomb_dimension_lie.xlsx": "trang tính “Sheet” có ô dữ liệu trải tới dòng 1.048.576, cột "
                               "16.384 (hơn 1.000.000 ô)" + _AREA,
    "bomb_implicit.xlsx": "trang tính “Danh mục” có ô dữ liệu trải tới dòng 3.001, cột 334 (hơn "
                          "1.000.000 ô)" + _AREA,
    "bomb_repeat.ods": "bảng tính trong “content.xml” có ô dữ liệu trải tới dòng 1.000.000, cột "
                       "16.384 (hơn 1.000.000 ô)" + _AREA,
    "laughs_sheet.xlsx": _LAUGHS.format("xl/worksheets/sheet1.xml"),
    "laughs_workbook.xlsx": _LAUGHS.format("xl/workbook.xml"),
    "laughs_styles.xlsx": _LAUGHS.format("xl/styles.xml"),
    "laughs_content_types.xlsx": _LAUGHS.format("[Content_Types].xml"),
    "laughs.ods": _LAUGHS.format("content.xml"),
    "not_a_workbook.xlsx": "trang HTML không có bảng nào, không phải bảng tính hợp lệ.",
    "truncated.xlsx": "tệp hỏng hoặc không phải bảng tính hợp lệ (invalid Zip archive: Could not "
                      "find EOCD).",
}
# rejected as an empty file, not an unreadable one: see test_intake_folder_entries.py
EMPTY = "empty.xls"


@pytest.fixture(scope="module")
def ctx(settings):
    return IntakeContext(year=2012, catalogue=settings.catalogue, units=settings.units)


def _read(path: Path, ctx, root: Path | None = None):
    root = root or path.parent
    return read_submission(path, path.relative_to(root).as_posix(), ctx)


def test_every_fixture_has_an_expectation():
    made = {p.name for p in HOSTILE.iterdir()}
    assert set(EXPECTED) | {"absurd_values.xlsx", "injection.xlsx", EMPTY} == made


def test_empty_file_rejected_as_empty(ctx):
    r = _read(HOSTILE / EMPTY, ctx)
    assert (r.status, r.reason, [p.code for p in r.problems]) == (
        REJECTED, "Tệp rỗng (0 byte), không có nội dung; đề nghị đơn vị gửi lại tệp biểu số "
        "liệu.", ["file-empty"])


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_hostile_file_rejected_with_reason(name, ctx):
    start = time.perf_counter()
    r = _read(HOSTILE / name, ctx)
    assert time.perf_counter() - start < 10
    reason = "Không đọc được tệp: " + EXPECTED[name]
    assert (r.status, r.reason) == (REJECTED, reason)
    assert [(p.code, p.message) for p in r.problems] == [("file-unreadable", reason)]
    assert not any(v is not None for v in r.values.values())


_UNREADABLE = "Không đọc được tệp: "
_MEMORY = (_UNREADABLE + "đọc tệp cần quá nhiều bộ nhớ (giới hạn 1024 MB); tệp bất thường hoặc "
           "độc hại, không đọc.")
# fixture -> the reason the second layer gives ("" when the file is read and accepted): the
# child's memory limit, calamine's cell limit, the used-area check, the XML parser's refusal of
# entities; or, for the two files whose bomb lies where the reader never looks, the data intact.
SECOND_LAYER = {
    "bomb_dimension.xlsx": _MEMORY,
    "bomb_dimension_lie.xlsx": _MEMORY,
    "bomb_ratio.xlsx": "",
    "bomb_repeat.ods": _UNREADABLE + "tệp hỏng hoặc không phải bảng tính hợp lệ (Cell limit "
                       "exceeded (16384000000 cells requested, max 100000000)).",
    "bomb_implicit.xlsx": _UNREADABLE + "trang tính “Danh mục” có dữ liệu trải tới ô ALL3001, "
                          "vượt xa kích thước một biểu mẫu; đề nghị xóa các ô thừa rồi gửi lại.",
    "laughs.ods": _UNREADABLE + "tệp hỏng hoặc không phải bảng tính hợp lệ (at 0..0: "
                  "unrecognized entity `&lol9;`).",
    "laughs_sheet.xlsx": "",
}


@pytest.mark.parametrize("name", sorted(SECOND_LAYER))
def test_second_layer_holds_without_precheck(name, ctx, monkeypatch):
    """Were the pre-check to miss a file, the parser runs in a limited child: the calamine
    out-of-memory abort ends the child only, and nothing malicious gets through."""
    if not sandbox.can_isolate():
        pytest.skip("no fork/resource on this platform: the pre-check is the only layer")
    clean = _read(SAMPLE, ctx)
    monkeypatch.setattr(read.archive_check, "precheck", lambda path: None)
    r = _read(HOSTILE / name, ctx)
    reason = SECOND_LAYER[name]
    if reason:
        assert (r.status, r.reason) == (REJECTED, reason)
        assert [(p.code, p.message) for p in r.problems] == [("file-unreadable", reason)]
        assert r.unit is None
    else:  # calamine never reads the inflated part / the unused entity: the data are intact
        assert (r.status, r.reason, r.problems) == ("accepted", "", [])
        assert (r.unit, r.values["MH_TONG"]) == ("HA_LONG", 10)
        assert r.values == clean.values


def test_child_timeout_and_crash_are_contained():
    if not sandbox.can_isolate():
        pytest.skip("no fork/resource on this platform")
    start = time.perf_counter()
    with pytest.raises(sandbox.ChildFailed, match="timeout"):
        sandbox.run_limited(time.sleep, 30, timeout=0.5)
    assert time.perf_counter() - start < 5
    with pytest.raises(sandbox.ChildFailed, match="crash"):
        sandbox.run_limited(os._exit, 3)
    with pytest.raises(ZeroDivisionError):
        sandbox.run_limited(_divide_by_zero, 1)
    assert sandbox.run_limited(len, "abc") == 3


def _divide_by_zero(x: int) -> float:
    return x / 0


def test_child_memory_limit():
    if not sandbox.can_isolate():
        pytest.skip("no fork/resource on this platform")
    with pytest.raises(sandbox.ChildFailed, match="memory"):
        sandbox.run_limited(_allocate, 4 * 1024 ** 3, mem=256 * 1024 ** 2)


def _allocate(n: int) -> int:
    return len(bytearray(n))


def test_openpyxl_refuses_entities():
    """openpyxl (used by the outputs, and by anyone opening a submission with it) parses through
    defusedxml, which must stay installed."""
    import defusedxml  # noqa: F401
    from openpyxl import load_workbook
    from openpyxl.xml import DEFUSEDXML
    from defusedxml.common import EntitiesForbidden
    assert DEFUSEDXML
    with pytest.raises(ValueError, match="Unable to read workbook") as refused:
        load_workbook(HOSTILE / "laughs_sheet.xlsx")
    cause = refused.value.__cause__ or refused.value.__context__
    assert isinstance(cause, EntitiesForbidden)  # refused for its entities, not by chance


# --- absurd values -----------------------------------------------------------------------------

ABSURD_CELLS = {  # indicator -> (cell, problem code)
    "MH_MOI": ("F13", "value-negative"),
    "MH_HIEU_QUA": ("F14", "value-absurd"),
    "LL_CONG_AN_XA": ("F16", "value-not-number"),
    "LL_BAO_VE_DAN_PHO": ("F17", "value-not-number"),
    "LL_TRAT_TU_VIEN": ("F19", "value-not-number"),
    "LL_TO_LIEN_GIA": ("F20", "value-not-number"),
    "LL_TO_HOA_GIAI": ("F21", "value-not-number"),
    "KQ_THUOC_NO": ("F40", "value-negative"),
}


def test_absurd_values_are_errors_with_their_cell(ctx):
    r = _read(HOSTILE / "absurd_values.xlsx", ctx)
    assert r.status == "accepted" and r.unit == "HA_LONG"
    found = {(p.cell, p.code) for p in r.problems}
    for code, (cell, problem_code) in ABSURD_CELLS.items():
        assert r.values[code] is None, code
        assert (cell, problem_code) in found, code
        assert r.cells[code] == ("Số liệu", cell)
    long_msgs = [p.message for p in r.problems if p.cell == "F19"]
    assert long_msgs and len(long_msgs[0]) < 300  # a megabyte string is not copied around
    # every other cell keeps the sample's value (ha_long_2012.xlsx, sheet "Số liệu", column F:
    # MH_TONG 10 in row 9, MH_XA 7 in row 12, LL_TO_AN_NINH 120 in row 22, TT_LUOT_NGUOI 46320
    # in row 27, KQ_SUNG 1 in row 38); TT_BUOI ("1e300") is refused too
    refused = set(ABSURD_CELLS) | {"TT_BUOI"}
    assert {c for c, v in r.values.items() if v is None} == refused
    assert {c: r.values[c] for c in ("MH_TONG", "MH_XA", "LL_TO_AN_NINH", "TT_LUOT_NGUOI",
                                     "KQ_SUNG")} == {
        "MH_TONG": 10, "MH_XA": 7, "LL_TO_AN_NINH": 120, "TT_LUOT_NGUOI": 46320, "KQ_SUNG": 1}
    clean = _read(SAMPLE, ctx)
    assert {c: v for c, v in r.values.items() if c not in refused} == {
        c: v for c, v in clean.values.items() if c not in refused}


def test_exponent_text_is_not_a_unit_word(ctx):
    assert parse_value("1e300", True).problem == "value-absurd"
    assert parse_value("1e999", True).problem == "value-not-number"  # overflows to inf
    assert parse_value("1.5e3", True).value == 1500
    assert parse_value("1e999", False).problem == "value-not-number"
    r = _read(HOSTILE / "absurd_values.xlsx", ctx)
    assert r.values["TT_BUOI"] is None


@pytest.mark.parametrize("raw", [-1, -0.5, float("nan"), float("inf"), float("-inf"), 1e300,
                                 "NaN", "nan", "inf", "-inf", "Infinity", "-Infinity",
                                 "x" * 1_000_000, "#DIV/0!", True, "-5", "- 5", "−5",
                                 "9" * 400, "1.234.567.890.123"])
def test_parse_value_refuses_absurd(raw):
    import datetime as dt
    for whole in (True, False):
        p = parse_value(raw, whole)
        assert p.value is None and p.problem, (raw, whole, p)
    assert parse_value(dt.date(2012, 8, 19), True).problem == "value-not-number"
    assert parse_value(dt.datetime(2012, 8, 19, 8, 0), False).problem == "value-not-number"


# --- the input folder ------------------------------------------------------------------------------

def _folder(tmp_path: Path) -> Path:
    root = tmp_path / "in"
    root.mkdir()
    shutil.copy(SAMPLE, root / "ha_long_2012.xlsx")
    return root


def test_symlink_outside_refused_inside_ignored(tmp_path, ctx):
    root = _folder(tmp_path)
    secret = tmp_path / "secret.xlsx"
    shutil.copy(SAMPLE, secret)
    (root / "outside.xlsx").symlink_to(secret)
    (root / "passwd.xlsx").symlink_to("/etc/passwd")
    (root / "inside.xlsx").symlink_to(root / "ha_long_2012.xlsx")
    (root / "dangling.xlsx").symlink_to(tmp_path / "nothing.xlsx")
    (root / "loop.xlsx").symlink_to(root / "loop.xlsx")
    (root / "dir_out").symlink_to(tmp_path, target_is_directory=True)  # not followed
    found = {p.name for p in discover(root)}
    assert found == {"ha_long_2012.xlsx", "outside.xlsx", "passwd.xlsx", "inside.xlsx",
                     "dangling.xlsx", "loop.xlsx", "dir_out"}
    res = {p.name: _read(p, ctx, root) for p in discover(root)}
    assert res["ha_long_2012.xlsx"].status == "accepted"
    for name in ("outside.xlsx", "passwd.xlsx", "dir_out"):
        assert res[name].status == REJECTED, name
        assert "trỏ ra ngoài thư mục" in res[name].reason
        assert res[name].sha256 == ""  # never opened
    assert res["inside.xlsx"].status == IGNORED and "ha_long_2012.xlsx" in res["inside.xlsx"].reason
    for name in ("dangling.xlsx", "loop.xlsx"):
        assert res[name].status == REJECTED and "hỏng" in res[name].reason


def test_fifo_refused_without_hanging(tmp_path, ctx):
    root = _folder(tmp_path)
    os.mkfifo(root / "pipe.xlsx")
    start = time.perf_counter()
    r = _read(root / "pipe.xlsx", ctx, root)
    assert time.perf_counter() - start < 2
    assert r.status == REJECTED and "FIFO" in r.reason


def test_huge_file_refused_without_reading(tmp_path, ctx, monkeypatch):
    root = _folder(tmp_path)
    big = root / "big.xlsx"
    with open(big, "wb") as fh:  # sparse: 30 MB that take no disk space
        fh.truncate(30 * 1024 * 1024)
    monkeypatch.setattr(Path, "read_bytes", _must_not_read)
    r = _read(big, ctx, root)
    assert r.status == REJECTED and "tệp quá lớn (30 MB, giới hạn 25 MB)" in r.reason


def _must_not_read(self):
    raise AssertionError(f"{self} was read")


def test_unreadable_file_refused(tmp_path, ctx, monkeypatch):
    """Tests run as root, for whom chmod 000 changes nothing: simulate the refusal of open()."""
    root = _folder(tmp_path)
    target = root / "ha_long_2012.xlsx"
    real_open = os.open

    def deny(path, flags, *args, **kwargs):
        if Path(path) == target:
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(entries.os, "open", deny)
    r = _read(target, ctx, root)
    assert r.status == REJECTED and "không có quyền đọc tệp" in r.reason


def test_chmod_000_when_not_root(tmp_path, ctx):
    if os.geteuid() == 0:
        pytest.skip("running as root: permissions do not apply (simulated in the test above)")
    root = _folder(tmp_path)
    target = root / "ha_long_2012.xlsx"
    target.chmod(0)
    try:
        r = _read(target, ctx, root)
    finally:
        target.chmod(0o644)
    assert r.status == REJECTED and "quyền" in r.reason


def test_walk_bounds(tmp_path, monkeypatch):
    """Nothing beyond the bounds is dropped: a file too deep is listed (and refused when read,
    see test_intake_folder_entries.py); beyond the count the walk stops the run."""
    root = tmp_path / "deep"
    p = root
    for i in range(entries.MAX_FOLDER_DEPTH + 5):
        p = p / f"d{i}"
    p.mkdir(parents=True)
    (p / "x.xlsx").write_bytes(b"")
    (root / "top.xlsx").write_bytes(b"")
    found = entries.scan(root)
    assert [q.name for q in found.files] == ["top.xlsx"]
    assert [(r.path.name, r.status, r.code) for r in found.refused] == [
        ("x.xlsx", "rejected", "file-too-deep")]
    monkeypatch.setattr(entries, "MAX_FOLDER_FILES", 3)
    for i in range(10):
        (root / f"f{i}.xlsx").write_bytes(b"")
    with pytest.raises(entries.FolderTooLarge) as too_large:
        entries.walk(root)
    assert str(too_large.value) == (
        f"thư mục {root} có hơn 3 tệp (giới hạn 3 tệp, 10.000 thư mục); không có thư mục số liệu "
        "thật nào lớn như vậy, có thể đã chọn nhầm thư mục. Đề nghị kiểm tra lại hoặc chia thành "
        "các thư mục nhỏ hơn; chưa đọc tệp nào và không ghi gì vào kho lịch sử")
