"""Charts of the review: matplotlib drawn to SVG with the text kept as text (svg.fonttype
"none"), set in the document's serif font, and inlined into the HTML (no external files), so
the browser copy and the PDF show the same charts.

matplotlib is imported lazily (pyplot never: it costs a second and a GUI backend) and each
chart is one small Figure saved once."""

from __future__ import annotations

import re
from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from functools import lru_cache
from io import StringIO
from pathlib import Path
from typing import Iterator

from markupsafe import Markup

from report_gen import text as vn
from report_gen.review.figures import figures

FONTS = Path(__file__).resolve().parent.parent / "assets" / "fonts"
# What the SVG text asks for: the PDF's embedded face first, then what a browser has.
CSS_FAMILY = "ReviewSerif, 'Times New Roman', 'Liberation Serif', Tinos, serif"
INK = "#000000"
# Dark to light, readable when printed in black and white.
SHADES = ["#1d3557", "#457b9d", "#a8c5da", "#e3ecf3"]
CM = 1 / 2.54
# Above this many units a chart of one bar per unit shows only the ENDS units at either end.
MAX_BARS = 24
ENDS = 10


PENDING = Markup("")  # a chart's SVG until it is drawn


@dataclass
class Chart:
    """One figure of the review: its title (shown above it), the SVG, and its source line."""

    key: str
    title: str
    svg: Markup
    source: str
    # What drew it (a figure function and its arguments), to draw it as PNG (chart_png), and
    # the matplotlib Figure when drawn in this run (None when the SVG came from the cache).
    plot: tuple = ()
    figure: object = None


@lru_cache(maxsize=1)
def _mpl():
    import matplotlib
    matplotlib.use("svg", force=False)
    from matplotlib import font_manager
    from matplotlib.figure import Figure
    from matplotlib.ticker import FuncFormatter, MaxNLocator
    for ttf in sorted(FONTS.glob("LiberationSerif-*.ttf")):
        font_manager.fontManager.addfont(str(ttf))
    rc = {
        "font.family": "Liberation Serif", "font.size": 9, "svg.fonttype": "none",
        "svg.hashsalt": "report-gen", "axes.edgecolor": INK, "axes.labelcolor": INK,
        "xtick.color": INK, "ytick.color": INK, "text.color": INK, "axes.linewidth": 0.6,
        "xtick.major.width": 0.6, "ytick.major.width": 0.6, "legend.frameon": False,
        "axes.spines.top": False, "axes.spines.right": False,
    }
    return matplotlib, Figure, FuncFormatter, MaxNLocator, rc


def _svg(fig, prefix: str) -> Markup:
    matplotlib = _mpl()[0]
    buf = StringIO()
    with matplotlib.rc_context(_mpl()[4]):
        fig.savefig(buf, format="svg", metadata={"Date": None, "Creator": None})
    out = buf.getvalue()
    out = out[out.index("<svg"):]  # no XML declaration nor DOCTYPE inside HTML
    out = re.sub(r"<metadata>.*?</metadata>\s*", "", out, flags=re.S)
    out = re.sub(r"font-family:\s*'?Liberation Serif'?", f"font-family: {CSS_FAMILY}", out)
    out = re.sub(r"font:\s*([^;\"]*?)\s*'Liberation Serif'",
                 lambda m: f"font: {m.group(1)} {CSS_FAMILY}", out)
    # Several SVGs share one HTML document: drop the ids nothing refers to, and prefix the rest.
    used = set(re.findall(r'(?:url\(#|href="#)([^")]+)', out))
    out = re.sub(r'\sid="([^"]+)"', lambda m: f' id="{prefix}-{m.group(1)}"'
                 if m.group(1) in used else "", out)
    out = re.sub(r'(url\(#|href="#)([^")]+)', lambda m: f"{m.group(1)}{prefix}-{m.group(2)}", out)
    out = out.replace("<svg ", '<svg role="img" ', 1)
    return Markup(out)


def _fig(width_cm: float, height_cm: float):
    matplotlib, Figure, *_rest, rc = _mpl()
    with matplotlib.rc_context(rc):
        fig = Figure(figsize=(width_cm * CM, height_cm * CM))
    return fig


def _vn_formatter():
    FuncFormatter = _mpl()[2]
    return FuncFormatter(lambda x, _pos: vn.number(x))


def stacked_by_unit(labels: list[str], series: list[tuple[str, list[float]]],
                    unit_label: str, prefix: str = "bar") -> Markup:
    """Horizontal stacked bars, one per unit (top to bottom in list order), with totals."""
    return _svg(stacked_figure(labels, series, unit_label), prefix)


def stacked_figure(labels: list[str], series: list[tuple[str, list[float]]], unit_label: str):
    """The Figure of stacked_by_unit (drawn once, saved as SVG and, for the Word copy, PNG)."""
    matplotlib, _Figure, _F, MaxNLocator, rc = _mpl()
    height = 2.1 + 0.5 * len(labels)
    fig = _fig(16, height)
    with matplotlib.rc_context(rc):
        ax = fig.add_axes((0.17, 1.1 / height, 0.79, 1 - 2.0 / height))
        y = list(range(len(labels)))[::-1]
        left = [0.0] * len(labels)
        for (name, values), colour in zip(series, SHADES):
            ax.barh(y, values, left=left, height=0.62, color=colour, edgecolor=INK,
                    linewidth=0.3, label=name)
            left = [a + b for a, b in zip(left, values)]
        top = max(left) if left and max(left) > 0 else 1
        for yy, total in zip(y, left):
            if total:
                ax.text(total + top * 0.01, yy, vn.number(total), va="center", fontsize=8)
        ax.set_yticks(y, labels)
        ax.set_xlim(0, top * 1.08)
        ax.xaxis.set_major_locator(MaxNLocator(integer=True))
        ax.xaxis.set_major_formatter(_vn_formatter())
        ax.set_xlabel(unit_label)
        ax.tick_params(axis="y", length=0)
        ax.legend(loc="lower center", bbox_to_anchor=(0.5, 1.02), ncol=len(series), fontsize=8.5,
                  handlelength=1.2, columnspacing=1.2)
    return fig


def trend(years: list[int], panels: list[tuple[str, list[float | None]]],
          prefix: str = "trend") -> Markup:
    """Small multiples: one line per key indicator over the years on record, values labelled."""
    return _svg(trend_figure(years, panels), prefix)


def trend_figure(years: list[int], panels: list[tuple[str, list[float | None]]]):
    """The Figure of trend."""
    matplotlib, _Figure, _F, MaxNLocator, rc = _mpl()
    n = len(panels)
    cols = 2
    rows = (n + cols - 1) // cols
    fig = _fig(16, 4.4 * rows)
    with matplotlib.rc_context(rc):
        axes = fig.subplots(rows, cols, squeeze=False)
        fig.subplots_adjust(left=0.09, right=0.97, top=0.9, bottom=0.1, hspace=0.65, wspace=0.3)
        for k, ax in enumerate(axes.flat):
            if k >= n:
                ax.set_visible(False)
                continue
            title, values = panels[k]
            # the years on record evenly spaced; a line joins only consecutive years (a gap
            # in the record, 2012 then 2024, is not drawn as a trend)
            pts = [(i, yr, v) for i, (yr, v) in enumerate(zip(years, values)) if v is not None]
            ys = [p[2] for p in pts]
            run: list[tuple[int, float]] = []
            for j, (i, yr, v) in enumerate(pts):
                if j and yr != pts[j - 1][1] + 1:
                    _line(ax, run)
                    run = []
                run.append((i, v))
            _line(ax, run)
            for j, (i, yr, yy) in enumerate(pts):
                before = pts[j - 1][2] if j and pts[j - 1][1] == yr - 1 else None
                after = pts[j + 1][2] if j + 1 < len(pts) and pts[j + 1][1] == yr + 1 else None
                dx, dy, ha, va = label_place(before, yy, after)
                ax.annotate(vn.number(yy), (i, yy), textcoords="offset points", xytext=(dx, dy),
                            ha=ha, va=va, fontsize=7.5, zorder=4,
                            bbox={"boxstyle": "square,pad=0.1", "fc": "white", "ec": "none"})
            ax.set_title(title, fontsize=9, loc="left")
            ax.set_xticks(range(len(years)), [str(y) for y in years])
            ax.set_xlim(-0.5, len(years) - 0.5)
            lo = min(ys) if ys else 0
            hi = max(ys) if ys else 1
            pad = (hi - lo) * 0.25 or max(hi * 0.1, 1)
            ax.set_ylim(max(0, lo - pad), hi + pad)
            ax.yaxis.set_major_locator(MaxNLocator(nbins=4))
            ax.yaxis.set_major_formatter(_vn_formatter())
    return fig


def label_place(before: float | None, value: float, after: float | None
                ) -> tuple[int, int, str, str]:
    """Where a point's value label goes (offset in points, horizontal and vertical alignment)
    so that the line through the point does not cross it: above a peak or a lone point, below
    a trough, above and to the left on a rising line (it leaves to the upper right), above and
    to the right on a falling one (it comes from the upper left)."""
    rises_in = before is not None and before < value
    falls_in = before is not None and before > value
    rises_out = after is not None and after > value
    falls_out = after is not None and after < value
    if (before is None or falls_in) and (after is None or rises_out) and (falls_in or rises_out):
        if before is None:  # the first point of a rising line
            return -5, 4, "right", "bottom"
        if after is None:   # the last point of a falling line
            return 5, 4, "left", "bottom"
        return 0, -6, "center", "top"  # a trough
    if rises_in and rises_out:
        return -5, 4, "right", "bottom"
    if falls_in and falls_out:
        return 5, 4, "left", "bottom"
    return 0, 5, "center", "bottom"  # a peak, a plateau or a lone point


def _line(ax, run: list[tuple[int, float]]) -> None:
    if run:
        ax.plot([x for x, _y in run], [y for _x, y in run], color=SHADES[0], linewidth=1.4,
                marker="o", markersize=3.5)


def _cache_path(cons, fn, args: tuple, prefix: str) -> Path | None:
    folder = cons.settings.cache
    if folder is None:
        return None
    import hashlib
    from report_gen import __version__
    key = hashlib.sha256(repr((__version__, fn.__name__, args, prefix)).encode("utf-8"))
    return Path(folder) / "charts" / f"{key.hexdigest()}.svg"


def _draw_all(cons, specs: list[tuple]) -> list[tuple[Markup, object]]:
    """(SVG, Figure) of each chart (fn, args, prefix): from the re-run cache folder when an
    earlier run drew it (matplotlib is then not even imported; Figure None), else drawn by
    the build's chart drawer when one is started (start_drawer; Figure None: chart_png draws
    again), else here, with the Figure for chart_png."""
    out: list[tuple[Markup, object] | None] = [None] * len(specs)
    paths = [_cache_path(cons, *spec) for spec in specs]
    todo = []
    for k, path in enumerate(paths):
        if path is not None:
            try:
                out[k] = Markup(path.read_text(encoding="utf-8")), None
                continue
            except OSError:
                pass
        todo.append(k)
    drawn = _drawn_by_drawer([specs[k] for k in todo]) if todo else None
    for n, k in enumerate(todo):
        if drawn is not None:
            out[k] = Markup(drawn[n]), None
        else:
            fn, args, prefix = specs[k]
            fig = fn(*args)
            out[k] = _svg(fig, prefix), fig
        if paths[k] is not None:
            try:
                from report_gen.outputs.atomic import write_text
                write_text(paths[k], str(out[k][0]))
            except OSError:
                pass
    return out  # type: ignore[return-value]


# The chart drawer of the build in progress (start_drawer), used once: set by `drawing`.
_DRAWER: ContextVar[object | None] = ContextVar("chart_drawer", default=None)


def start_drawer():
    """A child that imports matplotlib now, while this process reads the files (it is most
    of the time charts take), then draws the review's charts to SVG when asked
    (report_gen.sandbox.Prestarted: in this process where fork is missing)."""
    from report_gen.sandbox import Prestarted
    return Prestarted(_drawer_setup, _svgs)


def _drawer_setup() -> None:
    """The drawer imports matplotlib at a lower priority: on a re-run the charts come from the
    cache and it is never asked, so it must not slow the build down meanwhile."""
    import os
    if hasattr(os, "nice"):
        os.nice(10)
    _mpl()


@contextmanager
def drawing(drawer) -> Iterator[None]:
    """Charts drawn within this block go to `drawer` (start_drawer)."""
    token = _DRAWER.set(drawer)
    try:
        yield
    finally:
        _DRAWER.reset(token)


_FIGURES = ("stacked_figure", "trend_figure")  # what the drawer may be asked to draw


def _svgs(specs: list[tuple[str, tuple, str]]) -> list[str]:
    """The drawer's work: the SVG of each (figure function's name, its arguments, prefix)."""
    if any(name not in _FIGURES for name, _args, _prefix in specs):
        raise ValueError("unknown figure")
    return [str(_svg(globals()[name](*args), prefix)) for name, args, prefix in specs]


def _drawn_by_drawer(specs: list[tuple]) -> list[str] | None:
    """The SVGs of `specs` drawn by the build's drawer; None when there is none, it was used
    already, or it failed (the charts are then drawn here)."""
    drawer = _DRAWER.get()
    if drawer is None:
        return None
    _DRAWER.set(None)  # one job per drawer
    from report_gen.sandbox import PrestartError
    try:
        drawer.submit([(fn.__name__, args, prefix) for fn, args, prefix in specs])
        svgs = drawer.wait()
    except PrestartError:
        return None
    return svgs if isinstance(svgs, list) and len(svgs) == len(specs) else None


def chart_png(cons, chart: Chart, dpi: int) -> bytes:
    """The chart drawn as PNG at `dpi` (for the Word copy), from the re-run cache folder when
    an earlier run drew it (as _draw does for the SVG); the Figure of the SVG when there is one."""
    import hashlib
    from io import BytesIO

    from report_gen import __version__
    figure, args = chart.plot
    key = hashlib.sha256(repr((__version__, figure.__name__, args, dpi)).encode("utf-8"))
    folder = cons.settings.cache
    path = Path(folder) / "charts" / f"{key.hexdigest()}.png" if folder is not None else None
    if path is not None and path.is_file():
        return path.read_bytes()
    buf = BytesIO()
    with _mpl()[0].rc_context(_mpl()[4]):
        (chart.figure or figure(*args)).savefig(buf, format="png", dpi=dpi,
                                                metadata={"Software": None})
    png = buf.getvalue()
    if path is not None:
        try:
            from report_gen.outputs.atomic import write_bytes
            write_bytes(path, png)
        except OSError:
            pass
    return png


def review_charts(cons) -> list[Chart]:
    """The charts of one review, in the order they appear; a chart without data is left out."""
    cat = cons.settings.catalogue
    year = cons.year
    codes = set(cat.codes(year))
    units = cons.settings.units.active(year)
    table = cons.agg.table
    fig = figures(cons)
    source = f"Nguồn: tổng hợp từ báo cáo của {fig.reported}/{len(units)} đơn vị, năm {year}."
    charts: list[Chart] = []

    def col(code: str, subset) -> list[float]:
        return [float(table.at[u.code, code]) if code in table.columns
                and not _isna(table.at[u.code, code]) else 0.0 for u in subset]

    levels = [(name, code) for name, code in cat.register.levels if code in codes]
    reported = [u for u in units if u.code in cons.agg.reported_units]
    if not fig.detailed:
        reported = []  # one bar per unit is unreadable at this size: the workbook has them
    if levels and reported:
        series = [(f"Cấp {name}", col(code, reported)) for name, code in levels]
        title = f"Mô hình tự quản về ANTT theo cấp và đơn vị, năm {year}"
        shown = reported
        if len(reported) > MAX_BARS:  # a ranking of 55 bars is unreadable: the ends of it
            totals = [sum(v[k] for _n, v in series) for k in range(len(reported))]
            order = sorted(range(len(reported)), key=lambda k: (-totals[k], k))
            picked = order[:ENDS] + order[-ENDS:]
            shown = [reported[k] for k in picked]
            series = [(name, [v[k] for k in picked]) for name, v in series]
            title = (f"Mô hình tự quản về ANTT theo cấp: {ENDS} đơn vị có nhiều mô hình nhất và "
                     f"{ENDS} đơn vị có ít mô hình nhất, năm {year}")
        if any(sum(v) for _n, v in series):
            args = ([u.short for u in shown], series, "mô hình")
            charts.append(Chart(
                key="models", title=title, svg=PENDING, plot=(stacked_figure, args),
                source=source if shown is reported else
                f"{source[:-1]}; số mô hình của cả {len(reported)} đơn vị ở bảng tổng hợp Excel."))

    grades = [(label, code) for label, code in cat.classification if code in codes]
    graded = [u for u in reported if u.communes]
    communes = cat.words_of(year).get("communes", "xã, phường, thị trấn")
    if grades and graded and all(u.communes == 1 for u in graded):
        # units that answer for themselves: how many of them in each grade
        counts = [float(cons.agg.province.get(code) or 0) for _label, code in grades]
        if any(counts):
            args = ([label for label, _c in grades], [(f"Số {communes}", counts)], communes)
            charts.append(Chart(
                key="classification", svg=PENDING, plot=(stacked_figure, args),
                title=f"Phân loại phong trào ở {communes}, năm {year}",
                source=source))
    elif grades and graded:
        series = [(label, col(code, graded)) for label, code in grades]
        if any(sum(v) for _n, v in series):
            args = ([u.short for u in graded], series, communes)
            charts.append(Chart(
                key="classification", svg=PENDING, plot=(stacked_figure, args),
                title=f"Phân loại phong trào ở {communes} theo đơn vị, năm {year}",
                source=source))

    history = {int(y): dict(v) for y, v in cons.history.items()}
    if cons.previous and year - 1 not in history:
        history[year - 1] = dict(cons.previous)
    history[year] = dict(cons.agg.province)
    years = sorted(y for y in history if y <= year)
    key = [(c, t) for c, t in cat.trend if c in codes]
    if len(years) >= 2 and key:
        panels = []
        # counts of communes over years whose number of communes differs (a new map): shares
        shares = len({_communes(cons, y) for y in years}) > 1
        for c, short in key:
            if shares and cat.get(c).of == "communes":
                panels.append((f"{short} (tỷ lệ %)",
                               [_share(history[y].get(c), _communes(cons, y)) for y in years]))
                continue
            panels.append((f"{short} ({cat.get(c).unit})", [history[y].get(c) for y in years]))
        charts.append(Chart(
            key="trend", title=f"Một số chỉ tiêu chủ yếu qua các năm {years[0]}–{years[-1]}",
            svg=PENDING, plot=(trend_figure, (years, panels)),
            source=f"Nguồn: số liệu toàn tỉnh các năm {years[0]}–{years[-1]} đã lưu."))
    # drawn together: by the build's drawer in one exchange when there is one
    drawn = _draw_all(cons, [(c.plot[0], c.plot[1], c.key) for c in charts])
    for chart, (svg, figure) in zip(charts, drawn):
        chart.svg, chart.figure = svg, figure
    return charts




def _communes(cons, year: int) -> int:
    """The communes a year's province figures cover: this year's reporting units' (as the
    review's shares), an earlier year's every unit's."""
    units = cons.settings.units
    if year == cons.year:
        reported = set(cons.agg.reported_units)
        return sum(u.communes for u in units.active(year) if u.code in reported)
    return sum(u.communes for u in units.in_year(year).active(year))


def _share(value, communes: int) -> float | None:
    return None if value is None or not communes else round(100 * value / communes, 1)


def _isna(x) -> bool:
    try:
        import pandas as pd
        return bool(pd.isna(x))
    except (TypeError, ValueError):
        return x is None
