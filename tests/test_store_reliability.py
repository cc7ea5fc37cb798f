"""The store under stress: a build killed in the middle of its write transaction leaves the
store as it was; two runs writing at once both succeed without duplicates or corruption."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from pathlib import Path

from report_gen.pipeline import consolidate
from report_gen.store import figures_of, open_store, record, years
from report_gen.store.db import PAUSE_ENV, PAUSE_MARKER_ENV

from tests.support.paths import ROOT, SAMPLES

# Consolidate a sample year and record it (the store part of a build, without the PDF).
RECORD_SCRIPT = """
import sys
from pathlib import Path
from report_gen.config import load_settings
from report_gen.pipeline import consolidate
from report_gen.store.attach import record_consolidation
settings = load_settings(workdir=Path(sys.argv[1]))
cons = consolidate(Path(sys.argv[2]), int(sys.argv[3]), settings)
record_consolidation(cons, Path(sys.argv[4]))
"""


def _env(pause: float | None = None, marker: Path | None = None) -> dict[str, str]:
    env = dict(os.environ)
    env.pop(PAUSE_ENV, None)
    if pause:
        env[PAUSE_ENV] = str(pause)
        env[PAUSE_MARKER_ENV] = str(marker)
    return env


def _wait_for(marker: Path, proc: subprocess.Popen, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while not marker.exists():
        assert proc.poll() is None, proc.communicate()
        assert time.monotonic() < deadline, "the write transaction never started"
        time.sleep(0.05)


def _integrity(path: Path) -> str:
    with open_store(path) as s:
        return s.conn.execute("PRAGMA integrity_check").fetchone()[0]


def test_build_killed_while_writing_leaves_store_intact(tmp_path, settings):
    path = tmp_path / "h.sqlite"
    with open_store(path) as s:
        record(s, figures_of(consolidate(SAMPLES / "2011", 2011, settings)))
        before = s.counts()
    marker = tmp_path / "in-transaction"
    proc = subprocess.Popen(
        [sys.executable, "-m", "report_gen", "build", str(SAMPLES / "2012"), "--year", "2012",
         "--out", str(tmp_path / "out"), "--store", str(path)],
        cwd=tmp_path, env=_env(pause=120, marker=marker),
        stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    try:
        _wait_for(marker, proc)
        # the outputs are written; the 2012 rows are inserted but not committed
        assert (tmp_path / "out" / "tong_hop_2012.json").exists()
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.communicate()
    assert proc.returncode == -signal.SIGKILL
    assert _integrity(path) == "ok"
    with open_store(path) as s:
        assert s.counts() == before
        assert [y.year for y in years(s)] == [2011]
        # the store is not left locked: the next run records normally
        assert record(s, figures_of(consolidate(SAMPLES / "2012", 2012, settings))).new_build


def test_two_runs_at_once(tmp_path):
    path = tmp_path / "h.sqlite"
    marker = tmp_path / "first-in-transaction"
    args = [sys.executable, "-c", RECORD_SCRIPT, str(ROOT / "tests"), str(SAMPLES / "2012"),
            "2012", str(path)]
    first = subprocess.Popen(args, cwd=tmp_path, env=_env(pause=3, marker=marker),
                             stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    _wait_for(marker, first)
    # the first holds the write lock; the second must wait for it, then find its rows
    second = subprocess.Popen(args, cwd=tmp_path, env=_env(),
                              stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    third = subprocess.Popen(args[:-3] + [str(SAMPLES / "2011"), "2011", str(path)],
                             cwd=tmp_path, env=_env(), stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE)
    for proc in (first, second, third):
        out, err = proc.communicate(timeout=120)
        assert proc.returncode == 0, err.decode()
    assert _integrity(path) == "ok"
    with open_store(path) as s:
        counts = s.counts()
    assert counts["build"] == 2 and counts["submission"] == 30
