"""The catalogue's rules (DHIS2-style: left side, operator, right side, severity, a message the
unit can act on, what a blank means), evaluated for each accepted file and for the province."""

from __future__ import annotations

from typing import TYPE_CHECKING, Mapping

from report_gen.checks.expr import COMPARE, OP_VI, Blank, codes_in, evaluate
from report_gen.problems import Problem, problem
from report_gen.reference.catalogue import Catalogue, Rule
from report_gen.text import number as _n

if TYPE_CHECKING:
    from report_gen.checks.context import CheckContext
    from report_gen.model import Aggregate, FileResult

PROBLEMS = ("rule",)


def unit(result: FileResult, ctx: CheckContext) -> list[Problem]:
    u = ctx.units.get(result.unit)
    return check_rules(ctx.catalogue, result.values, scope="unit", level=u.level,
                       communes=u.communes, cells=result.cells)


def province(agg: Aggregate, ctx: CheckContext) -> list[Problem]:
    """The rules on the province totals. `communes` is that of the units whose figures are in
    the totals: a unit without figures would otherwise make "classified communes = communes"
    fail, stating its absence (which the unit-missing problem already says) as an error."""
    reported = set(agg.reported_units)
    communes = sum(u.communes for u in ctx.units.active(ctx.year) if u.code in reported)
    return check_rules(ctx.catalogue, agg.province, scope="province", level=None,
                       communes=communes)


def check_rules(catalogue: Catalogue, values: Mapping[str, float | int | None], *, scope: str,
                level: str | None, communes: int,
                cells: Mapping[str, tuple[str, str]] | None = None) -> list[Problem]:
    """Problems from the rules that apply to `scope` ("unit" or "province"), with the catalogue
    of one year (Catalogue.in_year: the rules in force, in that year's words)."""
    if catalogue.year is None:
        raise ValueError("check_rules needs the catalogue of one year: catalogue.in_year(year)")
    out = []
    cells = cells or {}
    for rule in catalogue.rules:
        if rule.scope not in (scope, "both"):
            continue
        if scope == "unit" and level is not None and not rule.applies_to_level(level):
            continue
        if _failed(rule, values, communes):
            left = evaluate(rule.left, values, "zero", {"communes": communes})
            right = evaluate(rule.right, values, "zero", {"communes": communes})
            first = next((c for c in codes_in(rule.left) if c in cells), None)
            sheet, cell = cells.get(first, (None, None)) if first else (None, None)
            out.append(problem("rule", severity=rule.severity, sheet=sheet, cell=cell,
                               message=rule.message.format(left=_n(left), right=_n(right)),
                               value=f"{rule.left} = {_n(left)}",
                               expected=f"{rule.left} {OP_VI[rule.op]} {rule.right} ({_n(right)})"))
    return out


def _failed(rule: Rule, values: Mapping[str, float | int | None], communes: int) -> bool:
    if rule.blank == "skip_if_all":
        operands = [c for c in codes_in(rule.left) + codes_in(rule.right) if c in values]
        if all(values[c] is None for c in operands):
            return False
    try:
        left = evaluate(rule.left, values, rule.blank, {"communes": communes})
        right = evaluate(rule.right, values, rule.blank, {"communes": communes})
    except Blank:
        return False
    return not COMPARE[rule.op](round(left, 6), round(right, 6))
