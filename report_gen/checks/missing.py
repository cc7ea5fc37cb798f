"""Units expected this year that sent nothing usable: their figures are absent from the
province totals, so the review is a draft until they report."""

from __future__ import annotations

from typing import TYPE_CHECKING

from report_gen.problems import Problem, problem

if TYPE_CHECKING:
    from report_gen.checks.context import CheckContext
    from report_gen.model import Aggregate

PROBLEMS = ("unit-missing",)


def province(agg: Aggregate, ctx: CheckContext) -> list[Problem]:
    out = []
    for code in agg.missing_units:
        p = problem("unit-missing", unit=ctx.units.get(code).name)
        out.append(Problem(code=p.code, severity=p.severity, message=p.message, unit=code))
    return out
