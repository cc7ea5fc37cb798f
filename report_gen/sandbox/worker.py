"""One sandboxed worker process: the child's side (limits, silenced stderr, the serve loop) and
the parent's handle on it. Every child report-gen starts (a reader in the pool, one limited
call, the prestarted PDF renderer) is a `Worker`, so they share one result format and one
reading of how a child died.

The result format (`Outcome`) is a pair: ("ok", result), ("error", the exception raised, carried
back as itself), or ("memory" | "timeout" | "crash", None) when the work did not finish."""

from __future__ import annotations

import os
import pickle
import time
from collections import deque
from dataclasses import dataclass
from multiprocessing.connection import Connection
from typing import Any, Callable

# A reader's child: address space on top of what the parent already maps, and wall time.
CHILD_MEMORY_BYTES = 1024 * 1024 * 1024
CHILD_TIMEOUT_SECONDS = 30.0

Outcome = tuple[str, Any]
# (key, *arguments of the worker's function): the key names the task in the results.
Task = tuple[Any, ...]

_IN_SANDBOX = False


@dataclass(frozen=True)
class Limits:
    """How a child is confined. `memory`: bytes of address space on top of what the child maps
    when it starts (0: none); `cpu`: CPU seconds (0: none), for a child that serves one task;
    `quiet`: a parser's crash report (stderr, faulthandler) must not reach the user's console."""

    memory: int = CHILD_MEMORY_BYTES
    cpu: int = 0
    quiet: bool = True


def in_sandbox() -> bool:
    """True inside a confined worker: untrusted work may run here directly, without a child."""
    return _IN_SANDBOX


def can_fork() -> bool:
    return hasattr(os, "fork")


def can_isolate() -> bool:
    """Whether work can run in a forked, resource-limited child (Linux and the like)."""
    try:
        import resource  # noqa: F401
    except ImportError:
        return False
    return can_fork()


def context(start_method: str | None = None):
    """A multiprocessing context: fork where the platform has it (cheap, memory-limited),
    else spawn (Windows), which isolates crashes and stalls just the same but needs the work
    to be picklable and the main module guarded (report_gen/__main__.py is)."""
    import multiprocessing as mp
    return mp.get_context(start_method or ("fork" if can_fork() else "spawn"))


def failure_kind(exitcode: int | None) -> str:
    """How a child that sent no result ended: "memory", "timeout" or "crash"."""
    import signal
    if exitcode in (-signal.SIGABRT, -signal.SIGKILL):
        return "memory"  # an allocation refused by RLIMIT_AS ends in abort() or a fault
    if exitcode == -getattr(signal, "SIGXCPU", 24):
        return "timeout"
    return "crash"


# --- the child's side ------------------------------------------------------------------------------

def _serve(conn: Connection, func: Callable[..., object], setup: Callable[[], object] | None,
           limits: Limits | None) -> None:
    """Worker loop: run `setup` once, then receive a task, send back (key, Outcome); None or a
    closed pipe ends the loop. `limits` None: a plain child, neither confined nor silenced."""
    global _IN_SANDBOX
    if limits is not None:
        _confine(limits)
        _IN_SANDBOX = True  # this process is the sandbox: the work must not start another
    failure = _call(setup) if setup is not None else None
    if failure is not None and failure[0] == "ok":
        failure = None
    while True:
        try:
            task = conn.recv()
        except EOFError:
            return
        if task is None:
            return
        key, *args = task
        conn.send_bytes(_pack(key, failure or _call(func, *args)))


def _call(func: Callable[..., object], *args: object) -> Outcome:
    try:
        return "ok", func(*args)
    except MemoryError:
        return "memory", None
    except BaseException as exc:  # noqa: BLE001 - the parent decides what it means
        return "error", exc


def _pack(key: object, outcome: Outcome) -> bytes:
    """The pickled (key, outcome); an exception that cannot travel comes back as its repr."""
    try:
        data = pickle.dumps((key, outcome), protocol=pickle.HIGHEST_PROTOCOL)
        if outcome[0] == "error":
            pickle.loads(data)  # some exceptions pickle but cannot be rebuilt
        return data
    except Exception as exc:  # noqa: BLE001
        text = repr(outcome[1])[:200] if outcome[0] == "error" else \
            f"unpicklable result: {type(exc).__name__}"
        return pickle.dumps((key, ("error", RuntimeError(text))))


def _confine(limits: Limits) -> None:
    if limits.quiet:
        try:
            import faulthandler
            faulthandler.disable()
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 2)
        except OSError:
            pass
    try:
        import resource
    except ImportError:  # Windows: the child still isolates crashes and stalls
        return
    vm = _vm_size()
    if limits.memory and vm:
        _limit(resource, resource.RLIMIT_AS, vm + limits.memory)
    if limits.cpu:
        _limit(resource, resource.RLIMIT_CPU, limits.cpu)


def _vm_size() -> int:
    """Bytes of address space this process maps now (0 when unknown)."""
    try:
        with open("/proc/self/statm") as fh:
            return int(fh.read().split()[0]) * os.sysconf("SC_PAGE_SIZE")
    except (OSError, ValueError, IndexError):
        return 0


def _limit(resource, which: int, value: int) -> None:
    """Lower a limit to `value` (never above the hard limit the parent already has)."""
    if value <= 0:
        return
    soft, hard = resource.getrlimit(which)
    if hard != resource.RLIM_INFINITY:
        value = min(value, hard)
    if soft == resource.RLIM_INFINITY or value < soft:
        resource.setrlimit(which, (value, hard))


# --- the parent's side ------------------------------------------------------------------------------

class Worker:
    """A started child serving `func`, and the tasks sent to it whose outcomes have not come
    back yet (`inflight`, oldest first: the child works on the first, the others wait in its
    pipe)."""

    def __init__(self, ctx, func: Callable[..., object], limits: Limits | None,
                 setup: Callable[[], object] | None = None) -> None:
        self.conn, child = ctx.Pipe()
        self.proc = ctx.Process(target=_serve, args=(child, func, setup, limits), daemon=True)
        self.proc.start()
        child.close()
        self.inflight: deque[Task] = deque()
        self.started = 0.0  # when the child began the current task (as near as the parent knows)

    @property
    def task(self) -> Task | None:
        """The task the child is working on (None when idle)."""
        return self.inflight[0] if self.inflight else None

    def send(self, task: Task | None) -> None:
        """Give the child `task` (after those it already has); None leaves it as it is."""
        if task is None:
            return
        if not self.inflight:
            self.started = time.monotonic()
        self.inflight.append(task)
        try:
            self.conn.send(task)
        except OSError:  # the child has just died (of an earlier task): the pool sees it and
            pass         # gives back the tasks it held

    def receive(self) -> Outcome | None:
        """The outcome of the current task (blocks); None when the child died before sending it
        (then `died` says how). The next task in flight is then the current one."""
        try:
            _, outcome = pickle.loads(self.conn.recv_bytes())
        except (EOFError, OSError):
            return None
        self.inflight.popleft()
        self.started = time.monotonic()
        return outcome

    def died(self) -> str:
        self.proc.join(5)
        return failure_kind(self.proc.exitcode)

    def retire(self, grace: float = 0.0) -> None:
        """Tell the child to stop (None ends its loop: a forked child keeps a copy of this end of
        the pipe, so closing it alone is no signal), wait up to `grace` seconds, then kill."""
        try:
            if grace and self.proc.is_alive():
                self.conn.send(None)
            self.conn.close()
        except OSError:
            pass
        if grace:
            self.proc.join(grace)
        if self.proc.is_alive():
            self.proc.kill()
        self.proc.join(5)
