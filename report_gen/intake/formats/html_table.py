"""HTML tables saved as .xls: what many banking, HR and statistics systems export, and Excel
opens as a sheet. Recognised by content only (no extension of its own: an .html file in the
input folder is not taken for a workbook). Parsed with the standard library's html.parser: no
network, no scripts, no styles, no entity expansion beyond HTML's own character references.

The file becomes one grid, as Excel shows it: text outside tables (a title, "Đơn vị: ...") one
row per block, then each table's rows; colspan/rowspan keep the columns in place. Cells hold
their text (numbers as written: the pipeline parses them like typed text); empty cells None."""

from __future__ import annotations

import codecs
import re
from html.parser import HTMLParser

from report_gen.intake.archive_check import MAX_SHEET_CELLS
from report_gen.intake.formats.base import Format, Grid, ReadError, cell_ref

HEAD_MARKERS = (b"<html", b"<table", b"<!doctype html")
# Spans beyond these are not a form's merged cells.
MAX_SPAN = 100
_BLOCKS = {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "title", "caption", "pre"}
_SKIPPED = {"script", "style", "head", "template", "noscript", "object", "iframe", "svg"}
_CHARSET = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)""", re.I)
_SPACE = re.compile(r"\s+")


def sniff(head: bytes) -> bool:
    """An HTML page: after an optional byte-order mark and white space, markup, with an <html>,
    <table> or <!DOCTYPE html> in the first bytes (UTF-16 exports included)."""
    text = _head_text(head)
    return text.lstrip().startswith("<") and any(m.decode() in text for m in HEAD_MARKERS)


def _head_text(head: bytes) -> str:
    for bom, enc in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                     (codecs.BOM_UTF16_BE, "utf-16-be")):
        if head.startswith(bom):
            return head[len(bom):].decode(enc, "ignore").lower()
    return head.decode("latin-1").lower()


def decode(data: bytes) -> str:
    """The page's text: its byte-order mark, else its declared charset, else UTF-8, else
    Windows-1258 (Vietnamese Windows), whichever decodes."""
    for bom, enc in ((codecs.BOM_UTF8, "utf-8"), (codecs.BOM_UTF16_LE, "utf-16-le"),
                     (codecs.BOM_UTF16_BE, "utf-16-be")):
        if data.startswith(bom):
            return data[len(bom):].decode(enc, "replace")
    declared = _CHARSET.search(data[:4096])
    candidates = [declared.group(1).decode("ascii", "ignore")] if declared else []
    for enc in candidates + ["utf-8", "cp1258"]:
        try:
            codecs.lookup(enc)
            return data.decode(enc)
        except (LookupError, UnicodeDecodeError):
            continue
    return data.decode("cp1258", "replace")


class _TableReader(HTMLParser):
    def __init__(self, limit: int) -> None:
        super().__init__(convert_charrefs=True)
        self.rows: list[list[object]] = []
        self.limit = limit
        self.width = 0
        self.skip = 0  # inside <script>, <style>...
        self.tables = 0  # depth of <table> nesting
        self.row: int | None = None  # index in self.rows of the open <tr>
        self.col = 0
        self.cell: list[str] | None = None  # text of the open <td>/<th>
        self.span = (1, 1)
        self.taken: set[tuple[int, int]] = set()  # cells covered by an earlier rowspan
        self.loose: list[str] = []  # text outside any table
        self.seen = 0  # tables met

    # --- tags --------------------------------------------------------------------------------
    def handle_starttag(self, tag, attrs):
        if tag in _SKIPPED:
            self.skip += 1
            return
        if self.skip:
            return
        if tag == "table":
            if self.tables == 0:
                self._flush_loose()
            self.tables += 1
            self.seen += 1
        elif self.tables > 1:  # a table inside a cell: its text joins the outer cell
            if tag in ("td", "th", "br", "tr") and self.cell is not None:
                self.cell.append(" ")
        elif tag == "tr" and self.tables == 1:
            self._close_cell()
            self.rows.append([])
            self.row, self.col = len(self.rows) - 1, 0
        elif tag in ("td", "th") and self.tables == 1:
            self._close_cell()
            if self.row is None:
                self.rows.append([])
                self.row, self.col = len(self.rows) - 1, 0
            values = dict(attrs)
            self.span = (_span(values.get("rowspan")), _span(values.get("colspan")))
            self.cell = []
        elif tag == "br":
            (self.cell if self.cell is not None else self.loose).append("\n")
        elif tag in _BLOCKS and self.tables == 0:
            self._flush_loose()

    def handle_endtag(self, tag):
        if tag in _SKIPPED:
            self.skip = max(0, self.skip - 1)
            return
        if self.skip:
            return
        if tag == "table" and self.tables:
            self.tables -= 1
            if self.tables == 0:
                self._close_cell()
                self.row = None
        elif self.tables == 1 and tag in ("td", "th"):
            self._close_cell()
        elif self.tables == 1 and tag == "tr":
            self._close_cell()
            self.row = None
        elif tag in _BLOCKS and self.tables == 0:
            self._flush_loose()

    def handle_data(self, data):
        if self.skip:
            return
        if self.tables and self.cell is not None:
            self.cell.append(data)
        elif not self.tables:
            self.loose.append(data)

    # --- cells -------------------------------------------------------------------------------
    def _close_cell(self) -> None:
        if self.cell is None or self.row is None:
            self.cell = None
            return
        text = _clean("".join(self.cell))
        self.cell = None
        r = self.row
        while (r, self.col) in self.taken:
            self.col += 1
        rows, cols = self.span
        self._grow(r + rows - 1, self.col + cols - 1)
        self._put(r, self.col, text or None)
        for dr in range(rows):
            for dc in range(cols):
                if dr or dc:
                    self.taken.add((r + dr, self.col + dc))
        self.col += cols

    def _put(self, r: int, c: int, value: object) -> None:
        while len(self.rows) <= r:
            self.rows.append([])
        row = self.rows[r]
        while len(row) <= c:
            row.append(None)
        row[c] = value

    def _grow(self, last_row: int, last_col: int) -> None:
        self.width = max(self.width, last_col + 1)
        if max(len(self.rows), last_row + 1) * self.width > self.limit:
            raise ReadError(f"bảng HTML trong tệp trải tới ô {cell_ref(last_row, last_col)}, "
                            "vượt xa kích thước một biểu mẫu; đề nghị xuất lại bảng số liệu")

    def _flush_loose(self) -> None:
        text = _clean("".join(self.loose))
        self.loose = []
        if text:
            self._grow(len(self.rows), 0)
            self.rows.append([text])

    def finish(self) -> list[list[object]]:
        self.close()
        self._close_cell()
        self._flush_loose()
        return [row + [None] * (self.width - len(row)) for row in self.rows]


def _span(value: str | None) -> int:
    try:
        return max(1, min(int(str(value).strip()), MAX_SPAN))
    except (TypeError, ValueError):
        return 1


def _clean(text: str) -> str:
    """Cell text as Excel shows it: runs of white space (&nbsp; included) as one space, line
    breaks kept, ends trimmed."""
    lines = [_SPACE.sub(" ", line.replace("\xa0", " ")).strip() for line in text.split("\n")]
    return "\n".join(line for line in lines if line)


def read_grids(path: str) -> list[Grid]:
    """The page's tables as one grid named like Excel names it (the file's name)."""
    try:
        with open(path, "rb") as fh:
            data = fh.read()
    except OSError as exc:
        raise ReadError(f"không đọc được tệp ({exc.strerror or type(exc).__name__})") from None
    reader = _TableReader(MAX_SHEET_CELLS)
    try:
        reader.feed(decode(data))
        rows = reader.finish()
    except ReadError:
        raise
    except Exception as exc:  # noqa: BLE001 - html.parser is lenient; anything else is the file's
        raise ReadError(f"tệp HTML hỏng, không đọc được bảng ({type(exc).__name__})") from None
    if not reader.seen or not any(v is not None for row in rows for v in row):
        raise ReadError("trang HTML không có bảng nào, không phải bảng tính hợp lệ")
    return [Grid(name=_sheet_name(path), rows=rows)]


def _sheet_name(path: str) -> str:
    from pathlib import Path

    from report_gen.intake.entries import display_name
    stem = display_name(Path(path).stem)
    return re.sub(r"[\[\]:*?/\\]", "_", stem)[:31] or "Sheet1"


FORMAT = Format(name="html", suffixes=(), read_grids=read_grids, sniff=sniff,
                label="trang HTML chứa bảng (kiểu xuất từ các phần mềm nghiệp vụ)")
