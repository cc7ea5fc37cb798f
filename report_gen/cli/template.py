"""`report-gen template`: the blank form for each unit."""

from __future__ import annotations

import json
from pathlib import Path

from rich.console import Console


def add_parser(sub) -> None:
    t = sub.add_parser("template", help="tạo biểu mẫu trống (.xlsx) gửi các đơn vị",
                       description="Tạo biểu mẫu trống cho từng đơn vị: đã ghi sẵn tên đơn vị và "
                                   "năm, khóa mã và tên chỉ tiêu, kiểm tra ô số liệu.")
    t.add_argument("--year", type=int, required=True, metavar="NĂM", help="năm báo cáo")
    t.add_argument("--out", type=Path, required=True, metavar="THƯ_MỤC",
                   help="thư mục ghi biểu mẫu")
    t.add_argument("--unit", metavar="MÃ", help="chỉ tạo biểu cho một đơn vị (mã đơn vị)")
    t.add_argument("--previous", type=Path, metavar="TỆP_JSON",
                   help="tệp tong_hop_<năm trước>.json để ghi số liệu năm trước vào cột tham khảo")


def run(args, settings, console: Console, err: Console) -> int:
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
                        settings.units.province, previous,
                        deadline=settings.document.deadline_for(args.year))
    console.print(f"Đã tạo {len(paths)} biểu mẫu năm {args.year} trong {args.out}.")
    return 0
