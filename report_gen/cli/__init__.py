"""Command line: a thin layer over report_gen.pipeline, speaking Vietnamese."""

from __future__ import annotations

import argparse
import dataclasses
import json
import os
import sys
from pathlib import Path

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn
from rich.table import Table

from report_gen import __version__
from report_gen.cli import history as history_cmd
from report_gen.cache import CACHE_DIR
from report_gen.model import STATUS_VI
from report_gen.store import DEFAULT_NAME, StoreError

# argparse's own words, in Vietnamese (argparse looks `_` and `ngettext` up at call time).
_ARGPARSE_VI = {
    "usage: ": "Cách dùng: ",
    "positional arguments": "đối số",
    "options": "tùy chọn",
    "show this help message and exit": "hiện hướng dẫn này rồi thoát",
    "show program's version number and exit": "hiện số phiên bản rồi thoát",
    "the following arguments are required: %s": "thiếu đối số bắt buộc: %s",
    "unrecognized arguments: %s": "không hiểu các đối số: %s",
    "argument %(argument_name)s: %(message)s": "đối số %(argument_name)s: %(message)s",
    "invalid choice: %(value)r (choose from %(choices)s)":
        "lựa chọn không hợp lệ: %(value)r (chọn một trong %(choices)s)",
    "invalid %(type)s value: %(value)r": "giá trị không hợp lệ: %(value)r",
    "expected one argument": "cần một giá trị",
    "%(prog)s: error: %(message)s\n": "%(prog)s: lỗi: %(message)s\n",
    "ambiguous option: %(option)s could match %(matches)s":
        "tùy chọn không rõ: %(option)s có thể là %(matches)s",
    "not allowed with argument %s": "không dùng được cùng đối số %s",
    "one of the arguments %s is required": "cần một trong các đối số %s",
    "expected at least one argument": "cần ít nhất một giá trị",
    "expected at most one argument": "cần nhiều nhất một giá trị",
}
argparse._ = lambda s: _ARGPARSE_VI.get(s, s)  # type: ignore[attr-defined]
argparse.ngettext = lambda s, p, n: (  # type: ignore[attr-defined]
    "cần %s giá trị" if s.startswith("expected %s argument") else (s if n == 1 else p))



def _parser() -> argparse.ArgumentParser:
    p = argparse.ArgumentParser(
        prog="report-gen",
        description="Tổng hợp số liệu phong trào toàn dân bảo vệ an ninh Tổ quốc từ các tệp "
                    "Excel của đơn vị và lập báo cáo năm (PDF, HTML, bảng tổng hợp Excel, JSON).",
        epilog="Ví dụ: report-gen build bao_cao_don_vi/2012 --year 2012 --out out")
    p.add_argument("--version", action="version", version=f"report-gen {__version__}",
                   help="hiện số phiên bản rồi thoát")
    p.add_argument("--config", type=Path, metavar="TỆP",
                   help="tệp cấu hình (mặc định: report_gen.toml trong thư mục hiện tại)")
    sub = p.add_subparsers(dest="command", metavar="LỆNH", title="các lệnh")

    t = sub.add_parser("template", help="tạo biểu mẫu trống (.xlsx) gửi các đơn vị",
                       description="Tạo biểu mẫu trống cho từng đơn vị: đã ghi sẵn tên đơn vị và "
                                   "năm, khóa mã và tên chỉ tiêu, kiểm tra ô số liệu.")
    t.add_argument("--year", type=int, required=True, metavar="NĂM", help="năm báo cáo")
    t.add_argument("--out", type=Path, required=True, metavar="THƯ_MỤC",
                   help="thư mục ghi biểu mẫu")
    t.add_argument("--unit", metavar="MÃ", help="chỉ tạo biểu cho một đơn vị (mã đơn vị)")
    t.add_argument("--previous", type=Path, metavar="TỆP_JSON",
                   help="tệp tong_hop_<năm trước>.json để ghi số liệu năm trước vào cột tham khảo")

    c = sub.add_parser("check", help="kiểm tra các tệp đơn vị gửi về",
                       description="Đọc mọi tệp trong thư mục, in tình trạng từng đơn vị và mọi "
                                   "lỗi kèm tệp, sheet, ô. Mã thoát 0 khi không có lỗi, 1 khi có lỗi.")
    c.add_argument("input", type=Path, metavar="THƯ_MỤC_ĐẦU_VÀO")
    c.add_argument("--year", type=int, metavar="NĂM",
                   help="năm báo cáo (mặc định: lấy từ tên thư mục nếu là số năm)")
    c.add_argument("--feedback", type=Path, default=None, metavar="THƯ_MỤC",
                   help="thư mục ghi phiếu phản hồi cho từng đơn vị và trang tổng quan "
                        "(mặc định: out/phan_hoi_<năm>)")

    b = sub.add_parser("build", help="lập báo cáo năm (PDF, HTML, Excel, JSON)",
                       description="Tổng hợp số liệu và ghi bao_cao_<năm>.pdf, bao_cao_<năm>.html, "
                                   "tong_hop_<năm>.xlsx, tong_hop_<năm>.json. Khi số liệu còn thiếu "
                                   "hoặc sai, báo cáo được đánh dấu “DỰ THẢO”.")
    b.add_argument("input", type=Path, metavar="THƯ_MỤC_ĐẦU_VÀO")
    b.add_argument("--year", type=int, metavar="NĂM",
                   help="năm báo cáo (mặc định: lấy từ tên thư mục nếu là số năm)")
    b.add_argument("--out", type=Path, default=Path("out"), metavar="THƯ_MỤC",
                   help="thư mục ghi kết quả (mặc định: out)")
    b.add_argument("--draft", action="store_true", help="luôn đánh dấu báo cáo là “DỰ THẢO”")
    for sp in (c, b):
        sp.add_argument("--no-cache", action="store_true",
                        help="đọc lại mọi tệp, không dùng kết quả đọc đã lưu của lần chạy trước")
    b.add_argument("--store", type=Path, metavar="TỆP",
                   help="tệp kho lịch sử để so sánh với các năm trước và ghi năm này "
                        "(mặc định: report_gen.sqlite trong thư mục hiện tại)")
    history_cmd.add_parser(sub)
    return p


def main(argv: list[str] | None = None) -> int:
    parser = _parser()
    args = parser.parse_args(argv)
    console = Console(highlight=False)
    err = Console(stderr=True, highlight=False)
    if not args.command:
        parser.print_help()
        return 2
    from report_gen.config import ConfigError, load_settings
    try:
        settings = load_settings(args.config)
    except ConfigError as exc:
        err.print(f"[red]Lỗi cấu hình:[/red] {exc}")
        return 2
    store = getattr(args, "store", None) or settings.store or Path.cwd() / DEFAULT_NAME
    cache = None if getattr(args, "no_cache", False) else Path.cwd() / CACHE_DIR
    settings = dataclasses.replace(settings, store=store, cache=cache)
    try:
        if args.command == "template":
            return _template(args, settings, console, err)
        if args.command == "history":
            return history_cmd.run(args, settings, console, err)
        year = args.year or _year_from(args.input)
        if year is None:
            err.print("[red]Lỗi:[/red] chưa cho biết năm báo cáo; thêm --year NĂM.")
            return 2
        if not args.input.is_dir():
            err.print(f"[red]Lỗi:[/red] không tìm thấy thư mục {args.input}.")
            return 2
        if args.command == "check":
            return _check(args, year, settings, console)
        return _build(args, year, settings, console)
    except StoreError as exc:
        err.print(f"[red]Lỗi kho lịch sử:[/red] {exc}")
        return 2
    except KeyboardInterrupt:
        err.print("Đã dừng theo yêu cầu.")
        return 130
    except Exception as exc:  # noqa: BLE001 - the officer gets a sentence, not a traceback
        if os.environ.get("REPORT_GEN_DEBUG"):
            raise
        err.print(f"[red]Lỗi không mong đợi:[/red] {type(exc).__name__}: {str(exc)[:300]}\n"
                  "Các tệp kết quả cũ (nếu có) vẫn giữ nguyên. Đặt biến môi trường "
                  "REPORT_GEN_DEBUG=1 rồi chạy lại để xem chi tiết kỹ thuật.")
        return 1


def _year_from(path: Path) -> int | None:
    name = path.resolve().name
    return int(name) if name.isdigit() and len(name) == 4 else None


def _template(args, settings, console: Console, err: Console) -> int:
    from report_gen.outputs.form import write_forms
    units = settings.units.active(args.year)
    if args.unit:
        units = [u for u in units if u.code == args.unit.upper()]
        if not units:
            err.print(f"[red]Lỗi:[/red] không có đơn vị mã “{args.unit}” trong năm {args.year}.")
            return 2
    previous = {}
    if args.previous:
        try:
            previous = json.loads(args.previous.read_text(encoding="utf-8")).get("units", {})
        except (OSError, ValueError) as exc:
            err.print(f"[red]Lỗi:[/red] không đọc được {args.previous}: {exc}")
            return 2
    paths = write_forms(args.out, units, args.year, settings.catalogue,
                        settings.units.province, previous)
    console.print(f"Đã tạo {len(paths)} biểu mẫu năm {args.year} trong {args.out}.")
    return 0


def _with_progress(console: Console, input_dir: Path, run):
    from report_gen.intake.folder import discover
    total = len(discover(input_dir))
    with Progress(TextColumn("Đang đọc tệp"), BarColumn(), MofNCompleteColumn(),
                  TextColumn("{task.description}"), console=console, transient=True) as prog:
        task = prog.add_task("", total=total)
        return run(lambda rel: prog.update(task, advance=1, description=rel[-50:]))


def _check(args, year: int, settings, console: Console) -> int:
    from report_gen.pipeline import check
    cons = _with_progress(console, args.input,
                          lambda cb: check(args.input, year, settings, progress=cb))
    _print_status(cons, console)
    _print_problems(cons, console)
    console.print()
    _print_summary(cons, console)
    from report_gen.outputs.feedback import write_feedback
    out = args.feedback or Path("out") / f"phan_hoi_{year}"
    ov = write_feedback(cons, out)
    _print_overview(ov, console)
    return 1 if cons.error_count else 0


def _print_overview(ov, console: Console) -> None:
    from report_gen.outputs.feedback import CLEAN, MISSING, STATE_VI, WITH_ERRORS, summary
    console.print(f"\n[bold]Tổng quan:[/bold] {summary(ov)}")
    for state in (WITH_ERRORS, MISSING, CLEAN):
        units = ov.by_state(state)
        names = ", ".join(u.name for u in units[:FULL_TABLE_UNITS])
        if len(units) > FULL_TABLE_UNITS:
            names += f" … và {len(units) - FULL_TABLE_UNITS} đơn vị khác (xem trang tổng quan)"
        if names:
            console.print(f"  {STATE_VI[state]}: {names}")
    console.print(f"Đã ghi trang tổng quan: {ov.overview_file}")
    if ov.feedback_files:
        console.print(f"Đã ghi {len(ov.feedback_files)} phiếu phản hồi cho đơn vị trong "
                      f"{ov.overview_file.parent}.")


def _build(args, year: int, settings, console: Console) -> int:
    from report_gen.pipeline import build
    cons, outputs = _with_progress(console, args.input, lambda cb: build(
        args.input, year, settings, args.out, progress=cb, force_draft=args.draft))
    _print_summary(cons, console)
    _print_store(cons, settings.store, console)
    console.print("Đã ghi:")
    for p in outputs.values():
        console.print(f"  {p}")
    if cons.is_draft:
        console.print("[yellow]Báo cáo là DỰ THẢO[/yellow]: còn đơn vị chưa gửi hoặc số liệu có lỗi "
                      f"(chạy “report-gen check {args.input} --year {year}” để xem chi tiết).")
    return 0


def _print_store(cons, store: Path, console: Console) -> None:
    py = cons.year - 1
    if cons.previous is not None:
        console.print(f"So sánh với số liệu năm {py} trong kho lịch sử; đã ghi năm {cons.year} "
                      f"vào kho ({store}).")
    else:
        console.print(f"[yellow]Chưa có số liệu năm {py}[/yellow] trong kho lịch sử ({store}) nên "
                      f"báo cáo không so sánh với năm {py}; có thể nhập bằng “report-gen history "
                      f"import tong_hop_{py}.json”. Đã ghi năm {cons.year} vào kho.")


# Above this many units the status table lists only the units that need attention.
FULL_TABLE_UNITS = 60


def _print_status(cons, console: Console) -> None:
    table = Table(title=f"Tình trạng báo cáo năm {cons.year}", show_lines=False)
    for col in ("Đơn vị", "Tệp", "Trạng thái", "Lỗi", "Cảnh báo"):
        table.add_column(col)
    by_unit: dict[str | None, list] = {}
    for r in cons.results:
        by_unit.setdefault(r.unit, []).append(r)
    active = cons.settings.units.active(cons.year)
    short = len(active) > FULL_TABLE_UNITS
    hidden = 0
    for u in active:
        rows = by_unit.get(u.code, [])
        if not rows:
            table.add_row(u.name, "–", "[red]chưa gửi[/red]", "", "")
        elif short and all(r.status == "accepted" and not r.problems for r in rows):
            hidden += 1
            continue
        for r in rows:
            warnings = sum(1 for p in r.problems if p.severity == "warning")
            table.add_row(u.name, r.file, _status(r), str(len(r.errors)) if r.errors else "",
                          str(warnings) if warnings else "")
    active_codes = {u.code for u in active}
    for unit, rows in by_unit.items():
        if unit in active_codes:
            continue
        for r in rows:
            if r.status == "ignored" and short:
                continue
            table.add_row("?" if unit is None else cons.unit_name(unit), r.file, _status(r),
                          str(len(r.errors)) if r.errors else "", "")
    if table.row_count:
        console.print(table)
    if hidden:
        console.print(f"{hidden} đơn vị khác đã gửi báo cáo hợp lệ, không có lỗi hay cảnh báo "
                      "(không liệt kê).")


def _status(r) -> str:
    text = STATUS_VI.get(r.status, r.status)
    if r.status == "accepted":
        return f"[red]{text}, có lỗi[/red]" if r.errors else f"[green]{text}[/green]"
    return {"rejected": f"[red]{text}[/red]", "superseded": f"[yellow]{text}[/yellow]"}.get(
        r.status, text)


def _print_problems(cons, console: Console) -> None:
    for r in cons.results:
        if not r.problems:
            continue
        console.print(f"\n[bold]{r.file}[/bold] ({cons.unit_name(r.unit) or 'không rõ đơn vị'})")
        for p in r.problems:
            where = ", ".join(x for x in (f"sheet “{p.sheet}”" if p.sheet else "",
                                          f"ô {p.cell}" if p.cell else "") if x)
            tag = {"error": "[red]Lỗi[/red]", "info": "[dim]Ghi chú[/dim]"}.get(
                p.severity, "[yellow]Cảnh báo[/yellow]")
            console.print(f"  {tag}{' (' + where + ')' if where else ''}: {p.message}")
    for p in cons.province_problems:
        tag = "[red]Lỗi[/red]" if p.severity == "error" else "[yellow]Cảnh báo[/yellow]"
        console.print(f"  {tag} (toàn tỉnh): {p.message}")
    ignored = [r for r in cons.results if r.status == "ignored"]
    if ignored:
        console.print("\n[bold]Tệp bỏ qua[/bold] (không phải biểu số liệu):")
        for r in ignored[:FULL_TABLE_UNITS]:
            console.print(f"  {r.file}: {r.reason}")
        if len(ignored) > FULL_TABLE_UNITS:
            console.print(f"  … và {len(ignored) - FULL_TABLE_UNITS} tệp khác (xem trang tổng quan).")


def _print_summary(cons, console: Console) -> None:
    expected = len(cons.settings.units.active(cons.year))
    counts = {s: sum(1 for r in cons.results if r.status == s) for s in STATUS_VI}
    console.print(
        f"Năm {cons.year}: {len(cons.agg.reported_units)}/{expected} đơn vị đã gửi, "
        f"{len(cons.agg.missing_units)} đơn vị chưa gửi; {len(cons.results)} tệp "
        f"({counts['accepted']} được dùng, {counts['superseded']} bị thay thế, "
        f"{counts['rejected']} bị từ chối, {counts['ignored']} bỏ qua); "
        f"{cons.error_count} lỗi.")


if __name__ == "__main__":
    sys.exit(main())
