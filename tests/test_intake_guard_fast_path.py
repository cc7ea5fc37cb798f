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


@pytest.mark.parametrize("last_row, last_ref, small", [
    (38_000, "Z38000", True),      # 38,000 x 26 = 988,000: proved small by the bound alone
    (39_000, "Z39000", False),     # 39,000 x 26 = 1,014,000 cells: not small
    (2_000, "AA2000", True),       # the bound ZZ (702 columns) fails; the exact AA (27) passes
    (2_000, "ZZ2000", False),      # 2,000 x 702 = 1,404,000 cells
    (300, "ABC300", True),         # three letters: 731 columns x 300 rows = 219,300
    (40_000, "Y40000", True),      # exactly 1,000,000 cells (25 x 40,000): still allowed
    (40_000, "Z40000", False),     # 1,040,000
])
def test_the_last_column_is_bounded_by_the_longest_reference_then_found_exactly(
        last_row, last_ref, small):
    assert _fast_area(_sheet(last_row, last_ref), _area()) is small
