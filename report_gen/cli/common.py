"""What the commands share: the input folder and year, the progress bar, the one-line summary
of a run, and the unit an option names (a code or a name)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Callable, TypeVar

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn

from report_gen.model import (CLEAN, MISSING, STATUS_VI, UNIT_REJECTED, WITH_ERRORS,
                              Consolidation)
from report_gen.reference.units import Unit, UnitList

T = TypeVar("T")


def add_input_arguments(sp) -> None:
    sp.add_argument("input", type=Path, metavar="THƯ_MỤC_ĐẦU_VÀO",
                    help="thư mục chứa các tệp đơn vị gửi về (tên có dấu cách: đặt trong "
                         "ngoặc kép)")
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


@dataclass(frozen=True)
class UnitLookup:
    """The unit a command-line argument names, or why none: `message` (Vietnamese) lists the
    units an ambiguous text could be, or the closest names when it names none."""

    unit: Unit | None
    message: str = ""


def lookup_unit(text: str, units: UnitList, year: int | None = None) -> UnitLookup:
    """The unit `text` names: a code (HA_LONG, ha_long) or a name as people write it ("Tiên
    Yên", "TP Hạ Long", "Co To"), through UnitList.find (units of `year` first). A text close to
    a name but not one (a typo) is not taken for it: the officer is asked, with the names."""
    code = text.strip().upper()
    if units.get(code) is not None:
        return UnitLookup(units.get(code))
    found = units.find(text, year, close=False)
    if found.unit is not None:
        return UnitLookup(found.unit)
    if found.ambiguous:
        return UnitLookup(None, f"“{text}” có thể là {_listed(found.units)}; hãy ghi rõ tên hơn "
                                "hoặc dùng mã đơn vị.")
    close = units.find(text, year, close=True).units or _closest(text, units, year)
    hint = f" Có phải là {_listed(close, ' hay ')}?" if close else ""
    return UnitLookup(None, f"Không có đơn vị “{text}” trong danh sách đơn vị"
                            f"{f' năm {year}' if year else ''}.{hint} Xem danh sách: "
                            "report-gen units --year NĂM.")


def unit_option(text: str, settings, err: Console, year: int | None = None) -> str | None:
    """The code of the unit a --unit option names, or None after printing why (for the
    commands: history series --unit, template --unit)."""
    from rich.markup import escape
    found = lookup_unit(text, settings.units, year)
    if found.unit is None:
        err.print(f"[red]Lỗi:[/red] {escape(found.message)}")
        return None
    return found.unit.code


def _listed(units, last: str = " hoặc ") -> str:
    names = [f"{u.name} ({u.code})" for u in units]
    return names[0] if len(names) == 1 else ", ".join(names[:-1]) + last + names[-1]


def _closest(text: str, units: UnitList, year: int | None, limit: int = 3) -> list[Unit]:
    """The units whose names are closest to `text` (without diacritics), best first."""
    from rapidfuzz import fuzz, process

    from report_gen.textnorm import fold
    pool = [u for u in units.units if year is None or u.active(year)] or list(units.units)
    names = {u.code: fold(u.name) for u in pool}
    best = process.extract(fold(text), names, scorer=fuzz.WRatio, limit=limit, score_cutoff=60)
    by_code = {u.code: u for u in pool}
    return [by_code[code] for _name, _score, code in best]
