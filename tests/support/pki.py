"""A test PKI made at test time with `cryptography`: a root CA, the signer's certificate and the
organisation's, written as PKCS#12 files (and as PKCS#8 PEM + DER for a PKCS#11 token), plus
the images the signatures show (a blue handwritten signature, a red round seal) drawn with
Pillow. Nothing binary is checked in."""

from __future__ import annotations

import datetime as dt
import math
from dataclasses import dataclass
from pathlib import Path

from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import rsa
from cryptography.hazmat.primitives.serialization import pkcs12
from cryptography.x509.oid import ExtendedKeyUsageOID, NameOID

PERSON_NAME = "Nguyễn Văn A"
ORG_NAME = "Ban Chỉ đạo phong trào bảo vệ ANTQ tỉnh Quảng Ninh"
PASSWORD = "mat-khau-thu"


@dataclass(frozen=True)
class Identity:
    key: rsa.RSAPrivateKey
    cert: x509.Certificate
    p12: Path

    def key_pkcs8_pem(self) -> bytes:
        return self.key.private_bytes(serialization.Encoding.PEM,
                                      serialization.PrivateFormat.PKCS8,
                                      serialization.NoEncryption())

    def cert_der(self) -> bytes:
        return self.cert.public_bytes(serialization.Encoding.DER)


@dataclass(frozen=True)
class TestPki:
    root: x509.Certificate
    root_pem: Path
    person: Identity
    organisation: Identity


def _name(common: str, org: str | None = None) -> x509.Name:
    attrs = [x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
             x509.NameAttribute(NameOID.COMMON_NAME, common)]
    if org:
        attrs.insert(1, x509.NameAttribute(NameOID.ORGANIZATION_NAME, org))
    return x509.Name(attrs)


def _key() -> rsa.RSAPrivateKey:
    return rsa.generate_private_key(public_exponent=65537, key_size=2048)


def make_pki(folder: Path) -> TestPki:
    """The CA and both identities; PKCS#12 files protected by PASSWORD."""
    folder.mkdir(parents=True, exist_ok=True)
    now = dt.datetime.now(dt.timezone.utc) - dt.timedelta(days=1)
    ca_key = _key()
    ca_name = _name("Test Root CA report-gen", "Kiểm thử")
    root = (x509.CertificateBuilder().subject_name(ca_name).issuer_name(ca_name)
            .public_key(ca_key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now).not_valid_after(now + dt.timedelta(days=30))
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .add_extension(x509.KeyUsage(False, False, False, False, False, True, True, False,
                                         False), critical=True)
            .add_extension(x509.SubjectKeyIdentifier.from_public_key(ca_key.public_key()),
                           critical=False)
            .sign(ca_key, hashes.SHA256()))
    root_pem = folder / "root.pem"
    root_pem.write_bytes(root.public_bytes(serialization.Encoding.PEM))

    def issue(common: str, org: str | None, file: str) -> Identity:
        key = _key()
        cert = (x509.CertificateBuilder().subject_name(_name(common, org))
                .issuer_name(ca_name).public_key(key.public_key())
                .serial_number(x509.random_serial_number())
                .not_valid_before(now).not_valid_after(now + dt.timedelta(days=30))
                .add_extension(x509.BasicConstraints(ca=False, path_length=None), critical=True)
                .add_extension(x509.KeyUsage(True, True, False, False, False, False, False,
                                             False, False), critical=True)
                .add_extension(x509.ExtendedKeyUsage([ExtendedKeyUsageOID.EMAIL_PROTECTION]),
                               critical=False)
                .add_extension(x509.AuthorityKeyIdentifier.from_issuer_public_key(
                    ca_key.public_key()), critical=False)
                .sign(ca_key, hashes.SHA256()))
        p12 = folder / file
        p12.write_bytes(pkcs12.serialize_key_and_certificates(
            common.encode("utf-8"), key, cert, [root],
            serialization.BestAvailableEncryption(PASSWORD.encode("utf-8"))))
        return Identity(key, cert, p12)

    return TestPki(root=root, root_pem=root_pem,
                   person=issue(PERSON_NAME, None, "nguoi_ky.p12"),
                   organisation=issue(ORG_NAME, ORG_NAME, "co_quan.p12"))


def signature_png(path: Path) -> Path:
    """A blue handwritten-looking stroke on a transparent background (600 × 250 px)."""
    from PIL import Image, ImageDraw
    img = Image.new("RGBA", (600, 250), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    points = [(40 + t * 5, 140 + 60 * math.sin(t / 6) * math.exp(-t / 140)) for t in range(105)]
    draw.line(points, fill=(20, 40, 170, 255), width=7, joint="curve")
    draw.line([(120, 200), (520, 180)], fill=(20, 40, 170, 255), width=5)
    img.save(path, "PNG")
    return path


def seal_png(path: Path) -> Path:
    """A red round seal: two rings and a star on a transparent background (400 × 400 px)."""
    from PIL import Image, ImageDraw
    img = Image.new("RGBA", (400, 400), (0, 0, 0, 0))
    draw = ImageDraw.Draw(img)
    red = (210, 20, 20, 255)
    draw.ellipse((6, 6, 394, 394), outline=red, width=12)
    draw.ellipse((70, 70, 330, 330), outline=red, width=5)
    star = [(200 + r * math.sin(i * math.pi / 5), 200 - r * math.cos(i * math.pi / 5))
            for i, r in zip(range(10), [80, 32] * 5)]
    draw.polygon(star, fill=red)
    img.save(path, "PNG")
    return path


EXAMPLE_CONFIG = """[sign.person]
p12 = "{folder}/nguoi_ky.p12"
image = "{folder}/chu_ky.png"

[sign.organisation]
p12 = "{folder}/co_quan.p12"
image = "{folder}/con_dau.png"
seal_size_mm = 36
"""


def main(argv: list[str] | None = None) -> int:
    """`python -m tests.support.pki FOLDER`: a test CA, both PKCS#12 files (password
    PASSWORD), both images and the [sign.*] sections that use them, to try `report-gen sign`
    (the signatures are trusted only by FOLDER/root.pem)."""
    import sys
    args = sys.argv[1:] if argv is None else argv
    folder = Path(args[0] if args else "thu_ky_so")
    make_pki(folder)
    signature_png(folder / "chu_ky.png")
    seal_png(folder / "con_dau.png")
    (folder / "report_gen_sign.toml").write_text(EXAMPLE_CONFIG.format(folder=folder.as_posix()),
                                                 encoding="utf-8")
    print(f"{folder}: root.pem, nguoi_ky.p12, co_quan.p12 (mật khẩu {PASSWORD}), chu_ky.png, "
          "con_dau.png, report_gen_sign.toml")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
