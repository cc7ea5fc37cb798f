"""Excel 97-2003 workbooks (.xls): an OLE2 compound file, not a zip. Raw cells through xlrd
when installed (cell type XL_CELL_ERROR); .xls files always carry formula results."""

from __future__ import annotations

from pathlib import Path

from report_gen.intake.formats.calamine import read_grids
from report_gen.intake.formats.base import OLE2_MAGIC, Coord, Format, RawCell


def raw_cells(path: Path, sheet: str) -> dict[Coord, RawCell]:
    try:
        import xlrd
    except ImportError:  # without xlrd, error cells of .xls read as blanks (documented)
        return {}
    book = xlrd.open_workbook(str(path), on_demand=True)
    try:
        if sheet not in book.sheet_names():
            return {}
        sh = book.sheet_by_name(sheet)
        out: dict[Coord, RawCell] = {}
        for r in range(sh.nrows):
            for c in range(sh.ncols):
                cell = sh.cell(r, c)
                if cell.ctype == xlrd.XL_CELL_ERROR:
                    out[(r, c)] = RawCell(error=xlrd.error_text_from_code.get(cell.value, "#ERR"))
        return out
    finally:
        book.release_resources()


FORMAT = Format(name="xls", suffixes=(".xls",), read_grids=read_grids,
                magic=OLE2_MAGIC, raw_cells=raw_cells, label=".xls")
