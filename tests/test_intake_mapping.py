"""The officer decides once (issue 12): a mapping file in the input folder places a row the
intake cannot place (or ignores it); `report-gen map` writes the suggestions; a build keeps the
decisions in the history store and later years apply them. A mapping never changes a number."""

from __future__ import annotations

import datetime as dt

import pytest
from openpyxl import load_workbook

from report_gen.cli import main
from report_gen.intake.mapping import HEADER, MAPPING_FILE, MappingError, load_mapping_file
from report_gen.outputs.form import DATA_SHEET
from report_gen.pipeline import check, consolidate
from report_gen.store import open_store
from report_gen.store.attach import record_consolidation
from tests.support.samples import copy_sample
from tests.support.workbooks import CODE_COLUMN, write_filled_form

LABEL_COLUMN = 3
NOT_READ = ("Không nhận ra chỉ tiêu “Xã đạt”; số liệu của dòng này chưa được tổng hợp. Có thể "
            "là: AT_XA_DAT “Xã, phường, thị trấn đạt tiêu chuẩn “An toàn về ANTT””; AT_KDC_DAT "
            "“Khu dân cư (thôn, bản, khu phố) đạt tiêu chuẩn”; AT_HO_DAT “Hộ gia đình đạt tiêu "
            "chuẩn”. Đề nghị ghi đúng tên hoặc mã chỉ tiêu theo biểu mẫu.")
MAPPED = ("Dòng “Xã đạt” được ghi vào chỉ tiêu AT_XA_DAT “Xã, phường, thị trấn đạt tiêu chuẩn "
          "“An toàn về ANTT”” theo {}.")
BY_FILE = "tệp ánh xạ (quyết định của cán bộ tổng hợp)"


@pytest.fixture(autouse=True)
def wide_console(monkeypatch):
    monkeypatch.setenv("COLUMNS", "250")  # rich output unwrapped, so sentences can be compared


def _unplace(path, code="AT_XA_DAT", label="Xã đạt"):
    """The unit's row of `code` with its code cleared and its label in the unit's own words."""
    wb = load_workbook(path)
    ws = wb[DATA_SHEET]
    for r in range(1, ws.max_row + 1):
        if ws.cell(row=r, column=CODE_COLUMN).value == code:
            ws.cell(row=r, column=CODE_COLUMN).value = None
            ws.cell(row=r, column=LABEL_COLUMN).value = label
    wb.save(path)


@pytest.fixture
def folder(tmp_path):
    d = copy_sample(2012, tmp_path / "2012")
    _unplace(d / "tien_yen_2012.xlsx")
    return d


def _mapping(folder, body: str) -> None:
    (folder / MAPPING_FILE).write_text(body, encoding="utf-8")


def _tien_yen(cons):
    return next(r for r in cons.results if r.unit == "TIEN_YEN")


def _problems(result, *codes):
    return [(p.code, p.severity, p.cell, p.message) for p in result.problems if p.code in codes]


CODES = ("label-ambiguous", "label-unmatched", "label-mapped", "row-ignored-by-mapping",
         "mapping-not-in-force")


def test_unplaced_row_is_an_error_and_the_review_a_draft(folder, settings):
    cons = consolidate(folder, 2012, settings)
    r = _tien_yen(cons)
    assert _problems(r, *CODES) == [("label-ambiguous", "error", "C48", NOT_READ)]
    assert r.values["AT_XA_DAT"] is None and cons.is_draft


def test_map_command_writes_the_suggestions_once(folder, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    assert main(["map", str(folder), "--year", "2012", "--no-cache"]) == 0
    out = " ".join(capsys.readouterr().out.split())
    assert "TIEN_YEN │ tien_yen_2012.xlsx │ C48 │ Xã đạt │ AT_XA_DAT, AT_KDC_DAT, AT_HO_DAT" in out
    assert f"Đã ghi thêm 1 gợi ý vào {folder / MAPPING_FILE}. Bỏ dấu # ở các dòng" in out
    block = ("\n# --- Đơn vị TIEN_YEN, tệp tien_yen_2012.xlsx, ô C48: “Xã đạt” (có thể là: "
             "AT_XA_DAT, AT_KDC_DAT, AT_HO_DAT)\n"
             "# [[rows]]\n"
             "# unit = \"TIEN_YEN\"\n"
             "# label = \"Xã đạt\"\n"
             "# indicator = \"AT_XA_DAT\"    # hoặc: ignore = true\n")
    assert (folder / MAPPING_FILE).read_text(encoding="utf-8") == HEADER + block
    assert main(["map", str(folder), "--year", "2012", "--no-cache"]) == 0  # nothing twice
    assert "(1 dòng đã có gợi ý từ trước)" in " ".join(capsys.readouterr().out.split())
    assert (folder / MAPPING_FILE).read_text(encoding="utf-8") == HEADER + block
    # the officer uncomments the block: the row is placed, the mapping file only ignored
    text = HEADER + block.replace("\n# [[rows]]", "\n[[rows]]").replace("\n# unit", "\nunit") \
        .replace("\n# label", "\nlabel").replace("\n# indicator", "\nindicator")
    (folder / MAPPING_FILE).write_text(text, encoding="utf-8")
    assert main(["map", str(folder), "--year", "2012", "--no-cache"]) == 0
    assert ("Năm 2012: mọi dòng có số liệu đều đã xếp được vào chỉ tiêu; không cần ghi thêm vào "
            "anh_xa_chi_tieu.toml.") in " ".join(capsys.readouterr().out.split())
    assert (folder / MAPPING_FILE).read_text(encoding="utf-8") == text


def test_mapping_places_the_row_without_changing_its_number(folder, settings):
    _mapping(folder, '[[rows]]\nunit = "TIEN_YEN"\nlabel = "XÃ  ĐẠT"\nindicator = "AT_XA_DAT"\n')
    cons = consolidate(folder, 2012, settings)
    r = _tien_yen(cons)
    assert _problems(r, *CODES) == [("label-mapped", "info", "C48", MAPPED.format(BY_FILE))]
    assert r.values["AT_XA_DAT"] == 11 and r.cells["AT_XA_DAT"] == (DATA_SHEET, "F48")
    assert r.errors == [] and not cons.is_draft
    ignored = next(x for x in cons.results if x.file == MAPPING_FILE)
    assert (ignored.status, ignored.reason) == (
        "ignored", "tệp ánh xạ chỉ tiêu (quyết định của cán bộ tổng hợp), dùng khi đọc các tệp "
                   "của đơn vị")


def test_mapping_for_every_unit(folder, settings):
    _mapping(folder, '[[rows]]\nunit = "*"\nlabel = "Xã đạt"\nindicator = "AT_XA_DAT"\n')
    r = _tien_yen(consolidate(folder, 2012, settings))
    assert r.values["AT_XA_DAT"] == 11 and r.errors == []


def test_ignored_row_is_not_counted_and_not_an_error(folder, settings):
    _mapping(folder, '[[rows]]\nunit = "TIEN_YEN"\nlabel = "Xã đạt"\nignore = true\n')
    cons = consolidate(folder, 2012, settings)
    r = _tien_yen(cons)
    assert _problems(r, *CODES) == [(
        "row-ignored-by-mapping", "info", "C48",
        f"Dòng “Xã đạt” (số liệu “11”) được bỏ qua theo {BY_FILE}; số liệu của dòng này không "
        "được tổng hợp.")]
    assert r.values["AT_XA_DAT"] is None and r.errors == []
    # not an error; the province's AT_XA_DAT misses the unit's figure, so it says so (a draft)
    assert list(cons.agg.incomplete) == ["AT_XA_DAT"] and cons.is_draft


def test_mapping_to_an_indicator_not_in_force(folder, settings):
    _mapping(folder, '[[rows]]\nunit = "TIEN_YEN"\nlabel = "Xã đạt"\nindicator = "PL_XUAT_SAC"\n')
    r = _tien_yen(consolidate(folder, 2012, settings))
    assert _problems(r, *CODES) == [(
        "mapping-not-in-force", "error", "C48",
        f"Dòng “Xã đạt” được ghi vào chỉ tiêu PL_XUAT_SAC “Xã, phường, thị trấn xếp loại Xuất "
        f"sắc” theo {BY_FILE}, nhưng chỉ tiêu này không có trong biểu năm 2012; số liệu “11” của "
        "dòng này chưa được tổng hợp, đề nghị sửa tệp ánh xạ chỉ tiêu.")]
    assert r.values["AT_XA_DAT"] is None and "PL_XUAT_SAC" not in r.values


def test_decision_kept_in_the_store_and_applied_next_year(folder, settings, tmp_path):
    store = tmp_path / "h.sqlite"
    _mapping(folder, '[[rows]]\nunit = "TIEN_YEN"\nlabel = "Xã đạt"\nindicator = "AT_XA_DAT"\n')
    cons = consolidate(folder, 2012, settings)
    assert record_consolidation(cons, store).result is not None  # what a build records
    with open_store(store) as s:
        assert s.conn.execute("SELECT unit, label, year, indicator, shown FROM label_mapping"
                              ).fetchall() == [("TIEN_YEN", "xa dat", 2012, "AT_XA_DAT", "Xã đạt")]
    # 2013: the same unit's form with the same label, no mapping file in the folder
    next_year = tmp_path / "2013"
    next_year.mkdir()
    path = write_filled_form(next_year / "tien_yen_2013.xlsx", settings.units.get("TIEN_YEN"),
                             2013, settings.catalogue, settings.units.province,
                             {"AT_XA_DAT": 9, "AT_XA_DANG_KY": 12},
                             report_date=dt.date(2013, 7, 20))
    _unplace(path)
    r = _tien_yen(check(next_year, 2013, settings, store_path=store))
    assert _problems(r, *CODES) == [
        ("label-mapped", "info", "C48", MAPPED.format("quyết định đã lưu năm 2012"))]
    assert r.values["AT_XA_DAT"] == 9 and r.errors == []
    # the folder's file wins over the store
    _mapping(next_year, '[[rows]]\nunit = "TIEN_YEN"\nlabel = "Xã đạt"\nignore = true\n')
    r = _tien_yen(check(next_year, 2013, settings, store_path=store))
    assert [p[0] for p in _problems(r, *CODES)] == ["row-ignored-by-mapping"]
    assert r.values["AT_XA_DAT"] is None
    # a check never creates a store
    missing = tmp_path / "none.sqlite"
    check(next_year, 2013, settings, store_path=missing)
    assert not missing.exists()


@pytest.mark.parametrize("body, message", [
    ('[[rows]]\nunit = "HA_LONG_X"\nlabel = "Xã đạt"\nindicator = "AT_XA_DAT"\n',
     "khối [[rows]] thứ 1: không có đơn vị mã “HA_LONG_X” trong danh sách đơn vị."),
    ('[[rows]]\nunit = "TIEN_YEN"\nlabel = "Xã đạt"\nindicator = "AT_XA"\n',
     "khối [[rows]] thứ 1: không có chỉ tiêu mã “AT_XA” trong danh mục chỉ tiêu."),
    ('[[rows]]\nunit = "TIEN_YEN"\nlabel = "Xã đạt"\nindicator = "AT_XA_DAT"\nignore = true\n',
     "khối [[rows]] thứ 1: phải ghi đúng một trong hai: indicator (mã chỉ tiêu) hoặc "
     "ignore = true."),
    ('[[rows]]\nunit = "TIEN_YEN"\nlabel = "Xã đạt"\n',
     "khối [[rows]] thứ 1: phải ghi đúng một trong hai: indicator (mã chỉ tiêu) hoặc "
     "ignore = true."),
    ('[[rows]]\nunit = "TIEN_YEN"\nindicator = "AT_XA_DAT"\n',
     "khối [[rows]] thứ 1: thiếu tên dòng (label)."),
])
def test_bad_mapping_file(tmp_path, settings, body, message):
    _mapping(tmp_path, body)
    with pytest.raises(MappingError) as exc:
        load_mapping_file(tmp_path, settings.catalogue, settings.units)
    assert str(exc.value) == f"tệp {tmp_path / MAPPING_FILE}, {message}"


def test_bad_mapping_file_stops_the_command(folder, tmp_path, monkeypatch, capsys):
    monkeypatch.chdir(tmp_path)
    _mapping(folder, '[[rows]]\nunit = "TIEN_YEN"\nlabel = "Xã đạt"\n')
    assert main(["check", str(folder), "--year", "2012", "--no-cache"]) == 2
    assert " ".join(capsys.readouterr().err.split()) == (
        f"Lỗi tệp ánh xạ chỉ tiêu: tệp {folder / MAPPING_FILE}, khối [[rows]] thứ 1: phải ghi "
        "đúng một trong hai: indicator (mã chỉ tiêu) hoặc ignore = true.")
