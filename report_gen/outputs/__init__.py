"""Outputs: one module per output of `build`, named in `OUTPUTS` in the order they are written.

Each output module defines `KEY` (the name in BuildOutputs and the CLI's list), `FILENAME` (with
"{year}") and `write(job, path)`, which writes the file and returns None, or a function to call
once the other outputs are written (an output finished in the background, such as the PDF).
The outputs the configuration can turn off are in `enabled_names` ([outputs], read by
report_gen.outputs.options without importing the outputs). A build imports each output only when
it writes it: the PDF, first, starts rendering before the others' libraries load.
Adding an output is one new module here and its name in `OUTPUTS`. The figures outputs share
(comparisons, timeliness, states) come from report_gen.review, never recomputed here.

Other outputs belong to their commands: `form.py` (template) and `feedback.py` (check)."""

from __future__ import annotations

import importlib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from types import ModuleType

from report_gen.config import Settings
from report_gen.model import Consolidation
from report_gen.sandbox import Prestarted

# Module names under report_gen.outputs, imported only by a build (a check needs none of them).
OUTPUTS = ["pdf", "html", "xlsx", "jsonout", "docx"]


def enabled_names(settings: Settings) -> list[str]:
    """The names in OUTPUTS the configuration leaves on; ConfigError for a wrong [outputs]."""
    from report_gen.outputs.options import DocxSettings
    off = set() if DocxSettings.from_settings(settings).enabled else {"docx"}
    return [name for name in OUTPUTS if name not in off]


def load(name: str) -> ModuleType:
    return importlib.import_module(f"report_gen.outputs.{name}")


def output_modules(settings: Settings | None = None) -> list[ModuleType]:
    """The output modules; with `settings`, only those it leaves on."""
    return [load(name) for name in (OUTPUTS if settings is None else enabled_names(settings))]


@dataclass
class BuildJob:
    """What the outputs of one build share: the consolidation, the review rendered once, and
    the PDF renderer started before intake."""

    cons: Consolidation
    out_dir: Path
    renderer: Prestarted

    @cached_property
    def review(self) -> dict:
        """The review's content (report_gen.outputs.html.context): figures, prose, tables and
        charts, shared by the HTML and the Word copy."""
        from report_gen.outputs.html import context
        return context(self.cons)

    @cached_property
    def document(self):
        """The review as HTML (report_gen.outputs.html.Rendered), for the browser and the PDF."""
        from report_gen.outputs.html import render
        return render(self.cons, self.review)


def start_renderer(early: bool = True) -> Prestarted:
    """The PDF renderer, started now on the other core: it imports WeasyPrint while this process
    reads the files, then renders while this one writes the workbook and JSON. Not `early`:
    started only if there is a PDF to render (a re-run whose PDF is likely current)."""
    return Prestarted(_import_pdf_renderer, _render_pdf, start=early)


def _import_pdf_renderer() -> None:
    import report_gen.outputs.pdf_render  # noqa: F401 - WeasyPrint's import is a good part of a build


def _render_pdf(payload: tuple[str, str]) -> None:
    from types import SimpleNamespace

    from report_gen.outputs import pdf_render
    html, target = payload
    pdf_render.write_pdf(SimpleNamespace(print_html=html), Path(target))
