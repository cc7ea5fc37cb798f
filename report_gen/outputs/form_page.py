"""The printed page of the blank form (report_gen.outputs.form): A4 set-up, and under the data
table where to send the form, whom to call, and the signature block (“Người lập biểu” /
“Thủ trưởng đơn vị”). What to print about sending comes from [document] of the configuration
(FormSettings)."""

from __future__ import annotations

from dataclasses import dataclass

from openpyxl.styles import Alignment, Font

from report_gen.config import ConfigError

_BOLD = Font(name="Times New Roman", bold=True, size=12)
_NORMAL = Font(name="Times New Roman", size=12)
_ITALIC = Font(name="Times New Roman", italic=True, size=12)

SIGNERS = (("NGƯỜI LẬP BIỂU", "(Ký, ghi rõ họ tên)"), ("THỦ TRƯỞNG ĐƠN VỊ", "(Ký tên, đóng dấu)"))
DEFAULT_SEND_TO = "cơ quan thường trực Ban Chỉ đạo tỉnh"


@dataclass(frozen=True)
class FormSettings:
    """What the form says about sending it, from [document] of the configuration:
    `send_to` (where the form goes: office, address or e-mail; default: the committee's standing
    office) and `contact` (whom to call; shared with the feedback letter; "" prints nothing)."""

    send_to: str = DEFAULT_SEND_TO
    contact: str = ""

    @classmethod
    def from_settings(cls, settings) -> FormSettings:
        doc = (settings.extra or {}).get("document", {})
        values = {}
        for key in ("send_to", "contact"):
            value = doc.get(key)
            if value is None:
                continue
            if not isinstance(value, str):
                raise ConfigError(f"Mục [document], khóa “{key}” phải là một chuỗi chữ trong "
                                  f"ngoặc kép, ví dụ {key} = \"{_EXAMPLES[key]}\".")
            values[key] = " ".join(value.split())
        if values.get("send_to") == "":
            raise ConfigError("Mục [document], khóa “send_to” để trống: ghi nơi nhận biểu, ví dụ "
                              f"send_to = \"{_EXAMPLES['send_to']}\", hoặc bỏ khóa này.")
        return cls(**values)


_EXAMPLES = {"send_to": "Phòng PV05 Công an tỉnh, email pv05@example.gov.vn",
             "contact": "Đ/c Trần Văn B, điện thoại 0203.3xxx.xxx"}


def print_setup(ws, title_rows: str | None = None) -> None:
    """A4 portrait, scaled to one page wide (as many pages down as needed), margins of an
    administrative document (2 cm left, 1.5 cm elsewhere, in inches), `title_rows` repeated at
    the top of every page."""
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.orientation = "portrait"
    ws.sheet_properties.pageSetUpPr.fitToPage = True
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.page_margins.left = 0.79
    ws.page_margins.right = ws.page_margins.top = ws.page_margins.bottom = 0.59
    ws.print_options.horizontalCentered = True
    if title_rows:
        ws.print_title_rows = title_rows


def foot(ws, row: int, sending: FormSettings) -> int:
    """Below the table: where to send the form, whom to call, then the signature block (the
    preparer on the left, the unit's head on the right, with the place and date above). The
    texts sit in columns A and E, never in the code and label columns the intake reads.
    Returns the last row written."""
    lines = [f"Nơi nhận biểu: {sending.send_to}."]
    if sending.contact:
        lines.append(f"Liên hệ khi cần hỏi: {sending.contact}.")
    for text in lines:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=7)
        c = ws.cell(row=row, column=1, value=text)
        c.font = _NORMAL
        c.alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[row].height = 16 * (1 + len(text) // 130)
        row += 1
    row += 1
    ws.merge_cells(start_row=row, start_column=5, end_row=row, end_column=7)
    when = ws.cell(row=row, column=5, value="……………, ngày …… tháng …… năm ……")
    when.font = Font(name="Times New Roman", italic=True, size=12)
    when.alignment = Alignment(horizontal="center")
    row += 1
    for (title, note), column in zip(SIGNERS, (1, 5)):
        for offset, (text, font) in enumerate(((title, _BOLD), (note, _ITALIC))):
            end = 3 if column == 1 else 7
            ws.merge_cells(start_row=row + offset, start_column=column, end_row=row + offset,
                           end_column=end)
            c = ws.cell(row=row + offset, column=column, value=text)
            c.font = font
            c.alignment = Alignment(horizontal="center")
    return row + 1
