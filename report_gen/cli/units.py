"""`report-gen units`: the reporting units of a year, as that year's review names and counts
them, with (on request) the old communes each unit was formed from. Vietnamese output."""

from __future__ import annotations

import argparse

from rich.console import Console
from rich.table import Table

from report_gen.reference.units import LEVEL_CODES, Origin, Unit, UnitList


def add_parser(sub) -> None:
    u = sub.add_parser("units", help="danh sách đơn vị báo cáo của một năm",
                       description="In danh sách các đơn vị báo cáo của một năm: mã, tên đơn vị "
                                   "(tên dùng trong năm đó), cấp và số xã, phường, thị trấn, "
                                   "đặc khu thuộc phạm vi báo cáo của đơn vị.",
                       epilog="Ví dụ: report-gen units --year 2026 --origins")
    u.add_argument("--year", type=int, required=True, metavar="NĂM", help="năm báo cáo")
    u.add_argument("--origins", action="store_true",
                   help="thêm cột các xã, phường, thị trấn cũ hình thành nên mỗi đơn vị")


def run(args: argparse.Namespace, settings, console: Console, err: Console) -> int:
    units: UnitList = settings.units
    active = units.active(args.year)
    if not active:
        err.print(f"[red]Lỗi:[/red] danh sách đơn vị không có đơn vị nào báo cáo năm {args.year}.")
        return 2
    console.print(_table(units, active, args.year, args.origins))
    console.print(_summary(units, active, settings.catalogue.words_of(args.year)))
    return 0


def _table(units: UnitList, active: list[Unit], year: int, origins: bool) -> Table:
    table = Table(title=f"Các đơn vị báo cáo năm {year} ({len(active)} đơn vị)")
    table.add_column("Mã", no_wrap=True)
    table.add_column("Tên đơn vị")
    table.add_column("Cấp", no_wrap=True)
    table.add_column("Số xã báo cáo", justify="right")
    if origins:
        table.add_column("Hình thành từ")
    for u in active:
        row = [u.code, u.name, units.level_word(u.level), str(u.communes) if u.communes else "–"]
        if origins:
            row.append(origins_text(u, units))
        table.add_row(*row)
    return table


def origins_text(unit: Unit, units: UnitList) -> str:
    """ "Xã Vũ Oai, Xã Đồng Lâm (một phần)", or "–" when the unit was not formed by merging;
    each old commune with its old district when they came from several ("Xã Hải Hòa (Cẩm
    Phả, một phần)")."""
    several = len(unit.from_districts) > 1
    return ", ".join(_origin(o, units, several) for o in unit.formed_from) or "–"


def _origin(o: Origin, units: UnitList, with_district: bool) -> str:
    district = units.get(o.district) if with_district else None
    notes = ([district.short] if district else []) + (["một phần"] if o.partial else [])
    return o.name + (f" ({', '.join(notes)})" if notes else "")


def _summary(units: UnitList, active: list[Unit], words: dict[str, str]) -> str:
    """ "Tổng: 1 đơn vị cấp tỉnh, 54 đơn vị cấp xã; 54 xã, phường, đặc khu." (the communes in
    the catalogue's words of the year)."""
    counts = [(level, sum(1 for u in active if u.level == level)) for level in LEVEL_CODES]
    parts = [f"{n} {units.unit_word(level)}" for level, n in counts if n]
    communes = sum(u.communes for u in active)
    return f"Tổng: {', '.join(parts)}; {communes} {words['communes']}."
