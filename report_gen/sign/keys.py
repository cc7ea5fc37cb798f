"""A role's key, opened with its secret: a PKCS#12 file (pyHanko's SimpleSigner) or a PKCS#11
token (pyHanko's PKCS11Signer over a session of the token's module). The secret (password or
PIN) is used once here and kept nowhere."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator

from pyhanko.sign.signers import Signer, SimpleSigner

from report_gen.sign.config import Pkcs11Key, Pkcs12Key, RoleSettings
from report_gen.sign.errors import SignError


@contextmanager
def open_signer(settings: RoleSettings, secret: str) -> Iterator[Signer]:
    """The pyHanko signer of `settings.key`, open for the duration of the block; SignError
    (Vietnamese) when the key cannot be opened."""
    if isinstance(settings.key, Pkcs12Key):
        yield _pkcs12(settings.key, secret)
    else:
        with _pkcs11(settings.key, secret) as signer:
            yield signer


def _pkcs12(key: Pkcs12Key, secret: str) -> Signer:
    try:
        data = key.path.read_bytes()
    except OSError as exc:
        raise SignError(f"không đọc được tệp khóa {key.path}: {exc.strerror}") from None
    try:
        # load_pkcs12_data raises (load_pkcs12 logs a traceback and returns None)
        signer = SimpleSigner.load_pkcs12_data(data, other_certs=set(),
                                                passphrase=secret.encode("utf-8"))
    except Exception:  # noqa: BLE001 - cryptography says only "invalid password or data"
        signer = None
    if signer is None or signer.signing_cert is None:
        raise SignError(f"không mở được tệp khóa {key.path.name}: sai mật khẩu hoặc tệp không "
                        "phải tệp PKCS#12 (.p12, .pfx)")
    return signer


@contextmanager
def _pkcs11(key: Pkcs11Key, secret: str) -> Iterator[Signer]:
    from pkcs11 import exceptions as p11
    from pyhanko.config.pkcs11 import TokenCriteria
    from pyhanko.sign.pkcs11 import PKCS11Signer, open_pkcs11_session

    where = f"thiết bị ký số “{key.token_label}”"
    try:
        session = open_pkcs11_session(str(key.module),
                                      token_criteria=TokenCriteria(label=key.token_label),
                                      user_pin=secret)
    except p11.PinIncorrect:
        raise SignError(f"sai mã PIN của {where}") from None
    except p11.PinLocked:
        raise SignError(f"{where} đã bị khóa mã PIN (nhập sai quá số lần cho phép)") from None
    except p11.PKCS11Error as exc:
        if "No token" in str(exc):
            raise SignError(f"không thấy {where}: hãy cắm thiết bị rồi chạy lại") from None
        raise SignError(f"không mở được {where}: {type(exc).__name__}") from None
    except Exception as exc:  # noqa: BLE001 - a module that is not a PKCS#11 library
        raise SignError(f"không nạp được thư viện PKCS#11 {key.module} "
                        f"({type(exc).__name__})") from None
    try:
        signer = PKCS11Signer(session, key_label=key.key_label,
                              cert_label=key.cert_label or key.key_label)
        try:
            signer.signing_cert  # noqa: B018 - loads the certificate and key handle now
        except p11.PKCS11Error:
            raise SignError(f"không thấy khóa “{key.key_label}” và chứng thư số của nó trên "
                            f"{where}") from None
        yield signer
    finally:
        session.close()
