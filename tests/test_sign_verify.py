"""Issue 16: `report-gen verify` on the 2012 review signed by the test CA's signer and
organisation (fixtures of tests/support/signing.py): each signature's role, signer, time,
integrity, validity, coverage and trust, read by pyHanko; a changed byte, another CA, an
unsigned PDF and bytes that are no PDF, through the library and the command line."""

from __future__ import annotations

import dataclasses
import json
import re
import shutil
from io import BytesIO

import pytest

from report_gen.cli import main
from report_gen.config import ConfigError
from report_gen.sign import from_settings
from report_gen.sign.document import sign_review
from report_gen.sign.verify import SignatureCheck, TrustSettings, VerifyError, verify_pdf
from tests.support import pki as pki_support
from tests.support.signing import (SIGNED_AT, copy_build, organisation, password,  # noqa: F401
                                   person, pki)

ORG = "Ban Chỉ đạo phong trào bảo vệ ANTQ tỉnh Quảng Ninh"
AT = "2012-08-05T09:30:00+07:00"
NO_ROOTS = "chưa kiểm tra được độ tin cậy (chưa khai báo chứng thư gốc)"


@pytest.fixture(scope="module")
def signed(built_2012, pki, person, organisation, tmp_path_factory):
    """(the unsigned review, the copy signed by the signer only, the copy signed by both)."""
    folder = tmp_path_factory.mktemp("verify")
    out = copy_build(built_2012, folder / "out")
    sign_review(out, 2012, "person", person, password, now=SIGNED_AT)
    person_only = folder / "chi_nguoi_ky.pdf"
    shutil.copy(out / "bao_cao_2012_da_ky.pdf", person_only)
    sign_review(out, 2012, "organisation", organisation, password, now=SIGNED_AT)
    return out / "bao_cao_2012.pdf", person_only, out / "bao_cao_2012_da_ky.pdf"


@pytest.fixture(scope="module")
def other_root(tmp_path_factory):
    """The root of another test CA, which signed neither signature."""
    return pki_support.make_pki(tmp_path_factory.mktemp("ca_khac")).root_pem


@pytest.fixture(autouse=True)
def wide(monkeypatch):
    monkeypatch.setenv("COLUMNS", "300")  # one line per table row


def tampered(signed, target):
    """The signed copy with one byte changed inside the first stream of page 1's revision (the
    original PDF's range, covered by both signatures)."""
    unsigned, _, both = signed
    data = bytearray(both.read_bytes())
    at = data.index(b"stream\n", 0, unsigned.stat().st_size) + len(b"stream\n") + 20
    data[at] ^= 0x01
    target.write_bytes(bytes(data))
    return target


def tables(text: str) -> list[list[tuple[str, str]]]:
    """The rows (label, value) of each table rich printed, in order."""
    found: list[list[tuple[str, str]]] = []
    for line in text.splitlines():
        if re.fullmatch(r"Chữ ký \d+/\d+", line.strip()):
            found.append([])
        elif line.startswith("│"):
            cells = [c.strip() for c in line.strip("│").split("│")]
            found[-1].append((cells[0], cells[1]))
    return found


def rows(field, role, signer, intact, scope, trust, verdict):
    return [("Trường chữ ký", field), ("Vai trò", role), ("Người ký", signer),
            ("Thời gian ký", AT), ("Nguyên vẹn", intact), ("Hợp lệ", "hợp lệ về mật mã"),
            ("Phạm vi", scope), ("Tin cậy", trust), ("Kết luận", verdict)]


FIRST_SCOPE = ("toàn bộ văn bản đến lần ký này; sau đó chỉ thêm chữ ký số, điền ô biểu mẫu "
               "(được phép)")


def test_both_signatures_are_intact_valid_and_trusted_with_role_signer_and_time(signed, pki):
    result = verify_pdf(signed[2], [pki.root_pem])
    assert result.signatures == (
        SignatureCheck("ChuKyNguoiCoThamQuyen", "person", "Nguyễn Văn A", "", AT, True, True,
                       "entire_revision", "form_filling", True, True),
        SignatureCheck("ChuKyCoQuan", "organisation", ORG, ORG, AT, True, True, "entire_file",
                       "none", True, True))
    assert [(s.role_vi, s.signer_vi, s.ok) for s in result.signatures] == [
        ("người có thẩm quyền", "Nguyễn Văn A", True), ("cơ quan, tổ chức", ORG, True)]
    assert (result.trust_checked, result.ok) == (True, True)


def test_the_command_shows_each_signature_in_vietnamese_and_exits_0(signed, pki, capsys):
    assert main(["verify", str(signed[2]), "--trust", str(pki.root_pem)]) == 0
    out = capsys.readouterr().out
    assert tables(out) == [
        rows("ChuKyNguoiCoThamQuyen", "người có thẩm quyền", "Nguyễn Văn A", "nguyên vẹn",
             FIRST_SCOPE, "tin cậy", "đạt"),
        rows("ChuKyCoQuan", "cơ quan, tổ chức", ORG, "nguyên vẹn", "toàn bộ tệp", "tin cậy",
             "đạt")]
    lines = out.splitlines()
    assert lines[0] == f"Tệp {signed[2]}: 2 chữ ký số."
    assert lines[-1] == "Cả 2 chữ ký số đều nguyên vẹn, hợp lệ và tin cậy."


def test_one_changed_byte_makes_both_signatures_not_intact_and_exits_1(signed, pki, tmp_path,
                                                                       capsys):
    bad = tampered(signed, tmp_path / "da_sua.pdf")
    result = verify_pdf(bad, [pki.root_pem])
    assert [(s.intact, s.valid, s.trusted, s.ok, s.failures()) for s in result.signatures] == [
        (False, True, True, False, ["không nguyên vẹn"]),
        (False, True, True, False, ["không nguyên vẹn"])]
    assert main(["verify", str(bad), "--trust", str(pki.root_pem)]) == 1
    out = capsys.readouterr().out
    broken = "không nguyên vẹn (tệp đã bị sửa sau khi ký)"
    assert tables(out) == [
        rows("ChuKyNguoiCoThamQuyen", "người có thẩm quyền", "Nguyễn Văn A", broken,
             FIRST_SCOPE, "tin cậy", "KHÔNG ĐẠT: không nguyên vẹn"),
        rows("ChuKyCoQuan", "cơ quan, tổ chức", ORG, broken, "toàn bộ tệp", "tin cậy",
             "KHÔNG ĐẠT: không nguyên vẹn")]
    assert out.splitlines()[-1] == (
        "Có chữ ký số không đạt: chữ ký 1 (người có thẩm quyền): không nguyên vẹn; chữ ký 2 "
        "(cơ quan, tổ chức): không nguyên vẹn.")


def test_a_damaged_signature_value_is_a_broken_signature_and_exits_1(signed, pki, tmp_path,
                                                                     capsys):
    data = bytearray(signed[2].read_bytes())
    at = data.rindex(b"/Contents <") + len(b"/Contents <")  # the organisation's CMS, in hex
    data[at:at + 40] = b"0" * 40
    bad = tmp_path / "hong_chu_ky.pdf"
    bad.write_bytes(bytes(data))
    assert main(["verify", str(bad), "--trust", str(pki.root_pem)]) == 1
    out = capsys.readouterr().out
    assert tables(out)[1] == [
        ("Trường chữ ký", "ChuKyCoQuan"), ("Vai trò", "cơ quan, tổ chức"),
        ("Kết luận", "KHÔNG ĐẠT: không đọc được chữ ký (dữ liệu chữ ký bị hỏng)")]
    assert tables(out)[0][-1] == ("Kết luận", "đạt")
    assert out.splitlines()[-1] == ("Có chữ ký số không đạt: chữ ký 2 (cơ quan, tổ chức): không "
                                    "đọc được chữ ký (dữ liệu chữ ký bị hỏng).")


def test_another_ca_s_root_makes_the_signatures_untrusted_and_exits_1(signed, other_root,
                                                                      capsys, caplog):
    assert main(["verify", str(signed[2]), "--trust", str(other_root)]) == 1
    captured = capsys.readouterr()
    out = captured.out
    # no path-building traceback from pyHanko's log: the reason is in the table
    assert [r.name for r in caplog.records if r.name.startswith("pyhanko")] == []
    assert captured.err == ""
    untrusted = ("không tin cậy (không dựng được chuỗi chứng thư về chứng thư gốc nào đã khai "
                 "báo)")
    assert [t[-2:] for t in tables(out)] == [
        [("Tin cậy", untrusted), ("Kết luận", "KHÔNG ĐẠT: không tin cậy")]] * 2
    assert out.splitlines()[-1] == (
        "Có chữ ký số không đạt: chữ ký 1 (người có thẩm quyền): không tin cậy; chữ ký 2 (cơ "
        "quan, tổ chức): không tin cậy.")


def test_without_roots_trust_is_not_checked_and_said_so(signed, capsys):
    assert main(["verify", str(signed[1])]) == 0
    out = capsys.readouterr().out
    assert tables(out) == [rows("ChuKyNguoiCoThamQuyen", "người có thẩm quyền", "Nguyễn Văn A",
                                "nguyên vẹn", "toàn bộ tệp", NO_ROOTS, "đạt")]
    assert out.splitlines()[-1] == (
        "Chữ ký số nguyên vẹn và hợp lệ; chưa kiểm tra độ tin cậy: thêm --trust "
        "CHỨNG_THƯ_GỐC.pem hoặc khai báo [sign] trust trong report_gen.toml.")


def test_json_for_scripts(signed, other_root, capsys):
    assert main(["verify", str(signed[2]), "--trust", str(other_root), "--json"]) == 1
    common = {"signed_at": AT, "intact": True, "valid": True, "changes_allowed": True,
              "trusted": False, "ok": False, "problems": ["không tin cậy"]}
    assert json.loads(capsys.readouterr().out) == {
        "file": str(signed[2]), "trust_checked": True, "ok": False, "signatures": [
            {"field": "ChuKyNguoiCoThamQuyen", "role": "person", "signer": "Nguyễn Văn A",
             "organisation": None, "coverage": "entire_revision", "changes": "form_filling",
             **common},
            {"field": "ChuKyCoQuan", "role": "organisation", "signer": ORG,
             "organisation": ORG, "coverage": "entire_file", "changes": "none", **common}]}


def test_a_signature_in_another_field_is_another_signature(signed, pki, tmp_path):
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers
    signer = signers.SimpleSigner.load_pkcs12(pki.person.p12,
                                              passphrase=pki_support.PASSWORD.encode())
    writer = IncrementalPdfFileWriter(BytesIO(signed[0].read_bytes()))
    out = BytesIO()
    signers.sign_pdf(writer, signers.PdfSignatureMetadata(field_name="ChuKyKhac"), signer,
                     output=out)
    other = tmp_path / "khac.pdf"
    other.write_bytes(out.getvalue())
    [check] = verify_pdf(other, [pki.root_pem]).signatures
    assert (check.field, check.role, check.role_vi, check.ok) == (
        "ChuKyKhac", None, "chữ ký khác", True)


def test_the_signer_shows_its_organisation_when_it_differs():
    check = SignatureCheck("F", None, "Nguyễn Văn A", "Công an tỉnh Quảng Ninh", None, True, True,
                           "entire_file", "none", True, None)
    assert check.signer_vi == "Nguyễn Văn A (Công an tỉnh Quảng Ninh)"


def test_an_unsigned_pdf_exits_2_with_its_message(signed, capsys):
    assert main(["verify", str(signed[0])]) == 2
    assert capsys.readouterr().err.strip() == (
        "Không kiểm tra được: tệp bao_cao_2012.pdf không có chữ ký số nào.")


@pytest.mark.parametrize("content, message", [
    (b"\x00\x9f" + bytes(range(256)) * 8, "tệp rac.pdf không phải tệp PDF"),
    (b"%PDF-1.7\n1 0 obj\n<< /Type /Catalog", "tệp rac.pdf bị hỏng hoặc không đọc được như "
     "một tệp PDF (có thể bị cắt cụt khi chép, tải về)"),
])
def test_garbage_named_pdf_exits_2_with_a_message(tmp_path, capsys, content, message):
    (tmp_path / "rac.pdf").write_bytes(content)
    assert main(["verify", str(tmp_path / "rac.pdf")]) == 2
    captured = capsys.readouterr()
    assert captured.err.strip() == f"Không kiểm tra được: {message}."
    assert "Traceback" not in captured.out + captured.err


def test_a_truncated_signed_copy_exits_2_with_a_message(signed, tmp_path, capsys):
    cut = tmp_path / "cat_cut.pdf"
    cut.write_bytes(signed[2].read_bytes()[:150_000])
    assert main(["verify", str(cut)]) == 2
    assert capsys.readouterr().err.strip() == (
        "Không kiểm tra được: tệp cat_cut.pdf bị hỏng hoặc không đọc được như một tệp PDF (có "
        "thể bị cắt cụt khi chép, tải về).")


def test_a_root_that_is_not_a_certificate_exits_2(signed, capsys):
    with pytest.raises(VerifyError) as refused:
        verify_pdf(signed[2], [signed[0]])
    assert str(refused.value) == f"tệp {signed[0]} không phải tệp chứng thư số (PEM hoặc DER)"
    assert main(["verify", str(signed[2]), "--trust", str(signed[0])]) == 2
    assert capsys.readouterr().err.strip() == (
        f"Không kiểm tra được: tệp {signed[0]} không phải tệp chứng thư số (PEM hoặc DER).")


def test_roots_from_the_configuration_relative_to_it(signed, pki, tmp_path, capsys):
    (tmp_path / "goc").mkdir()
    shutil.copy(pki.root_pem, tmp_path / "goc" / "root.pem")
    config = tmp_path / "report_gen.toml"
    config.write_text('[sign]\ntrust = ["goc/root.pem"]\n', encoding="utf-8")
    from report_gen.config import load_settings
    loaded = load_settings(config)
    assert TrustSettings.from_settings(loaded) == TrustSettings((tmp_path / "goc" / "root.pem",))
    assert main(["--config", str(config), "verify", str(signed[2])]) == 0
    assert capsys.readouterr().out.splitlines()[-1] == (
        "Cả 2 chữ ký số đều nguyên vẹn, hợp lệ và tin cậy.")
    # `sign` reads the same [sign] section: the trust key is not a misspelt role to it
    with pytest.raises(ConfigError) as refused:
        from_settings(loaded, "person")
    assert str(refused.value).startswith("Tệp cấu hình chưa có mục [sign.person]")


@pytest.mark.parametrize("sign, message", [
    ({"trusts": ["goc.pem"]}, "Mục [sign] có khóa không hiểu “trusts” (dùng được: trust và các "
                              "mục [sign.person], [sign.organisation])."),
    ({"trust": [1]}, "[sign] trust phải là danh sách tệp chứng thư gốc, ví dụ trust = "
                     "[\"chung_thu_goc.pem\"]."),
])
def test_a_wrong_trust_setting_is_refused(settings, tmp_path, sign, message):
    with pytest.raises(ConfigError) as refused:
        TrustSettings.from_settings(dataclasses.replace(
            settings, extra={**settings.extra, "sign": sign}, base_dir=tmp_path))
    assert str(refused.value) == message


def test_a_missing_root_file_in_the_configuration_exits_2(signed, tmp_path, capsys):
    config = tmp_path / "report_gen.toml"
    config.write_text('[sign]\ntrust = "khong_co.pem"\n', encoding="utf-8")
    assert main(["--config", str(config), "verify", str(signed[2])]) == 2
    assert capsys.readouterr().err.strip() == (
        f"Lỗi cấu hình: Không tìm thấy tệp chứng thư gốc {tmp_path / 'khong_co.pem'} ([sign] "
        "trust).")
