"""Issue 16: the 2012 review signed by the signer, then by the organisation (PKCS#12 keys of a
test CA), checked with pyHanko's validation and read back from the PDF: where each signature
sits, what the organisation's shows, and that the first signature survives the second."""

from __future__ import annotations

import shutil

import subprocess

import pytest
from pyhanko.sign.validation import SignatureCoverageLevel
from pyhanko.sign.diff_analysis import ModificationLevel
from pypdf import PdfReader

from report_gen.sign.document import sign_review
from tests.support.pki import ORG_NAME, PERSON_NAME
from tests.support.review import MM, pdf_words
from tests.support.signing import (SEAL_MM, SIGNED_AT, SIGNED_AT_VI, copy_build,  # noqa: F401
                                   organisation, password, person, pki, validate)

TOL = 1.0  # points: pyHanko's field boxes are whole points


@pytest.fixture(scope="module")
def signed(built_2012, pki, person, organisation, tmp_path_factory):
    """The 2012 build signed as person, then as organisation: (out folder, the two outcomes,
    the signed file's bytes after the first signature)."""
    out = copy_build(built_2012, tmp_path_factory.mktemp("sign") / "out")
    first = sign_review(out, 2012, "person", person, password, now=SIGNED_AT)
    after_first = first.path.read_bytes()
    second = sign_review(out, 2012, "organisation", organisation, password, now=SIGNED_AT)
    return out, first, second, after_first


def _widgets(pdf) -> dict[str, tuple[int, list[float]]]:
    """Signature field name → (1-based page, /Rect)."""
    found = {}
    for number, page in enumerate(PdfReader(pdf).pages, start=1):
        for annot in page.get("/Annots") or ():
            annot = annot.get_object()
            if annot.get("/FT") == "/Sig":
                found[str(annot["/T"])] = (number, [float(v) for v in annot["/Rect"]])
    return found


def test_both_signatures_are_intact_valid_and_trusted_by_the_test_root(signed, pki):
    out, first, second, _ = signed
    assert first.path == second.path == out / "bao_cao_2012_da_ky.pdf"
    statuses = validate(first.path, pki.root)
    assert [name for name, _ in statuses] == ["ChuKyNguoiCoThamQuyen", "ChuKyCoQuan"]
    (_, person_sig), (_, org_sig) = statuses
    for status in (person_sig, org_sig):
        assert (status.intact, status.valid, status.trusted, status.bottom_line) == (
            True, True, True, True)
    assert person_sig.signing_cert.subject.native["common_name"] == PERSON_NAME
    assert org_sig.signing_cert.subject.native["common_name"] == ORG_NAME


def test_the_first_signature_stays_valid_after_the_second_which_only_adds_a_signature(signed,
                                                                                      pki):
    out, first, _, after_first = signed
    (_, person_sig), (_, org_sig) = validate(first.path, pki.root)
    # the signer signed revision 1; the organisation's update only filled a signature field
    assert person_sig.coverage == SignatureCoverageLevel.ENTIRE_REVISION
    assert person_sig.modification_level == ModificationLevel.FORM_FILLING
    assert person_sig.diff_result.changed_form_fields == {"ChuKyCoQuan"}
    assert person_sig.docmdp_ok is True
    assert org_sig.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert org_sig.modification_level == ModificationLevel.NONE
    # each signature is an incremental update: the built PDF, then the first signed file,
    # are prefixes of the final file
    built = (out / "bao_cao_2012.pdf").read_bytes()
    final = first.path.read_bytes()
    assert after_first.startswith(built) and final.startswith(after_first)
    assert len(final) > len(after_first) > len(built)


def test_the_signing_time_is_vietnam_time_in_iso_8601(signed, pki):
    _, first, second, _ = signed
    assert first.signed_at == second.signed_at == SIGNED_AT_VI
    (_, person_sig), (_, org_sig) = validate(first.path, pki.root)
    assert person_sig.signer_reported_dt.isoformat() == SIGNED_AT_VI
    assert org_sig.signer_reported_dt.isoformat() == SIGNED_AT_VI


def test_the_signer_signs_inside_the_reserved_spot_between_title_and_name(signed):
    out, first, _, _ = signed
    page_no, (x0, y0, x1, y1) = _widgets(first.path)["ChuKyNguoiCoThamQuyen"]
    page = pdf_words(out / "bao_cao_2012.pdf")[page_no - 1]
    title = page.find("TRƯỞNG")[0]
    name = page.line_of(page.find("Nguyễn")[-1])
    # pdftotext measures from the top; the PDF's rectangles from the bottom
    title_bottom = page.height - title.y1
    name_top = page.height - min(w.y0 for w in name)
    name_centre = (name[0].x0 + name[-1].x1) / 2
    assert x1 - x0 == pytest.approx(60 * MM, abs=2 * TOL)  # the spot: 60 mm × 25 mm
    assert y1 - y0 == pytest.approx(25 * MM, abs=2 * TOL)
    assert y1 <= title_bottom and y0 >= name_top  # between the title and the name
    assert (x0 + x1) / 2 == pytest.approx(name_centre, abs=2)  # centred over the name
    # nothing of the review's own text lies in the spot
    inside = [w.text for w in page.words
              if w.x1 > x0 and w.x0 < x1 and page.height - w.y0 > y0 and page.height - w.y1 < y1]
    assert inside == []


def test_the_seal_at_its_real_size_covers_the_left_third_of_the_signature(signed):
    _, first, _, _ = signed
    widgets = _widgets(first.path)
    page_no, (sx0, sy0, sx1, sy1) = widgets["ChuKyNguoiCoThamQuyen"]
    org_page, (ox0, oy0, ox1, oy1) = widgets["ChuKyCoQuan"]
    assert org_page == page_no
    seal = SEAL_MM * MM
    third = sx0 + (sx1 - sx0) / 3
    assert oy1 - oy0 == pytest.approx(seal, abs=2 * TOL)  # the box is the seal's height
    assert (oy0 + oy1) / 2 == pytest.approx((sy0 + sy1) / 2, abs=TOL)
    # the seal, drawn at the box's left as a square, ends a third into the signature
    assert ox0 + seal == pytest.approx(third, abs=2 * TOL)
    assert ox0 < sx0 < ox0 + seal


def test_the_organisation_signature_shows_its_name_and_the_signing_time(signed):
    _, first, _, _ = signed
    page_no, _ = _widgets(first.path)["ChuKyCoQuan"]
    text = subprocess.run(["pdftotext", "-layout", "-f", str(page_no), "-l", str(page_no),
                           str(first.path), "-"], check=True, capture_output=True,
                          text=True).stdout
    lines = [" ".join(line.split()) for line in text.splitlines()]
    assert "Cơ quan: Ban Chỉ đạo phong trào bảo vệ" in " ".join(lines)
    assert f"Thời gian ký: {SIGNED_AT_VI}" in lines


def test_send_delivers_the_copy_both_signed_instead_of_the_unsigned_pdf(signed, settings,
                                                                       tmp_path):
    from report_gen.deliver import review_outgoing
    from tests.test_deliver_review import email_settings
    out = shutil.copytree(signed[0], tmp_path / "out")
    cfg = email_settings(settings, 25)
    sent = review_outgoing(out, 2012, settings, cfg, None)
    [att] = list(sent.message.iter_attachments())
    assert att.get_filename() == "bao_cao_2012_da_ky.pdf"
    assert att.get_content() == (out / "bao_cao_2012_da_ky.pdf").read_bytes()
    # a signed copy with only the signer's signature is not the electronic document yet
    (out / "bao_cao_2012_da_ky.pdf").write_bytes(signed[3])
    [att] = list(review_outgoing(out, 2012, settings, cfg, None).message.iter_attachments())
    assert att.get_filename() == "bao_cao_2012.pdf"
