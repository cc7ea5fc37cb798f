"""Start slow work early on the other core: a forked child does its set-up (e.g. importing
WeasyPrint) at once, then waits for its input; the parent goes on meanwhile. Where fork is not
available the work simply runs in this process when its input is given."""

from __future__ import annotations

import os
import traceback
from typing import Callable


class PrestartError(Exception):
    """The child failed; args[0] says how (English, for the log)."""


def _can_fork() -> bool:
    return hasattr(os, "fork")


def _run(conn, setup: Callable[[], object], work: Callable[[object], object]) -> None:
    try:
        setup()
        failure = None
    except BaseException:  # noqa: BLE001 - reported when the work is asked for
        failure = traceback.format_exc(limit=3)
    try:
        payload = conn.recv()
    except EOFError:
        return
    if payload is None:
        return
    if failure:
        conn.send(("error", failure))
        return
    try:
        conn.send(("ok", work(payload)))
    except BaseException:  # noqa: BLE001
        conn.send(("error", traceback.format_exc(limit=5)))


class Prestarted:
    def __init__(self, setup: Callable[[], object], work: Callable[[object], object]):
        self._work = work
        self._proc = None
        self._result: object = None
        self._submitted = False
        if _can_fork():
            import multiprocessing as mp
            ctx = mp.get_context("fork")
            self._conn, child = ctx.Pipe()
            self._proc = ctx.Process(target=_run, args=(child, setup, work), daemon=True)
            self._proc.start()
            child.close()

    def submit(self, payload: object) -> None:
        self._submitted = True
        if self._proc is None:
            self._result = self._work(payload)
        else:
            self._conn.send(payload)

    def wait(self) -> object:
        """The work's result; raises PrestartError when the child failed or died."""
        if self._proc is None or not self._submitted:
            return self._result
        try:
            kind, value = self._conn.recv()
        except (EOFError, OSError):
            self._proc.join(5)
            raise PrestartError(f"worker died (exit code {self._proc.exitcode})") from None
        if kind != "ok":
            raise PrestartError(value)
        return value

    def close(self) -> None:
        if self._proc is None:
            return
        if not self._submitted:  # never needed: stop it now, do not wait for its set-up
            self._proc.kill()
        try:
            self._conn.close()
        except OSError:
            pass
        self._proc.join(5)
        if self._proc.is_alive():
            self._proc.kill()
            self._proc.join(5)
