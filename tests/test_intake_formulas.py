"""Formulas saved without results: evaluated the way a spreadsheet would, or refused."""

from __future__ import annotations

import pytest

from report_gen.intake.formats.ods import ods_to_excel
from report_gen.intake.formulas import FormulaError, evaluate
from report_gen.intake.read import Grid


def _grid(rows):
    return Grid(name="S", rows=rows)


def test_formula_evaluation():
    g = _grid([[1.0, 2.0, ""], [3.0, "4", "x"]])
    assert evaluate("=SUM(A1:B2)", g, {}) == 6  # text "4" is ignored by SUM
    assert evaluate("=A1+B1*2-(A2/3)", g, {}) == 4
    assert evaluate("=SUM(A1,B1,10)+C1", g, {}) == 13  # blank counts 0
    assert evaluate("=B2+1", g, {}) == 5  # a text number in arithmetic
    for bad in ("=VLOOKUP(1,A1:B2,2)", "=Sheet2!A1", "=A1/0", "=C2+1", "=A1 &"):
        with pytest.raises(FormulaError):
            evaluate(bad, g, {})
    assert ods_to_excel("of:=SUM([.F9:.F11])") == "=SUM(F9:F11)"
    assert ods_to_excel("of:=[.A1]+[.B2]*2") == "=A1+B2*2"
