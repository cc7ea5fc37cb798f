"""Charts of the review: which charts a review has and from which figures, drawn (by
report_gen.outputs.chart_figures) once and kept in the re-run cache; in a build, drawn by the
chart drawer started with it (report_gen.outputs.drawer)."""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

from markupsafe import Markup

from report_gen.outputs.chart_figures import _mpl, _svg, stacked_figure, trend_figure
from report_gen.review.figures import figures

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
    the build's chart drawer when one is started (outputs.drawer; Figure None: chart_png draws
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
    drawn = drawn_by_drawer([specs[k] for k in todo]) if todo else None
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


# The chart drawer of the build in progress (outputs.drawer.start_drawer), used once: set by
# `drawing`.
_DRAWER: ContextVar[object | None] = ContextVar("chart_drawer", default=None)


@contextmanager
def drawing(drawer) -> Iterator[None]:
    """Charts drawn within this block go to `drawer` (outputs.drawer.start_drawer)."""
    token = _DRAWER.set(drawer)
    try:
        yield
    finally:
        _DRAWER.reset(token)


def drawn_by_drawer(specs: list[tuple]) -> list[str] | None:
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
