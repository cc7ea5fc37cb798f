"""Atomic output: write to a temporary file beside the target, then rename over it, so an
interrupted build never leaves a truncated file where the previous good one was.

Outputs that belong together (the four of a build) are written in a `Batch`: while it is
active, atomic_path keeps each finished temporary file instead of renaming it, and `commit`
renames them all into place once every one has been written; `discard` removes them, leaving
every previous output as it was. Work done in another process (the PDF renderer) writes to a
path taken with `stage`."""

from __future__ import annotations

import contextlib
import contextvars
import os
import tempfile
from glob import escape as glob_escape
from pathlib import Path
from typing import Iterator

_ACTIVE: contextvars.ContextVar[Batch | None] = contextvars.ContextVar("batch", default=None)


class Batch:
    """Outputs replaced together or not at all."""

    def __init__(self) -> None:
        self.staged: list[tuple[Path, Path]] = []  # (temporary file, target)

    @contextlib.contextmanager
    def active(self) -> Iterator[Batch]:
        """Within: atomic_path and stage put their files in this batch."""
        token = _ACTIVE.set(self)
        try:
            yield self
        finally:
            _ACTIVE.reset(token)

    def add(self, tmp: Path, target: Path) -> None:
        self.staged.append((Path(tmp), Path(target)))

    def commit(self) -> None:
        """Rename every staged file onto its target, once all are known to be written."""
        for tmp, _ in self.staged:
            if not tmp.is_file() or tmp.stat().st_size == 0:
                raise OSError(f"output not written: {tmp}")
        for tmp, _ in self.staged:
            os.chmod(tmp, 0o644)
            _fsync(tmp)
        for tmp, target in self.staged:
            os.replace(tmp, target)
        for folder in {target.parent for _, target in self.staged}:
            _fsync(folder)
        self.staged = []

    def discard(self) -> None:
        """Remove every staged file: the targets keep their previous versions."""
        for tmp, _ in self.staged:
            with contextlib.suppress(OSError):
                tmp.unlink()
            # what a writer stopped half-way left beside a staged file (its own temporary)
            for stray in tmp.parent.glob(f".{glob_escape(tmp.name)}.*.tmp"):
                with contextlib.suppress(OSError):
                    stray.unlink()
        self.staged = []


def _temporary(target: Path) -> Path:
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{target.name}.", suffix=".tmp", dir=target.parent)
    os.close(fd)
    return Path(tmp)


def stage(target: Path) -> Path:
    """Where to write `target` now: in an active batch, a temporary file that the batch renames
    onto `target` on commit; else `target` itself."""
    batch = _ACTIVE.get()
    if batch is None:
        return Path(target)
    tmp = _temporary(Path(target))
    batch.add(tmp, Path(target))
    return tmp


@contextlib.contextmanager
def atomic_path(target: Path, durable: bool = True) -> Iterator[Path]:
    """Yield a temporary path in the target's folder; on success rename it onto `target` (in an
    active batch: when the batch commits). Not `durable`: without waiting for the disk (a page
    the next run writes again); a reader still never sees a half-written file."""
    target = Path(target)
    tmp_path = _temporary(target)
    batch = _ACTIVE.get()
    if batch is not None and any(target == tmp for tmp, _ in batch.staged):
        batch = None  # writing a staged file itself (the PDF rendered in this process)
    kept = False
    try:
        yield tmp_path
        if batch is not None:
            batch.add(tmp_path, target)
            kept = True
            return
        os.chmod(tmp_path, 0o644)
        if durable:
            _fsync(tmp_path)  # the bytes are on disk before the name points at them
        os.replace(tmp_path, target)
        if durable:
            _fsync(target.parent)
    finally:
        if not kept and tmp_path.exists():
            tmp_path.unlink()


def _fsync(path: Path) -> None:
    try:
        fd = os.open(path, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass  # e.g. folders on Windows, some network file systems
    finally:
        os.close(fd)


def write_bytes(target: Path, data: bytes, durable: bool = True) -> None:
    with atomic_path(target, durable) as tmp:
        tmp.write_bytes(data)


def write_text(target: Path, text: str, durable: bool = True) -> None:
    write_bytes(target, text.encode("utf-8"), durable)
