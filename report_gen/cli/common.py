"""What the commands that read an input folder share: the folder and year, the progress bar,
and the one-line summary of a run."""

from __future__ import annotations

from pathlib import Path
from typing import Callable, TypeVar

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from report_gen.model import (CLEAN, MISSING, STATUS_VI, UNIT_REJECTED, WITH_ERRORS,
                              Consolidation)

T = TypeVar("T")


def add_input_arguments(sp) -> None:
    sp.add_argument("input", type=Path, metavar="THƯ_MỤC_ĐẦU_VÀO")
    sp.add_argument("--year", type=int, metavar="NĂM",
                    help="năm báo cáo (mặc định: lấy từ tên thư mục nếu là số năm)")


def add_cache_argument(sp) -> None:
    sp.add_argument("--no-cache", action="store_true",
                    help="đọc lại mọi tệp, không dùng kết quả đọc đã lưu của lần chạy trước")


def input_year(args, err: Console) -> int | None:
    """The report year (--year, else the folder's name) once the input folder is known to
    exist; None after telling the officer what is wrong."""
    year = args.year or year_from(args.input)
    if year is None:
        err.print("[red]Lỗi:[/red] chưa cho biết năm báo cáo; thêm --year NĂM.")
        return None
    if not args.input.is_dir():
        err.print(f"[red]Lỗi:[/red] không tìm thấy thư mục {args.input}.")
        return None
    return year


def year_from(path: Path) -> int | None:
    name = path.resolve().name
    return int(name) if name.isdigit() and len(name) == 4 else None


def with_progress(console: Console, input_dir: Path,
                  run: Callable[[Callable[[str], None]], T]) -> T:
    from report_gen.intake.folder import discover
    total = len(discover(input_dir))
    with Progress(TextColumn("Đang đọc tệp"), BarColumn(), MofNCompleteColumn(),
                  TextColumn("{task.description}"), console=console, transient=True) as prog:
        task = prog.add_task("", total=total)
        return run(lambda rel: prog.update(task, advance=1, description=rel[-50:]))


def checked(args, settings, console: Console, err: Console) -> Consolidation | None:
    """The input folder checked (report_gen.pipeline.check) for the year of the arguments, with
    a progress bar; None when no year can be told (the reason already printed)."""
    from report_gen.pipeline import check
    year = input_year(args, err)
    if year is None:
        return None
    return with_progress(console, args.input,
                         lambda cb: check(args.input, year, settings, progress=cb))


def print_summary(cons: Consolidation, console: Console) -> None:
    expected = len(cons.unit_status)
    sent = len(cons.units_in(CLEAN)) + len(cons.units_in(WITH_ERRORS))
    rejected = len(cons.units_in(UNIT_REJECTED))
    counts = {s: sum(1 for r in cons.results if r.status == s) for s in STATUS_VI}
    console.print(
        f"Năm {cons.year}: {sent}/{expected} đơn vị đã gửi, "
        f"{len(cons.units_in(MISSING))} đơn vị chưa gửi"
        f"{f', {rejected} đơn vị có tệp bị từ chối' if rejected else ''}; "
        f"{len(cons.results)} tệp "
        f"({', '.join(f'{n} {STATUS_VI[status]}' for status, n in counts.items())}); "
        f"{cons.error_count} lỗi.")
