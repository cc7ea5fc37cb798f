"""The pool hands a worker its next task before the caller handles the outcome it just sent:
a slow caller (progress bar, cache) never leaves a worker idle."""

from __future__ import annotations

import time

from report_gen import sandbox


def _stamp(key: str) -> tuple[str, float]:
    """The task's key and when the worker started it (the clock is shared with the parent)."""
    return key, time.monotonic()


def test_the_next_task_starts_while_the_caller_handles_the_last_outcome():
    tasks = [(i, f"t{i}") for i in range(3)]
    handled_until: dict[int, float] = {}
    started: dict[int, float] = {}
    for key, (name, began) in sandbox.run_all(tasks, _stamp, lambda t, k: (k, 0.0), workers=1):
        assert name == f"t{key}"
        started[key] = began
        time.sleep(0.3)  # a slow caller
        handled_until[key] = time.monotonic()
    assert sorted(started) == [0, 1, 2]
    # task 1 began before the caller was done with task 0's outcome, task 2 before task 1's
    assert started[1] < handled_until[0]
    assert started[2] < handled_until[1]


def _work(key: str) -> str:
    """"crash" kills the worker, "hang" outlasts the time limit, anything else comes back."""
    import os
    if key == "crash":
        os._exit(3)
    if key == "hang":
        time.sleep(30)
    return key.upper()


def test_a_worker_holds_its_next_task_and_a_crash_gives_it_back():
    # one worker holds two tasks at a time: when it dies on the first, the second is not lost
    # and not blamed: a fresh worker reads it
    tasks = [(0, "a"), (1, "crash"), (2, "b"), (3, "c")]
    got = dict(sandbox.run_all(tasks, _work, lambda t, kind: kind, workers=1))
    assert got == {0: "A", 1: "crash", 2: "B", 3: "C"}


def test_a_stalled_task_costs_only_itself_not_the_one_queued_behind_it():
    tasks = [(0, "hang"), (1, "b")]
    got = dict(sandbox.run_all(tasks, _work, lambda t, kind: kind, workers=1, timeout=0.5))
    assert got == {0: "timeout", 1: "B"}


def _nap(seconds: float) -> float:
    time.sleep(seconds)
    return time.monotonic()


def test_the_last_tasks_are_spread_over_the_workers_not_queued_behind_one():
    # the first worker gets the long task; the last task must go to the worker that is free
    # first, not wait in the pipe of the busy one (0.5 s in all, not 0.5 + 0.3)
    t0 = time.monotonic()
    done = dict(sandbox.run_all([(0, 0.5), (1, 0.05), (2, 0.3)], _nap, lambda t, k: k,
                                workers=2))
    assert sorted(done) == [0, 1, 2]
    assert max(done.values()) - t0 < 0.76
