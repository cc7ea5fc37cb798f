"""What calamine cannot tell: which empty-looking cells are formula errors (#DIV/0!, #REF!…) or
formulas saved without a result, and the value of simple formulas of the latter kind.

calamine returns "" both for a blank cell, for an error cell and for a formula without a cached
result, in .xlsx, .xls and .ods alike. For the few value cells that come back "", this module
opens the file a second time with the raw-cell reader its format declares (in
report_gen.intake.formats: openpyxl for .xlsx/.xlsm, content.xml for .ods, xlrd for .xls).

`evaluate` computes simple formulas over the sheet's own cells: numbers, references, ranges
inside SUM, + - * / and parentheses. Anything else is reported, never guessed."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Callable

from report_gen.intake import formats
from report_gen.intake.formats.base import Coord, Grid, RawCell


class FormulaError(Exception):
    """The formula cannot be evaluated here; args[0] says why (for the log, not the user)."""


def raw_cells(path: Path, sheet: str) -> dict[Coord, RawCell]:
    """Error cells and result-less formula cells of one sheet, by the reader its format
    declares (report_gen.intake.formats; by content: an .xlsx saved as .xls is read as .xlsx).
    Never raises."""
    fmt = formats.lookup(path)
    if fmt is None or fmt.raw_cells is None:
        return {}
    try:
        return fmt.raw_cells(path, sheet)
    except Exception:  # a second reader failing must not lose the values already read
        return {}


# ---------------------------------------------------------------- evaluation

_TOKEN = re.compile(r"\s*(?:(?P<num>\d+(?:\.\d+)?(?:[eE][+-]?\d+)?)"
                    r"|(?P<range>\$?[A-Z]{1,3}\$?\d+:\$?[A-Z]{1,3}\$?\d+)"
                    r"|(?P<ref>\$?[A-Z]{1,3}\$?\d+)"
                    r"|(?P<func>[A-Z][A-Z0-9.]*)\s*\("
                    r"|(?P<op>[-+*/(),]))", re.I)

Lookup = Callable[[Coord, int], float]


def parse_ref(ref: str) -> Coord:
    m = re.fullmatch(r"\$?([A-Z]{1,3})\$?(\d+)", ref.upper())
    if not m:
        raise FormulaError(f"bad reference {ref}")
    col = 0
    for ch in m.group(1):
        col = col * 26 + ord(ch) - 64
    return int(m.group(2)) - 1, col - 1


def _tokens(formula: str) -> list[tuple[str, str]]:
    text = formula.strip().lstrip("=")
    out, pos = [], 0
    while pos < len(text):
        if text[pos:].strip() == "":
            break
        m = _TOKEN.match(text, pos)
        if not m:
            raise FormulaError(f"unsupported text at {text[pos:pos + 10]!r}")
        kind = m.lastgroup or ""
        out.append((kind, m.group(kind)))
        pos = m.end()
    return out


class _Parser:
    def __init__(self, tokens: list[tuple[str, str]], lookup: Lookup, depth: int):
        self.t, self.i, self.lookup, self.depth = tokens, 0, lookup, depth

    def peek(self) -> tuple[str, str]:
        return self.t[self.i] if self.i < len(self.t) else ("end", "")

    def take(self) -> tuple[str, str]:
        tok = self.peek()
        self.i += 1
        return tok

    def expr(self) -> float:
        value = self.term()
        while self.peek() in (("op", "+"), ("op", "-")):
            op = self.take()[1]
            value = value + self.term() if op == "+" else value - self.term()
        return value

    def term(self) -> float:
        value = self.factor()
        while self.peek() in (("op", "*"), ("op", "/")):
            op = self.take()[1]
            right = self.factor()
            if op == "/" and right == 0:
                raise FormulaError("#DIV/0!")
            value = value * right if op == "*" else value / right
        return value

    def factor(self) -> float:
        kind, text = self.take()
        if (kind, text) == ("op", "-"):
            return -self.factor()
        if (kind, text) == ("op", "+"):
            return self.factor()
        if kind == "num":
            return float(text)
        if kind == "ref":
            return self.lookup(parse_ref(text), self.depth)
        if (kind, text) == ("op", "("):
            value = self.expr()
            self.expect(")")
            return value
        if kind == "func" and text.upper() == "SUM":
            return self.sum_args()
        raise FormulaError(f"unsupported {text}")

    def sum_args(self) -> float:
        total = 0.0
        while True:
            kind, text = self.peek()
            if kind == "range":
                self.take()
                total += self.range_sum(text)
            else:
                total += self.expr()
            kind, text = self.take()
            if text == ")":
                return total
            if text != ",":
                raise FormulaError("bad SUM arguments")

    def range_sum(self, text: str) -> float:
        a, b = (parse_ref(x) for x in text.split(":"))
        total = 0.0
        for r in range(min(a[0], b[0]), max(a[0], b[0]) + 1):
            for c in range(min(a[1], b[1]), max(a[1], b[1]) + 1):
                total += self.lookup((r, c), self.depth, in_sum=True)  # type: ignore[call-arg]
        return total

    def expect(self, op: str) -> None:
        if self.take() != ("op", op):
            raise FormulaError(f"expected {op}")


MAX_DEPTH = 20


def evaluate(formula: str, grid: Grid, raw: dict[Coord, RawCell], depth: int = 0) -> float:
    """The value of a simple formula over `grid` (the sheet it is on). Raises FormulaError."""
    if depth > MAX_DEPTH:
        raise FormulaError("too deep or circular")

    def lookup(coord: Coord, d: int, in_sum: bool = False) -> float:
        cell = raw.get(coord)
        if cell is not None and cell.error:
            raise FormulaError(cell.error)
        if cell is not None and cell.formula:
            return evaluate(cell.formula, grid, raw, d + 1)
        value = grid.get(*coord)
        if value is None or value == "":
            return 0.0
        if isinstance(value, bool):
            return float(value) if not in_sum else 0.0
        if isinstance(value, (int, float)):
            return float(value)
        if in_sum:
            return 0.0  # SUM ignores text, as spreadsheets do
        from report_gen.intake.numbers import parse_value
        parsed = parse_value(value, whole=False)
        if parsed.value is None:
            raise FormulaError("#VALUE!")
        return float(parsed.value)

    parser = _Parser(_tokens(formula), lookup, depth)
    value = parser.expr()
    if parser.peek() != ("end", ""):
        raise FormulaError("trailing text")
    return value
