"""What every input format declares and produces: `Format`, the `Grid`s read from a workbook,
the `RawCell`s a second reader finds where calamine shows blanks, and `ReadError`."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

Coord = tuple[int, int]  # 0-based (row, column), as in Grid.rows

ZIP_MAGIC = b"PK\x03\x04"
OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"


class ReadError(Exception):
    """The file cannot be read; args[0] is the Vietnamese reason."""


@dataclass
class Grid:
    """One sheet: its name, whether it is visible, and its rows from A1 (values as read)."""

    name: str
    rows: list[list[object]]
    visible: bool = True
    # the first rows folded, filled by report_gen.intake.locate.folded_rows when first asked
    folded: list[list[str]] | None = field(default=None, repr=False, compare=False)

    def get(self, r: int, c: int) -> object:
        if 0 <= r < len(self.rows) and 0 <= c < len(self.rows[r]):
            return self.rows[r][c]
        return None


def cell_ref(r: int, c: int) -> str:
    """0-based row and column -> "A1" reference."""
    letters = ""
    c += 1
    while c:
        c, rem = divmod(c - 1, 26)
        letters = chr(65 + rem) + letters
    return f"{letters}{r + 1}"


@dataclass(frozen=True)
class RawCell:
    """A cell that calamine showed as empty but is not: an error, or a formula without result."""

    error: str | None = None  # e.g. "#DIV/0!"
    formula: str | None = None  # Excel syntax, starting with "="


@dataclass(frozen=True)
class Format:
    """One input format. `suffixes` are lower-case with the dot; `archive`: a zip container,
    so the archive pre-check runs before parsing; `magic`: the first bytes of such a file, and
    `sniff` an optional finer test of those bytes (formats sharing a container, e.g. zip);
    `read_grids(path)` parses the workbook (it runs in the limited child); `raw_cells(path,
    sheet)` finds error cells and result-less formulas, when the format has a reader for them.
    `label` names the format in Vietnamese notes (".xlsx"); `zip_part` is the part a zip of
    this format always holds (tells .xlsx from .xlsb by content). A format without `magic` is
    recognised by `sniff` alone (text formats); one without `suffixes` only by its content."""

    name: str
    suffixes: tuple[str, ...]
    read_grids: Callable[[str], list[Grid]]
    archive: bool = False
    magic: bytes = b""
    sniff: Callable[[bytes], bool] | None = None
    raw_cells: Callable[[Path, str], dict[Coord, RawCell]] | None = None
    label: str = ""
    zip_part: str | None = None

    def matches(self, head: bytes) -> bool:
        """Whether a file starting with `head` is of this format, by its first bytes."""
        if not self.magic:
            return self.sniff is not None and self.sniff(head)
        return head.startswith(self.magic) and (self.sniff is None or self.sniff(head))
