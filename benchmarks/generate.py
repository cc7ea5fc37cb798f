"""Generate N filled unit workbooks (our own form) and a unit list for them, from a fixed seed.

Fast path: the template is Tiên Yên's 2012 sample form, written by tests.support.workbooks (the
one writer of filled forms for tests, samples and benchmarks) from tests.support.samples; for each
synthetic unit its sheet XML is patched in the zip (unit name, unit code and the value cells),
which costs milliseconds instead of an openpyxl write per file. Values are scaled from the
template's so that every catalogue rule still holds."""

from __future__ import annotations

import functools
import random
import re
import tempfile
import zipfile
from pathlib import Path

from tests.support.samples import sample_form, write_sample

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE_NAME, TEMPLATE_CODE = "Huyện Tiên Yên", "TIEN_YEN"
COMMUNES = 12
# Indicators bounded by the number of communes or tied to the register keep their values.
KEEP = ("MH_", "NH_XA", "AT_XA", "PL_")

_VALUE_CELL = re.compile(r'<c r="F(\d+)" s="(\d+)" t="n"><v>([^<]*)</v></c>')
_CODE_CELL = re.compile(r'<c r="B(\d+)" s="\d+" t="inlineStr"><is><t>([A-Z_]+)</t></is></c>')


def unit_code(i: int) -> str:
    return f"DV{i:05d}"


def write_units(n: int, path: Path) -> None:
    lines = ['province = "Tỉnh thử nghiệm"', 'version = "bench"', ""]
    for i in range(1, n + 1):
        lines += ["[[units]]", f'code = "{unit_code(i)}"', f'name = "Đơn vị thử nghiệm số {i}"',
                  f'short = "Đơn vị thử nghiệm số {i}"', 'level = "district"',
                  f"communes = {COMMUNES}", "valid_from = 2000-01-01", ""]
    path.write_text("\n".join(lines), encoding="utf-8")


@functools.cache
def template_parts() -> dict[zipfile.ZipInfo, bytes]:
    """The parts of the template workbook (Tiên Yên's 2012 sample form), in zip order."""
    with tempfile.TemporaryDirectory() as tmp:
        path = write_sample(sample_form(TEMPLATE_CODE, 2012), Path(tmp) / "template.xlsx")
        with zipfile.ZipFile(path) as z:
            return {info: z.read(info.filename) for info in z.infolist()}


def generate(n: int, folder: Path, seed: int = 2012) -> list[Path]:
    """Write n workbooks into folder (kept between runs) and return their paths."""
    folder.mkdir(parents=True, exist_ok=True)
    parts = template_parts()
    sheet = next(i for i in parts if i.filename == "xl/worksheets/sheet1.xml")
    xml = parts[sheet].decode("utf-8")
    codes = {row: code for row, code in _CODE_CELL.findall(xml)}
    rng = random.Random(seed)
    paths = []
    for i in range(1, n + 1):
        path = folder / f"{unit_code(i).lower()}_2012.xlsx"
        paths.append(path)
        if path.exists():
            rng.random()
            continue
        factor = rng.uniform(0.5, 1.5)

        def scale(m: re.Match) -> str:
            row, style, value = m.group(1), m.group(2), m.group(3)
            code = codes.get(row, "")
            if code and not code.startswith(KEEP) and value:
                x = float(value) * factor
                value = str(int(x)) if float(value).is_integer() else f"{x:.1f}"
            return f'<c r="F{row}" s="{style}" t="n"><v>{value}</v></c>'

        body = _VALUE_CELL.sub(scale, xml)
        body = body.replace(f"<t>{TEMPLATE_NAME}</t>", f"<t>Đơn vị thử nghiệm số {i}</t>", 1)
        body = body.replace(f"<t>{TEMPLATE_CODE}</t>", f"<t>{unit_code(i)}</t>", 1)
        tmp = path.with_suffix(".tmp")
        with zipfile.ZipFile(tmp, "w", zipfile.ZIP_DEFLATED) as out:
            for info, data in parts.items():
                out.writestr(info, body.encode("utf-8") if info is sheet else data)
        tmp.replace(path)
    return paths
