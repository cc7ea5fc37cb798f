"""`report-gen map`: the rows of an input folder that cannot be placed on an indicator, listed,
and written to the folder's mapping file (report_gen.intake.mapping) as commented-out entries
with the best candidate filled in, so the officer only uncomments or edits them. The officer's
own entries are never changed: suggestions are appended, each once."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.table import Table

from report_gen.cli.common import add_cache_argument, add_input_arguments, checked
from report_gen.intake.mapping import HEADER, MAPPING_FILE, suggestion, suggestion_key

UNPLACED = ("label-unmatched", "label-ambiguous")
_CODE = re.compile(r"([A-Z][A-Z0-9_]+) “")


@dataclass(frozen=True)
class Unplaced:
    unit: str
    file: str
    cell: str
    label: str
    candidates: tuple[str, ...]


def add_parser(sub) -> None:
    m = sub.add_parser("map", help="liệt kê các dòng chưa xếp được vào chỉ tiêu và ghi gợi ý "
                                   "vào tệp ánh xạ chỉ tiêu",
                       description="Đọc mọi tệp trong thư mục, liệt kê các dòng có số liệu mà "
                                   "chương trình chưa xếp được vào chỉ tiêu nào (đơn vị, tệp, ô, "
                                   f"tên dòng, chỉ tiêu có thể là), rồi ghi thêm vào tệp "
                                   f"{MAPPING_FILE} trong thư mục một gợi ý cho mỗi dòng (dạng "
                                   "chú thích). Cán bộ tổng hợp bỏ dấu # và sửa mã chỉ tiêu nếu "
                                   "cần; các dòng đã ghi trong tệp không bao giờ bị thay đổi.",
                       epilog="Ví dụ: report-gen map bao_cao_don_vi/2012 --year 2012")
    add_input_arguments(m)
    add_cache_argument(m)


def run(args, settings, console: Console, err: Console) -> int:
    cons = checked(args, settings, console, err)
    if cons is None:
        return 2
    year = cons.year
    rows = unplaced(cons)
    if not rows:
        console.print(f"Năm {year}: mọi dòng có số liệu đều đã xếp được vào chỉ tiêu; "
                      f"không cần ghi thêm vào {MAPPING_FILE}.")
        return 0
    console.print(_table(rows, year))
    path = Path(args.input) / MAPPING_FILE
    added = write_suggestions(path, rows)
    console.print(f"Đã ghi thêm {added} gợi ý vào {escape(str(path))}"
                  + (f" ({len(rows) - added} dòng đã có gợi ý từ trước)" if added < len(rows)
                     else "")
                  + ". Bỏ dấu # ở các dòng của mỗi khối (sửa mã chỉ tiêu nếu cần) rồi chạy lại.")
    return 0


def unplaced(cons) -> list[Unplaced]:
    """The rows with a number that no indicator was found for, from the ledger."""
    out = []
    for r in cons.results:
        for p in r.problems:
            if p.code in UNPLACED and r.unit and p.value:
                maybe = p.message.split("Có thể là: ", 1)
                codes = tuple(_CODE.findall(maybe[1])) if len(maybe) == 2 else ()
                out.append(Unplaced(r.unit, r.file, p.cell or "", p.value, codes))
    return out


def _table(rows: list[Unplaced], year: int) -> Table:
    table = Table(title=f"Các dòng chưa xếp được vào chỉ tiêu năm {year} ({len(rows)} dòng)")
    for col in ("Đơn vị", "Tệp", "Ô", "Dòng", "Có thể là"):
        table.add_column(col)
    for u in rows:
        table.add_row(u.unit, escape(u.file), u.cell, escape(u.label),
                      ", ".join(u.candidates) or "–")
    return table


def write_suggestions(path: Path, rows: list[Unplaced]) -> int:
    """Append one commented-out entry per row not suggested yet; the number appended. The file
    is created with its explanatory header when missing; nothing in it is changed."""
    text = path.read_text(encoding="utf-8") if path.is_file() else HEADER
    added = 0
    for u in rows:
        if suggestion_key(u.unit, u.label) in text:
            continue
        if not text.endswith("\n"):
            text += "\n"
        text += suggestion(u.unit, u.label, u.file, u.cell, list(u.candidates))
        added += 1
    if added:
        tmp = path.with_name(path.name + ".tmp")
        tmp.write_text(text, encoding="utf-8")
        os.replace(tmp, path)
    return added
