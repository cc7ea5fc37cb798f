"""Issue 16: the organisation signs through a PKCS#11 token, a real one in software (Debian's
softhsm2): the test makes a token in its own SOFTHSM2_CONF folder, imports the organisation's
key (softhsm2-util, PKCS#8 PEM) and certificate (python-pkcs11), then signs the signer's copy
with it and validates both signatures; a wrong PIN is a Vietnamese message."""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

import pytest

from report_gen.sign import SignError
from report_gen.sign.config import ORGANISATION, Pkcs11Key, RoleSettings
from report_gen.sign.document import sign_review
from tests.support.signing import (SEAL_MM, SIGNED_AT, copy_build, password, person,  # noqa: F401
                                   pki, validate)

TOKEN = "CoQuan"
KEY = "dau-co-quan"
PIN = "246810"
MODULES = ("/usr/lib/softhsm/libsofthsm2.so", "/usr/lib/x86_64-linux-gnu/softhsm/libsofthsm2.so",
           "/usr/lib/aarch64-linux-gnu/softhsm/libsofthsm2.so", "/usr/local/lib/softhsm/libsofthsm2.so")


def _module() -> Path:
    found = next((Path(m) for m in MODULES if Path(m).is_file()), None)
    if found is None or shutil.which("softhsm2-util") is None:
        pytest.fail("SoftHSM2 is not installed (Debian package softhsm2; scripts/system-deps.sh "
                    "installs it with WITH_TEST_TOOLS=1)")
    return found


@pytest.fixture(scope="module")
def token(pki, tmp_path_factory):
    """A SoftHSM2 token holding the organisation's key and certificate; SOFTHSM2_CONF points at
    its folder for the module's tests (the library reads it when first loaded)."""
    module = _module()
    folder = tmp_path_factory.mktemp("softhsm")
    (folder / "tokens").mkdir()
    conf = folder / "softhsm2.conf"
    conf.write_text(f"directories.tokendir = {folder / 'tokens'}\nobjectstore.backend = file\n"
                    "log.level = ERROR\n", encoding="utf-8")
    key_pem = folder / "co_quan.pem"
    key_pem.write_bytes(pki.organisation.key_pkcs8_pem())
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("SOFTHSM2_CONF", str(conf))
        env = {**os.environ, "SOFTHSM2_CONF": str(conf)}
        subprocess.run(["softhsm2-util", "--init-token", "--free", "--label", TOKEN,
                        "--so-pin", "13579", "--pin", PIN], check=True, env=env,
                       capture_output=True)
        subprocess.run(["softhsm2-util", "--import", str(key_pem), "--token", TOKEN,
                        "--label", KEY, "--id", "01", "--pin", PIN], check=True, env=env,
                       capture_output=True)
        key_pem.unlink()
        _write_certificate(module, pki.organisation.cert)
        yield module


def _write_certificate(module: Path, cert) -> None:
    """The certificate beside its key (same label and id), with the subject SoftHSM requires."""
    import pkcs11
    from cryptography.hazmat.primitives import serialization
    from pkcs11 import Attribute, CertificateType, ObjectClass
    lib = pkcs11.lib(str(module))
    with lib.get_token(token_label=TOKEN).open(rw=True, user_pin=PIN) as session:
        session.create_object({Attribute.CLASS: ObjectClass.CERTIFICATE,
                               Attribute.CERTIFICATE_TYPE: CertificateType.X_509,
                               Attribute.TOKEN: True, Attribute.LABEL: KEY,
                               Attribute.ID: b"\x01",
                               Attribute.SUBJECT: cert.subject.public_bytes(),
                               Attribute.ISSUER: cert.issuer.public_bytes(),
                               Attribute.VALUE: cert.public_bytes(serialization.Encoding.DER)})


@pytest.fixture
def org_token(token, pki):
    return RoleSettings(ORGANISATION, Pkcs11Key(token, TOKEN, KEY),
                        pki.root_pem.parent / "con_dau.png", float(SEAL_MM))


@pytest.fixture
def signed_by_person(built_2012, person, tmp_path):
    out = copy_build(built_2012, tmp_path / "out")
    sign_review(out, 2012, "person", person, password, now=SIGNED_AT)
    return out


def test_the_organisation_signs_through_the_token(signed_by_person, org_token, pki):
    done = sign_review(signed_by_person, 2012, "organisation", org_token, lambda: PIN,
                       now=SIGNED_AT)
    statuses = validate(done.path, pki.root)
    assert [name for name, _ in statuses] == ["ChuKyNguoiCoThamQuyen", "ChuKyCoQuan"]
    for _, status in statuses:
        assert (status.intact, status.valid, status.trusted, status.bottom_line) == (
            True, True, True, True)
    assert statuses[1][1].signing_cert.dump() == pki.organisation.cert_der()


def test_a_wrong_pin_signs_nothing(signed_by_person, org_token):
    before = (signed_by_person / "bao_cao_2012_da_ky.pdf").read_bytes()
    with pytest.raises(SignError) as refused:
        sign_review(signed_by_person, 2012, "organisation", org_token, lambda: "000000",
                    now=SIGNED_AT)
    assert str(refused.value) == "sai mã PIN của thiết bị ký số “CoQuan”"
    assert (signed_by_person / "bao_cao_2012_da_ky.pdf").read_bytes() == before


def test_a_token_that_is_not_there_is_named(signed_by_person, org_token):
    import dataclasses
    absent = dataclasses.replace(org_token, key=Pkcs11Key(org_token.key.module, "KhongCo", KEY))
    with pytest.raises(SignError) as refused:
        sign_review(signed_by_person, 2012, "organisation", absent, lambda: PIN, now=SIGNED_AT)
    assert str(refused.value) == ("không thấy thiết bị ký số “KhongCo”: hãy cắm thiết bị rồi "
                                  "chạy lại")
