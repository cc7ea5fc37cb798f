"""The input formats intake reads: one registry, looked up by extension and by content.

A format is a `Format` (base.py) declared in its own module: name, extensions, whether it is a
zip archive (the archive pre-check runs first), its magic bytes, how to read its grids (in the
limited child) and how to read its raw cells (formula errors, formulas without results).
Adding an input format is one new module here and its `FORMAT` in `FORMATS`. What is not an
input (documents, images, lock files...) is ignored with the reasons in ignored.py."""

from __future__ import annotations

from pathlib import Path

from report_gen.intake.formats import calamine, ignored, ods, xls, xlsb, xlsx
from report_gen.intake.formats.base import Coord, Format, Grid, RawCell, ReadError, cell_ref

# Registration order is the order of content lookup among formats sharing a container: the
# first one whose magic (and sniff) matches wins, so finer sniffs come before plain zip.
FORMATS: list[Format] = [ods.FORMAT, xlsx.FORMAT, xlsb.FORMAT, xls.FORMAT]

HEAD_BYTES = 512

__all__ = ["FORMATS", "Coord", "Format", "Grid", "RawCell", "ReadError", "by_content",
           "by_suffix", "calamine", "cell_ref", "classify", "lookup", "spreadsheet_suffixes"]


def spreadsheet_suffixes() -> set[str]:
    return {s for fmt in FORMATS for s in fmt.suffixes}


def by_suffix(path: Path) -> Format | None:
    suffix = Path(path).suffix.lower()
    return next((fmt for fmt in FORMATS if suffix in fmt.suffixes), None)


def by_content(path: Path) -> Format | None:
    """The format the first bytes of the file say, or None (unreadable, or unknown)."""
    try:
        with open(path, "rb") as fh:
            head = fh.read(HEAD_BYTES)
    except OSError:
        return None
    return next((fmt for fmt in FORMATS if fmt.matches(head)), None)


def lookup(path: Path) -> Format | None:
    """The format of `path`: by its extension, else by its content."""
    return by_suffix(path) or by_content(path)


def classify(path: Path) -> str | None:
    """None when the file is a spreadsheet to read, else the reason it is ignored."""
    path = Path(path)
    reason = ignored.by_name(path)
    if reason:
        return reason
    if by_suffix(path) is not None:
        return None
    return ignored.by_suffix(path)
