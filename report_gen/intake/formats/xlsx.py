"""Office Open XML workbooks (.xlsx, .xlsm) and templates (.xltx, .xltm): a zip archive. Raw cells through openpyxl, which
keeps the formula text, the cached value, and error cells (data type "e")."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from report_gen.intake.formats.calamine import read_grids
from report_gen.intake.formats.base import ZIP_MAGIC, Coord, Format, RawCell


def raw_cells(path: Path, sheet: str) -> dict[Coord, RawCell]:
    out: dict[Coord, RawCell] = {}
    if not _holds_formulas_or_errors(path):
        return out  # every "" calamine gave is a blank cell: openpyxl is not loaded (twice)
    from openpyxl import load_workbook
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


# a formula (<f>…</f>, <f t="shared" …/>) or an error cell (t="e"), prefixed or not
_FORMULA_OR_ERROR = re.compile(rb"""<(?:[\w.-]+:)?f[\s>/]|\st\s*=\s*["']e["']""")


def _holds_formulas_or_errors(path: Path) -> bool:
    """False when no worksheet part of the workbook holds a formula or an error cell (most
    forms are typed in): a scan of the sheets' XML, which the archive pre-check has already
    passed, costs far less than loading the workbook with openpyxl. True when unsure."""
    try:
        with zipfile.ZipFile(path) as zf:
            for info in zf.infolist():
                name = info.filename.lower()
                if not (name.startswith("xl/worksheets/") and name.endswith(".xml")):
                    continue
                with zf.open(info) as fh:
                    tail = b""
                    while chunk := fh.read(1 << 20):
                        if _FORMULA_OR_ERROR.search(tail + chunk):
                            return True
                        tail = chunk[-64:]
    except Exception:  # noqa: BLE001 - a damaged part: openpyxl says what it can
        return True
    return False


FORMAT = Format(name="xlsx", suffixes=(".xlsx", ".xlsm", ".xltx", ".xltm"), read_grids=read_grids,
                archive=True, magic=ZIP_MAGIC, raw_cells=raw_cells, label=".xlsx",
                zip_part="xl/workbook.xml")
