"""Handing one message to the officer's mail server (`smtplib`), with the failures an officer can
act on told in Vietnamese, and temporary (4xx) answers retried with back-off.

`transmit` never raises for what a server or a network does: it returns an Outcome that says
whether the message was accepted, the server's last answer, the addresses it refused and, when
it failed, why (the caller records the attempt either way). The password is only handed to
`SMTP.login`; it is never part of an answer, a reason or a log."""

from __future__ import annotations

import smtplib
import socket
import ssl
import time
from dataclasses import dataclass, field
from email.message import EmailMessage
from typing import Callable

from report_gen.deliver.message import POLICY, decimal, size_text
from report_gen.deliver.settings import PASSWORD_ENV, EmailSettings, address_of

# Seconds to wait before each new try after a temporary (4xx) answer: 4 tries in all.
BACKOFF: tuple[float, ...] = (5, 15, 45)
TOO_LARGE = 552


@dataclass(frozen=True)
class Outcome:
    sent: bool
    answer: str  # the server's last answer ("250 OK"), "" when it never answered
    tries: int
    reason: str = ""  # why it failed (Vietnamese); "" when sent
    refused: dict[str, str] = field(default_factory=dict)  # address -> the server's answer


class _Temporary(Exception):
    """A 4xx answer: worth another try after a pause."""

    def __init__(self, answer: str, reason: str) -> None:
        super().__init__(reason)
        self.answer, self.reason = answer, reason


class _Failed(Exception):
    def __init__(self, answer: str, reason: str) -> None:
        super().__init__(reason)
        self.answer, self.reason = answer, reason


def recipients(msg: EmailMessage) -> tuple[str, ...]:
    """Every To and Cc address of `msg` (the envelope's RCPT TO), each once."""
    found: list[str] = []
    for name in ("To", "Cc"):
        header = msg.get(name)
        if header is not None:
            found += [a.addr_spec for a in header.addresses]
    return tuple(dict.fromkeys(found))


def transmit(cfg: EmailSettings, password: str | None, msg: EmailMessage, *,
             backoff: tuple[float, ...] = BACKOFF,
             sleep: Callable[[float], None] = time.sleep) -> Outcome:
    """Send `msg` through the server of `cfg`; a temporary answer is retried after each pause
    of `backoff` (tests pass their own `sleep`)."""
    data = msg.as_bytes(policy=POLICY)
    rcpts = recipients(msg)
    tries = 0
    while True:
        tries += 1
        try:
            answer, refused = _once(cfg, password, address_of(str(msg["From"])), rcpts, data)
            return Outcome(True, answer, tries, refused=refused)
        except _Temporary as exc:
            if tries > len(backoff):
                return Outcome(False, exc.answer, tries,
                               f"máy chủ thư tạm thời chưa nhận thư sau {tries} lần thử "
                               f"({exc.reason}); hãy gửi lại sau")
            sleep(backoff[tries - 1])
        except _Failed as exc:
            return Outcome(False, exc.answer, tries, exc.reason)


def _once(cfg: EmailSettings, password: str | None, sender: str, rcpts: tuple[str, ...],
          data: bytes) -> tuple[str, dict[str, str]]:
    """One SMTP session: connect, secure, log in, MAIL, RCPT each address, DATA."""
    where = f"{cfg.host}:{cfg.port}"
    try:
        with _connect(cfg) as smtp:
            smtp.ehlo()
            if cfg.security == "starttls":
                smtp.starttls(context=tls_context(cfg))
                smtp.ehlo()
            if cfg.username:
                _login(smtp, cfg.username, password or "")
            options = [f"SIZE={len(data)}"] if smtp.has_extn("size") else []
            code, resp = smtp.mail(sender, options)
            if code != 250:
                raise smtplib.SMTPSenderRefused(code, resp, sender)
            refused: dict[str, str] = {}
            for rcpt in rcpts:
                code, resp = smtp.rcpt(rcpt)
                if code not in (250, 251):
                    refused[rcpt] = _answer(code, resp)
            if len(refused) == len(rcpts):
                smtp.rset()
                raise smtplib.SMTPRecipientsRefused(refused)
            code, resp = smtp.data(data)
            if code != 250:
                raise smtplib.SMTPDataError(code, resp)
            return _answer(code, resp), refused
    except smtplib.SMTPRecipientsRefused as exc:
        answers = exc.recipients
        text = "; ".join(f"{a} ({x})" for a, x in answers.items())
        if all(str(x).startswith("4") for x in answers.values()):
            raise _Temporary(text, f"máy chủ tạm hoãn nhận thư cho {', '.join(answers)}")
        raise _Failed(text, f"máy chủ thư từ chối mọi địa chỉ nhận: {', '.join(answers)}; "
                            "kiểm tra các địa chỉ to, cc trong mục [email]") from None
    except smtplib.SMTPAuthenticationError as exc:
        raise _Failed(_answer(exc.smtp_code, exc.smtp_error),
                      f"máy chủ thư {cfg.host} không chấp nhận tên đăng nhập hoặc mật khẩu; "
                      f"kiểm tra username trong mục [email] và mật khẩu (biến môi trường "
                      f"{PASSWORD_ENV})") from None
    except smtplib.SMTPNotSupportedError as exc:
        what = "STARTTLS" if "STARTTLS" in str(exc) else "đăng nhập (AUTH)"
        raise _Failed("", f"máy chủ thư {where} không hỗ trợ {what} trên kết nối này; kiểm tra "
                          "security và port trong mục [email]") from None
    except smtplib.SMTPResponseException as exc:
        answer = _answer(exc.smtp_code, exc.smtp_error)
        if 400 <= exc.smtp_code < 500:
            raise _Temporary(answer, f"trả lời {answer}") from None
        if exc.smtp_code == TOO_LARGE:
            raise _Failed(answer, f"máy chủ thư từ chối vì thư quá lớn ({size_text(len(data))}); "
                                  "đặt max_size_mb trong mục [email] theo giới hạn của máy chủ "
                                  "hoặc bỏ attach_workbook") from None
        if isinstance(exc, smtplib.SMTPSenderRefused):
            raise _Failed(answer, f"máy chủ thư từ chối địa chỉ gửi {sender}; kiểm tra sender "
                                  "trong mục [email] (địa chỉ của tài khoản username)") from None
        raise _Failed(answer, f"máy chủ thư từ chối thư (trả lời {answer})") from None
    except smtplib.SMTPServerDisconnected as exc:
        if isinstance(exc.__context__, TimeoutError):  # smtplib reports a read time-out so
            raise _Failed("", _timed_out(cfg)) from None
        raise _Failed("", f"máy chủ thư {where} ngắt kết nối giữa chừng; kiểm tra security và "
                          "port trong mục [email], rồi gửi lại") from None
    except UnicodeEncodeError:
        raise _Failed("", "địa chỉ thư điện tử có chữ có dấu (ngoài bảng mã ASCII); kiểm tra "
                          "sender, to, cc trong mục [email] và địa chỉ của đơn vị") from None
    except smtplib.SMTPException as exc:
        raise _Failed("", f"không gửi được qua máy chủ thư {where}: {exc}") from None
    except ssl.SSLCertVerificationError as exc:
        raise _Failed(str(exc.verify_message or ""),
                      f"không xác minh được chứng thư bảo mật (TLS) của máy chủ thư {cfg.host}; "
                      "kiểm tra host trong mục [email] (đúng tên ghi trên chứng thư) hoặc khai "
                      "báo ca_file nếu cơ quan dùng chứng thư riêng") from None
    except ssl.SSLError as exc:
        raise _Failed(str(exc.reason or ""),
                      f"không thiết lập được kết nối bảo mật (TLS) với máy chủ thư {where}; "
                      "kiểm tra security (“starttls” với cổng 587, “ssl” với cổng 465) và "
                      "port trong mục [email]") from None
    except socket.gaierror:
        raise _Failed("", f"không tìm thấy máy chủ thư “{cfg.host}”; kiểm tra host trong mục "
                          "[email] và kết nối mạng") from None
    except TimeoutError:
        raise _Failed("", _timed_out(cfg)) from None
    except ConnectionRefusedError:
        raise _Failed("", f"máy chủ thư {cfg.host} từ chối kết nối ở cổng {cfg.port}; kiểm tra "
                          "port và security trong mục [email]") from None
    except OSError as exc:
        raise _Failed("", f"không kết nối được máy chủ thư {where} "
                          f"({exc.strerror or type(exc).__name__}); kiểm tra host, port trong "
                          "mục [email] và kết nối mạng") from None


def _login(smtp: smtplib.SMTP, username: str, password: str) -> None:
    """smtplib sends credentials as ASCII only: say so instead of failing obscurely."""
    try:
        smtp.login(username, password)
    except UnicodeEncodeError:
        raise _Failed("", "tên đăng nhập hoặc mật khẩu có chữ có dấu (ngoài bảng mã ASCII), "
                          "chương trình không gửi được qua giao thức SMTP; hãy đổi mật khẩu "
                          "không dấu cho tài khoản thư") from None


def _timed_out(cfg: EmailSettings) -> str:
    return (f"máy chủ thư {cfg.host}:{cfg.port} không trả lời sau {decimal(cfg.timeout)} giây; "
            "kiểm tra host, port trong mục [email] và kết nối mạng")


def _connect(cfg: EmailSettings) -> smtplib.SMTP:
    if cfg.security == "ssl":
        return smtplib.SMTP_SSL(cfg.host, cfg.port, timeout=cfg.timeout,
                                context=tls_context(cfg))
    return smtplib.SMTP(cfg.host, cfg.port, timeout=cfg.timeout)


def tls_context(cfg: EmailSettings) -> ssl.SSLContext:
    """The system's trusted certificates, plus `ca_file` when configured."""
    ctx = ssl.create_default_context()
    if cfg.ca_file is not None:
        ctx.load_verify_locations(cafile=str(cfg.ca_file))
    return ctx


def _answer(code: int, resp: bytes | str) -> str:
    text = resp.decode("utf-8", "replace") if isinstance(resp, bytes) else str(resp)
    return f"{code} {' '.join(text.split())}".strip()
