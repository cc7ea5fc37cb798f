"""Run work on all cores in long-lived limited workers, or one call in a limited child.

A task that kills its worker (a parser that aborts on a crafted file) or stalls it past the
time limit costs only that task: the worker is replaced and the run goes on. Workers are
long-lived (one child per worker, not per task): on a province's 15-60 files and on a nation's
10,000 the cost per file stays that of reading it."""

from __future__ import annotations

import os
import time
from contextlib import closing
from multiprocessing.connection import wait
from typing import Callable, Iterator

from report_gen.sandbox.worker import (CHILD_MEMORY_BYTES, CHILD_TIMEOUT_SECONDS, Limits, Outcome,
                                       Task, Worker, context)


class ChildFailed(Exception):
    """The child died or ran out of time; args[0] is "memory", "timeout" or "crash"."""


def default_workers() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


def run_all(tasks: list[Task], func: Callable[..., object],
            failed: Callable[[Task, str], object], workers: int | None = None,
            timeout: float = CHILD_TIMEOUT_SECONDS, mem: int = CHILD_MEMORY_BYTES,
            start_method: str | None = None,
            warm: tuple[str, ...] = ()) -> Iterator[tuple[object, object]]:
    """Yield (key, func(*args)) for every task (key, *args), in completion order. When the
    work raises, or its worker dies or stalls past `timeout`, yield (key, failed(task, kind))
    with kind "error", "memory", "timeout" or "crash". The modules named in `warm` are imported
    in this process while the workers work (report_gen.sandbox.warm).

    Workers are forked where the platform can; elsewhere (Windows) they are spawned, so `func`
    must then be picklable (a module-level function or a functools.partial of one)."""
    for task, (kind, value) in outcomes(tasks, func, workers, Limits(memory=mem), timeout,
                                        start_method, warm):
        yield task[0], (value if kind == "ok" else failed(task, kind))


def run_limited(func: Callable[[object], object], arg: object,
                timeout: float = CHILD_TIMEOUT_SECONDS, mem: int = CHILD_MEMORY_BYTES) -> object:
    """func(arg) in a child limited in memory, CPU and wall time: a pool of one worker for one
    task. Returns the result, re-raises the exception func raised, or raises ChildFailed."""
    limits = Limits(memory=mem, cpu=int(timeout) + 1)
    with closing(outcomes([(0, arg)], func, 1, limits, timeout)) as results:
        _, (kind, value) = next(results)
    if kind == "ok":
        return value
    if kind == "error":
        raise value
    raise ChildFailed(kind)


# Tasks a worker holds at once: the one it works on and the next, already in its pipe, so it
# never waits for the parent between two files (the parent may be busy: handling an outcome,
# or waiting for the interpreter while a background import runs).
DEPTH = 2


def outcomes(tasks: list[Task], func: Callable[..., object], workers: int | None,
             limits: Limits, timeout: float,
             start_method: str | None = None,
             warm: tuple[str, ...] = ()) -> Iterator[tuple[Task, Outcome]]:
    """Yield (task, Outcome) for every task, in completion order (see worker.Outcome)."""
    if not tasks:
        return
    ctx = context(start_method)
    pending = list(reversed(tasks))
    pool: list[Worker] = []

    def top_up(w: Worker) -> None:
        # a second task only while there are enough for every worker: at the end of the
        # list a task must not wait behind another while a worker is idle
        while pending and (not w.inflight or
                           (len(w.inflight) < DEPTH and len(pending) >= len(pool))):
            w.send(pending.pop())

    def start() -> Worker:
        w = Worker(ctx, func, limits)
        w.send(pending.pop() if pending else None)
        return w

    try:
        for _ in range(min(workers or default_workers(), len(tasks))):
            pool.append(start())
        for w in pool:
            top_up(w)
        if warm:
            from report_gen.sandbox.warm import warm as start_import
            start_import(warm)
        while busy := [w for w in pool if w.inflight]:
            deadline = min(w.started for w in busy) + timeout
            ready = wait([w.conn for w in busy] + [w.proc.sentinel for w in busy],
                         timeout=max(0.0, deadline - time.monotonic()))
            for w in busy:
                task = w.task
                if w.conn in ready:
                    outcome = w.receive()
                    if outcome is not None:
                        # the worker gets its next task before the caller handles this outcome
                        top_up(w)
                        yield task, outcome
                        continue
                    yield task, (w.died(), None)  # the worker died with the task: replace it
                elif w.proc.sentinel in ready:
                    yield task, (w.died(), None)
                elif time.monotonic() - w.started > timeout:
                    yield task, ("timeout", None)
                else:
                    continue
                _replace(w, pool, start, pending)
                for other in pool:
                    top_up(other)
    finally:
        for w in pool:
            try:
                w.conn.send(None)
            except OSError:
                pass
            w.retire()


def _replace(w: Worker, pool: list[Worker], start: Callable[[], Worker],
             pending: list[Task]) -> None:
    """The worker died or stalled on its current task: end it, give back the tasks it held
    after that one (they go out next), and start a fresh worker for what is left."""
    w.inflight.popleft()
    pending.extend(reversed(w.inflight))
    w.inflight.clear()
    w.retire()
    pool.remove(w)
    if pending:
        pool.append(start())
