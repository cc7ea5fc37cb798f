"""The prestarted child (the PDF renderer) does its set-up at once, returns the work's result,
and ends as soon as it is closed: a build never waits on it."""

import time

import pytest

from report_gen.sandbox import PrestartError, Prestarted


def _double(x):
    return 2 * x


def _boom(_x):
    raise ValueError("no such font")


def test_result_comes_back_and_close_does_not_wait():
    job = Prestarted(lambda: None, _double)
    job.submit(21)
    assert job.wait() == 42
    started = time.monotonic()
    job.close()
    assert time.monotonic() - started < 1.0
    assert not job._worker.proc.is_alive()


def test_unused_child_is_stopped_at_once():
    job = Prestarted(lambda: time.sleep(30), _double)  # a slow set-up nobody needs
    started = time.monotonic()
    job.close()
    assert time.monotonic() - started < 1.0


def test_failure_in_the_work_is_reported():
    job = Prestarted(lambda: None, _boom)
    job.submit(1)
    with pytest.raises(PrestartError, match="^ValueError: no such font$"):
        job.wait()
    job.close()


def test_a_child_not_started_early_starts_when_work_comes():
    job = Prestarted(lambda: None, _double, start=False)
    assert job._worker is None  # nothing forked yet
    job.submit(4)
    assert job._worker is not None and job.wait() == 8
    job.close()
    assert not job._worker.proc.is_alive()


def test_a_child_never_needed_is_never_started():
    job = Prestarted(lambda: None, _double, start=False)
    job.close()
    assert job._worker is None
