"""Per-file intake and the folder ledger.

`read_submission` turns one file into a FileResult (values, model register, problems) without
deciding between files; `intake_folder` walks the input folder, reads every file and then
settles each one as accepted, superseded, rejected or ignored.

Nothing lost: in an indicator row, the value cell is used or reported (error, not a number,
formula not computable...); a row with a value that matches no indicator is reported
(unmatched, ambiguous, unknown code; a sub-total row as an "info" note); any other non-empty
cell of an indicator row is a "cell-extra" warning, except in the columns a form is expected to
have (row number, unit of measure, notes, reference years, plan, comparison), which are read as
context and not reported. A value cell that reads empty is checked in the file itself for an
error or a formula saved without its result (see formulas.py)."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
import re
from dataclasses import dataclass, field
from pathlib import Path
from typing import Callable

from report_gen.catalogue import Catalogue
from report_gen.intake import guard, legacy
from report_gen.intake.formulas import FormulaError, evaluate, raw_cells
from report_gen.intake.locate import (LabelMatcher, column_kind, find_register, find_table,
                                      match_catalogue, read_header, text_of)
from report_gen.intake.numbers import parse_value
from report_gen.intake.read import SPREADSHEET_SUFFIXES, Grid, ReadError, cell_ref, read_grids
from report_gen.problems import ERROR, INFO, Problem, problem
from report_gen.text import number as vn_number
from report_gen.textnorm import fold, nfc
from report_gen.units import UnitList

ACCEPTED, SUPERSEDED, REJECTED, IGNORED = "accepted", "superseded", "rejected", "ignored"
# How each ledger status reads to the officer.
STATUS_VI = {ACCEPTED: "được dùng", SUPERSEDED: "bị thay thế", REJECTED: "bị từ chối",
             IGNORED: "bỏ qua"}


@dataclass
class ModelEntry:
    """One row of a unit's model register."""

    unit: str
    name: str
    level: str
    field: str | None = None
    commune: str | None = None
    founded: int | None = None
    typical: bool = False
    sheet: str | None = None
    cell: str | None = None

    def to_dict(self) -> dict:
        return {"unit": self.unit, "name": self.name, "level": self.level, "field": self.field,
                "commune": self.commune, "founded": self.founded, "typical": self.typical}


@dataclass
class FileResult:
    """What one input file gave: its ledger entry and, when usable, its data."""

    file: str  # path relative to the input folder, with "/" separators
    sha256: str = ""
    size: int = 0
    mtime: float = 0.0
    status: str = REJECTED
    reason: str = ""
    unit: str | None = None
    unit_text: str | None = None
    report_date: dt.date | None = None
    values: dict[str, float | int | None] = field(default_factory=dict)
    cells: dict[str, tuple[str, str]] = field(default_factory=dict)  # code -> (sheet, cell)
    models: list[ModelEntry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    def ledger(self) -> dict:
        return {"file": self.file, "sha256": self.sha256, "unit": self.unit,
                "status": self.status, "reason": self.reason,
                "problems": [p.to_dict() for p in self.problems]}


@dataclass(frozen=True)
class IntakeContext:
    year: int
    catalogue: Catalogue
    units: UnitList


def discover(root: Path, skip: set[str] | None = None) -> list[Path]:
    """Every entry under `root` that is not a folder, sorted, subfolders included. Symlinks,
    FIFOs and the like are listed too, so that the ledger says why they were not read;
    symlinked folders are not followed."""
    skip = skip or set()
    return [p for p in guard.walk(Path(root)) if p.name not in skip]


def classify(path: Path) -> str | None:
    """None when the file is a spreadsheet to read, else the reason it is ignored."""
    name = path.name
    if name.startswith("~$") or name.startswith(".~lock"):
        return "tệp khóa tạm do Excel/LibreOffice tạo khi đang mở bảng tính"
    if name.startswith("."):
        return "tệp ẩn của hệ thống"
    if path.suffix.lower() in SPREADSHEET_SUFFIXES:
        return None
    if path.suffix.lower() in (".doc", ".docx", ".odt", ".pdf", ".rtf"):
        return "tệp văn bản, không phải bảng tính số liệu"
    if path.suffix.lower() in (".jpg", ".jpeg", ".png", ".gif", ".bmp", ".tif", ".tiff", ".heic"):
        return "tệp hình ảnh, không phải bảng tính số liệu"
    if path.suffix.lower() in (".md", ".txt"):
        return "tệp văn bản thuần, không phải bảng tính số liệu"
    return "không phải tệp bảng tính (.xlsx, .xlsm, .xls, .ods)"


def read_submission(path: Path, rel: str, ctx: IntakeContext) -> FileResult:
    """Read one file into a FileResult; never raises for a bad file."""
    result = FileResult(file=rel)
    refused = guard.check_entry(path, path.parents[rel.count("/")])
    if refused:  # symlink, FIFO, device, too large, unreadable: never opened
        if refused[0] == IGNORED:
            result.status, result.reason = refused
            return result
        return _reject(result, "file-unreadable", reason=refused[1])
    try:
        data = path.read_bytes()
        st = path.stat()
    except OSError as exc:
        result.reason = f"không đọc được tệp ({exc.strerror or exc})"
        result.problems.append(problem("file-unreadable", reason=result.reason))
        return result
    result.sha256 = hashlib.sha256(data).hexdigest()
    result.size, result.mtime = len(data), st.st_mtime
    ignored = classify(path)
    if ignored:
        result.status, result.reason = IGNORED, ignored
        return result
    try:
        grids = read_grids(path)
    except ReadError as exc:
        guess = ctx.units.match(path.stem, ctx.year)  # so the feedback reaches the unit
        result.unit = guess.code if guess else None
        return _reject(result, "file-unreadable", reason=exc.args[0])
    try:
        _read_grids(grids, path, result, ctx)
    except Exception as exc:  # a bug or an input we did not foresee: reject, never crash
        result.values, result.models = {}, []
        return _reject(result, "file-unreadable",
                       reason=f"nội dung tệp không xử lý được ({type(exc).__name__})")
    return result


def _reject(result: FileResult, code: str, **fields: object) -> FileResult:
    p = problem(code, **fields)
    result.problems.append(p)
    result.status = REJECTED
    result.reason = p.message
    return result


def _read_grids(grids: list[Grid], path: Path, result: FileResult, ctx: IntakeContext) -> None:
    grids = _decode_legacy(grids, path, result)
    matcher = match_catalogue(ctx.catalogue, ctx.year)
    tables = [(g, find_table(g, ctx.year)) for g in grids]
    tables = [(g, t) for g, t in tables if t is not None]
    if not tables:
        _reject(result, "file-no-form")
        return
    # the data sheet: the visible sheet whose table holds the most indicators
    best = tables[0] if len(tables) == 1 else max(
        tables, key=lambda gt: (gt[0].visible, _count_indicators(gt[0], gt[1], matcher)))
    grid, layout = best
    header = read_header(grid, layout.header_row)
    if not _resolve_unit(result, header, path, ctx, grid.name):
        return
    if header.year is not None and header.year != ctx.year:
        _reject(result, "year-mismatch", found=header.year, year=ctx.year)
        return
    result.report_date = header.report_date
    _read_values(grid, layout, matcher, result, ctx, path)
    for g in grids:
        reg = find_register(g)
        if reg is not None:
            _read_register(g, reg, result, ctx)
            break
    if not any(v is not None for v in result.values.values()) and not result.models \
            and not any(p.cell for p in result.problems if p.severity != INFO):
        _reject(result, "file-empty-form")
        return
    result.status = ACCEPTED


def _decode_legacy(grids: list[Grid], path: Path, result: FileResult) -> list[Grid]:
    """Text typed in TCVN3 or VNI fonts -> Unicode, with a warning naming the file."""
    texts = [v for g in grids for row in g.rows for v in row if isinstance(v, str) and v]
    found = legacy.detect(texts)
    if found.encoding is None:
        return grids
    decode = legacy.decoder(found.encoding)
    result.problems.append(problem("text-legacy", file=path.name, encoding=found.encoding))
    # sheet names stay as stored so that "sheet, cell" still points into the file
    return [Grid(name=g.name, visible=g.visible,
                 rows=[[decode(v) if isinstance(v, str) else v for v in row] for row in g.rows])
            for g in grids]


def _count_indicators(grid: Grid, layout, matcher: LabelMatcher) -> int:
    n = 0
    for row in grid.rows[layout.header_row + 1:]:
        if layout.code_col is not None and matcher.by_code(text_of(_at(row, layout.code_col))):
            n += 1
        elif layout.label_col is not None and matcher.by_label(text_of(_at(row, layout.label_col)))[0]:
            n += 1
    return n


def _at(row: list[object], c: int | None) -> object:
    return row[c] if c is not None and c < len(row) else None


def _resolve_unit(result: FileResult, header, path: Path, ctx: IntakeContext,
                  sheet: str | None = None) -> bool:
    """Set result.unit from the sheet header, else the file name; False when rejected."""
    units = ctx.units
    sheet_unit = None
    if header.unit_code:
        sheet_unit = units.get(header.unit_code.strip().upper())
    if sheet_unit is None and header.unit_text:
        sheet_unit = units.match(header.unit_text, ctx.year)
    file_unit = units.match(path.stem, ctx.year)
    result.unit_text = header.unit_text or header.unit_code
    unit = sheet_unit or file_unit
    if unit is None:
        _reject(result, "unit-unknown", found=result.unit_text or path.name)
        return False
    if sheet_unit and file_unit and sheet_unit.code != file_unit.code:
        result.problems.append(problem("unit-conflict", sheet_unit=sheet_unit.name,
                                       file_unit=path.name, sheet=sheet,
                                       cell=header.unit_cell))
    if not unit.active(ctx.year):
        result.unit = unit.code
        _reject(result, "unit-inactive", unit=unit.name, year=ctx.year)
        return False
    result.unit = unit.code
    return True


@dataclass
class _Sheet:
    """The data sheet being read, with the raw-cell view opened only when needed."""

    grid: Grid
    path: Path
    _raw: dict | None = None

    def raw(self) -> dict:
        if self._raw is None:
            self._raw = raw_cells(self.path, self.grid.name)
        return self._raw


def _read_values(grid: Grid, layout, matcher: LabelMatcher, result: FileResult,
                 ctx: IntakeContext, path: Path | None = None) -> None:
    sheet = _Sheet(grid, path or Path(result.file))
    others = _other_columns(grid, layout, ctx.year)
    blank_first: set[str] = set()
    for r in range(layout.header_row + 1, len(grid.rows)):
        row = grid.rows[r]
        raw = _at(row, layout.value_col)
        has_value = raw is not None and text_of(raw) != ""
        code_text = text_of(_at(row, layout.code_col)) if layout.code_col is not None else ""
        label_text = text_of(_at(row, layout.label_col)) if layout.label_col is not None else ""
        indicator = matcher.by_code(code_text) if code_text else None
        candidates: list = []
        if indicator is None and label_text:
            indicator, candidates = matcher.by_label(label_text)
        if indicator is None:
            if has_value:
                _unmatched_row(grid, layout, r, code_text, label_text, candidates, result, ctx)
            continue
        ref = cell_ref(r, layout.value_col)
        if indicator.code in result.cells:
            if not has_value:
                continue
            if indicator.code not in blank_first:
                first = result.cells[indicator.code][1]
                result.problems.append(problem("value-duplicate", sheet=grid.name, cell=ref,
                                               value=text_of(raw), code=indicator.code,
                                               first=first))
                continue
        blank_first.discard(indicator.code)
        result.cells[indicator.code] = (grid.name, ref)
        _extra_cells(grid, r, others, indicator.code, result)
        if not has_value:
            value = _blank_value(sheet, r, layout.value_col, indicator, result)
            if value is None:
                blank_first.add(indicator.code)
            result.values[indicator.code] = value
            continue
        result.values[indicator.code] = _cell_value(grid.name, ref, raw, indicator, result)
    for ind in ctx.catalogue.for_year(ctx.year):
        result.values.setdefault(ind.code, None)


def _cell_value(sheet: str, ref: str, raw: object, indicator, result: FileResult
                ) -> float | int | None:
    parsed = parse_value(raw, indicator.whole)
    shown = text_of(raw)
    if parsed.problem:
        result.problems.append(problem(parsed.problem, sheet=sheet, cell=ref, value=shown,
                                       unit=indicator.unit, expected=_expected(indicator)))
        return None
    if parsed.unit_word:
        word = fold(parsed.unit_word)
        if word and not (word in fold(indicator.unit) or fold(indicator.unit) in word):
            result.problems.append(problem("value-unit-mismatch", sheet=sheet, cell=ref,
                                           value=shown, code=indicator.code,
                                           unit=indicator.unit, result=parsed.value,
                                           expected=_expected(indicator)))
        else:
            result.problems.append(problem("value-unit-word", sheet=sheet, cell=ref,
                                           value=shown, word=parsed.unit_word,
                                           result=vn_number(parsed.value)))
    return parsed.value


def _expected(indicator) -> str:
    kind = "số nguyên không âm" if indicator.whole else "số không âm"
    return f"{kind} ({indicator.unit}), hoặc để trống nếu không có số liệu"


def _blank_value(sheet: _Sheet, r: int, c: int, indicator, result: FileResult
                 ) -> float | int | None:
    """A value cell that reads as empty: truly blank, an error cell, or a formula saved
    without its result (then computed when simple)."""
    cell = sheet.raw().get((r, c))
    if cell is None:
        return None
    ref = cell_ref(r, c)
    name = sheet.grid.name
    if cell.error:
        result.problems.append(problem("value-error-cell", sheet=name, cell=ref, value=cell.error,
                                       expected=_expected(indicator)))
        return None
    try:
        number = evaluate(cell.formula or "", sheet.grid, sheet.raw())
    except FormulaError as exc:
        if str(exc.args[0]).startswith("#"):  # the formula itself yields an error (#DIV/0!...)
            result.problems.append(problem("value-error-cell", sheet=name, cell=ref,
                                           value=f"{exc.args[0]} ({cell.formula})",
                                           expected=_expected(indicator)))
        else:
            result.problems.append(problem("value-formula-unevaluated", sheet=name, cell=ref,
                                           value=cell.formula, expected=_expected(indicator)))
        return None
    except (RecursionError, OverflowError, ValueError):
        result.problems.append(problem("value-formula-unevaluated", sheet=name, cell=ref,
                                       value=cell.formula, expected=_expected(indicator)))
        return None
    parsed = parse_value(number, indicator.whole)
    if parsed.problem:
        result.problems.append(problem(parsed.problem, sheet=name, cell=ref,
                                       value=f"{cell.formula} = {text_of(number)}",
                                       unit=indicator.unit, expected=_expected(indicator)))
        return None
    result.problems.append(problem("value-formula-computed", sheet=name, cell=ref,
                                   value=cell.formula, result=vn_number(parsed.value)))
    return parsed.value


_SUBTOTAL = ("cong", "tong cong", "cong muc", "cong phan", "tong", "tong so", "cong chung",
             "tong hop", "cong a", "cong b")


def _is_subtotal(label: str) -> bool:
    f = fold(label)
    f = re.sub(r"^[ivx]+ |^[a-h] |^\d+ ", "", f)
    return f in _SUBTOTAL or f.startswith(("cong ", "tong cong", "cong muc", "cong phan"))


def _unmatched_row(grid: Grid, layout, r: int, code_text: str, label_text: str,
                   candidates: list, result: FileResult, ctx: IntakeContext) -> None:
    """A row with a value that matches no indicator: always reported, never silently dropped."""
    where = cell_ref(r, layout.label_col if layout.label_col is not None else layout.code_col)
    value = text_of(_at(grid.rows[r], layout.value_col))
    if candidates:
        result.problems.append(problem(
            "label-ambiguous", sheet=grid.name, cell=where, value=label_text,
            candidates=" hoặc ".join(c.code for c in candidates)))
    elif label_text and _is_subtotal(label_text):
        result.problems.append(problem("row-subtotal", sheet=grid.name,
                                       cell=cell_ref(r, layout.value_col),
                                       value=f"{label_text}: {value}"))
    elif code_text and ctx.catalogue.get(code_text.upper()) is None and not label_text:
        result.problems.append(problem("code-unknown", sheet=grid.name, cell=where,
                                       value=code_text, year=ctx.year))
    elif label_text or code_text:
        result.problems.append(problem("label-unmatched", sheet=grid.name, cell=where,
                                       value=label_text or code_text))
    else:
        result.problems.append(problem("label-unmatched", sheet=grid.name,
                                       cell=cell_ref(r, layout.value_col), value=value))


def _other_columns(grid: Grid, layout, year: int) -> dict[int, str]:
    """Columns whose content in an indicator row is neither used nor expected: column ->
    its header ("" when it has none)."""
    header = grid.rows[layout.header_row]
    width = max((len(row) for row in grid.rows), default=0)
    used = {layout.value_col, layout.code_col, layout.label_col}
    out = {}
    for c in range(width):
        if c in used:
            continue
        title = text_of(_at(header, c))
        if column_kind(title, year) == "other":
            out[c] = title
    return out


def _extra_cells(grid: Grid, r: int, others: dict[int, str], code: str,
                 result: FileResult) -> None:
    row = grid.rows[r]
    for c, title in others.items():
        text = text_of(_at(row, c))
        if text:
            result.problems.append(problem("cell-extra", sheet=grid.name, cell=cell_ref(r, c),
                                           value=text, column=title or "không có tiêu đề",
                                           code=code))


def _read_register(grid: Grid, layout, result: FileResult, ctx: IntakeContext) -> None:
    cols = layout.columns
    levels = {fold(name): name for name, _ in ctx.catalogue.register.levels}
    for r in range(layout.header_row + 1, len(grid.rows)):
        row = grid.rows[r]
        get = {k: text_of(_at(row, c)) for k, c in cols.items()}
        if not any(v for k, v in get.items()):
            continue
        name = get.get("name", "")
        if not name:
            if get.get("level") or get.get("field"):
                result.problems.append(problem("model-name-missing", sheet=grid.name,
                                               cell=cell_ref(r, cols["name"])))
            continue
        level_key = fold(get.get("level", "")).removeprefix("cap ").strip()
        level = levels.get(level_key)
        if level is None:
            result.problems.append(problem("model-level-invalid", sheet=grid.name,
                                           cell=cell_ref(r, cols["level"]),
                                           value=get.get("level", "")))
            continue
        founded = None
        if get.get("founded"):
            parsed = parse_value(get["founded"], True)
            if parsed.value is not None and 1900 <= parsed.value <= ctx.year:
                founded = int(parsed.value)
        typical = fold(get.get("typical", "")) in ("co", "x", "1", "yes", "dien hinh", "v")
        result.models.append(ModelEntry(
            unit=result.unit or "", name=nfc(name), level=level, field=get.get("field") or None,
            commune=get.get("commune") or None, founded=founded, typical=typical,
            sheet=grid.name, cell=cell_ref(r, cols["name"])))


def intake_folder(root: Path, ctx: IntakeContext, commentary: str | None = None,
                  progress: Callable[[str], None] | None = None, cache=None,
                  workers: int | None = None) -> list[FileResult]:
    """Read every file under `root` and settle each: accepted, superseded, rejected, ignored.

    `commentary` names the committee's Markdown file, listed as ignored with its purpose.
    Files are read on all cores by limited worker processes (report_gen.intake.pool); with a
    `cache` (report_gen.cache.IntakeCache) a file whose bytes were read before is not read
    again."""
    from report_gen.intake import pool

    root = Path(root)
    paths = discover(root)
    results: list[FileResult | None] = [None] * len(paths)
    tasks: list[pool.Task] = []
    for i, path in enumerate(paths):
        rel = path.relative_to(root).as_posix()
        if commentary and rel == commentary:
            results[i] = _commentary_entry(path, rel)
        elif cache is not None and (hit := _cached(cache, path, rel, root)) is not None:
            results[i] = hit
        else:
            tasks.append((i, path, rel))
            continue
        if progress:
            progress(rel)

    def failed(task: pool.Task, kind: str) -> FileResult:
        result = FileResult(file=task[2])
        guess = ctx.units.match(task[1].stem, ctx.year)
        result.unit = guess.code if guess else None
        return _reject(result, "file-unreadable", reason=read_failure_reason(kind))

    for index, result in pool.read_all(tasks, functools.partial(read_submission, ctx=ctx),
                                       failed, workers=workers):
        if not result.sha256:
            _fill_identity(result, paths[index])
        results[index] = result
        if cache is not None:
            cache.put(result)
        if progress:
            progress(result.file)
    if cache is not None:
        cache.close()
    done = [r for r in results if r is not None]
    settle_duplicates(done)
    return done


def read_failure_reason(kind: str) -> str:
    from report_gen.intake.read import child_failure_reason
    return child_failure_reason(kind)


def _cached(cache, path: Path, rel: str, root: Path) -> FileResult | None:
    """The cached result of this exact file (same bytes, same place), with today's mtime."""
    if guard.check_entry(path, root) is not None:
        return None
    try:
        data = path.read_bytes()
        mtime = path.stat().st_mtime
    except OSError:
        return None
    hit = cache.get(hashlib.sha256(data).hexdigest(), rel)
    if hit is not None:
        hit.mtime = mtime
    return hit


def _fill_identity(result: FileResult, path: Path) -> None:
    """Hash and size of a file whose reader died, so the ledger still identifies it."""
    try:
        if guard.check_entry(path, path.parent) is None:
            data = path.read_bytes()
            result.sha256, result.size = hashlib.sha256(data).hexdigest(), len(data)
    except OSError:
        pass


def _commentary_entry(path: Path, rel: str) -> FileResult:
    return FileResult(file=rel, sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
                      status=IGNORED,
                      reason="tệp nhận xét của Ban Chỉ đạo, dùng cho phần đánh giá của báo cáo")


def settle_duplicates(results: list[FileResult]) -> None:
    """Several accepted files for one unit: the newest wins (report date in the sheet, else the
    file's modification time); the others become "superseded" with the reason."""
    by_unit: dict[str, list[FileResult]] = {}
    for r in results:
        if r.status == ACCEPTED and r.unit:
            by_unit.setdefault(r.unit, []).append(r)
    for unit, group in by_unit.items():
        if len(group) < 2:
            continue
        group.sort(key=_recency, reverse=True)
        newest = group[0]
        for old in group[1:]:
            old.status = SUPERSEDED
            basis = ("ngày báo cáo ghi trong biểu" if newest.report_date and old.report_date
                     and newest.report_date != old.report_date else "thời gian sửa tệp")
            p = problem("superseded", newer=f"{newest.file}, theo {basis}")
            old.problems.append(p)
            old.reason = p.message


def _recency(r: FileResult) -> tuple:
    return (r.report_date or dt.date.min, r.mtime, r.file)
