"""The value cells of the data sheet: each indicator row's value used or reported.

Nothing lost: in an indicator row, the value cell is used or reported (error, not a number,
formula not computable...); a row with a value that matches no indicator is reported
(unmatched, ambiguous, unknown code; a sub-total row as an "info" note); any other non-empty
cell of an indicator row is a "cell-extra" warning, except in the columns a form is expected to
have (row number, unit of measure, notes, reference years, plan, comparison), which are read as
context and not reported. A value cell that reads empty is checked in the file itself for an
error or a formula saved without its result (see formulas.py).

An answer row (a unit's "Có" / "Không" or grade, see report_gen.reference.catalogue) is read as
text and normalised to one of the offered answers ("co", "x", "Đạt" -> "Có"; "loại khá" ->
"Khá"), anything else reported; the answer is kept in `result.answers` and expanded into the
number indicators it counts in, whose cells then point at the answer's cell. A blank answer
leaves them not reported (None), never 0. A number row the file also carries for such an
indicator must agree with the answer, else neither is used."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

from report_gen.intake.context import IntakeContext
from report_gen.intake.formulas import FormulaError, evaluate, raw_cells
from report_gen.intake.labels import NOT_HEADING
from report_gen.intake.locate import LabelMatcher, column_kind, text_of
from report_gen.intake.mapping import apply as apply_mapping
from report_gen.intake.mapping import decision_for
from report_gen.intake.numbers import parse_value
from report_gen.intake.read import Grid, cell_ref
from report_gen.model import FileResult
from report_gen.problems import WARNING, problem
from report_gen.reference.catalogue import NO, YES, Indicator
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
    answered: dict[str, tuple[Indicator, str | None]] = {}
    section: str | None = None  # the section of the heading above the row (None: any)
    for r in range(layout.header_row + 1, len(grid.rows)):
        row = grid.rows[r]
        raw = at(row, layout.value_col)
        has_value = raw is not None and text_of(raw) != ""
        code_text = text_of(at(row, layout.code_col)) if layout.code_col is not None else ""
        label_text = text_of(at(row, layout.label_col)) if layout.label_col is not None else ""
        indicator = matcher.by_code(code_text) if code_text else None
        match = None
        decision = decision_for(ctx.mappings, result.unit, label_text) \
            if indicator is None else None
        if decision is not None:  # the officer's decision, before the automatic matching
            where = cell_ref(r, layout.label_col if layout.label_col is not None
                             else layout.code_col)
            indicator = apply_mapping(decision, matcher, ctx, has_value, text_of(raw),
                                      label_text, grid.name, where, result.problems)
            if indicator is None:
                continue
        elif indicator is None and label_text:
            match = matcher.match(label_text, section)
            indicator = match.indicator
            if indicator is not None and match.how != "exact" and not has_value:
                # a blank row placed only by its words counts nothing: it is more likely a
                # heading ("XÂY DỰNG MÔ HÌNH TỰ QUẢN…" reads like MH_TONG) than a figure
                indicator, match = None, None
        if indicator is None:
            if not has_value and label_text:
                heading = matcher.heading(label_text)
                if heading != NOT_HEADING:
                    section = heading
                    continue
            other = (matcher.not_in_force(code_text) if code_text else None) or \
                (match.not_in_force if match is not None else None)
            if other is not None:
                _not_in_force(grid, layout, r, other, raw, has_value, result, ctx)
            elif has_value:
                _unmatched_row(grid, layout, r, code_text, label_text,
                               list(match.candidates) if match is not None else [], result, ctx)
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
        if match is not None and match.how == "words" and has_value:
            result.problems.append(problem(
                "label-matched", sheet=grid.name, cell=cell_ref(r, layout.label_col),
                value=label_text, code=indicator.code, label=indicator.label))
        result.cells[indicator.code] = (grid.name, ref)
        _extra_cells(grid, r, others, indicator.code, result)
        if indicator.is_answer:
            answer = _answer_value(sheet, r, layout.value_col, raw, has_value, indicator, result)
            answered[indicator.code] = (indicator, answer)
            if answer is None and not has_value:
                blank_first.add(indicator.code)
            continue
        if not has_value:
            value = _blank_value(sheet, r, layout.value_col, indicator, result)
            if value is None:
                blank_first.add(indicator.code)
            result.values[indicator.code] = value
            continue
        result.values[indicator.code] = _cell_value(grid.name, ref, raw, indicator, result)
    _expand_answers(answered, ctx.catalogue, result)
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


# ---------------------------------------------------------------- answers

# How people write yes and no, folded (report_gen.textnorm.fold): a tick "x", "Đạt", 1, ...
_YES_WORDS = frozenset({"co", "c", "x", "dat", "1", "true"})
_NO_WORDS = frozenset({"khong", "k", "ko", "0", "chua", "khong dat", "chua dat", "false"})
_CHOICE_PREFIXES = ("xep loai ", "loai ")  # "Xếp loại Khá", "loại khá"


def read_answer(raw: object, indicator: Indicator) -> str | None:
    """The offered answer (Indicator.answers) that what a unit typed stands for, or None when
    it stands for none: "có", "X", "Đạt", 1, True -> "Có"; "KHÔNG", "0", "Chưa" -> "Không";
    "loại khá" -> "Khá"; "TB" -> "Trung bình" (the initials of an answer of several words)."""
    if isinstance(raw, bool):
        raw = int(raw)
    if isinstance(raw, (int, float)):
        if raw not in (0, 1):
            return None
        raw = str(int(raw))
    if not isinstance(raw, str):
        return None
    key = fold(raw)
    if indicator.kind == "yesno":
        return YES if key in _YES_WORDS else NO if key in _NO_WORDS else None
    for prefix in _CHOICE_PREFIXES:
        key = key.removeprefix(prefix)
    found = [a for a in indicator.answers if key and key in _choice_keys(a)]
    return found[0] if len(found) == 1 else None


def _choice_keys(answer: str) -> set[str]:
    """"Trung bình" -> {"trung binh", "tb"}; "Khá" -> {"kha"}."""
    words = fold(answer).split()
    return {" ".join(words)} | ({"".join(w[0] for w in words)} if len(words) > 1 else set())


def _answer_value(sheet: _Sheet, r: int, c: int, raw: object, has_value: bool,
                  indicator: Indicator, result: FileResult) -> str | None:
    """The answer in an answer row's value cell; None when blank or not an offered answer
    (then reported). A cell that reads empty but holds an error or a formula without result
    is reported: an answer is chosen, not computed."""
    shown = text_of(raw)
    if not has_value:
        cell = sheet.raw().get((r, c))
        if cell is None:
            return None
        shown = cell.error or cell.formula or ""
    answer = read_answer(raw, indicator) if has_value else None
    if answer is None:
        result.problems.append(problem(
            "answer-invalid", sheet=sheet.grid.name, cell=cell_ref(r, c), value=shown,
            label=indicator.label, answers=", ".join(indicator.answers),
            expected=f"một trong: {', '.join(indicator.answers)} (chọn trong danh sách của ô)"))
    return answer


def _expand_answers(answered: dict[str, tuple[Indicator, str | None]], catalogue,
                    result: FileResult) -> None:
    """Each answer into the counts it gives (Indicator.expand), in result.values with the
    answer's cell; a number row of the same indicator that disagrees voids both."""
    for code, (indicator, answer) in answered.items():
        if answer is None:
            continue
        result.answers[code] = answer
        sheet, cell = result.cells[code]
        for counted, count in indicator.expand(answer).items():
            number = result.values.get(counted)
            if number is None:
                result.values[counted] = count
                result.cells[counted] = (sheet, cell)
            elif number != count:
                result.values[counted] = None
                result.problems.append(_conflict(
                    (sheet, cell), answer, catalogue.get(counted), count,
                    result.cells[counted][1], number))


def _conflict(where: tuple[str, str], answer: str, counted: Indicator, count: int,
              number_cell: str, number: float | int):
    """An answer and the number row it counts in, disagreeing (both cells named)."""
    sheet, cell = where
    return problem("answer-conflict", sheet=sheet, cell=cell, value=answer, answer=answer,
                   answer_cell=cell, count=count, unit=counted.unit, code=counted.code,
                   number_cell=number_cell, number=vn_number(number),
                   expected=f"câu trả lời ở ô {cell} và số ở ô {number_cell} thống nhất "
                            "với nhau")

# ("Tổng số" alone is not one: it may be an indicator's total, so it is reported unmatched)
_SUBTOTAL = ("cong", "tong cong", "cong muc", "cong phan", "cong chung", "tong hop", "cong a",
             "cong b")

def _is_subtotal(label: str) -> bool:
    f = fold(label)
    f = re.sub(r"^[ivx]+ |^[a-h] |^\d+ ", "", f)
    return f in _SUBTOTAL or f.startswith(("cong ", "tong cong", "cong muc", "cong phan"))

def _not_in_force(grid: Grid, layout, r: int, indicator: Indicator, raw: object,
                  has_value: bool, result: FileResult, ctx: IntakeContext) -> None:
    """A row of an indicator of the catalogue that is not in force in the year: an error when
    it holds a number other than 0 or an answer (it cannot be counted: the review stays a
    draft until the unit moves it to the right row or confirms it), else a warning (the unit
    uses a form of another year)."""
    where = cell_ref(r, layout.label_col if layout.label_col is not None else layout.code_col)
    if indicator.from_year is not None and ctx.year < indicator.from_year:
        period = f"từ năm {indicator.from_year}"
    elif indicator.from_year is not None:
        period = f"từ năm {indicator.from_year} đến năm {indicator.to_year}"
    else:
        period = f"đến năm {indicator.to_year}"
    shown = text_of(raw)
    parsed = parse_value(raw, False) if has_value else None
    if parsed is None or (parsed.problem is None and parsed.value == 0):
        severity = WARNING
        outcome = "dòng này được bỏ qua"
    else:
        severity = None
        outcome = (f"số liệu “{shown}” của dòng này chưa được tổng hợp, đề nghị kiểm tra lại "
                   f"và ghi vào đúng chỉ tiêu của biểu năm {ctx.year}")
    result.problems.append(problem(
        "indicator-not-in-force", sheet=grid.name, cell=where, severity=severity,
        value=shown, code=indicator.code, label=indicator.label, period=period, year=ctx.year,
        outcome=outcome))

def _candidates(candidates: list) -> str:
    """"AT_XA_DAT “Xã, phường, thị trấn đạt…”; AT_HO_DAT “Hộ gia đình đạt tiêu chuẩn”"."""
    return "; ".join(f"{c.code} “{c.label}”" for c in candidates[:3])

def _unmatched_row(grid: Grid, layout, r: int, code_text: str, label_text: str,
                   candidates: list, result: FileResult, ctx: IntakeContext) -> None:
    """A row with a value that matches no indicator: always reported, never silently dropped;
    an error (its number is not in the totals) naming the best candidates when there are some,
    except a sub-total row ("Cộng", "Tổng cộng"), an info note."""
    where = cell_ref(r, layout.label_col if layout.label_col is not None else layout.code_col)
    value = text_of(at(grid.rows[r], layout.value_col))
    if label_text and _is_subtotal(label_text):
        result.problems.append(problem("row-subtotal", sheet=grid.name,
                                       cell=cell_ref(r, layout.value_col),
                                       value=f"{label_text}: {value}"))
    elif candidates:
        result.problems.append(problem(
            "label-ambiguous", sheet=grid.name, cell=where, value=label_text,
            candidates=_candidates(candidates)))
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
