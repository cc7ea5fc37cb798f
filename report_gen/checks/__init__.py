"""Checks: one module per kind, each naming the problems it may raise (`PROBLEMS`) and
defining `unit(result, ctx)` (run on each accepted file), `province(agg, ctx)` (run on the
province totals), or both. `CHECKS` is the list `consolidate` runs, in this order; a new kind
of check is one new module here and one entry in the list.

The rules themselves (what must add up, what may not exceed what) are data, in the catalogue."""

from __future__ import annotations

from types import ModuleType

from report_gen.checks import missing, outliers, register, rules
from report_gen.checks.context import CheckContext
from report_gen.model import Aggregate, FileResult
from report_gen.problems import CATALOGUE, Problem

CHECKS: list[ModuleType] = [rules, register, missing, outliers]


def check_unit(result: FileResult, ctx: CheckContext) -> list[Problem]:
    """Problems of one accepted file, from every check that looks at units."""
    return [p for check in CHECKS if hasattr(check, "unit") for p in check.unit(result, ctx)]


def check_province(agg: Aggregate, ctx: CheckContext) -> list[Problem]:
    """Problems of the province totals, from every check that looks at them."""
    return [p for check in CHECKS if hasattr(check, "province")
            for p in check.province(agg, ctx)]


def _declared() -> None:
    """Every problem a check names is in the problem catalogue (checked at import)."""
    for check in CHECKS:
        unknown = [code for code in check.PROBLEMS if code not in CATALOGUE]
        if unknown:
            raise RuntimeError(f"{check.__name__} names unknown problems: {unknown}")


_declared()

__all__ = ["CHECKS", "CheckContext", "check_unit", "check_province"]
