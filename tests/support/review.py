"""Helpers of the review tests (issue 5): the 2012 sample consolidated with 2011 as its
previous year, and a reader of word boxes from pdftotext -bbox."""

from __future__ import annotations

import html
import re
import shutil
import subprocess
from dataclasses import dataclass
from pathlib import Path

from tests.support.paths import SAMPLES

MM = 72 / 25.4  # PDF points per millimetre


def consolidate_with_history(settings, year: int = 2012, folder: Path | None = None,
                             force_draft: bool = False):
    """consolidate(sample year) with the previous year's province figures filled in, as the
    history store (issue 4) will do."""
    from report_gen.pipeline import consolidate
    prev = consolidate(SAMPLES / str(year - 1), year - 1, settings)
    cons = consolidate(folder or SAMPLES / str(year), year, settings, force_draft=force_draft)
    cons.previous = dict(prev.agg.province)
    cons.history = {year - 1: dict(prev.agg.province)}
    return cons, prev


def consolidate_new_map(settings, folder: Path | None = None):
    """The 2025 sample (the map of 1/7/2025) consolidated with 2024 as its past, as a build
    after `build 2024` reads it from the history store: province figures and each unit's."""
    from report_gen.aggregate import all_unit_values
    from report_gen.pipeline import consolidate
    from report_gen.store.attach import Past
    prev = consolidate(SAMPLES / "2024", 2024, settings)
    units = {code: dict(values) for code, values in
             all_unit_values(prev.agg, prev.settings.catalogue).items()
             if code in prev.agg.reported_units}
    past = Past(year=2025, province={2024: dict(prev.agg.province)}, units=units)
    return consolidate(folder or SAMPLES / "2025", 2025, settings, past=past), prev


def write_review(cons, out: Path):
    from report_gen.outputs import html as html_writer
    from report_gen.outputs import pdf_render as pdf
    out.mkdir(parents=True, exist_ok=True)
    doc = html_writer.render(cons)
    html_writer.write_html(doc, out / f"bao_cao_{cons.year}.html")
    pdf.write_pdf(doc, out / f"bao_cao_{cons.year}.pdf")
    return doc, out / f"bao_cao_{cons.year}.html", out / f"bao_cao_{cons.year}.pdf"


@dataclass
class Word:
    text: str
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def cx(self) -> float:
        return (self.x0 + self.x1) / 2


@dataclass
class Page:
    number: int
    width: float
    height: float
    words: list[Word]

    @property
    def landscape(self) -> bool:
        return self.width > self.height

    def find(self, text: str) -> list[Word]:
        return [w for w in self.words if w.text == text]

    def line_of(self, first: Word, tol: float = 2.0) -> list[Word]:
        return sorted((w for w in self.words if abs(w.y0 - first.y0) < tol), key=lambda w: w.x0)

    def text(self) -> str:
        return " ".join(w.text for w in self.words)


def pdf_words(pdf: Path) -> list[Page]:
    if not shutil.which("pdftotext"):
        import pytest
        pytest.skip("pdftotext (poppler-utils) is not installed")
    out = subprocess.run(["pdftotext", "-bbox", str(pdf), "-"], check=True,
                         capture_output=True, text=True).stdout
    pages = []
    for k, m in enumerate(re.finditer(r'<page width="([\d.]+)" height="([\d.]+)">(.*?)</page>',
                                      out, re.S), start=1):
        words = [Word(html.unescape(w.group(5)), float(w.group(1)), float(w.group(2)),
                      float(w.group(3)), float(w.group(4)))
                 for w in re.finditer(r'<word xMin="([\d.]+)" yMin="([\d.]+)" xMax="([\d.]+)" '
                                      r'yMax="([\d.]+)">(.*?)</word>', m.group(3))]
        pages.append(Page(k, float(m.group(1)), float(m.group(2)), words))
    return pages
