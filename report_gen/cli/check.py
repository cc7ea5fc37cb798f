"""`report-gen check`: each unit's state and every problem with its place, the feedback pages
for the units and the overview page; exit code 1 while errors remain."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from report_gen.cli.common import (add_cache_argument, add_input_arguments, checked,
                                   print_summary)
from report_gen.model import (ACCEPTED, CLEAN, MISSING, STATE_SHORT_VI, STATE_VI, STATUS_VI,
                              SUPERSEDED, UNIT_REJECTED, UNIT_STATES, Consolidation, FileResult)
_STATE_STYLE = {CLEAN: "green", MISSING: "red"}


def _detail_units() -> int:
    """The review's many-units threshold, imported when needed (it brings pandas)."""
    from report_gen.review.figures import DETAIL_UNITS
    return DETAIL_UNITS


def add_parser(sub) -> None:
    c = sub.add_parser("check", help="kiểm tra các tệp đơn vị gửi về",
                       description="Đọc mọi tệp trong thư mục, in tình trạng từng đơn vị và mọi "
                                   "lỗi kèm tệp, trang tính, ô. Mã thoát 0 khi không có lỗi, 1 "
                                   "khi có lỗi.")
    add_input_arguments(c)
    c.add_argument("--feedback", type=Path, default=None, metavar="THƯ_MỤC",
                   help="thư mục ghi phiếu phản hồi cho từng đơn vị và trang tổng quan "
                        "(mặc định: out/phan_hoi_<năm>)")
    add_cache_argument(c)


def run(args, settings, console: Console, err: Console) -> int:
    from report_gen.outputs.feedback import write_feedback
    cons = checked(args, settings, console, err)
    if cons is None:
        return 2
    year = cons.year
    _print_status(cons, console)
    _print_deadline(cons, console)
    _print_problems(cons, console)
    console.print()
    print_summary(cons, console)
    out = args.feedback or Path("out") / f"phan_hoi_{year}"
    ov = write_feedback(cons, out)
    _print_overview(ov, console)
    return 1 if cons.error_count else 0


def _print_overview(ov, console: Console) -> None:
    from report_gen.outputs.feedback import summary
    DETAIL_UNITS = _detail_units()
    console.print(f"\n[bold]Tổng quan:[/bold] {summary(ov)}")
    for state in UNIT_STATES:
        units = ov.by_state(state)
        names = ", ".join(u.name for u in units[:DETAIL_UNITS])
        if len(units) > DETAIL_UNITS:
            names += f" … và {len(units) - DETAIL_UNITS} đơn vị khác (xem trang tổng quan)"
        if names:
            console.print(f"  {STATE_VI[state]}: {names}")
    console.print(f"Đã ghi trang tổng quan: {ov.overview_file}")
    if ov.feedback_files:
        console.print(f"Đã ghi {len(ov.feedback_files)} phiếu phản hồi cho đơn vị trong "
                      f"{ov.overview_file.parent}.")
    if ov.moved:
        names = ", ".join(p.name for p in ov.moved[:_detail_units()])
        more = f" và {len(ov.moved) - _detail_units()} phiếu khác" if len(ov.moved) > \
            _detail_units() else ""
        console.print(f"Đã chuyển {len(ov.moved)} phiếu phản hồi của lần kiểm tra trước (đơn vị "
                      f"nay không cần phiếu) vào {escape(str(ov.moved[0].parent))}, không gửi "
                      f"lại: {escape(names)}{more}.")


def _print_status(cons: Consolidation, console: Console, today: dt.date | None = None) -> None:
    """One block of rows per expected unit: its state, then each file it sent, each with its
    errors and warnings (none for a replaced file: they are not the unit's to fix) and whether it
    came on time (the review's timeliness, report_gen.review.figures); then files of no expected
    unit. Above DETAIL_UNITS units, clean units without warnings are only counted."""
    from report_gen import text as vn
    from report_gen.review.figures import figures
    fig = figures(cons)
    title = f"Tình trạng báo cáo năm {cons.year}"
    if fig.deadline is not None:
        title += f" (hạn gửi ngày {vn.short_date(fig.deadline)})"
    table = Table(title=title, show_lines=False)
    for col in ("Đơn vị", "Tình trạng", "Tệp", "Trạng thái tệp", "Lỗi", "Cảnh báo", "Thời hạn"):
        table.add_column(col)
    by_unit: dict[str | None, list[FileResult]] = {}
    for r in cons.results:
        by_unit.setdefault(r.unit, []).append(r)
    timing = {t.unit: t for t in fig.timeliness.values()}
    overdue = fig.deadline is not None and (today or dt.date.today()) > fig.deadline
    short = not fig.detailed
    shown = [(code, state) for code, state in cons.unit_status.items()
             if not (short and state == CLEAN
                     and not any(r.problems for r in by_unit.get(code, [])))]
    hidden = len(cons.unit_status) - len(shown)
    warned, cut = _terminal_cut(shown)
    for code, state in shown:
        rows = by_unit.get(code, [])
        style = _STATE_STYLE.get(state, "yellow")
        word = f"[{style}]{STATE_SHORT_VI[state]}[/{style}]"
        name = cons.unit_name(code)
        if not rows:
            table.add_row(name, word, "–", "", "", "", "[red]quá hạn[/red]" if overdue else "")
        for k, r in enumerate(rows):
            t = timing.get(code)
            when = t.word_for(r.file) if t is not None else ""
            if not when and overdue and state == UNIT_REJECTED and k == 0:
                when = "quá hạn"
            when = f"[red]{when}[/red]" if when.startswith(("muộn", "quá hạn")) else when
            table.add_row(name if k == 0 else "", word if k == 0 else "", *_file_cells(r), when)
    for unit, rows in by_unit.items():
        if unit in cons.unit_status:
            continue
        for r in rows:
            if r.status == "ignored" and short:
                continue
            table.add_row("?" if unit is None else cons.unit_name(unit), "", *_file_cells(r), "")
    if table.row_count:
        console.print(table)
    if hidden:
        console.print(f"{hidden} đơn vị khác đã gửi báo cáo hợp lệ, không có lỗi hay cảnh báo "
                      "(không liệt kê).")
    if warned:
        console.print(f"{warned} đơn vị đã gửi báo cáo hợp lệ nhưng có cảnh báo (không liệt kê "
                      "ở đây: xem trang tổng quan và phiếu phản hồi).")
    if cut:
        console.print(f"… và {cut} đơn vị khác cần xem (danh sách đầy đủ trong trang tổng quan).")


TERMINAL_ROWS = 200  # units listed in the status table; the overview page lists them all


def _terminal_cut(shown: list[tuple[str, str]]) -> tuple[int, int]:
    """Keep the status table readable in a terminal (a national list has thousands of units):
    beyond TERMINAL_ROWS units, those with warnings only are counted, not listed; beyond that,
    the rest. Cuts `shown` in place; returns (units with warnings only left out, others)."""
    if len(shown) <= TERMINAL_ROWS:
        return 0, 0
    keep = [(c, st) for c, st in shown if st != CLEAN]
    warned = len(shown) - len(keep)
    cut = max(0, len(keep) - TERMINAL_ROWS)
    shown[:] = keep[:TERMINAL_ROWS]
    return warned, cut


def deadline_line(cons: Consolidation, today: dt.date | None = None) -> str:
    """Who is late so far against the configured deadline, "" without one: units on time and
    late by their first submission (the review's rule), on-time units whose correction came
    after the deadline, and units with no usable file yet (overdue once the deadline has
    passed), so the officer can chase them before the review is built."""
    from report_gen import text as vn
    from report_gen.review.figures import DETAIL_UNITS, figures
    from report_gen.text import in_sentence
    fig = figures(cons)
    if fig.deadline is None:
        return ""
    today = today or dt.date.today()
    order = {u.code: i for i, u in enumerate(fig.expected)}
    timing = sorted((t for t in fig.timeliness.values() if t.late is not None),
                    key=lambda t: order.get(t.unit, len(order)))

    def names(items, when) -> str:
        return vn.join([f"{in_sentence(cons.unit_name(t.unit))} ({vn.short_date(when(t))})"
                        for t in items], DETAIL_UNITS)
    parts = []
    if timing:
        late = sorted((t for t in timing if t.late), key=lambda t: t.date)
        part = f"{len(timing) - len(late)} đơn vị gửi đúng hạn"
        if late:
            part += f", {len(late)} đơn vị gửi muộn: {names(late, lambda t: t.date)}"
        parts.append(part)
        corrected = sorted((t for t in timing if t.late is False and t.correction_late),
                           key=lambda t: t.correction_date)
        if corrected:
            parts.append(f"{len(corrected)} đơn vị gửi bản sửa sau thời hạn: "
                         f"{names(corrected, lambda t: t.correction_date)}")
    unsent = [(fig.by_state[MISSING], "chưa gửi"),
              (fig.by_state[UNIT_REJECTED], "chưa có tệp dùng được")]
    for units, what in unsent:
        if not units:
            continue
        if today > fig.deadline:
            listed = vn.join([in_sentence(u.name) for u in units], DETAIL_UNITS)
            parts.append(f"{len(units)} đơn vị quá hạn {what}: {listed}")
        else:
            left = (fig.deadline - today).days
            when = f"còn {left} ngày đến hạn" if left else "hôm nay là ngày cuối"
            parts.append(f"{len(units)} đơn vị {what} ({when})")
    return f"Thời hạn ngày {vn.short_date(fig.deadline)}: " + "; ".join(parts) + "."


def _print_deadline(cons: Consolidation, console: Console) -> None:
    line = deadline_line(cons)
    if line:
        console.print(line, markup=False, highlight=False)


def _file_cells(r: FileResult) -> tuple[str, str, str, str]:
    """File, status, errors, warnings; a replaced file counts none (its problems are those of a
    copy no longer used, listed with it below for reference)."""
    if r.status == SUPERSEDED:
        return escape(r.file), _status(r), "", ""
    warnings = sum(1 for p in r.problems if p.severity == "warning")
    return (escape(r.file), _status(r), str(len(r.errors)) if r.errors else "",
            str(warnings) if warnings else "")


def _status(r: FileResult) -> str:
    text = STATUS_VI.get(r.status, r.status)
    if r.status == ACCEPTED:
        return f"[red]{text}, có lỗi[/red]" if r.errors else f"[green]{text}[/green]"
    return {"rejected": f"[red]{text}[/red]", "superseded": f"[yellow]{text}[/yellow]"}.get(
        r.status, text)


TERMINAL_FILES = 100  # files whose problems are printed; the feedback pages have every one


def _print_problems(cons: Consolidation, console: Console) -> None:
    # a replaced copy: only why it is not used (its errors are not the unit's to fix)
    listed = [(r, [p for p in r.problems if r.status != SUPERSEDED or p.code == "superseded"])
              for r in cons.results]
    listed = [(r, problems) for r, problems in listed if problems]
    if len(listed) > TERMINAL_FILES:  # the files with errors first, in their order
        listed = [x for x in listed if x[0].errors] + [x for x in listed if not x[0].errors]
    for r, problems in listed[:TERMINAL_FILES]:
        console.print(f"\n[bold]{escape(r.file)}[/bold] "
                      f"({escape(cons.unit_name(r.unit) or 'không rõ đơn vị')})")
        for p in problems:
            where = ", ".join(x for x in (f"trang tính “{p.sheet}”" if p.sheet else "",
                                          f"ô {p.cell}" if p.cell else "") if x)
            tag = {"error": "[red]Lỗi[/red]", "info": "[dim]Ghi chú[/dim]"}.get(
                p.severity, "[yellow]Cảnh báo[/yellow]")
            console.print(f"  {tag}{' (' + escape(where) + ')' if where else ''}: "
                          f"{escape(p.message)}")
    if len(listed) > TERMINAL_FILES:
        console.print(f"\n… và {len(listed) - TERMINAL_FILES} tệp khác có lỗi hoặc cảnh báo "
                      "(xem các phiếu phản hồi và trang tổng quan).")
    if cons.province_problems:
        console.print("\n[bold]Toàn tỉnh[/bold]")
    for p in cons.province_problems:
        tag = "[red]Lỗi[/red]" if p.severity == "error" else "[yellow]Cảnh báo[/yellow]"
        console.print(f"  {tag}: {p.message}")
    ignored = [r for r in cons.results if r.status == "ignored"]
    DETAIL_UNITS = _detail_units()
    if ignored:
        console.print("\n[bold]Tệp bỏ qua[/bold] (không phải biểu số liệu):")
        for r in ignored[:DETAIL_UNITS]:
            console.print(f"  {escape(r.file)}: {escape(r.reason)}")
        if len(ignored) > DETAIL_UNITS:
            console.print(f"  … và {len(ignored) - DETAIL_UNITS} tệp khác (xem trang tổng quan).")
