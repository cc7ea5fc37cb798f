"""Read a spreadsheet file into plain grids of cell values (python-calamine)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import python_calamine as pc

SPREADSHEET_SUFFIXES = {".xlsx", ".xlsm", ".xls", ".ods", ".xlsb"}


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


def read_grids(path: Path) -> list[Grid]:
    """All worksheets of a workbook as grids. Raises ReadError with a Vietnamese reason."""
    try:
        wb = pc.CalamineWorkbook.from_path(str(path))
    except pc.PasswordError as exc:
        raise ReadError("tệp được đặt mật khẩu, không mở được; đề nghị đơn vị gửi lại bản không đặt mật khẩu") from exc
    except (pc.CalamineError, pc.ZipError, pc.XmlError, OSError, ValueError) as exc:
        raise ReadError(f"tệp hỏng hoặc không phải bảng tính hợp lệ ({_short(exc)})") from exc
    except Exception as exc:  # calamine raises plain errors for some malformed files
        raise ReadError(f"tệp hỏng hoặc không phải bảng tính hợp lệ ({_short(exc)})") from exc
    grids = []
    try:
        for meta in wb.sheets_metadata:
            if str(meta.typ) not in ("SheetTypeEnum.WorkSheet", "WorkSheet"):
                continue
            sheet = wb.get_sheet_by_name(meta.name)
            rows = sheet.to_python(skip_empty_area=False)
            grids.append(Grid(name=meta.name, rows=[list(r) for r in rows],
                              visible=str(meta.visible).endswith("Visible")))
    except Exception as exc:
        raise ReadError(f"tệp hỏng, không đọc được nội dung ({_short(exc)})") from exc
    finally:
        try:
            wb.close()
        except Exception:
            pass
    return grids


def _short(exc: Exception) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:120]
