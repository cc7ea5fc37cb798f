"""The value cells of the data sheet: each indicator row's value used or reported.

Nothing lost: in an indicator row, the value cell is used or reported (error, not a number,
formula not computable...); a row with a value that matches no indicator is reported
(unmatched, ambiguous, unknown code; a sub-total row as an "info" note); any other non-empty
cell of an indicator row is a "cell-extra" warning, except in the columns a form is expected to
have (row number, unit of measure, notes, reference years, plan, comparison), which are read as
context and not reported. A value cell that reads empty is checked in the file itself for an
error or a formula saved without its result (see formulas.py)."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from report_gen.intake.context import IntakeContext
from report_gen.intake.formulas import FormulaError, evaluate, raw_cells
from report_gen.intake.locate import LabelMatcher, column_kind, text_of
from report_gen.intake.numbers import parse_value
from report_gen.intake.read import Grid, cell_ref
from report_gen.model import FileResult
from report_gen.problems import problem
from report_gen.text import number as vn_number
from report_gen.textnorm import fold


def at(row: list[object], c: int | None) -> object:
    return row[c] if c is not None and c < len(row) else None

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


def read_values(grid: Grid, layout, matcher: LabelMatcher, result: FileResult,
                 ctx: IntakeContext, path: Path | None = None) -> None:
    sheet = _Sheet(grid, path or Path(result.file))
    others = _other_columns(grid, layout, ctx.year)
    blank_first: set[str] = set()
    for r in range(layout.header_row + 1, len(grid.rows)):
        row = grid.rows[r]
        raw = at(row, layout.value_col)
        has_value = raw is not None and text_of(raw) != ""
        code_text = text_of(at(row, layout.code_col)) if layout.code_col is not None else ""
        label_text = text_of(at(row, layout.label_col)) if layout.label_col is not None else ""
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
    value = text_of(at(grid.rows[r], layout.value_col))
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
        title = text_of(at(header, c))
        if column_kind(title, year) == "other":
            out[c] = title
    return out

def _extra_cells(grid: Grid, r: int, others: dict[int, str], code: str,
                 result: FileResult) -> None:
    row = grid.rows[r]
    for c, title in others.items():
        text = text_of(at(row, c))
        if text:
            result.problems.append(problem("cell-extra", sheet=grid.name, cell=cell_ref(r, c),
                                           value=text, column=title or "không có tiêu đề",
                                           code=code))
