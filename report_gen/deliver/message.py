"""The messages `send` delivers, built with the standard `email` package (policy.SMTP with 7-bit
bodies: CRLF line ends, RFC 2047 for a Vietnamese subject and names, RFC 2231 for a Vietnamese
attachment name), and their `.eml` copy for a dry run."""

from __future__ import annotations

import datetime as dt
import hashlib
from dataclasses import dataclass
from email import policy
from email.header import Header
from email.message import EmailMessage
from email.utils import format_datetime, make_msgid
from pathlib import Path

from report_gen import text as vn
from report_gen.deliver.settings import EmailSettings, address_of

DRAFT_MARK = "[DỰ THẢO] "
# policy.SMTP with bodies kept 7-bit (base64 or quoted-printable for Vietnamese text): a server
# without 8BITMIME gets a message it may relay as is.
POLICY = policy.SMTP.clone(cte_type="7bit")


@dataclass(frozen=True)
class Attachment:
    name: str  # the file name the recipient sees
    data: bytes
    mime: str  # "application/pdf"

    @property
    def sha256(self) -> str:
        return hashlib.sha256(self.data).hexdigest()

    @property
    def size(self) -> int:
        return len(self.data)


def review_subject(subject: str, draft: bool) -> str:
    """ "V/v báo cáo kết quả … năm 2012" from the document's subject line (the review's own title,
    report_gen.outputs.html.review_title), marked "[DỰ THẢO]" for a draft sent on purpose."""
    from report_gen.outputs.html import review_title
    title = review_title(subject)
    return f"{DRAFT_MARK if draft else ''}V/v {title[:1].lower()}{title[1:]}"


def review_body(issuing_body: str, number: str, date: dt.date, subject: str,
                attachments: list[Attachment], draft: bool) -> str:
    """The covering note of the review: which document, of what date, what is attached."""
    from report_gen.outputs.html import review_title
    lines = [f"{' '.join(issuing_body.split())} trân trọng gửi kèm theo thư này "
             f"Báo cáo số {number} ngày {vn.short_date(date)}: {review_title(subject)}.", ""]
    if draft:
        lines += ["Lưu ý: đây là bản DỰ THẢO (số liệu chưa đầy đủ hoặc còn lỗi), chưa phải văn "
                  "bản chính thức.", ""]
    lines.append("Tệp đính kèm:")
    lines += [f"- {a.name} ({size_text(a.size)}; SHA-256 {a.sha256})" for a in attachments]
    lines += ["", "Thư được gửi từ công cụ tổng hợp báo cáo report-gen."]
    return "\n".join(lines) + "\n"


def size_text(n: int) -> str:
    """1536 -> "1,5 KB" (Vietnamese decimal comma)."""
    if n < 1024:
        return f"{n} byte"
    if n < 1024 * 1024:
        return f"{vn.number(n / 1024)} KB"
    return f"{vn.number(n / (1024 * 1024))} MB"


def decimal(x: float) -> str:
    """A setting as the officer wrote it, with a decimal comma: 0.5 -> "0,5", 10 -> "10"."""
    return f"{x:g}".replace(".", ",")


def new_message(cfg: EmailSettings, to: tuple[str, ...], cc: tuple[str, ...], subject: str,
                now: dt.datetime | None = None) -> EmailMessage:
    """The headers every message of `send` has; a fresh Message-ID in the sender's domain."""
    msg = EmailMessage(policy=POLICY)
    msg["From"] = cfg.sender
    msg["To"] = ", ".join(to)
    if cc:
        msg["Cc"] = ", ".join(cc)
    set_subject(msg, subject)
    msg["Date"] = format_datetime(now or dt.datetime.now().astimezone())
    msg["Message-ID"] = make_msgid(domain=address_of(cfg.sender).rpartition("@")[2])
    return msg


def set_subject(msg: EmailMessage, subject: str) -> None:
    """A Vietnamese subject as RFC 2047 encoded words that keep every space: Python 3.11's
    folder drops the space where it breaks a line between two encoded words (CPython
    gh-144156, "toàn dân" arrives as "toàndân"), so the subject is encoded by the `Header`
    class, which splits inside words, and stored as is."""
    if subject.isascii():
        msg["Subject"] = subject
    else:
        msg.set_raw("Subject", Header(subject, "utf-8", header_name="Subject")
                    .encode(linesep="\r\n"))


def with_attachments(msg: EmailMessage, body: str, attachments: list[Attachment]) -> EmailMessage:
    msg.set_content(body)
    for a in attachments:
        maintype, _, subtype = a.mime.partition("/")
        msg.add_attachment(a.data, maintype=maintype, subtype=subtype, filename=a.name)
    return msg


def with_html(msg: EmailMessage, html: str) -> EmailMessage:
    """An HTML body with its plain-text alternative (for mail readers that show no HTML)."""
    from report_gen.deliver.plain import plain_text
    msg.set_content(plain_text(html))
    msg.add_alternative(html, subtype="html")
    return msg


def write_eml(msg: EmailMessage, path: Path) -> Path:
    """The message as the server would receive it, for a dry run (opens in any mail reader)."""
    from report_gen.outputs.atomic import write_bytes
    write_bytes(path, msg.as_bytes(policy=POLICY))
    return path
