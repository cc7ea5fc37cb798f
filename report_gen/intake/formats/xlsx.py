"""Office Open XML workbooks (.xlsx, .xlsm) and templates (.xltx, .xltm): a zip archive. Raw cells through openpyxl, which
keeps the formula text, the cached value, and error cells (data type "e")."""

from __future__ import annotations

from pathlib import Path

from report_gen.intake.formats.calamine import read_grids
from report_gen.intake.formats.base import ZIP_MAGIC, Coord, Format, RawCell


def raw_cells(path: Path, sheet: str) -> dict[Coord, RawCell]:
    from openpyxl import load_workbook
    out: dict[Coord, RawCell] = {}
    formulas = load_workbook(path, read_only=True, data_only=False)
    cached = load_workbook(path, read_only=True, data_only=True)
    try:
        if sheet not in formulas.sheetnames:
            return out
        for frow, crow in zip(formulas[sheet].iter_rows(), cached[sheet].iter_rows()):
            for f, c in zip(frow, crow):
                if getattr(c, "data_type", None) == "e" or (
                        isinstance(c.value, str) and c.value.startswith("#")
                        and isinstance(f.value, str) and f.value.startswith("=")):
                    out[(f.row - 1, f.column - 1)] = RawCell(error=str(c.value))
                elif isinstance(f.value, str) and f.value.startswith("=") and c.value is None:
                    out[(f.row - 1, f.column - 1)] = RawCell(formula=f.value)
    finally:
        formulas.close()
        cached.close()
    return out


FORMAT = Format(name="xlsx", suffixes=(".xlsx", ".xlsm", ".xltx", ".xltm"), read_grids=read_grids,
                archive=True, magic=ZIP_MAGIC, raw_cells=raw_cells, label=".xlsx",
                zip_part="xl/workbook.xml")
