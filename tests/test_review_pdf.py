"""The sample reviews as PDF, checked against DOMAIN.md §7 (Nghị định 30/2020) point by point:
2012 (15 district-era units, compared with 2011) and 2025 (55 units of the map of 1/7/2025, a
draft compared with 2024) pass the same layout tests; the 2012 figures are checked too."""

from __future__ import annotations

import shutil
import subprocess

import pytest
from pypdf import PdfReader

from tests.support.review import (MM, consolidate_new_map, consolidate_with_history, pdf_words,
                                  write_review)

TOL = 1.5 * MM


def _review(settings, tmp_path_factory, year: int):
    if year == 2025:
        cons, prev = consolidate_new_map(settings)
    else:
        cons, prev = consolidate_with_history(settings)
    doc, html_path, pdf_path = write_review(cons, tmp_path_factory.mktemp(f"review{year}"))
    return cons, prev, pdf_path


@pytest.fixture(scope="module", params=[2012, 2025], ids=["2012", "2025"])
def review(request, settings, tmp_path_factory):
    """Each sample review; the layout tests run on both."""
    return _review(settings, tmp_path_factory, request.param)


@pytest.fixture(scope="module")
def pages(review):
    return pdf_words(review[2])


@pytest.fixture(scope="module")
def review_2012(settings, tmp_path_factory):
    return _review(settings, tmp_path_factory, 2012)


@pytest.fixture(scope="module")
def pages_2012(review_2012):
    return pdf_words(review_2012[2])


@pytest.fixture(scope="module")
def spans(review):
    """(text, font name, size in pt) of every text run of page 1."""
    out = []

    def visit(text, cm, tm, font, size):
        if text.strip():
            out.append((text.strip(), (font or {}).get("/BaseFont", ""), size * tm[0] * 0.75))
    PdfReader(review[2]).pages[0].extract_text(visitor_text=visit)
    return out


def _span(spans, start):
    return next(s for s in spans if s[0].startswith(start))


def test_a4_portrait_body_and_landscape_appendix_tables(pages):
    first = pages[0]
    assert first.width == pytest.approx(210 * MM, abs=1) and first.height == pytest.approx(297 * MM, abs=1)
    wide = [p for p in pages if p.landscape]
    assert wide, "the wide appendix tables are on landscape pages"
    assert any(p.find("II") and "SỐ LIỆU KẾT QUẢ" in p.text() for p in wide)


def test_margins_from_text_boxes(pages):
    for p in pages:
        body = [w for w in p.words if w.y0 > 16 * MM]  # the top margin holds the page number only
        left, right = (25, 20) if p.landscape else (30, 15)
        assert min(w.x0 for w in body) >= left * MM - TOL, f"page {p.number} left margin"
        assert max(w.x1 for w in body) <= p.width - right * MM + TOL, f"page {p.number} right"
        assert min(w.y0 for w in body) >= 20 * MM - TOL, f"page {p.number} top margin"
        assert max(w.y1 for w in body) <= p.height - 20 * MM + TOL, f"page {p.number} bottom"
    # the body text really uses the left margin of 30 mm (not more)
    assert min(w.x0 for w in pages[1].words) == pytest.approx(30 * MM, abs=TOL)


def _top(page) -> list:
    """The words in the top margin, less a draft's mark (“DỰ THẢO”, top right)."""
    return [w for w in page.words if w.y1 < 20 * MM and w.text not in ("DỰ", "THẢO")]


def test_page_numbers_centred_at_top_from_page_two(pages):
    assert not _top(pages[0]), "no page number on page 1"
    for p in pages[1:]:
        top = _top(p)
        assert [w.text for w in top] == [str(p.number)], f"page {p.number}"
        left, right = (25, 20) if p.landscape else (30, 15)
        centre = (left * MM + p.width - right * MM) / 2
        assert top[0].cx == pytest.approx(centre, abs=3 * MM)


def test_header_block_positions(review, pages):
    p = pages[0]
    mid = (30 * MM + p.width - 15 * MM) / 2
    ubnd, = p.find("UBND")
    cong, = p.find("CỘNG")
    doc_lap, = p.find("Độc")
    so, = p.find("Số:")
    place = p.find("Quảng")[0]
    bao, = p.find("BÁO")
    # two columns at the top of page 1: issuing body left, national title right, same top line
    assert ubnd.y0 < 30 * MM and abs(ubnd.y0 - cong.y0) < 2
    left_column = [w for w in p.line_of(ubnd) if w.x1 < cong.x0]
    assert ubnd.x1 < cong.x0 and max(w.x1 for w in left_column) < mid + 10 * MM
    assert cong.x0 > 30 * MM + 60 * MM
    # "Số:" under the issuing body on the left; the date under the motto on the right
    body_last = p.find("QUỐC")[0]
    assert so.y0 > body_last.y1 and so.x1 < cong.x0
    assert doc_lap.y0 > cong.y1 and place.y0 > doc_lap.y1 and place.x0 > so.x1
    # "BÁO CÁO" centred under the header, the subject line under it
    line = p.line_of(bao)
    centre = (line[0].x0 + line[-1].x1) / 2
    assert centre == pytest.approx((30 * MM + p.width - 15 * MM) / 2, abs=2 * MM)
    assert bao.y0 > so.y1
    assert f"Kết quả phong trào toàn dân bảo vệ an ninh Tổ quốc năm {review[0].year}" in p.text()


def test_header_fonts_and_sizes(review, spans):
    name, font, size = _span(spans, "BAN CHỈ ĐẠO")
    assert "Bold" in font and 12 <= size <= 13
    name, font, size = _span(spans, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM")
    assert "Bold" in font and 12 <= size <= 13
    name, font, size = _span(spans, "Độc lập - Tự do - Hạnh phúc")
    assert "Bold" in font and 13 <= size <= 14
    name, font, size = _span(spans, "Số: 12/BC-BCĐ")
    assert "Bold" not in font and size == pytest.approx(13, abs=0.1)
    name, font, size = _span(spans, f"Quảng Ninh, ngày 14 tháng 8 năm {review[0].year}")
    assert "Italic" in font and 13 <= size <= 14
    name, font, size = _span(spans, "BÁO CÁO")
    assert "Bold" in font and 13 <= size <= 14
    name, font, size = _span(spans, "Kết quả phong trào")
    assert "Bold" in font and 13 <= size <= 14
    name, font, size = _span(spans, "Thực hiện Chỉ thị")
    assert "Bold" not in font and "Italic" not in font and 13 <= size <= 14
    name, font, size = _span(spans, "I. KẾT QUẢ THỰC HIỆN")
    assert "Bold" in font


def _dark_runs(png, y_from: int, y_to: int, x_from: int, x_to: int) -> list[tuple[int, int]]:
    """(row, longest run of dark pixels) for each pixel row of the region."""
    from PIL import Image
    im = Image.open(png).convert("L")
    out = []
    for y in range(y_from, y_to):
        best = run = 0
        for x in range(x_from, x_to):
            run = run + 1 if im.getpixel((x, y)) < 200 else 0
            best = max(best, run)
        out.append((y, best))
    return out


def test_rules_under_body_motto_and_subject(review, pages, tmp_path):
    """The three rules, measured on a 100 dpi picture of page 1: under the issuing body 1/3–1/2
    of its width, under the motto as long as the motto, a short one under the subject."""
    if not shutil.which("pdftoppm"):
        pytest.skip("pdftoppm (poppler-utils) is not installed")
    subprocess.run(["pdftoppm", "-r", "100", "-png", "-f", "1", "-l", "1", "-singlefile",
                    str(review[2]), str(tmp_path / "p1")], check=True)
    png = tmp_path / "p1.png"
    px = 100 / 72
    p = pages[0]

    def rule_below(words, until):
        x0 = min(w.x0 for w in words)
        x1 = max(w.x1 for w in words)
        y = max(w.y1 for w in words)
        runs = _dark_runs(png, int(y * px), int(until * px), int((x0 - 20) * px),
                          int((x1 + 20) * px))
        # the first rule below the words (a draft's box may follow further down)
        first = next(k for k, (_y, r) in enumerate(runs) if r > 5)
        rule = max(r for _y, r in runs[first:first + 4])
        return rule / px, x1 - x0

    body = [w for w in p.words if w.y0 < p.find("Số:")[0].y0 and w.x1 < p.find("CỘNG")[0].x0
            and w.y0 > p.find("UBND")[0].y1]
    rule, width = rule_below(body, p.find("Số:")[0].y0)
    assert width / 3 - 3 <= rule <= width / 2 + 3
    motto = [w for w in p.line_of(p.find("Độc")[0]) if w.x0 >= p.find("CỘNG")[0].x0 - 5]
    rule, width = rule_below(motto, p.find("Quảng")[0].y0)
    assert rule == pytest.approx(width, rel=0.06)
    subject = p.line_of(p.find("Kết")[0])
    rule, width = rule_below(subject, subject[0].y1 + 10 * MM)
    assert 0.15 * width <= rule <= 0.5 * width


def test_body_justified_with_first_line_indent(pages):
    p = pages[0]
    first = p.find("Thực")[0]
    below = min((w for w in p.words if w.y0 > first.y1 - 1), key=lambda w: w.y0)
    second_line = p.line_of(below)
    assert first.x0 - second_line[0].x0 == pytest.approx(1.27 * 10 * MM, abs=1)
    # justified: full lines end at the right margin
    assert second_line[-1].x1 == pytest.approx(p.width - 15 * MM, abs=1)


def test_recipients_and_signature_side_by_side_on_one_page(pages):
    holder = [p for p in pages if p.find("Nơi")]
    assert len(holder) == 1
    p = holder[0]
    noi = p.find("Nơi")[0]
    tm = p.find("TM.")[0]
    assert abs(noi.y0 - tm.y0) < 3 and tm.x0 > noi.x1 + 50 * MM
    assert p.find("TRƯỞNG") and p.find("Nguyễn") and "Lưu: VT, BCĐ." in p.text()
    assert p.find("Nguyễn")[0].y0 - p.find("TRƯỞNG")[0].y1 > 20 * MM  # room to sign


def test_appendices_titles_and_repeated_table_headers(pages):
    titles = [p for p in pages if p.find("Phụ") and p.find("lục")]
    assert len(titles) == 3
    register = [p for p in pages if "DANH SÁCH MÔ HÌNH" in p.text()][0]
    following = [p for p in pages if p.number > register.number]
    assert following, "the register runs over several pages"
    for p in following:
        assert "Tên mô hình" in p.text(), f"header row repeated on page {p.number}"


def test_no_table_row_split_across_pages(review, pages):
    """Each register row starts and ends on one page: STT numbers run 1..n without a row
    whose number is on one page and its name on the next."""
    cons = review[0]
    numbers = []
    for p in pages:
        if "Tên mô hình" not in p.text():
            continue
        stt_x = p.find("STT")[0].cx
        numbers += [int(w.text) for w in sorted(p.words, key=lambda w: w.y0)
                    if w.text.isdigit() and abs(w.cx - stt_x) < 14]
    assert numbers == list(range(1, len(cons.agg.models) + 1))


def test_bookmarks_for_sections_and_appendices(review):
    outline = PdfReader(review[2]).outline
    titles = [o.title for o in outline if not isinstance(o, list)]
    assert titles[:3] == ["I. KẾT QUẢ THỰC HIỆN", "II. ĐÁNH GIÁ CHUNG",
                          f"III. PHƯƠNG HƯỚNG, NHIỆM VỤ NĂM {review[0].year + 1}"]
    assert [t.split(".")[0] for t in titles[3:]] == ["Phụ lục I", "Phụ lục II", "Phụ lục III"]
    subs = [o for o in outline if isinstance(o, list)][0]
    assert subs[0].title == "1. Xây dựng mô hình tự quản về an ninh, trật tự"


def test_metadata_title_author_language(review):
    reader = PdfReader(review[2])
    meta = reader.metadata
    assert meta.title == ("Báo cáo kết quả phong trào toàn dân bảo vệ an ninh Tổ quốc năm "
                          f"{review[0].year}")
    assert meta.author == "BAN CHỈ ĐẠO PHONG TRÀO TOÀN DÂN BẢO VỆ AN NINH TỔ QUỐC"
    assert reader.trailer["/Root"]["/Lang"] == "vi"


def test_fonts_embedded(review):
    reader = PdfReader(review[2])
    fonts = {}
    for page in reader.pages:
        for f in page["/Resources"]["/Font"].values():
            f = f.get_object()
            desc = f.get("/FontDescriptor") or f["/DescendantFonts"][0].get_object()["/FontDescriptor"]
            desc = desc.get_object()
            fonts[str(f["/BaseFont"])] = any(k in desc for k in ("/FontFile", "/FontFile2",
                                                                  "/FontFile3"))
    assert fonts and all(fonts.values()), fonts
    assert {n.split("+")[-1] for n in fonts} >= {"ReviewSerif", "ReviewSerif-Bold",
                                                 "ReviewSerif-Italic"}


def test_comparisons_with_2011_have_the_right_numbers(review_2012, pages_2012):
    pages = pages_2012
    cons, prev, _pdf = review_2012
    text = " ".join(p.text() for p in pages)
    now, before = cons.agg.province, prev.agg.province
    assert (now["MH_TONG"], before["MH_TONG"]) == (91, 80)
    assert "91 mô hình tự quản về ANTT, tăng 11 mô hình (13,8 %) so với năm 2011" in text
    # KQ_TIN_BAO summed by hand over the sample workbooks (sheet "Số liệu", column F): 853 in
    # 2011, 806 in 2012; 47 fewer, 47 / 853 = 5,51 %
    assert (now["KQ_TIN_BAO"], before["KQ_TIN_BAO"]) == (806, 853)
    assert "số tin báo, tố giác giảm 47 tin (5,5 %) so với năm 2011" in text
    assert "Phụ lục I" in text and "SO VỚI NĂM 2011" in text


def test_leading_and_lagging_units_and_typical_models(pages_2012):
    pages = pages_2012
    text = " ".join(p.text() for p in pages[:5])
    assert "thấp nhất là huyện Bình Liêu (75,0 %)" in text  # 6 of 8 communes "An toàn"
    assert "Tất cả 14 đơn vị cấp huyện đều có 100 % xã, phường, thị trấn tổ chức Ngày hội" in text
    assert "“Cơ quan, doanh nghiệp không có ma túy” (Cấp tỉnh)" in text


def test_completeness_and_timeliness(pages_2012):
    pages = pages_2012
    text = " ".join(p.text() for p in pages[:2])
    assert "Đã có 15/15 đơn vị gửi báo cáo số liệu năm 2012 (100,0 %)" in text
    assert "Theo thời hạn ngày 25/7/2012, 11 đơn vị gửi đúng hạn, 4 đơn vị gửi muộn" in text
    assert "huyện Bình Liêu (29/7/2012)" in text


def test_charts_in_pdf_are_text(review, pages):
    text = " ".join(p.text() for p in pages)
    for k in (1, 2, 3):
        assert f"Biểu đồ {k}." in text
    assert "Trung bình" in text  # legend and labels are text, not outlines
    assert ("Cấp huyện" in text) == (review[0].year == 2012)


def test_clean_review_has_no_draft_mark(pages_2012):
    pages = pages_2012
    assert not any("DỰ THẢO" in p.text() for p in pages)


def test_pipeline_pdf_under_one_megabyte(built_2012):
    pdf = built_2012[1].pdf
    assert pdf.stat().st_size < 1_000_000
    assert len(PdfReader(pdf).pages) >= 10
