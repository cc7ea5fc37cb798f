"""Validation: the catalogue's rules (DHIS2-style: left side, operator, right side, severity,
a message the unit can act on, what a blank means) evaluated per unit and for the province,
and the model register checked against the model counts."""

from __future__ import annotations

import ast
import operator
from functools import lru_cache
from collections import Counter
from typing import Mapping

from report_gen.catalogue import Catalogue, Rule
from report_gen.problems import Problem, problem

_COMPARE = {"==": operator.eq, "<=": operator.le, ">=": operator.ge, "<": operator.lt,
            ">": operator.gt}
_OP_VI = {"==": "bằng", "<=": "không lớn hơn", ">=": "không nhỏ hơn", "<": "nhỏ hơn",
          ">": "lớn hơn"}
_BINOPS = {ast.Add: operator.add, ast.Sub: operator.sub, ast.Mult: operator.mul}


class Blank(Exception):
    """An operand was not reported and the rule says to skip."""


def evaluate(expr: str, values: Mapping[str, float | int | None], blank: str,
             extra: Mapping[str, float] | None = None) -> float:
    """Evaluate an expression of codes, numbers, + - * and parentheses. Codes absent from
    `values` (not on this year's form) count as 0. A blank raises Blank when `blank` is "skip"
    and counts as 0 otherwise ("skip_if_all", "zero")."""
    extra = extra or {}

    def walk(node: ast.AST) -> float:
        if isinstance(node, ast.Expression):
            return walk(node.body)
        if isinstance(node, ast.Constant) and isinstance(node.value, (int, float)):
            return node.value
        if isinstance(node, ast.Name):
            if node.id in extra:
                return extra[node.id]
            if node.id not in values:
                return 0
            v = values[node.id]
            if v is None:
                if blank != "skip":
                    return 0
                raise Blank(node.id)
            return v
        if isinstance(node, ast.BinOp) and type(node.op) in _BINOPS:
            return _BINOPS[type(node.op)](walk(node.left), walk(node.right))
        if isinstance(node, ast.UnaryOp) and isinstance(node.op, ast.USub):
            return -walk(node.operand)
        raise ValueError(f"unsupported expression: {expr}")

    return walk(_parse(expr))


@lru_cache(maxsize=512)
def _parse(expr: str) -> ast.Expression:
    return ast.parse(expr, mode="eval")


@lru_cache(maxsize=512)
def _codes(expr: str) -> tuple[str, ...]:
    return tuple(n.id for n in ast.walk(_parse(expr)) if isinstance(n, ast.Name))


def codes_in(expr: str) -> list[str]:
    return list(_codes(expr))


def check_rules(catalogue: Catalogue, values: Mapping[str, float | int | None], *, scope: str,
                level: str | None, communes: int,
                cells: Mapping[str, tuple[str, str]] | None = None) -> list[Problem]:
    """Problems from the rules that apply to `scope` ("unit" or "province")."""
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
                               expected=f"{rule.left} {_OP_VI[rule.op]} {rule.right} ({_n(right)})"))
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
    return not _COMPARE[rule.op](round(left, 6), round(right, 6))


def _n(x: float) -> str:
    from report_gen.text import number
    return number(x)


def check_register(catalogue: Catalogue, values: Mapping[str, float | int | None],
                   models: list, sheet: str | None = None) -> list[Problem]:
    """The register's models by level must equal the counting indicators (MH_TINH...)."""
    if not models:
        return []
    counts = Counter(m.level for m in models)
    out = []
    for level, code in catalogue.register.levels:
        reported = values.get(code)
        if reported is None:
            continue
        if counts.get(level, 0) != reported:
            out.append(problem("model-count-mismatch", sheet=sheet, count=counts.get(level, 0),
                               level=level, code=code, value=_n(reported)))
    return out


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
    from report_gen.text import number
    return f"{number(round(x * 100, 1))}\u00a0%"
