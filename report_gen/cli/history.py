"""`report-gen history`: the years on record, importing an earlier review, series of a unit or
an indicator, and the submissions of a year (the audit trail). Vietnamese output."""

from __future__ import annotations

import argparse
from pathlib import Path

from rich import box
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from report_gen import text as vn
from report_gen.cli.common import unit_option
from report_gen.reference.lineage import lineage

_STORE_HELP = "tệp kho lịch sử (mặc định: report_gen.sqlite trong thư mục hiện tại)"
DRAFT_MARK = "*"
DRAFT_LEGEND = (f"{DRAFT_MARK} năm có số liệu là dự thảo (còn đơn vị chưa gửi hoặc số liệu còn "
                "lỗi); số liệu có thể còn thay đổi.")


def _table(title: str, caption: str | None = None) -> Table:
    """A table that fits an 80-column terminal: lines under the header only, no side borders,
    so the width goes to the text."""
    return Table(title=title, caption=caption, box=box.SIMPLE_HEAD, show_edge=False,
                 pad_edge=False, collapse_padding=True, title_justify="left",
                 caption_justify="left")


def add_parser(sub) -> None:
    h = sub.add_parser(
        "history", help="lịch sử số liệu các năm (kho lịch sử)",
        description="Xem các năm đã có trong kho lịch sử, nhập số liệu năm trước từ tệp "
                    "tong_hop_<năm>.json hoặc .xlsx, xem chuỗi số liệu của một đơn vị hay một "
                    "chỉ tiêu qua các năm. Không có lệnh con: liệt kê các năm.",
        epilog="Ví dụ: report-gen history import out/tong_hop_2011.json; "
               "report-gen history series --indicator MH_TONG")
    h.add_argument("--store", type=Path, metavar="TỆP", help=_STORE_HELP)
    # --store may also follow the action ("history series --store TỆP ...").
    common = argparse.ArgumentParser(add_help=False)
    common.add_argument("--store", type=Path, metavar="TỆP", help=_STORE_HELP,
                        default=argparse.SUPPRESS)
    hs = h.add_subparsers(dest="action", metavar="VIỆC", title="các việc")
    hs.add_parser("list", parents=[common], help="liệt kê các năm đã có và tình trạng",
                  description="Liệt kê các năm đã có trong kho lịch sử và tình trạng từng năm.")
    i = hs.add_parser("import", parents=[common], help="nhập số liệu một năm từ tong_hop_<năm>.json hoặc .xlsx",
                      description="Nhập số liệu tổng hợp của một năm trước từ tệp "
                                  "tong_hop_<năm>.json hoặc tong_hop_<năm>.xlsx do report-gen ghi.")
    i.add_argument("file", type=Path, metavar="TỆP",
                   help="tệp tong_hop_<năm>.json hoặc tong_hop_<năm>.xlsx cần nhập")
    i.add_argument("--year", type=int, metavar="NĂM",
                   help="năm của số liệu (mặc định: lấy từ tệp hoặc tên tệp)")
    i.add_argument("--replace", action="store_true",
                   help="dùng số liệu nhập thay cho số liệu đã lập báo cáo của năm đó "
                        "(số liệu cũ vẫn được lưu)")
    s = hs.add_parser("series", parents=[common], help="chuỗi số liệu của một chỉ tiêu hoặc một đơn vị qua các năm",
                      description="Bảng số liệu qua các năm: --indicator cho một chỉ tiêu (các đơn "
                                  "vị và toàn tỉnh), --unit cho một đơn vị (mọi chỉ tiêu), cả hai "
                                  "cho một chỉ tiêu của một đơn vị.")
    s.add_argument("--indicator", metavar="MÃ", help="mã chỉ tiêu, ví dụ MH_TONG")
    s.add_argument("--unit", metavar="ĐƠN_VỊ", help="mã hoặc tên đơn vị, ví dụ HA_LONG hoặc "
                   "\"Hạ Long\"")
    f = hs.add_parser("submissions", parents=[common], help="các tệp đơn vị đã gửi của một năm (cả bản bị thay thế)",
                      description="Danh sách các bản số liệu đơn vị đã gửi trong một năm, kể cả "
                                  "những bản đã bị bản sửa sau thay thế.")
    f.add_argument("year", type=int, metavar="NĂM", help="năm báo cáo")
    f.add_argument("--unit", metavar="ĐƠN_VỊ", help="chỉ một đơn vị (mã hoặc tên)")
    t = hs.add_parser("sent", parents=[common], help="các lần gửi báo cáo, phiếu phản hồi qua thư "
                                                     "điện tử (report-gen send)",
                      description="Các lần gửi thư của lệnh send: lúc nào, đến đâu, tệp nào "
                                  "(mã SHA-256), đã gửi hay không gửi được và vì sao.")
    t.add_argument("year", type=int, nargs="?", metavar="NĂM", help="chỉ một năm báo cáo")


def run(args: argparse.Namespace, settings, console: Console, err: Console) -> int:
    from report_gen.store import open_store
    path = args.store or settings.store
    action = args.action or "list"
    if action != "import" and not Path(path).exists():
        console.print(f"Chưa có kho lịch sử {path}: chưa lập báo cáo năm nào "
                      "(“report-gen build”) và chưa nhập năm nào (“report-gen history import”).")
        return 0
    with open_store(path) as store:
        if action == "import":
            return _import(args, settings, store, console, err)
        if action == "series":
            return _series(args, settings, store, console, err)
        if action == "submissions":
            return _submissions(args, settings, store, console, err)
        if action == "sent":
            return _sent(args, settings, store, console)
        return _list(store, console)


def _list(store, console: Console) -> int:
    from report_gen.store import years
    states = years(store)
    if not states:
        console.print(f"Kho lịch sử {store.path} chưa có năm nào.")
        return 0
    table = _table("Các năm trong kho lịch sử", f"Kho lịch sử: {store.path}")
    for col, width in (("Năm", 4), ("Tình trạng", 10), ("Đơn vị có số liệu", 11),
                       ("Tệp đơn vị", 10), ("Lần ghi", 4), ("Ghi lúc", 16), ("Nguồn", None)):
        table.add_column(col, width=width, ratio=None if width else 1,
                         justify="right" if col == "Lần ghi" else "left")
    for s in states:
        source = "lập báo cáo" if s.source == "build" else \
            f"nhập từ {Path(s.source_path).name if s.source_path else 'tệp'}"
        if s.tool_version or s.catalogue_version:
            source += (f" (phiên bản {s.tool_version or '–'}, danh mục "
                       f"{s.catalogue_version or '–'})")
        state = "[yellow]dự thảo[/yellow]" if s.draft else "[green]chính thức[/green]"
        files = f"{s.submissions_current}" + (
            f" (+{s.submissions_superseded} bị thay thế)" if s.submissions_superseded else "")
        table.add_row(str(s.year), state,
                      f"{s.units_reported}" + (f" (thiếu {len(s.missing_units)})"
                                               if s.missing_units else ""),
                      files, str(s.builds), _when(s.recorded_at), escape(source))
    console.print(table)
    return 0


def _when(stamp: str | None) -> str:
    """"2012-08-05 09:30:00" -> "05/08/2012 09:30"."""
    import datetime as dt
    try:
        return dt.datetime.fromisoformat(stamp or "").strftime("%d/%m/%Y %H:%M")
    except ValueError:
        return stamp or "–"


def _import(args, settings, store, console: Console, err: Console) -> int:
    from report_gen.store import (ImportFileError, province_figures, read_review, record,
                                  unit_figures, years)
    try:
        fig = read_review(args.file, settings, args.year)
    except ImportFileError as exc:
        err.print(f"[red]Lỗi:[/red] {exc}")
        return 2
    for note in fig.notes:
        console.print(f"  [yellow]Lưu ý:[/yellow] {note}")
    before = province_figures(store, fig.year)
    if before is not None and before == fig.province and unit_figures(store, fig.year) == fig.units:
        console.print(f"Số liệu năm {fig.year} trong {args.file.name} đã có trong kho; "
                      "không thay đổi.")
        return 0
    state = next((s for s in years(store) if s.year == fig.year), None)
    if state is not None and state.source == "build" and not args.replace:
        err.print(f"[red]Không nhập:[/red] năm {fig.year} đã có số liệu do lập báo cáo, khác với "
                  f"số liệu trong {args.file.name}. Thêm --replace nếu muốn dùng số liệu nhập "
                  "thay thế (số liệu cũ vẫn được lưu).")
        return 1
    result = record(store, fig)
    console.print(f"Đã nhập số liệu năm {fig.year} từ {args.file.name}: toàn tỉnh "
                  f"{sum(v is not None for v in fig.province.values())} chỉ tiêu, "
                  f"{len(fig.units)} đơn vị, {result.new_submissions} tệp đơn vị mới.")
    if before is not None:
        console.print(f"  [yellow]Lưu ý:[/yellow] năm {fig.year} đã có số liệu trong kho; từ nay "
                      "dùng số liệu vừa nhập (bản cũ vẫn được lưu).")
    return 0


def _series(args, settings, store, console: Console, err: Console) -> int:
    from report_gen.store import indicator_series, unit_series
    cat, units = settings.catalogue, settings.units
    code = args.indicator.strip().upper() if args.indicator else None
    unit = None
    if args.unit and (unit := unit_option(args.unit, settings, err)) is None:
        return 2
    if not code and not unit:
        err.print("[red]Lỗi:[/red] cần --indicator MÃ hoặc --unit MÃ.")
        return 2
    if code and cat.get(code) is None:
        err.print(f"[red]Lỗi:[/red] không có chỉ tiêu mã “{code}” trong danh mục.")
        return 2
    if unit and units.get(unit) is None:
        err.print(f"[red]Lỗi:[/red] không có đơn vị mã “{unit}” trong danh sách đơn vị.")
        return 2
    if unit:
        series = unit_series(store, unit)
        if not series:
            console.print(f"Chưa có số liệu của {units.get(unit).name} trong kho lịch sử.")
            return 0
        shown = [ind for ind in cat.indicators if (not code or ind.code == code)
                 and any(ind.code in series[y] for y in series)]
        cells = {y: [vn.number(series[y].get(i.code)) for i in shown] for y in series}
        drafts = _draft_years(store)
        label = 14 + max([len(i.code) for i in shown] or [0])  # code + a readable label
        yrs = _fitting_years(cells, drafts, console.width - label)
        table = _table(f"{units.get(unit).name}: số liệu qua các năm")
        table.add_column("Mã", overflow="fold")
        table.add_column("Chỉ tiêu", ratio=1)
        for y in yrs:
            table.add_column(_year_head(y, drafts), justify="right", no_wrap=True)
        for k, ind in enumerate(shown):
            table.add_row(ind.code, f"{cat.say(ind.label, yrs[-1])} ({ind.unit})",
                          *[cells[y][k] for y in yrs])
        console.print(table)
        _legend(sorted(series), yrs, drafts, console)
        _unit_notes(store, unit, yrs, units, console)
        return 0
    series = indicator_series(store, code)
    ind = cat.get(code)
    if not series:
        console.print(f"Chưa có số liệu chỉ tiêu {code} trong kho lịch sử.")
        return 0
    present = {u for y in series for u in series[y]}
    rows = [u for u in units.units if u.code in present]
    cells = {y: [vn.number(series[y].get(u.code)) for u in rows] + [vn.number(series[y].get(""))]
             for y in series}
    drafts = _draft_years(store)
    label = 2 + max([len(u.name) for u in rows] + [len("Toàn tỉnh")])
    yrs = _fitting_years(cells, drafts, console.width - label)
    table = _table(f"{cat.say(ind.label, yrs[-1])} ({ind.unit}) [{code}] qua các năm")
    table.add_column("Đơn vị", ratio=1)
    for y in yrs:
        table.add_column(_year_head(y, drafts), justify="right", no_wrap=True)
    for k, u in enumerate(rows):
        table.add_row(escape(u.name), *[cells[y][k] for y in yrs])
    table.add_row("[bold]Toàn tỉnh[/bold]", *[f"[bold]{cells[y][-1]}[/bold]" for y in yrs])
    console.print(table)
    _legend(sorted(series), yrs, drafts, console)
    if len(yrs) >= 2 and yrs[-1] - yrs[-2] == 1:
        if not ind.across_maps and lineage(units, yrs[-1]).reorganised:
            # as the review says it: a count that changed meaning with the new map
            console.print(f"Toàn tỉnh năm {yrs[-1]}: không tính tăng, giảm so với năm "
                          f"{yrs[-2]} vì đơn vị hành chính đã sắp xếp lại.")
            return 0
        phrase = vn.compare(series[yrs[-1]].get(""), series[yrs[-2]].get(""), ind.unit, yrs[-2])
        if phrase:
            console.print(f"Toàn tỉnh năm {yrs[-1]}: {phrase}{_absent(store, yrs, units)}.")
    return 0


def _draft_years(store) -> set[int]:
    """The years whose figures on record are a draft's."""
    from report_gen.store import years
    return {s.year for s in years(store) if s.draft}


def _year_head(year: int, drafts: set[int]) -> str:
    """A series column's heading: the year, marked when its figures are a draft's."""
    return f"{year}{DRAFT_MARK}" if year in drafts else str(year)


def _fitting_years(cells: dict[int, list[str]], drafts: set[int], room: int) -> list[int]:
    """The latest years whose columns (heading or widest figure, and a gap) fit in `room`
    characters; at least one."""
    out: list[int] = []
    for y in sorted(cells, reverse=True):
        room -= 2 + max([len(_year_head(y, drafts))] + [len(c) for c in cells[y]])
        if room < 0 and out:
            break
        out.append(y)
    return sorted(out)


def _legend(years_on_record: list[int], yrs: list[int], drafts: set[int],
            console: Console) -> None:
    """The draft mark's legend, and which years were left out for the terminal's width."""
    if drafts.intersection(yrs):
        console.print(DRAFT_LEGEND)
    if len(yrs) < len(years_on_record):
        console.print(f"Chỉ hiện các năm {yrs[0]}–{yrs[-1]} cho vừa khổ màn hình "
                      f"(kho có từ năm {years_on_record[0]}); mở rộng cửa sổ để xem thêm.")


def _absent(store, yrs: list[int], units) -> str:
    """A caveat when the latest year on record misses units: its total is not like for like."""
    from report_gen.store.query import builds
    last = next((b for b in builds(store, yrs[-1]) if b.current), None)
    if last is None or not last.missing_units:
        return ""
    names = [(units.get(u).name if units.get(u) else u) for u in last.missing_units]
    return (f" (tổng năm {yrs[-1]} còn thiếu số liệu của {vn.join(names, 3)}; báo cáo năm "
            f"{yrs[-1]} so sánh trên cùng phạm vi)")


def _unit_notes(store, unit: str, yrs: list[int], units, console: Console) -> None:
    from report_gen.store import COMPARABLE, NO_DATA, compare_unit
    for y in yrs[1:]:
        c = compare_unit(store, unit, y, units)
        if c.status not in (COMPARABLE, NO_DATA):
            console.print(f"[yellow]Lưu ý:[/yellow] {c.note}")


def _submissions(args, settings, store, console: Console, err: Console) -> int:
    from report_gen.store import submissions
    unit = None
    if args.unit and (unit := unit_option(args.unit, settings, err, args.year)) is None:
        return 2
    rows = submissions(store, args.year, unit)
    if not rows:
        console.print(f"Chưa có tệp đơn vị nào của năm {args.year} trong kho lịch sử.")
        return 0
    by_id = {r.id: r for r in rows}
    table = _table(f"Các tệp đơn vị gửi năm {args.year}",
                   "SHA-256: 12 ký tự đầu của mã băm, để đối chiếu đúng tệp đã nhận.")
    for col, width in (("Đơn vị", 12), ("Tệp", None), ("Ngày báo cáo", 10), ("SHA-256", 12),
                       ("Tình trạng", 20)):
        table.add_column(col, width=width, ratio=None if width else 1,
                         overflow="fold" if col in ("Tệp", "Tình trạng") else "ellipsis")
    for r in rows:
        u = settings.units.get(r.unit)
        if r.current:
            state = f"[green]đang dùng[/green] (ghi {_when(r.recorded_at)})"
        else:
            newer = by_id.get(r.superseded_by)
            state = (f"[yellow]bị thay thế[/yellow] ngày {_when(r.superseded_at)} bởi "
                     f"{escape(newer.file) if newer else 'tệp khác'}")
        table.add_row(escape(u.name if u else r.unit), escape(r.file),
                      r.report_date.strftime("%d/%m/%Y") if r.report_date else "–",
                      r.sha256[:12], state)
    console.print(table)
    return 0


def _sent(args, settings, store, console: Console) -> int:
    """The trail of `report-gen send` (report_gen.store.sent)."""
    from report_gen.store import sendings
    rows = sendings(store, args.year)
    if not rows:
        which = f" năm {args.year}" if args.year else ""
        console.print(f"Chưa gửi thư nào{which} (lệnh “report-gen send”).")
        return 0
    table = Table(title="Các lần gửi thư" + (f" năm {args.year}" if args.year else ""))
    for col in ("Lúc", "Năm", "Thư", "Gửi đến", "Tệp (SHA-256)", "Kết quả"):
        table.add_column(col, overflow="fold")  # addresses and names wrap, never cut
    for r in rows:
        unit = settings.units.get(r.unit) if r.unit else None
        what = "Báo cáo" if r.kind == "review" else \
            f"Phản hồi: {unit.name if unit else r.unit}"
        what += " (dự thảo)" if r.draft else ""
        to = [a + (f" [bị từ chối: {r.refused[a]}]" if a in r.refused else "") for a in r.to]
        to += [f"{a} (Cc)" + (f" [bị từ chối: {r.refused[a]}]" if a in r.refused else "")
               for a in r.cc]
        files = [f"{f.file} ({f.sha256[:12]})" for f in r.files]
        if r.status == "sent":
            result = f"[green]đã gửi[/green] ({escape(r.answer)})"
        else:
            result = f"[red]không gửi được[/red]: {escape(r.reason)}"
        result += f"\nMessage-ID {escape(r.message_id)}" + (
            f", {r.tries} lần thử" if r.tries > 1 else "")
        table.add_row(_when(r.attempted_at), str(r.year), escape(what), escape("\n".join(to)),
                      escape("\n".join(files)), result)
    console.print(table)
    return 0
