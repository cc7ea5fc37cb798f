"""The review as HTML (Jinja2 templates, autoescaped): one document for the browser copy and
for WeasyPrint. Sentences of each section come from the catalogue's sandboxed templates; the
committee's own words from a Markdown file beside the inputs."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape
from jinja2.sandbox import SandboxedEnvironment
from markdown_it import MarkdownIt
from markupsafe import Markup

from report_gen import text as vn
from report_gen.aggregate import unit_values
from report_gen.writers.atomic import write_text

ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]


@dataclass
class Part:
    """A numbered part of the body: "I. KẾT QUẢ …" with its paragraphs (safe HTML)."""

    title: str
    html: Markup
    subparts: list["Part"] = field(default_factory=list)


@dataclass
class Rendered:
    html: str  # for the browser: self-contained
    print_html: str  # for WeasyPrint: same body, fonts from the package's assets
    title: str
    author: str


def _env() -> Environment:
    env = Environment(loader=PackageLoader("report_gen", "templates"),
                      autoescape=select_autoescape(["html", "j2"]), trim_blocks=True,
                      lstrip_blocks=True)
    env.filters["n"] = vn.number
    return env


def _sentence_env() -> SandboxedEnvironment:
    return SandboxedEnvironment(autoescape=True)


def section_sentences(cons, section) -> Markup:
    """The section's summary template filled with the province figures."""
    v = cons.agg.province
    active = set(cons.settings.catalogue.codes(cons.year))
    communes = sum(u.communes for u in cons.settings.units.active(cons.year))
    previous = getattr(cons, "previous", None) or {}

    def fmt(x, unit):
        return vn.quantity(x, unit)

    def cmp(code):
        ind = cons.settings.catalogue.get(code)
        phrase = vn.compare(v.get(code), previous.get(code), ind.unit if ind else "",
                            cons.year - 1) if previous else ""
        return f" ({phrase})" if phrase and not phrase.startswith("(") else (f" {phrase}" if phrase else "")

    def share(code):
        x = v.get(code)
        if x is None or not communes:
            return ""
        return "bằng " + vn.percent(x / communes)

    template = _sentence_env().from_string(section.summary)
    text = template.render(v=_Values(v), fmt=fmt, cmp=cmp, share=share, active=active)
    return Markup(text)


class _Values(dict):
    """Province figures for templates: a code that is not on the form reads as None."""

    def __getattr__(self, name):
        return self.get(name)


def _commentary_parts(markdown: str | None) -> tuple[Markup, list[Part]]:
    """Markdown -> (opening paragraphs, parts by "# heading"). Raw HTML is not allowed."""
    if not markdown:
        return Markup(""), []
    md = MarkdownIt("commonmark", {"html": False, "linkify": False})
    opening: list[str] = []
    parts: list[tuple[str, list[str]]] = []
    for line in markdown.splitlines():
        m = re.match(r"^#\s+(.*)$", line)
        if m:
            parts.append((m.group(1).strip(), []))
        elif parts:
            parts[-1][1].append(line)
        else:
            opening.append(line)
    render = lambda lines: Markup(md.render(_subheadings("\n".join(lines))))  # noqa: E731
    return render(opening), [Part(title=t, html=render(body)) for t, body in parts]


def _subheadings(text: str) -> str:
    """ "## X" inside a part becomes a bold numbered line "1. X" as in official documents."""
    n = 0

    def repl(m):
        nonlocal n
        n += 1
        return f"**{n}. {m.group(1).strip()}**"
    return re.sub(r"^##\s+(.*)$", repl, text, flags=re.M)


def context(cons) -> dict:
    s = cons.settings
    doc = s.document
    cat = s.catalogue
    year = cons.year
    results_parts = []
    typical = [m for m in cons.agg.models if m.typical]
    for section in cat.sections:
        if not any(i.section == section.code for i in cat.for_year(year)):
            continue
        results_parts.append(Part(title=section.title, html=section_sentences(cons, section)))
    opening, commentary = _commentary_parts(cons.commentary)
    units = s.units
    expected = units.active(year)
    tables = []
    for section in cat.sections:
        inds = [i for i in cat.for_year(year) if i.section == section.code]
        if not inds:
            continue
        rows = []
        for u in expected:
            vals = unit_values(cons.agg, u.code, cat)
            rows.append((u.name, [vals.get(i.code) for i in inds], u.code in cons.agg.missing_units))
        tables.append({"section": section, "indicators": inds, "rows": rows,
                       "total": [cons.agg.province.get(i.code) for i in inds]})
    problems = []
    for r in cons.results:
        for p in r.problems:
            if p.severity == "error" and r.status in ("accepted", "rejected"):
                problems.append((cons.unit_name(r.unit) or r.file, r.file, p))
    subject = doc.subject.format(year=year)
    return {
        "doc": doc, "year": year, "subject": subject,
        "date_line": f"{doc.place}, {vn.official_date(s.document_date(year))}",
        "draft": cons.is_draft, "missing": [units.get(c).name for c in cons.agg.missing_units],
        "problems": problems, "province_problems": [p for p in cons.province_problems
                                                    if p.code != "unit-missing"],
        "reported": len(cons.agg.reported_units), "expected": len(expected),
        "results_parts": results_parts, "typical": typical, "opening": opening,
        "commentary": commentary, "roman": ROMAN, "tables": tables,
        "models": cons.agg.models, "unit_name": cons.unit_name,
        "ledger": cons.results, "n": vn.number,
    }


def render(cons) -> Rendered:
    env = _env()
    ctx = context(cons)
    css = resources.files("report_gen.templates").joinpath("review.css").read_text(encoding="utf-8")
    title = f"Báo cáo {ctx['subject'][0].lower()}{ctx['subject'][1:]}"
    author = cons.settings.document.issuing_body
    screen = env.get_template("review.html.j2").render(**ctx, css=Markup(css), fonts=False,
                                                       title=title, author=author)
    printed = env.get_template("review.html.j2").render(**ctx, css=Markup(css), fonts=True,
                                                        title=title, author=author)
    return Rendered(html=screen, print_html=printed, title=title, author=author)


def write_html(document: Rendered, path: Path) -> None:
    write_text(path, document.html)
