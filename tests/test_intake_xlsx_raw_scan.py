"""A workbook without any formula or error cell is not opened a second time with openpyxl to
tell its blank cells from formula or error cells: calamine's "" is then a blank."""

from __future__ import annotations

import zipfile

import pytest

from report_gen.intake.formats import xlsx


def _book(path, sheet_xml: bytes, other_sheet: bytes = b"<worksheet/>") -> None:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
        zf.writestr("xl/workbook.xml", b"<workbook/>")
        zf.writestr("xl/worksheets/sheet1.xml", sheet_xml)
        zf.writestr("xl/worksheets/sheet2.xml", other_sheet)


@pytest.mark.parametrize("cells, holds", [
    (b'<c r="D9"><v>12</v></c><c r="D10" s="3"/>', False),                  # typed in, a blank
    (b'<c r="D9"><f>SUM(D10:D12)</f></c>', True),                           # formula, no result
    (b'<c r="D9"><f>SUM(D10:D12)</f><v>7</v></c>', True),                   # formula with result
    (b'<c r="D9"><f t="shared" si="0"/></c>', True),                        # shared formula
    (b'<x:c r="D9"><x:f>1+1</x:f></x:c>', True),                            # prefixed
    (b'<c r="D9" t="e"><v>#DIV/0!</v></c>', True),                          # error cell
    (b"<c r='D9' t='e'><v>#REF!</v></c>", True),
    (b'<c r="D9" t="str"><v>efg</v></c>', False),
])
def test_formulas_and_errors_are_told_from_the_sheet_xml(tmp_path, cells, holds):
    path = tmp_path / "book.xlsx"
    _book(path, b'<worksheet><sheetData><row r="9">' + cells + b"</row></sheetData>"
          b'<dataValidations count="1"><dataValidation type="decimal" sqref="D9:D60">'
          b"<formula1>0</formula1></dataValidation></dataValidations>"
          b'<autoFilter ref="A1:D1"><filterColumn colId="0"/></autoFilter></worksheet>')
    assert xlsx._holds_formulas_or_errors(path) is holds


def test_a_formula_in_any_sheet_sends_the_workbook_to_openpyxl(tmp_path):
    path = tmp_path / "book.xlsx"
    _book(path, b'<worksheet><sheetData><row r="9"><c r="D9"/></row></sheetData></worksheet>',
          other_sheet=b'<worksheet><sheetData><row r="1"><c r="A1"><f>B1*2</f></c></row>'
                      b"</sheetData></worksheet>")
    assert xlsx._holds_formulas_or_errors(path) is True


def test_a_damaged_sheet_part_counts_as_unsure(tmp_path):
    path = tmp_path / "book.xlsx"
    _book(path, b"<worksheet/>")
    data = bytearray(path.read_bytes())
    start = data.find(b"xl/worksheets/sheet1.xml") + len("xl/worksheets/sheet1.xml")
    data[start:start + 4] = b"\xff\xff\xff\xff"
    path.write_bytes(bytes(data))
    assert xlsx._holds_formulas_or_errors(path) is True


def test_a_typed_in_form_with_blanks_reads_without_openpyxl(tmp_path, monkeypatch, settings):
    """End to end on a form saved by openpyxl with two value cells left blank: both are "not
    reported" (None, never 0), and openpyxl's reader is never asked."""
    import openpyxl

    from report_gen.intake.submission import IntakeContext, read_submission
    from tests.conftest import SAMPLES
    wb = openpyxl.load_workbook(SAMPLES / "2012" / "co_to_2012.xlsx")
    ws = wb.worksheets[0]
    blanked = []
    for row in ws.iter_rows():
        for cell in row:
            if isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool) \
                    and cell.column > 2 and len(blanked) < 2 and cell.row > 8:
                blanked.append(cell.coordinate)
                cell.value = None
    path = tmp_path / "co_to_2012.xlsx"
    wb.save(path)
    assert len(blanked) == 2
    monkeypatch.setattr(openpyxl, "load_workbook",
                        lambda *a, **k: pytest.fail("openpyxl was loaded"))
    ctx = IntakeContext(year=2012, catalogue=settings.catalogue, units=settings.units)
    result = read_submission(path, path.name, ctx)
    assert result.status == "accepted"
    blank_codes = [code for code, (_sheet, ref) in result.cells.items() if ref in blanked]
    assert len(blank_codes) == 2
    assert [result.values[c] for c in blank_codes] == [None, None]
