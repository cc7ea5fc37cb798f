"""The `[email]` section of report_gen.toml: the officer's mail server and account, and where the
review goes. Parsed here, from Settings.extra, so a wrong, missing or misspelt key stops the
command with a Vietnamese message before anything is read or sent."""

from __future__ import annotations

from dataclasses import dataclass
from email.headerregistry import Address
from email.policy import SMTP as SMTP_POLICY
from pathlib import Path

from report_gen.config import ConfigError, Settings

SECURITIES = {"starttls": 587, "ssl": 465, "none": 25}
# "none" sends the password and the review in clear: only to a server on this computer.
LOCAL_HOSTS = frozenset({"localhost", "127.0.0.1", "::1"})
KEYS = frozenset({"host", "port", "security", "username", "sender", "to", "cc",
                  "attach_workbook", "max_size_mb", "ca_file", "timeout", "require_signed"})
PASSWORD_ENV = "REPORT_GEN_SMTP_PASSWORD"


@dataclass(frozen=True)
class EmailSettings:
    host: str
    port: int
    security: str  # "starttls", "ssl" or "none"
    username: str  # "" : the server asks no login
    sender: str  # "Văn thư BCĐ <vanthu@example.gov.vn>"
    to: tuple[str, ...]
    cc: tuple[str, ...] = ()
    attach_workbook: bool = False
    max_size_mb: float = 10
    ca_file: Path | None = None  # certificates to trust besides the system's (a test server)
    timeout: float = 30  # seconds to wait for the server at each step
    require_signed: bool = False  # send only a copy signed by both roles (report-gen sign)

    @property
    def sender_address(self) -> str:
        """The bare address of `sender` (the SMTP envelope's MAIL FROM)."""
        return address_of(self.sender)

    @property
    def max_bytes(self) -> int:
        return int(self.max_size_mb * 1024 * 1024)

    @classmethod
    def from_settings(cls, settings: Settings) -> "EmailSettings":
        """The [email] section of the merged configuration; ConfigError (Vietnamese) when it is
        missing, misspelt or wrong."""
        raw = settings.extra.get("email")
        if not isinstance(raw, dict):
            raise ConfigError("chưa có mục [email] trong tệp cấu hình report_gen.toml (máy chủ "
                              "thư, tài khoản, địa chỉ nhận): xem hướng dẫn “Gửi báo cáo qua "
                              "thư điện tử” trong README")
        unknown = sorted(set(raw) - KEYS)
        if unknown:
            raise ConfigError(f"mục [email] có khóa không hiểu: {', '.join(unknown)} (các khóa "
                              f"dùng được: {', '.join(sorted(KEYS))})")
        host = _text(raw, "host", required=True)
        security = _text(raw, "security", default="starttls")
        if security not in SECURITIES:
            raise ConfigError(f"[email] security = “{security}” không hợp lệ: chọn “starttls”, "
                              "“ssl” hoặc “none”")
        if security == "none" and host.lower() not in LOCAL_HOSTS:
            raise ConfigError(f"[email] security = “none” chỉ dùng được với máy chủ thư trên máy "
                              f"này (localhost), không dùng với {host}: mật khẩu và báo cáo sẽ "
                              "đi qua mạng không mã hóa; hãy dùng “starttls” hoặc “ssl”")
        port = _number(raw, "port", SECURITIES[security], whole=True)
        if not 0 < port < 65536:
            raise ConfigError(f"[email] port = {port} không phải cổng hợp lệ (1–65535)")
        to = _addresses(raw, "to", required=True)
        ca = _text(raw, "ca_file", default="")
        ca_file = None
        if ca:
            ca_file = Path(ca) if Path(ca).is_absolute() else settings.base_dir / ca
            if not ca_file.is_file():
                raise ConfigError(f"[email] ca_file: không tìm thấy tệp chứng thư {ca_file}")
        attach = raw.get("attach_workbook", False)
        if not isinstance(attach, bool):
            raise ConfigError("[email] attach_workbook phải là true hoặc false")
        signed = raw.get("require_signed", False)
        if not isinstance(signed, bool):
            raise ConfigError("[email] require_signed phải là true hoặc false")
        sender = _text(raw, "sender", required=True)
        _check_address(sender, "sender")
        return cls(host=host, port=int(port), security=security,
                   username=_text(raw, "username", default=""), sender=sender, to=to,
                   cc=_addresses(raw, "cc"), attach_workbook=attach,
                   max_size_mb=_number(raw, "max_size_mb", 10),
                   ca_file=ca_file, timeout=_number(raw, "timeout", 30),
                   require_signed=signed)


def address_of(value: str) -> str:
    """"Văn thư <vanthu@x.vn>" -> "vanthu@x.vn" (the header parser of the email package)."""
    header = SMTP_POLICY.header_factory("to", value)
    return header.addresses[0].addr_spec


def _check_address(value: str, key: str) -> None:
    try:
        header = SMTP_POLICY.header_factory("to", value)
        addresses: tuple[Address, ...] = header.addresses
        ok = (len(addresses) == 1 and not header.defects
              and "@" in addresses[0].addr_spec and addresses[0].domain)
    except (ValueError, IndexError, TypeError):
        ok = False
    if not ok:
        raise ConfigError(f"[email] {key}: “{value}” không phải một địa chỉ thư điện tử hợp lệ")


def _text(raw: dict, key: str, default: str | None = None, required: bool = False) -> str:
    value = raw.get(key, default)
    if required and (value is None or (isinstance(value, str) and not value.strip())):
        raise ConfigError(f"mục [email] thiếu khóa {key}")
    if not isinstance(value, str):
        raise ConfigError(f"[email] {key} phải là một chuỗi trong ngoặc kép")
    return value.strip()


def _number(raw: dict, key: str, default: float, whole: bool = False) -> float:
    value = raw.get(key, default)
    if isinstance(value, bool) or not isinstance(value, (int, float)) or (
            whole and not isinstance(value, int)) or value <= 0:
        kind = "một số nguyên dương" if whole else "một số dương"
        raise ConfigError(f"[email] {key} phải là {kind}")
    return value


def _addresses(raw: dict, key: str, required: bool = False) -> tuple[str, ...]:
    value = raw.get(key, [])
    if isinstance(value, str):
        value = [value]
    if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
        raise ConfigError(f"[email] {key} phải là danh sách địa chỉ, ví dụ "
                          f"{key} = [\"bcd@example.gov.vn\"]")
    value = [v.strip() for v in value if v.strip()]
    if required and not value:
        raise ConfigError(f"mục [email] thiếu khóa {key} (địa chỉ nhận báo cáo)")
    for v in value:
        _check_address(v, key)
    return tuple(value)
