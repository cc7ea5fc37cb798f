"""A commune-level unit's answers about itself ("Có" / "Không", a grade) read back: normalised
to the offered answers, counted into the number indicators they feed (province figures are
counts across units), anything else reported; a blank answer is not reported, never 0."""

import dataclasses
import datetime as dt

import pytest
from openpyxl import load_workbook

from report_gen.cache import decode, encode
from report_gen.intake.submission import IntakeContext, read_submission
from report_gen.intake.values import read_answer
from report_gen.model import ACCEPTED
from report_gen.outputs.form import DATA_SHEET, HEADER_ROW
from report_gen.pipeline import consolidate
from report_gen.reference.catalogue import load_catalogue
from tests.support.make_answer_fixtures import ANSWERS, FORMATS, NUMBERS, OUT, STEMS
from tests.support.make_answer_fixtures import units as answer_units
from tests.support.workbooks import write_filled_form, write_grid

YEAR = 2025
COUNTS = ("NH_XA_TO_CHUC", "AT_XA_DANG_KY", "AT_XA_DAT", "PL_XUAT_SAC", "PL_KHA",
          "PL_TRUNG_BINH", "PL_YEU")
ANSWER_CODES = ("NH_CO_TO_CHUC", "AT_CO_DANG_KY", "AT_CO_DAT", "PL_XEP_LOAI")
# rows of the 2025 commune form (tests/test_form_answers.py checks them)
CELL = {"NH_CO_TO_CHUC": "F30", "AT_CO_DANG_KY": "F46", "AT_CO_DAT": "F47",
        "PL_XEP_LOAI": "F55"}


@pytest.fixture(scope="module")
def catalogue():
    return load_catalogue().in_year(YEAR)


@pytest.fixture
def unit_list(tmp_path):
    return answer_units(tmp_path)


@pytest.fixture
def ctx(catalogue, unit_list):
    return IntakeContext(year=YEAR, catalogue=catalogue, units=unit_list)


def _filled(tmp_path, unit_list, catalogue, values, name="ha_tu_2025.xlsx"):
    return write_filled_form(tmp_path / name, unit_list.get("P_HA_TU"), YEAR, catalogue,
                             unit_list.province, values, report_date=dt.date(2025, 11, 20))


# ---------------------------------------------------------------- normalising one answer

@pytest.mark.parametrize("typed", ["Có", "có", "CÓ", " có  ", "co", "C", "c", "x", "X", "Đạt",
                                   "đạt", "1", 1, 1.0, True, "true", "Có."])
def test_ways_of_writing_yes(catalogue, typed):
    assert read_answer(typed, catalogue.get("AT_CO_DAT")) == "Có"


@pytest.mark.parametrize("typed", ["Không", "KHÔNG", "khong", "K", "k", "ko", "0", 0, 0.0,
                                   False, "Chưa", "chưa đạt", "Không đạt", "false"])
def test_ways_of_writing_no(catalogue, typed):
    assert read_answer(typed, catalogue.get("AT_CO_DAT")) == "Không"


@pytest.mark.parametrize("typed, answer", [
    ("Khá", "Khá"), ("kha", "Khá"), ("KHÁ", "Khá"), ("loại khá", "Khá"), ("Loại Khá", "Khá"),
    ("Xếp loại Khá", "Khá"), ("xep loai: kha", "Khá"), ("Xuất sắc", "Xuất sắc"),
    ("XS", "Xuất sắc"), ("xuat sac", "Xuất sắc"), ("TB", "Trung bình"),
    ("trung  bình", "Trung bình"), ("Loại TB", "Trung bình"), ("yếu", "Yếu"),
])
def test_ways_of_writing_a_grade(catalogue, typed, answer):
    assert read_answer(typed, catalogue.get("PL_XEP_LOAI")) == answer


@pytest.mark.parametrize("code, typed", [
    ("AT_CO_DAT", "Tốt"), ("AT_CO_DAT", "=1+1"), ("AT_CO_DAT", "-"), ("AT_CO_DAT", "2"),
    ("AT_CO_DAT", 2), ("AT_CO_DAT", 0.5), ("AT_CO_DAT", "có không"), ("AT_CO_DAT", "Khá"),
    ("AT_CO_DAT", dt.date(2025, 1, 1)), ("AT_CO_DAT", float("nan")), ("AT_CO_DAT", "?"),
    ("PL_XEP_LOAI", "Tốt"), ("PL_XEP_LOAI", "Có"), ("PL_XEP_LOAI", "K"), ("PL_XEP_LOAI", "1"),
    ("PL_XEP_LOAI", True), ("PL_XEP_LOAI", "loại"), ("PL_XEP_LOAI", "Khá, Trung bình"),
])
def test_anything_else_is_no_answer(catalogue, code, typed):
    assert read_answer(typed, catalogue.get(code)) is None


# ---------------------------------------------------------------- a form read back

def test_answers_are_kept_and_counted_with_the_answers_cell(tmp_path, unit_list, catalogue,
                                                            ctx):
    path = _filled(tmp_path, unit_list, catalogue,
                   {**NUMBERS, **ANSWERS["P_HA_TU"]})
    result = read_submission(path, path.name, ctx)
    assert result.status == ACCEPTED and result.problems == []
    assert result.answers == {"NH_CO_TO_CHUC": "Có", "AT_CO_DANG_KY": "Có", "AT_CO_DAT": "Có",
                              "PL_XEP_LOAI": "Khá"}
    assert {c: result.values[c] for c in COUNTS} == {
        "NH_XA_TO_CHUC": 1, "AT_XA_DANG_KY": 1, "AT_XA_DAT": 1, "PL_XUAT_SAC": 0, "PL_KHA": 1,
        "PL_TRUNG_BINH": 0, "PL_YEU": 0}
    assert not set(ANSWER_CODES) & set(result.values)  # answers are not figures
    assert {c: result.cells[c] for c in ("NH_XA_TO_CHUC", "AT_XA_DAT", "PL_XUAT_SAC",
                                         "PL_YEU")} == {
        "NH_XA_TO_CHUC": (DATA_SHEET, "F30"), "AT_XA_DAT": (DATA_SHEET, "F47"),
        "PL_XUAT_SAC": (DATA_SHEET, "F55"), "PL_YEU": (DATA_SHEET, "F55")}
    assert {c: v for c, v in result.values.items() if c not in COUNTS} == NUMBERS


def test_a_blank_answer_is_not_reported_never_0(tmp_path, unit_list, catalogue, ctx):
    path = _filled(tmp_path, unit_list, catalogue, {"MH_TONG": 2, "AT_CO_DAT": "Không"})
    result = read_submission(path, path.name, ctx)
    assert result.status == ACCEPTED and result.problems == []
    assert result.answers == {"AT_CO_DAT": "Không"}
    assert {c: result.values[c] for c in COUNTS} == {
        "NH_XA_TO_CHUC": None, "AT_XA_DANG_KY": None, "AT_XA_DAT": 0, "PL_XUAT_SAC": None,
        "PL_KHA": None, "PL_TRUNG_BINH": None, "PL_YEU": None}


def test_odd_and_hostile_answers(tmp_path, unit_list, catalogue, ctx):
    path = _filled(tmp_path, unit_list, catalogue,
                   {"MH_TONG": 2, "NH_CO_TO_CHUC": "có ", "AT_CO_DANG_KY": "KHÔNG",
                    "AT_CO_DAT": "=1+1", "PL_XEP_LOAI": "Tốt"})
    _as_text(path, "AT_CO_DAT")
    result = read_submission(path, path.name, ctx)
    assert result.status == ACCEPTED
    assert result.answers == {"NH_CO_TO_CHUC": "Có", "AT_CO_DANG_KY": "Không"}
    assert {c: result.values[c] for c in COUNTS} == {
        "NH_XA_TO_CHUC": 1, "AT_XA_DANG_KY": 0, "AT_XA_DAT": None, "PL_XUAT_SAC": None,
        "PL_KHA": None, "PL_TRUNG_BINH": None, "PL_YEU": None}
    assert [(p.code, p.severity, p.sheet, p.cell, p.value, p.message, p.expected)
            for p in result.problems] == [
        ("answer-invalid", "error", DATA_SHEET, "F47", "=1+1",
         "Ô ghi “=1+1”: chỉ tiêu “Đơn vị đạt tiêu chuẩn “An toàn về ANTT”” chỉ nhận một "
         "trong: Có, Không.", "một trong: Có, Không (chọn trong danh sách của ô)"),
        ("answer-invalid", "error", DATA_SHEET, "F55", "Tốt",
         "Ô ghi “Tốt”: chỉ tiêu “Xếp loại phong trào của đơn vị” chỉ nhận một trong: Xuất "
         "sắc, Khá, Trung bình, Yếu.",
         "một trong: Xuất sắc, Khá, Trung bình, Yếu (chọn trong danh sách của ô)"),
    ]


def _as_text(path, code):
    """Make the value cell of `code` a text cell (openpyxl takes "=..." for a formula)."""
    wb = load_workbook(path)
    ws = wb[DATA_SHEET]
    for r in range(HEADER_ROW + 1, ws.max_row + 1):
        if ws.cell(row=r, column=2).value == code:
            ws.cell(row=r, column=6).data_type = "s"
    wb.save(path)


def test_a_formula_or_an_error_in_an_answer_cell_is_reported(tmp_path, unit_list, catalogue,
                                                             ctx):
    """An answer is chosen, not computed: a formula saved without its result is reported."""
    path = _filled(tmp_path, unit_list, catalogue,
                   {"MH_TONG": 2, "AT_CO_DAT": '=IF(MH>0,"Có","Không")', "NH_CO_TO_CHUC": "=1"})
    result = read_submission(path, path.name, ctx)
    assert result.answers == {}
    assert result.values["AT_XA_DAT"] is None and result.values["NH_XA_TO_CHUC"] is None
    assert [(p.code, p.cell, p.value) for p in result.problems] == [
        ("answer-invalid", "F30", "=1"), ("answer-invalid", "F47", '=IF(MH>0,"Có","Không")')]


def test_a_file_of_answers_only_is_accepted(tmp_path, unit_list, catalogue, ctx):
    path = _filled(tmp_path, unit_list, catalogue, {"PL_XEP_LOAI": "Yếu"})
    result = read_submission(path, path.name, ctx)
    assert result.status == ACCEPTED and result.values["PL_YEU"] == 1


def test_a_file_of_invalid_answers_only_is_accepted_with_its_errors(tmp_path, unit_list,
                                                                    catalogue, ctx):
    path = _filled(tmp_path, unit_list, catalogue, {"PL_XEP_LOAI": "Giỏi"})
    result = read_submission(path, path.name, ctx)
    assert result.status == ACCEPTED
    assert [(p.code, p.cell) for p in result.errors] == [("answer-invalid", "F55")]


# ---------------------------------------------------------------- an answer and its number row

HEADER = ["STT", "Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Năm 2025"]
TOP = [["Đơn vị:", None, "Phường Hà Tu"], ["Năm báo cáo:", None, 2025], []]


def _both(tmp_path, number, answer, name="both.xlsx"):
    """An old-style sheet carrying both AT_XA_DAT (a number) and AT_CO_DAT (the answer)."""
    rows = [[1, "MH_TONG", "Tổng số mô hình tự quản về ANTT", "mô hình", 2],
            [2, "AT_XA_DAT", "Xã, phường, đặc khu đạt tiêu chuẩn “An toàn về ANTT”", "đơn vị",
             number],
            [3, None, "Đơn vị đạt tiêu chuẩn “An toàn về ANTT”", None, answer]]
    return write_grid(tmp_path / name, TOP, HEADER, rows, [])


def test_an_answer_and_its_number_that_agree(tmp_path, ctx):
    path = _both(tmp_path, 1, "Có")
    result = read_submission(path, path.name, ctx)
    assert result.problems == [] and result.answers == {"AT_CO_DAT": "Có"}
    assert result.values["AT_XA_DAT"] == 1


def test_an_answer_and_its_number_that_disagree_void_the_number(tmp_path, ctx):
    path = _both(tmp_path, 1, "Không")
    result = read_submission(path, path.name, ctx)
    assert result.answers == {"AT_CO_DAT": "Không"}
    assert result.values["AT_XA_DAT"] is None
    assert [(p.code, p.severity, p.sheet, p.cell, p.value, p.message, p.expected)
            for p in result.problems] == [
        ("answer-conflict", "error", DATA_SHEET, "E7", "Không",
         "Ô E7 trả lời “Không” (được tính là 0 đơn vị ở chỉ tiêu AT_XA_DAT) nhưng ô E6 ghi 1; "
         "hai ô không khớp nên chỉ tiêu AT_XA_DAT không được tổng hợp, đề nghị sửa cho "
         "thống nhất.", "câu trả lời ở ô E7 và số ở ô E6 thống nhất với nhau")]


def test_an_answer_fills_a_blank_number_row(tmp_path, ctx):
    path = _both(tmp_path, None, "x")
    result = read_submission(path, path.name, ctx)
    assert result.problems == [] and result.values["AT_XA_DAT"] == 1
    assert result.cells["AT_XA_DAT"] == (DATA_SHEET, "E7")


def test_a_number_stays_when_the_answer_is_blank(tmp_path, ctx):
    path = _both(tmp_path, 1, None)
    result = read_submission(path, path.name, ctx)
    assert result.problems == [] and result.answers == {}
    assert result.values["AT_XA_DAT"] == 1 and result.cells["AT_XA_DAT"] == (DATA_SHEET, "E6")


def test_a_repeated_answer_row_is_reported_like_a_repeated_number(tmp_path, ctx):
    rows = [[1, "AT_CO_DAT", "Đơn vị đạt tiêu chuẩn “An toàn về ANTT”", None, "Có"],
            [2, "AT_CO_DAT", "Đơn vị đạt tiêu chuẩn “An toàn về ANTT”", None, "Không"]]
    path = write_grid(tmp_path / "twice.xlsx", TOP, HEADER, rows, [])
    result = read_submission(path, path.name, ctx)
    assert result.answers == {"AT_CO_DAT": "Có"} and result.values["AT_XA_DAT"] == 1
    assert [(p.code, p.cell) for p in result.problems] == [("value-duplicate", "E6")]


def test_answers_before_2025_are_unknown_rows(tmp_path, settings):
    """In 2024 no form asks answers: a row with one is not matched, never counted."""
    rows = [[1, "MH_TONG", "Tổng số mô hình tự quản về ANTT", "mô hình", 2],
            [2, None, "Xếp loại phong trào của đơn vị", None, "Khá"]]
    header = HEADER[:-1] + ["Năm 2024"]
    top = [["Đơn vị:", None, "Thành phố Hạ Long"], ["Năm báo cáo:", None, 2024], []]
    path = write_grid(tmp_path / "ha_long.xlsx", top, header, rows, [])
    ctx = IntakeContext(year=2024, catalogue=settings.catalogue.in_year(2024),
                        units=settings.units)
    result = read_submission(path, path.name, ctx)
    assert result.answers == {} and result.values["PL_KHA"] is None
    # an indicator of the catalogue not in force in 2024, holding an answer: an error (issue 12)
    assert [(p.code, p.cell, p.severity) for p in result.problems] == [
        ("indicator-not-in-force", "C6", "error")]
    assert result.problems[0].message == (
        "Chỉ tiêu PL_XEP_LOAI “Xếp loại phong trào của đơn vị” chỉ áp dụng từ năm 2025, không có "
        "trong biểu năm 2024; số liệu “Khá” của dòng này chưa được tổng hợp, đề nghị kiểm tra "
        "lại và ghi vào đúng chỉ tiêu của biểu năm 2024.")


# ---------------------------------------------------------------- cache and forms saved by LibreOffice

def test_answers_round_trip_through_the_cache(tmp_path, unit_list, catalogue, ctx):
    path = _filled(tmp_path, unit_list, catalogue, {"MH_TONG": 2, "PL_XEP_LOAI": "TB"})
    result = read_submission(path, path.name, ctx)
    back = decode(encode(result))
    assert back == result and back.answers == {"PL_XEP_LOAI": "Trung bình"}


def test_a_cached_result_without_answers_decodes(tmp_path, unit_list, catalogue, ctx):
    """An entry cached before answers were kept reads back with none."""
    path = _filled(tmp_path, unit_list, catalogue, {"MH_TONG": 2})
    result = read_submission(path, path.name, ctx)
    blob = encode(result).replace(b', "answers": {}', b"")
    assert b"answers" not in blob and decode(blob) == result


@pytest.mark.parametrize("fmt", FORMATS)
def test_forms_filled_and_saved_by_libreoffice(tmp_path, settings, fmt):
    cons = consolidate(OUT / fmt, YEAR, dataclasses.replace(settings,
                                                            units=answer_units(tmp_path)))
    by_unit = {r.unit: r for r in cons.results}
    assert [(r.file, r.status) for r in cons.results] == [
        (f"{STEMS['P_HA_TU']}.{fmt}", ACCEPTED), (f"{STEMS['X_QUANG_TAN']}.{fmt}", ACCEPTED)]
    for code, answers in ANSWERS.items():
        result = by_unit[code]
        assert result.problems == []
        assert result.answers == answers
        assert {c: v for c, v in result.values.items() if c not in COUNTS} == NUMBERS
        assert result.report_date == dt.date(2025, 11, 20)
        assert [m.name for m in result.models] == [
            "Khu phố 3 tự quản về an ninh, trật tự", "Tổ tự quản bến thuyền Hà Tu"]
    assert {c: by_unit["P_HA_TU"].values[c] for c in COUNTS} == {
        "NH_XA_TO_CHUC": 1, "AT_XA_DANG_KY": 1, "AT_XA_DAT": 1, "PL_XUAT_SAC": 0, "PL_KHA": 1,
        "PL_TRUNG_BINH": 0, "PL_YEU": 0}
    assert {c: cons.agg.province[c] for c in COUNTS} == {
        "NH_XA_TO_CHUC": 1, "AT_XA_DANG_KY": 2, "AT_XA_DAT": 1, "PL_XUAT_SAC": 0, "PL_KHA": 1,
        "PL_TRUNG_BINH": 1, "PL_YEU": 0}
    assert cons.agg.province["MH_TONG"] == 4 and cons.agg.province["KP_XA_HOI_HOA"] == 171
    assert [p.message for p in cons.province_problems] == ["Đơn vị Cấp tỉnh chưa gửi báo cáo."]


def test_the_drop_down_lists_survive_libreoffice():
    for stem in STEMS.values():
        ws = load_workbook(OUT / "xlsx" / f"{stem}.xlsx")[DATA_SHEET]
        lists = {dv.formula1: (str(dv.sqref), dv.error, dv.showErrorMessage)
                 for dv in ws.data_validations.dataValidation if dv.type == "list"}
        assert lists == {
            '"Có,Không"': ("F30 F46:F47", "Chọn một trong: Có, Không.", True),
            '"Xuất sắc,Khá,Trung bình,Yếu"': (
                "F55", "Chọn một trong: Xuất sắc, Khá, Trung bình, Yếu.", True)}
        assert [ws[c].number_format for c in CELL.values()] == ["@"] * 4
        assert {code: ws[c].value for code, c in CELL.items()} == ANSWERS[
            next(u for u, s in STEMS.items() if s == stem)]


def test_a_rule_on_counts_points_at_the_answers_cell(tmp_path, settings):
    """Reached "An toàn về ANTT" without registering: the rule on the counts names the cell
    of the answer that gave the count."""
    folder = tmp_path / "in"
    folder.mkdir()
    unit_list = answer_units(tmp_path)
    catalogue = settings.catalogue.in_year(YEAR)
    write_filled_form(folder / "ha_tu_2025.xlsx", unit_list.get("P_HA_TU"), YEAR, catalogue,
                      unit_list.province, {"MH_TONG": 2, "MH_TINH": 0, "MH_XA": 2,
                                           "AT_CO_DANG_KY": "Không", "AT_CO_DAT": "Có"})
    cons = consolidate(folder, YEAR, dataclasses.replace(settings, units=unit_list))
    [result] = cons.results
    assert [(p.code, p.severity, p.sheet, p.cell, p.message) for p in result.problems] == [
        ("rule", "error", DATA_SHEET, "F47", "Số xã, phường, đặc khu đạt tiêu chuẩn “An toàn về "
         "ANTT” (1) không được lớn hơn số đăng ký (0).")]
