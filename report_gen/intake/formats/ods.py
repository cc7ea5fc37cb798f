"""OpenDocument spreadsheets (.ods): a zip archive whose first entry names its mimetype. Raw
cells from content.xml (table:formula, calcext:value-type="error")."""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from report_gen.intake.formats.calamine import read_grids
from report_gen.intake.formats.base import ZIP_MAGIC, Coord, Format, RawCell

_MIMETYPE = b"mimetypeapplication/vnd.oasis.opendocument.spreadsheet"


def sniff(head: bytes) -> bool:
    """An ODS file stores its "mimetype" entry first and uncompressed, right after the zip
    local header (30 bytes)."""
    return _MIMETYPE in head[:128]


_OD_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OD_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_OD_CALCEXT = "{urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0}"
_OD_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"


def raw_cells(path: Path, sheet: str) -> dict[Coord, RawCell]:
    from defusedxml.ElementTree import parse
    with zipfile.ZipFile(path) as z, z.open("content.xml") as fh:
        root = parse(fh).getroot()
    out: dict[Coord, RawCell] = {}
    for table in root.iter(_OD_TABLE + "table"):
        if table.get(_OD_TABLE + "name") != sheet:
            continue
        r = 0
        for row in table.iter(_OD_TABLE + "table-row"):
            rep_r = int(row.get(_OD_TABLE + "number-rows-repeated", "1"))
            c = 0
            for cell in row:
                if cell.tag not in (_OD_TABLE + "table-cell", _OD_TABLE + "covered-table-cell"):
                    continue
                rep_c = int(cell.get(_OD_TABLE + "number-columns-repeated", "1"))
                found = _ods_cell(cell)
                if found is not None and rep_r * rep_c <= 1000:
                    for dr in range(min(rep_r, 1000)):
                        for dc in range(rep_c):
                            out[(r + dr, c + dc)] = found
                c += rep_c
            r += rep_r
        break
    return out


def _ods_cell(cell) -> RawCell | None:
    formula = cell.get(_OD_TABLE + "formula")
    if cell.get(_OD_CALCEXT + "value-type") == "error":
        text = "".join("".join(p.itertext()) for p in cell.iter(_OD_TEXT + "p"))
        return RawCell(error=text or "#ERR")
    if formula and cell.get(_OD_OFFICE + "value-type") is None:
        return RawCell(formula=ods_to_excel(formula))
    return None


def ods_to_excel(formula: str) -> str:
    """ "of:=SUM([.F9:.F11])" -> "=SUM(F9:F11)"."""
    f = re.sub(r"^[a-z]+:", "", formula)
    f = re.sub(r"\[\$?([^\].]*)\.([^\]:]+)(?::\$?[^\].]*\.([^\]]+))?\]",
               lambda m: (m.group(1) + "!" if m.group(1) else "") + m.group(2)
               + (":" + m.group(3) if m.group(3) else ""), f)
    return f.replace(";", ",")


FORMAT = Format(name="ods", suffixes=(".ods",), read_grids=read_grids, archive=True,
                magic=ZIP_MAGIC, sniff=sniff, raw_cells=raw_cells, label=".ods",
                zip_part="content.xml")
