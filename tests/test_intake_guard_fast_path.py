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
