"""Signing the built review: the checks before anything is signed, then one incremental update
per signature (pyHanko's IncrementalPdfFileWriter), so each earlier signature stays valid.

The signer's signature (role PERSON) turns out/bao_cao_Y.pdf into out/bao_cao_Y_da_ky.pdf; the
organisation's (role ORGANISATION) is added to that file afterwards. Both are approval
signatures: validating the first, pyHanko reports the second's update as form filling (a new
signature field), which keeps it valid, and any other change as a modification. (With the first
a certification signature, DocMDP P=2, pyHanko's difference analysis rejected the second's
update of the page, so the first would no longer validate.) Appendices in the same file get
no signature of their own: appendix I of Nghị định 30/2020 signs the appendices of a separate
file only; here the organisation's signature covers the whole file, appendices included."""

from __future__ import annotations

import asyncio
import datetime as dt
import hashlib
import logging
from contextlib import contextmanager
from dataclasses import dataclass
from io import BytesIO
from pathlib import Path
from typing import Callable, Iterator

from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
from pyhanko.pdf_utils.reader import PdfFileReader
from pyhanko.sign import fields, signers
from pyhanko.sign.signers import Signer
from pyhanko.sign.signers.pdf_cms import PdfCMSSignedAttributes

from report_gen.outputs import manifest
from report_gen.outputs.atomic import write_bytes
from report_gen.sign import appearance
from report_gen.sign.config import ORGANISATION, PERSON, RoleSettings
from report_gen.sign.errors import SignError
from report_gen.sign.keys import open_signer
from report_gen.sign.layout import Box, seal_box, signature_spot

SIGNED_NAME = "bao_cao_{year}_da_ky.pdf"
FIELDS = {PERSON: "ChuKyNguoiCoThamQuyen", ORGANISATION: "ChuKyCoQuan"}
REASONS = {PERSON: "Người có thẩm quyền ký ban hành", ORGANISATION: "Cơ quan, tổ chức ký số"}
VIETNAM = dt.timezone(dt.timedelta(hours=7))


@dataclass(frozen=True)
class SignOutcome:
    path: Path  # the signed file
    role: str
    signer: str  # the certificate's subject (common name)
    signed_at: str  # ISO 8601, Vietnam time, seconds
    replaced_old: bool = False  # a signed copy of an earlier build was replaced


def signed_path(out_dir: Path, year: int) -> Path:
    return Path(out_dir) / SIGNED_NAME.format(year=year)


def vietnam_time(moment: dt.datetime | None = None) -> dt.datetime:
    """`moment` (now when None) in Vietnam time (UTC+07:00), whole seconds."""
    return (moment or dt.datetime.now(VIETNAM)).astimezone(VIETNAM).replace(microsecond=0)


def sign_review(out_dir: Path, year: int, role: str, settings: RoleSettings,
                secret: Callable[[], str], now: dt.datetime | None = None) -> SignOutcome:
    """Sign the review of `year` in `out_dir` as `role`; the secret is asked (`secret()`) only
    once every check has passed. SignError (Vietnamese) when refused: nothing is written."""
    base, replaced = ready_to_sign(out_dir, year, role)
    password = secret()
    at = vietnam_time(now)
    with open_signer(settings, password) as signer:
        name = subject_name(signer)
        data = _signed(base, role, settings, signer, name, at)
    target = signed_path(out_dir, year)
    write_bytes(target, data)
    return SignOutcome(target, role, name, at.isoformat(), replaced)


def ready_to_sign(out_dir: Path, year: int, role: str) -> tuple[bytes, bool]:
    """The bytes to sign onto (the built PDF for PERSON, the signed copy for ORGANISATION) and
    whether an older signed copy will be replaced; SignError when the review must not be
    signed: no build, a draft, a role that has signed already, the organisation before the
    signer.

    The signer signs the review only when it is what the last build wrote from the input folder
    as it is now (manifest.stale_reasons). The organisation signs what the signer signed: the
    signed copy must begin with the PDF the last build recorded and carry the signer's intact
    signature; it needs the output folder only, so the clerk (văn thư) can sign on another
    machine."""
    out_dir = Path(out_dir)
    try:
        built = manifest.load(out_dir, year)
    except manifest.ManifestError as exc:
        raise SignError(str(exc)) from None
    if built.draft:
        raise SignError(f"báo cáo năm {year} là bản DỰ THẢO: chỉ ký bản chính thức (bổ sung, "
                        "sửa số liệu rồi chạy lại “report-gen build”)")
    target = signed_path(out_dir, year)
    signed = target.read_bytes() if target.is_file() else None
    if role == PERSON:
        return _ready_for_person(built, out_dir, signed, target), signed is not None
    return _ready_for_organisation(built, signed, target), False


def _ready_for_person(built: manifest.Manifest, out_dir: Path, signed: bytes | None,
                      target: Path) -> bytes:
    year = built.year
    reasons = manifest.stale_reasons(built, out_dir, ("pdf",))
    if reasons:
        raise SignError(f"báo cáo năm {year} không còn đúng là bản lập lần cuối: "
                        + "; ".join(reasons) + ". Hãy chạy lại “report-gen build” rồi ký")
    pdf = (out_dir / built.outputs["pdf"].file).read_bytes()
    # a signed copy of an earlier build is replaced; one of this build is signed already
    if signed is not None and signed.startswith(pdf) and PERSON in signed_roles(signed):
        raise SignError(f"báo cáo năm {year} đã có chữ ký số của người có thẩm quyền (tệp "
                        f"{target.name}); không ký lại")
    return pdf


def _ready_for_organisation(built: manifest.Manifest, signed: bytes | None,
                            target: Path) -> bytes:
    year = built.year
    roles = signed_roles(signed) if signed is not None else set()
    if PERSON not in roles:
        raise SignError(f"chưa có chữ ký số của người có thẩm quyền trên báo cáo năm {year}: cơ "
                        f"quan ký sau (chạy “report-gen sign --year {year} --as person” trước)")
    pdf = built.outputs.get("pdf")
    head = signed[:pdf.size] if pdf is not None else b""
    if pdf is None or hashlib.sha256(head).hexdigest() != pdf.sha256:
        raise SignError(f"tệp {target.name} được ký trên một bản báo cáo khác bản lập lần cuối "
                        f"({built.built_at.replace('T', ' ')}): người có thẩm quyền cần ký lại "
                        f"bản mới (“report-gen sign --year {year} --as person”)")
    if not _intact(signed, FIELDS[PERSON]):
        raise SignError(f"chữ ký số của người có thẩm quyền trong tệp {target.name} không còn "
                        "nguyên vẹn (tệp đã bị sửa sau khi ký): người có thẩm quyền cần ký lại "
                        f"(“report-gen sign --year {year} --as person”)")
    if ORGANISATION in roles:
        raise SignError(f"báo cáo năm {year} đã có chữ ký số của cơ quan (tệp {target.name}); "
                        "không ký lại")
    return signed


def fully_signed(out_dir: Path, built: manifest.Manifest) -> bytes | None:
    """The signed copy of the review `built` recorded, when it carries both signatures intact
    and was signed from that very PDF (what `send` delivers in place of the unsigned one);
    None otherwise."""
    target = signed_path(out_dir, built.year)
    pdf = built.outputs.get("pdf")
    if pdf is None or not target.is_file():
        return None
    signed = target.read_bytes()
    if hashlib.sha256(signed[:pdf.size]).hexdigest() != pdf.sha256 or \
            signed_roles(signed) != {PERSON, ORGANISATION}:
        return None
    return signed if all(_intact(signed, f) for f in FIELDS.values()) else None


def _intact(data: bytes, field: str) -> bool:
    """Whether the signature in `field` still matches the bytes it signed (integrity and the
    signature's mathematics only: trust is `verify`'s business)."""
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext
    reader = PdfFileReader(BytesIO(data))
    sig = next(s for s in reader.embedded_signatures if s.field_name == field)
    try:
        with quiet_pyhanko():
            status = validate_pdf_signature(sig, ValidationContext(trust_roots=[]),
                                            skip_diff=True)
    except Exception:  # noqa: BLE001 - a signature pyHanko cannot even read is not intact
        return False
    return bool(status.intact and status.valid)


@contextmanager
def quiet_pyhanko() -> Iterator[None]:
    """pyHanko logs a certificate path it cannot build, with an English traceback on the
    officer's screen; what went wrong is in the status it returns, so its log is held back."""
    loggers = [logging.getLogger(n) for n in ("pyhanko", "pyhanko_certvalidator")]
    before = [lg.level for lg in loggers]
    for lg in loggers:
        lg.setLevel(logging.CRITICAL + 1)
    try:
        yield
    finally:
        for lg, level in zip(loggers, before):
            lg.setLevel(level)


def signed_roles(data: bytes) -> set[str]:
    """The roles whose signature fields of this tool are signed in the PDF `data`."""
    by_field = {f: r for r, f in FIELDS.items()}
    try:
        reader = PdfFileReader(BytesIO(data))
        return {by_field[s.field_name] for s in reader.embedded_signatures
                if s.field_name in by_field}
    except Exception:  # noqa: BLE001 - an unreadable signed copy carries no signature
        return set()


def subject_name(signer: Signer) -> str:
    cert = signer.signing_cert
    names = cert.subject.native if cert is not None else {}
    return str(names.get("common_name") or names.get("organization_name") or "")


def _signed(base: bytes, role: str, settings: RoleSettings, signer: Signer, name: str,
            at: dt.datetime) -> bytes:
    writer = IncrementalPdfFileWriter(BytesIO(base), strict=False)
    spot = signature_spot(writer.prev)
    if role == PERSON:
        box, style, params = spot, appearance.person_style(settings.image), None
    else:
        seal = seal_box(spot, settings.seal_size_mm or 0)
        # the seal at the box's left; the information over the signature's right part
        box = Box(seal.page, seal.x0, seal.y0, max(seal.x1, spot.x1), seal.y1)
        style = appearance.organisation_style(settings.image, text_lift=spot.y0 - seal.y0)
        params = {"info": appearance.organisation_info(name, at.isoformat())}
    meta = signers.PdfSignatureMetadata(
        field_name=FIELDS[role], md_algorithm="sha256", reason=REASONS[role],
        subfilter=fields.SigSeedSubFilter.PADES)
    pdf_signer = signers.PdfSigner(
        meta, signer, stamp_style=style,
        new_field_spec=fields.SigFieldSpec(sig_field_name=FIELDS[role], on_page=box.page,
                                           box=box.rect()))
    return asyncio.run(_run(pdf_signer, writer, at, params))


async def _run(pdf_signer: signers.PdfSigner, writer: IncrementalPdfFileWriter,
               at: dt.datetime, params: dict | None) -> bytes:
    """pyHanko's PdfSigner.async_sign_pdf, with the signing time given: the time the
    appearance shows is the one the signature carries."""
    session = pdf_signer.init_signing_session(writer)
    session.system_time = at
    info = await session.perform_presign_validation(writer)
    reserved = await session.estimate_signature_container_size(info, tight=False)
    tbs = session.prepare_tbs_document(validation_info=info, bytes_reserved=reserved,
                                       appearance_text_params=params)
    digest, output = tbs.digest_tbs_document(in_place=False, chunk_size=4096, output=None)
    done = await tbs.perform_signature(
        document_digest=digest.document_digest,
        pdf_cms_signed_attrs=PdfCMSSignedAttributes(
            signing_time=at,
            cades_signed_attrs=pdf_signer.signature_meta.cades_signed_attr_spec))
    await done.post_signature_processing(output, chunk_size=4096)
    output.seek(0)
    return output.read()
