"""`report-gen build`: the review (PDF, HTML), the workbook and the JSON."""

from __future__ import annotations

import datetime as dt
import re
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from report_gen.cli.common import (add_cache_argument, add_input_arguments, input_year,
                                   print_summary, with_progress)
from report_gen.model import Consolidation


def add_parser(sub) -> None:
    b = sub.add_parser("build", help="lập báo cáo năm (PDF, HTML, Excel, JSON)",
                       description="Tổng hợp số liệu và ghi bao_cao_<năm>.pdf, bao_cao_<năm>.html, "
                                   "tong_hop_<năm>.xlsx, tong_hop_<năm>.json. Khi số liệu còn thiếu "
                                   "hoặc sai, báo cáo được đánh dấu “DỰ THẢO”.")
    add_input_arguments(b)
    b.add_argument("--out", type=Path, default=Path("out"), metavar="THƯ_MỤC",
                   help="thư mục ghi kết quả (mặc định: out)")
    b.add_argument("--draft", action="store_true", help="luôn đánh dấu báo cáo là “DỰ THẢO”")
    add_cache_argument(b)
    b.add_argument("--store", type=Path, metavar="TỆP",
                   help="tệp kho lịch sử để so sánh với các năm trước và ghi năm này "
                        "(mặc định: report_gen.sqlite trong thư mục hiện tại)")
    b.add_argument("--replace", action="store_true",
                   help="ghi báo cáo dự thảo vào kho thay cho số liệu chính thức đã có của năm "
                        "đó (số liệu chính thức vẫn được lưu trong kho)")


def run(args, settings, console: Console, err: Console) -> int:
    from report_gen.pipeline import build
    year = input_year(args, err)
    if year is None:
        return 2
    cons, outputs = with_progress(console, args.input, lambda cb: build(
        args.input, year, settings, args.out, progress=cb, force_draft=args.draft,
        replace=args.replace))
    print_summary(cons, console)
    for line in cons.notices:
        console.print(f"[yellow]Lưu ý:[/yellow] {escape(line)}")
    for line in cons.draft_reasons:
        console.print(f"[yellow]Cảnh báo:[/yellow] {escape(line)}")
    code = _print_store(cons, outputs.store, settings.store, args.input, console, err)
    console.print("Đã ghi:")
    for p in outputs.values():
        console.print(f"  {p}")
    if cons.is_draft:
        why = ("còn đơn vị chưa gửi hoặc số liệu có lỗi (chạy “report-gen check "
               f"{args.input} --year {year}” để xem chi tiết)")
        if cons.draft_reasons and not _data_draft(cons):
            why = "xem các cảnh báo ở trên"
        console.print(f"[yellow]Báo cáo là DỰ THẢO[/yellow]: {escape(why)}.")
    return code


def _print_store(cons: Consolidation, outcome, store: Path, input_dir: Path,
                 console: Console, err: Console) -> int:
    """Say what the build took from and did to the history store (`outcome`, a
    report_gen.store.attach.StoreOutcome); 1 when the year could not be recorded, so a script
    running the build sees that the store was left as it was."""
    from report_gen.store.attach import FINAL_KEPT, NOTHING_ACCEPTED

    py, year = cons.year - 1, cons.year
    recorded = outcome is not None and outcome.result is not None
    if cons.previous is not None:
        console.print(f"So sánh với số liệu năm {py} trong kho lịch sử"
                      + (f"; đã ghi năm {year} vào kho ({store})." if recorded else "."))
    else:
        console.print(f"[yellow]Chưa có số liệu năm {py}[/yellow] trong kho lịch sử ({store}) nên "
                      f"báo cáo không so sánh với năm {py}; có thể nhập bằng “report-gen history "
                      f"import tong_hop_{py}.json”."
                      + (f" Đã ghi năm {year} vào kho." if recorded else ""))
    if outcome is None:
        return 0
    if outcome.skipped == NOTHING_ACCEPTED:
        err.print(f"[red]Không ghi vào kho lịch sử:[/red] không có tệp nào được nhận nên không "
                  f"có số liệu năm {year}; số liệu năm {year} trong kho ({store}) được giữ "
                  "nguyên.")
        found = _form_years(cons)
        if found:
            years_vi = ", ".join(str(y) for y in found)
            err.print(f"Các tệp là biểu năm {years_vi}, không phải năm {year}: hãy kiểm tra lại "
                      f"năm báo cáo (ví dụ “report-gen build {input_dir} --year {found[0]}”).")
        return 1
    if outcome.skipped == FINAL_KEPT:
        err.print(f"[red]Không ghi vào kho lịch sử:[/red] năm {year} đã có số liệu chính thức "
                  f"(ghi lúc {_when(outcome.final)}) mà báo cáo này là dự thảo, nên số liệu "
                  f"chính thức trong kho ({store}) được giữ nguyên. Thêm --replace nếu muốn dùng "
                  "bản dự thảo này thay thế (số liệu chính thức vẫn được lưu trong kho).")
        return 1
    if outcome.final is not None:
        console.print(f"[yellow]Lưu ý:[/yellow] bản dự thảo này thay cho số liệu chính thức năm "
                      f"{year} ghi lúc {_when(outcome.final)}; số liệu chính thức vẫn được lưu "
                      f"trong kho (lần ghi số {outcome.final.id}).")
    return 0


def _data_draft(cons: Consolidation) -> bool:
    """Whether the data alone (not the draft reasons of the settings) make the review a draft."""
    import dataclasses
    return dataclasses.replace(cons, draft_reasons=[], force_draft=False).is_draft


def _form_years(cons: Consolidation) -> list[int]:
    """The years of the forms rejected as another year's (problem year-mismatch), in order."""
    found: set[int] = set()
    for r in cons.results:
        for p in r.problems:
            if p.code == "year-mismatch":
                m = re.match(r"Biểu ghi năm (\d{4})", p.message)  # the catalogue's template
                if m:
                    found.add(int(m.group(1)))
    return sorted(found)


def _when(build) -> str:
    """When a build was recorded, as "05/08/2012 09:30"."""
    stamp = build.recorded_at if build is not None else ""
    try:
        return dt.datetime.fromisoformat(stamp).strftime("%d/%m/%Y %H:%M")
    except ValueError:
        return stamp or "–"
