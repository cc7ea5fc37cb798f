"""Rule expressions: codes, numbers, + - * and parentheses, evaluated safely (no eval)."""

from __future__ import annotations

import ast
import operator
from functools import lru_cache
from typing import Mapping

COMPARE = {"==": operator.eq, "<=": operator.le, ">=": operator.ge, "<": operator.lt,
            ">": operator.gt}
OP_VI = {"==": "bằng", "<=": "không lớn hơn", ">=": "không nhỏ hơn", "<": "nhỏ hơn",
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
