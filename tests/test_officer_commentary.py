"""The committee's own words and the document's example settings (issue 17, part 3):
nhan_xet.md missing, headings numbered by hand, nhan_xet.docx, placeholders in [document]."""

from __future__ import annotations

import shutil

import pytest

from report_gen.review.commentary import docx_markdown, markdown_text, read_commentary
from tests.support.paths import SAMPLES

NO_COMMENTARY = ("Chưa có tệp nhận xét của Ban Chỉ đạo (nhan_xet.md hoặc nhan_xet.docx trong thư "
                 "mục số liệu): báo cáo chưa có phần đánh giá chung và phương hướng, nhiệm vụ.")


@pytest.fixture(scope="module")
def folder_2012(tmp_path_factory):
    """The 2012 sample's workbooks without the committee's nhan_xet.md."""
    folder = tmp_path_factory.mktemp("in") / "2012"
    shutil.copytree(SAMPLES / "2012", folder)
    (folder / "nhan_xet.md").unlink()
    return folder


def _word_file(path):
    from docx import Document
    doc = Document()
    doc.add_paragraph("Năm 2012, Ban Chỉ đạo tỉnh đã chỉ đạo triển khai phong trào.")
    doc.add_heading("II. Đánh giá chung", level=1)
    doc.add_heading("1. Ưu điểm", level=2)
    p = doc.add_paragraph("Phong trào được ")
    p.add_run("nhân rộng").bold = True
    p.add_run(" ở khu vực biên giới; * không phải đánh dấu.")
    doc.add_paragraph("")
    bold = doc.add_paragraph()
    bold.add_run("III. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2013").bold = True
    sub = doc.add_paragraph()
    sub.add_run("1. Tăng cường lãnh đạo").bold = True
    doc.add_paragraph("Tổ chức Ngày hội", style="List Bullet")
    doc.save(str(path))
    return path


def test_word_commentary_becomes_parts_and_subparts(tmp_path):
    assert docx_markdown(_word_file(tmp_path / "nhan_xet.docx")) == (
        "Năm 2012, Ban Chỉ đạo tỉnh đã chỉ đạo triển khai phong trào.\n\n"
        "# Đánh giá chung\n\n## Ưu điểm\n\n"
        "Phong trào được **nhân rộng** ở khu vực biên giới; \\* không phải đánh dấu.\n\n"
        "# PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2013\n\n## Tăng cường lãnh đạo\n\n- Tổ chức Ngày hội\n")


def test_hand_numbered_markdown_headings_lose_their_numbers():
    assert markdown_text("Mở đầu\n# II. Đánh giá chung\n## 1. Ưu điểm\n## 2) Hạn chế\n"
                         "# III - Phương hướng\n# Đánh giá\n") == (
        "Mở đầu\n# Đánh giá chung\n## Ưu điểm\n## Hạn chế\n# Phương hướng\n# Đánh giá\n")


def test_both_files_the_word_file_is_used_and_said(tmp_path):
    _word_file(tmp_path / "nhan_xet.docx")
    (tmp_path / "nhan_xet.md").write_text("# Khác\n", encoding="utf-8")
    c = read_commentary(tmp_path, "nhan_xet.md")
    assert c.source == tmp_path / "nhan_xet.docx" and c.draft_notes == []
    assert c.notices == ["Có cả nhan_xet.docx và nhan_xet.md: dùng nhan_xet.docx cho phần nhận "
                         "xét, không dùng nhan_xet.md."]
    assert read_commentary(tmp_path / "nowhere", "nhan_xet.md").draft_notes == [NO_COMMENTARY]


def test_missing_commentary_makes_the_review_a_draft_that_says_why(folder_2012, settings):
    from report_gen.outputs.html import render
    from report_gen.pipeline import consolidate
    cons = consolidate(folder_2012, 2012, settings)
    assert cons.draft_reasons == [NO_COMMENTARY] and cons.is_draft
    html = render(cons).html
    assert f"<li>{NO_COMMENTARY}</li>" in html
    # the figures are complete: the box does not say they are not
    assert "<p><strong>DỰ THẢO – chưa đủ điều kiện ban hành.</strong>" in html
    assert "số liệu chưa đầy đủ hoặc còn sai sót" not in html


def test_word_commentary_in_the_review_numbered_once(folder_2012, settings, tmp_path):
    from report_gen.outputs.html import render
    from report_gen.pipeline import consolidate
    folder = tmp_path / "2012"
    shutil.copytree(folder_2012, folder)
    _word_file(folder / "nhan_xet.docx")
    cons = consolidate(folder, 2012, settings)
    assert cons.draft_reasons == [] and not cons.is_draft
    # the Word file is the committee's, not a unit's file
    assert [r.status for r in cons.results if r.file == "nhan_xet.docx"] == ["ignored"]
    html = render(cons).html
    assert "<h2>II. ĐÁNH GIÁ CHUNG</h2>" in html and "II. II." not in html
    assert "<h2>III. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2013</h2>" in html
    assert "<strong>1. Ưu điểm</strong>" in html


def test_build_warns_about_example_document_settings_and_names_the_commentary(folder_2012,
                                                                              tmp_path, capsys):
    from report_gen.cli import main
    shutil.copy(SAMPLES / "2012" / "nhan_xet.md", folder_2012 / "nhan_xet.md")
    _word_file(folder_2012 / "nhan_xet.docx")
    try:
        code = main(["build", str(folder_2012), "--year", "2012", "--out", str(tmp_path / "o")])
    finally:
        (folder_2012 / "nhan_xet.md").unlink()
        (folder_2012 / "nhan_xet.docx").unlink()
    assert code == 0
    out = " ".join(capsys.readouterr().out.split())
    assert ("Lưu ý: Có cả nhan_xet.docx và nhan_xet.md: dùng nhan_xet.docx cho phần nhận xét, "
            "không dùng nhan_xet.md.") in out
    assert ("Cảnh báo: Chưa đặt người ký trong tệp cấu hình (mục [document] signer_name): báo cáo "
            "đang dùng giá trị mẫu “Nguyễn Văn A”.") in out
    assert ("Cảnh báo: Chưa đặt số văn bản trong tệp cấu hình (mục [document] number): báo cáo "
            "đang dùng giá trị mẫu “12/BC-BCĐ”.") in out
    assert "Báo cáo là DỰ THẢO: xem các cảnh báo ở trên." in out
    html = (tmp_path / "o" / "bao_cao_2012.html").read_text(encoding="utf-8")
    assert "DỰ THẢO" in html and "giá trị mẫu “Nguyễn Văn A”" in html
