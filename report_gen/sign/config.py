"""The `[sign.person]` and `[sign.organisation]` sections of report_gen.toml: where each role's key
is (a PKCS#12 file, or a PKCS#11 token: module, token and key labels) and the image its signature
shows (the signer's handwritten signature; the organisation's seal and its real size).

Parsed here, from `Settings.extra`, so that a misspelt or missing key stops `sign` with a
Vietnamese message before anything is read or asked; relative paths are relative to
`Settings.base_dir` (the folder of the configuration file)."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from report_gen.config import ConfigError, Settings

PERSON = "person"
ORGANISATION = "organisation"
ROLES = (PERSON, ORGANISATION)

# What the officer reads about each role (the decree's words).
ROLE_VI = {PERSON: "người có thẩm quyền", ORGANISATION: "cơ quan, tổ chức"}
IMAGE_VI = {PERSON: "ảnh chữ ký", ORGANISATION: "ảnh con dấu"}
# Where each role's password (PKCS#12) or PIN (token) may be given; otherwise it is asked.
SECRET_ENV = {PERSON: "REPORT_GEN_SIGN_PERSON_PASSWORD",
              ORGANISATION: "REPORT_GEN_SIGN_ORG_PASSWORD"}

_KEY_KEYS = ("p12", "pkcs11_module", "token_label", "key_label", "cert_label")
_ALLOWED = {PERSON: _KEY_KEYS + ("image",),
            ORGANISATION: _KEY_KEYS + ("image", "seal_size_mm")}


@dataclass(frozen=True)
class Pkcs12Key:
    path: Path


@dataclass(frozen=True)
class Pkcs11Key:
    module: Path
    token_label: str
    key_label: str
    cert_label: str | None = None  # the key's label when None


@dataclass(frozen=True)
class RoleSettings:
    """One role's signing settings."""
    role: str
    key: Pkcs12Key | Pkcs11Key
    image: Path  # a transparent PNG
    seal_size_mm: float | None = None  # the organisation's seal, drawn at this diameter

    @property
    def section(self) -> str:
        return f"[sign.{self.role}]"


def from_settings(settings: Settings, role: str) -> RoleSettings:
    """The settings of `role` (PERSON or ORGANISATION); ConfigError (Vietnamese) when its
    section is missing, has a key it does not know, or misses one it needs."""
    section = f"[sign.{role}]"
    raw = settings.extra.get("sign", {})
    if not isinstance(raw, dict):
        raise ConfigError("Mục [sign] của tệp cấu hình phải gồm [sign.person] và "
                          "[sign.organisation].")
    for name in raw:
        if name not in ROLES and name != "trust":  # trust: report_gen.sign.verify's key
            raise ConfigError(f"Tệp cấu hình có mục không hiểu [sign.{name}] (chỉ dùng "
                              "[sign.person] và [sign.organisation]).")
    data = raw.get(role)
    if not isinstance(data, dict):
        raise ConfigError(f"Tệp cấu hình chưa có mục {section} (khóa ký số của "
                          f"{ROLE_VI[role]}): xem mục “Ký số báo cáo” trong README.")
    unknown = sorted(set(data) - set(_ALLOWED[role]))
    if unknown:
        raise ConfigError(f"Mục {section} có khóa không hiểu “{unknown[0]}” (các khóa dùng "
                          f"được: {', '.join(_ALLOWED[role])}).")
    base = settings.base_dir
    key = _key(data, section, base)
    if "image" not in data:
        raise ConfigError(f"Mục {section} thiếu image ({IMAGE_VI[role]}, tệp PNG nền trong "
                          "suốt).")
    image = _existing(_text(data, "image", section), base, section, "image")
    seal = None
    if role == ORGANISATION:
        seal = data.get("seal_size_mm")
        if isinstance(seal, bool) or not isinstance(seal, (int, float)) or not 10 <= seal <= 80:
            raise ConfigError(f"Mục {section} cần seal_size_mm: đường kính thật của con dấu, "
                              "tính bằng milimét (từ 10 đến 80), ví dụ seal_size_mm = 36.")
        seal = float(seal)
    return RoleSettings(role=role, key=key, image=image, seal_size_mm=seal)


def _key(data: dict, section: str, base: Path) -> Pkcs12Key | Pkcs11Key:
    if ("p12" in data) == ("pkcs11_module" in data):
        raise ConfigError(f"Mục {section} cần đúng một nguồn khóa: p12 = \"tệp.p12\" (tệp "
                          "PKCS#12) hoặc pkcs11_module = \"…\" cùng token_label, key_label "
                          "(thiết bị ký số USB token).")
    if "p12" in data:
        extra = [k for k in ("token_label", "key_label", "cert_label") if k in data]
        if extra:
            raise ConfigError(f"Mục {section}: {extra[0]} chỉ dùng với pkcs11_module, không "
                              "dùng với p12.")
        return Pkcs12Key(_existing(_text(data, "p12", section), base, section, "p12"))
    for needed in ("token_label", "key_label"):
        if needed not in data:
            raise ConfigError(f"Mục {section} dùng pkcs11_module nên cần cả token_label (tên "
                              "thiết bị) và key_label (tên khóa trên thiết bị).")
    return Pkcs11Key(module=_existing(_text(data, "pkcs11_module", section), base, section,
                                      "pkcs11_module"),
                     token_label=_text(data, "token_label", section),
                     key_label=_text(data, "key_label", section),
                     cert_label=(_text(data, "cert_label", section)
                                 if "cert_label" in data else None))


def _text(data: dict, key: str, section: str) -> str:
    value = data[key]
    if not isinstance(value, str) or not value.strip():
        raise ConfigError(f"Mục {section}: {key} phải là một chuỗi không rỗng.")
    return value


def _existing(value: str, base: Path, section: str, key: str) -> Path:
    path = Path(value)
    path = path if path.is_absolute() else base / path
    if not path.is_file():
        raise ConfigError(f"Không tìm thấy tệp {path} (mục {section}, {key}).")
    return path
