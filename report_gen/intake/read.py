"""Read a spreadsheet file into plain grids of cell values (python-calamine)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import python_calamine as pc

from report_gen import sandbox
from report_gen.intake import guard

SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods", ".xlsb"}


def classify(path: Path) -> str | None:
    """None when the file is a spreadsheet to read, else the reason it is ignored."""
    name = path.name
    if name.startswith("~$") or name.startswith(".~lock"):
        return "tệp khóa tạm do Excel/LibreOffice tạo khi đang mở bảng tính"
    if name.startswith("."):
        return "tệp ẩn của hệ thống"
    if path.suffix.lower() in SPREADSHEET_SUFFIXES:
        return None
    if path.suffix.lower() in (".doc", ".docx", ".odt", ".pdf", ".rtf"):
        return "tệp văn bản, không phải bảng tính số liệu"
    if path.suffix.lower() in (".jpg", ".jpeg", ".png", ".gif", ".bmp", ".tif", ".tiff", ".heic"):
        return "tệp hình ảnh, không phải bảng tính số liệu"
    if path.suffix.lower() in (".md", ".txt"):
        return "tệp văn bản thuần, không phải bảng tính số liệu"
    return "không phải tệp bảng tính (.xlsx, .xlsm, .xls, .ods)"


class ReadError(Exception):
    """The file cannot be read; args[0] is the Vietnamese reason."""


@dataclass
class Grid:
    """One sheet: its name, whether it is visible, and its rows from A1 (values as read)."""

    name: str
    rows: list[list[object]]
    visible: bool = True

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


def child_failure_reason(kind: str) -> str:
    """The Vietnamese reason for a file whose reading process died ("memory", "timeout",
    "crash")."""
    return _CHILD_REASONS.get(kind, _CHILD_REASONS["crash"])


def read_grids(path: Path) -> list[Grid]:
    """All worksheets of a workbook as grids. Raises ReadError with a Vietnamese reason.

    The file is pre-checked (bombs, entity attacks, huge sheets) and then parsed in a limited
    child (report_gen.sandbox) where the platform allows it, so no file can end or stall the
    run. Inside a pool worker, which is itself the limited child, it is parsed directly."""
    try:
        guard.precheck(path)
    except guard.Refused as exc:
        raise ReadError(exc.args[0]) from None
    if sandbox.in_sandbox() or not sandbox.can_isolate():
        return _read_unguarded(str(path))
    try:
        return sandbox.run_limited(_read_unguarded, str(path))  # type: ignore[return-value]
    except sandbox.ChildFailed as exc:
        raise ReadError(_CHILD_REASONS.get(exc.args[0], _CHILD_REASONS["crash"])) from None


_CHILD_REASONS = {
    "memory": (f"đọc tệp cần quá nhiều bộ nhớ (giới hạn {guard.mb(sandbox.CHILD_MEMORY_BYTES)}); "
               "tệp bất thường hoặc độc hại, không đọc"),
    "timeout": (f"đọc tệp quá {sandbox.CHILD_TIMEOUT_SECONDS:.0f} giây mà chưa xong; "
                "tệp bất thường hoặc độc hại, không đọc"),
    "crash": "chương trình đọc bảng tính bị lỗi khi mở tệp này; tệp hỏng hoặc bất thường",
}


def _read_unguarded(path: str) -> list[Grid]:
    """Parse with calamine in this process (the sandbox child, or where no child can be limited)."""
    try:
        wb = pc.CalamineWorkbook.from_path(path)
    except pc.PasswordError as exc:
        raise ReadError("tệp được đặt mật khẩu, không mở được; đề nghị đơn vị gửi lại bản không đặt mật khẩu") from exc
    except Exception as exc:  # calamine raises plain errors for some malformed files
        raise ReadError(f"tệp hỏng hoặc không phải bảng tính hợp lệ ({_short(exc)})") from None
    grids = []
    try:
        for meta in wb.sheets_metadata:
            if str(meta.typ) not in ("SheetTypeEnum.WorkSheet", "WorkSheet"):
                continue
            sheet = wb.get_sheet_by_name(meta.name)
            rows, cols = sheet.end if sheet.end else (-1, -1)
            if (rows + 1) * (cols + 1) > guard.MAX_SHEET_CELLS:
                raise ReadError(f"trang tính “{_short_text(meta.name)}” có dữ liệu trải tới ô "
                                f"{cell_ref(rows, cols)}, vượt xa kích thước một biểu mẫu; "
                                "đề nghị xóa các ô thừa rồi gửi lại")
            data = sheet.to_python(skip_empty_area=False)
            grids.append(Grid(name=meta.name, rows=[[_bounded(v) for v in r] for r in data],
                              visible=str(meta.visible).endswith("Visible")))
    except ReadError:
        raise
    except Exception as exc:
        raise ReadError(f"tệp hỏng, không đọc được nội dung ({_short(exc)})") from None
    finally:
        try:
            wb.close()
        except Exception:
            pass
    return grids


# Excel itself holds at most 32,767 characters in a cell; longer text is cut to that.
MAX_CELL_CHARS = 32_767


def _bounded(value: object) -> object:
    if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
        return value[:MAX_CELL_CHARS]
    return value


def _short_text(text: str, n: int = 40) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _short(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:120]
