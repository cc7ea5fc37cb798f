"""A re-run over the same files does not start the PDF renderer and the chart drawer early:
their output is most likely current. The guess only decides which children start early."""

from __future__ import annotations

import dataclasses
import os
import shutil
import subprocess
import sys

from report_gen.pipeline import _likely_rerun, build
from tests.support.paths import ROOT, SAMPLES


def _folder(tmp_path):
    folder = tmp_path / "2012"
    shutil.copytree(SAMPLES / "2012", folder)
    return folder


def test_the_guess(tmp_path, settings):
    folder, out = _folder(tmp_path), tmp_path / "out"
    cached = dataclasses.replace(settings, cache=tmp_path / "cache")
    assert _likely_rerun(folder, 2012, out, cached) is False  # never built
    build(folder, 2012, cached, out, record=False)
    assert _likely_rerun(folder, 2012, out, cached) is True
    assert _likely_rerun(folder, 2012, out, dataclasses.replace(cached, cache=None)) is False
    other = tmp_path / "khac"
    shutil.copytree(folder, other)
    assert _likely_rerun(other, 2012, out, cached) is False  # another folder
    sheet = folder / "co_to_2012.xlsx"
    os.utime(sheet, ns=(sheet.stat().st_atime_ns, sheet.stat().st_mtime_ns + 10**9))
    assert _likely_rerun(folder, 2012, out, cached) is False  # a file edited since
    build(folder, 2012, cached, out, record=False)
    assert _likely_rerun(folder, 2012, out, cached) is True
    pdf = out / "bao_cao_2012.pdf"
    pdf.write_bytes(pdf.read_bytes() + b"\n")
    assert _likely_rerun(folder, 2012, out, cached) is False  # the PDF changed since


_REBUILD = """
import dataclasses, json, sys
from pathlib import Path
from report_gen.config import load_settings
from report_gen import pipeline
from report_gen.outputs import drawer as drawer_mod
started = []
real_drawer = drawer_mod.start_drawer
def counted():
    started.append("drawer")
    return real_drawer()
drawer_mod.start_drawer = counted
settings = load_settings(config=None, workdir=Path(sys.argv[1]))
settings = dataclasses.replace(settings, cache=Path(sys.argv[4]))
cons, out = pipeline.build(Path(sys.argv[2]), 2012, settings, Path(sys.argv[3]), record=False)
print(json.dumps({"drawer": started, "pdf": out.pdf.stat().st_size > 0}))
"""


def test_a_rerun_starts_no_drawer_and_the_review_is_unchanged(tmp_path):
    folder = _folder(tmp_path)
    args = [sys.executable, "-c", _REBUILD, str(ROOT / "tests"), str(folder),
            str(tmp_path / "out"), str(tmp_path / "cache")]
    first = subprocess.run(args, capture_output=True, text=True, check=True, cwd=tmp_path)
    pdf = (tmp_path / "out" / "bao_cao_2012.pdf").read_bytes()
    second = subprocess.run(args, capture_output=True, text=True, check=True, cwd=tmp_path)
    assert first.stdout.strip().splitlines()[-1] == '{"drawer": ["drawer"], "pdf": true}'
    assert second.stdout.strip().splitlines()[-1] == '{"drawer": [], "pdf": true}'
    assert (tmp_path / "out" / "bao_cao_2012.pdf").read_bytes() == pdf


def test_the_command_freezes_the_garbage_collector_only_at_the_end(tmp_path):
    """`report-gen` (cli.run) ends without a last collection over every object; main(),
    which the tests call, leaves the collector alone."""
    code = ("import gc, sys\n"
            "from report_gen.cli import run, main\n"
            "sys.argv = ['report-gen']\n"
            "a = main(); before = gc.get_freeze_count()\n"
            "b = run(); print(a, before, b, gc.get_freeze_count() > 0)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True,
                          check=True, cwd=tmp_path)
    assert done.stdout.strip().splitlines()[-1] == "2 0 2 True"
