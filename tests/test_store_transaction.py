"""The history store records a year in one transaction (issue 18): a second connection reading
while a year is being recorded sees the store as it was, never part of the year; a process
killed between two statements of a record leaves exactly the rows that were there before."""

from __future__ import annotations

import dataclasses
import importlib
import multiprocessing
import os
import sqlite3
from pathlib import Path

import pytest

from report_gen.store import YearFigures, figures_of, open_store, record

# the module (the package's name `record` is the function)
record_module = importlib.import_module("report_gen.store.record")

# Rows after recording the 2011 sample (15 units' files, one build), counted by hand: 15
# submissions, one build; none superseded.
AFTER_2011 = {"build": 1, "submission": 15}


def _dump(path: Path) -> dict[str, list[tuple]]:
    """Every row of every table, read through a connection of its own."""
    conn = sqlite3.connect(path)
    try:
        tables = [r[0] for r in conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {t: sorted(conn.execute(f'SELECT * FROM "{t}"').fetchall(), key=repr)
                for t in tables}
    finally:
        conn.close()


@pytest.fixture
def store_2011(tmp_path, cons2011) -> Path:
    path = tmp_path / "h.sqlite"
    with open_store(path) as s:
        record(s, figures_of(cons2011))
    return path


def _as_2012(cons2011) -> YearFigures:
    """The 2011 figures presented as another year: a record that inserts rows of every kind."""
    return dataclasses.replace(figures_of(cons2011), year=2012)


def test_a_reader_never_sees_a_half_recorded_year(store_2011, cons2011, monkeypatch):
    before = _dump(store_2011)
    assert {t: len(before[t]) for t in AFTER_2011} == AFTER_2011
    reader = sqlite3.connect(store_2011)
    seen: list[tuple[int, int, int]] = []

    def look() -> None:
        seen.append(reader.execute(
            "SELECT (SELECT count(*) FROM build), (SELECT count(*) FROM submission), "
            "(SELECT count(*) FROM submission WHERE year = 2012)").fetchone())

    real_sub, real_build = record_module._insert_submission, record_module._insert_build

    def insert_submission(*args, **kwargs):
        sid = real_sub(*args, **kwargs)
        look()
        return sid

    def insert_build(*args, **kwargs):
        bid = real_build(*args, **kwargs)
        look()
        return bid

    monkeypatch.setattr(record_module, "_insert_submission", insert_submission)
    monkeypatch.setattr(record_module, "_insert_build", insert_build)
    with open_store(store_2011) as s:
        result = record(s, _as_2012(cons2011))
    assert (result.new_build, result.new_submissions) == (True, 15)
    # 15 submissions then the build were inserted; in between, the reader saw 2011 only
    assert seen == [(1, 15, 0)] * 16
    look()
    assert seen[-1] == (2, 30, 15)
    reader.close()


def _record_and_die(path: str, figures) -> None:
    """In the child: record, but end the process right after the first submission's rows."""
    real = record_module._insert_submission

    def first_then_exit(*args, **kwargs):
        real(*args, **kwargs)
        os._exit(7)  # no COMMIT, no ROLLBACK, no cleanup: as a power cut would

    record_module._insert_submission = first_then_exit
    with open_store(Path(path)) as s:
        record(s, figures)


def test_a_record_killed_between_two_statements_leaves_the_store_as_it_was(store_2011,
                                                                         cons2011):
    before = _dump(store_2011)
    child = multiprocessing.get_context("fork").Process(
        target=_record_and_die, args=(str(store_2011), _as_2012(cons2011)))
    child.start()
    child.join(timeout=60)
    assert child.exitcode == 7
    assert _dump(store_2011) == before
    with open_store(store_2011) as s:
        assert s.conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
        # not left locked: the same record succeeds afterwards
        result = record(s, _as_2012(cons2011))
        assert (result.new_build, result.new_submissions) == (True, 15)
        assert {t: n for t, n in s.counts().items() if t in AFTER_2011} == {
            "build": 2, "submission": 30}
