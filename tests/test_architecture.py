"""The shape of the code, as claims a test can check: small modules, no import cycles, one module
that forks, and every seam (outputs, checks, formats) holding modules of the same shape."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest

from tests.support.paths import ROOT

PACKAGE = ROOT / "report_gen"


def _modules() -> dict[str, Path]:
    out = {}
    for path in PACKAGE.rglob("*.py"):
        name = ".".join(path.relative_to(ROOT).with_suffix("").parts)
        out[name.removesuffix(".__init__")] = path
    return out


def _imports(path: Path, modules: dict[str, Path]) -> set[str]:
    """report_gen modules imported anywhere in `path` (in functions and TYPE_CHECKING too)."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.ImportFrom) and (node.module or "").startswith("report_gen"):
            for alias in node.names:
                name = f"{node.module}.{alias.name}"
                found.add(name if name in modules else node.module)
        elif isinstance(node, ast.Import):
            found.update(a.name for a in node.names if a.name.startswith("report_gen"))
    return {m for m in found if m in modules}


def _cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    out: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            comp = []
            while True:
                w = stack.pop()
                comp.append(w)
                if w == v:
                    break
            if len(comp) > 1:
                out.append(sorted(comp))

    for v in graph:
        if v not in index:
            visit(v)
    return out


def test_no_module_is_over_400_lines():
    sizes = {name: len(p.read_text(encoding="utf-8").splitlines())
             for name, p in _modules().items()}
    assert {n: s for n, s in sizes.items() if s > 400} == {}


def test_no_import_cycle():
    modules = _modules()
    graph = {name: _imports(path, modules) - {name} for name, path in modules.items()}
    assert _cycles(graph) == []


def test_only_the_sandbox_starts_processes():
    starts = re.compile(r"\bfork\b|get_context\(|Process\(|subprocess\.")
    found = sorted(name for name, path in _modules().items()
                   if starts.search(path.read_text(encoding="utf-8")))
    assert found and all(n.startswith("report_gen.sandbox") for n in found), found


def test_every_output_has_a_key_a_file_name_and_a_writer():
    from report_gen.outputs import output_modules
    shapes = [(m.KEY, m.FILENAME, callable(m.write)) for m in output_modules()]
    assert shapes == [("pdf", "bao_cao_{year}.pdf", True), ("html", "bao_cao_{year}.html", True),
                      ("xlsx", "tong_hop_{year}.xlsx", True), ("json", "tong_hop_{year}.json", True),
                      ("docx", "bao_cao_{year}.docx", True)]


def test_every_check_names_its_problems_and_looks_at_units_or_the_province():
    from report_gen.checks import CHECKS
    from report_gen.problems import CATALOGUE
    table = {c.__name__.rsplit(".", 1)[1]: (c.PROBLEMS, hasattr(c, "unit"), hasattr(c, "province"))
             for c in CHECKS}
    assert table == {"rules": (("rule",), True, True),
                     "register": (("model-count-mismatch",), True, False),
                     "missing": (("unit-missing",), False, True),
                     "outliers": (("value-outlier",), True, True)}
    assert all(code in CATALOGUE for problems, _u, _p in table.values() for code in problems)


@pytest.mark.parametrize("name, suffix", [("xlsx", ".xlsx"), ("xlsx", ".xlsm"), ("xls", ".xls"),
                                          ("ods", ".ods"), ("xlsb", ".xlsb")])
def test_every_format_is_found_by_its_extension(name, suffix):
    from report_gen.intake import formats
    assert formats.by_suffix(Path("bao_cao" + suffix)).name == name
