"""bao_cao_Y.docx: the review as a Word document the office edits before it is signed, in the
official format of Nghị định 30/2020 (A4, margins, Times New Roman, header block, page numbers
from page 2, landscape appendices), with real Word styles (Heading 1/2 for the outline).

Its content is the PDF's: the review's context (report_gen.outputs.html.context, shared with the
HTML through BuildJob.review) walked in the order of review.html.j2, its prose paragraphs read
from the same HTML fragments and its numbers formatted by the same functions; the charts are the
same figures drawn as PNG. Everything written is plain text (report_gen.outputs.wordml): no
field but the page number, no hyperlink, whatever a unit or the committee wrote.

`[outputs] docx = false` in the configuration turns it off (`enabled`)."""

from __future__ import annotations

import datetime as dt
import hashlib
from importlib.metadata import version
from io import BytesIO
from pathlib import Path

from docx.enum.section import WD_SECTION
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Mm

from report_gen import __version__
from report_gen import text as vn
from report_gen.outputs import wordml as w
from report_gen.outputs.atomic import atomic_path, write_text
from report_gen.outputs.charts import chart_png
from report_gen.outputs.docx_blocks import Cell, grid, prose
from report_gen.outputs.html import signed, signed_pct

KEY = "docx"
FILENAME = "bao_cao_{year}.docx"
DPI = 200  # charts: print resolution
CENTER, RIGHT = WD_ALIGN_PARAGRAPH.CENTER, WD_ALIGN_PARAGRAPH.RIGHT


def write(job, path: Path) -> None:
    """Write the Word copy, unless the one in place was written from the same review (its
    content key, beside it as the PDF's: the review's HTML says everything the copy does)."""
    key = hashlib.sha256("\0".join((__version__, version("python-docx"), str(DPI),
                                     job.document.html)).encode("utf-8")).hexdigest()
    marker = path.with_name(f".{path.name}.sha256")
    try:
        if path.is_file() and marker.read_text(encoding="utf-8") == key:
            return
    except OSError:
        pass
    doc = review_document(job.cons, job.review)
    doc.core_properties.title = w.clean(job.document.title)
    doc.core_properties.author = w.clean(job.document.author)
    with atomic_path(path) as tmp:
        doc.save(str(tmp))
    write_text(marker, key)


def review_document(cons, ctx: dict):
    """The review as a python-docx Document, from its context."""
    doc = w.new_document()
    props = doc.core_properties
    props.subject, props.keywords, props.comments = w.clean(ctx["subject"]), "", ""
    props.last_modified_by, props.revision = "report-gen", 1
    props.created = props.modified = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    section = doc.sections[0]
    w.set_page(section, w.PORTRAIT)
    _page_headers(section, ctx["draft"])
    _heading_block(doc, ctx)
    if ctx["draft"]:
        _draft_box(doc, ctx)
    _body(doc, cons, ctx)
    _closing(doc, ctx)
    _appendices(doc, ctx)
    return doc


def _page_headers(section, draft: bool) -> None:
    """The page number centred at the top from page 2; a draft's mark on every page."""
    section.different_first_page_header_footer = True
    first, header = section.first_page_header, section.header
    first.is_linked_to_previous = False  # its own header, empty unless a draft's
    if draft:
        for part in (first, header):
            mark = part.paragraphs[0]
            mark.alignment = RIGHT
            w.box_run(w.run(mark, "DỰ THẢO", bold=True, size=12))
        number = w.para(header, style="Header")
    else:
        number = header.paragraphs[0]
        w.set_style(number, "Header")
    w.page_field(number)


def _heading_block(doc, ctx: dict) -> None:
    """Issuing body | national title, each with its rule; then "BÁO CÁO" and the subject."""
    d = ctx["doc"]
    widths = [w.PORTRAIT.text_width * 0.43, w.PORTRAIT.text_width * 0.57]
    left, right = w.plain_table(doc, widths).rows[0].cells
    for cell in (left, right):
        cell._tc.remove(cell.paragraphs[0]._p)
    if d.issuing_parent:
        w.para(left, d.issuing_parent, align=CENTER, size=12.5)
    w.para(left, d.issuing_body, align=CENTER, bold=True, size=12.5)  # "\n": a line break
    widest = max(w.text_mm(line, 12.5, bold=True) for line in d.issuing_body.split("\n"))
    w.rule(left, 0.4 * widest, widths[0])
    w.para(left, f"Số: {d.number}", align=CENTER, size=13, before=8)
    w.para(right, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", align=CENTER, bold=True, size=12.5)
    motto = "Độc lập - Tự do - Hạnh phúc"
    w.para(right, motto, align=CENTER, bold=True, size=13.5)
    w.rule(right, w.text_mm(motto, 13.5, bold=True), widths[1])
    w.para(right, ctx["date_line"], align=CENTER, italic=True, size=13.5, before=8)
    w.para(doc, "BÁO CÁO", align=CENTER, bold=True, size=14, before=20, keep=True)
    w.para(doc, ctx["subject"], align=CENTER, bold=True, size=14, keep=True)
    w.rule(doc, 0.3 * w.PORTRAIT.text_width, w.PORTRAIT.text_width, after=12)


def _draft_box(doc, ctx: dict) -> None:
    """What the HTML's draft box lists, in a framed cell."""
    cell = w.plain_table(doc, [w.PORTRAIT.text_width], style="Table Grid").rows[0].cells[0]
    first = cell.paragraphs[0]
    w.run(first, ctx["draft_headline"], bold=True, size=12)
    w.run(first, " Báo cáo này chưa dùng để ban hành.", size=12)
    limit = ctx["detail_limit"]
    items = list(ctx["draft_reasons"])
    if ctx["force_draft"] and not any(ctx[k] for k in ("draft_reasons", "missing", "rejected",
                                                        "incomplete", "problems",
                                                        "province_problems")):
        items.append("Báo cáo được lập ở dạng dự thảo theo yêu cầu (tùy chọn --draft).")
    for key, what in (("missing", "Đơn vị chưa gửi báo cáo"),
                      ("rejected", "Đơn vị gửi tệp không dùng được, bị từ chối")):
        names = ctx[key]
        if names:
            more = f" và {len(names) - limit} đơn vị khác" if len(names) > limit else ""
            items.append(f"{what} ({len(names)}): {', '.join(names[:limit])}{more}.")
    if ctx["incomplete"]:
        items.append("Số liệu chưa đầy đủ (đơn vị đã gửi báo cáo nhưng để trống hoặc ghi không "
                     f"hợp lệ): {'; '.join(ctx['incomplete'])}.")
    for unit, file, p in ctx["problems"][:30]:
        where = "".join([f", trang tính “{p.sheet}”" if p.sheet else "",
                         f", ô {p.cell}" if p.cell else ""])
        items.append(f"{unit} ({file}{where}): {p.message}")
    if len(ctx["problems"]) > 30:
        items.append(f"… và {len(ctx['problems']) - 30} lỗi khác (xem bảng tổng hợp).")
    items += [f"Toàn tỉnh: {p.message}" for p in ctx["province_problems"]]
    for item in items:
        w.para(cell, f"- {item}", size=12)
    w.para(doc, after=6)


def _body(doc, cons, ctx: dict) -> None:
    prose(doc, ctx["opening"])
    if ctx["reorganisation"]:
        w.para(doc, ctx["reorganisation"], "Body Text")
    w.para(doc, f"{ctx['completeness']['sentence']} Kết quả cụ thể như sau:", "Body Text")
    w.para(doc, f"{ctx['roman'][0]}. KẾT QUẢ THỰC HIỆN", "Heading 1")
    for k, part in enumerate(ctx["results_parts"], start=1):
        w.para(doc, f"{k}. {part.title}", "Heading 2")
        prose(doc, part.html)
        if part.code == "A" and ctx["typical"]:
            _typical(doc, ctx)
        if part.code in ("A", "G"):
            _figure(doc, cons, ctx, "models" if part.code == "A" else "classification")
    _figure(doc, cons, ctx, "trend")
    for k, part in enumerate(ctx["commentary"], start=1):
        w.para(doc, f"{ctx['roman'][k]}. {part.title.upper()}", "Heading 1")
        prose(doc, part.html)


def _typical(doc, ctx: dict) -> None:
    w.para(doc, "Điển hình là các mô hình:", "Body Text")
    typical, limit = ctx["typical"], ctx["detail_limit"]
    shown = typical[:limit]
    for k, m in enumerate(shown):
        name = m.name if m.name.startswith("“") else f"“{m.name}”"
        where = ctx["unit_name"](m.unit) + (f", {m.commune}" if m.commune else "")
        end = ";" if k < len(shown) - 1 or len(typical) > limit else "."
        w.para(doc, f"- {name} ({where}){end}", "Body Text", indent=0, left=w.INDENT, after=0)
    if len(typical) > limit:
        w.para(doc, f"- và {len(typical) - limit} mô hình điển hình khác (xem bảng tổng hợp).",
               "Body Text", indent=0, left=w.INDENT, after=0)


def _figure(doc, cons, ctx: dict, key: str) -> None:
    """A chart: its numbered title, the figure as PNG at print resolution, its source."""
    if key not in ctx["charts"]:
        return
    number, chart = ctx["charts"][key]
    w.para(doc, f"Biểu đồ {number}. {chart.title}", "Caption")
    picture = w.para(doc, align=CENTER, keep=True)
    picture.add_run().add_picture(BytesIO(chart_png(cons, chart, DPI)), width=Cm(16))
    w.para(doc, chart.source, w.SOURCE, align=CENTER)


def _closing(doc, ctx: dict) -> None:
    """"Nơi nhận" and the signature block side by side, never split."""
    d = ctx["doc"]
    half = w.PORTRAIT.text_width / 2
    table = w.plain_table(doc, [half, half])
    w.row_flags(table.rows[0])
    left, right = table.rows[0].cells
    label = left.paragraphs[0]
    label.paragraph_format.space_before = Mm(4)
    w.run(label, "Nơi nhận:", bold=True, italic=True, size=12)
    for r in ctx["recipients"]:
        w.para(left, f"- {r};", size=11)
    w.para(left, f"- {d.archive}.", size=11)
    first = right.paragraphs[0]
    first.alignment = CENTER
    first.paragraph_format.space_before = Mm(4)
    w.run(first, d.signer_on_behalf, bold=True)
    w.para(right, d.signer_title, align=CENTER, bold=True)
    w.para(right, after=0).paragraph_format.space_before = Mm(26)
    w.para(right, d.signer_name, align=CENTER, bold=True)


def _appendix_head(doc, ctx: dict, number: str, title: str, *, page_break: bool) -> None:
    head = w.para(doc, f"Phụ lục {number}\n", "Heading 1", align=CENTER, indent=0,
                  before=0, after=0, page_break=page_break)
    w.run(head, title, size=13)
    w.para(doc, f"(Kèm theo Báo cáo số {ctx['doc'].number} {ctx['date_short']})", align=CENTER,
           italic=True, size=12, before=2, after=8)


def _appendices(doc, ctx: dict) -> None:
    year, apx = ctx["year"], ctx["apx"]
    if ctx["comparison"]:
        _appendix_head(doc, ctx, apx["compare"], f"SỐ LIỆU TOÀN TỈNH NĂM {year} SO VỚI NĂM "
                       f"{ctx['previous_year']}", page_break=True)
        _comparison(doc, ctx)
    wide = doc.add_section(WD_SECTION.NEW_PAGE)
    w.set_page(wide, w.LANDSCAPE)
    wide.different_first_page_header_footer = False  # the number on every landscape page
    _appendix_head(doc, ctx, apx["units"], f"SỐ LIỆU KẾT QUẢ PHONG TRÀO NĂM {year} THEO ĐƠN VỊ",
                   page_break=False)
    if not ctx["detailed"]:
        w.para(doc, f"Báo cáo tổng hợp {ctx['expected']} đơn vị: số liệu chi tiết của từng đơn "
               f"vị xem trong bảng tổng hợp tong_hop_{year}.xlsx kèm theo.", align=CENTER,
               italic=True, size=12, after=8)
    for t in ctx["tables"]:
        _unit_table(doc, t, ctx["long_table"])
    w.para(doc, "Nguồn: tổng hợp từ báo cáo của các đơn vị; dấu “–” là chưa có số liệu.",
           w.SOURCE)
    _appendix_head(doc, ctx, apx["models"], f"DANH SÁCH MÔ HÌNH TỰ QUẢN VỀ ANTT NĂM {year}",
                   page_break=True)
    _models(doc, ctx)
    w.para(doc, "Nguồn: danh sách mô hình do các đơn vị gửi kèm báo cáo; “x” là mô hình được "
           "đơn vị đề xuất là điển hình.", w.SOURCE)


def _num(value, mark: bool = False) -> Cell:
    return Cell(vn.number(value), RIGHT, mark=mark)


def _comparison(doc, ctx: dict) -> None:
    year, py = ctx["year"], ctx["previous_year"]
    head = [Cell(t) for t in ("Chỉ tiêu", "Đơn vị tính", f"Năm {py}", f"Năm {year}",
                              "Tăng (+), giảm (−)", "Tỷ lệ")]
    rows, sections = [], set()
    for r in ctx["comparison"]:
        if "section" in r:
            sections.add(len(rows))
            rows.append([Cell(f"{r['section'].code}. {r['section'].title}", bold=True)])
            continue
        i = r["indicator"]
        rows.append([Cell(("    " if i.indent else "") + i.label), Cell(i.unit),
                     _num(r["previous"]), _num(r["current"], r["short"]),
                     Cell(signed(r["diff"]), RIGHT), Cell(signed_pct(r["pct"]), RIGHT)])
    grid(doc, [62, 22, 19, 19, 23, 20], head, rows, size=11, merged=frozenset(sections))
    basis = "" if ctx["like_for_like"] else "toàn tỉnh "
    w.para(doc, f"Nguồn: số liệu {basis}năm {py} đã lưu và báo cáo của các đơn vị năm {year}; "
           "dấu “–” là chưa có số liệu.", w.SOURCE)
    if ctx["comparison_short"]:
        w.para(doc, f"(*) Số liệu năm {year} chưa đầy đủ, không tính tăng, giảm: "
               f"{'; '.join(ctx['comparison_short'])}.", w.SOURCE)
    if ctx["comparison_note"]:
        w.para(doc, f"Ghi chú: {ctx['comparison_note']}", w.SOURCE)


def _unit_table(doc, t: dict, long_table: int) -> None:
    section = t["section"]
    w.para(doc, f"{section.code}. {section.title}", "Heading 2", indent=0, size=12,
           before=8, after=3)
    inds = t["indicators"]
    first = 34
    widths = [first] + [(w.LANDSCAPE.text_width - first) / len(inds)] * len(inds)
    head = [Cell("Đơn vị")] + [Cell(i.label, note=i.unit) for i in inds]
    rows = [[Cell(f"{name} ({note})" if note else name, italic=bool(note) or None)]
            + [_num(v) for v in values] for name, values, note in t["rows"]]
    rows.append([Cell("Toàn tỉnh")] + [_num(v, m) for v, m in zip(t["total"], t["marked"])])
    grid(doc, widths, head, rows, bold_rows=frozenset({len(rows) - 1}),
          whole=len(t["rows"]) <= long_table)
    if t["notes"]:
        w.para(doc, f"(*) Số liệu toàn tỉnh chưa đầy đủ: {'; '.join(t['notes'])}.", w.SOURCE)


def _models(doc, ctx: dict) -> None:
    levels = ctx["register_levels"]
    if ctx["register_summary"] is not None:
        w.para(doc, f"Danh sách {vn.number(len(ctx['models']))} mô hình của {ctx['expected']} "
               f"đơn vị xem trong bảng tổng hợp tong_hop_{ctx['year']}.xlsx; dưới đây là số mô "
               "hình theo lĩnh vực và cấp.", align=CENTER, italic=True, size=12, after=8)
        rest = (w.LANDSCAPE.text_width - 90) / (len(levels) + 1)
        head = [Cell("Lĩnh vực")] + [Cell(f"Cấp {lv}") for lv in levels] + [Cell("Cộng")]
        rows = [[Cell(name)] + [_num(v) for v in row] + [_num(total)]
                for name, row, total in ctx["register_summary"]]
        grid(doc, [90] + [rest] * (len(levels) + 1), head, rows)
        return
    # the PDF's column widths (review.css), stretched to the landscape page
    css = [9, 74, 38, 12, 50, 30, 15, 14]
    widths = [c * w.LANDSCAPE.text_width / sum(css) for c in css]
    head = [Cell(t) for t in ("STT", "Tên mô hình", "Đơn vị", "Cấp", "Lĩnh vực",
                              "Xã, phường nơi hoạt động", "Năm thành lập", "Điển hình")]
    rows = [[Cell(str(k), RIGHT), Cell(m.name), Cell(ctx["unit_name"](m.unit)), Cell(m.level),
             Cell(m.field or ""), Cell(m.commune or ""), Cell(str(m.founded or ""), RIGHT),
             Cell("x" if m.typical else "", CENTER)]
            for k, m in enumerate(ctx["models"], start=1)]
    grid(doc, widths, head, rows)
