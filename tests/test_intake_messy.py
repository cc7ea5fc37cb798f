"""Messy submissions (tests/fixtures/messy, made by tests/support/make_messy_fixtures.py): each
case read to the exact value, or reported with the exact problem (code, sheet, cell, message)."""

from __future__ import annotations

import os
import shutil

import pytest

from report_gen.intake.folder import intake_folder
from report_gen.intake.submission import read_submission
from report_gen.pipeline import consolidate
from tests.support.paths import MESSY

# The oracle, typed by hand from the messy workbooks as they are (opened with python-calamine, not
# with report_gen): (file, indicator) -> (sheet "Số liệu" cell, the value the reader must give).
TYPED = {
    ("HaLong_baocao.xlsx", "MH_TONG"): ("F14", 10),  # rows shuffled, header in row 9
    ("HaLong_baocao.xlsx", "LL_TRAT_TU_VIEN"): ("F20", 20),
    ("dot 2/mong cai.xlsx", "MH_XA"): ("C8", 6),  # label typed "Mô hìh cấp xã (phường, thị trấn)"
    ("dot 2/mong cai.xlsx", "KQ_THUOC_NO"): ("C32", 17.4),  # label "  Thuốc nổ "
    ("cam_pha.xlsx", "MH_MOI"): ("D9", 1),  # text "1 mô hình"
    ("cam_pha.xlsx", "LL_TAP_HUAN"): ("D19", 1184),  # text "1.184"
    ("cam_pha.xlsx", "KQ_THUOC_NO"): ("D32", 10.5),  # text "10,5"
    ("bao cao 19-8 (sua lan 2).xls", "TT_LUOT_NGUOI"): ("D21", 23294),
    ("dong_trieu.ods", "LL_BAO_VE_DAN_PHO"): ("D10", 231),
    ("hoanh_bo.xlsm", "TT_LUOT_NGUOI"): ("C19", 13390),  # text "13390"
    ("van don.xls", "LL_BAO_VE_CQDN"): ("D12", 339),  # TCVN3 label "B¶o vÖ c¬ quan, doanh nghiÖp"
    ("Tien Yen - bao cao 19-8 (sua lan 2).xlsx", "TT_LUOT_NGUOI"): ("B19", 12345),  # VNI label
    ("ba che.xlsx", "KQ_THUOC_NO"): ("C30", 9.8),
    ("ba che.xlsx", "KQ_KIP_NO"): (None, None),  # its row was deleted: "Thuốc nổ" then "Vụ việc…"
}


@pytest.fixture(scope="module")
def messy(settings):
    return consolidate(MESSY / "folder", 2012, settings)


@pytest.fixture(scope="module")
def cases(settings):
    return consolidate(MESSY / "cases", 2012, settings)


def _by_file(cons, name):
    return next(r for r in cons.results if r.file == name)


def _find(result, code, cell=None):
    found = [p for p in result.problems if p.code == code and (cell is None or p.cell == cell)]
    assert found, f"no {code} at {cell} in {[(p.code, p.cell) for p in result.problems]}"
    return found[0]


@pytest.fixture(scope="module")
def clean(settings):
    return consolidate(MESSY / "clean", 2012, settings)


def test_messy_totals_equal_clean_totals(messy, clean):
    assert messy.agg.province == clean.agg.province
    assert messy.agg.table.equals(clean.agg.table)
    assert not messy.agg.missing_units


@pytest.mark.parametrize("name,unit", [
    ("HaLong_baocao.xlsx", "HA_LONG"),  # header row 9, merged titles, shuffled, sub-totals
    ("dot 2/mong cai.xlsx", "MONG_CAI"),  # no code column, retyped labels, NFD, subfolder
    ("cam_pha.xlsx", "CAM_PHA"),  # text numbers, unit word, cached SUM by LibreOffice
    ("uong_bi.xlsx", "UONG_BI"),  # formulas without cached results
    ("bao cao 19-8 (sua lan 2).xls", "QUANG_YEN"),  # .xls, unit only in issuer title
    ("dong_trieu.ods", "DONG_TRIEU"),  # .ods, no diacritics in unit, "Thực hiện"
    ("hoanh_bo.xlsm", "HOANH_BO"),  # .xlsm, numbers as text
    ("van don.xls", "VAN_DON"),  # TCVN3, all-caps title
    ("Tien Yen - bao cao 19-8 (sua lan 2).xlsx", "TIEN_YEN"),  # VNI, no code column
    ("ba che.xlsx", "BA_CHE"),  # deleted rows, typo in unit name
])
def test_each_messy_file_gives_the_clean_figures(messy, clean, name, unit):
    r = _by_file(messy, name)
    assert (r.status, r.unit) == ("accepted", unit)
    twin = next(c for c in clean.results if c.unit == unit)
    assert r.values == twin.values
    assert not r.errors


@pytest.mark.parametrize("name,code", sorted(TYPED))
def test_typed_values_of_the_messy_files(messy, name, code):
    cell, value = TYPED[name, code]
    r = _by_file(messy, name)
    assert r.values[code] == value
    if cell is not None:
        assert r.cells[code] == ("Số liệu", cell)


def test_exact_values_of_number_cases(messy):
    assert _by_file(messy, "cam_pha.xlsx").values["TT_LUOT_NGUOI"] == 4321  # "4.321"
    assert _by_file(messy, "cam_pha.xlsx").values["KP_XA_HOI_HOA"] == 1234.5  # "1.234,5"
    assert _by_file(messy, "Tien Yen - bao cao 19-8 (sua lan 2).xlsx").values[
        "KQ_THUOC_NO"] == 12.5
    p = _find(_by_file(messy, "cam_pha.xlsx"), "value-unit-word", "D9")
    assert p.message == "Đã bỏ chữ “mô hình” sau số, dùng giá trị 1."


def test_uncached_formulas_are_computed(messy):
    r = _by_file(messy, "uong_bi.xlsx")
    p = _find(r, "value-formula-computed", "C3")
    assert p.message == ("Công thức “=SUM(C4:C6)” chưa có kết quả lưu trong tệp; "
                         "chương trình đã tự tính được 6.")
    assert r.values["MH_TONG"] == 6
    p = _find(r, "value-formula-computed", "C19")
    assert p.message == ("Công thức “=6815+3407*2” chưa có kết quả lưu trong tệp; "
                         "chương trình đã tự tính được 13.629.")
    assert r.values["TT_LUOT_NGUOI"] == 13629


def test_subtotal_rows_are_noted_not_summed(messy):
    r = _by_file(messy, "HaLong_baocao.xlsx")
    p = _find(r, "row-subtotal", "F17")
    assert (p.severity, p.sheet) == ("info", "Số liệu")
    assert p.message == ("Dòng cộng “Cộng mục A: 999” không được lấy vào tổng hợp "
                         "(chương trình tự cộng từ các chỉ tiêu).")
    assert r.report_date.isoformat() == "2012-08-02"


def test_legacy_encodings_warn_naming_the_file(messy):
    p = _find(_by_file(messy, "van don.xls"), "text-legacy")
    assert "van don.xls" in p.message and "TCVN3" in p.message and p.severity == "warning"
    p = _find(_by_file(messy, "Tien Yen - bao cao 19-8 (sua lan 2).xlsx"), "text-legacy")
    assert "VNI" in p.message


def test_ledger_has_every_file(messy):
    files = {r.file: r.status for r in messy.results}
    on_disk = {p.relative_to(MESSY / "folder").as_posix()
               for p in (MESSY / "folder").rglob("*") if p.is_file()}
    assert set(files) == on_disk
    assert files["cong_van_gui_kem.docx"] == "ignored"
    assert files["anh_chup_bieu.jpg"] == "ignored"
    assert files["~$HaLong_baocao.xlsx"] == "ignored"
    assert files["cu/binh_lieu_ban_dau.xlsx"] == "superseded"
    old = _by_file(messy, "cu/binh_lieu_ban_dau.xlsx")
    assert old.reason == ("Đã có bản mới hơn của đơn vị này (binh_lieu_2012.xlsx, theo ngày "
                          "báo cáo ghi trong biểu); bản này không được dùng.")


def test_duplicates_without_report_date_newest_mtime_wins(tmp_path, ctx):
    src = MESSY / "folder" / "uong_bi.xlsx"
    a, b = tmp_path / "uong_bi_a.xlsx", tmp_path / "uong_bi_b.xlsx"
    shutil.copy(src, a)
    shutil.copy(src, b)
    os.utime(a, (2_000_000_000, 2_000_000_000))
    os.utime(b, (1_000_000_000, 1_000_000_000))
    results = {r.file: r for r in intake_folder(tmp_path, ctx)}
    assert results["uong_bi_a.xlsx"].status == "accepted"
    assert results["uong_bi_b.xlsx"].status == "superseded"
    assert "thời gian sửa tệp" in results["uong_bi_b.xlsx"].reason


@pytest.mark.parametrize("name", ["loi_o_ha_long.xlsx", "loi_o_mong_cai.xls",
                                  "loi_o_cam_pha.ods"])
def test_bad_cells_reported_in_every_format(cases, name):
    r = _by_file(cases, name)
    assert r.status == "accepted"
    expect = {
        ("value-error-cell", "D19"): "Ô có lỗi công thức #DIV/0!; đề nghị sửa công thức hoặc ghi số.",
        ("value-error-cell", "D21"): "Ô có lỗi công thức #REF!; đề nghị sửa công thức hoặc ghi số.",
        ("value-negative", "D29"): "Giá trị -5 là số âm; số liệu không được âm.",
        ("value-not-number", "D30"): "Giá trị “nhiều” không phải là số; đề nghị ghi một số "
                                     "(để trống nếu không có số liệu).",
        ("value-not-whole", "D32"): "Giá trị 2,5 phải là số nguyên (chỉ tiêu đếm cái).",
        ("value-absurd", "D33"): "Giá trị 5000000000 quá lớn, không hợp lý; đề nghị kiểm tra lại.",
        ("value-unit-mismatch", "D8"): "Ô ghi “1 tổ” nhưng chỉ tiêu MH_MOI tính bằng “mô hình”; "
                                       "đã dùng số 1, đề nghị kiểm tra lại dòng này.",
        ("cell-extra", "E9"): "Ô ngoài cột số liệu có nội dung “xem lại” (cột “không có tiêu "
                              "đề”) ở dòng chỉ tiêu MH_HIEU_QUA; nội dung này không được tổng "
                              "hợp, nếu là số liệu đề nghị ghi vào cột số liệu.",
        # a number that cannot be placed is an error (issue 12), naming the likely indicators
        ("label-unmatched", "B51"): "Không nhận ra chỉ tiêu “Số camera an ninh được lắp đặt”; "
                                    "số liệu của dòng này chưa được tổng hợp. Đề nghị ghi đúng "
                                    "tên hoặc mã chỉ tiêu theo biểu mẫu.",
        ("label-ambiguous", "B52"): "Không nhận ra chỉ tiêu “Hộ gia đình”; số liệu của dòng này "
                                    "chưa được tổng hợp. Có thể là: TT_HO_CAM_KET “Hộ gia đình ký "
                                    "cam kết thực hiện “tự phòng, tự quản, tự bảo vệ, tự hòa "
                                    "giải””; AT_HO_DANG_KY “Hộ gia đình đăng ký”; AT_HO_DAT “Hộ "
                                    "gia đình đạt tiêu chuẩn”. Đề nghị ghi đúng tên hoặc mã chỉ "
                                    "tiêu theo biểu mẫu.",
        ("row-subtotal", "D53"): "Dòng cộng “Tổng cộng: 9999” không được lấy vào tổng hợp "
                                 "(chương trình tự cộng từ các chỉ tiêu).",
        ("value-duplicate", "D54"): "Chỉ tiêu MH_TONG xuất hiện nhiều lần; đã dùng giá trị ở ô D4.",
    }
    for (code, cell), message in expect.items():
        p = _find(r, code, cell)
        assert (p.sheet, p.message) == ("Số liệu", message)
    # an invalid value never enters a total; the unit's other values still count
    for code in ("TT_BUOI", "TT_TIN_BAI", "KQ_SUNG", "KQ_DAN", "KQ_KIP_NO", "KQ_CONG_CU_HO_TRO"):
        assert r.values[code] is None
    # typed from each file's sheet "Số liệu": MH_TONG in D4, LL_CONG_AN_XA in D10
    assert (r.values["MH_TONG"], r.values["LL_CONG_AN_XA"]) == {
        "loi_o_ha_long.xlsx": (10, 120), "loi_o_mong_cai.xls": (8, 85),
        "loi_o_cam_pha.ods": (8, 112)}[name]
    # the oracle, read off the workbooks by hand: Uông Bí's =SUM(C3:C5)-C3 (C3..C5 = 6, 0, 2),
    # saved without its result: 2; Tiên Yên's 6 and Quảng Yên's 6. The bad-cell files' KQ_SUNG
    # (−5 in Hạ Long, the others invalid too) never enter the total
    assert cases.agg.province["KQ_SUNG"] == 2 + 6 + 6


def test_unevaluable_formulas_reported(cases):
    r = _by_file(cases, "cong_thuc_uong_bi.xlsx")
    p = _find(r, "value-formula-unevaluated", "C18")
    assert p.message == ("Ô có công thức “=VLOOKUP(1,A1:B2,2,0)” nhưng tệp không lưu kết quả "
                         "và chương trình không tự tính được; đề nghị mở tệp bằng Excel, lưu lại "
                         "rồi gửi lại, hoặc ghi số trực tiếp.")
    _find(r, "value-formula-unevaluated", "C20")  # another sheet: not evaluated here
    assert _find(r, "value-error-cell", "C29").message.startswith("Ô có lỗi công thức #DIV/0!")
    assert r.values["KQ_SUNG"] == 2 and r.values["TT_BUOI"] is None


@pytest.mark.parametrize("name,unit,message", [
    ("hoa_lu.xlsx", None, "Không xác định được đơn vị báo cáo (tên đơn vị trong biểu: "
                          "“Huyện Hoa Lư”); đề nghị ghi đúng tên đơn vị ở dòng “Đơn vị:”."),
    ("bieu_mau_co_to.xlsx", "CO_TO", "Biểu mẫu gửi lại chưa có số liệu nào."),
    ("dam_ha_mat_khau.xlsx", "DAM_HA", "Không đọc được tệp: tệp được đặt mật khẩu, không mở "
                                       "được; đề nghị đơn vị gửi lại bản không đặt mật khẩu."),
    ("hai_ha_hong.xlsx", "HAI_HA", "Không đọc được tệp: tệp hỏng hoặc không phải bảng tính "
                                   "hợp lệ (invalid Zip archive: Could not find EOCD)."),
])
def test_rejected_with_reason(cases, name, unit, message):
    r = _by_file(cases, name)
    assert (r.status, r.unit, r.reason) == ("rejected", unit, message)


def test_ignored_in_cases(cases):
    assert _by_file(cases, "anh.png").status == "ignored"
    assert _by_file(cases, "~$quang_yen_sai.xlsx").reason.startswith("tệp khóa tạm")


def test_unit_conflict_sheet_wins(cases):
    r = _by_file(cases, "mong_cai_bao_cao.xlsx")
    assert r.unit == "TIEN_YEN"
    p = _find(r, "unit-conflict", "A1")
    assert p.sheet == "Số liệu" and p.severity == "warning"
    assert p.message == ("Tên đơn vị trong biểu (“Huyện Tiên Yên”) khác với tên tệp "
                         "(“mong_cai_bao_cao.xlsx”); đã lấy theo biểu.")


def test_read_submission_never_raises(tmp_path, ctx):
    for i, data in enumerate([b"", b"PK\x03\x04garbage", b"\xd0\xcf\x11\xe0" + b"\0" * 600,
                              b"<html>not a sheet</html>"]):
        p = tmp_path / f"tien_yen_{i}.xlsx"
        p.write_bytes(data)
        r = read_submission(p, p.name, ctx)
        assert r.status == "rejected" and r.reason
