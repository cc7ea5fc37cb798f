"""Blocks of the Word copy of the review (report_gen.outputs.docx): the appendices' tables
(grid, header row repeated, rows never split) and the prose paragraphs read from the review's
HTML fragments (the sentences of each section, the committee's Markdown), bold and italic kept,
links and any other markup reduced to their text."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

from docx.enum.table import WD_CELL_VERTICAL_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH

from report_gen.outputs import wordml as w

CENTER = WD_ALIGN_PARAGRAPH.CENTER


@dataclass
class Cell:
    """A table cell's text and how it is set."""

    text: str
    align: object = None
    bold: bool | None = None
    italic: bool | None = None
    mark: bool = False  # a "*" after it: a total that misses a unit that sent its report
    note: str = ""  # a second line in italics: "(mô hình)" under a column's title


def grid(doc, widths: list[float], head: list[Cell], rows: list[list[Cell]], *,
         size: float = w.TABLE_SIZE, bold_rows: frozenset[int] = frozenset(),
         merged: frozenset[int] = frozenset(), whole: bool = False) -> None:
    """A table in the "Table Grid" style: the header row repeated on every page, rows never
    split; rows in `merged` are one shaded cell across (a section's title). A `whole` table
    is kept on one page (each row kept with the next), as the PDF keeps a short one."""
    table = w.plain_table(doc, widths, style="Table Grid")
    w.row_flags(table.rows[0], header=True)
    header = table.rows[0].cells
    for cell in header:
        cell.vertical_alignment = WD_CELL_VERTICAL_ALIGNMENT.CENTER
    _fill(header, [Cell(c.text, CENTER, True, note=c.note) for c in head], size, whole)
    shapes: dict[tuple, object] = {}  # a row already made, by the shape of its cells
    for k, cells in enumerate(rows):
        if k in bold_rows:
            cells = [Cell(c.text, c.align, True, c.italic, c.mark) for c in cells]
        keep = whole and k < len(rows) - 1
        shape = (k in merged, keep, tuple((c.align, c.bold, c.italic, c.mark, c.note,
                                           bool(c.text), "\n" in c.text or "\t" in c.text)
                                          for c in cells))
        if shape in shapes and not any(s[-1] for s in shape[2]):
            # a copy of a row of the same shape with its texts replaced: python-docx builds
            # a row element by element, ten times slower for the long tables
            w.copy_row(table, shapes[shape], [c.text for c in cells])
            continue
        row = table.add_row()
        w.row_flags(row)
        target = row.cells
        if k in merged:
            target = [target[0].merge(target[-1])]
            w.shade(target[0])
        _fill(target, cells, size, keep)
        shapes[shape] = row._tr


def _fill(cells, values: list[Cell], size: float, keep: bool = False) -> None:
    size = None if size == w.TABLE_SIZE else size  # the style's size
    for cell, v in zip(cells, values):
        p = cell.paragraphs[0]
        w.set_style(p, w.TABLE_TEXT)
        if keep:
            p.paragraph_format.keep_with_next = True
        if v.align is not None:
            p.alignment = v.align
        w.run(p, v.text, bold=v.bold, italic=v.italic, size=size)
        if v.mark:
            w.run(p, "*", bold=v.bold, size=size, sup=True)
        if v.note:
            w.run(p, f"\n({v.note})", bold=v.bold, italic=True, size=size)


@dataclass
class _Block:
    kind: str  # "p", "li" or "h"
    runs: list[tuple[str, bool, bool]] = field(default_factory=list)  # (text, bold, italic)

    @property
    def text(self) -> str:
        return "".join(t for t, _b, _i in self.runs)


class _Blocks(HTMLParser):
    """Paragraphs of an HTML fragment with their bold and italic runs; links, code and any
    other markup keep only their text."""

    BLOCKS = {"p", "li", "blockquote", "pre", "h1", "h2", "h3", "h4", "h5", "h6"}

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.blocks: list[_Block] = []
        self.lists: list[list] = []  # ["ul" | "ol", items so far]
        self.bold = self.italic = 0
        self.current: _Block | None = None

    def handle_starttag(self, tag, attrs) -> None:
        if tag in ("ul", "ol"):
            self.lists.append([tag, 0])
        elif tag == "p" and self.current is not None and self.current.kind == "li":
            pass  # a list item's first paragraph (a loose list) continues the item
        elif tag in self.BLOCKS:
            kind = "li" if tag == "li" else "h" if tag[0] == "h" else "p"
            self.current = _Block(kind)
            self.blocks.append(self.current)
            if tag == "li" and self.lists:
                self.lists[-1][1] += 1
                kind_, n = self.lists[-1]
                self.current.runs.append(("- " if kind_ == "ul" else f"{n}. ", False, False))
        elif tag in ("strong", "b"):
            self.bold += 1
        elif tag in ("em", "i"):
            self.italic += 1
        elif tag == "br":
            self._text("\n")

    def handle_endtag(self, tag) -> None:
        if tag in ("ul", "ol") and self.lists:
            self.lists.pop()
        elif tag in self.BLOCKS:
            self.current = None
        elif tag in ("strong", "b"):
            self.bold = max(0, self.bold - 1)
        elif tag in ("em", "i"):
            self.italic = max(0, self.italic - 1)

    def handle_data(self, data) -> None:
        self._text(re.sub(r"[ \t\r\n]+", " ", data))

    def _text(self, text: str) -> None:
        if self.current is None:
            if not text.strip():
                return
            self.current = _Block("p")
            self.blocks.append(self.current)
        self.current.runs.append((text, self.bold > 0, self.italic > 0))


def prose(doc, fragment) -> None:
    """Write an HTML fragment of the review: paragraphs in Body Text; a paragraph that is only
    a bold "1. …" (a "## " subheading of the committee's text) in Heading 2."""
    parser = _Blocks()
    parser.feed(str(fragment))
    parser.close()
    for block in parser.blocks:
        text = block.text.strip(" ")
        if not text:
            continue
        if block.kind == "h" or (all(b for t, b, _i in block.runs if t.strip())
                                 and re.match(r"\d+\. ", text)):
            w.para(doc, text, "Heading 2")
            continue
        item = block.kind == "li"  # "- …" indented, as the PDF's lists
        p = w.para(doc, style="Body Text", indent=0 if item else None,
                   left=w.INDENT if item else None, after=0 if item else None)
        runs = block.runs
        for k, (t, bold, italic) in enumerate(runs):
            t = t.lstrip(" ") if k == 0 else t
            t = t.rstrip(" ") if k == len(runs) - 1 else t
            w.run(p, t, bold=bold or None, italic=italic or None)
