"""`report-gen template`: the blank form for each unit. Last year's figures for the reference
column come from `--previous tong_hop_<năm trước>.json`, or else from the history store when it
has the year before (the store is only read, never created)."""

from __future__ import annotations

import json
from pathlib import Path

from rich.console import Console
from rich.markup import escape

from report_gen.cli.common import unit_option

Figures = dict[str, dict[str, float | None]]


def add_parser(sub) -> None:
    t = sub.add_parser("template", help="tạo biểu mẫu trống (.xlsx) gửi các đơn vị",
                       description="Tạo biểu mẫu trống cho từng đơn vị: đã ghi sẵn tên đơn vị và "
                                   "năm, khóa mã và tên chỉ tiêu, kiểm tra ô số liệu. Số liệu năm "
                                   "trước (cột tham khảo) lấy từ kho lịch sử khi kho có năm đó, "
                                   "hoặc từ tệp --previous.")
    t.add_argument("--year", type=int, required=True, metavar="NĂM", help="năm báo cáo")
    t.add_argument("--out", type=Path, required=True, metavar="THƯ_MỤC",
                   help="thư mục ghi biểu mẫu")
    t.add_argument("--unit", metavar="ĐƠN_VỊ",
                   help="chỉ tạo biểu cho một đơn vị (mã hoặc tên đơn vị)")
    t.add_argument("--previous", type=Path, metavar="TỆP_JSON",
                   help="tệp tong_hop_<năm trước>.json để ghi số liệu năm trước vào cột tham "
                        "khảo (mặc định: lấy từ kho lịch sử nếu có)")
    t.add_argument("--store", type=Path, metavar="TỆP",
                   help="tệp kho lịch sử (mặc định: report_gen.sqlite trong thư mục hiện tại)")


def run(args, settings, console: Console, err: Console) -> int:
    from report_gen.outputs.form import FormSettings, write_forms
    units = settings.units.active(args.year)
    if args.unit:
        code = unit_option(args.unit, settings, err, args.year)
        units = [u for u in units if u.code == code]
        if not units:
            if code is not None:
                err.print(f"[red]Lỗi:[/red] đơn vị “{escape(args.unit)}” không báo cáo năm "
                          f"{args.year}.")
            return 2
    sending = FormSettings.from_settings(settings)
    if args.previous:
        previous = previous_file(args.previous)
        if isinstance(previous, str):
            err.print(f"[red]Lỗi:[/red] {escape(previous)}")
            return 2
    else:
        previous, note = store_previous(Path(settings.store), units, args.year, settings.units)
        if note:
            console.print(note)
    paths = write_forms(args.out, units, args.year, settings.catalogue,
                        settings.units.province, previous,
                        deadline=settings.document.deadline_for(args.year), sending=sending)
    console.print(f"Đã tạo {len(paths)} biểu mẫu năm {args.year} trong {escape(str(args.out))}.")
    return 0


def previous_file(path: Path) -> Figures | str:
    """{unit: figures} from a tong_hop_<năm>.json, or what is wrong with the file (Vietnamese)."""
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except OSError:
        return f"không đọc được {path} (tệp không có hoặc không mở được)."
    except ValueError:
        return f"{path} không phải tệp JSON hợp lệ."
    units = data.get("units") if isinstance(data, dict) else None
    if not isinstance(units, dict) or not all(isinstance(v, dict) for v in units.values()):
        return (f"{path} không có số liệu các đơn vị (mục “units”): không phải tệp "
                "tong_hop_<năm>.json do report-gen ghi.")
    return units


def store_previous(path: Path, units, year: int, unit_list) -> tuple[Figures, str]:
    """{unit: figures of year - 1} from the history store at `path`, for the units whose ground
    is the same as last year's (a unit others merged into: their sum; a new unit: nothing), and
    a Vietnamese line saying where they came from ("" when the store has no year - 1)."""
    from report_gen.store import builds, compare_unit, open_store
    if not path.exists():
        return {}, ""
    with open_store(path, create=False) as store:
        last = next((b for b in builds(store, year - 1) if b.current), None)
        if last is None:
            return {}, ""
        previous = {u.code: c.previous for u in units
                    if (c := compare_unit(store, u.code, year, unit_list)).previous is not None}
    note = (f"Cột tham khảo năm {year - 1}: số liệu của {len(previous)}/{len(units)} đơn vị lấy "
            f"từ kho lịch sử {escape(str(path))}")
    note += " (năm đó mới là dự thảo)." if last.draft else "."
    return previous, note
