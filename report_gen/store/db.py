"""The SQLite history store: opening, schema migrations and write transactions.

One file (default `report_gen.sqlite` in the working folder) in WAL mode. The schema version is
`PRAGMA user_version`; MIGRATIONS[i] takes a store from version i to i + 1. Every write runs in
one `BEGIN IMMEDIATE` transaction, so a build killed midway leaves the store as it was, and two
runs at once queue on the write lock (busy_timeout) instead of failing or corrupting it."""

from __future__ import annotations

import contextlib
import os
import sqlite3
import time
from pathlib import Path
from typing import Iterator

BUSY_TIMEOUT_MS = 30_000
# Test hook: when set, a recording transaction pauses this many seconds before COMMIT (after
# touching the file named by PAUSE_MARKER_ENV), so a test can kill or race it mid-write.
PAUSE_ENV = "REPORT_GEN_STORE_TEST_PAUSE"
PAUSE_MARKER_ENV = "REPORT_GEN_STORE_TEST_PAUSE_MARKER"

MIGRATIONS: tuple[str, ...] = (
    # 0 -> 1: submissions (audit trail) and builds (consolidated figures).
    """
    CREATE TABLE submission (
        id            INTEGER PRIMARY KEY,
        year          INTEGER NOT NULL,
        unit          TEXT NOT NULL,
        file          TEXT NOT NULL,
        sha256        TEXT NOT NULL,
        report_date   TEXT,
        recorded_at   TEXT NOT NULL,
        source        TEXT NOT NULL CHECK (source IN ('build', 'import')),
        superseded_by INTEGER REFERENCES submission(id),
        superseded_at TEXT,
        UNIQUE (year, unit, sha256)
    );
    CREATE INDEX submission_year_unit ON submission(year, unit);
    CREATE TABLE submission_value (
        submission_id INTEGER NOT NULL REFERENCES submission(id),
        code          TEXT NOT NULL,
        value         NUMERIC,            -- NULL: not reported (empty is not zero)
        PRIMARY KEY (submission_id, code)
    ) WITHOUT ROWID;
    CREATE TABLE submission_model (
        submission_id INTEGER NOT NULL REFERENCES submission(id),
        seq           INTEGER NOT NULL,
        name          TEXT NOT NULL,
        level         TEXT,
        field         TEXT,
        commune       TEXT,
        founded       INTEGER,
        typical       INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (submission_id, seq)
    ) WITHOUT ROWID;
    CREATE TABLE build (
        id                INTEGER PRIMARY KEY,
        year              INTEGER NOT NULL,
        built_at          TEXT NOT NULL,
        recorded_at       TEXT NOT NULL,
        source            TEXT NOT NULL CHECK (source IN ('build', 'import')),
        source_path       TEXT,
        tool_version      TEXT,
        catalogue_version TEXT,
        units_version     TEXT,
        draft             INTEGER NOT NULL DEFAULT 0,
        missing_units     TEXT NOT NULL DEFAULT '[]',   -- JSON list of unit codes
        fingerprint       TEXT NOT NULL
    );
    CREATE INDEX build_year ON build(year, id);
    CREATE TABLE build_value (
        build_id INTEGER NOT NULL REFERENCES build(id),
        unit     TEXT NOT NULL,               -- '' for the province total
        code     TEXT NOT NULL,
        value    NUMERIC,
        PRIMARY KEY (build_id, unit, code)
    ) WITHOUT ROWID;
    CREATE TABLE build_submission (
        build_id      INTEGER NOT NULL REFERENCES build(id),
        submission_id INTEGER NOT NULL REFERENCES submission(id),
        PRIMARY KEY (build_id, submission_id)
    ) WITHOUT ROWID;
    """,
    # 1 -> 2: the officer's decisions on rows (report_gen.intake.mapping), kept per year decided
    """
    CREATE TABLE label_mapping (
        unit      TEXT NOT NULL,     -- unit code, or '*' for every unit
        label     TEXT NOT NULL,     -- the row's label, folded (report_gen.textnorm.fold)
        year      INTEGER NOT NULL,  -- the year whose build recorded the decision
        indicator TEXT,              -- NULL: ignore the row
        shown     TEXT NOT NULL,     -- the label as written
        PRIMARY KEY (unit, label, year)
    ) WITHOUT ROWID;
    """,
    # 2 -> 3: the trail of `send` (report_gen.store.sent): every attempt to e-mail the review
    # or a unit's feedback, the files it carried and what became of each recipient.
    """
    CREATE TABLE sending (
        id           INTEGER PRIMARY KEY,
        year         INTEGER NOT NULL,
        kind         TEXT NOT NULL CHECK (kind IN ('review', 'feedback')),
        unit         TEXT,                -- feedback: the unit it went to
        attempted_at TEXT NOT NULL,
        sender       TEXT NOT NULL,
        subject      TEXT NOT NULL,
        message_id   TEXT NOT NULL,
        status       TEXT NOT NULL CHECK (status IN ('sent', 'failed')),
        answer       TEXT NOT NULL,       -- the server's last answer
        reason       TEXT NOT NULL DEFAULT '',  -- why it failed (Vietnamese)
        tries        INTEGER NOT NULL,
        draft        INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX sending_year ON sending(year, kind, id);
    CREATE TABLE sending_recipient (
        sending_id INTEGER NOT NULL REFERENCES sending(id),
        seq        INTEGER NOT NULL,      -- the order of To, then Cc
        address    TEXT NOT NULL,
        field      TEXT NOT NULL CHECK (field IN ('to', 'cc')),
        refused    TEXT,                  -- the server's answer when it refused the address
        PRIMARY KEY (sending_id, seq)
    ) WITHOUT ROWID;
    CREATE TABLE sending_file (
        sending_id INTEGER NOT NULL REFERENCES sending(id),
        file       TEXT NOT NULL,         -- an attachment, or the feedback page sent as body
        size       INTEGER NOT NULL,
        sha256     TEXT NOT NULL,
        PRIMARY KEY (sending_id, file)
    ) WITHOUT ROWID;
    CREATE INDEX sending_file_sha ON sending_file(sha256);
    """,
)
SCHEMA_VERSION = len(MIGRATIONS)
PROVINCE = ""  # the `unit` of province totals in build_value


class StoreError(Exception):
    """The history store cannot be used; the message is in Vietnamese."""


class Store:
    """An open history store. Use as a context manager, or call close()."""

    def __init__(self, path: Path, conn: sqlite3.Connection) -> None:
        self.path = path
        self.conn = conn

    def close(self) -> None:
        self.conn.close()

    def __enter__(self) -> "Store":
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    @contextlib.contextmanager
    def write(self) -> Iterator[sqlite3.Connection]:
        """One write transaction: everything inside commits together or not at all."""
        try:
            self.conn.execute("BEGIN IMMEDIATE")
        except sqlite3.OperationalError as exc:
            raise StoreError(f"Kho lịch sử {self.path} đang bận (một lần chạy khác đang ghi); "
                             f"hãy chạy lại sau ({exc}).") from exc
        try:
            yield self.conn
        except BaseException:
            self.conn.execute("ROLLBACK")
            raise
        else:
            self.conn.execute("COMMIT")

    def counts(self) -> dict[str, int]:
        """Rows per table (for tests and diagnostics)."""
        tables = [r[0] for r in self.conn.execute(
            "SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name")]
        return {t: self.conn.execute(f'SELECT count(*) FROM "{t}"').fetchone()[0] for t in tables}


def open_store(path: Path, create: bool = True) -> Store:
    """Open (and when needed create and migrate) the store at `path`."""
    path = Path(path)
    if not create and not path.exists():
        raise StoreError(f"Chưa có kho lịch sử {path}.")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
        conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
        conn.execute("PRAGMA foreign_keys = ON")
        _wal(conn)
        store = Store(path, conn)
        _migrate(store)
        return store
    except sqlite3.DatabaseError as exc:
        raise StoreError(f"Không mở được kho lịch sử {path}: {exc}.") from exc
    except OSError as exc:
        raise StoreError(f"Không tạo được kho lịch sử {path}: {exc}.") from exc


def _wal(conn: sqlite3.Connection) -> None:
    # Switching to WAL needs a short exclusive lock; retry while another process holds it.
    deadline = time.monotonic() + BUSY_TIMEOUT_MS / 1000
    while True:
        try:
            conn.execute("PRAGMA journal_mode = WAL")
            return
        except sqlite3.OperationalError:
            if time.monotonic() > deadline:
                raise
            time.sleep(0.05)


def _migrate(store: Store) -> None:
    conn = store.conn
    version = conn.execute("PRAGMA user_version").fetchone()[0]
    if version > SCHEMA_VERSION:
        raise StoreError(f"Kho lịch sử {store.path} do phiên bản mới hơn của công cụ tạo ra "
                         f"(lược đồ {version}, công cụ này hiểu đến {SCHEMA_VERSION}); "
                         "hãy cập nhật report-gen.")
    if version == SCHEMA_VERSION:
        return
    with store.write():
        # Re-read under the write lock: another process may have migrated meanwhile.
        version = conn.execute("PRAGMA user_version").fetchone()[0]
        for target in range(version, SCHEMA_VERSION):
            for statement in _statements(MIGRATIONS[target]):
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {target + 1}")


def _statements(script: str) -> list[str]:
    """Split a migration script into statements (executescript would commit)."""
    out, buf = [], ""
    for line in script.splitlines(keepends=True):
        buf += line.split("--")[0] + ("\n" if line.endswith("\n") else "")
        if sqlite3.complete_statement(buf):
            if buf.strip():
                out.append(buf.strip())
            buf = ""
    if buf.strip():
        out.append(buf.strip())
    return out


def pause_hook() -> None:
    """Sleep inside a write transaction when the test hook asks for it."""
    seconds = os.environ.get(PAUSE_ENV)
    if not seconds:
        return
    marker = os.environ.get(PAUSE_MARKER_ENV)
    if marker:
        Path(marker).touch()
    time.sleep(float(seconds))
