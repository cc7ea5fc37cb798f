"""What calamine cannot tell: which empty-looking cells are formula errors (#DIV/0!, #REF!…) or
formulas saved without a result, and the value of simple formulas of the latter kind.

calamine returns "" both for a blank cell, for an error cell and for a formula without a cached
result, in .xlsx, .xls and .ods alike. For the few value cells that come back "", this module
opens the file a second time with a reader that keeps the difference:
- .xlsx/.xlsm: openpyxl (formula text, and the cached value; error cells have type "e");
- .ods: the content.xml (table:formula, calcext:value-type="error");
- .xls: xlrd when installed (cell type XL_CELL_ERROR); .xls files always carry results.

`evaluate` computes simple formulas over the sheet's own cells: numbers, references, ranges
inside SUM, + - * / and parentheses. Anything else is reported, never guessed."""

from __future__ import annotations

import re
import zipfile
from dataclasses import dataclass
from pathlib import Path
from typing import Callable

from report_gen.intake.read import Grid

Coord = tuple[int, int]  # 0-based (row, column), as in Grid.rows


@dataclass(frozen=True)
class RawCell:
    """A cell that calamine showed as empty but is not: an error, or a formula without result."""

    error: str | None = None  # e.g. "#DIV/0!"
    formula: str | None = None  # Excel syntax, starting with "="


class FormulaError(Exception):
    """The formula cannot be evaluated here; args[0] says why (for the log, not the user)."""


def raw_cells(path: Path, sheet: str) -> dict[Coord, RawCell]:
    """Error cells and result-less formula cells of one sheet. Never raises."""
    suffix = path.suffix.lower()
    try:
        if suffix in (".xlsx", ".xlsm"):
            return _raw_xlsx(path, sheet)
        if suffix == ".ods":
            return _raw_ods(path, sheet)
        if suffix == ".xls":
            return _raw_xls(path, sheet)
    except Exception:  # a second reader failing must not lose the values already read
        return {}
    return {}


def _raw_xlsx(path: Path, sheet: str) -> dict[Coord, RawCell]:
    from openpyxl import load_workbook
    out: dict[Coord, RawCell] = {}
    formulas = load_workbook(path, read_only=True, data_only=False)
    cached = load_workbook(path, read_only=True, data_only=True)
    try:
        if sheet not in formulas.sheetnames:
            return out
        for frow, crow in zip(formulas[sheet].iter_rows(), cached[sheet].iter_rows()):
            for f, c in zip(frow, crow):
                if getattr(c, "data_type", None) == "e" or (
                        isinstance(c.value, str) and c.value.startswith("#")
                        and isinstance(f.value, str) and f.value.startswith("=")):
                    out[(f.row - 1, f.column - 1)] = RawCell(error=str(c.value))
                elif isinstance(f.value, str) and f.value.startswith("=") and c.value is None:
                    out[(f.row - 1, f.column - 1)] = RawCell(formula=f.value)
    finally:
        formulas.close()
        cached.close()
    return out


_OD_TABLE = "{urn:oasis:names:tc:opendocument:xmlns:table:1.0}"
_OD_OFFICE = "{urn:oasis:names:tc:opendocument:xmlns:office:1.0}"
_OD_CALCEXT = "{urn:org:documentfoundation:names:experimental:calc:xmlns:calcext:1.0}"
_OD_TEXT = "{urn:oasis:names:tc:opendocument:xmlns:text:1.0}"


def _raw_ods(path: Path, sheet: str) -> dict[Coord, RawCell]:
    from defusedxml.ElementTree import parse
    with zipfile.ZipFile(path) as z, z.open("content.xml") as fh:
        root = parse(fh).getroot()
    out: dict[Coord, RawCell] = {}
    for table in root.iter(_OD_TABLE + "table"):
        if table.get(_OD_TABLE + "name") != sheet:
            continue
        r = 0
        for row in table.iter(_OD_TABLE + "table-row"):
            rep_r = int(row.get(_OD_TABLE + "number-rows-repeated", "1"))
            c = 0
            for cell in row:
                if cell.tag not in (_OD_TABLE + "table-cell", _OD_TABLE + "covered-table-cell"):
                    continue
                rep_c = int(cell.get(_OD_TABLE + "number-columns-repeated", "1"))
                found = _ods_cell(cell)
                if found is not None and rep_r * rep_c <= 1000:
                    for dr in range(min(rep_r, 1000)):
                        for dc in range(rep_c):
                            out[(r + dr, c + dc)] = found
                c += rep_c
            r += rep_r
        break
    return out


def _ods_cell(cell) -> RawCell | None:
    formula = cell.get(_OD_TABLE + "formula")
    if cell.get(_OD_CALCEXT + "value-type") == "error":
        text = "".join("".join(p.itertext()) for p in cell.iter(_OD_TEXT + "p"))
        return RawCell(error=text or "#ERR")
    if formula and cell.get(_OD_OFFICE + "value-type") is None:
        return RawCell(formula=ods_to_excel(formula))
    return None


def ods_to_excel(formula: str) -> str:
    """ "of:=SUM([.F9:.F11])" -> "=SUM(F9:F11)"."""
    f = re.sub(r"^[a-z]+:", "", formula)
    f = re.sub(r"\[\$?([^\].]*)\.([^\]:]+)(?::\$?[^\].]*\.([^\]]+))?\]",
               lambda m: (m.group(1) + "!" if m.group(1) else "") + m.group(2)
               + (":" + m.group(3) if m.group(3) else ""), f)
    return f.replace(";", ",")


def _raw_xls(path: Path, sheet: str) -> dict[Coord, RawCell]:
    try:
        import xlrd
    except ImportError:  # without xlrd, error cells of .xls read as blanks (documented)
        return {}
    book = xlrd.open_workbook(str(path), on_demand=True)
    try:
        if sheet not in book.sheet_names():
            return {}
        sh = book.sheet_by_name(sheet)
        out: dict[Coord, RawCell] = {}
        for r in range(sh.nrows):
            for c in range(sh.ncols):
                cell = sh.cell(r, c)
                if cell.ctype == xlrd.XL_CELL_ERROR:
                    out[(r, c)] = RawCell(error=xlrd.error_text_from_code.get(cell.value, "#ERR"))
        return out
    finally:
        book.release_resources()


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
