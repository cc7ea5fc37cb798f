"""Import modules the parent will need later in a background thread while the workers read,
instead of before (the workers do not need them) or after (the officer would wait for them).

Fork-safe: a fork copies only the forking thread, so a module half-imported by another thread
would stay locked in the child for ever. Every fork of this process (a worker replaced after a
crash, a limited child) first waits for the import to finish (os.register_at_fork)."""

from __future__ import annotations

import importlib
import os
import sys
import threading

# While the thread imports, the main thread must still answer the workers at once (each waits
# for its next task): the interpreter switches threads every 0.5 ms instead of every 5 ms.
_SWITCH_SECONDS = 0.0005

_thread: threading.Thread | None = None


def warm(modules: tuple[str, ...]) -> None:
    """Start importing `modules` (those not imported yet) in a background thread; at most one
    such thread at a time (a second call while one runs waits for it first)."""
    global _thread
    todo = tuple(m for m in modules if m not in sys.modules)
    if not todo:
        return
    wait()
    _thread = threading.Thread(target=_import, args=(todo, sys.getswitchinterval()),
                               name="report-gen-warm", daemon=True)
    sys.setswitchinterval(_SWITCH_SECONDS)
    _thread.start()


def wait() -> None:
    """Block until the background import (if any) has finished."""
    t = _thread
    if t is not None and t is not threading.current_thread():
        t.join()


def _import(modules: tuple[str, ...], interval: float) -> None:
    try:
        for name in modules:
            try:
                importlib.import_module(name)
            except Exception:  # noqa: BLE001 - the caller's own import will raise it
                return
    finally:
        sys.setswitchinterval(interval)


if hasattr(os, "register_at_fork"):
    os.register_at_fork(before=wait)
