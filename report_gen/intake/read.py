"""Read one workbook into plain grids of cell values, safely: the format registry says how, the
archive pre-check refuses hostile archives, and the parser runs in a limited child."""

from __future__ import annotations

from pathlib import Path

from report_gen import sandbox
from report_gen.intake import archive_check, formats
from report_gen.intake.entries import mb
from report_gen.intake.formats.base import Grid, ReadError, cell_ref

# Grid, ReadError and cell_ref are the vocabulary of reading, imported from here by intake.
__all__ = ["Grid", "ReadError", "cell_ref", "child_failure_reason", "read_grids"]


def child_failure_reason(kind: str) -> str:
    """The Vietnamese reason for a file whose reading process died ("memory", "timeout",
    "crash")."""
    return _CHILD_REASONS.get(kind, _CHILD_REASONS["crash"])


def read_grids(path: Path) -> list[Grid]:
    """All worksheets of a workbook as grids. Raises ReadError with a Vietnamese reason.

    A zip archive (by the format of its extension, else by its content) is pre-checked (bombs,
    entity attacks, huge sheets); the file is then parsed in a limited child (report_gen.sandbox)
    where the platform allows it, so no file can end or stall the run. Inside a pool worker,
    which is itself the limited child, it is parsed directly."""
    fmt = formats.lookup(path)
    if fmt is not None and fmt.archive:
        try:
            archive_check.precheck(path)
        except archive_check.Refused as exc:
            raise ReadError(exc.args[0]) from None
    parse = fmt.read_grids if fmt is not None else formats.calamine.read_grids
    if sandbox.in_sandbox() or not sandbox.can_isolate():
        return parse(str(path))
    try:
        return sandbox.run_limited(parse, str(path))  # type: ignore[return-value]
    except sandbox.ChildFailed as exc:
        raise ReadError(child_failure_reason(exc.args[0])) from None


_CHILD_REASONS = {
    "memory": (f"đọc tệp cần quá nhiều bộ nhớ (giới hạn {mb(sandbox.CHILD_MEMORY_BYTES)}); "
               "tệp bất thường hoặc độc hại, không đọc"),
    "timeout": (f"đọc tệp quá {sandbox.CHILD_TIMEOUT_SECONDS:.0f} giây mà chưa xong; "
                "tệp bất thường hoặc độc hại, không đọc"),
    "crash": "chương trình đọc bảng tính bị lỗi khi mở tệp này; tệp hỏng hoặc bất thường",
}
