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
