"""Where fork is missing (Windows), the readers are spawned processes: same results, and a
file that kills its reader is still only that file's problem."""

import functools
import os
import shutil

from report_gen import sandbox
from report_gen.intake.submission import IntakeContext, read_submission
from tests.conftest import SAMPLES


def _die(path, rel):
    if rel == "boom.xlsx":
        os.abort()  # what a parser that aborts on a crafted file does
    return rel


def test_spawned_workers_read_like_forked_ones(tmp_path, settings):
    ctx = IntakeContext(year=2012, catalogue=settings.catalogue, units=settings.units)
    paths = sorted((SAMPLES / "2012").glob("*.xlsx"))[:4]
    tasks = [(i, p, p.name) for i, p in enumerate(paths)]
    reader = functools.partial(read_submission, ctx=ctx)
    got = dict(sandbox.run_all(tasks, reader, lambda t, k: k, start_method="spawn"))
    assert [got[i].unit for i in range(4)] == [read_submission(p, p.name, ctx).unit for p in paths]
    assert all(got[i].status == "accepted" for i in range(4))


def test_a_reader_that_dies_costs_only_its_file(tmp_path):
    for name in ("a.xlsx", "boom.xlsx", "b.xlsx"):
        shutil.copy(SAMPLES / "2012" / "co_to_2012.xlsx", tmp_path / name)
    tasks = [(i, tmp_path / n, n) for i, n in enumerate(("a.xlsx", "boom.xlsx", "b.xlsx"))]
    for method in ("spawn", "fork"):
        got = dict(sandbox.run_all(tasks, _die, lambda t, k: f"failed:{k}", workers=1,
                                   start_method=method))
        assert got == {0: "a.xlsx", 1: "failed:memory", 2: "b.xlsx"}
