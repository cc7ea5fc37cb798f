"""The archive pre-check at the boundaries the first tests left open (issue 18, mutation
survivors): the compression ratio at exactly 100:1 and the total budget at exactly 100 MB; the
64 KB read of a prolog and a part without a root element; the size of a part checked by its
prolog only; the streaming scan of sheets over 16 MB (the tail kept between chunks, the cut at
the last `>`); the sheet names read from workbook.xml and its rels; positions counted in a sheet
without references; the ODS area over several tables, rows and covered cells.

Every zip is built here. Where the compressed size of a part matters (the ratio limit), the zip
is written by hand: the deflate stream of the part, then zero bytes the inflater never reaches,
so that the compressed size is exactly the one the test names. Limits, positions and messages
are typed by hand from the module's documented values."""

from __future__ import annotations

import random
import struct
import tracemalloc
import zipfile
import zlib
from pathlib import Path

import pytest

from report_gen.intake import archive_check
from report_gen.intake.archive_check import Refused, _fast_area, _XlsxArea, precheck

KB, MB = 1024, 1024 * 1024
BOMB = ("tệp nén bất thường: giải nén ra dung lượng quá lớn (bom giải nén); "
        "nghi là tệp độc hại, không đọc")
SHEET = "xl/worksheets/sheet1.xml"
# the last cell Excel allows: 1,048,576 rows x 16,384 columns
FAR_ROW = b'<row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
FAR_REASON_ROWS, FAR_REASON_COLS = "1.048.576", "16.384"


def _laughs(part: str) -> str:
    return (f"phần “{part}” của tệp có khai báo DOCTYPE/ENTITY (kiểu tấn công “billion laughs”); "
            "nghi là tệp độc hại, không đọc")


def _area_reason(label: str, rows: str, cols: str) -> str:
    return (f"{label} có ô dữ liệu trải tới dòng {rows}, cột {cols} (hơn 1.000.000 ô), vượt xa "
            "kích thước một biểu mẫu; đề nghị xóa các ô thừa rồi gửi lại")


def _sheet_reason(rows: str, cols: str, name: str = "sheet1.xml") -> str:
    return _area_reason(f"trang tính “{name}”", rows, cols)


def _ods_reason(rows: str, cols: str) -> str:
    return _area_reason("bảng tính trong “content.xml”", rows, cols)


def _zip(path: Path, parts: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def _zip_exact(path: Path, parts: list[tuple[str, bytes, int]]) -> Path:
    """A zip written by hand whose parts (name, data, compressed size) have exactly the
    compressed size given: the raw deflate stream of the data, then zero bytes (the inflater
    stops at the end of its stream; zipfile takes the sizes from the central directory)."""
    body, central = bytearray(), bytearray()
    for name, data, size in parts:
        deflate = zlib.compressobj(6, zlib.DEFLATED, -15)
        stream = deflate.compress(data) + deflate.flush()
        assert len(stream) <= size, (name, len(stream))
        crc, raw_name, offset = zlib.crc32(data), name.encode(), len(body)
        body += struct.pack("<4s5H3L2H", b"PK\x03\x04", 20, 0, 8, 0, 33, crc, size, len(data),
                            len(raw_name), 0) + raw_name + stream + bytes(size - len(stream))
        central += struct.pack("<4s6H3L5H2L", b"PK\x01\x02", 20, 20, 0, 8, 0, 33, crc, size,
                               len(data), len(raw_name), 0, 0, 0, 0, 0, offset) + raw_name
    end = struct.pack("<4s4H2LH", b"PK\x05\x06", 0, 0, len(parts), len(parts), len(central),
                      len(body), 0)
    path.write_bytes(bytes(body + central + end))
    return path


def _refusal(path: Path) -> str | None:
    try:
        precheck(path)
    except Refused as exc:
        return exc.args[0]
    return None


def _filler(n: int) -> bytes:
    """`n` bytes of empty elements that are neither rows nor cells (a `>` every 4 bytes)."""
    return b"<x/>" * (n // 4) + b" " * (n % 4)


def _at(prefix: bytes, offset: int, rest: bytes) -> bytes:
    """`prefix`, filler up to `offset`, then `rest` starting exactly at `offset`."""
    assert len(prefix) <= offset
    return prefix + _filler(offset - len(prefix)) + rest


HEAD = b'<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c></row>'
END = b"</sheetData></worksheet>"


# --- the ratio limit and the total budget, each at its exact value ------------------------------

def _comment_part(size: int) -> bytes:
    head, tail = b"<worksheet><!--", b"--></worksheet>"
    return head + b"0" * (size - len(head) - len(tail)) + tail


def test_a_part_inflating_exactly_100_to_1_passes_a_byte_less_compressed_is_a_bomb(tmp_path):
    data = _comment_part(2_000_000)  # past the 1 MB floor: the ratio is checked
    at = _zip_exact(tmp_path / "at.xlsx", [(SHEET, data, 20_000)])
    with zipfile.ZipFile(at) as z:  # the fixture is what it claims
        info = z.getinfo(SHEET)
        assert (info.file_size, info.compress_size) == (2_000_000, 20_000)
        assert z.read(SHEET) == data
    assert _refusal(at) is None
    over = _zip_exact(tmp_path / "over.xlsx", [(SHEET, data, 19_999)])  # 100.005:1
    assert _refusal(over) == BOMB


def test_xml_parts_of_exactly_100_mb_together_pass_one_byte_more_is_a_bomb(tmp_path):
    """A hundred sheets of 1 MB (each under the ratio floor): the budget is spent exactly."""
    part = _comment_part(MB)
    path = tmp_path / "budget.xlsx"
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        for i in range(1, 101):
            z.writestr(f"xl/worksheets/sheet{i}.xml", part)
    assert _refusal(path) is None
    with zipfile.ZipFile(path, "a", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/worksheets/sheet101.xml", b"<")
    assert _refusal(path) == BOMB


# --- the prolog of a small part ----------------------------------------------------------------

@pytest.mark.parametrize("data, refused", [
    (b"<?xml version='1.0'?><!-- no root element -->", False),
    (b"", False),
    (b"<?xml version='1.0'?><!DOCTYPE x>", True),
], ids=["comment only", "empty", "doctype only"])
def test_a_part_without_a_root_element_is_read_to_its_end(tmp_path, data, refused):
    path = _zip(tmp_path / "x.xlsx", {"xl/styles.xml": data})
    assert _refusal(path) == (_laughs("xl/styles.xml") if refused else None)


def test_a_doctype_across_two_reads_of_a_prolog_is_found(tmp_path):
    """The prolog is read 4 KB at a time: the declaration straddles the first two reads."""
    data = b"<?xml version='1.0'?>" + b" " * (4096 - 21 - 5) + b"<!DOCTYPE x><styleSheet/>"
    assert data.index(b"<!DOCTYPE") == 4096 - 5
    assert _refusal(_zip(tmp_path / "x.xlsx", {"xl/styles.xml": data})) == _laughs(
        "xl/styles.xml")


@pytest.mark.parametrize("start, refused", [(64 * KB - 12, True), (64 * KB - 4, False)],
                         ids=["ends at 64 KB", "crosses 64 KB"])
def test_the_prolog_of_a_small_part_is_read_up_to_64_kb(tmp_path, start, refused):
    """The check of a small part is bounded: at most its first 64 KB are read (a part without a
    root element costs no more). A declaration past them is the parsers' in the limited child,
    which refuse entities (test_openpyxl_refuses_entities)."""
    data = b"<?xml version='1.0'?>" + b" " * (start - 21) + b"<!DOCTYPE x><styleSheet/>"
    assert data.index(b"<!DOCTYPE x>") == start
    path = _zip(tmp_path / "x.xlsx", {"xl/styles.xml": data})
    assert _refusal(path) == (_laughs("xl/styles.xml") if refused else None)


def _noise_part(size: int) -> bytes:
    """A styles part of exactly `size` bytes, random hex in a comment (inflates ~2:1), with a
    DOCTYPE after its root element: found only when the whole part is read."""
    head, tail = b"<styleSheet><!--", b"--><!DOCTYPE x></styleSheet>"
    n = size - len(head) - len(tail)
    return head + random.Random(18).randbytes(n // 2 + 1).hex().encode()[:n] + tail


def test_a_part_of_exactly_1_mb_gets_its_prolog_checked_one_byte_more_is_read_through(tmp_path):
    at = _zip(tmp_path / "at.xlsx", {"xl/styles.xml": _noise_part(MB)})
    assert _refusal(at) is None
    over = _zip(tmp_path / "over.xlsx", {"xl/styles.xml": _noise_part(MB + 1)})
    assert _refusal(over) == _laughs("xl/styles.xml")


# --- sheets: the fast path and the scan in chunks -----------------------------------------------

def _long_text_then_far_cell() -> bytes:
    """An inline string of 150,000 letters (a whole read chunk and more without `>`), then a cell
    at XFD1048576."""
    return (HEAD + b'<row r="2"><c r="B2" t="inlineStr"><is><t>' + b"a" * 150_000
            + b"</t></is></c></row>" + FAR_ROW + END)


def test_a_sheet_up_to_16_mb_is_scanned_whole_whatever_its_text(tmp_path):
    path = _zip(tmp_path / "x.xlsx", {SHEET: _long_text_then_far_cell()})
    assert _refusal(path) == _sheet_reason(FAR_REASON_ROWS, FAR_REASON_COLS)


def test_a_cell_across_two_chunks_of_a_sheet_scanned_whole(tmp_path):
    """Column XFD of row 100 (1,638,400 cells); its reference crosses the first 64 KB."""
    start = 64 * KB - 8 - len(b'<row r="100">')
    data = _at(HEAD, start, b'<row r="100"><c r="XFD100"><v>1</v></c></row>' + END)
    assert data[64 * KB - 8: 64 * KB] == b'<c r="XF'
    path = _zip(tmp_path / "x.xlsx", {SHEET: data})
    assert _refusal(path) == _sheet_reason("100", FAR_REASON_COLS)


@pytest.fixture
def streamed(monkeypatch):
    """Every sheet scanned in chunks, as those over 16 MB are (the logic around the limit; the
    limit itself is pinned at its real value in test_a_sheet_of_exactly_16_mb_...)."""
    monkeypatch.setattr(archive_check, "_FAST_BYTES", 0)


@pytest.mark.parametrize("end", [3 * 64 * KB, 3 * 64 * KB + 5, 4 * 64 * KB + 14],
                         ids=["tag ends a chunk", "tag crosses a chunk", "reference crosses"])
def test_a_streamed_sheet_finds_a_cell_wherever_the_chunks_cut_it(tmp_path, streamed, end):
    """The far cell's tag `<c r="XFD1048576">` (19 bytes) ends at `end`: at the last byte of
    the third chunk, or 5 or 14 bytes into the next one, right after its row's `>`."""
    row = b'<row r="1048576">'
    cell = b'<c r="XFD1048576">'
    data = _at(HEAD, end - len(cell) - len(row), row + cell + b"<v>1</v></c></row>" + END)
    assert data[end - len(cell): end] == cell
    path = _zip(tmp_path / "x.xlsx", {SHEET: data})
    assert _refusal(path) == _sheet_reason(FAR_REASON_ROWS, FAR_REASON_COLS)


def test_a_streamed_sheet_keeps_scanning_after_64_kb_without_a_tag_end(tmp_path, streamed):
    """A chunk that ends with `>` and a whole chunk of spaces: a text run of exactly 64 KB is
    kept (it could be the start of a tag), and the far cell after it is found."""
    data = _at(HEAD, 64 * KB - 4, b"<x/>" + b" " * (64 * KB) + FAR_ROW + END)
    assert data[64 * KB - 1: 64 * KB + 1] == b"> "
    path = _zip(tmp_path / "x.xlsx", {SHEET: data})
    assert _refusal(path) == _sheet_reason(FAR_REASON_ROWS, FAR_REASON_COLS)


def test_the_parts_after_a_streamed_sheet_are_checked(tmp_path, streamed):
    path = _zip(tmp_path / "x.xlsx", {SHEET: HEAD + END,
                                      "xl/styles.xml": b"<!DOCTYPE x><styleSheet/>"})
    assert _refusal(path) == _laughs("xl/styles.xml")


# --- sheets: positions and references ----------------------------------------------------------

def _one_sheet(tmp_path: Path, rows: bytes) -> str | None:
    return _refusal(_zip(tmp_path / "x.xlsx", {SHEET: b"<worksheet><sheetData>" + rows + END}))


@pytest.mark.parametrize("rows, reason", [
    (b'<row r="1000000"><c><v>1</v></c></row>', None),
    (b'<row r="1000001"><c><v>1</v></c></row>', ("1.000.001", "1")),
    (b'<row><c r="A1000000"><v>1</v></c></row>', None),
    (b'<row><c r="A1000001"><v>1</v></c></row>', ("1.000.001", "1")),
    # a reference that is not ASCII: the cell takes the next position (the first column)
    ('<row r="1000001"><c r="É1"><v>1</v></c></row>'.encode(), ("1.000.001", "1")),
    ('<row r="1000000"><c r="É1"><v>1</v></c></row>'.encode(), None),
], ids=["row 1,000,000", "row 1,000,001", "cell row 1,000,000", "cell row 1,000,001",
        "non-ASCII reference, row 1,000,001", "non-ASCII reference, row 1,000,000"])
def test_one_column_of_a_million_rows_passes_one_row_more_is_refused(tmp_path, rows, reason):
    assert _one_sheet(tmp_path, rows) == (_sheet_reason(*reason) if reason else None)


def test_one_row_is_one_row_however_wide(tmp_path):
    """500,001 cells in the first row (implicit positions): 500,001 cells, not twice that."""
    data = (b'<worksheet><sheetData><row r="1">' + b"<c/>" * 500_000 + b"<c><v>1</v></c></row>"
            + END)
    path = _zip_exact(tmp_path / "x.xlsx", [(SHEET, data, len(data) // 50)])
    assert _refusal(path) is None


@pytest.mark.parametrize("last_row, reason", [(500_000, None), (500_001, ("500.001", "2"))])
def test_cells_before_any_row_count_from_the_first_column(tmp_path, last_row, reason):
    """Two cells before any row element: columns A and B of the first row."""
    rows = (b"<c><v>1</v></c><c><v>1</v></c>"
            + f'<row r="{last_row}"><c r="A{last_row}"><v>1</v></c></row>'.encode())
    assert _one_sheet(tmp_path, rows) == (_sheet_reason(*reason) if reason else None)


@pytest.mark.parametrize("last, reason", [(b'<c r="ALM1000"/>', None),
                                          (b'<c r="ALM1000"><v>1</v></c>', ("1.000", "1.001"))],
                         ids=["self-closed", "with a value"])
def test_a_self_closed_cell_holds_no_value(tmp_path, last, reason):
    rows = b'<row r="1000"><c r="A1000"><v>1</v></c>' + last + b"</row>"
    assert _one_sheet(tmp_path, rows) == (_sheet_reason(*reason) if reason else None)


def test_a_sheet_just_over_the_bound_of_its_one_letter_columns_is_refused(tmp_path):
    """38,462 rows x 26 columns = 1,000,012 cells: the bound (last row x 26) must not pass it."""
    rows = b'<row r="1"><c r="A1"><v>1</v></c></row><row r="38462"><c r="Z38462"><v>1</v></c></row>'
    assert _one_sheet(tmp_path, rows) == _sheet_reason("38.462", "26")


@pytest.mark.parametrize("rows", [
    b'<row r="1048576"><x:c r="XFD1048576"><x:v>1</x:v></x:c></row>',
    b'<x:row r="1048576"><c r="XFD1048576"><v>1</v></c></x:row>',
    b'<x:row\tr="1048576"><x:c\tr="XFD1048576"><x:v>1</x:v></x:c></x:row>',
    b'<row\nr="1048576"><c  r="XFD1048576"><v>1</v></c></row>',
    # the row's number lies: the cell's reference says where it is
    b'<row r="1"><c r="XFD1048576"><v>1</v></c></row>',
    b'<c r="XFD1048576"><v>1</v></c>',
    b'<row r="1234567890"><c><v>1</v></c></row>',
], ids=["prefixed cells", "prefixed rows", "prefix and tab", "newline and two spaces",
        "a cell after its row", "a cell outside any row", "a row number of ten digits"])
def test_rows_and_cells_not_written_plainly_are_scanned_exactly(tmp_path, rows):
    """The whole-part bound trusts only `<row r="N"` and `<c r="LN"` with N at most the last
    row number; anything else is scanned cell by cell (and refused here)."""
    reason = _one_sheet(tmp_path, rows)
    if b"1234567890" in rows:
        assert reason == _sheet_reason("1.234.567.890", "1")
    else:
        assert reason == _sheet_reason(FAR_REASON_ROWS, FAR_REASON_COLS)


@pytest.mark.parametrize("last_row, cell_ref, bounded", [
    (9, "A9", True), (9, "A10", True), (204, "G205", True), (1000, "Z9999", True),
    (999, "AA999", True), (1000, "AA999", False), (1000, "A10000", False), (999, "AA1000", False),
    (1000, "ZZ1000", False), (1, "XFD1048576", False),
])
def test_the_bound_holds_for_the_cells_own_references(last_row, cell_ref, bounded):
    """The fast path bounds a sheet by its cells' own references (within A1:Z9999 or A1:ZZ999),
    whatever the row tags say; what it does not bound the exact scan decides."""
    xml = f'<row r="{last_row}"><c r="{cell_ref}"><v>1</v></c></row>'.encode()
    assert _fast_area(xml, _XlsxArea("x")) is bounded


def test_a_sheet_named_by_a_string_is_named_so():
    area = _XlsxArea("Số liệu")
    with pytest.raises(Refused) as exc:
        area.scan(FAR_ROW)
    assert exc.value.args[0] == _sheet_reason(FAR_REASON_ROWS, FAR_REASON_COLS, "Số liệu")


# --- sheet names from workbook.xml and its rels ------------------------------------------------

WORKBOOK = (b'<workbook xmlns:r="r"><sheets><sheet name="S&#7889; li&#7879;u" sheetId="1" '
            b'r:id="rId1"/></sheets></workbook>')
RELS = (b'<Relationships><Relationship Id="rId1" Type="worksheet" '
        b'Target="worksheets/sheet1.xml"/></Relationships>')


def _named(tmp_path: Path, workbook: bytes = WORKBOOK, rels: bytes = RELS) -> str | None:
    """The refusal of a far cell in sheet1.xml, checked before workbook.xml and its rels."""
    return _refusal(_zip(tmp_path / "x.xlsx", {
        SHEET: b"<worksheet><sheetData>" + FAR_ROW + END,
        "xl/workbook.xml": workbook, "xl/_rels/workbook.xml.rels": rels}))


def _pad(xml: bytes, size: int) -> bytes:
    """`xml` with spaces before its closing tag, to exactly `size` bytes."""
    cut = xml.rindex(b"</")
    return xml[:cut] + b" " * (size - len(xml)) + xml[cut:]


@pytest.mark.parametrize("which", ["workbook", "rels"])
@pytest.mark.parametrize("size, named", [(MB, True), (MB + 1, False)], ids=["1 MB", "1 MB + 1"])
def test_sheet_names_are_read_from_parts_up_to_1_mb(tmp_path, which, size, named):
    workbook = _pad(WORKBOOK, size) if which == "workbook" else WORKBOOK
    rels = _pad(RELS, size) if which == "rels" else RELS
    assert _named(tmp_path, workbook, rels) == _sheet_reason(
        FAR_REASON_ROWS, FAR_REASON_COLS, "Số liệu" if named else "sheet1.xml")


def test_no_sheet_name_is_read_from_a_workbook_with_a_doctype(tmp_path):
    workbook = b"<!DOCTYPE x>" + WORKBOOK
    assert _named(tmp_path, workbook) == _sheet_reason(FAR_REASON_ROWS, FAR_REASON_COLS)


@pytest.mark.parametrize("target", ["/xl/worksheets/sheet1.xml", "/XL/Worksheets/Sheet1.xml",
                                    "xl/worksheets/sheet1.xml", "WORKSHEETS/SHEET1.XML"])
def test_a_relationship_target_is_a_part_name_in_any_case(tmp_path, target):
    rels = RELS.replace(b"worksheets/sheet1.xml", target.encode())
    assert _named(tmp_path, rels=rels) == _sheet_reason(FAR_REASON_ROWS, FAR_REASON_COLS,
                                                        "Số liệu")


def test_incomplete_entries_are_skipped(tmp_path):
    """A relationship without a target, a sheet without a name, a sheet whose id has no
    relationship: skipped; the sheet that has both is named."""
    workbook = (b'<workbook xmlns:r="r"><sheets><sheet sheetId="1" r:id="rId2"/>'
                b'<sheet name="Kh&#225;c" sheetId="2" r:id="rId9"/>'
                b'<sheet name="S&#7889; li&#7879;u" sheetId="3" r:id="rId1"/></sheets></workbook>')
    rels = (b'<Relationships><Relationship Id="rId2" Type="worksheet"/>'
            b'<Relationship Id="rId1" Type="worksheet" Target="worksheets/sheet1.xml"/>'
            b'<Relationship Id="rId3" Type="worksheet" Target="worksheets/sheet1.xml"/>'
            b'</Relationships>')
    assert _named(tmp_path, workbook, rels) == _sheet_reason(FAR_REASON_ROWS, FAR_REASON_COLS,
                                                             "Số liệu")


def test_a_sheet_without_a_usable_name_is_named_by_its_part(tmp_path):
    workbook = WORKBOOK.replace(b'name="S&#7889; li&#7879;u" ', b"")
    rels = RELS.replace(b' Target="worksheets/sheet1.xml"', b"")
    assert _named(tmp_path, workbook) == _sheet_reason(FAR_REASON_ROWS, FAR_REASON_COLS)
    assert _named(tmp_path, rels=rels) == _sheet_reason(FAR_REASON_ROWS, FAR_REASON_COLS)


def test_a_name_that_is_not_utf8_is_shown_with_replacement_marks(tmp_path):
    workbook = WORKBOOK.replace(b"S&#7889; li&#7879;u", "Báo cáo".encode("cp1258"))
    assert _named(tmp_path, workbook) == _sheet_reason(FAR_REASON_ROWS, FAR_REASON_COLS,
                                                       "B\ufffdo c\ufffdo")


# --- ODS: tables, rows, repeated and covered cells ---------------------------------------------

NS = (b'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
      b'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
      b'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0"')


def _ods(tmp_path: Path, body: bytes) -> str | None:
    content = (b"<office:document-content " + NS + b"><office:body><office:spreadsheet>" + body
               + b"</office:spreadsheet></office:body></office:document-content>")
    return _refusal(_zip(tmp_path / "x.ods", {"content.xml": content}))


def _cell(repeat: int | str | None = None, value: bool = True, covered: bool = False) -> bytes:
    tag = b"table:covered-table-cell" if covered else b"table:table-cell"
    attrs = b' office:value-type="float"' if value else b' table:style-name="ce1"'
    if repeat is not None:
        attrs += b' table:number-columns-repeated="' + str(repeat).encode() + b'"'
    return b"<" + tag + attrs + b"/>"


def _row(*cells: bytes, repeat: int | str | None = None) -> bytes:
    attr = b"" if repeat is None else b' table:number-rows-repeated="' + str(repeat).encode() + b'"'
    return b"<table:table-row" + attr + b">" + b"".join(cells) + b"</table:table-row>"


def _table(*rows: bytes) -> bytes:
    return b"<table:table>" + b"".join(rows) + b"</table:table>"


def test_each_ods_table_has_its_own_area(tmp_path):
    """600,000 rows of one column, then one row of 600,000 columns: each table is within the
    limit; together they would not be."""
    assert _ods(tmp_path, _table(_row(_cell(), repeat=600_000))
                + _table(_row(_cell(600_000)))) is None


def test_covered_cells_take_their_columns(tmp_path):
    """A value, 999,999 covered cells (merged, empty), a value: at column 1,000,001."""
    row = _row(_cell(), _cell(999_999, value=False, covered=True), _cell())
    assert _ods(tmp_path, _table(row)) == _ods_reason("1", "1.000.001")


def test_a_covered_cell_with_a_value_counts(tmp_path):
    assert _ods(tmp_path, _table(_row(_cell(1_000_001, covered=True)))) == _ods_reason(
        "1", "1.000.001")


def test_ods_cells_hold_a_value_by_their_type_or_their_text(tmp_path):
    styled = _row(_cell(1_000_001, value=False))  # styled empty columns, as LibreOffice writes
    assert _ods(tmp_path, _table(styled)) is None
    text = _row(b'<table:table-cell table:number-columns-repeated="1000001">'
                b"<text:p>x</text:p></table:table-cell>")
    assert _ods(tmp_path, _table(text)) == _ods_reason("1", "1.000.001")


def test_ods_rows_follow_each_other(tmp_path):
    """One row, 499,999 empty rows, a row of two values: at row 500,001 (x 2 columns)."""
    body = _table(_row(_cell()), _row(repeat=499_999), _row(_cell(), _cell()))
    assert _ods(tmp_path, body) == _ods_reason("500.001", "2")


@pytest.mark.parametrize("last, reason", [(999_995, None), (999_996, ("1", "1.000.001"))])
def test_a_repeat_that_is_not_a_positive_number_counts_once(tmp_path, last, reason):
    """Repeats "x", "0", "-4", "1" and none: one column each, then `last` columns of values."""
    row = _row(_cell("x", value=False), _cell("0", value=False), _cell("-4", value=False),
               _cell("1", value=False), _cell(value=False), _cell(last), repeat="0")
    assert _ods(tmp_path, _table(row)) == (_ods_reason(*reason) if reason else None)


@pytest.mark.parametrize("cols, reason", [(1_000_000, None), (1_000_001, ("1", "1.000.001"))])
def test_ods_cells_outside_any_table_count_from_the_first_cell(tmp_path, cols, reason):
    assert _ods(tmp_path, _cell(cols)) == (_ods_reason(*reason) if reason else None)


# --- large sheets: the real 16 MB limit of the fast path, memory bounded past it ---------------

def _big_sheet(size: int, middle: bytes) -> bytes:
    """A sheet of exactly `size` bytes: the first row, filler, `middle`, the far cell."""
    tail = middle + FAR_ROW + END
    return _at(HEAD, size - len(tail), tail)


def _refusal_and_peak(path: Path) -> tuple[str | None, int]:
    """The refusal, and the most memory Python held while checking (in bytes)."""
    tracemalloc.start()
    try:
        return _refusal(path), tracemalloc.get_traced_memory()[1]
    finally:
        tracemalloc.stop()


def test_a_sheet_of_exactly_16_mb_is_scanned_whole(tmp_path):
    """A text of 150,000 letters without `>` then the far cell: found by the whole-part scan
    (the scan in chunks of a larger sheet stops at a run without `>` longer than a chunk)."""
    data = _big_sheet(16 * MB, _long_text_then_far_cell()[len(HEAD):-len(FAR_ROW + END)])
    path = _zip_exact(tmp_path / "x.xlsx", [(SHEET, data, len(data) // 50)])
    del data
    reason, peak = _refusal_and_peak(path)
    assert reason == _sheet_reason(FAR_REASON_ROWS, FAR_REASON_COLS)
    assert peak < 40 * MB, peak  # held twice at most: its chunks, then their join


def test_a_sheet_over_16_mb_and_a_large_part_are_read_in_bounded_memory(tmp_path):
    """Past 16 MB a sheet is scanned in chunks, and a large part other than a sheet is only
    searched for a DTD chunk by chunk: neither is held whole in memory (the far cell is still
    found)."""
    data = _big_sheet(16 * MB + 1, b"")
    strings = _at(b"<sst>", 8 * MB - 6, b"</sst>")
    path = _zip_exact(tmp_path / "x.xlsx", [("xl/sharedStrings.xml", strings, len(strings) // 50),
                                            (SHEET, data, len(data) // 50)])
    del data, strings
    reason, peak = _refusal_and_peak(path)
    assert reason == _sheet_reason(FAR_REASON_ROWS, FAR_REASON_COLS)
    assert peak < 4 * MB, peak


def test_the_parts_after_a_malformed_ods_content_are_still_checked(tmp_path):
    # content.xml broken in its first 64 KB read and longer than one read: the ODS area is
    # given up (the parser will call the file corrupt), but the parts after it are still
    # checked, so a bomb behind it is refused rather than let through to the parser
    broken = b"<office:document-content><a></b>" + b"<x/>" * (40 * KB)
    bomb = b"<worksheet><!--" + b"0" * (2 * MB) + b"--></worksheet>"
    path = _zip_exact(tmp_path / "x.ods", [("content.xml", broken, 4 * KB),
                                           ("styles.xml", bomb, 16 * KB)])
    assert _refusal(path) == BOMB
