"""Issue 16: what `sign` refuses, each with its exact Vietnamese message, asking no secret and
writing nothing: no build, a draft, a PDF changed since the build, a role signing twice, the
organisation before the signer, a wrong password; and a rebuilt review signed again."""

from __future__ import annotations

import json

import pytest

from report_gen import text as vn
from report_gen.outputs import manifest
from report_gen.sign import SignError
from report_gen.sign.document import sign_review
from tests.support.signing import (SIGNED_AT, copy_build, never_asked, organisation,  # noqa: F401
                                   password, person, pki)

TWICE_PERSON = ("báo cáo năm 2012 đã có chữ ký số của người có thẩm quyền (tệp "
                "bao_cao_2012_da_ky.pdf); không ký lại")
PERSON_FIRST = ("chưa có chữ ký số của người có thẩm quyền trên báo cáo năm 2012: cơ quan ký "
                "sau (chạy “report-gen sign --year 2012 --as person” trước)")


@pytest.fixture
def out(built_2012, tmp_path):
    return copy_build(built_2012, tmp_path / "out")


def _refused(out, role, settings, secret=never_asked) -> str:
    signed = out / "bao_cao_2012_da_ky.pdf"
    before = signed.read_bytes() if signed.exists() else None
    with pytest.raises(SignError) as refused:
        sign_review(out, 2012, role, settings, secret, now=SIGNED_AT)
    assert (signed.read_bytes() if signed.exists() else None) == before  # nothing written
    return str(refused.value)


def test_no_build_says_which_command_to_run(tmp_path, person):
    assert _refused(tmp_path, "person", person) == (
        f"chưa có báo cáo năm 2012 trong thư mục {tmp_path}: hãy chạy “report-gen build … "
        f"--year 2012 --out {tmp_path}” trước")


def test_a_draft_review_is_not_signed(out, person):
    record = manifest.path_for(out, 2012)
    data = json.loads(record.read_text(encoding="utf-8"))
    data["draft"] = True  # what a build of an incomplete folder (or --draft) records
    record.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert _refused(out, "person", person) == (
        "báo cáo năm 2012 là bản DỰ THẢO: chỉ ký bản chính thức (bổ sung, sửa số liệu rồi chạy "
        "lại “report-gen build”)")


def test_a_pdf_changed_since_the_build_is_not_signed(out, person):
    with open(out / "bao_cao_2012.pdf", "ab") as f:
        f.write(b"%")
    built = manifest.load(out, 2012)
    assert _refused(out, "person", person) == (
        "báo cáo năm 2012 không còn đúng là bản lập lần cuối: tệp bao_cao_2012.pdf đã bị thay "
        f"đổi sau lần lập báo cáo cuối ({vn.moment(built.built_at)}). Hãy chạy lại "
        "“report-gen build” rồi ký")


def test_the_organisation_does_not_sign_before_the_signer(out, organisation):
    assert _refused(out, "organisation", organisation) == PERSON_FIRST


def test_a_wrong_password_signs_nothing(out, person):
    assert _refused(out, "person", person, secret=lambda: "sai") == (
        "không mở được tệp khóa nguoi_ky.p12: sai mật khẩu hoặc tệp không phải tệp PKCS#12 "
        "(.p12, .pfx)")
    assert not (out / "bao_cao_2012_da_ky.pdf").exists()


def test_each_role_signs_once(out, person, organisation):
    sign_review(out, 2012, "person", person, password, now=SIGNED_AT)
    assert _refused(out, "person", person) == TWICE_PERSON
    sign_review(out, 2012, "organisation", organisation, password, now=SIGNED_AT)
    assert _refused(out, "organisation", organisation) == (
        "báo cáo năm 2012 đã có chữ ký số của cơ quan (tệp bao_cao_2012_da_ky.pdf); không ký lại")
    assert _refused(out, "person", person) == TWICE_PERSON


def test_a_rebuilt_review_is_signed_again_from_the_start(out, person, organisation):
    """A signed copy of an earlier build is not the review any more: the organisation refuses
    it, the signer signs the new build in its place."""
    first = sign_review(out, 2012, "person", person, password, now=SIGNED_AT)
    assert first.replaced_old is False
    # a rebuild wrote a different PDF and recorded it
    pdf = out / "bao_cao_2012.pdf"
    pdf.write_bytes(pdf.read_bytes() + b"\n% rebuilt\n")
    record = manifest.path_for(out, 2012)
    data = json.loads(record.read_text(encoding="utf-8"))
    data["outputs"]["pdf"].update(size=pdf.stat().st_size, sha256=manifest.sha256_file(pdf))
    record.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    assert _refused(out, "organisation", organisation) == (
        "tệp bao_cao_2012_da_ky.pdf được ký trên một bản báo cáo khác bản lập lần cuối "
        f"({data['built_at'].replace('T', ' ')}): người có thẩm quyền cần ký lại bản mới "
        "(“report-gen sign --year 2012 --as person”)")
    again = sign_review(out, 2012, "person", person, password, now=SIGNED_AT)
    assert again.replaced_old is True
    assert again.path.read_bytes().startswith(pdf.read_bytes())


def test_the_signer_needs_the_input_folder_as_built_the_organisation_only_the_output(
        out, person, organisation):
    """The clerk may sign on another machine with the output folder alone."""
    sign_review(out, 2012, "person", person, password, now=SIGNED_AT)
    record = manifest.path_for(out, 2012)
    data = json.loads(record.read_text(encoding="utf-8"))
    gone = out.parent / "khong_con"
    data["input_dir"] = str(gone)  # as seen on the clerk's machine
    record.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")
    (out / "bao_cao_2012_da_ky.pdf").rename(out / "giu.pdf")
    assert _refused(out, "person", person) == (
        f"báo cáo năm 2012 không còn đúng là bản lập lần cuối: không còn thư mục số liệu {gone}. "
        "Hãy chạy lại “report-gen build” rồi ký")
    (out / "giu.pdf").rename(out / "bao_cao_2012_da_ky.pdf")
    (out / "bao_cao_2012.pdf").unlink()
    done = sign_review(out, 2012, "organisation", organisation, password, now=SIGNED_AT)
    assert done.signed_at == "2012-08-05T09:30:00+07:00"


def test_a_signed_copy_altered_after_the_signer_signed_is_not_stamped(out, person,
                                                                     organisation):
    first = sign_review(out, 2012, "person", person, password, now=SIGNED_AT)
    data = bytearray(first.path.read_bytes())
    # a byte of the signature image's data, in the signer's update: the file still reads
    update = (out / "bao_cao_2012.pdf").stat().st_size
    image = data.index(b"/Subtype /Image", update)
    at = data.index(b"stream\n", image) + 200
    data[at] ^= 0xFF
    first.path.write_bytes(bytes(data))
    assert _refused(out, "organisation", organisation) == (
        "chữ ký số của người có thẩm quyền trong tệp bao_cao_2012_da_ky.pdf không còn nguyên vẹn "
        "(tệp đã bị sửa sau khi ký): người có thẩm quyền cần ký lại (“report-gen sign --year "
        "2012 --as person”)")
