"""A message ready to go, and sending it with its trail: every attempt is recorded in the
history store (report_gen.store.sent), sent or failed, whatever the server did."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from email.message import EmailMessage
from pathlib import Path
from typing import Callable

from report_gen.deliver.message import write_eml
from report_gen.deliver.settings import EmailSettings
from report_gen.deliver.smtp import Outcome, recipients, transmit
from report_gen.store.db import Store
from report_gen.store.sent import FAILED, SENT, Sending, SentFile, record_sending


class Refusal(Exception):
    """`send` will not send this; the message (Vietnamese) says why and what to do."""


@dataclass(frozen=True)
class Outgoing:
    """One message: for the review (unit None) or for one unit's feedback."""

    year: int
    kind: str  # report_gen.store.sent.REVIEW or FEEDBACK
    message: EmailMessage
    files: tuple[SentFile, ...]  # the attachments, or the feedback page sent as body
    eml_name: str  # the dry run's file name in the output folder
    unit: str | None = None
    draft: bool = False

    @property
    def subject(self) -> str:
        return str(self.message["Subject"])

    @property
    def to(self) -> tuple[str, ...]:
        return _addresses(self.message, "To")

    @property
    def cc(self) -> tuple[str, ...]:
        return _addresses(self.message, "Cc")

    @property
    def recipients(self) -> tuple[str, ...]:
        return recipients(self.message)


def _addresses(msg: EmailMessage, name: str) -> tuple[str, ...]:
    header = msg.get(name)
    return tuple(a.addr_spec for a in header.addresses) if header is not None else ()


# transmit(cfg, password, message) -> Outcome; tests pass one with a quick back-off
Transmit = Callable[..., Outcome]


def send(out: Outgoing, cfg: EmailSettings, password: str | None, store: Store,
         transmit_: Transmit = transmit) -> Outcome:
    """Send `out` and record the attempt (sent, or failed with its reason)."""
    when = dt.datetime.now().astimezone().isoformat(timespec="seconds")
    outcome = transmit_(cfg, password, out.message)
    record_sending(store, Sending(
        year=out.year, kind=out.kind, unit=out.unit, attempted_at=when,
        sender=str(out.message["From"]), subject=out.subject,
        message_id=str(out.message["Message-ID"]), status=SENT if outcome.sent else FAILED,
        answer=outcome.answer, reason=outcome.reason, tries=outcome.tries, to=out.to,
        cc=out.cc, files=out.files, refused=outcome.refused, draft=out.draft))
    return outcome


def dry_run(out: Outgoing, out_dir: Path) -> Path:
    """Write `out` as .eml into `out_dir`; nothing is sent or recorded."""
    return write_eml(out.message, Path(out_dir) / out.eml_name)
