"""What the last build wrote: `.bao_cao_Y.build.json` beside the outputs.

`build` writes it once its outputs are in place: the year, when, whether the review is a draft,
the document's number, date and subject, every output's file name, size and sha256, and every
entry of the input folder as it was read (relative path, size, modification time). The commands
that act on a built review (send, sign) read it back with `load` and refuse with `stale_reasons`
when the review on disk is not the one the last build wrote, or when the input folder changed
since (a new, changed or removed file): the officer re-runs `build` first.

The file is written after the outputs are renamed into place; when a build is interrupted between
the two, the old manifest no longer matches the new outputs and the commands refuse, which is
the safe side."""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass, field
from pathlib import Path

from report_gen import text as vn
from report_gen.outputs.atomic import write_text

FILENAME = ".bao_cao_{year}.build.json"
FORMAT = 1


@dataclass(frozen=True)
class OutputFile:
    file: str  # the name in the output folder
    size: int
    sha256: str


@dataclass(frozen=True)
class InputFile:
    file: str  # relative to the input folder, "/" separators
    size: int
    mtime_ns: int


@dataclass(frozen=True)
class Manifest:
    year: int
    built_at: str  # ISO 8601, local time, seconds
    draft: bool
    tool_version: str
    input_dir: str  # absolute
    number: str
    date: str  # ISO date of the document
    subject: str
    outputs: dict[str, OutputFile] = field(default_factory=dict)
    inputs: tuple[InputFile, ...] = ()

    def to_json(self) -> str:
        data = {
            "format": FORMAT, "year": self.year, "built_at": self.built_at, "draft": self.draft,
            "tool_version": self.tool_version, "input_dir": self.input_dir,
            "document": {"number": self.number, "date": self.date, "subject": self.subject},
            "outputs": {k: vars(o) for k, o in self.outputs.items()},
            "inputs": [vars(i) for i in self.inputs],
        }
        return json.dumps(data, ensure_ascii=False, indent=1) + "\n"


class ManifestError(Exception):
    """No usable record of the last build; the message is in Vietnamese."""


def path_for(out_dir: Path, year: int) -> Path:
    return Path(out_dir) / FILENAME.format(year=year)


def sha256_file(path: Path) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def snapshot_inputs(input_dir: Path) -> tuple[InputFile, ...]:
    """Every entry the intake walk lists under `input_dir`, with its size and mtime."""
    from report_gen.intake.entries import walk

    root = Path(input_dir)
    found = []
    for p in walk(root):
        try:
            st = p.lstat()
        except OSError:
            continue
        # a name that is not UTF-8 on disk is kept readable and the same on every walk
        rel = os.fsencode(p.relative_to(root).as_posix()).decode("utf-8", "backslashreplace")
        found.append(InputFile(rel, st.st_size, st.st_mtime_ns))
    return tuple(found)


def record(cons, outputs: dict[str, Path], out_dir: Path,
           inputs: tuple[InputFile, ...]) -> Path:
    """Write the manifest of a build whose outputs are in place; return its path."""
    settings = cons.settings
    doc = settings.document
    year = cons.year
    subject = doc.subject.format(year=year)  # as the review's header says it (outputs.html)
    manifest = Manifest(
        year=year, built_at=cons.built_at.isoformat(timespec="seconds"), draft=cons.is_draft,
        tool_version=cons.version, input_dir=str(Path(cons.input_dir).resolve()),
        number=doc.number, date=settings.document_date(year).isoformat(), subject=subject,
        outputs={key: OutputFile(Path(p).name, Path(p).stat().st_size, sha256_file(Path(p)))
                 for key, p in outputs.items()},
        inputs=inputs)
    target = path_for(out_dir, year)
    write_text(target, manifest.to_json())
    return target


def load(out_dir: Path, year: int) -> Manifest:
    """The manifest of the last build of `year` into `out_dir`; ManifestError when there is
    none or it cannot be read."""
    target = path_for(out_dir, year)
    try:
        data = json.loads(target.read_text(encoding="utf-8"))
        doc = data["document"]
        return Manifest(
            year=int(data["year"]), built_at=str(data["built_at"]), draft=bool(data["draft"]),
            tool_version=str(data["tool_version"]), input_dir=str(data["input_dir"]),
            number=str(doc["number"]), date=str(doc["date"]), subject=str(doc["subject"]),
            outputs={str(k): OutputFile(str(o["file"]), int(o["size"]), str(o["sha256"]))
                     for k, o in data["outputs"].items()},
            inputs=tuple(InputFile(str(i["file"]), int(i["size"]), int(i["mtime_ns"]))
                         for i in data["inputs"]))
    except FileNotFoundError:
        raise ManifestError(
            f"chưa có báo cáo năm {year} trong thư mục {out_dir}: hãy chạy "
            f"“report-gen build … --year {year} --out {out_dir}” trước") from None
    except (OSError, ValueError, KeyError, TypeError, AttributeError):
        raise ManifestError(
            f"không đọc được bản ghi lần lập báo cáo năm {year} ({target.name}): hãy chạy lại "
            f"“report-gen build … --year {year} --out {out_dir}”") from None


def stale_reasons(manifest: Manifest, out_dir: Path, keys: tuple[str, ...] = ("pdf",)
                  ) -> list[str]:
    """Why the outputs `keys` in `out_dir` are not what the last build wrote from the input
    folder as it is now (Vietnamese, one reason per line); empty when they are."""
    reasons: list[str] = []
    for key in keys:
        rec = manifest.outputs.get(key)
        if rec is None:
            reasons.append(f"lần lập báo cáo cuối không ghi tệp “{key}”")
            continue
        path = Path(out_dir) / rec.file
        if not path.is_file():
            reasons.append(f"không còn tệp {rec.file} trong thư mục {out_dir}")
        elif path.stat().st_size != rec.size or sha256_file(path) != rec.sha256:
            reasons.append(f"tệp {rec.file} đã bị thay đổi sau lần lập báo cáo cuối "
                           f"({vn.moment(manifest.built_at)})")
    root = Path(manifest.input_dir)
    if not root.is_dir():
        reasons.append(f"không còn thư mục số liệu {root}")
        return reasons
    try:
        now = {i.file: i for i in snapshot_inputs(root)}
    except Exception:  # noqa: BLE001 - a folder that cannot be walked is a reason, not a crash
        reasons.append(f"không đọc được thư mục số liệu {root}")
        return reasons
    then = {i.file: i for i in manifest.inputs}
    added = sorted(set(now) - set(then))
    removed = sorted(set(then) - set(now))
    changed = sorted(f for f in set(now) & set(then)
                     if (now[f].size, now[f].mtime_ns) != (then[f].size, then[f].mtime_ns))
    for label, names in (("tệp mới", added), ("tệp đã sửa", changed), ("tệp đã xóa", removed)):
        if names:
            shown = ", ".join(names[:5]) + (f" và {len(names) - 5} tệp khác"
                                             if len(names) > 5 else "")
            reasons.append(f"thư mục số liệu có {label} sau lần lập báo cáo cuối: {shown}")
    return reasons
