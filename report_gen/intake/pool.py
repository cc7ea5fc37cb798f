"""Read many files on all cores, each worker a forked process limited in memory, with a wall-
clock limit per file. A file that kills its worker (a parser that aborts on a crafted file) or
stalls it is rejected with a Vietnamese reason; the worker is replaced and the run goes on.

Workers are long-lived (one fork per worker, not per file): on a province's 15–60 files and on
a nation's 10,000 the cost per file stays that of reading it."""

from __future__ import annotations

import os
import pickle
import time
from dataclasses import dataclass
from multiprocessing.connection import Connection, wait
from pathlib import Path
from typing import Callable, Iterator

from report_gen.intake import guard, read

# (index in the caller's list, path, path relative to the input folder)
Task = tuple[int, Path, str]


def default_workers() -> int:
    return max(1, min(os.cpu_count() or 1, 8))


@dataclass
class _Worker:
    proc: object
    conn: Connection
    task: Task | None = None
    started: float = 0.0


def _serve(conn: Connection, reader: Callable[[Path, str], object], mem: int) -> None:
    """Worker loop: receive a task, send back the pickled result; None ends the loop."""
    try:
        import faulthandler
        faulthandler.disable()
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, 2)  # a parser's crash report must not reach the user's console
    except OSError:
        pass
    try:
        import resource  # POSIX only: on Windows the worker still isolates crashes
        vm = guard._vm_size()
        if vm:
            guard._limit(resource, resource.RLIMIT_AS, vm + mem)
    except ImportError:
        pass
    read.IN_WORKER = True  # this process is the sandbox: read_grids must not fork again
    while True:
        try:
            task = conn.recv()
        except EOFError:
            return
        if task is None:
            return
        index, path, rel = task
        try:
            payload = ("ok", reader(path, rel))
        except MemoryError:
            payload = ("memory", None)
        except BaseException as exc:  # noqa: BLE001 - the parent decides what it means
            payload = ("error", repr(exc)[:200])
        try:
            conn.send_bytes(pickle.dumps((index, payload), protocol=pickle.HIGHEST_PROTOCOL))
        except Exception:  # noqa: BLE001
            conn.send_bytes(pickle.dumps((index, ("error", "unpicklable result"))))


def read_all(tasks: list[Task], reader: Callable[[Path, str], object],
             failed: Callable[[Task, str], object], workers: int | None = None,
             timeout: float = guard.CHILD_TIMEOUT_SECONDS,
             mem: int = guard.CHILD_MEMORY_BYTES,
             start_method: str | None = None) -> Iterator[tuple[int, object]]:
    """Yield (index, reader(path, rel)) for every task, in completion order. When a worker
    dies, stalls past `timeout` or raises, yield (index, failed(task, kind)) with kind
    "memory", "timeout" or "crash".

    Workers are forked where the platform can (cheap, and memory-limited); elsewhere (Windows)
    they are spawned, which isolates crashes and stalls just the same, so `reader` must then be
    picklable (a module-level function or a functools.partial of one)."""
    if not tasks:
        return
    import multiprocessing as mp
    method = start_method or ("fork" if hasattr(os, "fork") else "spawn")
    ctx = mp.get_context(method)
    pending = list(reversed(tasks))
    pool: list[_Worker] = []

    def spawn() -> _Worker:
        parent, child = ctx.Pipe()
        proc = ctx.Process(target=_serve, args=(child, reader, mem), daemon=True)
        proc.start()
        child.close()
        return _Worker(proc=proc, conn=parent)

    def give(w: _Worker) -> None:
        if pending:
            w.task = pending.pop()
            w.started = time.monotonic()
            w.conn.send(w.task)
        else:
            w.task = None

    def retire(w: _Worker) -> None:
        try:
            w.conn.close()
        except OSError:
            pass
        if w.proc.is_alive():
            w.proc.kill()
        w.proc.join(5)

    try:
        for _ in range(min(workers or default_workers(), len(tasks))):
            w = spawn()
            pool.append(w)
            give(w)
        while any(w.task is not None for w in pool):
            busy = [w for w in pool if w.task is not None]
            deadline = min(w.started for w in busy) + timeout
            ready = wait([w.conn for w in busy] + [w.proc.sentinel for w in busy],
                         timeout=max(0.0, deadline - time.monotonic()))
            for w in busy:
                if w.conn in ready:
                    try:
                        index, (kind, value) = pickle.loads(w.conn.recv_bytes())
                    except (EOFError, OSError):
                        yield from _lost(w, pool, retire, spawn, give, failed, _exit_kind(w))
                        continue
                    yield index, (value if kind == "ok" else failed(w.task, kind))
                    give(w)
                elif w.proc.sentinel in ready:
                    yield from _lost(w, pool, retire, spawn, give, failed, _exit_kind(w))
                elif time.monotonic() - w.started > timeout:
                    yield from _lost(w, pool, retire, spawn, give, failed, "timeout")
    finally:
        for w in pool:
            try:
                w.conn.send(None)
            except OSError:
                pass
            retire(w)


def _exit_kind(w: _Worker) -> str:
    w.proc.join(5)
    return guard._failure(w.proc.exitcode)


def _lost(w: _Worker, pool: list[_Worker], retire, spawn, give, failed, kind: str):
    """The worker died or stalled on its task: report the task, replace the worker."""
    task = w.task
    retire(w)
    pool.remove(w)
    yield task[0], failed(task, kind)
    fresh = spawn()
    give(fresh)
    if fresh.task is None:
        retire(fresh)
    else:
        pool.append(fresh)
