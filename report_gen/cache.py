"""Re-run cache: officers re-run `build` many times while chasing corrections, so a workbook
whose bytes have not changed is not read again. Entries are keyed by the file's content hash and
its path (the unit may be read from the file name), under a namespace that changes whenever the
tool, the catalogue, the unit list or the year change, so a stale entry can never be used."""

from __future__ import annotations

import hashlib
import os
import pickle
import tempfile
from pathlib import Path

from report_gen import __version__

CACHE_DIR = ".report_gen_cache"


def namespace(*parts: object) -> str:
    """A short digest of everything an intake result depends on besides the file itself."""
    h = hashlib.sha256(__version__.encode())
    for p in parts:
        h.update(b"\0" + repr(p).encode("utf-8"))
    return h.hexdigest()[:16]


class IntakeCache:
    """A folder of pickled intake results; missing, unreadable or stale entries are misses."""

    def __init__(self, folder: Path | None, ns: str):
        self.folder = Path(folder) / ns if folder is not None else None
        self.hits = 0
        self.misses = 0

    def _path(self, sha256: str, rel: str) -> Path:
        key = hashlib.sha256(f"{sha256}\0{rel}".encode("utf-8")).hexdigest()
        return self.folder / key[:2] / f"{key}.pickle"

    def get(self, sha256: str, rel: str):
        if self.folder is None:
            return None
        try:
            with open(self._path(sha256, rel), "rb") as f:
                result = pickle.load(f)
        except Exception:
            self.misses += 1
            return None
        if getattr(result, "sha256", None) != sha256 or getattr(result, "file", None) != rel:
            self.misses += 1
            return None
        self.hits += 1
        return result

    def put(self, result) -> None:
        if self.folder is None or not result.sha256:
            return
        path = self._path(result.sha256, result.file)
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            fd, tmp = tempfile.mkstemp(dir=path.parent, suffix=".tmp")
            with os.fdopen(fd, "wb") as f:
                pickle.dump(result, f, protocol=pickle.HIGHEST_PROTOCOL)
            os.replace(tmp, path)
        except OSError:
            pass  # a cache that cannot be written only costs time
