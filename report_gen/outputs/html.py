"""The review as HTML (Jinja2 templates, autoescaped): one document for the browser copy and
for WeasyPrint. Sentences of each section come from the catalogue's sandboxed templates; the
committee's own words from a Markdown file beside the inputs."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from jinja2 import Environment, PackageLoader, select_autoescape
from markdown_it import MarkdownIt
from markupsafe import Markup

from report_gen import text as vn
from report_gen.aggregate import all_unit_values
from report_gen.model import ERROR, MISSING, UNIT_REJECTED, Consolidation
from report_gen.outputs.atomic import write_text
from report_gen.outputs.charts import review_charts
from report_gen.review.figures import DETAIL_UNITS, figures
from report_gen.review.prose import (comparison_note, completeness, incomplete_figures,
                                     not_included, reorganisation_sentence, section_sentences)

# A per-unit table of more rows than this does not fit a landscape page: it may break across
# pages (its header repeats) instead of being pushed whole to the next page.
LONG_TABLE = 22
ROMAN = ["I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII"]


@dataclass
class Part:
    """A numbered part of the body: "I. KẾT QUẢ …" with its paragraphs (safe HTML)."""

    title: str
    html: Markup
    subparts: list["Part"] = field(default_factory=list)
    code: str = ""  # the catalogue section it reports, when it does


@dataclass
class Rendered:
    html: str  # for the browser: self-contained
    print_html: str  # for WeasyPrint: same body, fonts from the package's assets
    title: str
    author: str


def _env(cache: Path | None = None) -> Environment:
    """The review's template environment; with a cache folder, compiled templates are kept
    there between runs (Jinja2's bytecode cache)."""
    bytecode = None
    if cache is not None:
        from jinja2 import FileSystemBytecodeCache
        try:
            folder = Path(cache) / "templates"
            folder.mkdir(parents=True, exist_ok=True)
            bytecode = FileSystemBytecodeCache(str(folder))
        except OSError:
            bytecode = None
    env = Environment(loader=PackageLoader("report_gen", "templates"),
                      autoescape=select_autoescape(["html", "j2"]), trim_blocks=True,
                      lstrip_blocks=True, bytecode_cache=bytecode)
    env.filters["n"] = vn.number
    env.filters["signed"] = signed
    env.filters["signed_pct"] = signed_pct
    return env


def signed(x) -> str:
    """+12 / −3 / 0 for a change; "–" when unknown (the review's filters, also the Word copy's)."""
    if x is None:
        return "–"
    if x == 0:
        return "0"
    return ("+" if x > 0 else "−") + vn.number(abs(x))


def signed_pct(p: str | None) -> str:
    """ "+15,2 %" / "−3,0 %" for a change in per cent; "" when unknown."""
    return "" if p is None else (
        p if p.startswith("0,0") or p.startswith("-") else "+" + p).replace("-", "−")


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


def context(cons: Consolidation) -> dict:
    s = cons.settings
    doc = s.document
    cat = s.catalogue
    year = cons.year
    fig = figures(cons)
    results_parts = []
    typical = [m for m in cons.agg.models if m.typical]
    for section in cat.sections:
        if not any(i.section == section.code for i in cat.for_year(year)):
            continue
        results_parts.append(Part(title=section.title, html=section_sentences(cons, section),
                                  code=section.code))
    opening, commentary = _commentary_parts(cons.commentary)
    expected = fig.expected
    tables = []
    values = all_unit_values(cons.agg, cat)
    for section in cat.sections if fig.detailed else ():
        inds = [i for i in cat.for_year(year) if i.section == section.code]
        if not inds:
            continue
        rows = []
        for u in expected:
            state = cons.unit_status[u.code]
            note = {MISSING: "chưa báo cáo", UNIT_REJECTED: "tệp bị từ chối"}.get(state)
            rows.append((u.name, [values[u.code].get(i.code) for i in inds], note))
        # a total that misses a unit that sent its report: marked "*", said under the table
        short = [i for i in inds if i.code in fig.incomplete]
        tables.append({"section": section, "indicators": inds, "rows": rows,
                       "total": [cons.agg.province.get(i.code) for i in inds],
                       "marked": [i.code in fig.incomplete for i in inds],
                       "notes": [f"{i.label} {not_included(fig.incomplete[i.code], DETAIL_UNITS)}"
                                 for i in short]})
    problems = []
    for r in cons.results:
        for p in r.problems:
            if p.severity == ERROR and r.status in ("accepted", "rejected"):
                problems.append((cons.unit_name(r.unit) or r.file, r.file, p))
    subject = doc.subject.format(year=year)
    charts = review_charts(cons)
    chart_numbers = {c.key: (k, c) for k, c in enumerate(charts, start=1)}
    comparison = comparison_rows(cons)
    numbers = iter(ROMAN)
    apx = {"compare": next(numbers) if comparison else None, "units": next(numbers),
           "models": next(numbers)}
    doc_date = s.document_date(year)
    missing = [u.name for u in fig.by_state[MISSING]]
    rejected = [u.name for u in fig.by_state[UNIT_REJECTED]]
    incomplete = incomplete_figures(cons)
    province_problems = [p for p in cons.province_problems if p.code != "unit-missing"]
    data_short = bool(missing or rejected or incomplete or problems or province_problems)
    return {
        "apx": apx, "force_draft": cons.force_draft, "draft_reasons": cons.draft_reasons,
        # the draft box's first words: what keeps the review from being issued
        "draft_headline": "DỰ THẢO – số liệu chưa đầy đủ hoặc còn sai sót." if data_short
        else "DỰ THẢO – chưa đủ điều kiện ban hành.",
        "date_short": f"ngày {vn.short_date(doc_date)}",
        "charts": chart_numbers, "completeness": completeness(cons),
        "reorganisation": reorganisation_sentence(cons),
        "comparison": comparison, "previous_year": year - 1,
        "comparison_note": comparison_note(cons) if comparison else "",
        "comparison_short": [f"{i.label} {not_included(units, DETAIL_UNITS)}" for code, units
                             in fig.incomplete.items() for i in [cat.get(code)]]
        if comparison else [],
        "like_for_like": fig.basis is not None,
        "doc": doc, "year": year, "subject": subject,
        "recipients": [cat.say(r, year) for r in doc.recipients],
        "date_line": f"{doc.place}, {vn.official_date(doc_date)}",
        "draft": cons.is_draft, "missing": missing, "incomplete": incomplete,
        "rejected": rejected,
        "detailed": fig.detailed, "detail_limit": DETAIL_UNITS, "long_table": LONG_TABLE,
        "register_levels": [name for name, _code in cat.register.levels],
        "register_summary": None if fig.detailed else register_summary(cons),
        "problems": problems, "province_problems": province_problems,
        "reported": fig.reported, "expected": len(expected),
        "results_parts": results_parts, "typical": typical, "opening": opening,
        "commentary": commentary, "roman": ROMAN, "tables": tables,
        "models": cons.agg.models, "unit_name": cons.unit_name,
        "ledger": cons.results, "n": vn.number,
    }


def register_summary(cons: Consolidation) -> list[tuple[str, list[int], int]]:
    """Models by field (rows) and level (columns), for a review too large to list them all."""
    levels = [name for name, _code in cons.settings.catalogue.register.levels]
    counts: dict[str, list[int]] = {}
    for m in cons.agg.models:
        row = counts.setdefault(m.field or "Chưa ghi lĩnh vực", [0] * len(levels))
        if m.level in levels:
            row[levels.index(m.level)] += 1
    return [(field, row, sum(row)) for field, row in sorted(counts.items())]


def comparison_rows(cons: Consolidation) -> list[dict]:
    """Province figures of the year beside the previous year's, for the appendix table: like for
    like when some units have no figures this year (see comparison_note)."""
    changes = figures(cons).changes
    if not changes:
        return []
    rows = []
    cat = cons.settings.catalogue
    for section in cat.sections:
        inds = [i for i in cat.for_year(cons.year) if i.section == section.code]
        if not inds:
            continue
        rows.append({"section": section})
        for i in inds:
            c = changes[i.code]
            rows.append({"indicator": i, "current": c.current, "previous": c.previous,
                         "diff": c.diff, "pct": vn.percent(c.ratio) if c.ratio is not None
                         else None, "short": i.code in figures(cons).incomplete})
    return rows


def review_title(subject: str) -> str:
    """The review's title from its subject line: "Báo cáo kết quả … năm 2012" (the PDF's title;
    the e-mail that delivers it says "V/v báo cáo kết quả …", report_gen.deliver.message)."""
    return f"Báo cáo {subject[:1].lower()}{subject[1:]}"


def render(cons: Consolidation, ctx: dict | None = None) -> Rendered:
    """The review as HTML; `ctx` is context(cons) when the caller has it already (a build
    shares it with the Word copy)."""
    env = _env(cons.settings.cache)
    ctx = context(cons) if ctx is None else ctx
    css = resources.files("report_gen.templates").joinpath("review.css").read_text(encoding="utf-8")
    title = review_title(ctx["subject"])
    author = " ".join(cons.settings.document.issuing_body.split())
    screen = env.get_template("review.html.j2").render(**ctx, css=Markup(css), fonts=False,
                                                       title=title, author=author)
    printed = env.get_template("review.html.j2").render(**ctx, css=Markup(css), fonts=True,
                                                        title=title, author=author)
    return Rendered(html=screen, print_html=printed, title=title, author=author)


KEY = "html"
FILENAME = "bao_cao_{year}.html"


def write(job, path: Path) -> None:
    write_html(job.document, path)


def write_html(document: Rendered, path: Path) -> None:
    write_text(path, document.html)
