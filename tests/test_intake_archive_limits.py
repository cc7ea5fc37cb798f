"""The archive pre-check's limits, each at its boundary (issue 18, mutation survivors): the entry
count, the size of a part that is not XML, the ratio limit's floor, which parts get their prolog
checked for a DTD, and a DTD split across two read chunks. Small zips built here, in
milliseconds; the limits are typed by hand from the module's documented values."""

from __future__ import annotations

import random
import zipfile
from pathlib import Path

import pytest

from report_gen.intake.archive_check import Refused, precheck

MAX_ENTRIES = 1000  # "a thousand is already absurd"
MAX_XML_BYTES = 100 * 1024 * 1024
MIN_RATIO_BYTES = 1024 * 1024
BOMB = ("tệp nén bất thường: giải nén ra dung lượng quá lớn (bom giải nén); "
        "nghi là tệp độc hại, không đọc")
DOCTYPE = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]>'


def _laughs(part: str) -> str:
    return (f"phần “{part}” của tệp có khai báo DOCTYPE/ENTITY (kiểu tấn công “billion laughs”); "
            "nghi là tệp độc hại, không đọc")


def _zip(path: Path, parts: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def _refusal(path: Path) -> str | None:
    try:
        precheck(path)
    except Refused as exc:
        return exc.args[0]
    return None


def test_a_thousand_entries_pass_one_more_is_refused(tmp_path):
    ok = _zip(tmp_path / "ok.xlsx", {f"p{i}.txt": b"" for i in range(MAX_ENTRIES)})
    assert _refusal(ok) is None
    many = _zip(tmp_path / "many.xlsx", {f"p{i}.txt": b"" for i in range(MAX_ENTRIES + 1)})
    assert _refusal(many) == ("tệp nén chứa 1001 thành phần (giới hạn 1000); nghi là tệp độc "
                              "hại, không đọc")


def _zeros(path: Path, name: str, size: int) -> Path:
    """One part of `size` zero bytes, streamed (never `size` bytes in memory)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        with z.open(name, "w", force_zip64=True) as fh:
            block = bytes(1024 * 1024)
            for _ in range(size // len(block)):
                fh.write(block)
            fh.write(bytes(size % len(block)))
    return path


def test_a_part_that_is_not_xml_is_refused_past_the_total_size(tmp_path):
    assert _refusal(_zeros(tmp_path / "at.xlsx", "xl/media/image1.bin", MAX_XML_BYTES)) is None
    assert _refusal(_zeros(tmp_path / "over.xlsx", "xl/media/image1.bin",
                           MAX_XML_BYTES + 1)) == BOMB


def _sheet(filler: int) -> bytes:
    """A sheet part of exactly MIN_RATIO_BYTES + `filler` bytes, zeros of an XML comment."""
    head, tail = b"<worksheet><!--", b"--></worksheet>"
    return head + b"0" * (MIN_RATIO_BYTES + filler - len(head) - len(tail)) + tail


def test_the_ratio_limit_starts_past_its_floor(tmp_path):
    """Both parts inflate ~1000:1; only the one past MIN_RATIO_BYTES is a bomb."""
    at = _zip(tmp_path / "at.xlsx", {"xl/worksheets/sheet1.xml": _sheet(0)})
    assert _refusal(at) is None
    over = _zip(tmp_path / "over.xlsx", {"xl/worksheets/sheet1.xml": _sheet(1)})
    assert _refusal(over) == BOMB


@pytest.mark.parametrize("part", ["_rels/.rels", "xl/drawings/vmlDrawing1.vml",
                                  "xl/theme/theme1.xml", "XL/STYLES.XML"])
def test_the_prolog_of_each_xml_kind_is_checked(tmp_path, part):
    path = _zip(tmp_path / "x.xlsx", {part: DOCTYPE + b"<x/>"})
    assert _refusal(path) == _laughs(part)


def test_a_part_that_is_not_xml_is_not_parsed(tmp_path):
    assert _refusal(_zip(tmp_path / "x.xlsx", {"xl/media/a.bin": DOCTYPE + b"<x/>"})) is None
    assert _refusal(_zip(tmp_path / "d.xlsx", {"xl/": b""})) is None


def test_a_small_part_is_checked_up_to_its_root_only(tmp_path):
    """Text after the root element is not a DTD: "<!DOCTYPE" in a comment of styles.xml."""
    after_root = b"<?xml version='1.0'?><styleSheet><!-- <!DOCTYPE x> --></styleSheet>"
    assert _refusal(_zip(tmp_path / "x.xlsx", {"xl/styles.xml": after_root})) is None


def test_a_large_part_is_checked_through(tmp_path):
    """A part other than a sheet, declared over 1 MB, is read through: a DTD anywhere is found."""
    noise = random.Random(18).randbytes(MIN_RATIO_BYTES // 2).hex().encode()  # inflates ~2:1
    big = b"<styleSheet>" + noise + b"<!DOCTYPE x></styleSheet>"
    path = _zip(tmp_path / "x.xlsx", {"xl/styles.xml": big})
    assert _refusal(path) == _laughs("xl/styles.xml")


@pytest.mark.parametrize("offset", [64 * 1024 - 3, 64 * 1024 - 1, 4096 - 4])
def test_a_doctype_split_between_two_chunks_is_found(tmp_path, offset):
    """The part is read in chunks: the declaration may straddle two of them."""
    data = b"<worksheet>" + b" " * (offset - len(b"<worksheet>")) + b"<!DOCTYPE x>" \
        + b" " * 70_000 + b"</worksheet>"
    for part in ("xl/worksheets/sheet1.xml", "content.xml"):
        path = _zip(tmp_path / "x.zip", {part: data})
        assert _refusal(path) == _laughs(part)


def test_a_doctype_before_the_root_after_the_first_read(tmp_path):
    """A prolog longer than one read (4 KB) is still read up to its root element."""
    data = b"<?xml version='1.0'?>" + b" " * 5000 + b"<!DOCTYPE x>" + b"<styleSheet/>"
    assert _refusal(_zip(tmp_path / "x.xlsx", {"xl/styles.xml": data})) == _laughs(
        "xl/styles.xml")


# --- the sheet area: 1,000,000 cells from A1 to the last non-empty cell ------------------------

def _area_reason(label: str, rows: str, cols: str) -> str:
    return (f"{label} có ô dữ liệu trải tới dòng {rows}, cột {cols} (hơn 1.000.000 ô), vượt xa "
            "kích thước một biểu mẫu; đề nghị xóa các ô thừa rồi gửi lại")


def _xlsx_sheet(last_row: int, implicit: bool) -> bytes:
    """A sheet whose last cell is at column ALL (the 1,000th) of row `last_row`; with
    `implicit`, one row without its reference (positions counted, as parsers do)."""
    first = b"<row><c><v>1</v></c></row>" if implicit else b'<row r="1"><c r="A1"><v>1</v></c></row>'
    return (b'<worksheet><sheetData>' + first + b'<row r="' + str(last_row).encode()
            + b'"><c r="ALL' + str(last_row).encode() + b'"><v>1</v></c><c r="B'
            + str(last_row).encode() + b'"/></row></sheetData></worksheet>')


@pytest.mark.parametrize("implicit", [False, True], ids=["fast path", "cell by cell"])
def test_a_sheet_of_a_million_cells_passes_one_row_more_is_refused(tmp_path, implicit):
    part = "xl/worksheets/sheet1.xml"
    at = _zip(tmp_path / "at.xlsx", {part: _xlsx_sheet(1000, implicit)})
    assert _refusal(at) is None
    over = _zip(tmp_path / "over.xlsx", {part: _xlsx_sheet(1001, implicit)})
    assert _refusal(over) == _area_reason("trang tính “sheet1.xml”", "1.001", "1.000")


def test_an_implicit_sheet_counts_rows_and_cells_from_one(tmp_path):
    """Rows and cells without references are counted one by one: `rows` rows of one cell, then
    a row whose 1,000th cell (after 999 empty self-closed ones) holds a value."""
    def sheet(rows: int) -> bytes:
        wide = b"<row>" + b"<c/>" * 999 + b"<c><v>1</v></c></row>"
        return (b"<worksheet><sheetData>" + b"<row><c><v>1</v></c></row>" * rows + wide
                + b"</sheetData></worksheet>")

    part = "xl/worksheets/sheet1.xml"
    assert _refusal(_zip(tmp_path / "at.xlsx", {part: sheet(999)})) is None
    assert _refusal(_zip(tmp_path / "over.xlsx", {part: sheet(1000)})) == _area_reason(
        "trang tính “sheet1.xml”", "1.001", "1.000")


def test_the_sheet_is_named_as_the_workbook_names_it(tmp_path):
    workbook = (b'<workbook xmlns:r="r"><sheets><sheet name="S&#7889; li&#7879;u" sheetId="1" '
                b'r:id="rId1"/></sheets></workbook>')
    rels = (b'<Relationships><Relationship Id="rId1" Type="worksheet" '
            b'Target="worksheets/sheet1.xml"/></Relationships>')
    path = _zip(tmp_path / "x.xlsx", {"xl/workbook.xml": workbook,
                                      "xl/_rels/workbook.xml.rels": rels,
                                      "xl/worksheets/sheet1.xml": _xlsx_sheet(1001, True)})
    assert _refusal(path) == _area_reason("trang tính “Số liệu”", "1.001", "1.000")


def _ods(rows: int, cols: int) -> bytes:
    ns = (b'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
          b'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0"')
    cell = (b'<table:table-cell office:value-type="float" '
            b'table:number-columns-repeated="' + str(cols).encode() + b'"/>')
    return (b"<office:document-content " + ns + b"><office:body><office:spreadsheet>"
            b'<table:table><table:table-row table:number-rows-repeated="' + str(rows).encode()
            + b'">' + cell + b"</table:table-row><table:table-row><table:covered-table-cell/>"
            b"</table:table-row></table:table></office:spreadsheet></office:body>"
            b"</office:document-content>")


def test_an_ods_table_of_a_million_cells_passes_one_column_more_is_refused(tmp_path):
    assert _refusal(_zip(tmp_path / "at.ods", {"content.xml": _ods(1000, 1000)})) is None
    assert _refusal(_zip(tmp_path / "over.ods", {"content.xml": _ods(1000, 1001)})) == \
        _area_reason("bảng tính trong “content.xml”", "1.000", "1.001")
