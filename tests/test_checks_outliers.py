"""Figures far from last year's: a warning to confirm, per unit and for the province."""

from __future__ import annotations

from report_gen.checks.outliers import check_outliers
from tests.support.paths import MESSY


def test_outliers(settings):
    cat = settings.catalogue
    out = check_outliers(cat, {"MH_TONG": 100, "TT_BUOI": 5, "KQ_TIN_BAO": 10, "NH_DIEM": 30,
                               "KQ_SUNG": 40},
                         {"MH_TONG": 20, "TT_BUOI": 1, "KQ_TIN_BAO": 50, "NH_DIEM": 0,
                          "KQ_SUNG": 30}, cells={"MH_TONG": ("Số liệu", "F9")})
    by = {p.message.split(" ")[2]: p for p in out}
    assert set(by) == {"MH_TONG", "KQ_TIN_BAO", "NH_DIEM"}  # 1 -> 5 is trivial; +33 % is fine
    assert by["MH_TONG"].message == ("Chỉ tiêu MH_TONG (Tổng số mô hình tự quản về ANTT): năm "
                                     "nay 100, năm trước 20 (tăng 400\u00a0%); đề nghị kiểm tra và "
                                     "xác nhận lại số liệu.")
    assert (by["MH_TONG"].severity, by["MH_TONG"].cell) == ("warning", "F9")
    assert "giảm 80\u00a0%" in by["KQ_TIN_BAO"].message
    assert check_outliers(cat, {"MH_TONG": 100}, None) == []


def test_outliers_through_consolidate(settings):
    from report_gen.pipeline import consolidate
    cons = consolidate(MESSY / "clean", 2012, settings,
                       previous={"TIEN_YEN": {"TT_LUOT_NGUOI": 1000}})
    r = next(r for r in cons.results if r.unit == "TIEN_YEN")
    p = next(p for p in r.problems if p.code == "value-outlier")
    assert "năm nay 12.345, năm trước 1.000 (tăng 1.134,5\u00a0%)" in p.message
    assert not any(p.code == "value-outlier" for x in cons.results if x.unit != "TIEN_YEN"
                   for p in x.problems)


def test_province_totals_are_checked_against_last_year(settings):
    from report_gen.pipeline import consolidate
    from report_gen.store.attach import Past
    from tests.support.paths import SAMPLES

    this_year = consolidate(SAMPLES / "2012", 2012, settings).agg.province
    past = Past(year=2012, province={2011: dict(this_year, MH_TONG=20)})  # 91: more than 4 times
    cons = consolidate(SAMPLES / "2012", 2012, settings, past=past)
    assert [(p.severity, p.message) for p in cons.province_problems] == [
        ("warning", "Chỉ tiêu MH_TONG (Tổng số mô hình tự quản về ANTT): năm nay 91, năm trước "
                    "20 (tăng 355\u00a0%); đề nghị kiểm tra và xác nhận lại số liệu.")]
    assert not cons.is_draft  # a warning to confirm, not an error
