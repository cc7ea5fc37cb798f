"""tong_hop_Y.xlsx: one sheet per section (units × indicators with the province total), the model
register and the intake ledger. Numbers are numbers with Vietnamese-style formats; text from
submissions is always written as text, never as a formula."""

from __future__ import annotations

from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.table import Table, TableStyleInfo

from report_gen.aggregate import unit_values
from report_gen.writers.atomic import atomic_path

_BOLD = Font(bold=True)
_HEAD = PatternFill("solid", fgColor="DDE7F0")
STATUS_VI = {"accepted": "được dùng", "superseded": "bị thay thế", "rejected": "bị từ chối",
             "ignored": "bỏ qua"}


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


def _fit(ws, widths: list[int]) -> None:
    for c, w in enumerate(widths, start=1):
        ws.column_dimensions[get_column_letter(c)].width = w


def _table(ws, name: str, first_row: int, last_row: int, ncols: int) -> None:
    if last_row <= first_row:
        return
    ref = f"A{first_row}:{get_column_letter(ncols)}{last_row}"
    t = Table(displayName=name, ref=ref)
    t.tableStyleInfo = TableStyleInfo(name="TableStyleLight9", showRowStripes=True)
    ws.add_table(t)


def write_workbook(cons, path: Path) -> None:
    cat = cons.settings.catalogue
    year = cons.year
    wb = Workbook()
    wb.remove(wb.active)
    units = cons.settings.units.active(year)
    for section in cat.sections:
        inds = [i for i in cat.for_year(year) if i.section == section.code]
        if not inds:
            continue
        ws = wb.create_sheet(f"{section.code}. {section.title}"[:31].replace("/", "-"))
        titles = ["Mã đơn vị", "Đơn vị"] + [f"{i.label} ({i.unit}) [{i.code}]" for i in inds]
        _header(ws, 1, titles)
        r = 2
        for u in units:
            vals = unit_values(cons.agg, u.code, cat)
            put(ws, r, 1, u.code)
            put(ws, r, 2, u.name)
            for c, ind in enumerate(inds, start=3):
                cell = put(ws, r, c, vals.get(ind.code))
                cell.number_format = "#,##0" if ind.whole else "#,##0.0##"
            r += 1
        put(ws, r, 1, "TINH_TONG")
        put(ws, r, 2, "Toàn tỉnh").font = _BOLD
        for c, ind in enumerate(inds, start=3):
            cell = put(ws, r, c, cons.agg.province.get(ind.code))
            cell.number_format = "#,##0" if ind.whole else "#,##0.0##"
            cell.font = _BOLD
        _table(ws, f"Bang_{section.code}", 1, r - 1, len(titles))
        ws.freeze_panes = "C2"
        ws.row_dimensions[1].height = 60
        _fit(ws, [14, 26] + [16] * len(inds))

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
    _fit(ws, [6, 50, 24, 8, 36, 26, 12, 10])

    ws = wb.create_sheet("Tiếp nhận tệp")
    titles = ["Tệp", "Đơn vị", "Trạng thái", "Lý do", "Mức độ", "Sheet", "Ô", "Vấn đề", "SHA-256"]
    _header(ws, 1, titles)
    r = 2
    for res in cons.results:
        rows = [(p.severity, p.sheet, p.cell, p.message) for p in res.problems] or [(None,) * 4]
        for sev, sheet, cell, msg in rows:
            values = [res.file, cons.unit_name(res.unit) if res.unit else "",
                      STATUS_VI.get(res.status, res.status), res.reason,
                      {"error": "lỗi", "warning": "cảnh báo"}.get(sev, ""), sheet, cell, msg,
                      res.sha256]
            for c, v in enumerate(values, start=1):
                put(ws, r, c, v)
            r += 1
    _table(ws, "Tiep_nhan", 1, r - 1, len(titles))
    ws.freeze_panes = "A2"
    _fit(ws, [40, 24, 14, 40, 10, 16, 8, 70, 20])

    with atomic_path(path) as tmp:
        wb.save(tmp)
