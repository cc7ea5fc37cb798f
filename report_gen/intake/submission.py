"""One file into a FileResult: find the data sheet, the unit, the values and the model
register, without deciding between files (intake/folder.py does that)."""

from __future__ import annotations

import hashlib
from pathlib import Path

from report_gen.intake import entries, legacy
from report_gen.intake.locate import (LabelMatcher, find_other_year, find_table,
                                      match_catalogue, read_header, text_of)
from report_gen.intake.context import IntakeContext
from report_gen.intake.formats import classify, mismatch
from report_gen.intake.read import Grid, ReadError, read_grids
from report_gen.intake.register import find_register, read_register
from report_gen.intake.values import at, read_values
from report_gen.model import ACCEPTED, IGNORED, REJECTED, FileResult
from report_gen.problems import INFO, problem
from report_gen.reference.unit_match import Found


def read_submission(path: Path, rel: str, ctx: IntakeContext) -> FileResult:
    """Read one file into a FileResult; never raises for a bad file. `rel` is the name shown
    (entries.display_rel: readable even when the name on disk is not UTF-8); the unit is
    matched on it, and `path` is only opened."""
    result = FileResult(file=rel)
    refused = entries.check_entry(path, path.parents[rel.count("/")])
    if refused:  # symlink, FIFO, device, too large, unreadable: never opened
        if refused[0] == IGNORED:
            result.status, result.reason = refused
            return result
        return reject(result, "file-unreadable", reason=refused[1])
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
    if not data:
        guess_unit(result, ctx)
        return reject(result, "file-empty")
    try:
        grids = read_grids(path)
    except ReadError as exc:
        guess_unit(result, ctx)  # so the feedback reaches the unit
        return reject(result, "file-unreadable", reason=exc.args[0])
    if (other := mismatch(path)) is not None:
        result.problems.append(problem("file-format-mismatch", suffix=other[0], actual=other[1]))
    try:
        _read_grids(grids, path, result, ctx)
    except Exception as exc:  # a bug or an input we did not foresee: reject, never crash
        result.values, result.models = {}, []
        return reject(result, "file-unreadable",
                       reason=f"nội dung tệp không xử lý được ({type(exc).__name__})")
    return result

def guess_unit(result: FileResult, ctx: IntakeContext) -> None:
    """The unit a file's shown name names, for a file that cannot be read."""
    guess = ctx.units.match(Path(result.file).stem, ctx.year)
    result.unit = guess.code if guess else None


def _shown(result: FileResult) -> Path:
    """The file's name as shown (readable even when not UTF-8 on disk): what units are matched
    on and problems name; the path on disk is only for opening."""
    return Path(result.file)


def reject(result: FileResult, code: str, **fields: object) -> FileResult:
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
        if not _reject_other_year(grids, path, result, ctx):
            reject(result, "file-no-form")
        return
    # the data sheet: the visible sheet whose table holds the most indicators
    best = tables[0] if len(tables) == 1 else max(
        tables, key=lambda gt: (gt[0].visible, _count_indicators(gt[0], gt[1], matcher)))
    grid, layout = best
    header = read_header(grid, layout.header_row)
    if not _resolve_unit(result, header, path, ctx, grid.name):
        return
    if header.year is not None and header.year != ctx.year:
        reject(result, "year-mismatch", found=header.year, year=ctx.year)
        return
    result.report_date = header.report_date
    read_values(grid, layout, matcher, result, ctx, path)
    for g in grids:
        reg = find_register(g)
        if reg is not None:
            read_register(g, reg, result, ctx)
            break
    if not any(v is not None for v in result.values.values()) and not result.models \
            and not any(p.cell for p in result.problems if p.severity != INFO):
        reject(result, "file-empty-form")
        return
    result.status = ACCEPTED

def _reject_other_year(grids: list[Grid], path: Path, result: FileResult,
                       ctx: IntakeContext) -> bool:
    """Reject a form of another year as year-mismatch, naming the form's year (the header's
    "Năm báo cáo", else the value column's "Năm …"); False when no sheet holds one. The unit is
    still identified when it can be, so the feedback reaches it; an unknown unit does not hide
    the wrong year (the year is what the officer has to fix, often a mistyped --year)."""
    for grid in grids:
        found = find_other_year(grid, ctx.year)
        if found is None:
            continue
        form_year, layout = found
        header = read_header(grid, layout.header_row)
        if header.year is not None and header.year != ctx.year:
            form_year = header.year
        result.unit_text = header.unit_text or header.unit_code
        unit = ctx.units.get(header.unit_code.strip().upper()) if header.unit_code else None
        if unit is None and header.unit_text:
            unit = ctx.units.match(header.unit_text, form_year) or \
                ctx.units.match(header.unit_text, ctx.year)
        if unit is None:
            unit = ctx.units.match(_shown(result).stem, form_year) or \
                ctx.units.match(_shown(result).stem, ctx.year)
        result.unit = unit.code if unit else None
        reject(result, "year-mismatch", found=form_year, year=ctx.year)
        return True
    return False

def _decode_legacy(grids: list[Grid], path: Path, result: FileResult) -> list[Grid]:
    """Text typed in TCVN3 or VNI fonts -> Unicode, with a warning naming the file."""
    # ASCII text reads the same in every encoding (legacy.detect counts only the others)
    texts = [v for g in grids for row in g.rows for v in row
             if v.__class__ is str and not v.isascii()]
    found = legacy.detect(texts)
    if found.encoding is None:
        return grids
    decode = legacy.decoder(found.encoding)
    result.problems.append(problem("text-legacy", file=_shown(result).name, encoding=found.encoding))
    # sheet names stay as stored so that "sheet, cell" still points into the file
    return [Grid(name=g.name, visible=g.visible,
                 rows=[[decode(v) if isinstance(v, str) else v for v in row] for row in g.rows])
            for g in grids]

def _count_indicators(grid: Grid, layout, matcher: LabelMatcher) -> int:
    n = 0
    for row in grid.rows[layout.header_row + 1:]:
        if layout.code_col is not None and matcher.by_code(text_of(at(row, layout.code_col))):
            n += 1
        elif layout.label_col is not None and matcher.by_label(text_of(at(row, layout.label_col)))[0]:
            n += 1
    return n

def _resolve_unit(result: FileResult, header, path: Path, ctx: IntakeContext,
                  sheet: str | None = None) -> bool:
    """Set result.unit from the sheet header (its code, else its name), else the file name;
    False when rejected. A name that could be several units is decided by the other source
    when that names one of them, and is otherwise an error: never the first of them."""
    units = ctx.units
    in_sheet = Found()
    if header.unit_code and (coded := units.get(header.unit_code.strip().upper())):
        in_sheet = Found((coded,))
    if in_sheet.unit is None and header.unit_text:
        in_sheet = units.find(header.unit_text, ctx.year)
    # the file name only checks a unit the sheet names: no fuzzy guess then
    in_name = units.find(_shown(result).stem, ctx.year, close=in_sheet.unit is None)
    result.unit_text = header.unit_text or header.unit_code
    unit = in_sheet.unit
    if unit is None and not in_sheet.ambiguous:
        unit = in_name.unit
    elif unit is None:  # the sheet's name could be several units: the file name may decide
        both = [u for u in in_sheet.units if u in in_name.units]
        unit = both[0] if len(both) == 1 else None
    if unit is None and (in_sheet.ambiguous or in_name.ambiguous):
        could = in_sheet if in_sheet.ambiguous else in_name
        names = [u.name for u in could.units]
        reject(result, "unit-ambiguous", found=result.unit_text or _shown(result).name,
               candidates=", ".join(names[:-1]) + " hoặc " + names[-1], example=names[0])
        return False
    if unit is None:
        reject(result, "unit-unknown", found=result.unit_text or _shown(result).name)
        return False
    if in_sheet.unit and in_name.unit and in_sheet.unit.code != in_name.unit.code:
        result.problems.append(problem("unit-conflict", sheet_unit=in_sheet.unit.name,
                                       file_unit=_shown(result).name, sheet=sheet,
                                       cell=header.unit_cell))
    if not unit.active(ctx.year):
        result.unit = unit.code
        reject(result, "unit-inactive", unit=unit.name, year=ctx.year)
        return False
    result.unit = unit.code
    return True
