"""The grid reader of every format: python-calamine reads .xlsx, .xlsm, .xlsb, .xls and .ods
alike into plain grids of cell values."""

from __future__ import annotations

import python_calamine as pc

from report_gen.intake.archive_check import MAX_SHEET_CELLS
from report_gen.intake.formats.base import Grid, ReadError, cell_ref


def read_grids(path: str) -> list[Grid]:
    """Every worksheet of the workbook at `path`, parsed with calamine in this process (the
    sandbox child, or where no child can be limited). Raises ReadError.

    The file is handed over open, not by name: calamine then tells the format by the content
    (an .xlsx saved as .xls, a template .xltx), and a name that is not UTF-8 does not matter."""
    try:
        wb = _open(path)
    except pc.PasswordError as exc:
        raise ReadError("tệp được đặt mật khẩu, không mở được; đề nghị đơn vị gửi lại bản không đặt mật khẩu") from exc
    except BaseException as exc:  # calamine raises plain errors for some malformed files
        _reraise_if_not_parser_failure(exc)
        raise ReadError(f"tệp hỏng hoặc không phải bảng tính hợp lệ ({_short(exc)})") from None
    grids = []
    try:
        for meta in wb.sheets_metadata:
            if str(meta.typ) not in ("SheetTypeEnum.WorkSheet", "WorkSheet"):
                continue
            sheet = wb.get_sheet_by_name(meta.name)
            rows, cols = sheet.end if sheet.end else (-1, -1)
            if (rows + 1) * (cols + 1) > MAX_SHEET_CELLS:
                raise ReadError(f"trang tính “{_short_text(meta.name)}” có dữ liệu trải tới ô "
                                f"{cell_ref(rows, cols)}, vượt xa kích thước một biểu mẫu; "
                                "đề nghị xóa các ô thừa rồi gửi lại")
            data = sheet.to_python(skip_empty_area=False)
            grids.append(Grid(name=meta.name, rows=[_bounded_row(r) for r in data],
                              visible=str(meta.visible).endswith("Visible")))
    except ReadError:
        raise
    except BaseException as exc:
        _reraise_if_not_parser_failure(exc)
        raise ReadError(f"tệp hỏng, không đọc được nội dung ({_short(exc)})") from None
    finally:
        try:
            wb.close()
        except Exception:
            pass
    return grids


def _open(path: str):
    """The workbook, its format told by its content; when the content says no format calamine
    knows, the reader the extension names is tried, for its more precise reason (a password,
    a damaged zip)."""
    try:
        with open(path, "rb") as fh:
            return pc.CalamineWorkbook.from_filelike(fh)
    except Exception as exc:  # noqa: BLE001 - retried below, or re-raised
        first = exc
    try:
        path.encode("utf-8")
    except UnicodeEncodeError:  # a name calamine cannot take: the content's reason stands
        raise first from None
    return pc.CalamineWorkbook.from_path(path)


def _reraise_if_not_parser_failure(exc: BaseException) -> None:
    """Let through what is not the parser failing on the file. A panic in calamine's Rust code
    (e.g. a date cell holding a number far outside any calendar) arrives as pyo3's
    PanicException, a BaseException: it is the file's fault, so it is a ReadError too."""
    if not isinstance(exc, Exception) and type(exc).__name__ != "PanicException":
        raise exc


# Excel itself holds at most 32,767 characters in a cell; longer text is cut to that.
MAX_CELL_CHARS = 32_767


def _bounded_row(row: list) -> list:
    """The row as read, its overlong texts cut (a row without any is returned as it is: the
    check is the cheap part, most rows have none)."""
    if any(v.__class__ is str and len(v) > MAX_CELL_CHARS for v in row):
        return [_bounded(v) for v in row]
    return row


def _bounded(value: object) -> object:
    if isinstance(value, str) and len(value) > MAX_CELL_CHARS:
        return value[:MAX_CELL_CHARS]
    return value


def _short_text(text: str, n: int = 40) -> str:
    return text if len(text) <= n else text[: n - 1] + "…"


def _short(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:120]
