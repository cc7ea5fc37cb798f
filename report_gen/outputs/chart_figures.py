"""The review's charts as matplotlib figures: drawn to SVG with the text kept as text
(svg.fonttype "none"), set in the document's serif font, to be inlined into the HTML (no
external files), so the browser copy and the PDF show the same charts.

matplotlib is imported lazily (pyplot never: it costs a second and a GUI backend) and each
chart is one small Figure saved once. What the charts of a review are is
report_gen.outputs.charts's to say."""

from __future__ import annotations

import re
from functools import lru_cache
from io import StringIO
from pathlib import Path

from markupsafe import Markup

from report_gen import text as vn

FONTS = Path(__file__).resolve().parent.parent / "assets" / "fonts"
# What the SVG text asks for: the PDF's embedded face first, then what a browser has.
CSS_FAMILY = "ReviewSerif, 'Times New Roman', 'Liberation Serif', Tinos, serif"
INK = "#000000"
# Dark to light, readable when printed in black and white.
SHADES = ["#1d3557", "#457b9d", "#a8c5da", "#e3ecf3"]
CM = 1 / 2.54


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
                dx, dy, ha, va = label_place(before, yy, after, first_column=i == 0)
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


def label_place(before: float | None, value: float, after: float | None,
                first_column: bool = False) -> tuple[int, int, str, str]:
    """Where a point's value label goes (offset in points, horizontal and vertical alignment)
    so that the line through the point does not cross it: above a peak or a lone point, below
    a trough, above and to the left on a rising line (it leaves to the upper right), above and
    to the right on a falling one (it comes from the upper left). A rising line that starts in
    the first column has the axis and its numbers to its left: its first label goes below and
    to the right."""
    rises_in = before is not None and before < value
    falls_in = before is not None and before > value
    rises_out = after is not None and after > value
    falls_out = after is not None and after < value
    if (before is None or falls_in) and (after is None or rises_out) and (falls_in or rises_out):
        if before is None:  # the first point of a rising line
            return (5, -4, "left", "top") if first_column else (-5, 4, "right", "bottom")
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
