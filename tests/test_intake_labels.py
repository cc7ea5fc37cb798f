"""Labels in a unit's own words (issue 12): read within the section a row stands in by the
words that tell indicators apart; a number that cannot be placed is an error naming the likely
indicators; a row of an indicator not in force that year is named as such. The workbooks are in
tests/fixtures/labels/ (made by tests/support/make_label_fixtures.py, saved by LibreOffice)."""

from __future__ import annotations

import pytest

from report_gen.intake.labels import NOT_HEADING
from report_gen.intake.locate import match_catalogue
from report_gen.intake.submission import IntakeContext, read_submission
from tests.support.paths import FIXTURES

LABELS = FIXTURES / "labels"
REMEDY = "Đề nghị ghi đúng tên hoặc mã chỉ tiêu theo biểu mẫu."


def _read(settings, name: str, year: int):
    ctx = IntakeContext(year=year, catalogue=settings.in_year(year).catalogue,
                        units=settings.units)
    return read_submission(LABELS / name, name, ctx)


def _problems(result, code):
    return {p.cell: (p.severity, p.message) for p in result.problems if p.code == code}


# ---------------------------------------------------------------- the matcher, row by row

@pytest.mark.parametrize("label, section, code", [
    # the rows
    ("Xã, phường, thị trấn đăng ký An toàn về ANTT", "F", "AT_XA_DANG_KY"),
    ("Hộ gia đình đạt An toàn về ANTT", "F", "AT_HO_DAT"),
    ("Hộ gia đình đạt An toàn về ANTT", None, "AT_HO_DAT"),
    # đăng ký / đạt, and who: xã / khu dân cư / cơ quan / hộ gia đình
    ("Xã, phường, thị trấn đạt An toàn về ANTT", "F", "AT_XA_DAT"),
    ("KDC đăng ký", "F", "AT_KDC_DANG_KY"),
    ("Khu dân cư đạt An toàn về ANTT", "F", "AT_KDC_DAT"),
    ("CQDN đạt tiêu chuẩn", "F", "AT_CQDN_DAT"),
    ("Số hộ gia đình đăng ký An toàn", "F", "AT_HO_DANG_KY"),
    # grades: the words every grade shares are said by the heading
    ("Xếp loại Khá", "G", "PL_KHA"),
    ("Xếp loại Trung bình", "G", "PL_TRUNG_BINH"),
    ("Xã xếp loại Yếu", "G", "PL_YEU"),
    # arms handed in, tips
    ("Số súng quần chúng giao nộp", "E", "KQ_SUNG"),
    ("Số viên đạn các loại", "E", "KQ_DAN"),
    ("Thuốc nổ thu được", "E", "KQ_THUOC_NO"),
    ("Tin báo, tố giác tội phạm của nhân dân", "E", "KQ_TIN_BAO"),
    ("Trong đó tin báo có giá trị", "E", "KQ_TIN_GIA_TRI"),
    # models, forces
    ("Tổng số mô hình tự quản về an ninh trật tự", "A", "MH_TONG"),
    ("Mô hình tự quản cấp tỉnh", "A", "MH_TINH"),
    ("Số mô hình mới xây dựng trong năm", "A", "MH_MOI"),
    ("Số công an viên xã", "B", "LL_CONG_AN_XA"),
    ("Tổ hòa giải ở cơ sở", "B", "LL_TO_HOA_GIAI"),
    # not read: too short, ambiguous, another section's, foreign
    ("Xã đạt", "F", None),
    ("Hộ gia đình", "F", None),
    ("Tổng số", "A", None),
    ("Tổng số", None, None),
    ("Lực lượng công an xã", "F", None),
    ("Số camera an ninh được lắp đặt", None, None),
    ("Số khẩu súng thu hồi", None, None),
    ("Khu dân cư đạt An toàn về ANTT", "G", None),
])
def test_labels_read_as_a_person_reads_them(settings, label, section, code):
    found = match_catalogue(settings.catalogue.in_year(2012), 2012).match(label, section)
    assert (found.indicator.code if found.indicator else None) == code


def test_exact_labels_are_read_as_before(settings):
    m = match_catalogue(settings.catalogue.in_year(2012), 2012)
    for label, code in [("Hộ gia đình đăng ký", "AT_HO_DANG_KY"), ("Công an xã", "LL_CONG_AN_XA"),
                        ("TRONG ĐÓ: TIN CÓ GIÁ TRỊ", "KQ_TIN_GIA_TRI")]:
        found = m.match(label, "H")  # in any section: the catalogue's own label
        assert (found.indicator.code, found.how) == (code, "exact")


def test_section_headings(settings):
    m = match_catalogue(settings.catalogue.in_year(2012), 2012)
    assert m.heading("IV. XÂY DỰNG PHONG TRÀO ĐẠT TIÊU CHUẨN AN TOÀN VỀ ANTT") == "F"
    assert m.heading("F. Xây dựng phong trào đạt tiêu chuẩn “An toàn về ANTT”") == "F"
    assert m.heading("II - Lực lượng nòng cốt ở cơ sở") == "B"
    assert m.heading("PHÂN LOẠI PHONG TRÀO Ở XÃ, PHƯỜNG, THỊ TRẤN") == "G"
    assert m.heading("III. CÔNG TÁC KHÁC CỦA ĐƠN VỊ") is None  # a heading of no known section
    assert m.heading("a) Súng") == NOT_HEADING
    assert m.heading("Hộ gia đình") == NOT_HEADING


def test_not_in_force_found_by_label_and_code(settings):
    m2013 = match_catalogue(settings.catalogue.in_year(2013), 2013)
    assert m2013.match("Xã, phường, thị trấn xếp loại Xuất sắc", "G").not_in_force.code == \
        "PL_XUAT_SAC"
    assert m2013.match("Xã xếp loại Xuất sắc", "G").not_in_force.code == "PL_XUAT_SAC"
    assert m2013.not_in_force("pl_xuat_sac").code == "PL_XUAT_SAC"
    m2025 = match_catalogue(settings.catalogue.in_year(2025), 2025)
    found = m2025.match("Mô hình cấp huyện", "A")
    assert (found.indicator, found.not_in_force.code, found.not_in_force.label) == (
        None, "MH_HUYEN", "Mô hình cấp huyện")
    assert m2025.not_in_force("MH_HUYEN").code == "MH_HUYEN"
    assert m2025.not_in_force("MH_TONG") is None


# ---------------------------------------------------------------- workbooks made by LibreOffice

def test_paraphrased_workbook_every_number_placed_or_reported(settings):
    r = _read(settings, "tien_yen_2012.xlsx", 2012)
    assert (r.status, r.unit) == ("accepted", "TIEN_YEN")
    assert {c: v for c, v in r.values.items() if v is not None} == {
        "MH_TONG": 12, "MH_TINH": 0, "MH_HUYEN": 2, "MH_XA": 10, "MH_MOI": 3,
        "LL_CONG_AN_XA": 120, "LL_TO_HOA_GIAI": 45, "LL_DOI_XUNG_KICH": 9,
        "KQ_TIN_BAO": 30, "KQ_TIN_GIA_TRI": 20, "KQ_SUNG": 4, "KQ_DAN": 50, "KQ_THUOC_NO": 2.5,
        "AT_XA_DANG_KY": 10, "AT_XA_DAT": 8, "AT_KDC_DANG_KY": 100, "AT_KDC_DAT": 90,
        "AT_CQDN_DANG_KY": 20, "AT_CQDN_DAT": 18, "AT_HO_DANG_KY": 4200, "AT_HO_DAT": 4000,
        "PL_KHA": 6, "PL_TRUNG_BINH": 3, "PL_YEU": 1}
    matched = _problems(r, "label-matched")
    assert len(matched) == 22 and {s for s, _m in matched.values()} == {"info"}
    assert matched["B23"][1] == (
        "Dòng “Xã, phường, thị trấn đăng ký An toàn về ANTT” được hiểu là chỉ tiêu AT_XA_DANG_KY "
        "“Xã, phường, thị trấn đăng ký đạt tiêu chuẩn “An toàn về ANTT””.")
    assert matched["B30"][1] == ("Dòng “Hộ gia đình đạt An toàn về ANTT” được hiểu là chỉ tiêu "
                                 "AT_HO_DAT “Hộ gia đình đạt tiêu chuẩn”.")
    assert matched["B25"][1] == ("Dòng “KDC đăng ký” được hiểu là chỉ tiêu AT_KDC_DANG_KY “Khu "
                                 "dân cư (thôn, bản, khu phố) đăng ký”.")
    not_read = "Không nhận ra chỉ tiêu “{}”; số liệu của dòng này chưa được tổng hợp. Có thể là: "
    assert _problems(r, "label-ambiguous") == {
        "B11": ("error", not_read.format("Tổng số") + "MH_TONG “Tổng số mô hình tự quản về "
                "ANTT”. " + REMEDY),
        "B31": ("error", not_read.format("Xã đạt") + "AT_XA_DAT “Xã, phường, thị trấn đạt tiêu "
                "chuẩn “An toàn về ANTT””; AT_KDC_DAT “Khu dân cư (thôn, bản, khu phố) đạt tiêu "
                "chuẩn”; AT_HO_DAT “Hộ gia đình đạt tiêu chuẩn”. " + REMEDY),
        "B32": ("error", not_read.format("Lực lượng công an xã") + "LL_CONG_AN_XA “Công an "
                "xã”. " + REMEDY),
    }
    assert _problems(r, "row-subtotal") == {"D37": ("info", "Dòng cộng “Tổng cộng: 10” không "
                                                    "được lấy vào tổng hợp (chương trình tự cộng "
                                                    "từ các chỉ tiêu).")}
    assert {p.code for p in r.problems} == {"label-matched", "label-ambiguous", "row-subtotal"}


def test_not_in_force_before_its_period(settings):
    r = _read(settings, "co_to_2013.xlsx", 2013)
    assert (r.status, r.unit) == ("accepted", "CO_TO")
    assert {c: v for c, v in r.values.items() if v is not None} == {"MH_TONG": 4, "PL_KHA": 3}
    head = ("Chỉ tiêu PL_XUAT_SAC “Xã, phường, thị trấn xếp loại Xuất sắc” chỉ áp dụng từ năm "
            "2022, không có trong biểu năm 2013; ")
    assert _problems(r, "indicator-not-in-force") == {
        "B8": ("warning", head + "dòng này được bỏ qua."),  # 0: nothing lost
        "B9": ("error", head + "số liệu “2” của dòng này chưa được tổng hợp, đề nghị kiểm tra "
               "lại và ghi vào đúng chỉ tiêu của biểu năm 2013."),
    }


def test_not_in_force_after_its_period(settings):
    r = _read(settings, "quang_la_2025.xlsx", 2025)
    assert (r.status, r.unit) == ("accepted", "X_QUANG_LA")
    assert {c: v for c, v in r.values.items() if v is not None} == {
        "MH_TONG": 5, "MH_XA": 3, "PL_XUAT_SAC": 1}
    assert _problems(r, "indicator-not-in-force") == {
        "B7": ("error", "Chỉ tiêu MH_HUYEN “Mô hình cấp huyện” chỉ áp dụng đến năm 2024, không "
               "có trong biểu năm 2025; số liệu “2” của dòng này chưa được tổng hợp, đề nghị kiểm "
               "tra lại và ghi vào đúng chỉ tiêu của biểu năm 2025.")}
    assert _problems(r, "label-matched") == {
        "B10": ("info", "Dòng “Số xã xếp loại Xuất sắc” được hiểu là chỉ tiêu PL_XUAT_SAC “Xã, "
                "phường, đặc khu xếp loại Xuất sắc”.")}


def test_unplaced_number_makes_the_review_a_draft(settings, tmp_path):
    """A number that cannot be placed never silently leaves the totals: the review is a draft."""
    import shutil

    from report_gen.pipeline import consolidate
    shutil.copy(LABELS / "tien_yen_2012.xlsx", tmp_path / "tien_yen_2012.xlsx")
    cons = consolidate(tmp_path, 2012, settings)
    assert cons.is_draft


def test_section_headings_of_our_own_form_are_headings_not_blank_figures(settings, monkeypatch):
    """“XÂY DỰNG MÔ HÌNH TỰ QUẢN VỀ AN NINH, TRẬT TỰ” reads like MH_TONG word by word; a row
    without a value placed only by its words is not a figure. A clean form is read without the
    second reader (openpyxl, for error cells and formulas without results): it never opens."""
    from report_gen.intake import values
    from tests.support.paths import SAMPLES

    def second_reader(*_args):
        raise AssertionError("the second reader was opened for a clean form")
    monkeypatch.setattr(values, "raw_cells", second_reader)
    cat = settings.in_year(2012)
    ctx = IntakeContext(year=2012, catalogue=cat.catalogue, units=cat.units)
    path = SAMPLES / "2012" / "tien_yen_2012.xlsx"
    result = read_submission(path, path.name, ctx)
    assert result.status == "accepted" and result.problems == []
    assert result.cells["MH_TONG"] == ("Số liệu", "F9")
