"""Figures that moved by more than ±300 % against last year: warnings to confirm, for each
unit (against its own figures of last year) and for the province totals (a unit's error of
magnitude shows there even when each unit looks plausible alone)."""

from __future__ import annotations

from typing import TYPE_CHECKING, Mapping

from report_gen.problems import Problem, problem
from report_gen.reference.lineage import lineage
from report_gen.reference.catalogue import Catalogue
from report_gen.text import number as _n

if TYPE_CHECKING:
    from report_gen.checks.context import CheckContext
    from report_gen.model import Aggregate, FileResult

PROBLEMS = ("value-outlier",)


def unit(result: FileResult, ctx: CheckContext) -> list[Problem]:
    if not ctx.previous_units or result.unit not in ctx.previous_units:
        return []
    return check_outliers(ctx.catalogue, result.values, ctx.previous_units[result.unit],
                          cells=result.cells)


def province(agg: Aggregate, ctx: CheckContext) -> list[Problem]:
    """The province totals against last year's; in the first year of a new map, only the
    figures that compare across it (Indicator.across_maps)."""
    values = agg.province
    if ctx.previous and lineage(ctx.units, ctx.year).reorganised:
        values = {c: v for c, v in values.items()
                  if (ind := ctx.catalogue.get(c)) is not None and ind.across_maps}
    return check_outliers(ctx.catalogue, values, ctx.previous)


# A change is an outlier when the larger of the two years is at least this (non-trivial) and
# one year is more than 4 times the other: +300 % up, or the mirror of it down (-75 %).
OUTLIER_RATIO = 4.0
OUTLIER_FLOOR = 20


def check_outliers(catalogue: Catalogue, values: Mapping[str, float | int | None],
                   previous_values: Mapping[str, float | int | None] | None, *,
                   cells: Mapping[str, tuple[str, str]] | None = None,
                   ratio: float = OUTLIER_RATIO, floor: float = OUTLIER_FLOOR) -> list[Problem]:
    """Warnings for figures that changed by more than ±300 % against the previous year.

    Only when both years are reported and the larger is at least `floor` (5 -> 25 models is
    worth a question, 1 -> 4 is not). "±300 %" is read symmetrically: this year more than 4
    times last year, or last year more than 4 times this year (a fall of more than 75 %). A
    previous 0 with a current value >= floor is also asked about."""
    if not previous_values:
        return []
    cells = cells or {}
    out = []
    for code, value in values.items():
        prev = previous_values.get(code)
        ind = catalogue.get(code)
        if value is None or prev is None or ind is None or max(value, prev) < floor:
            continue
        if prev == 0:
            change = "năm trước là 0"
        elif value > prev * ratio or prev > value * ratio:
            change = f"{'tăng' if value > prev else 'giảm'} {_pct(abs(value - prev) / prev)}"
        else:
            continue
        sheet, cell = cells.get(code, (None, None))
        out.append(problem("value-outlier", sheet=sheet, cell=cell, code=code, label=ind.label,
                           value=_n(value), previous=_n(prev), change=change,
                           expected="xác nhận số liệu đúng, hoặc sửa lại"))
    return out


def _pct(x: float) -> str:
    """A change as the review writes it: "355 %", "1.134,5 %" (no space break before %)."""
    return f"{_n(round(x * 100, 1))}\u00a0%"
