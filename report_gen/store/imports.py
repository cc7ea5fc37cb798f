"""Reading an earlier year's figures from a review this tool wrote: `tong_hop_Y.json` (figures,
units, models and the file ledger) or `tong_hop_Y.xlsx` (one sheet per section: a header cell
ending in "[CODE]" per indicator column, unit codes in column A, the row "TINH_TONG" for the
province total)."""

from __future__ import annotations

import datetime as dt
import json
import re
from pathlib import Path

from report_gen.store.record import Number, SubmissionIn, YearFigures

_CODE = re.compile(r"\[([A-Z][A-Z0-9_]*)\]\s*$")
_YEAR = re.compile(r"(?<!\d)(19\d\d|20\d\d)(?!\d)")
PROVINCE_ROW = "TINH_TONG"


class ImportFileError(Exception):
    """The file cannot be imported; the message is in Vietnamese."""


def read_review(path: Path, settings, year: int | None = None) -> YearFigures:
    path = Path(path)
    if not path.is_file():
        raise ImportFileError(f"Không tìm thấy tệp {path}.")
    suffix = path.suffix.lower()
    if suffix == ".json":
        fig = read_json(path, settings)
        if year is not None and year != fig.year:
            raise ImportFileError(f"Tệp {path.name} là số liệu năm {fig.year}, không phải năm {year}.")
        return fig
    if suffix in (".xlsx", ".xlsm"):
        return read_xlsx(path, settings, year)
    raise ImportFileError(f"Chỉ nhập được tệp tong_hop_<năm>.json hoặc tong_hop_<năm>.xlsx "
                          f"(tệp đã cho: {path.name}).")


def _number(v: object) -> Number:
    if v is None or isinstance(v, bool):
        return None
    if isinstance(v, (int, float)):
        return int(v) if float(v).is_integer() else float(v)
    raise ValueError(v)


def _clean(values: object, known: set[str], where: str, notes: list[str]) -> dict[str, Number]:
    if not isinstance(values, dict):
        raise ImportFileError(f"Mục “{where}” không đúng dạng (cần bảng mã chỉ tiêu → số).")
    out: dict[str, Number] = {}
    for code, v in values.items():
        if code not in known:
            notes.append(f"Bỏ qua chỉ tiêu “{code}” ({where}): không có trong danh mục chỉ tiêu.")
            continue
        try:
            out[code] = _number(v)
        except ValueError:
            notes.append(f"Bỏ qua giá trị “{v}” của chỉ tiêu {code} ({where}): không phải số.")
            out[code] = None
    return out


def read_json(path: Path, settings) -> YearFigures:
    try:
        raw = json.loads(Path(path).read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, ValueError) as exc:
        raise ImportFileError(f"Không đọc được {Path(path).name}: không phải tệp JSON hợp lệ "
                              f"({exc}).") from exc
    if not isinstance(raw, dict) or not isinstance(raw.get("year"), int) or \
            not isinstance(raw.get("province"), dict):
        raise ImportFileError(f"{Path(path).name} không phải tệp tong_hop_<năm>.json do "
                              "report-gen ghi (thiếu “year” hoặc “province”).")
    year = raw["year"]
    known = {i.code for i in settings.catalogue.indicators}
    notes: list[str] = []
    province = _clean(raw["province"], known, "toàn tỉnh", notes)
    missing = [u for u in raw.get("missing_units", []) if isinstance(u, str)]
    units: dict[str, dict[str, Number]] = {}
    for code, vals in (raw.get("units") or {}).items():
        if settings.units.get(code) is None:
            notes.append(f"Bỏ qua đơn vị “{code}”: không có trong danh sách đơn vị.")
            continue
        if code not in missing:
            units[code] = _clean(vals, known, code, notes)
    models: dict[str, list[dict]] = {}
    for m in raw.get("models") or []:
        if isinstance(m, dict) and m.get("unit"):
            models.setdefault(m["unit"], []).append(m)
    subs = []
    for entry in raw.get("intake") or []:
        if not isinstance(entry, dict) or entry.get("status") != "accepted":
            continue
        unit, sha = entry.get("unit"), entry.get("sha256")
        if unit in units and isinstance(sha, str) and sha:
            subs.append(SubmissionIn(unit=unit, file=str(entry.get("file") or ""), sha256=sha,
                                     values=units[unit], models=models.get(unit, [])))
    built_at = _datetime(raw.get("built_at")) or dt.datetime.fromtimestamp(
        Path(path).stat().st_mtime)
    return YearFigures(year=year, province=province, units=units, source="import",
                       source_path=str(path), built_at=built_at,
                       tool_version=_str(raw.get("tool_version")),
                       catalogue_version=_str(raw.get("catalogue_version")),
                       draft=bool(raw.get("draft", False)), missing_units=missing,
                       submissions=subs, notes=notes)


def read_xlsx(path: Path, settings, year: int | None = None) -> YearFigures:
    from openpyxl import load_workbook

    path = Path(path)
    if year is None:
        found = _YEAR.findall(path.stem)
        if not found:
            raise ImportFileError(f"Không biết {path.name} là số liệu năm nào; thêm --year NĂM.")
        year = int(found[-1])
    try:
        wb = load_workbook(path, read_only=True, data_only=True)
    except Exception as exc:  # openpyxl raises many kinds for a bad file
        raise ImportFileError(f"Không đọc được {path.name}: không phải bảng tính .xlsx hợp lệ "
                              f"({type(exc).__name__}).") from exc
    known = {i.code for i in settings.catalogue.indicators}
    notes: list[str] = []
    province: dict[str, Number] = {}
    units: dict[str, dict[str, Number]] = {}
    try:
        for ws in wb.worksheets:
            rows = ws.iter_rows(values_only=True)
            columns: dict[int, str] = {}
            for n in range(1, 3):  # the header: row 1, or row 2 under the section's title
                header = next(rows, None) or ()
                columns = {i: m.group(1) for i, h in enumerate(header)
                           if isinstance(h, str) and (m := _CODE.search(h.strip()))}
                if columns:
                    break
            for code in set(columns.values()) - known:
                notes.append(f"Bỏ qua chỉ tiêu “{code}” (trang tính “{ws.title}”): không có trong "
                             "danh mục chỉ tiêu.")
            columns = {i: c for i, c in columns.items() if c in known}
            if not columns:
                continue
            for n, row in enumerate(rows, start=n + 1):
                key = str(row[0]).strip() if row and row[0] is not None else ""
                if key == PROVINCE_ROW:
                    target = province
                elif settings.units.get(key) is not None:
                    target = units.setdefault(key, {})
                else:
                    if key or any(v is not None for v in row):
                        notes.append(f"Bỏ qua dòng {n} trang tính “{ws.title}”: không rõ đơn vị "
                                     f"“{key}”.")
                    continue
                for i, code in columns.items():
                    v = row[i] if i < len(row) else None
                    try:
                        target[code] = _number(v)
                    except ValueError:
                        target[code] = None
                        notes.append(f"Bỏ qua giá trị “{v}” ở trang tính “{ws.title}” dòng {n} "
                                     f"({code}): không phải số.")
    finally:
        wb.close()
    if not province:
        raise ImportFileError(f"{path.name} không có dòng “{PROVINCE_ROW}” (toàn tỉnh) với các "
                              "cột chỉ tiêu “[MÃ]”: không phải tệp tong_hop_<năm>.xlsx do "
                              "report-gen ghi.")
    missing = [u for u, vals in units.items() if all(v is None for v in vals.values())]
    units = {u: vals for u, vals in units.items() if u not in missing}
    return YearFigures(year=year, province=province, units=units, source="import",
                       source_path=str(path),
                       built_at=dt.datetime.fromtimestamp(path.stat().st_mtime),
                       missing_units=missing, notes=notes)


def _str(v: object) -> str | None:
    return None if v is None else str(v)


def _datetime(v: object) -> dt.datetime | None:
    if not isinstance(v, str):
        return None
    try:
        return dt.datetime.fromisoformat(v)
    except ValueError:
        return None
