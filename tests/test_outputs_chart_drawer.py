"""A build draws its charts in a child started at once (it imports matplotlib while the files
are read), so the PDF is not kept waiting for matplotlib's import."""

from __future__ import annotations

import json
import re
import subprocess
import sys

from report_gen.outputs import charts
from report_gen.outputs import drawer as drawer_mod
from tests.support.paths import ROOT, SAMPLES

_BUILD_WITHOUT_WORD = """
import dataclasses, json, sys
from pathlib import Path
from report_gen.config import load_settings
from report_gen.pipeline import build
settings = load_settings(config=None, workdir=Path(sys.argv[1]))
settings = dataclasses.replace(settings, cache=None,
                               extra={**settings.extra, "outputs": {"docx": False}})
cons, out = build(Path(sys.argv[2]), 2012, settings, Path(sys.argv[3]), record=False)
print(json.dumps({"matplotlib": "matplotlib" in sys.modules, "html": str(out.html)}))
"""


def test_the_charts_are_drawn_by_the_drawer_not_by_the_build(tmp_path):
    """Without the Word copy (whose PNG charts are drawn here, while the PDF renders) the
    build process never imports matplotlib, and the review still has its charts."""
    done = subprocess.run([sys.executable, "-c", _BUILD_WITHOUT_WORD, str(ROOT / "tests"),
                           str(SAMPLES / "2012"), str(tmp_path / "out")],
                          capture_output=True, text=True, check=True, cwd=tmp_path)
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert report["matplotlib"] is False
    html = open(report["html"], encoding="utf-8").read()
    assert len(re.findall(r"<svg\b", html)) >= 2
    assert "Mô hình tự quản về ANTT theo cấp và đơn vị, năm 2012" in html


def test_the_drawer_draws_what_this_process_would(built_2012, settings):
    """Same SVG from the child as drawn here (the review reads the same either way)."""
    cons = built_2012[0]
    specs = [(c.plot[0], c.plot[1], c.key) for c in charts.review_charts(cons)]
    here = [str(charts._svg(fn(*args), prefix)) for fn, args, prefix in specs]
    drawer = drawer_mod.start_drawer()
    try:
        with charts.drawing(drawer):
            drawn = charts.drawn_by_drawer(specs)
    finally:
        drawer.close()
    assert drawn == here


def test_a_failed_drawer_leaves_the_drawing_to_this_process(built_2012):
    class Broken:
        def submit(self, payload):
            pass

        def wait(self):
            from report_gen.sandbox import PrestartError
            raise PrestartError("worker died (exit code -9)")

    cons = built_2012[0]
    specs = [(c.plot[0], c.plot[1], c.key) for c in charts.review_charts(cons)]
    with charts.drawing(Broken()):
        assert charts.drawn_by_drawer(specs) is None
        assert charts._DRAWER.get() is None  # used once: the next charts are drawn here
    drawn = charts._draw_all(cons, specs)
    assert [str(svg)[:4] for svg, _fig in drawn] == ["<svg"] * len(specs)


def test_the_drawer_draws_only_the_review_s_figures():
    import pytest
    with pytest.raises(ValueError, match="unknown figure"):
        drawer_mod._svgs([("_mpl", (), "x")])
