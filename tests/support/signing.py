"""Fixtures of the signing tests (import them into a test module): the test PKI and images,
the role settings that use them, and a copy of the session's 2012 build to sign."""

from __future__ import annotations

import datetime as dt
import shutil
from pathlib import Path

import pytest

from tests.support import pki as pki_support

# The signing time of every test signature: 09:30:00 in Vietnam on 5 August 2012.
SIGNED_AT = dt.datetime(2012, 8, 5, 2, 30, 0, tzinfo=dt.timezone.utc)
SIGNED_AT_VI = "2012-08-05T09:30:00+07:00"
SEAL_MM = 36


@pytest.fixture(scope="session")
def pki(tmp_path_factory):
    folder = tmp_path_factory.mktemp("pki")
    made = pki_support.make_pki(folder)
    pki_support.signature_png(folder / "chu_ky.png")
    pki_support.seal_png(folder / "con_dau.png")
    return made


@pytest.fixture(scope="session")
def person(pki):
    from report_gen.sign.config import PERSON, Pkcs12Key, RoleSettings
    return RoleSettings(PERSON, Pkcs12Key(pki.person.p12), pki.root_pem.parent / "chu_ky.png")


@pytest.fixture(scope="session")
def organisation(pki):
    from report_gen.sign.config import ORGANISATION, Pkcs12Key, RoleSettings
    return RoleSettings(ORGANISATION, Pkcs12Key(pki.organisation.p12),
                        pki.root_pem.parent / "con_dau.png", float(SEAL_MM))


def copy_build(built_2012, target: Path) -> Path:
    """The out folder of the session's 2012 build copied to `target` (its manifest with it)."""
    shutil.copytree(built_2012[1].pdf.parent, target)
    return target


def password() -> str:
    return pki_support.PASSWORD


def never_asked() -> str:
    raise AssertionError("the secret must not be asked when signing is refused")


def validate(pdf: Path, root) -> list:
    """pyHanko's validation status of each embedded signature, trusting only the test root."""
    from asn1crypto import x509 as asn1_x509
    from cryptography.hazmat.primitives import serialization
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko_certvalidator import ValidationContext

    anchor = asn1_x509.Certificate.load(root.public_bytes(serialization.Encoding.DER))
    with open(pdf, "rb") as f:
        reader = PdfFileReader(f)
        return [(s.field_name, validate_pdf_signature(s, ValidationContext(trust_roots=[anchor])))
                for s in reader.embedded_signatures]
