"""Re-run cache: officers re-run `build` many times while chasing corrections, so a workbook
whose bytes have not changed is not read again. Entries are keyed by the file's content hash and
its path (the unit may be read from the file name), under a namespace that changes whenever the
tool (its version or its code), the catalogue, the unit list or the year change, so a stale entry can never be used.

The cache is one SQLite file in a folder of the working directory. Entries are plain JSON (never
pickles: nothing read back from the cache can run code), checked on the way back in. It is
best-effort: a cache that cannot be read or written only costs time."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
import sqlite3
from functools import lru_cache
from pathlib import Path

from report_gen import __version__

CACHE_DIR = ".report_gen_cache"
_SCHEMA = ("CREATE TABLE IF NOT EXISTS intake (ns TEXT NOT NULL, key TEXT NOT NULL, "
           "result BLOB NOT NULL, PRIMARY KEY (ns, key))")


def namespace(*parts: object) -> str:
    """A short digest of everything an intake result depends on besides the file itself: the
    tool's version and its own code (a changed reader must not serve results of the old one),
    and `parts` (catalogue, unit list, year)."""
    h = hashlib.sha256(__version__.encode())
    h.update(code_digest().encode())
    for p in parts:
        h.update(b"\0" + repr(p).encode("utf-8"))
    return h.hexdigest()[:16]


@lru_cache(maxsize=1)
def code_digest() -> str:
    """The sha256 of the package's Python sources and data files (read once per process)."""
    root = Path(__file__).resolve().parent
    h = hashlib.sha256()
    for path in sorted(p for p in root.rglob("*") if p.suffix in (".py", ".toml")):
        h.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes())
    return h.hexdigest()


def encode(result) -> bytes:
    """A FileResult as JSON."""
    data = dataclasses.asdict(result)
    if result.report_date is not None:
        data["report_date"] = result.report_date.isoformat()
    return json.dumps(data, ensure_ascii=False).encode("utf-8")


def decode(blob: bytes):
    """The FileResult of encode(); raises on anything that is not one."""
    from report_gen.model import FileResult, ModelEntry
    from report_gen.problems import Problem

    data = json.loads(blob.decode("utf-8"))
    if not isinstance(data, dict):
        raise ValueError("not a cached intake result")
    data["report_date"] = dt.date.fromisoformat(data["report_date"]) \
        if data.get("report_date") else None
    data["cells"] = {str(k): (str(v[0]), str(v[1])) for k, v in data.get("cells", {}).items()}
    data["answers"] = {str(k): str(v) for k, v in data.get("answers", {}).items()}
    data["models"] = [ModelEntry(**m) for m in data.get("models", [])]
    data["problems"] = [Problem(**p) for p in data.get("problems", [])]
    return FileResult(**data)


class IntakeCache:
    """get() answers from the store; put() collects and flush() writes in one transaction."""

    def __init__(self, folder: Path | None, ns: str):
        self.folder = Path(folder) if folder is not None else None
        self.ns = ns
        self.hits = 0
        self.misses = 0
        self._pending: list[tuple[str, str, bytes]] = []
        self._conn: sqlite3.Connection | None = None

    def _db(self) -> sqlite3.Connection | None:
        if self._conn is None and self.folder is not None:
            try:
                self.folder.mkdir(parents=True, exist_ok=True)
                self._conn = sqlite3.connect(self.folder / "intake.sqlite", timeout=10)
                self._conn.execute(_SCHEMA)
            except (OSError, sqlite3.Error):
                self.folder = None  # unusable: run without a cache
                return None
        return self._conn

    @staticmethod
    def _key(sha256: str, rel: str) -> str:
        return hashlib.sha256(f"{sha256}\0{rel}".encode("utf-8")).hexdigest()

    def get(self, sha256: str, rel: str):
        db = self._db()
        if db is None:
            return None
        try:
            row = db.execute("SELECT result FROM intake WHERE ns = ? AND key = ?",
                             (self.ns, self._key(sha256, rel))).fetchone()
            result = decode(row[0]) if row else None
        except Exception:  # noqa: BLE001 - a damaged entry is a miss
            result = None
        if result is None or getattr(result, "sha256", None) != sha256 \
                or getattr(result, "file", None) != rel:
            self.misses += 1
            return None
        self.hits += 1
        return result

    def put(self, result) -> None:
        if self.folder is None or not result.sha256:
            return
        self._pending.append((self.ns, self._key(result.sha256, result.file),
                              encode(result)))

    def flush(self) -> None:
        db = self._db()
        if db is None or not self._pending:
            return
        try:
            with db:
                db.executemany("INSERT OR REPLACE INTO intake VALUES (?, ?, ?)", self._pending)
        except sqlite3.Error:
            pass
        self._pending.clear()

    def close(self) -> None:
        self.flush()
        if self._conn is not None:
            self._conn.close()
            self._conn = None
