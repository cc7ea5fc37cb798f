"""The input folder: every entry found, read (on all cores, or from the re-run cache) and
settled as accepted, superseded, rejected or ignored, so that nothing is lost."""

from __future__ import annotations

import datetime as dt
import functools
import hashlib
from pathlib import Path
from typing import Callable

from report_gen.intake import entries
from report_gen.intake.mapping import MAPPING_FILE
from report_gen.intake.submission import IntakeContext, guess_unit, read_submission, reject
from report_gen.model import ACCEPTED, IGNORED, SUPERSEDED, FileResult
from report_gen.problems import problem


def discover(root: Path, skip: set[str] | None = None) -> list[Path]:
    """Every entry under `root` that is not a folder, sorted, subfolders included. Symlinks,
    FIFOs and the like are listed too, so that the ledger says why they were not read, and so
    are files too deep and folders that cannot be listed; symlinked folders are not followed.
    Raises entries.FolderError (too many entries, root unreadable)."""
    skip = skip or set()
    return [p for p in entries.walk(Path(root)) if p.name not in skip]

def intake_folder(root: Path, ctx: IntakeContext, commentary: str | tuple[str, ...] | None = None,
                  progress: Callable[[str], None] | None = None, cache=None,
                  workers: int | None = None, warm: tuple[str, ...] = ()) -> list[FileResult]:
    """Read every file under `root` and settle each: accepted, superseded, rejected, ignored.

    `commentary` names the committee's files (nhan_xet.md, nhan_xet.docx), listed as ignored
    with their purpose, as is the officer's mapping file (report_gen.intake.mapping.MAPPING_FILE).
    Files are read on all cores by limited worker processes (report_gen.sandbox); with a
    `cache` (report_gen.cache.IntakeCache) a file whose bytes were read before is not read
    again. The modules named in `warm` are imported while the workers read."""
    from report_gen import sandbox

    root = Path(root)
    found = entries.scan(root)
    refused = {r.path: r for r in found.refused}
    paths = found.paths()
    results: list[FileResult | None] = [None] * len(paths)
    tasks: list[sandbox.Task] = []
    for i, path in enumerate(paths):
        rel = entries.display_rel(path, root)
        if path in refused:
            results[i] = _refused_entry(refused[path], rel, ctx)
        elif commentary and rel in ((commentary,) if isinstance(commentary, str) else commentary):
            results[i] = _commentary_entry(path, rel)
        elif rel == MAPPING_FILE:
            results[i] = _commentary_entry(path, rel, _MAPPING_REASON)
        elif cache is not None and (hit := _cached(cache, path, rel, root)) is not None:
            results[i] = hit
        else:
            tasks.append((i, path, rel))
            continue
        if progress:
            progress(rel)

    def failed(task: sandbox.Task, kind: str) -> FileResult:
        result = FileResult(file=task[2])
        guess_unit(result, ctx)
        return reject(result, "file-unreadable", reason=read_failure_reason(kind))

    for index, result in sandbox.run_all(tasks, functools.partial(read_submission, ctx=ctx),
                                         failed, workers=workers, warm=warm):
        if not result.sha256:
            _fill_identity(result, paths[index])
        _note_name(result, paths[index], root)
        results[index] = result
        if cache is not None:
            cache.put(result)
        if progress:
            progress(result.file)
    if cache is not None:
        cache.close()
    for i, result in enumerate(results):
        if result is None:  # never: every entry is settled above; a lost one is a bug to see
            results[i] = result = reject(FileResult(file=entries.display_rel(paths[i], root)),
                                         "file-unreadable", reason="tệp không được xử lý")
        _note_name(result, paths[i], root)
    settle_duplicates(results)  # type: ignore[arg-type]
    return results  # type: ignore[return-value]


def _refused_entry(found: entries.Refused, rel: str, ctx: IntakeContext) -> FileResult:
    """The ledger entry of a file too deep or a folder that cannot be listed, naming the unit
    its name names."""
    result = FileResult(file=rel)
    guess_unit(result, ctx)
    reject(result, found.code, **dict(found.fields))
    result.status = found.status
    return result


def _note_name(result: FileResult, path: Path, root: Path) -> None:
    """An info note on a name (of the file or a folder above it) that is not UTF-8 on disk: the
    bytes as they are, so the officer can find the file, and the encoding it is shown in."""
    parts = path.relative_to(root).parts
    encoding = next((e for part in parts if (e := entries.name_encoding(part))), None)
    if encoding is None or any(p.code == "file-name-not-unicode" for p in result.problems):
        return
    raw = "/".join(entries.raw_name(part) for part in parts)
    result.problems.append(problem("file-name-not-unicode", raw=raw,
                                   encoding=_ENCODING_VI.get(encoding, encoding)))


_ENCODING_VI = {"cp1258": "Windows-1258 (tiếng Việt)", "cp1252": "Windows-1252",
                "latin-1": "Latin-1"}

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

_COMMENTARY_REASON = "tệp nhận xét của Ban Chỉ đạo, dùng cho phần đánh giá của báo cáo"
_MAPPING_REASON = ("tệp ánh xạ chỉ tiêu (quyết định của cán bộ tổng hợp), dùng khi đọc các tệp "
                   "của đơn vị")

def _commentary_entry(path: Path, rel: str, reason: str = _COMMENTARY_REASON) -> FileResult:
    """The committee's own files in the folder (commentary, mapping file): ignored, with why."""
    return FileResult(file=rel, sha256=hashlib.sha256(path.read_bytes()).hexdigest(),
                      status=IGNORED, reason=reason)

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
