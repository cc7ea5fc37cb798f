"""The archive pre-check's fast path proves a sheet small, or hands it to the exact scan."""

import pytest

from report_gen.intake.archive_check import MAX_SHEET_CELLS, Refused, _fast_area, _XlsxArea


def _area() -> _XlsxArea:
    return _XlsxArea("Số liệu")


def test_small_sheet_written_by_a_spreadsheet_program_passes():
    xml = (b'<sheetData><row r="1"><c r="A1" t="n"><v>1</v></c><c r="G1" s="2"/></row>'
           b'<row r="204"><c r="B204"><v>2</v></c></row></sheetData>')
    assert _fast_area(xml, _area()) is True


@pytest.mark.parametrize("xml", [
    b'<row r="1"><c><v>1</v></c></row>',                       # cell without a reference
    b'<row><c r="A1"><v>1</v></c></row>',                       # row without a reference
    b'<row r="1"><c s="1" r="A1"><v>1</v></c></row>',          # reference not first
    b'<x:row r="1"><x:c r="A1"><x:v>1</x:v></x:c></x:row>',    # prefixed tags
    b'<row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row>',
])
def test_anything_else_goes_to_the_exact_scan(xml):
    assert _fast_area(xml, _area()) is False


def test_the_exact_scan_still_refuses_a_dimension_bomb():
    xml = b'<row r="1"><c r="A1"><v>1</v></c></row><row r="1048576"><c r="XFD1048576"><v>1</v></c></row>'
    area = _area()
    assert _fast_area(xml, area) is False
    with pytest.raises(Refused) as exc:
        area.scan(xml)
    assert "dòng 1.048.576, cột 16.384" in exc.value.args[0]
    assert MAX_SHEET_CELLS == 1_000_000


def _sheet(last_row: int, last_ref: str) -> bytes:
    return (b'<row r="1"><c r="A1"><v>1</v></c></row>'
            + f'<row r="{last_row}"><c r="{last_ref}"><v>1</v></c></row>'.encode())


def _verdict(xml: bytes) -> bool:
    """The pre-check's answer for one sheet: small by the fast path, else by the exact scan."""
    if _fast_area(xml, _area()):
        return True
    try:
        _area().scan(xml)
    except Refused:
        return False
    return True


@pytest.mark.parametrize("last_row, last_ref, small", [
    (38_000, "Z38000", True),      # 38,000 x 26 = 988,000 cells
    (39_000, "Z39000", False),     # 39,000 x 26 = 1,014,000 cells: not small
    (2_000, "AA2000", True),       # 2,000 x 27 = 54,000
    (2_000, "ZZ2000", False),      # 2,000 x 702 = 1,404,000 cells
    (300, "ABC300", True),         # three letters: 731 columns x 300 rows = 219,300
    (40_000, "Y40000", True),      # exactly 1,000,000 cells (25 x 40,000): still allowed
    (40_000, "Z40000", False),     # 1,040,000
])
def test_the_pre_check_allows_exactly_the_sheets_within_the_limit(last_row, last_ref, small):
    assert _verdict(_sheet(last_row, last_ref)) is small


@pytest.mark.parametrize("last_row, last_ref, fast", [
    (9_999, "Z9999", True),        # within A1:Z9999 (259,974 cells): proved small at once
    (10_000, "Z10000", False),     # a five-digit row: the exact scan decides
    (999, "ZZ999", True),          # within A1:ZZ999 (701,298 cells)
    (1_000, "ZZ1000", False),
    (1, "AAA1", False),            # a three-letter column
    (1, "A01", False),             # a leading zero: not how programs write it
])
def test_the_fast_path_proves_small_only_within_its_rectangles(last_row, last_ref, fast):
    assert _fast_area(_sheet(last_row, last_ref), _area()) is fast


def test_a_cell_far_away_in_a_row_that_says_otherwise_is_not_taken_as_small():
    """The parser puts a cell where its own reference says, whatever its row tag says: a row 1
    holding a cell at XFD1048576 spans the whole sheet (python-calamine then aborts: it
    allocates the rectangle)."""
    xml = b'<row r="1"><c r="A1"><v>1</v></c><c r="XFD1048576"><v>2</v></c></row>'
    assert _fast_area(xml, _area()) is False
    with pytest.raises(Refused) as exc:
        _area().scan(xml)
    assert "dòng 1.048.576, cột 16.384" in exc.value.args[0]


def test_a_workbook_with_such_a_cell_is_refused_with_the_reason_not_read(tmp_path):
    """End to end: the row tag says 1, the cell says XFD1048576. Refused by the pre-check with
    the sheet's name and the span, before python-calamine runs out of memory on it."""
    import zipfile

    import openpyxl

    from report_gen.intake.read import ReadError, read_grids
    plain = tmp_path / "plain.xlsx"
    wb = openpyxl.Workbook()
    wb.active.title = "Số liệu"
    wb.active["A1"] = "x"
    wb.save(plain)
    bomb = tmp_path / "bao_cao.xlsx"
    with zipfile.ZipFile(plain) as zin, zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                data = data.replace(b"</row>", b'<c r="XFD1048576" t="n"><v>2</v></c></row>')
            zout.writestr(info, data)
    with pytest.raises(ReadError) as exc:
        read_grids(bomb)
    assert exc.value.args[0] == (
        "trang tính “Số liệu” có ô dữ liệu trải tới dòng 1.048.576, cột 16.384 (hơn 1.000.000 "
        "ô), vượt xa kích thước một biểu mẫu; đề nghị xóa các ô thừa rồi gửi lại")
