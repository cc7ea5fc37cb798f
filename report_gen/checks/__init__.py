"""Checks: one module per kind, each naming the problems it may raise (`PROBLEMS`) and
defining `unit(result, ctx)` (run on each accepted file), `province(agg, ctx)` (run on the
province totals), or both. `CHECKS` is the list `consolidate` runs, in this order; a new kind
of check is one new module here and one entry in the list.

The rules themselves (what must add up, what may not exceed what) are data, in the catalogue."""

from __future__ import annotations

from dataclasses import dataclass
from types import ModuleType

from report_gen.checks import missing, outliers, register, rules
from report_gen.model import Aggregate, FileResult, Number
from report_gen.problems import CATALOGUE, Problem
from report_gen.reference.catalogue import Catalogue
from report_gen.reference.units import UnitList

CHECKS: list[ModuleType] = [rules, register, missing, outliers]


@dataclass(frozen=True)
class CheckContext:
    """What checks may look at besides the figures they check."""

    year: int
    catalogue: Catalogue
    units: UnitList
    previous_units: dict[str, dict[str, Number]] | None = None  # {unit: figures of year - 1}
    previous: dict[str, Number] | None = None  # province figures of year - 1


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
