"""Start slow work early on the other core: a child does its set-up (e.g. importing WeasyPrint)
at once, then waits for its input; the parent goes on meanwhile. Where fork is not available
the work simply runs in this process when its input is given (spawning would redo the set-up
in a fresh interpreter, which is what prestarting is meant to save)."""

from __future__ import annotations

import traceback
from typing import Callable

from report_gen.sandbox.worker import Worker, can_fork, context


class PrestartError(Exception):
    """The child failed; args[0] says how (English, for the log)."""


class Prestarted:
    """One trusted job whose set-up overlaps the parent's work: submit(input), then wait()."""

    def __init__(self, setup: Callable[[], object], work: Callable[[object], object],
                 start: bool = True) -> None:
        """`start` False: the child is started only when work is submitted (when the work is
        unlikely to be needed, e.g. a re-run whose PDF is already current)."""
        self._setup = setup
        self._work = work
        self._result: object = None
        self._submitted = False
        self._worker: Worker | None = None
        if start:
            self._start()

    def _start(self) -> None:
        # limits None: trusted work, neither memory-limited nor silenced
        self._worker = Worker(context("fork"), self._work, None, self._setup) if can_fork() \
            else None

    def submit(self, payload: object) -> None:
        if self._worker is None and can_fork():
            self._start()  # not started early
        self._submitted = True
        if self._worker is None:
            self._result = self._work(payload)
        else:
            self._worker.send((0, payload))

    def wait(self) -> object:
        """The work's result; raises PrestartError when the child failed or died."""
        if self._worker is None or not self._submitted:
            return self._result
        outcome = self._worker.receive()
        if outcome is None:
            self._worker.proc.join(5)
            raise PrestartError(f"worker died (exit code {self._worker.proc.exitcode})")
        kind, value = outcome
        if kind == "ok":
            return value
        if kind == "error":
            raise PrestartError("".join(traceback.format_exception_only(value)).strip())
        raise PrestartError(f"worker failed ({kind})")

    def close(self) -> None:
        """End the child: at once when it was never needed (do not wait for its set-up),
        else once it has finished."""
        if self._worker is not None:
            self._worker.retire(grace=5 if self._submitted else 0)
