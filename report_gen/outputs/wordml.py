"""Building blocks of the Word copy of the review (report_gen.outputs.docx) over python-docx:
the document's styles in the official format (Nghị định 30/2020: Times New Roman, black), page
geometry, paragraphs and runs whose text is always plain text (control characters XML 1.0
forbids are dropped, never a field or a hyperlink), short rules, the PAGE field, and tables.

What the review says is decided elsewhere (report_gen.outputs.html.context); this module only
knows how a Word document is made."""

from __future__ import annotations

import re
from copy import deepcopy
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Cm, Mm, Pt, RGBColor

FONT = "Times New Roman"
FONTS = Path(__file__).resolve().parent.parent / "assets" / "fonts"  # metric-compatible faces
INDENT = Cm(1.27)  # first-line indent of the body (the PDF's text-indent)
BLACK = RGBColor(0, 0, 0)
# Styles of our own, named in Vietnamese: the office sees these names in Word's style list.
TABLE_TEXT = "Chữ trong bảng"
SOURCE = "Ghi chú nguồn"
TABLE_SIZE = 10.5  # pt, the text of the appendices' tables
# The style ids of the styles by name: a paragraph takes its style by id (python-docx's look-up by
# name scans every style of the document, for each paragraph).
STYLE_IDS = {"Normal": "Normal", "Body Text": "BodyText", "Heading 1": "Heading1",
             "Heading 2": "Heading2", "Caption": "Caption", "Header": "Header",
             TABLE_TEXT: "TableText", SOURCE: "SourceNote"}
# Characters XML 1.0 forbids (python-docx raises on them): dropped from every text written.
_NOT_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ud800-\udfff\ufffe\uffff]")


@dataclass(frozen=True)
class Page:
    """A page size and its margins, in millimetres."""

    width: float
    height: float
    top: float
    right: float
    bottom: float
    left: float

    @property
    def text_width(self) -> float:
        return self.width - self.left - self.right


# The review's pages, as review.css sets them for the PDF.
PORTRAIT = Page(210, 297, top=20, right=15, bottom=20, left=30)
LANDSCAPE = Page(297, 210, top=20, right=20, bottom=20, left=25)
HEADER_DISTANCE = 8  # mm from the top edge: the page number sits in the middle of the margin


def clean(text: object) -> str:
    """`text` as a string Word can hold: without the control characters XML 1.0 forbids."""
    return _NOT_XML.sub("", str(text))


def set_page(section, page: Page) -> None:
    section.orientation = WD_ORIENT.LANDSCAPE if page.width > page.height else WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(page.width), Mm(page.height)
    section.top_margin, section.bottom_margin = Mm(page.top), Mm(page.bottom)
    section.left_margin, section.right_margin = Mm(page.left), Mm(page.right)
    section.header_distance = section.footer_distance = Mm(HEADER_DISTANCE)


def _plain_font(rpr) -> None:
    """Times New Roman for every script in the run properties `rpr`, instead of the template's
    theme fonts (which win over a named font), and black instead of a theme colour."""
    for old in rpr.findall(qn("w:rFonts")) + rpr.findall(qn("w:color")):
        rpr.remove(old)
    fonts = OxmlElement("w:rFonts")
    for attr in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attr), FONT)
    rpr.insert(0, fonts)


def new_document():
    """An empty document with the review's styles (python-docx's template, less its thumbnail:
    the picture of a blank page a file browser would show)."""
    doc = Document()
    rels = doc.part.package.rels
    for rid in [k for k, rel in rels.items() if rel.reltype == RT.THUMBNAIL]:
        rels.pop(rid)
    set_styles(doc)
    return doc


def set_styles(doc) -> None:
    """The review's styles: Normal (Times New Roman 14 pt, Vietnamese), Body Text (justified,
    first-line indent, 6 pt after), Heading 1/2 (bold, black, 14 pt, as the PDF's section
    titles), Caption (chart titles), Header (page number), and the table text and source notes."""
    defaults = doc.styles.element.find(qn("w:docDefaults"))
    rpr_default = defaults.find(qn("w:rPrDefault")).find(qn("w:rPr"))
    _plain_font(rpr_default)
    for old in rpr_default.findall(qn("w:lang")):
        rpr_default.remove(old)
    lang = OxmlElement("w:lang")
    lang.set(qn("w:val"), "vi-VN")
    lang.set(qn("w:eastAsia"), "vi-VN")
    rpr_default.append(lang)
    styles = doc.styles
    _style(styles["Normal"], size=14, after=0, line=1.0)
    _style(styles["Body Text"], align=WD_ALIGN_PARAGRAPH.JUSTIFY, indent=INDENT, after=6,
           line=1.15)
    for name, before in (("Heading 1", 12), ("Heading 2", 6)):
        style = styles[name]
        _plain_font(style.element.get_or_add_rPr())
        _style(style, size=14, bold=True, indent=INDENT, before=before, after=6, line=1.15)
        style.font.italic = False
        style.paragraph_format.keep_with_next = True
    caption = styles["Caption"]
    _plain_font(caption.element.get_or_add_rPr())
    _style(caption, size=12, bold=True, align=WD_ALIGN_PARAGRAPH.CENTER, before=6, after=2)
    caption.paragraph_format.keep_with_next = True
    _style(styles["Header"], size=13, align=WD_ALIGN_PARAGRAPH.CENTER)
    for name in (TABLE_TEXT, SOURCE):
        style = styles.add_style(name, WD_STYLE_TYPE.PARAGRAPH)
        style.style_id = STYLE_IDS[name]
        style.base_style = styles["Normal"]
    _style(styles[TABLE_TEXT], size=TABLE_SIZE, after=0, line=1.0)
    _style(styles[SOURCE], size=10.5, italic=True, align=WD_ALIGN_PARAGRAPH.LEFT, before=2,
           after=6)


def _style(style, *, size=None, bold=None, italic=None, align=None, indent=None, before=None,
           after=None, line=None) -> None:
    font, fmt = style.font, style.paragraph_format
    if size is not None:
        font.size = Pt(size)
    font.bold, font.italic = bold, italic
    font.color.rgb = BLACK
    _format(fmt, align=align, indent=indent, before=before, after=after, line=line)


def _format(fmt, *, align=None, indent=None, left=None, before=None, after=None,
            line=None) -> None:
    """Set what is given of a paragraph format (a style's or a paragraph's); sizes in points."""
    for attr, value in (("alignment", align), ("first_line_indent", indent),
                        ("left_indent", left), ("line_spacing", line),
                        ("space_before", None if before is None else Pt(before)),
                        ("space_after", None if after is None else Pt(after))):
        if value is not None:
            setattr(fmt, attr, value)


def para(container, text: str = "", style: str | None = None, *, align=None, bold=None,
         italic=None, size=None, indent=None, left=None, before=None, after=None,
         keep: bool = False, page_break: bool = False):
    """A paragraph of `container` (document, cell, header) with `text` as one run."""
    p = container.add_paragraph()
    if style:
        set_style(p, style)
    fmt = p.paragraph_format
    _format(fmt, align=align, indent=indent, left=left, before=before, after=after)
    if keep:
        fmt.keep_with_next = True
    if page_break:
        fmt.page_break_before = True
    if text:
        run(p, text, bold=bold, italic=italic, size=size)
    return p


def set_style(p, name: str) -> None:
    p._p.style = STYLE_IDS[name]


def run(p, text: str, *, bold=None, italic=None, size=None, sup: bool = False):
    """A run of plain text: tabs and line breaks as Word's, nothing else interpreted."""
    r = p.add_run(clean(text))
    if bold is not None:
        r.bold = bold
    if italic is not None:
        r.italic = italic
    if size is not None:
        r.font.size = Pt(size)
    if sup:
        r.font.superscript = True
    return r


@lru_cache(maxsize=8)
def _face(bold: bool):
    from PIL import ImageFont
    return ImageFont.truetype(str(FONTS / f"LiberationSerif-{'Bold' if bold else 'Regular'}.ttf"),
                              100)


def text_mm(text: str, size: float, bold: bool = False) -> float:
    """How wide `text` is set in Times New Roman at `size` pt (Liberation Serif has its metrics)."""
    return _face(bold).getlength(text) / 100 * size * 25.4 / 72


def rule(container, width_mm: float, box_mm: float, after: float = 0) -> None:
    """A short horizontal rule `width_mm` long, centred in a box `box_mm` wide: the line under
    the issuing body, the motto and the subject (an empty paragraph with a top border)."""
    side = Mm(max(0.0, (box_mm - width_mm) / 2))
    p = container.add_paragraph()
    fmt = p.paragraph_format
    fmt.left_indent = fmt.right_indent = side
    fmt.first_line_indent = 0
    fmt.space_before, fmt.space_after = Pt(2), Pt(after)
    fmt.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    fmt.line_spacing = Pt(2)
    box = OxmlElement("w:pBdr")
    box.append(_line("w:top", 5))
    _put(p._p.get_or_add_pPr(), box, _AFTER_PBDR)


def box_run(r) -> None:
    """A black frame around a run (the "DỰ THẢO" mark)."""
    _put(r._r.get_or_add_rPr(), _line("w:bdr", 8), _AFTER_BDR)


# What follows an element in its parent, in the schema's order (Word rejects another order).
_AFTER_PBDR = ("w:shd", "w:tabs", "w:suppressAutoHyphens", "w:snapToGrid", "w:spacing", "w:ind",
               "w:contextualSpacing", "w:jc", "w:textAlignment", "w:outlineLvl", "w:rPr",
               "w:sectPr", "w:pPrChange")
_AFTER_BDR = ("w:shd", "w:fitText", "w:vertAlign", "w:rtl", "w:cs", "w:em", "w:lang",
              "w:eastAsianLayout", "w:specVanish", "w:oMath")
_AFTER_SHD = ("w:noWrap", "w:tcMar", "w:textDirection", "w:tcFitText", "w:vAlign", "w:hideMark")


def _put(parent, element, successors: tuple[str, ...]) -> None:
    parent.insert_element_before(element, *successors)


def _line(tag: str, size: int):
    """A single black line `size` eighths of a point thick."""
    line = OxmlElement(tag)
    for key, value in (("w:val", "single"), ("w:sz", str(size)), ("w:space", "1"),
                       ("w:color", "000000")):
        line.set(qn(key), value)
    return line


def page_field(p) -> None:
    """The PAGE field (the page number), the only field of the document."""
    for kind, text in (("begin", None), (None, " PAGE "), ("separate", None), (None, "1"),
                       ("end", None)):
        r = p.add_run()
        if kind:
            mark = OxmlElement("w:fldChar")
            mark.set(qn("w:fldCharType"), kind)
            r._r.append(mark)
        elif text == " PAGE ":
            instr = OxmlElement("w:instrText")
            instr.set(qn("xml:space"), "preserve")
            instr.text = text
            r._r.append(instr)
        else:
            r.text = text


def plain_table(container, widths_mm: list[float], style: str | None = None):
    """A table of one row with fixed column widths; borderless and without cell margins (a
    layout grid) unless `style` gives borders (then cells padded 1.5 pt × 3 pt, as the PDF's)."""
    table = container.add_table(rows=1, cols=len(widths_mm))
    if style:
        table.style = style
    margins = OxmlElement("w:tblCellMar")
    for side, padded in (("top", "30"), ("left", "60"), ("bottom", "30"), ("right", "60")):
        pad = OxmlElement(f"w:{side}")
        pad.set(qn("w:w"), padded if style else "0")  # twentieths of a point
        pad.set(qn("w:type"), "dxa")
        margins.append(pad)
    _put(table._tbl.tblPr, margins, ("w:tblLook", "w:tblCaption", "w:tblDescription"))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False  # fixed layout: the widths below, not the content, decide
    for col, w in zip(table.columns, widths_mm):
        col.width = Mm(w)
    size_cells(table.rows[0], widths_mm)
    return table


def size_cells(row, widths_mm: list[float]) -> list:
    cells = row.cells
    for cell, w in zip(cells, widths_mm):
        cell.width = Mm(w)
    return cells


def copy_row(table, tr, texts: list[str]) -> None:
    """Append a copy of the row element `tr` to `table`, the first text of each of its cells
    replaced by `texts` (one line each, no tab: those rows are made by python-docx)."""
    new = deepcopy(tr)
    for tc, text in zip(new.iterchildren(qn("w:tc")), texts):
        t = next(tc.iter(qn("w:t")), None)
        if t is not None:
            t.text = clean(text)
            if t.text != t.text.strip():
                t.set(qn("xml:space"), "preserve")
    table._tbl.append(new)


def row_flags(row, *, header: bool = False) -> None:
    """A row never split across pages; a header row repeated on every page the table spans."""
    trpr = row._tr.get_or_add_trPr()
    trpr.append(OxmlElement("w:cantSplit"))
    if header:
        trpr.append(OxmlElement("w:tblHeader"))


def shade(cell, fill: str = "EEEEEE") -> None:
    shd = OxmlElement("w:shd")
    shd.set(qn("w:val"), "clear")
    shd.set(qn("w:color"), "auto")
    shd.set(qn("w:fill"), fill)
    _put(cell._tc.get_or_add_tcPr(), shd, _AFTER_SHD)
