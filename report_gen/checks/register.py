"""The model register (one row per model) cross-checked with the counting indicators."""

from __future__ import annotations

from collections import Counter
from typing import TYPE_CHECKING, Mapping

from report_gen.problems import Problem, problem
from report_gen.reference.catalogue import Catalogue
from report_gen.text import number as _n

if TYPE_CHECKING:
    from report_gen.checks.context import CheckContext
    from report_gen.model import FileResult

PROBLEMS = ("model-count-mismatch",)


def unit(result: FileResult, ctx: CheckContext) -> list[Problem]:
    sheet = result.models[0].sheet if result.models else None
    return check_register(ctx.catalogue, result.values, result.models, sheet, result.cells)


def check_register(catalogue: Catalogue, values: Mapping[str, float | int | None],
                   models: list, sheet: str | None = None,
                   cells: Mapping[str, tuple[str, str]] | None = None) -> list[Problem]:
    """The register's models by level must equal the counting indicators (MH_TINH...); a
    mismatch points at the indicator's cell (`cells`: code -> (sheet, cell)) when known."""
    if not models:
        return []
    counts = Counter(m.level for m in models)
    out = []
    for level, code in catalogue.register.levels:
        reported = values.get(code)
        if reported is None:
            continue
        if counts.get(level, 0) != reported:
            where, cell = (cells or {}).get(code, (sheet, None))
            out.append(problem("model-count-mismatch", sheet=where, cell=cell,
                               count=counts.get(level, 0),
                               level=level, code=code, value=_n(reported)))
    return out
