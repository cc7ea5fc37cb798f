"""tong_hop_Y.xlsx: one sheet per section (units × indicators with the province total), the model
register and the intake ledger. Numbers are numbers with Vietnamese-style formats; text from
submissions is always written as text, never as a formula."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableStyleInfo

from report_gen.aggregate import all_unit_values, unit_values
from report_gen.model import MISSING, STATE_SHORT_VI, STATUS_VI, UNIT_REJECTED, Consolidation
from report_gen.outputs.atomic import atomic_path
from report_gen.review.areas import DistrictView, district_view
from report_gen.review.figures import DETAIL_UNITS, figures
from report_gen.store.compare import NEW
from report_gen.review.prose import comparison_note, not_included

_BOLD = Font(bold=True)
_HEAD = PatternFill("solid", fgColor="DDE7F0")
# Vietnamese number formats: the locale tag makes LibreOffice show 1.234 and 12,5 whatever the
# PC's settings; Excel shows the separators of the PC's regional settings (Vietnamese: the same).
FMT_INT = "[$-42A]#,##0"
FMT_DEC = "[$-42A]#,##0.0##"
FMT_PCT = "[$-42A]0.0%"
FMT_DATE = "dd/mm/yyyy"


def put(ws, row: int, col: int, value: object):
    """Write a value; strings always as text (a leading = + - @ never becomes a formula)."""
    cell = ws.cell(row=row, column=col)
    if isinstance(value, str):
        cell.value = value
        cell.data_type = "s"
    else:
        cell.value = value
    return cell


def _header(ws, row: int, titles: list[str]) -> None:
    for c, t in enumerate(titles, start=1):
        cell = put(ws, row, c, t)
        cell.font = _BOLD
        cell.fill = _HEAD
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")


def _fit(ws, widths: list[int] | None = None, header_row: int = 1, cap: int = 60,
         skip_rows: int = 0) -> None:
    """Column widths fitted to the content (headers wrap, so they count for less); `widths`
    gives minimums; the first `skip_rows` rows (a title over the table) do not count."""
    best: dict[int, float] = {}
    for row in ws.iter_rows(min_row=skip_rows + 1):
        for cell in row:
            if cell.value is None:
                continue
            if isinstance(cell.value, (int, float)):
                text = f"{cell.value:,.1f}" if isinstance(cell.value, float) else f"{cell.value:,}"
            else:
                text = str(cell.value)
            n = max(len(t) for t in text.split("\n")) if text else 0
            if cell.row == header_row:
                n = min(n, 18)
            best[cell.column] = max(best.get(cell.column, 0), n)
    for c, n in best.items():
        floor = widths[c - 1] if widths and c <= len(widths) else 6
        ws.column_dimensions[get_column_letter(c)].width = min(max(n + 2, floor), cap)


def section_sheet_name(code: str) -> str:
    """A section's sheet: "Phần A". Excel cuts sheet names at 31 characters, which would cut
    most section titles mid-word; the full title is the sheet's first row instead."""
    return f"Phần {code}"


def _table(ws, name: str, first_row: int, last_row: int, ncols: int) -> None:
    if last_row <= first_row:
        return
    ref = f"A{first_row}:{get_column_letter(ncols)}{last_row}"
    t = Table(displayName=name, ref=ref)
    t.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
    ws.add_table(t)


KEY = "xlsx"
FILENAME = "tong_hop_{year}.xlsx"


def write(job, path: Path) -> None:
    write_workbook(job.cons, path)


def write_workbook(cons: Consolidation, path: Path) -> None:
    cat = cons.settings.catalogue
    year = cons.year
    wb = Workbook()
    wb.remove(wb.active)
    for section in cat.sections:
        inds = [i for i in cat.for_year(year) if i.section == section.code]
        if inds:
            _section_sheet(wb, cons, section, inds)

    _province_sheet(wb, cons)
    view = district_view(cons)
    _comparison_sheet(wb, cons, skip_new=view is not None)
    if view is not None:
        _district_sheet(wb, cons, *view)
    _state_sheet(wb, cons)

    ws = wb.create_sheet("Danh sách mô hình")
    titles = ["STT", "Tên mô hình", "Đơn vị", "Cấp", "Lĩnh vực", "Xã, phường nơi hoạt động",
              "Năm thành lập", "Điển hình"]
    _header(ws, 1, titles)
    for r, m in enumerate(cons.agg.models, start=2):
        row = [r - 1, m.name, cons.unit_name(m.unit), m.level, m.field, m.commune, m.founded,
               "có" if m.typical else "không"]
        for c, v in enumerate(row, start=1):
            put(ws, r, c, v)
    _table(ws, "Mo_hinh", 1, len(cons.agg.models) + 1, len(titles))
    ws.freeze_panes = "A2"
    _fit(ws, [6, 30, 18, 8, 20, 16, 10, 10])

    _ledger_sheet(wb, cons)

    with atomic_path(path) as tmp:
        wb.save(tmp)


SECTION_HEADER_ROW = 2  # row 1: the section's full title


def _section_sheet(wb, cons: Consolidation, section, inds) -> None:
    """Units × the section's indicators with the province total; the header cells end in
    "[CODE]" (what `history import` reads back)."""
    cat = cons.settings.catalogue
    ws = wb.create_sheet(section_sheet_name(section.code))
    put(ws, 1, 1, f"{section.code}. {section.title}").font = Font(bold=True, size=13)
    head = SECTION_HEADER_ROW
    titles = ["Mã đơn vị", "Đơn vị"] + [f"{i.label} ({i.unit}) [{i.code}]" for i in inds]
    _header(ws, head, titles)
    r = head + 1
    for u in cons.settings.units.active(cons.year):
        vals = unit_values(cons.agg, u.code, cat)
        put(ws, r, 1, u.code)
        put(ws, r, 2, u.name)
        for c, ind in enumerate(inds, start=3):
            cell = put(ws, r, c, vals.get(ind.code))
            cell.number_format = FMT_INT if ind.whole else FMT_DEC
        r += 1
    put(ws, r, 1, "TINH_TONG")
    put(ws, r, 2, "Toàn tỉnh").font = _BOLD
    for c, ind in enumerate(inds, start=3):
        cell = put(ws, r, c, cons.agg.province.get(ind.code))
        cell.number_format = FMT_INT if ind.whole else FMT_DEC
        cell.font = _BOLD
    _table(ws, f"Bang_{section.code}", head, r - 1, len(titles))
    if notes := _short_notes(cons, inds):
        put(ws, r + 2, 2, f"Ghi chú: số liệu toàn tỉnh chưa đầy đủ – {notes}.")
    ws.freeze_panes = f"C{head + 1}"
    ws.row_dimensions[head].height = 60
    _fit(ws, [12, 20] + [12] * len(inds), header_row=head, skip_rows=head - 1)


def _province_sheet(wb, cons: Consolidation) -> None:
    """Province figures of the year beside the previous year's (when known), first sheet. When
    some units have no figures this year, the comparison columns are those of the units that
    reported both years (like for like, headed with their number) and a note under the table
    names the units left out, so that an absent unit never reads as a decrease."""
    cat = cons.settings.catalogue
    year = cons.year
    fig = figures(cons)
    changes, basis = fig.changes, fig.basis
    like = basis is not None and basis.formed
    ws = wb.create_sheet("Toàn tỉnh", 0)
    titles = ["Mã chỉ tiêu", "Phần", "Chỉ tiêu", "Đơn vị tính", f"Năm {year}"]
    if changes and like:
        n = len(basis.units)
        titles += [f"Năm {year} ({n} đơn vị so sánh)", f"Năm {year - 1} ({n} đơn vị so sánh)",
                   "Tăng, giảm", "Tỷ lệ tăng, giảm"]
    elif changes:
        titles += [f"Năm {year - 1}", "Tăng, giảm", "Tỷ lệ tăng, giảm"]
    numbers = len(titles)
    if fig.incomplete:  # a figure that misses a unit that sent its report says so
        titles.append("Ghi chú")
    _header(ws, 1, titles)
    r = 2
    for ind in cat.for_year(year):
        row = [ind.code, ind.section, ind.label, ind.unit, cons.agg.province.get(ind.code)]
        if changes:
            c = changes[ind.code]
            row += ([c.current] if like else []) + [c.previous, c.diff, c.ratio]
        for col, v in enumerate(row, start=1):
            cell = put(ws, r, col, v)
            if col >= 5:
                cell.number_format = FMT_PCT if col == numbers and changes else (
                    FMT_INT if ind.whole else FMT_DEC)
        if ind.code in fig.incomplete:
            text = not_included(fig.incomplete[ind.code], DETAIL_UNITS)
            put(ws, r, numbers + 1, text[:1].upper() + text[1:])
        r += 1
    _table(ws, "Toan_tinh", 1, r - 1, len(titles))
    absent = [u.name for state in (MISSING, UNIT_REJECTED) for u in fig.by_state[state]]
    if absent:  # named once here, not at each figure
        r += 1
        put(ws, r, 3, f"Số liệu toàn tỉnh chưa gồm số liệu của đơn vị chưa gửi báo cáo hoặc "
                      f"có tệp bị từ chối: {', '.join(absent)}.")
    if changes and (note := comparison_note(cons)):
        put(ws, r + 1, 3, f"Ghi chú: {note}").alignment = Alignment(
            wrap_text=True, vertical="top")
    ws.freeze_panes = "D2"
    _fit(ws, [12, 6, 40, 10, 12, 12, 12, 12] + ([14] if like else []), cap=70)


def _short_notes(cons: Consolidation, inds) -> str:
    """ "Công an xã chưa gồm số liệu của thành phố Cẩm Phả; …" for the figures of `inds` that
    miss a unit that sent its report; "" when none does."""
    short = figures(cons).incomplete
    return "; ".join(f"{i.label} {not_included(short[i.code], DETAIL_UNITS)}"
                     for i in inds if i.code in short)


def _comparison_sheet(wb, cons: Consolidation, skip_new: bool = False) -> None:
    """Each unit's figures beside its own of last year, across map changes: a unit that absorbed
    others is compared with their sum, a new or changed unit says why it is not compared. With
    `skip_new` (a new map: the units formed from last year's are compared by former district
    area on a sheet of their own) the new units are left out here."""
    if not cons.comparisons or cons.previous is None:
        return
    cat = cons.settings.catalogue
    year = cons.year
    ws = wb.create_sheet("So sánh đơn vị")
    titles = ["Mã đơn vị", "Đơn vị", "Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", f"Năm {year}",
              f"Năm {year - 1}", "Tăng, giảm", "Ghi chú"]
    _header(ws, 1, titles)
    r = 2
    for code, comp in cons.comparisons.items():
        if skip_new and comp.status == NEW:
            continue
        values = unit_values(cons.agg, code, cat)
        if comp.previous is None:
            for col, v in enumerate([code, cons.unit_name(code), None, None, None, None, None,
                                     None, comp.note], start=1):
                put(ws, r, col, v)
            r += 1
            continue
        for ind in cat.for_year(year):
            cur, prev = values.get(ind.code), comp.previous.get(ind.code)
            diff = None if cur is None or prev is None else round(cur - prev, 6)
            row = [code, cons.unit_name(code), ind.code, ind.label, ind.unit, cur, prev, diff,
                   comp.note]
            for col, v in enumerate(row, start=1):
                cell = put(ws, r, col, v)
                if 6 <= col <= 8:
                    cell.number_format = FMT_INT if ind.whole else FMT_DEC
            r += 1
    _table(ws, "So_sanh_don_vi", 1, r - 1, len(titles))
    ws.freeze_panes = "C2"
    _fit(ws, [12, 18, 12, 40, 10, 10, 10, 10, 40], cap=70)


def _district_sheet(wb, cons: Consolidation, views: list[DistrictView], several: list) -> None:
    """The new units by former district area (report_gen.review.areas.district_view): each old
    district's figures of last year beside the sum of the units formed wholly from its communes,
    then the units formed from several districts, apart. A difference is shown only where the
    two years cover the same ground."""
    cat = cons.settings.catalogue
    year = cons.year
    ws = wb.create_sheet("Theo địa bàn cũ")
    titles = ["Địa bàn (đơn vị cũ)", f"Đơn vị năm {year} hình thành từ địa bàn", "Mã chỉ tiêu",
              "Chỉ tiêu", "Đơn vị tính", f"Năm {year}", f"Năm {year - 1}", "Tăng, giảm",
              "Ghi chú"]
    _header(ws, 1, titles)
    r = 2
    inds = cat.for_year(year)
    for v in views:
        note = _district_note(v, year)
        names = ", ".join(u.name for u in v.units) or "(không có)"
        same = not v.missing and not v.shared and v.previous is not None
        for ind in inds:
            cur = v.current.get(ind.code)
            prev = (v.previous or {}).get(ind.code)
            diff = round(cur - prev, 6) if same and cur is not None and prev is not None else None
            r = _district_row(ws, r, [v.district.name, names, ind.code, ind.label, ind.unit,
                                      cur, prev, diff, note], ind)
    values = all_unit_values(cons.agg, cat)
    for u in several:
        where = ", ".join(cons.unit_name(d) for d in u.from_districts)
        note = f"Hình thành từ nhiều địa bàn ({where}): không so sánh với năm {year - 1}."
        for ind in inds:
            r = _district_row(ws, r, ["Nhiều địa bàn", u.name, ind.code, ind.label, ind.unit,
                                      values[u.code].get(ind.code), None, None, note], ind)
    _table(ws, "Theo_dia_ban_cu", 1, r - 1, len(titles))
    ws.freeze_panes = "C2"
    _fit(ws, [18, 30, 12, 40, 10, 10, 10, 10, 40], cap=70)


def _district_row(ws, r: int, row: list, ind) -> int:
    for col, value in enumerate(row, start=1):
        cell = put(ws, r, col, value)
        if 6 <= col <= 8:
            cell.number_format = FMT_INT if ind.whole else FMT_DEC
    return r + 1


def _district_note(v: DistrictView, year: int) -> str:
    """Why a former district's two years do not compare, or ""."""
    notes = []
    if not v.units:
        notes.append(f"Không có đơn vị năm {year} nào hình thành hoàn toàn từ địa bàn này")
    if v.missing:
        notes.append(f"Chưa tính được năm {year}: thiếu số liệu của "
                     f"{', '.join(u.name for u in v.missing)}")
    if v.shared:
        notes.append(f"Một phần địa bàn thuộc {', '.join(u.name for u in v.shared)} (hình thành "
                     f"từ nhiều địa bàn) nên hai năm không cùng phạm vi")
    if v.previous is None:
        notes.append(f"Chưa có số liệu năm {year - 1} của {v.district.name}")
    return "; ".join(notes) + ("." if notes else "")


def _state_sheet(wb, cons: Consolidation) -> None:
    """Each expected unit's state (report_gen.model.unit_state) and the files it sent."""
    ws = wb.create_sheet("Tình trạng đơn vị")
    titles = ["Mã đơn vị", "Đơn vị", "Tình trạng", "Tệp đã gửi"]
    _header(ws, 1, titles)
    files: dict[str, list[str]] = {}
    for res in cons.results:
        if res.unit:
            files.setdefault(res.unit, []).append(f"{res.file} ({STATUS_VI[res.status]})")
    r = 2
    for code, state in cons.unit_status.items():
        for col, v in enumerate([code, cons.unit_name(code), STATE_SHORT_VI[state],
                                 "; ".join(files.get(code, []))], start=1):
            put(ws, r, col, v)
        r += 1
    _table(ws, "Tinh_trang", 1, r - 1, len(titles))
    ws.freeze_panes = "A2"
    _fit(ws, [12, 20, 12, 40], cap=90)


LEDGER_TITLES = ["Tệp", "Đơn vị", "Trạng thái", "Lý do", "Ngày báo cáo", "Đúng hạn", "Mức độ",
                 "Trang tính", "Ô", "Vấn đề", "Tình trạng đơn vị", "SHA-256"]


def _ledger_sheet(wb, cons: Consolidation) -> None:
    """The intake ledger: every file with its unit's state, its own status, reason, timeliness
    and problems, one row a problem. Timeliness is the unit's (by its first submission): the
    file in use says "đúng hạn (bản sửa)" when it is a correction of an on-time report, the
    superseded first submission says whether it came on time, so a correction never reads as
    "muộn". A file's reason is written once, on its first row, and the problem that states the
    same reason (a rejection, a superseded copy) is not repeated under "Vấn đề". The SHA-256
    (technical: which copy exactly) is the last column."""
    ws = wb.create_sheet("Tiếp nhận tệp")
    _header(ws, 1, LEDGER_TITLES)
    by_unit = {t.unit: t for t in figures(cons).timeliness.values()}
    r = 2
    for res in cons.results:
        t = by_unit.get(res.unit) if res.unit else None
        word = t.word_for(res.file) if t else ""
        when = res.report_date
        if t and res.file == t.file:
            when = t.correction_date if t.correction else t.date
        elif t and res.file == t.first_file:
            when = t.date
        state = cons.unit_status.get(res.unit) if res.unit else None
        problems = [p for p in res.problems if p.message != res.reason]
        rows = [(p.severity, p.sheet, p.cell, p.message) for p in problems] or [(None,) * 4]
        for n, (sev, sheet, cell, msg) in enumerate(rows):
            values = [res.file, cons.unit_name(res.unit) if res.unit else "",
                      STATUS_VI.get(res.status, res.status), res.reason if n == 0 else None,
                      when, word,
                      {"error": "lỗi", "warning": "cảnh báo"}.get(sev, ""), sheet, cell, msg,
                      STATE_SHORT_VI[state] if state else "", res.sha256]
            for c, v in enumerate(values, start=1):
                put(ws, r, c, v)
            ws.cell(row=r, column=5).number_format = FMT_DATE
            r += 1
    _table(ws, "Tiep_nhan", 1, r - 1, len(LEDGER_TITLES))
    ws.freeze_panes = "A2"
    _fit(ws, [30, 18, 12, 20, 12, 10, 8, 12, 6, 40, 12, 20], cap=70)
