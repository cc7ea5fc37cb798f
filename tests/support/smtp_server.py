"""A real SMTP server for the delivery tests: aiosmtpd's Controller on 127.0.0.1 (a free port),
plain or with STARTTLS (a self-signed certificate made for the test session) and AUTH LOGIN/PLAIN.

The handler keeps every message it accepted (`received`) and can be told to refuse an address at
RCPT, to answer DATA with a temporary 451 a number of times first, or with a given answer."""

from __future__ import annotations

import datetime as dt
import ipaddress
import socket
import ssl
from contextlib import contextmanager
from dataclasses import dataclass, field
from email import message_from_bytes, policy
from email.message import EmailMessage
from pathlib import Path
from typing import Iterator

from aiosmtpd.controller import Controller
from aiosmtpd.smtp import AuthResult, LoginPassword

USER = "vanthu@example.gov.vn"
PASSWORD = "Mat-khau-dung-42"


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@dataclass
class Received:
    mail_from: str
    rcpt_tos: list[str]
    data: bytes

    @property
    def message(self) -> EmailMessage:
        return message_from_bytes(self.data, policy=policy.default)


@dataclass
class Handler:
    refuse: set[str] = field(default_factory=set)  # addresses answered 550 at RCPT
    temporary: int = 0  # DATA answered "451" this many times before it is accepted
    data_answer: str | None = None  # DATA answered this (e.g. "552 ...") instead of 250
    received: list[Received] = field(default_factory=list)
    data_calls: int = 0

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if address in self.refuse:
            return "550 5.1.1 Mailbox unavailable"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        self.data_calls += 1
        if self.data_calls <= self.temporary:
            return "451 4.3.0 Try again later"
        if self.data_answer:
            return self.data_answer
        self.received.append(Received(envelope.mail_from, list(envelope.rcpt_tos),
                                      bytes(envelope.content)))
        return "250 2.0.0 Queued as TEST1"


def authenticator(server, session, envelope, mechanism, auth_data):
    ok = (isinstance(auth_data, LoginPassword) and auth_data.login == USER.encode()
          and auth_data.password == PASSWORD.encode())
    return AuthResult(success=ok, handled=False)  # handled=False: the server answers 535


@dataclass
class Server:
    host: str
    port: int
    handler: Handler
    cert: Path | None = None


@contextmanager
def smtp_server(handler: Handler | None = None, tls: tuple[Path, Path] | None = None
                ) -> Iterator[Server]:
    """A running server: plain (no login) without `tls`; with `tls` (cert, key) STARTTLS is
    required and so is AUTH, which is only offered over TLS."""
    handler = handler or Handler()
    kwargs: dict = {}
    if tls is not None:
        ctx = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        ctx.load_cert_chain(str(tls[0]), str(tls[1]))
        kwargs = dict(tls_context=ctx, require_starttls=True, authenticator=authenticator,
                      auth_required=True, auth_require_tls=True)
    controller = Controller(handler, hostname="127.0.0.1", port=free_port(), **kwargs)
    controller.start()
    try:
        yield Server("127.0.0.1", controller.port, handler, tls[0] if tls else None)
    finally:
        controller.stop()


def self_signed(folder: Path) -> tuple[Path, Path]:
    """A certificate for 127.0.0.1 and localhost, and its key (PEM files in `folder`)."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "localhost")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=2))
            .add_extension(x509.SubjectAlternativeName(
                [x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = folder / "cert.pem", folder / "key.pem"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path


@contextmanager
def silent_server() -> Iterator[int]:
    """A port that accepts connections and never answers (for the time-out)."""
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        s.listen(8)
        yield s.getsockname()[1]
