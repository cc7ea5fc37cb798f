"""The input formats intake reads: one registry, looked up by extension and by content.

A format is a `Format` (base.py) declared in its own module: name, extensions, whether it is a
zip archive (the archive pre-check runs first), its magic bytes, how to read its grids (in the
limited child) and how to read its raw cells (formula errors, formulas without results).
Adding an input format is one new module here and its `FORMAT` in `FORMATS`. What is not an
input (documents, images, lock files...) is ignored with the reasons in ignored.py."""

from __future__ import annotations

import functools
import os
import zipfile
from pathlib import Path

from report_gen.intake.formats import calamine, html_table, ignored, ods, xls, xlsb, xlsx
from report_gen.intake.formats.base import (ZIP_MAGIC, Coord, Format, Grid, RawCell, ReadError,
                                            cell_ref)

# Registration order is the order the formats are listed to the officer and of content lookup
# among formats sharing a container: the first one whose magic and sniff (and, for a zip, the
# part it must hold) match wins.
FORMATS: list[Format] = [xlsx.FORMAT, xlsb.FORMAT, xls.FORMAT, ods.FORMAT, html_table.FORMAT]

HEAD_BYTES = 512

__all__ = ["FORMATS", "Coord", "Format", "Grid", "RawCell", "ReadError", "by_content",
           "by_suffix", "calamine", "cell_ref", "classify", "lookup", "mismatch",
           "not_a_spreadsheet", "spreadsheet_suffixes"]


def spreadsheet_suffixes() -> set[str]:
    return {s for fmt in FORMATS for s in fmt.suffixes}


def not_a_spreadsheet() -> str:
    """The reason a file of no known kind is ignored, listing the extensions that are read."""
    listed = ", ".join(s for fmt in FORMATS for s in fmt.suffixes)
    return f"{ignored.OTHER} ({listed})"


def by_suffix(path: Path) -> Format | None:
    suffix = Path(path).suffix.lower()
    return next((fmt for fmt in FORMATS if suffix in fmt.suffixes), None)


def by_content(path: Path) -> Format | None:
    """The format the content of the file says, or None (unreadable, empty, or unknown). A zip
    is told by the part it holds (xl/workbook.xml, xl/workbook.bin, content.xml); a zip that is
    no workbook (a .docx) is None. Asked several times per file (to read it, to name a
    mismatch): the answer is kept for the file as it is (same size and modification time)."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return _by_content(str(path), st.st_size, st.st_mtime_ns)


@functools.lru_cache(maxsize=16)
def _by_content(path: str, _size: int, _mtime_ns: int) -> Format | None:
    try:
        with open(path, "rb") as fh:
            head = fh.read(HEAD_BYTES)
    except OSError:
        return None
    candidates = [fmt for fmt in FORMATS if fmt.matches(head)]
    if head.startswith(ZIP_MAGIC):
        parts = _zip_parts(Path(path))
        candidates = [fmt for fmt in candidates if fmt.zip_part is None or fmt.zip_part in parts]
    return candidates[0] if candidates else None


def _zip_parts(path: Path) -> set[str]:
    """The part names of a zip (its central directory only; what a hostile one would do to a
    parser is the archive pre-check's and the limited child's to meet)."""
    try:
        with zipfile.ZipFile(path) as zf:
            return set(zf.namelist())
    except Exception:  # noqa: BLE001 - a damaged zip: no part is known
        return set()


def lookup(path: Path) -> Format | None:
    """The format of `path`: by its content, else by its extension (a damaged file is then
    refused by the reader its extension names, with that reader's reason)."""
    return by_content(path) or by_suffix(path)


def mismatch(path: Path) -> tuple[str, str] | None:
    """(extension, what the file really is) when the content is another format than the
    extension says (an .xlsx saved as .xls, an HTML table as .xls), else None."""
    named, actual = by_suffix(path), by_content(path)
    if named is None or actual is None or named is actual:
        return None
    return Path(path).suffix.lower(), actual.label


def classify(path: Path) -> str | None:
    """None when the file is a spreadsheet to read, else the reason it is ignored."""
    path = Path(path)
    reason = ignored.by_name(path)
    if reason:
        return reason
    if by_suffix(path) is not None:
        return None
    return ignored.by_suffix(path) or not_a_spreadsheet()
