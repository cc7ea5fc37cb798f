"""`report-gen build`: the review (PDF, HTML), the workbook and the JSON."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console

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


def run(args, settings, console: Console, err: Console) -> int:
    from report_gen.pipeline import build
    year = input_year(args, err)
    if year is None:
        return 2
    cons, outputs = with_progress(console, args.input, lambda cb: build(
        args.input, year, settings, args.out, progress=cb, force_draft=args.draft))
    print_summary(cons, console)
    _print_store(cons, settings.store, console)
    console.print("Đã ghi:")
    for p in outputs.values():
        console.print(f"  {p}")
    if cons.is_draft:
        console.print("[yellow]Báo cáo là DỰ THẢO[/yellow]: còn đơn vị chưa gửi hoặc số liệu có lỗi "
                      f"(chạy “report-gen check {args.input} --year {year}” để xem chi tiết).")
    return 0


def _print_store(cons: Consolidation, store: Path, console: Console) -> None:
    py = cons.year - 1
    if cons.previous is not None:
        console.print(f"So sánh với số liệu năm {py} trong kho lịch sử; đã ghi năm {cons.year} "
                      f"vào kho ({store}).")
    else:
        console.print(f"[yellow]Chưa có số liệu năm {py}[/yellow] trong kho lịch sử ({store}) nên "
                      f"báo cáo không so sánh với năm {py}; có thể nhập bằng “report-gen history "
                      f"import tong_hop_{py}.json”. Đã ghi năm {cons.year} vào kho.")
