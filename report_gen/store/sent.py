"""The trail of `send` in the history store: every attempt to e-mail the review or a unit's
feedback, whether it was sent or failed, to whom (and which addresses the server refused), the
Message-ID, the server's answer and the sha256 of every file it carried.

A failed attempt is recorded as failed, never as sent; `delivered` answers "did this exact file
already reach these addresses?" from the attempts that were sent, less the refused addresses."""

from __future__ import annotations

from dataclasses import dataclass, field

from report_gen.store.db import Store

REVIEW = "review"
FEEDBACK = "feedback"
SENT = "sent"
FAILED = "failed"


@dataclass(frozen=True)
class SentFile:
    file: str
    size: int
    sha256: str


@dataclass(frozen=True)
class Sending:
    year: int
    kind: str  # REVIEW or FEEDBACK
    attempted_at: str  # ISO 8601, local time, seconds
    sender: str
    subject: str
    message_id: str
    status: str  # SENT or FAILED
    answer: str  # the server's last answer ("250 OK"), "" when it never answered
    tries: int
    to: tuple[str, ...]
    cc: tuple[str, ...] = ()
    files: tuple[SentFile, ...] = ()
    refused: dict[str, str] = field(default_factory=dict)  # address -> the server's answer
    reason: str = ""  # why it failed, in Vietnamese
    unit: str | None = None  # FEEDBACK: the unit it went to
    draft: bool = False
    id: int | None = None  # set once recorded


def record_sending(store: Store, s: Sending) -> int:
    """Record one attempt in one transaction; return its id."""
    with store.write() as conn:
        cur = conn.execute(
            "INSERT INTO sending (year, kind, unit, attempted_at, sender, subject, message_id,"
            " status, answer, reason, tries, draft) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (s.year, s.kind, s.unit, s.attempted_at, s.sender, s.subject, s.message_id,
             s.status, s.answer, s.reason, s.tries, int(s.draft)))
        sid = cur.lastrowid
        recipients = [(f, a) for f, addrs in (("to", s.to), ("cc", s.cc)) for a in addrs]
        conn.executemany(
            "INSERT INTO sending_recipient (sending_id, seq, address, field, refused)"
            " VALUES (?, ?, ?, ?, ?)",
            [(sid, k, a, f, s.refused.get(a)) for k, (f, a) in enumerate(recipients)])
        conn.executemany(
            "INSERT INTO sending_file (sending_id, file, size, sha256)"
            " VALUES (?, ?, ?, ?)", [(sid, f.file, f.size, f.sha256) for f in s.files])
    return sid


def sendings(store: Store, year: int | None = None) -> list[Sending]:
    """Every recorded attempt (of `year`, or of all years), oldest first."""
    where, args = ("WHERE year = ?", (year,)) if year is not None else ("", ())
    rows = store.conn.execute(
        "SELECT id, year, kind, unit, attempted_at, sender, subject, message_id, status, answer,"
        f" reason, tries, draft FROM sending {where} ORDER BY id", args).fetchall()
    out = []
    for r in rows:
        recipients = store.conn.execute(
            "SELECT address, field, refused FROM sending_recipient WHERE sending_id = ?"
            " ORDER BY seq", (r[0],)).fetchall()
        files = store.conn.execute(
            "SELECT file, size, sha256 FROM sending_file WHERE sending_id = ? ORDER BY file",
            (r[0],)).fetchall()
        out.append(Sending(
            id=r[0], year=r[1], kind=r[2], unit=r[3], attempted_at=r[4], sender=r[5],
            subject=r[6], message_id=r[7], status=r[8], answer=r[9], reason=r[10], tries=r[11],
            draft=bool(r[12]),
            to=tuple(a for a, f, _ in recipients if f == "to"),
            cc=tuple(a for a, f, _ in recipients if f == "cc"),
            refused={a: x for a, _, x in recipients if x is not None},
            files=tuple(SentFile(*f) for f in files)))
    return out


def delivered(store: Store, year: int, kind: str, sha256: str, addresses: tuple[str, ...],
              unit: str | None = None) -> dict[str, str]:
    """Which of `addresses` already received the file `sha256` (a sent attempt of `kind` for
    `year`, and `unit` for feedback, not refused): {address: when first}. Addresses compare
    without regard to case."""
    wanted = {a.lower(): a for a in addresses}
    rows = store.conn.execute(
        "SELECT r.address, s.attempted_at FROM sending s"
        " JOIN sending_file f ON f.sending_id = s.id"
        " JOIN sending_recipient r ON r.sending_id = s.id"
        " WHERE s.status = 'sent' AND s.year = ? AND s.kind = ? AND f.sha256 = ?"
        " AND s.unit IS ? AND r.refused IS NULL ORDER BY s.id",
        (year, kind, sha256, unit)).fetchall()
    found: dict[str, str] = {}
    for address, when in rows:
        key = address.lower()
        if key in wanted and wanted[key] not in found:
            found[wanted[key]] = when
    return found
