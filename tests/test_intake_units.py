"""Legacy encodings, formulas, labels, outliers, rules and the feedback to units."""

from __future__ import annotations

from pathlib import Path

import pytest

from report_gen.intake import legacy
from report_gen.intake.formats.ods import ods_to_excel
from report_gen.intake.formulas import FormulaError, evaluate
from report_gen.intake.read import Grid
from report_gen.checks.outliers import check_outliers
from report_gen.checks.rules import check_rules

LOWER = "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ"
UPPER = LOWER.upper()
MESSY = Path(__file__).parent / "fixtures" / "messy"


def test_vni_round_trip_every_letter():
    assert len(LOWER) == 73
    for ch in LOWER + UPPER:
        assert legacy.decode_vni(legacy.encode_vni(ch)) == ch, ch


def test_tcvn3_round_trip_every_letter():
    for ch in LOWER:
        assert legacy.decode_tcvn3(legacy.encode_tcvn3(ch)) == ch, ch
    for ch in UPPER:  # capitals with tone marks share the lower-case codes (.VnTimeH)
        assert legacy.decode_tcvn3(legacy.encode_tcvn3(ch)).upper() == ch, ch
    for ch in "ĂÂÊÔƠƯĐ":  # the seven capitals with their own code
        assert legacy.decode_tcvn3(legacy.encode_tcvn3(ch)) == ch


def test_legacy_examples_and_detection():
    assert legacy.encode_tcvn3("Tổng số mô hình") == "Tæng sè m« h×nh"
    assert legacy.decode_tcvn3("Tæng sè m« h×nh") == "Tổng số mô hình"
    assert legacy.decode_tcvn3("C¤NG AN HUYÖN TI£N Y£N") == "CÔNG AN HUYỆN TIÊN YÊN"
    assert legacy.decode_vni("Toång soá moâ hình") == "Tổng số mô hình"
    assert legacy.detect(["Tæng sè m« h×nh", "Hµ Long"]).encoding == "TCVN3"
    assert legacy.detect(["Toång soá moâ hình", "Ñôn vò"]).encoding == "VNI"
    assert legacy.detect(["Tổng số mô hình", "toàn dân", "Hà Nội"]).encoding is None
    assert legacy.decode_vni("Đơn vị") == "Đơn vị"  # Unicode text is left alone


def _grid(rows):
    return Grid(name="S", rows=rows)


def test_formula_evaluation():
    g = _grid([[1.0, 2.0, ""], [3.0, "4", "x"]])
    assert evaluate("=SUM(A1:B2)", g, {}) == 6  # text "4" is ignored by SUM
    assert evaluate("=A1+B1*2-(A2/3)", g, {}) == 4
    assert evaluate("=SUM(A1,B1,10)+C1", g, {}) == 13  # blank counts 0
    assert evaluate("=B2+1", g, {}) == 5  # a text number in arithmetic
    for bad in ("=VLOOKUP(1,A1:B2,2)", "=Sheet2!A1", "=A1/0", "=C2+1", "=A1 &"):
        with pytest.raises(FormulaError):
            evaluate(bad, g, {})
    assert ods_to_excel("of:=SUM([.F9:.F11])") == "=SUM(F9:F11)"
    assert ods_to_excel("of:=[.A1]+[.B2]*2") == "=A1+B2*2"


def test_labels_matched_tolerantly(settings):
    from report_gen.intake.locate import LabelMatcher
    m = LabelMatcher(settings.catalogue.for_year(2012))
    for text, code in [("TONG SO MO HINH TU QUAN VE ANTT", "MH_TONG"),
                       ("Trongđó: tin có giá trị", "KQ_TIN_GIA_TRI"),
                       ("  trong do:  hoa giai thanh ", "KQ_HOA_GIAI_THANH"),
                       ("Công an xã (người)", "LL_CONG_AN_XA"),
                       ("Bảo vệ dân phô", "LL_BAO_VE_DAN_PHO")]:
        assert m.by_label(text)[0].code == code, text
    assert m.by_label("Hộ gia đình")[0] is None
    assert len(m.by_label("Hộ gia đình")[1]) == 3


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


def test_blank_policy(settings):
    cat = settings.catalogue
    base = {"MH_TONG": 6, "MH_TINH": 0, "MH_HUYEN": 2, "MH_XA": 4, "MH_MOI": None,
            "PL_XUAT_SAC": None, "PL_KHA": 9, "PL_TRUNG_BINH": 2, "PL_YEU": None}
    msgs = [p.message for p in check_rules(cat, base, scope="unit", level="district",
                                           communes=12)]
    # MH_MOI blank: MH_MOI <= MH_TONG skipped; PL_* blanks count as 0 -> 11 != 12 (warning)
    assert msgs == ["Tổng số xã, phường, thị trấn được phân loại (11) nên bằng số xã, phường, "
                    "thị trấn của đơn vị (12); đề nghị kiểm tra lại."]
    base["MH_TINH"] = None  # MH_TONG = sum is skipped when an operand is blank
    assert len(check_rules(cat, base, scope="unit", level="district", communes=12)) == 1


def test_rules_and_register_on_file(settings):
    from report_gen.pipeline import consolidate
    cons = consolidate(MESSY / "cases", 2012, settings)
    r = next(r for r in cons.results if r.file == "quang_yen_sai.xlsx")
    got = [(p.code, p.severity, p.sheet, p.cell, p.message) for p in r.problems]
    assert got == [
        ("rule", "error", "Số liệu", "F9", "Tổng số mô hình (9) phải bằng số mô hình cấp tỉnh "
                                           "+ cấp huyện + cấp xã (7)."),
        ("rule", "warning", "Số liệu", "F58", "Tổng số xã, phường, thị trấn được phân loại (18) "
         "nên bằng số xã, phường, thị trấn của đơn vị (19); đề nghị kiểm tra lại."),
        ("model-count-mismatch", "error", "Danh sách mô hình", None,
         "Danh sách mô hình có 4 mô hình cấp xã, nhưng chỉ tiêu MH_XA ghi 5."),
    ]


def test_check_writes_feedback_and_overview(tmp_path, capsys):
    from report_gen.cli import main
    code = main(["check", str(MESSY / "cases"), "--year", "2012", "--feedback", str(tmp_path)])
    assert code == 1
    out = capsys.readouterr().out
    assert "Tổng quan:" in out and "1 đơn vị đạt, 8 đơn vị có lỗi, 6 đơn vị chưa gửi" in out
    assert "ô D19" in out and "loi_o_ha_long.xlsx" in out
    files = sorted(p.name for p in tmp_path.iterdir())
    assert "tong_quan_2012.html" in files
    assert "phan_hoi_HA_LONG_2012.html" in files and "phan_hoi_DAM_HA_2012.html" in files
    page = (tmp_path / "phan_hoi_HA_LONG_2012.html").read_text(encoding="utf-8")
    assert "Kính gửi: Thành phố Hạ Long." in page
    assert "<td>D30</td><td>nhiều</td>" in page
    assert "số nguyên không âm (cái), hoặc để trống nếu không có số liệu" in page
    overview = (tmp_path / "tong_quan_2012.html").read_text(encoding="utf-8")
    assert "Chưa gửi: 6 đơn vị" in overview and "hoa_lu.xlsx" in overview


def test_feedback_escapes_submission_text(settings, tmp_path):
    from report_gen.model import FileResult
    from report_gen.problems import problem
    from report_gen.outputs.feedback import UnitState, unit_page
    r = FileResult(file="<b>x</b>.xlsx", status="accepted", unit="HA_LONG")
    r.problems.append(problem("value-not-number", sheet="<i>S</i>", cell="D9",
                              value="<script>alert(1)</script>"))
    page = unit_page(UnitState("HA_LONG", "Hạ Long <&>", "errors", [r]), 2012)
    assert "<script>" not in page and "&lt;script&gt;" in page
    assert "<b>x</b>" not in page and "Hạ Long &lt;&amp;&gt;" in page
