"""The chart drawer of a build: a child started with the build imports matplotlib while the
files are read, then draws the review's charts to SVG in one exchange, so the PDF does not wait
for matplotlib's import (report_gen.outputs.charts decides what the charts are and hands
them to the drawer given to `charts.drawing`)."""

from __future__ import annotations

from report_gen.outputs import chart_figures


def start_drawer():
    """A child that imports matplotlib now, while this process reads the files (it is most
    of the time charts take), then draws the review's charts to SVG when asked
    (report_gen.sandbox.Prestarted; in this process where no child can be started)."""
    from report_gen.sandbox import Prestarted
    return Prestarted(_drawer_setup, _svgs)


def _drawer_setup() -> None:
    """The drawer imports matplotlib at a lower priority: it takes what the reading of the
    files and the PDF renderer's set-up leave of the processor."""
    import os
    if hasattr(os, "nice"):
        os.nice(10)
    chart_figures._mpl()


_FIGURES = ("stacked_figure", "trend_figure")  # what the drawer may be asked to draw


def _svgs(specs: list[tuple[str, tuple, str]]) -> list[str]:
    """The drawer's work: the SVG of each (figure function's name, its arguments, prefix)."""
    if any(name not in _FIGURES for name, _args, _prefix in specs):
        raise ValueError("unknown figure")
    return [str(chart_figures._svg(getattr(chart_figures, name)(*args), prefix))
            for name, args, prefix in specs]
