"""The Word copy of the review (issue 15): bao_cao_Y.docx read back with python-docx against the
official format (DOMAIN.md §7), converted by LibreOffice to compare with the PDF, and written
from hostile text without a field or a hyperlink; `[outputs] docx = false` turns it off."""

from __future__ import annotations

import dataclasses
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Cm, Pt, RGBColor, Twips
from lxml import etree
from pypdf import PdfReader

from report_gen.config import ConfigError
from tests.support.paths import ROOT, SAMPLES
from tests.support.workbooks import edit_form

SOFFICE = shutil.which("soffice")
FONTS = ROOT / "report_gen" / "assets" / "fonts"
HEADINGS = [
    ("Heading 1", "I. KẾT QUẢ THỰC HIỆN"),
    ("Heading 2", "1. Xây dựng mô hình tự quản về an ninh, trật tự"),
    ("Heading 2", "2. Xây dựng lực lượng nòng cốt ở cơ sở"),
    ("Heading 2", "3. Công tác tuyên truyền, vận động quần chúng"),
    ("Heading 2", "4. Tổ chức Ngày hội toàn dân bảo vệ ANTQ"),
    ("Heading 2", "5. Kết quả quần chúng tham gia phòng, chống tội phạm"),
    ("Heading 2", "6. Xây dựng phong trào đạt tiêu chuẩn “An toàn về ANTT”"),
    ("Heading 2", "7. Phân loại phong trào ở xã, phường, thị trấn"),
    ("Heading 2", "8. Khen thưởng và kinh phí"),
    ("Heading 1", "II. ĐÁNH GIÁ CHUNG"),
    ("Heading 2", "1. Ưu điểm"),
    ("Heading 2", "2. Tồn tại, hạn chế"),
    ("Heading 1", "III. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM 2013"),
    ("Heading 2", "1. Tăng cường lãnh đạo, chỉ đạo"),
    ("Heading 2", "2. Nâng cao chất lượng mô hình và lực lượng nòng cốt"),
    ("Heading 1", "Phụ lục I\nSỐ LIỆU KẾT QUẢ PHONG TRÀO NĂM 2012 THEO ĐƠN VỊ"),
    ("Heading 2", "A. Xây dựng mô hình tự quản về an ninh, trật tự"),
    ("Heading 2", "B. Xây dựng lực lượng nòng cốt ở cơ sở"),
    ("Heading 2", "C. Công tác tuyên truyền, vận động quần chúng"),
    ("Heading 2", "D. Tổ chức Ngày hội toàn dân bảo vệ ANTQ"),
    ("Heading 2", "E. Kết quả quần chúng tham gia phòng, chống tội phạm"),
    ("Heading 2", "F. Xây dựng phong trào đạt tiêu chuẩn “An toàn về ANTT”"),
    ("Heading 2", "G. Phân loại phong trào ở xã, phường, thị trấn"),
    ("Heading 2", "H. Khen thưởng và kinh phí"),
    ("Heading 1", "Phụ lục II\nDANH SÁCH MÔ HÌNH TỰ QUẢN VỀ ANTT NĂM 2012"),
]
# Sentences of the 2012 review as pdftotext reads them from the WeasyPrint PDF (whitespace
# normalised): the Word copy converted by LibreOffice must say the same.
KEY_SENTENCES = [
    "Đã có 15/15 đơn vị gửi báo cáo số liệu năm 2012 (100,0 %).",
    "Toàn tỉnh hiện có 91 mô hình tự quản về ANTT, trong đó 5 mô hình cấp tỉnh, 25 mô hình cấp "
    "huyện và 61 mô hình cấp xã, phường, thị trấn.",
    "Lực lượng nòng cốt ở cơ sở tiếp tục được củng cố, gồm 1.248 người công an xã, 1.254 người "
    "bảo vệ dân phố, 3.370 người bảo vệ cơ quan, doanh nghiệp, 438 người trật tự viên;",
    "Biểu đồ 1. Mô hình tự quản về ANTT theo cấp và đơn vị, năm 2012",
]
INJECTIONS = ["{ PAGE }", '<w:fldSimple w:instr="HYPERLINK http://x"/>', '=HYPERLINK("http://x")']
FIELDS = {qn("w:fldSimple"), qn("w:instrText"), qn("w:fldChar"), qn("w:hyperlink")}


@pytest.fixture(scope="module")
def doc(built_2012):
    return Document(str(built_2012[1].docx))


def _cells(table) -> list[list[str]]:
    return [[p.text for p in cell.paragraphs] for cell in table.rows[0].cells]


def _words(text: str) -> str:
    return " ".join(text.split())


def test_build_writes_the_docx_beside_the_pdf(built_2012):
    outputs = built_2012[1]
    assert outputs.docx == outputs.pdf.with_name("bao_cao_2012.docx")
    assert zipfile.is_zipfile(outputs.docx)


def test_page_is_a4_with_the_decree_margins(doc):
    s = doc.sections[0]
    assert s.orientation == WD_ORIENT.PORTRAIT
    # twips, as Word stores them: 210 × 297 mm; margins 20, 20, 30, 15 mm
    assert (s.page_width, s.page_height) == (Twips(11906), Twips(16838))
    assert (s.top_margin, s.bottom_margin) == (Twips(1134), Twips(1134))
    assert (s.left_margin, s.right_margin) == (Twips(1701), Twips(850))
    assert [round(x.mm, 1) for x in (s.top_margin, s.bottom_margin, s.left_margin,
                                     s.right_margin)] == [20.0, 20.0, 30.0, 15.0]


def test_wide_appendices_are_a_landscape_section(doc):
    assert len(doc.sections) == 2
    wide = doc.sections[1]
    assert wide.orientation == WD_ORIENT.LANDSCAPE
    assert (wide.page_width, wide.page_height) == (Twips(16838), Twips(11906))
    assert (wide.left_margin, wide.right_margin) == (Twips(1417), Twips(1134))
    first = next(wide.iter_inner_content())
    assert first.text == "Phụ lục I\nSỐ LIỆU KẾT QUẢ PHONG TRÀO NĂM 2012 THEO ĐƠN VỊ"


def test_times_new_roman_14_pt_everywhere_and_black_headings(doc):
    defaults = doc.styles.element.find(qn("w:docDefaults")).find(qn("w:rPrDefault"))
    fonts = defaults.find(qn("w:rPr")).find(qn("w:rFonts"))
    assert dict(fonts.attrib) == {qn(f"w:{k}"): "Times New Roman"
                                  for k in ("ascii", "hAnsi", "eastAsia", "cs")}
    assert doc.styles["Normal"].font.size == Pt(14)
    for name in ("Heading 1", "Heading 2"):
        font = doc.styles[name].font
        assert (font.name, font.size, font.bold, font.color.rgb, font.color.theme_color) == \
            ("Times New Roman", Pt(14), True, RGBColor(0, 0, 0), None)
    body = doc.styles["Body Text"].paragraph_format
    assert (body.alignment, body.first_line_indent, body.space_after) == \
        (WD_ALIGN_PARAGRAPH.JUSTIFY, Cm(1.27), Pt(6))


def test_header_block_is_two_borderless_columns(doc):
    table = doc.tables[0]
    assert table.style.name == "Normal Table"  # no borders
    assert _cells(table) == [
        ["UBND TỈNH QUẢNG NINH", "BAN CHỈ ĐẠO PHONG TRÀO\nTOÀN DÂN BẢO VỆ\nAN NINH TỔ QUỐC", "",
         "Số: 12/BC-BCĐ"],
        ["CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc", "",
         "Quảng Ninh, ngày 14 tháng 8 năm 2012"]]
    left, right = table.rows[0].cells
    runs = {r.text: (r.bold, r.italic, r.font.size) for c in (left, right)
            for p in c.paragraphs for r in p.runs}
    assert runs == {
        "UBND TỈNH QUẢNG NINH": (None, None, Pt(12.5)),
        "BAN CHỈ ĐẠO PHONG TRÀO\nTOÀN DÂN BẢO VỆ\nAN NINH TỔ QUỐC": (True, None, Pt(12.5)),
        "Số: 12/BC-BCĐ": (None, None, Pt(13)),
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM": (True, None, Pt(12.5)),
        "Độc lập - Tự do - Hạnh phúc": (True, None, Pt(13.5)),
        "Quảng Ninh, ngày 14 tháng 8 năm 2012": (None, True, Pt(13.5)),
    }
    # the rules under the issuing body and the motto: empty paragraphs with a top border
    for cell in (left, right):
        rule = cell.paragraphs[2]._p
        assert rule.find(qn("w:pPr")).find(qn("w:pBdr")).find(qn("w:top")) is not None


def test_title_subject_and_body_runs(doc):
    texts = [p.text for p in doc.paragraphs]
    title = doc.paragraphs[texts.index("BÁO CÁO")]
    subject = doc.paragraphs[texts.index("Kết quả phong trào toàn dân bảo vệ an ninh Tổ quốc "
                                         "năm 2012")]
    for p in (title, subject):
        assert p.alignment == WD_ALIGN_PARAGRAPH.CENTER
        assert [(r.bold, r.font.size) for r in p.runs] == [(True, Pt(14))]
    body = next(p for p in doc.paragraphs if p.text.startswith("Đã có 15/15 đơn vị"))
    assert body.style.name == "Body Text"
    assert body.text == ("Đã có 15/15 đơn vị gửi báo cáo số liệu năm 2012 (100,0\u00a0%). Theo "
                         "thời hạn ngày 25/7/2012, 11 đơn vị gửi đúng hạn, 4 đơn vị gửi muộn: "
                         "huyện Hoành Bồ (26/7/2012), huyện Vân Đồn (27/7/2012), huyện Tiên Yên "
                         "(28/7/2012) và huyện Bình Liêu (29/7/2012). Kết quả cụ thể như sau:")
    assert [r.font.size for r in body.runs] == [None]  # 14 pt from the style


def test_sections_are_headings_in_the_outline(doc):
    found = [(p.style.name, p.text) for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert found == HEADINGS


def test_page_number_in_the_header_from_page_two(doc):
    s = doc.sections[0]
    assert s.different_first_page_header_footer
    header = s.header._element
    assert [t.text for t in header.iter(qn("w:instrText"))] == [" PAGE "]
    assert [p.alignment or p.style.paragraph_format.alignment for p in s.header.paragraphs] \
        == [WD_ALIGN_PARAGRAPH.CENTER]
    first = s.first_page_header
    assert [p.text for p in first.paragraphs] == [""]
    assert not [e for e in first._element.iter() if e.tag in FIELDS]
    wide = doc.sections[1]  # the landscape pages number on from the portrait ones
    assert wide.header.is_linked_to_previous and not wide.different_first_page_header_footer


def test_appendix_tables_repeat_their_header_and_align_numbers(doc):
    models = doc.tables[2]
    assert models.style.name == "Table Grid"
    head, *rows, total = models.rows
    assert head._tr.trPr.find(qn("w:tblHeader")) is not None
    assert [c.text for c in total.cells] == ["Toàn tỉnh", "91", "5", "25", "61", "21", "84"]
    assert [c.paragraphs[0].alignment for c in total.cells[1:]] == [WD_ALIGN_PARAGRAPH.RIGHT] * 6
    assert [r.bold for r in total.cells[1].paragraphs[0].runs] == [True]
    forces = doc.tables[3]
    assert [c.text for c in forces.rows[-1].cells] == [
        "Toàn tỉnh", "1.248", "1.254", "3.370", "438", "4.199", "1.302", "1.063", "299", "12.663"]
    assert forces.rows[0].cells[1].text == "Công an xã\n(người)"
    register = doc.tables[-1]
    assert [c.text for c in register.rows[0].cells] == [
        "STT", "Tên mô hình", "Đơn vị", "Cấp", "Lĩnh vực", "Xã, phường nơi hoạt động",
        "Năm thành lập", "Điển hình"]
    assert len(register.rows) == 1 + 91


def test_charts_are_pngs_at_print_resolution(doc):
    assert [round(s.width.cm, 1) for s in doc.inline_shapes] == [16.0, 16.0]
    images = [p.image for p in doc.part.package.image_parts]
    assert [(i.content_type, i.horz_dpi) for i in images] == [("image/png", 200)] * 2
    captions = [p.text for p in doc.paragraphs if p.style.name == "Caption"]
    assert captions == ["Biểu đồ 1. Mô hình tự quản về ANTT theo cấp và đơn vị, năm 2012",
                        "Biểu đồ 2. Phân loại phong trào ở xã, phường, thị trấn theo đơn vị, năm "
                        "2012"]


def test_recipients_and_signature_side_by_side(doc):
    closing = doc.tables[1]
    assert closing.style.name == "Normal Table"
    assert _cells(closing) == [
        ["Nơi nhận:", "- Ban Chỉ đạo phong trào toàn dân bảo vệ ANTQ Bộ Công an;",
         "- Thường trực Tỉnh ủy, HĐND, UBND tỉnh;", "- Các thành viên Ban Chỉ đạo tỉnh;",
         "- Ban Chỉ đạo các huyện, thị xã, thành phố;", "- Lưu: VT, BCĐ."],
        ["TM. BAN CHỈ ĐẠO", "TRƯỞNG BAN", "", "Nguyễn Văn A"]]
    label = closing.rows[0].cells[0].paragraphs[0].runs[0]
    assert (label.bold, label.italic, label.font.size) == (True, True, Pt(12))


@pytest.fixture(scope="module")
def converted(built_2012, tmp_path_factory):
    """The Word copy converted to PDF by LibreOffice (once: it takes a few seconds), with a
    private profile and the review's fonts (Liberation Serif has Times New Roman's metrics)."""
    if SOFFICE is None:
        pytest.skip("LibreOffice (soffice) is not installed")
    tmp = tmp_path_factory.mktemp("soffice")
    conf = tmp / "fonts.conf"
    conf.write_text('<?xml version="1.0"?><!DOCTYPE fontconfig SYSTEM "urn:fontconfig:fonts.dtd">'
                    '<fontconfig><include ignore_missing="yes">/etc/fonts/fonts.conf</include>'
                    f'<dir>{FONTS}</dir><cachedir>{tmp / "fc"}</cachedir></fontconfig>',
                    encoding="utf-8")
    env = {"PATH": "/usr/bin:/bin", "HOME": str(tmp), "FONTCONFIG_FILE": str(conf)}
    subprocess.run([SOFFICE, "--headless", f"-env:UserInstallation=file://{tmp / 'profile'}",
                    "--convert-to", "pdf", "--outdir", str(tmp), str(built_2012[1].docx)],
                   check=True, capture_output=True, timeout=120, env=env)
    return tmp / "bao_cao_2012.pdf"


def _pdf_text(path: Path) -> str:
    return _words(subprocess.run(["pdftotext", str(path), "-"], check=True, capture_output=True,
                                 text=True).stdout)


def _pages(path: Path) -> int:
    out = subprocess.run(["pdfinfo", str(path)], check=True, capture_output=True, text=True)
    return int(re.search(r"^Pages:\s+(\d+)", out.stdout, re.M).group(1))


def test_libreoffice_reads_the_same_review_as_the_pdf(built_2012, converted):
    weasy, office = _pdf_text(built_2012[1].pdf), _pdf_text(converted)
    for sentence in KEY_SENTENCES:
        assert sentence in weasy
        assert sentence in office
    assert abs(_pages(converted) - _pages(built_2012[1].pdf)) <= 2


def test_the_outline_lists_the_sections(converted):
    def titles(outline):
        for item in outline:
            yield from titles(item) if isinstance(item, list) else [item.title]
    assert list(titles(PdfReader(converted).outline)) == [t.replace("\n", " ")
                                                           for _s, t in HEADINGS]


@pytest.fixture(scope="module")
def hostile(settings, tmp_path_factory):
    """Two units' reports, model names written to inject a field or a hyperlink, and the
    committee's text with a control character, a link and raw HTML: built once."""
    from report_gen.pipeline import build
    root = tmp_path_factory.mktemp("hostile_docx")
    folder = root / "in"
    folder.mkdir()
    for name in ("ha_long_2012.xlsx", "tinh_2012.xlsx"):
        shutil.copy(SAMPLES / "2012" / name, folder / name)
    edit_form(folder / "ha_long_2012.xlsx", {},
              model_names={5 + k: text for k, text in enumerate(INJECTIONS)})
    (folder / "nhan_xet.md").write_text(
        "Mở đầu\x01 có [liên kết](http://x) và <b>thẻ</b>.\n\n# Đánh giá\n\nĐoạn { PAGE } văn.\n",
        encoding="utf-8")
    return build(folder, 2012, settings, root / "out")


def test_injected_text_stays_literal_text(hostile):
    cons, outputs = hostile
    with zipfile.ZipFile(outputs.docx) as z:
        body = etree.fromstring(z.read("word/document.xml"))
    assert not [e.tag for e in body.iter() if e.tag in FIELDS]
    doc = Document(str(outputs.docx))
    names = [row.cells[1].text for row in doc.tables[-1].rows[1:4]]
    assert names == INJECTIONS
    texts = [p.text for p in doc.paragraphs]
    assert "Mở đầu có liên kết và <b>thẻ</b>." in texts  # \x01 dropped, the link's text kept
    assert "Đoạn { PAGE } văn." in texts


def test_a_draft_is_marked_on_every_page(hostile):
    cons, outputs = hostile
    assert cons.is_draft
    doc = Document(str(outputs.docx))
    s = doc.sections[0]
    assert [p.text for p in s.first_page_header.paragraphs] == ["DỰ THẢO"]
    assert [p.text for p in s.header.paragraphs] == ["DỰ THẢO", "1"]
    box = doc.tables[1].rows[0].cells[0].paragraphs[0]
    assert box.text == "DỰ THẢO – số liệu chưa đầy đủ hoặc còn sai sót. Báo cáo này chưa dùng để " \
                       "ban hành."


def test_a_unit_name_with_a_control_character_does_not_stop_the_copy(settings, tmp_path):
    from report_gen.outputs import BuildJob, docx
    from report_gen.pipeline import consolidate
    from report_gen.reference.units import load_units
    source = (ROOT / "report_gen" / "data" / "units_quang_ninh.toml").read_text(encoding="utf-8")
    units = tmp_path / "units.toml"
    units.write_text(source.replace('name = "Huyện Cô Tô"', 'name = "Huyện Cô\\u0001 Tô"', 1),
                     encoding="utf-8")
    odd = dataclasses.replace(settings, units=load_units(units))
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SAMPLES / "2012" / "tinh_2012.xlsx", folder)
    cons = consolidate(folder, 2012, odd)
    assert "Huyện Cô\x01 Tô" in [u.name for u in odd.units.active(2012)]
    docx.write(BuildJob(cons=cons, out_dir=tmp_path, renderer=None), tmp_path / "x.docx")
    draft_box = Document(str(tmp_path / "x.docx")).tables[1].rows[0].cells[0]
    assert any("Huyện Cô Tô" in p.text for p in draft_box.paragraphs)


def test_docx_false_writes_no_word_copy(settings, tmp_path):
    from report_gen.pipeline import build
    off = dataclasses.replace(settings, extra={**settings.extra, "outputs": {"docx": False}})
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(SAMPLES / "2012" / "tinh_2012.xlsx", folder)
    _cons, outputs = build(folder, 2012, off, tmp_path / "out")
    assert list(outputs) == ["pdf", "html", "xlsx", "json"]
    assert not (tmp_path / "out" / "bao_cao_2012.docx").exists()


@pytest.mark.parametrize("section, message", [
    ({"dcox": False}, "Mục [outputs] có khóa không dùng được: dcox (khóa dùng được: docx)."),
    ({"docx": "không"}, "Mục [outputs] docx phải là true hoặc false, không phải “không”."),
])
def test_a_wrong_outputs_section_is_a_vietnamese_config_error(settings, section, message):
    from report_gen.outputs.options import DocxSettings
    wrong = dataclasses.replace(settings, extra={**settings.extra, "outputs": section})
    with pytest.raises(ConfigError) as err:
        DocxSettings.from_settings(wrong)
    assert str(err.value) == message


def test_the_build_command_says_what_is_wrong_in_the_outputs_section(capsys):
    from report_gen.cli import main
    Path("report_gen.toml").write_text("[outputs]\ndocx = 0\n", encoding="utf-8")
    code = main(["build", str(SAMPLES / "2012"), "--year", "2012", "--out", "out"])
    assert code == 2
    assert _words(capsys.readouterr().err) == ("Lỗi cấu hình: Mục [outputs] docx phải là true "
                                               "hoặc false, không phải “0”.")
    assert not Path("out").exists()


def test_the_shipped_defaults_leave_it_on(settings):
    from report_gen.outputs.options import DocxSettings
    assert DocxSettings.from_settings(settings) == DocxSettings(enabled=True)
