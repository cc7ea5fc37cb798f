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
from report_gen.outputs.atomic import write_text
from report_gen.outputs.charts import review_charts

# Above this many units the PDF keeps to summaries: per-unit tables, the full model register and
# per-unit charts go to the workbook (tong_hop_Y.xlsx) instead; lists of names are shortened.
DETAIL_UNITS = 60
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
    env.filters["signed"] = _signed
    env.filters["signed_pct"] = lambda p: "" if p is None else (
        p if p.startswith("0,0") or p.startswith("-") else "+" + p).replace("-", "−")
    return env


def _signed(x) -> str:
    """+12 / −3 / 0 for a change; "–" when unknown."""
    if x is None:
        return "–"
    if x == 0:
        return "0"
    return ("+" if x > 0 else "−") + vn.number(abs(x))


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

    def cmp(code, unit=None):
        """ ", tăng 12 mô hình (15,2 %) so với năm 2011", ", bằng năm 2011",
        " (năm 2011 không có)" or "" when the previous year is not known."""
        ind = cons.settings.catalogue.get(code)
        phrase = vn.compare(v.get(code), previous.get(code),
                            unit or (ind.unit if ind else ""), cons.year - 1) if previous else ""
        if not phrase:
            return ""
        return f" {phrase}" if phrase.startswith("(") else f", {phrase}"

    def share(code):
        x = v.get(code)
        if x is None or not communes:
            return ""
        return "bằng " + vn.percent(x / communes)

    def change(code, unit=None):
        """The comparison as a predicate: "tăng 12 mô hình (15,2 %) so với năm 2011"."""
        phrase = cmp(code, unit)
        if phrase.startswith(" ("):
            ind = cons.settings.catalogue.get(code)
            return f"tăng {vn.quantity(v.get(code), unit or (ind.unit if ind else ''))}{phrase}"
        return phrase[2:]

    def ranking(code, what=""):
        return unit_ranking(cons, code, what)

    template = _sentence_env().from_string(section.summary)
    text = template.render(v=_Values(v), fmt=fmt, cmp=cmp, change=change, share=share,
                           ranking=ranking,
                           active=active)
    return Markup(text)


def _in_sentence(name: str) -> str:
    """ "Huyện Ba Chẽ" -> "huyện Ba Chẽ" inside a sentence."""
    return name[:1].lower() + name[1:] if name[:1].isupper() and name[1:2].islower() else name


def unit_ranking(cons, code: str, what: str = "") -> str:
    """Leading and lagging units by the share of their communes counted in `code` (e.g. the
    communes reaching "An toàn về ANTT"): a sentence, or "" when there is nothing to tell."""
    shares = []
    for u in cons.settings.units.active(cons.year):
        if not u.communes or u.code not in cons.agg.reported_units:
            continue
        x = unit_values(cons.agg, u.code, cons.settings.catalogue).get(code)
        if x is not None:
            shares.append((round(x / u.communes, 4), u))
    if len(shares) < 2:
        return ""
    hi = max(s for s, _u in shares)
    lo = min(s for s, _u in shares)
    if hi == lo:
        if hi < 1:
            return ""
        return (f" Tất cả {len(shares)} đơn vị cấp huyện đều có 100 % {what}."
                if what else f" Tất cả {len(shares)} đơn vị cấp huyện đều đạt tỷ lệ 100 %.")

    def names(level):
        group = [_in_sentence(u.name) for s, u in shares if s == level]
        return vn.join(group) if len(group) <= 4 else f"{len(group)} đơn vị"
    what = f" {what}" if what else ""
    return (f" Tỷ lệ{what} cao nhất là {names(hi)} ({vn.percent(hi)}); "
            f"thấp nhất là {names(lo)} ({vn.percent(lo)}).")


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
        results_parts.append(Part(title=section.title, html=section_sentences(cons, section),
                                  code=section.code))
    opening, commentary = _commentary_parts(cons.commentary)
    units = s.units
    expected = units.active(year)
    detailed = len(expected) <= DETAIL_UNITS
    tables = []
    for section in cat.sections if detailed else ():
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
    charts = review_charts(cons)
    figures = {}
    for k, c in enumerate(charts, start=1):
        figures[c.key] = (k, c)
    comparison = comparison_rows(cons)
    numbers = iter(ROMAN)
    apx = {"compare": next(numbers) if comparison else None, "units": next(numbers),
           "models": next(numbers)}
    doc_date = s.document_date(year)
    return {
        "apx": apx, "force_draft": cons.force_draft,
        "date_short": f"ngày {vn.short_date(doc_date)}",
        "charts": figures, "completeness": completeness(cons),
        "comparison": comparison, "previous_year": year - 1,
        "doc": doc, "year": year, "subject": subject,
        "date_line": f"{doc.place}, {vn.official_date(s.document_date(year))}",
        "draft": cons.is_draft, "missing": [units.get(c).name for c in cons.agg.missing_units],
        "detailed": detailed, "detail_limit": DETAIL_UNITS,
        "register_levels": [name for name, _code in cat.register.levels],
        "register_summary": None if detailed else register_summary(cons),
        "problems": problems, "province_problems": [p for p in cons.province_problems
                                                    if p.code != "unit-missing"],
        "reported": len(cons.agg.reported_units), "expected": len(expected),
        "results_parts": results_parts, "typical": typical, "opening": opening,
        "commentary": commentary, "roman": ROMAN, "tables": tables,
        "models": cons.agg.models, "unit_name": cons.unit_name,
        "ledger": cons.results, "n": vn.number,
    }


@dataclass
class Timeliness:
    unit: str
    date: object  # datetime.date
    late: bool
    from_file_time: bool


def register_summary(cons) -> list[tuple[str, list[int], int]]:
    """Models by field (rows) and level (columns), for a review too large to list them all."""
    levels = [name for name, _code in cons.settings.catalogue.register.levels]
    counts: dict[str, list[int]] = {}
    for m in cons.agg.models:
        row = counts.setdefault(m.field or "Chưa ghi lĩnh vực", [0] * len(levels))
        if m.level in levels:
            row[levels.index(m.level)] += 1
    return [(field, row, sum(row)) for field, row in sorted(counts.items())]


def completeness(cons) -> dict:
    """Units reported against units expected, the missing ones named, and, when a deadline is
    configured, who reported on time and who late (by the date on the report, else the file's
    modification time)."""
    import datetime as dt
    year = cons.year
    units = cons.settings.units
    expected = units.active(year)
    deadline = cons.settings.document.deadline_for(year)
    accepted = {r.unit: r for r in cons.results if r.status == "accepted" and r.unit}
    timing = []
    for u in expected:
        r = accepted.get(u.code)
        if r is None:
            continue
        when, from_file = r.report_date, False
        if when is None and r.mtime:
            when, from_file = dt.date.fromtimestamp(r.mtime), True
        if when is None or deadline is None:
            continue
        timing.append(Timeliness(unit=_in_sentence(u.name), date=when, late=when > deadline,
                                 from_file_time=from_file))
    reported = len(cons.agg.reported_units)
    sentence = (f"Đã có {reported}/{len(expected)} đơn vị gửi báo cáo số liệu năm {year} "
                f"({vn.percent(reported / len(expected)) if expected else '–'})")
    missing = [_in_sentence(units.get(c).name) for c in cons.agg.missing_units]
    if missing:
        sentence += f"; còn {len(missing)} đơn vị chưa gửi: {vn.join(missing, DETAIL_UNITS)}"
    sentence += "."
    if deadline is not None and timing:
        late = sorted((t for t in timing if t.late), key=lambda t: t.date)
        on_time = len(timing) - len(late)
        sentence += (f" Theo thời hạn ngày {vn.short_date(deadline)}, {on_time} đơn vị gửi "
                     f"đúng hạn")
        if late:
            detail = vn.join([f"{t.unit} ({vn.short_date(t.date)})" for t in late], DETAIL_UNITS)
            sentence += f", {len(late)} đơn vị gửi muộn: {detail}"
        sentence += "."
    return {"sentence": sentence, "deadline": deadline, "timing": timing, "missing": missing}


def comparison_rows(cons) -> list[dict]:
    """Province figures of the year beside the previous year's, for the appendix table."""
    previous = getattr(cons, "previous", None)
    if not previous:
        return []
    rows = []
    cat = cons.settings.catalogue
    for section in cat.sections:
        inds = [i for i in cat.for_year(cons.year) if i.section == section.code]
        if not inds:
            continue
        rows.append({"section": section})
        for i in inds:
            cur, prev = cons.agg.province.get(i.code), previous.get(i.code)
            diff = pct = None
            if cur is not None and prev is not None:
                diff = round(cur - prev, 6)
                pct = vn.percent(diff / prev) if prev else None
            rows.append({"indicator": i, "current": cur, "previous": prev, "diff": diff,
                         "pct": pct})
    return rows


def render(cons) -> Rendered:
    env = _env(getattr(cons.settings, "cache", None))
    ctx = context(cons)
    css = resources.files("report_gen.templates").joinpath("review.css").read_text(encoding="utf-8")
    title = f"Báo cáo {ctx['subject'][0].lower()}{ctx['subject'][1:]}"
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
