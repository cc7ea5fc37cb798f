"""Checking the digital signatures of a PDF (`report-gen verify`): for each signature, in the
order it was made, who signed and when, whether the bytes it signed are intact, whether the
signature is mathematically valid, what it covers (the whole file, or the whole document up to
its revision with only allowed changes after it) and whether the signer's certificate leads to
a trusted root. Everything is pyHanko's validation (validate_pdf_signature over a
ValidationContext of the given roots); this module only turns its status into the officer's
words and a verdict.

The roots are PEM or DER certificate files: `--trust` on the command line and `[sign] trust`
in report_gen.toml (parsed here, relative to the configuration file's folder). Without any,
trust is not checked, and the report says so instead of calling the signer untrusted."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Sequence

from report_gen.config import ConfigError, Settings
from report_gen.sign.config import ROLE_VI, ROLES
from report_gen.sign.document import FIELDS, VIETNAM, quiet_pyhanko

TRUST_KEY = "trust"
OTHER_ROLE_VI = "chữ ký khác"
NO_ROOTS_VI = "chưa kiểm tra được độ tin cậy (chưa khai báo chứng thư gốc)"
# pyHanko's coverage levels, by name (JSON) and in the officer's words
COVERAGE_VI = {"entire_file": "toàn bộ tệp",
               "entire_revision": "toàn bộ văn bản đến lần ký này",
               "contiguous_block_from_start": "chỉ một phần đầu của tệp, không trọn văn bản",
               "unclear": "không xác định được phần được ký"}
# what changed after a signature that does not cover the whole file (ModificationLevel)
CHANGES_VI = {"none": "sau đó không có thay đổi nào",
              "lta_updates": "sau đó chỉ thêm dữ liệu kiểm tra chữ ký, dấu thời gian",
              "form_filling": "sau đó chỉ thêm chữ ký số, điền ô biểu mẫu",
              "annotations": "sau đó có thêm ghi chú, chú thích",
              "other": "sau đó nội dung bị sửa"}
# why a certificate is not trusted (pyHanko's AdES sub-indication, by name)
NO_CHAIN_VI = "không dựng được chuỗi chứng thư về chứng thư gốc nào đã khai báo"
UNTRUSTED_VI = {"NO_CERTIFICATE_CHAIN_FOUND": NO_CHAIN_VI,
                "CERTIFICATE_CHAIN_GENERAL_FAILURE": NO_CHAIN_VI,  # pyHanko: no path built
                "EXPIRED": "chứng thư số đã hết hạn",
                "OUT_OF_BOUNDS_NO_POE": "chứng thư số đã hết hạn",
                "OUT_OF_BOUNDS_NOT_REVOKED": "chứng thư số đã hết hạn",
                "NOT_YET_VALID": "chứng thư số chưa có hiệu lực",
                "REVOKED": "chứng thư số đã bị thu hồi",
                "REVOKED_NO_POE": "chứng thư số đã bị thu hồi",
                "REVOKED_CA_NO_POE": "chứng thư của tổ chức cấp đã bị thu hồi"}


class VerifyError(Exception):
    """The file cannot be checked at all (not a PDF, no signature, roots unreadable); the
    message is in Vietnamese."""


@dataclass(frozen=True)
class TrustSettings:
    """`[sign] trust = ["goc.pem", …]`: the root certificates signatures are checked against."""
    roots: tuple[Path, ...] = ()

    @classmethod
    def from_settings(cls, settings: Settings) -> "TrustSettings":
        """The [sign] section's trust list; ConfigError (Vietnamese) for a key [sign] does not
        know, a value that is not a list of file names, or a file that does not exist."""
        raw = settings.extra.get("sign", {})
        if not isinstance(raw, dict):
            raise ConfigError("Mục [sign] của tệp cấu hình phải gồm [sign.person], "
                              "[sign.organisation] và trust.")
        unknown = sorted(set(raw) - {*ROLES, TRUST_KEY})
        if unknown:
            raise ConfigError(f"Mục [sign] có khóa không hiểu “{unknown[0]}” (dùng được: trust "
                              "và các mục [sign.person], [sign.organisation]).")
        value = raw.get(TRUST_KEY, [])
        if isinstance(value, str):
            value = [value]
        if not isinstance(value, list) or not all(isinstance(v, str) and v.strip()
                                                  for v in value):
            raise ConfigError("[sign] trust phải là danh sách tệp chứng thư gốc, ví dụ "
                              "trust = [\"chung_thu_goc.pem\"].")
        roots = []
        for name in value:
            path = Path(name) if Path(name).is_absolute() else settings.base_dir / name
            if not path.is_file():
                raise ConfigError(f"Không tìm thấy tệp chứng thư gốc {path} ([sign] trust).")
            roots.append(path)
        return cls(tuple(roots))


@dataclass(frozen=True)
class SignatureCheck:
    """One signature of the file, as pyHanko validated it."""
    field: str
    role: str | None  # PERSON or ORGANISATION (this tool's fields), None for another field
    signer: str  # the certificate subject's common name
    organisation: str  # its organisation name ("" when it has none)
    signed_at: str | None  # the signed signing-time attribute, ISO 8601 in Vietnam time
    intact: bool  # the bytes it signed are unchanged
    valid: bool  # the signature's mathematics hold for its certificate
    coverage: str  # a key of COVERAGE_VI
    changes: str | None  # after its revision: a key of CHANGES_VI; None when not analysed
    changes_allowed: bool  # coverage and later changes are what a signed document allows
    trusted: bool | None  # None: no root was given
    untrusted_reason: str = ""  # why not trusted, in Vietnamese
    problem: str = ""  # pyHanko could not read the signature at all (Vietnamese)

    @property
    def role_vi(self) -> str:
        return ROLE_VI[self.role] if self.role else OTHER_ROLE_VI

    @property
    def signer_vi(self) -> str:
        """"CN (O)", or the common name alone when the organisation is absent or the same."""
        if self.organisation and self.organisation != self.signer:
            return f"{self.signer} ({self.organisation})"
        return self.signer or self.organisation or "không rõ"

    @property
    def ok(self) -> bool:
        """Intact, valid, covering what it must, and trusted unless trust was not checked."""
        return (self.intact and self.valid and self.changes_allowed and not self.problem
                and self.trusted is not False)

    def failures(self) -> list[str]:
        """What is wrong with it, in the officer's words (empty when `ok`)."""
        if self.problem:
            return [self.problem]
        found = []
        if not self.intact:
            found.append("không nguyên vẹn")
        if not self.valid:
            found.append("không hợp lệ")
        if not self.changes_allowed:
            found.append("phần được ký hoặc thay đổi sau khi ký không được phép")
        if self.trusted is False:
            found.append("không tin cậy")
        return found


@dataclass(frozen=True)
class Verification:
    """Every signature of one PDF, in the order they were made."""
    path: Path
    signatures: tuple[SignatureCheck, ...]
    trust_checked: bool  # roots were given

    @property
    def ok(self) -> bool:
        return all(s.ok for s in self.signatures)


def verify_pdf(path: Path, roots: Sequence[Path] = ()) -> Verification:
    """Validate each signature of the PDF at `path` against the root certificates in the files
    `roots` (PEM or DER); VerifyError (Vietnamese) when the file or a root cannot be read, is
    not a PDF, or carries no signature."""
    from pyhanko_certvalidator import ValidationContext
    anchors = load_roots(roots)
    data = _read(Path(path))
    signatures = _embedded(data, Path(path))
    checks = []
    with quiet_pyhanko():
        for field, sig in signatures:
            # a fresh context each time: pyHanko's contexts cache what they learnt
            checks.append(_check(field, sig, ValidationContext(trust_roots=anchors),
                                 trust_checked=bool(anchors)))
    return Verification(Path(path), tuple(checks), bool(anchors))


def load_roots(paths: Sequence[Path]) -> list:
    """The certificates in the files `paths` (PEM, one or more, or DER), as asn1crypto
    certificates; VerifyError when a file is missing or holds no certificate."""
    from asn1crypto import pem, x509
    certs = []
    for path in paths:
        try:
            data = Path(path).read_bytes()
        except OSError:
            raise VerifyError(f"không đọc được tệp chứng thư gốc {path}") from None
        try:
            ders = [der for _, _, der in pem.unarmor(data, multiple=True)] \
                if pem.detect(data) else [data]
            found = [x509.Certificate.load(der) for der in ders]
            for cert in found:
                cert.native  # noqa: B018 - parses it all now: a broken one fails here
        except Exception:  # noqa: BLE001 - asn1crypto raises many kinds for bad bytes
            found = []
        if not found:
            raise VerifyError(f"tệp {path} không phải tệp chứng thư số (PEM hoặc DER)")
        certs.extend(found)
    return certs


def _read(path: Path) -> bytes:
    try:
        data = path.read_bytes()
    except IsADirectoryError:
        raise VerifyError(f"{path} là một thư mục, không phải tệp PDF") from None
    except FileNotFoundError:
        raise VerifyError(f"không tìm thấy tệp {path}") from None
    except OSError as exc:
        raise VerifyError(f"không đọc được tệp {path} ({exc.strerror})") from None
    if b"%PDF-" not in data[:1024]:
        raise VerifyError(f"tệp {path.name} không phải tệp PDF")
    return data


def _embedded(data: bytes, path: Path) -> list[tuple[str, object]]:
    """(field name, pyHanko's EmbeddedPdfSignature) of each signed field, in signing order;
    a field whose signature pyHanko cannot even parse comes last, with None (pyHanko's own
    `embedded_signatures` would fail for the whole file)."""
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.fields import enumerate_sig_fields
    from pyhanko.sign.validation import EmbeddedPdfSignature
    try:
        with quiet_pyhanko():
            reader = PdfFileReader(BytesIO(data))
            fields = list(enumerate_sig_fields(reader, filled_status=True))
    except Exception:  # noqa: BLE001 - a broken PDF raises anything from deep inside
        raise VerifyError(f"tệp {path.name} bị hỏng hoặc không đọc được như một tệp PDF "
                          "(có thể bị cắt cụt khi chép, tải về)") from None
    if not fields:
        raise VerifyError(f"tệp {path.name} không có chữ ký số nào")
    read, broken = [], []
    for name, _, field in fields:
        try:
            sig = EmbeddedPdfSignature(reader, field, name)
            read.append((sig.signed_revision, name, sig))
        except Exception:  # noqa: BLE001 - a damaged signature value, of any kind
            broken.append((name, None))
    return [(name, sig) for _, name, sig in sorted(read, key=lambda r: r[0])] + broken


def _check(field: str, sig, context, trust_checked: bool) -> SignatureCheck:
    """pyHanko's status of one embedded signature (None: unreadable) in this module's terms."""
    from pyhanko.sign.validation import validate_pdf_signature
    role = {f: r for r, f in FIELDS.items()}.get(field)
    status = None
    if sig is not None:
        try:
            status = validate_pdf_signature(sig, context)
        except Exception:  # noqa: BLE001 - a signature pyHanko cannot even parse is broken
            status = None
    if status is None:
        return SignatureCheck(field, role, "", "", None, False, False, "unclear", None,
                              False, None,
                              problem="không đọc được chữ ký (dữ liệu chữ ký bị hỏng)")
    names = status.signing_cert.subject.native
    coverage = status.coverage.name.lower()
    level = status.modification_level
    chain_ok = status.trust_problem_indic is None and status.validation_path is not None
    trusted = chain_ok if trust_checked else None
    reason = ""
    if trusted is False:
        indic = status.trust_problem_indic
        reason = UNTRUSTED_VI.get(getattr(indic, "name", ""),
                                  "chuỗi chứng thư số không đạt yêu cầu"
                                  + (f" (mã {indic.name})" if indic is not None else ""))
    return SignatureCheck(
        field=field, role=role,
        signer=str(names.get("common_name") or ""),
        organisation=str(names.get("organization_name") or ""),
        signed_at=_vietnam(status.signer_reported_dt),
        intact=bool(status.intact), valid=bool(status.valid), coverage=coverage,
        changes=None if level is None else level.name.lower(),
        changes_allowed=coverage in ("entire_file", "entire_revision")
        and status.docmdp_ok is True,
        trusted=trusted, untrusted_reason=reason)


def _vietnam(moment: dt.datetime | None) -> str | None:
    if moment is None:
        return None
    if moment.tzinfo is None:  # a signing time without zone is UTC (RFC 5652, UTCTime)
        moment = moment.replace(tzinfo=dt.timezone.utc)
    return moment.astimezone(VIETNAM).replace(microsecond=0).isoformat()
