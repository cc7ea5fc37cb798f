"""The blank statistics form handed out to each unit (.xlsx, written with openpyxl).

Unit and year are pre-filled, codes and labels locked, value cells validated (non-negative,
whole numbers where the indicator counts things), the model register has drop-down lists, and an
instructions sheet explains how to fill it in. A form asks what a unit of its level reports
(Catalogue.form_items): a commune-level unit answers about itself ("Có" / "Không", a grade) in
text cells with a drop-down list of the answers, instead of the counts those answers feed. Last year's figure is shown for reference when
known. When a deadline is configured, the data sheet and the instructions state it (and that a
correction sent later does not make the unit late: timeliness is the first submission's).

Under the table: where to send the form, whom to call, and the signature block; each sheet
prints on A4, one page wide (report_gen.outputs.form_page)."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, PatternFill, Protection, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.datavalidation import DataValidation

from report_gen import text as vn
from report_gen.outputs.form_page import FormSettings, foot, print_setup
from report_gen.reference.catalogue import Catalogue, Indicator
from report_gen.reference.units import Unit

DATA_SHEET = "Số liệu"
REGISTER_SHEET = "Danh sách mô hình"
HELP_SHEET = "Hướng dẫn"
LISTS_SHEET = "Danh mục"

HEADER_ROW = 7
_LABEL_CHARS = 62  # width of the label column, in characters
DEADLINE_CELL = "A6"  # free row between the instructions line and the table header
REGISTER_HEADER_ROW = 4
REGISTER_ROWS = 200
REGISTER_HEADERS = ("STT", "Tên mô hình", "Cấp", "Lĩnh vực", "Xã, phường nơi hoạt động",
                    "Năm thành lập", "Điển hình")
YES, NO = "có", "không"

_THIN = Side(style="thin", color="000000")
_BORDER = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)
_BOLD = Font(name="Times New Roman", bold=True, size=12)
_NORMAL = Font(name="Times New Roman", size=12)
_INPUT = PatternFill("solid", fgColor="FFF9E5")
_HEAD = PatternFill("solid", fgColor="DDE7F0")
_UNLOCKED = Protection(locked=False)


def file_name(unit: Unit, year: int) -> str:
    return f"bieu_mau_{year}_{unit.code}.xlsx"


def write_form(path: Path, unit: Unit, year: int, catalogue: Catalogue, province: str,
               previous: dict[str, float | None] | None = None,
               deadline: dt.date | None = None, sending: FormSettings | None = None) -> Path:
    """Write the blank form of `unit` for `year` to `path`; `deadline` (settings.document.
    deadline_for(year)) is printed on it so units know when the report is due, and `sending`
    where to send it and whom to call."""
    catalogue = catalogue.in_year(year)
    sending = sending or FormSettings()
    wb = Workbook()
    ws = wb.active
    ws.title = DATA_SHEET
    answer_lists = _AnswerLists(ws)
    last = _data_sheet(ws, unit, year, catalogue, province, previous or {}, answer_lists)
    if deadline is not None:
        # Plain text on a row of its own: no label the intake reads ("Ngày báo cáo", "Năm…").
        ws[DEADLINE_CELL] = f"Thời hạn gửi báo cáo: ngày {vn.short_date(deadline)}"
        ws[DEADLINE_CELL].font = _BOLD
    foot(ws, last + 2, sending)
    print_setup(ws, title_rows=f"{HEADER_ROW}:{HEADER_ROW}")
    _register_sheet(wb, unit, year, catalogue)
    print_setup(wb[REGISTER_SHEET], title_rows=f"{REGISTER_HEADER_ROW}:{REGISTER_HEADER_ROW}")
    answer_lists.write_ranges(wb[LISTS_SHEET])
    _help_sheet(wb, unit, year, catalogue, deadline, sending)
    print_setup(wb[HELP_SHEET])
    wb.active = 0
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path


def _data_sheet(ws, unit: Unit, year: int, catalogue: Catalogue, province: str,
                previous: dict[str, float | None], answer_lists: _AnswerLists) -> None:
    widths = {"A": 6, "B": 24, "C": _LABEL_CHARS, "D": 13, "E": 14, "F": 14, "G": 24}
    for col, w in widths.items():
        ws.column_dimensions[col].width = w
    ws.merge_cells("A1:G1")
    ws["A1"] = f"BAN CHỈ ĐẠO PHONG TRÀO TOÀN DÂN BẢO VỆ ANTQ TỈNH {province.upper()}"
    ws.merge_cells("A2:G2")
    ws["A2"] = f"BIỂU THỐNG KÊ KẾT QUẢ PHONG TRÀO TOÀN DÂN BẢO VỆ ANTQ NĂM {year}"
    for ref in ("A1", "A2"):
        ws[ref].font = Font(name="Times New Roman", bold=True, size=13)
        ws[ref].alignment = Alignment(horizontal="center")
    ws["A3"] = "Đơn vị:"
    ws["C3"] = unit.name
    ws["E3"] = "Mã đơn vị:"
    ws["F3"] = unit.code
    ws["A4"] = "Năm báo cáo:"
    ws["C4"] = year
    ws["E4"] = "Ngày báo cáo:"
    ws["F4"].number_format = "DD/MM/YYYY"
    ws["F4"].protection = _UNLOCKED
    ws["F4"].fill = _INPUT
    ws["A5"] = ("Ghi số liệu vào các ô màu vàng ở cột “Năm " f"{year}”. Để trống nếu không có số "
                "liệu (ô trống là “chưa báo cáo”, khác với số 0).")
    ws["A5"].font = Font(name="Times New Roman", italic=True, size=11)
    for ref in ("A3", "A4", "E3", "E4", "C3", "C4", "F3"):
        ws[ref].font = _BOLD if ref in ("C3", "C4", "F3") else _NORMAL
    date_dv = DataValidation(type="date", operator="between", formula1="DATE(2000,1,1)",
                             formula2="DATE(2100,12,31)", allow_blank=True, showErrorMessage=True,
                             errorTitle="Ngày không hợp lệ", error="Ghi ngày theo dạng ngày/tháng/năm.")
    ws.add_data_validation(date_dv)
    date_dv.add("F4")

    headers = ("STT", "Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", f"Năm {year - 1} (tham khảo)",
               f"Năm {year}", "Ghi chú")
    for col, text in enumerate(headers, start=1):
        c = ws.cell(row=HEADER_ROW, column=col, value=text)
        c.font = _BOLD
        c.fill = _HEAD
        c.border = _BORDER
        c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
    ws.row_dimensions[HEADER_ROW].height = 32

    whole_dv = DataValidation(type="whole", operator="between", formula1="0", formula2="999999999",
                              allow_blank=True, showErrorMessage=True, errorTitle="Số không hợp lệ",
                              error="Chỉ tiêu này đếm số lượng: ghi số nguyên không âm.")
    dec_dv = DataValidation(type="decimal", operator="between", formula1="0",
                            formula2="999999999", allow_blank=True, showErrorMessage=True,
                            errorTitle="Số không hợp lệ", error="Ghi số không âm.")
    ws.add_data_validation(whole_dv)
    ws.add_data_validation(dec_dv)

    row = HEADER_ROW + 1
    number = 0
    items = catalogue.form_items(year, unit.level)
    for section in catalogue.sections:
        inds = [i for i in items if i.section == section.code]
        if not inds:
            continue
        ws.cell(row=row, column=1, value=section.code).font = _BOLD
        ws.cell(row=row, column=3, value=section.title.upper()).font = _BOLD
        for col in range(1, 8):
            ws.cell(row=row, column=col).border = _BORDER
        row += 1
        for ind in inds:
            number += 1
            value_cell = _indicator_row(ws, row, number, ind, previous)
            if ind.is_answer:
                answer_lists.add(ind.answers, value_cell.coordinate)
            else:
                (whole_dv if ind.whole else dec_dv).add(value_cell.coordinate)
            row += 1
    ws.freeze_panes = ws.cell(row=HEADER_ROW + 1, column=1)
    ws.protection.sheet = True
    ws.protection.formatRows = False
    ws.protection.formatColumns = False
    return row - 1


def _indicator_row(ws, row: int, number: int, ind: Indicator,
                   previous: dict[str, float | None]):
    """One indicator's row; returns its value cell (unlocked, filled, formatted). An answer
    row has no unit of measure and no previous-year figure, and a text value cell."""
    label = ("– " if ind.indent else "") + ind.label
    if ind.is_answer:
        cells = (number, ind.code, label, None, None, None, None)
    else:
        cells = (number, ind.code, label, ind.unit, previous.get(ind.code), None, None)
    for col, value in enumerate(cells, start=1):
        c = ws.cell(row=row, column=col, value=value)
        c.font = _NORMAL
        c.border = _BORDER
    ws.cell(row=row, column=3).alignment = Alignment(wrap_text=True, indent=2 * ind.indent)
    if len(label) > _LABEL_CHARS:  # a label on several lines: a row tall enough to print them
        ws.row_dimensions[row].height = 16 * (1 + len(label) // _LABEL_CHARS)
    if ind.is_answer:
        fmt = "@"
    else:
        fmt = "#,##0" if ind.whole else "#,##0.0##"
        ws.cell(row=row, column=5).number_format = fmt
    value_cell = ws.cell(row=row, column=6)
    value_cell.number_format = fmt
    value_cell.protection = _UNLOCKED
    value_cell.fill = _INPUT
    ws.cell(row=row, column=7).protection = _UNLOCKED
    return value_cell


# Excel keeps at most 255 characters of a list typed into a validation ("Có,Không").
_LIST_CHARS = 255
_ANSWER_COLUMN = 4  # answer lists on the lists sheet start at column D (A-C: the register's)


class _AnswerLists:
    """The drop-down lists of the answer cells: one validation per set of answers, the answers
    typed into it ("Có,Không"), or, when they cannot be (an answer with a comma or a quote, a
    list too long), a range of the hidden lists sheet written by write_ranges."""

    def __init__(self, ws):
        self._ws = ws
        self._validations: dict[tuple[str, ...], DataValidation] = {}
        self._ranges: dict[int, tuple[str, ...]] = {}  # lists sheet column -> answers

    def add(self, answers: tuple[str, ...], cell: str) -> None:
        dv = self._validations.get(answers)
        if dv is None:
            dv = self._validations[answers] = DataValidation(
                type="list", formula1=self._formula(answers), allow_blank=True,
                showErrorMessage=True, errorTitle="Câu trả lời không hợp lệ",
                error=_list_error(answers))
            self._ws.add_data_validation(dv)
        dv.add(cell)

    def _formula(self, answers: tuple[str, ...]) -> str:
        typed = ",".join(answers)
        if len(typed) <= _LIST_CHARS and not any("," in a or '"' in a for a in answers):
            return f'"{typed}"'
        column = _ANSWER_COLUMN + len(self._ranges)
        self._ranges[column] = answers
        letter = get_column_letter(column)
        return f"'{LISTS_SHEET}'!${letter}$1:${letter}${len(answers)}"

    def write_ranges(self, lists) -> None:
        """Write the answers of the lists that refer to the lists sheet into it."""
        for column, answers in self._ranges.items():
            for r, text in enumerate(answers, start=1):
                lists.cell(row=r, column=column, value=text)


def _list_error(answers: tuple[str, ...]) -> str:
    """The error shown on a wrong answer: the answers, when Excel can show them (255
    characters)."""
    text = f"Chọn một trong: {', '.join(answers)}."
    return text if len(text) <= _LIST_CHARS else "Chọn một câu trả lời trong danh sách của ô."


def _register_sheet(wb: Workbook, unit: Unit, year: int, catalogue: Catalogue) -> None:
    ws = wb.create_sheet(REGISTER_SHEET)
    lists = wb.create_sheet(LISTS_SHEET)
    lists.sheet_state = "hidden"
    levels = [name for name, _ in catalogue.register.levels]
    for r, name in enumerate(levels, start=1):
        lists.cell(row=r, column=1, value=name)
    for r, name in enumerate(catalogue.register.fields, start=1):
        lists.cell(row=r, column=2, value=name)
    lists.cell(row=1, column=3, value=YES)
    lists.cell(row=2, column=3, value=NO)
    lists.protection.sheet = True

    ws.merge_cells("A1:G1")
    ws["A1"] = f"DANH SÁCH MÔ HÌNH TỰ QUẢN VỀ ANTT NĂM {year}"
    ws["A1"].font = Font(name="Times New Roman", bold=True, size=13)
    ws["A1"].alignment = Alignment(horizontal="center")
    ws["A2"] = "Đơn vị:"
    ws["C2"] = unit.name
    ws["C2"].font = _BOLD
    for col, (text, width) in enumerate(zip(REGISTER_HEADERS, (6, 48, 10, 36, 26, 14, 11)), start=1):
        c = ws.cell(row=REGISTER_HEADER_ROW, column=col, value=text)
        c.font = _BOLD
        c.fill = _HEAD
        c.border = _BORDER
        c.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(col)].width = width
    first, last = REGISTER_HEADER_ROW + 1, REGISTER_HEADER_ROW + REGISTER_ROWS
    for r in range(first, last + 1):
        for col in range(2, 8):
            c = ws.cell(row=r, column=col)
            c.protection = _UNLOCKED
            c.border = _BORDER
    def _list(formula: str, error: str, cells: str) -> None:
        dv = DataValidation(type="list", formula1=formula, allow_blank=True,
                            showErrorMessage=True, errorTitle="Giá trị không hợp lệ", error=error)
        ws.add_data_validation(dv)
        dv.add(cells)
    q = f"'{LISTS_SHEET}'"
    _list(f"{q}!$A$1:$A${len(levels)}", "Chọn cấp trong danh sách: " + ", ".join(levels) + ".",
          f"C{first}:C{last}")
    _list(f"{q}!$B$1:$B${len(catalogue.register.fields)}", "Chọn lĩnh vực trong danh sách.",
          f"D{first}:D{last}")
    _list(f"{q}!$C$1:$C$2", "Chọn “có” hoặc “không”.", f"G{first}:G{last}")
    year_dv = DataValidation(type="whole", operator="between", formula1="1945", formula2=str(year),
                             allow_blank=True, showErrorMessage=True, errorTitle="Năm không hợp lệ",
                             error=f"Ghi năm thành lập từ 1945 đến {year}.")
    ws.add_data_validation(year_dv)
    year_dv.add(f"F{first}:F{last}")
    ws.freeze_panes = ws.cell(row=REGISTER_HEADER_ROW + 1, column=1)
    ws.protection.sheet = True


def help_lines(unit: Unit, year: int, catalogue: Catalogue,
               deadline: dt.date | None = None,
               sending: FormSettings | None = None) -> list[str]:
    """The text of the help sheet, one line a row. The register's levels and the checks come
    from the catalogue: each rule with a `help` text that applies to the unit's level is listed
    (once, in catalogue order); without such rules the checks item is left out. With a
    deadline, the sending item states it and that a later correction is not counted late (the
    review judges timeliness by the first submission), so units are not deterred from
    correcting. The sending item names where to send the form and whom to call (`sending`)."""
    sending = sending or FormSettings()
    register_levels = catalogue.register.level_list(prefix="cấp ")
    lines = [
        f"HƯỚNG DẪN GHI BIỂU THỐNG KÊ NĂM {year}",
        "",
        f"1. Sheet “{DATA_SHEET}”: ghi số liệu của đơn vị vào cột “Năm {year}” (các ô màu vàng).",
        "   • Không sửa mã chỉ tiêu, tên chỉ tiêu; không thêm, xóa dòng.",
        "   • Chỉ ghi số, không ghi chữ hay đơn vị tính trong ô số liệu (ví dụ ghi 15, không ghi “15 mô hình”).",
    ]
    lines += _answer_help(catalogue.in_year(year).form_items(year, unit.level))
    lines += [
        "   • Chỉ tiêu đếm (mô hình, người, tổ, vụ…) ghi số nguyên; thuốc nổ (kg) và kinh phí (triệu đồng) được ghi số thập phân.",
        "   • Để trống ô nếu đơn vị không có số liệu; ô trống được hiểu là “chưa báo cáo”, không phải số 0.",
        "   • Ghi ngày báo cáo ở ô “Ngày báo cáo” để phân biệt các lần gửi bổ sung, sửa đổi.",
        f"2. Sheet “{REGISTER_SHEET}”: mỗi mô hình tự quản về ANTT ghi một dòng; chọn Cấp, Lĩnh vực và Điển hình trong danh sách thả xuống.",
    ]
    if register_levels:
        lines.append("   • Số mô hình theo từng cấp trong danh sách phải khớp với số đã ghi ở các chỉ "
                     f"tiêu mô hình {register_levels}.")
    number = 3
    checks = catalogue.rule_help(unit.level)
    if checks:
        lines.append(f"{number}. Kiểm tra số liệu trước khi gửi:")
        lines += [f"   • {text}" for text in checks]
        number += 1
    lines.append(f"{number}. Lưu tệp dưới dạng Excel (.xlsx), ký, đóng dấu bản in (khối “Người "
                 "lập biểu / Thủ trưởng đơn vị” dưới bảng số liệu) và gửi tệp qua thư điện tử "
                 f"cho {sending.send_to}.")
    if sending.contact:
        lines.append(f"   • Liên hệ khi cần hỏi: {sending.contact}.")
    if deadline is not None:
        lines += [f"   • Thời hạn gửi báo cáo: ngày {vn.short_date(deadline)}; việc gửi đúng "
                  "hạn được tính theo lần gửi đầu tiên.",
                  "   • Nếu cần sửa số liệu đã gửi, gửi lại cả tệp đã sửa và ghi ngày báo cáo "
                  "mới; bản sửa gửi sau thời hạn không bị tính là gửi muộn."]
    return lines


def _answer_help(items: list[Indicator]) -> list[str]:
    """The help line on answering ("Có" / "Không", a grade), when the form asks answers."""
    answers = [i for i in items if i.is_answer]
    if not answers:
        return []
    parts = []
    if any(i.kind == "yesno" for i in answers):
        parts.append("“Có” hoặc “Không”")
    for i in answers:
        if i.kind == "choice":
            parts.append(f"ở dòng “{i.label}”: {_or(i.answers)}")
    return ["   • Riêng ở các dòng có danh sách chọn, chọn một câu trả lời trong danh sách: "
            + "; ".join(parts) + "."]


def _or(answers: tuple[str, ...]) -> str:
    """“Xuất sắc”, “Khá”, “Trung bình” hoặc “Yếu”."""
    quoted = [f"“{a}”" for a in answers]
    return ", ".join(quoted[:-1]) + " hoặc " + quoted[-1] if len(quoted) > 1 else "".join(quoted)


def _help_sheet(wb: Workbook, unit: Unit, year: int, catalogue: Catalogue,
                deadline: dt.date | None = None, sending: FormSettings | None = None) -> None:
    ws = wb.create_sheet(HELP_SHEET)
    ws.column_dimensions["A"].width = 110
    lines = help_lines(unit, year, catalogue, deadline, sending)
    for r, text in enumerate(lines, start=1):
        c = ws.cell(row=r, column=1, value=text)
        c.font = _BOLD if r == 1 else _NORMAL
        c.alignment = Alignment(wrap_text=True)
    ws.protection.sheet = True


def write_forms(out_dir: Path, units: list[Unit], year: int, catalogue: Catalogue,
                province: str, previous: dict[str, dict[str, float | None]] | None = None,
                deadline: dt.date | None = None,
                sending: FormSettings | None = None) -> list[Path]:
    """One form per unit, into `out_dir`, each stating `deadline` when given."""
    previous = previous or {}
    return [write_form(out_dir / file_name(u, year), u, year, catalogue, province,
                       previous.get(u.code), deadline, sending) for u in units]


__all__ = ["write_form", "write_forms", "file_name", "FormSettings", "DATA_SHEET", "REGISTER_SHEET",
           "HELP_SHEET", "HEADER_ROW", "REGISTER_HEADER_ROW"]
