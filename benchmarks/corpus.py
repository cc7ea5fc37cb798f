"""A corpus made the way offices make it: N units with Vietnamese names, one workbook per unit
written by openpyxl (shared strings, the official 2012 form filled in), a few re-saved by
LibreOffice as .xlsx and .xls, under free file names, with the unit's name in the sheet written
as people write it and, in most files, the unit code cell left blank.

File names, from a fixed seed: "bao cao nam 2012 - xa Tan Lap (sua).xlsx", "BC ANTQ Tân Lập.xlsx",
"Copy of TAN LAP 2012.xlsx", names without diacritics, "bieu mau (3).xlsx" (no name at all) and
"bao cao thon <another unit's name>.xlsx" (the name of a village that is another unit's name:
the sheet decides). The files are kept between runs in the work folder; a stamp says when the
folder is complete."""

from __future__ import annotations

import itertools
import os
import random
import shutil
import subprocess
import tempfile
import unicodedata
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path

from tests.support.samples import sample_form

FIRST = ("Tân", "Hòa", "Bình", "An", "Phú", "Thạnh", "Hưng", "Long", "Đông", "Tây", "Nam", "Bắc",
         "Quảng", "Hải", "Sơn", "Thanh", "Minh", "Đức", "Hồng", "Vĩnh", "Yên", "Phước", "Trung",
         "Cẩm", "Kim", "Ngọc", "Hoàng", "Thái", "Lộc", "Tiên", "Hiệp", "Xuân", "Thủy", "Mỹ",
         "Cao", "Đại", "Đồng", "Hà", "Lạc", "Thịnh", "Châu", "Phong", "Tường", "Quang", "Gia",
         "Khánh", "Lê", "Lương", "Mai", "Nghĩa", "Nhân", "Phúc", "Quế", "Sa", "Tam", "Thắng",
         "Thiện", "Thượng", "Trà", "Trường", "Tứ", "Văn", "Vạn", "Việt", "Vinh", "Vũ", "Ái",
         "Bảo", "Cát", "Diên", "Dương", "Hạ", "Hậu", "Hiếu", "Hương", "Kiến", "Kỳ", "Lam",
         "Lâm", "Liên", "Linh", "Lũng", "Mường", "Nà", "Nga", "Ninh", "Phương", "Quý", "Sông",
         "Suối", "Tạ", "Thạch", "Thống", "Thuận", "Tịnh", "Tràng", "Triệu", "Tuy", "Vân", "Ý")
SECOND = ("Lập", "An", "Bình", "Hòa", "Phú", "Thành", "Hưng", "Lợi", "Thịnh", "Tiến", "Phong",
          "Hải", "Sơn", "Lâm", "Trung", "Đông", "Tây", "Nam", "Bắc", "Hà", "Lộc", "Phước",
          "Quý", "Thắng", "Thuận", "Thủy", "Vinh", "Xá", "Yên", "Hợp", "Hiệp", "Long", "Mỹ",
          "Nghĩa", "Ninh", "Quang", "Tâm", "Thạnh", "Thái", "Tân", "Trạch", "Tường", "Vân",
          "Xuân", "Định", "Điền", "Đức", "Giang", "Hạnh", "Hậu", "Hồng", "Khê", "Kiều", "Linh",
          "Lương", "Minh", "Mai", "Nguyên", "Nhân", "Phát", "Phúc", "Quế", "Sa", "Sinh", "Tài",
          "Thanh", "Thiện", "Thọ", "Thông", "Toàn", "Trà", "Trường", "Tú", "Uyên", "Vạn",
          "Viên", "Việt", "Vĩnh", "Vũ", "Xương", "Yên Bình", "Đồng", "Cường", "Dũng", "Hào",
          "Kỳ", "Lạc", "Liêm", "Luông", "Mạc", "Ngãi", "Nham", "Phụng", "Quan", "Sáng", "Tịnh",
          "Trì", "Tuấn", "Ước", "Vượng", "Xuyên")
KINDS = (("Huyện", "huyen", "H."), ("Thị xã", "thi xa", "TX."), ("Thành phố", "thanh pho", "TP."))
COMMUNES = 12
YEAR = 2012
TEMPLATE_CODE = "TIEN_YEN"
KEEP = ("MH_", "NH_XA", "AT_XA", "PL_")
STAMP = ".complete"


def plain(text: str) -> str:
    """Text without Vietnamese diacritics, as in names typed on a phone or an old keyboard."""
    text = text.replace("Đ", "D").replace("đ", "d")
    return "".join(c for c in unicodedata.normalize("NFD", text)
                   if unicodedata.category(c) != "Mn")


def unit_names(n: int, seed: int = 2012) -> list[tuple[str, str, str]]:
    """n distinct (code, kind, place name) from a fixed seed."""
    rng = random.Random(seed)
    pairs = [f"{a} {b}" for a, b in itertools.product(FIRST, SECOND) if a != b]
    rng.shuffle(pairs)
    if n > len(pairs):
        raise ValueError(f"at most {len(pairs)} units")
    out = []
    for i, place in enumerate(pairs[:n], start=1):
        kind = KINDS[0] if rng.random() < 0.8 else KINDS[1 + (rng.random() < 0.5)]
        out.append((f"U{i:05d}", kind[0], place))
    return out


def write_units(units: list[tuple[str, str, str]], path: Path) -> None:
    lines = ['province = "Tỉnh thử nghiệm"', 'version = "corpus"', ""]
    for code, kind, place in units:
        lines += ["[[units]]", f'code = "{code}"', f'name = "{kind} {place}"',
                  f'short = "{place}"', 'level = "district"', f"communes = {COMMUNES}",
                  "valid_from = 2000-01-01", ""]
    path.write_text("\n".join(lines), encoding="utf-8")


def sheet_name_as_written(rng: random.Random, kind: str, place: str) -> str:
    """The unit's name in the sheet's "Đơn vị:" cell, as people write it."""
    short_kind = next(k[2] for k in KINDS if k[0] == kind)
    return rng.choice((
        f"{kind} {place}", f"UBND {kind.lower()} {place}", f"{kind.upper()} {place.upper()}",
        f"{short_kind} {place}", f"BCĐ {kind.lower()} {place}", plain(f"{kind} {place}"),
        f"Công an {kind.lower()} {place}", place, plain(place).upper()))


def file_name_as_written(rng: random.Random, i: int, kind: str, place: str,
                         other_place: str) -> str:
    """A file name as units send them (free, often without the unit's name)."""
    slug = plain(place)
    choice = rng.randrange(10)
    if choice == 0:
        return f"bao cao nam {YEAR} - {plain(kind).lower()} {slug} (sua).xlsx"
    if choice == 1:
        return f"BC ANTQ {place}.xlsx"
    if choice == 2:
        return f"Copy of {slug.upper()} {YEAR}.xlsx"
    if choice == 3:
        return f"bieu mau ({i}).xlsx"
    if choice == 4:
        return f"bao cao thon {other_place} {i}.xlsx"
    if choice == 5:
        return f"{slug.lower().replace(' ', '_')}_{YEAR}.xlsx"
    if choice == 6:
        return f"Báo cáo 19-8 {kind} {place}.xlsx"
    if choice == 7:
        return f"bc_antq_{YEAR}_{i:05d}.xlsx"
    if choice == 8:
        return f"{kind} {place} - gửi BCĐ tỉnh.xlsx"
    return f"tong hop {YEAR} {slug}.xlsx"


def _template_path(folder: Path) -> Path:
    from tests.support.samples import write_sample
    path = folder / ".template.xlsx"
    if not path.exists():
        write_sample(sample_form(TEMPLATE_CODE, YEAR), path)
    return path


def _write_chunk(args: tuple[str, list[tuple[int, str, str, str, str, str, float, bool]]]
                 ) -> None:
    """Write one chunk of workbooks: the template loaded once, then for each unit its header,
    its values and a save (openpyxl writes shared strings, as Excel does)."""
    from openpyxl import load_workbook

    template, jobs = args
    wb = load_workbook(template)
    ws = wb.worksheets[0]
    base: dict[int, object] = {}
    codes: dict[int, str] = {}
    for r in range(1, ws.max_row + 1):
        code = ws.cell(row=r, column=2).value
        if isinstance(code, str) and code.isupper():
            codes[r] = code
            base[r] = ws.cell(row=r, column=6).value
    for _i, target, code, _kind, _place, shown, factor, keep_code in jobs:
        ws["C3"] = shown
        ws["F3"] = code if keep_code else None
        for r, c in codes.items():
            v = base[r]
            if isinstance(v, (int, float)) and not c.startswith(KEEP):
                x = v * factor
                v = int(x) if float(v).is_integer() else round(x, 1)
            ws.cell(row=r, column=6).value = v
        tmp = Path(target).with_suffix(".tmp")
        wb.save(tmp)
        tmp.replace(target)


def generate(n: int, folder: Path, seed: int = 2012, libreoffice_share: float = 0.06,
             workers: int = 2) -> Path:
    """The corpus of n units in `folder` (inputs in folder/2012, unit list in folder/units.toml);
    kept when complete."""
    inputs = folder / str(YEAR)
    if (folder / STAMP).exists():
        return inputs
    if inputs.exists():
        shutil.rmtree(inputs)
    inputs.mkdir(parents=True)
    units = unit_names(n, seed)
    write_units(units, folder / "units.toml")
    template = _template_path(folder)
    rng = random.Random(seed)
    jobs, used = [], set()
    for i, (code, kind, place) in enumerate(units, start=1):
        other = units[rng.randrange(n)][2]
        name = file_name_as_written(rng, i, kind, place, other)
        while name.lower() in used:
            name = name.replace(".xlsx", " (1).xlsx")
        used.add(name.lower())
        jobs.append((i, str(inputs / name), code, kind, place,
                     sheet_name_as_written(rng, kind, place), rng.uniform(0.5, 1.5),
                     rng.random() < 0.3))
    chunks = [jobs[k::workers * 4] for k in range(workers * 4)]
    with ProcessPoolExecutor(workers) as pool:
        list(pool.map(_write_chunk, [(str(template), c) for c in chunks if c]))
    _resave_with_libreoffice(sorted(inputs.iterdir()), rng, libreoffice_share)
    (folder / STAMP).write_text("ok", encoding="utf-8")
    return inputs


def _resave_with_libreoffice(paths: list[Path], rng: random.Random, share: float) -> None:
    """Open a share of the files in LibreOffice and save them back, half as .xls (the old
    format), half as .xlsx in LibreOffice's own flavour; the openpyxl copy is replaced."""
    soffice = shutil.which("soffice")
    if soffice is None or share <= 0:
        return
    chosen = [p for p in paths if rng.random() < share]
    for fmt, group in (("xls", chosen[::2]), ("xlsx", chosen[1::2])):
        if not group:
            continue
        with tempfile.TemporaryDirectory() as tmp:
            env = dict(os.environ, HOME=tmp)
            for start in range(0, len(group), 200):
                part = group[start:start + 200]
                subprocess.run([soffice, f"-env:UserInstallation=file://{tmp}/profile",
                                "--headless", "--convert-to", fmt, "--outdir", tmp,
                                *map(str, part)], check=True, env=env,
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            for p in group:
                made = Path(tmp) / f"{p.stem}.{fmt}"
                if made.exists():
                    p.unlink()
                    shutil.move(str(made), p.with_suffix(f".{fmt}"))
