"""The input folder: every entry found, read (on all cores, or from the re-run cache) and
settled as accepted, superseded, rejected or ignored, so that nothing is lost."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from pathlib import Path
from typing import Callable

from report_gen.intake import entries
from report_gen.intake.submission import IntakeContext, read_submission, reject
from report_gen.model import ACCEPTED, IGNORED, SUPERSEDED, FileResult
from report_gen.problems import problem


def discover(root: Path, skip: set[str] | None = None) -> list[Path]:
    """Every entry under `root` that is not a folder, sorted, subfolders included. Symlinks,
    FIFOs and the like are listed too, so that the ledger says why they were not read;
    symlinked folders are not followed."""
    skip = skip or set()
    return [p for p in entries.walk(Path(root)) if p.name not in skip]

def intake_folder(root: Path, ctx: IntakeContext, commentary: str | None = None,
                  progress: Callable[[str], None] | None = None, cache=None,
                  workers: int | None = None) -> list[FileResult]:
    """Read every file under `root` and settle each: accepted, superseded, rejected, ignored.

    `commentary` names the committee's Markdown file, listed as ignored with its purpose.
    Files are read on all cores by limited worker processes (report_gen.sandbox); with a
    `cache` (report_gen.cache.IntakeCache) a file whose bytes were read before is not read
    again."""
    from report_gen import sandbox

    root = Path(root)
    paths = discover(root)
    results: list[FileResult | None] = [None] * len(paths)
    tasks: list[sandbox.Task] = []
    for i, path in enumerate(paths):
        rel = path.relative_to(root).as_posix()
        if commentary and rel == commentary:
            results[i] = _commentary_entry(path, rel)
        elif cache is not None and (hit := _cached(cache, path, rel, root)) is not None:
            results[i] = hit
        else:
            tasks.append((i, path, rel))
            continue
        if progress:
            progress(rel)

    def failed(task: sandbox.Task, kind: str) -> FileResult:
        result = FileResult(file=task[2])
        guess = ctx.units.match(task[1].stem, ctx.year)
        result.unit = guess.code if guess else None
        return reject(result, "file-unreadable", reason=read_failure_reason(kind))

    for index, result in sandbox.run_all(tasks, functools.partial(read_submission, ctx=ctx),
                                         failed, workers=workers):
        if not result.sha256:
            _fill_identity(result, paths[index])
        results[index] = result
        if cache is not None:
            cache.put(result)
        if progress:
            progress(result.file)
    if cache is not None:
        cache.close()
    done = [r for r in results if r is not None]
    settle_duplicates(done)
    return done

def read_failure_reason(kind: str) -> str:
    from report_gen.intake.read import child_failure_reason
    return child_failure_reason(kind)

def _cached(cache, path: Path, rel: str, root: Path) -> FileResult | None:
    """The cached result of this exact file (same bytes, same place), with today's mtime."""
    if entries.check_entry(path, root) is not None:
        return None
    try:
        data = path.read_bytes()
        mtime = path.stat().st_mtime
    except OSError:
        return None
    hit = cache.get(hashlib.sha256(data).hexdigest(), rel)
    if hit is not None:
        hit.mtime = mtime
    return hit

def _fill_identity(result: FileResult, path: Path) -> None:
    """Hash and size of a file whose reader died, so the ledger still identifies it."""
    try:
        if entries.check_entry(path, path.parent) is None:
            data = path.read_bytes()
            result.sha256, result.size = hashlib.sha256(data).hexdigest(), len(data)
    except OSError:
        pass

def _commentary_entry(path: Path, rel: str) -> FileResult:
    return FileResult(file=rel, sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
                      status=IGNORED,
                      reason="tệp nhận xét của Ban Chỉ đạo, dùng cho phần đánh giá của báo cáo")

def settle_duplicates(results: list[FileResult]) -> None:
    """Several accepted files for one unit: the newest wins (report date in the sheet, else the
    file's modification time); the others become "superseded" with the reason."""
    by_unit: dict[str, list[FileResult]] = {}
    for r in results:
        if r.status == ACCEPTED and r.unit:
            by_unit.setdefault(r.unit, []).append(r)
    for unit, group in by_unit.items():
        if len(group) < 2:
            continue
        group.sort(key=_recency, reverse=True)
        newest = group[0]
        for old in group[1:]:
            old.status = SUPERSEDED
            basis = ("ngày báo cáo ghi trong biểu" if newest.report_date and old.report_date
                     and newest.report_date != old.report_date else "thời gian sửa tệp")
            p = problem("superseded", newer=f"{newest.file}, theo {basis}")
            old.problems.append(p)
            old.reason = p.message

def _recency(r: FileResult) -> tuple:
    return (r.report_date or dt.date.min, r.mtime, r.file)
