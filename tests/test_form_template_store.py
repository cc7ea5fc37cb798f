"""`report-gen template` takes last year's figures from the history store (issue 17, part 4):
no `--previous` needed when the store has the year before; a unit others merged into gets their
sum, a unit without figures gets none; the store is read, never created; `--previous` still
wins. Through report_gen.cli.main, the forms read back with openpyxl."""

from __future__ import annotations

import pytest
from openpyxl import load_workbook

from report_gen.cli import main
from report_gen.outputs.form import DATA_SHEET, HEADER_ROW
from report_gen.store import YearFigures, open_store, record


@pytest.fixture(autouse=True)
def wide(monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")


def _reference(path) -> dict[str, object]:
    """{code: value of the "Năm Y-1 (tham khảo)" column} of a form."""
    ws = load_workbook(path)[DATA_SHEET]
    assert ws.cell(row=HEADER_ROW, column=5).value.endswith("(tham khảo)")
    return {ws.cell(row=r, column=2).value: ws.cell(row=r, column=5).value
            for r in range(HEADER_ROW + 1, ws.max_row + 1)
            if ws.cell(row=r, column=2).value and ws.cell(row=r, column=5).value is not None}


def _record(path, year: int, units: dict[str, dict[str, int]], draft: bool = False) -> None:
    province = {c: sum(v[c] for v in units.values()) for c in ("MH_TONG", "MH_MOI")}
    with open_store(path) as s:
        record(s, YearFigures(year=year, province=province, units=units, draft=draft))


def test_reference_column_from_the_store(tmp_path, capsys):
    store = tmp_path / "h.sqlite"
    _record(store, 2011, {"TIEN_YEN": {"MH_TONG": 9, "MH_MOI": 2},
                          "HA_LONG": {"MH_TONG": 17, "MH_MOI": 4}})
    out = tmp_path / "bieu"
    assert main(["template", "--year", "2012", "--out", str(out), "--store", str(store)]) == 0
    assert capsys.readouterr().out.splitlines() == [
        f"Cột tham khảo năm 2011: số liệu của 2/15 đơn vị lấy từ kho lịch sử {store}.",
        f"Đã tạo 15 biểu mẫu năm 2012 trong {out}."]
    assert _reference(out / "bieu_mau_2012_TIEN_YEN.xlsx") == {"MH_TONG": 9, "MH_MOI": 2}
    assert _reference(out / "bieu_mau_2012_HA_LONG.xlsx") == {"MH_TONG": 17, "MH_MOI": 4}
    assert _reference(out / "bieu_mau_2012_CO_TO.xlsx") == {}


def test_the_default_store_in_the_working_folder(tmp_path, capsys):
    _record(tmp_path / "report_gen.sqlite", 2011, {"TIEN_YEN": {"MH_TONG": 9, "MH_MOI": 2}},
            draft=True)
    assert main(["template", "--year", "2012", "--out", "bieu", "--unit", "TIEN_YEN"]) == 0
    assert capsys.readouterr().out.splitlines()[0] == (
        f"Cột tham khảo năm 2011: số liệu của 1/1 đơn vị lấy từ kho lịch sử "
        f"{tmp_path / 'report_gen.sqlite'} (năm đó mới là dự thảo).")
    assert _reference(tmp_path / "bieu" / "bieu_mau_2012_TIEN_YEN.xlsx") == {
        "MH_TONG": 9, "MH_MOI": 2}


def test_a_unit_others_merged_into_gets_their_sum(tmp_path, capsys):
    store = tmp_path / "h.sqlite"
    _record(store, 2019, {"HA_LONG": {"MH_TONG": 17, "MH_MOI": 4},
                          "HOANH_BO": {"MH_TONG": 5, "MH_MOI": 1}})
    out = tmp_path / "bieu"
    assert main(["template", "--year", "2020", "--out", str(out), "--unit", "HA_LONG",
                 "--store", str(store)]) == 0
    assert _reference(out / "bieu_mau_2020_HA_LONG.xlsx") == {"MH_TONG": 22, "MH_MOI": 5}


def test_no_store_no_reference_and_nothing_created(tmp_path, capsys):
    store = tmp_path / "khong_co.sqlite"
    out = tmp_path / "bieu"
    assert main(["template", "--year", "2012", "--out", str(out), "--unit", "TIEN_YEN",
                 "--store", str(store)]) == 0
    assert capsys.readouterr().out.splitlines() == [f"Đã tạo 1 biểu mẫu năm 2012 trong {out}."]
    assert not store.exists()
    assert _reference(out / "bieu_mau_2012_TIEN_YEN.xlsx") == {}


def test_store_without_the_year_before_gives_no_reference(tmp_path, capsys):
    store = tmp_path / "h.sqlite"
    _record(store, 2010, {"TIEN_YEN": {"MH_TONG": 9, "MH_MOI": 2}})
    out = tmp_path / "bieu"
    assert main(["template", "--year", "2012", "--out", str(out), "--unit", "TIEN_YEN",
                 "--store", str(store)]) == 0
    assert capsys.readouterr().out.splitlines() == [f"Đã tạo 1 biểu mẫu năm 2012 trong {out}."]
    assert _reference(out / "bieu_mau_2012_TIEN_YEN.xlsx") == {}


def test_previous_file_wins_over_the_store(tmp_path, capsys):
    store = tmp_path / "h.sqlite"
    _record(store, 2011, {"TIEN_YEN": {"MH_TONG": 9, "MH_MOI": 2}})
    previous = tmp_path / "tong_hop_2011.json"
    previous.write_text('{"units": {"TIEN_YEN": {"MH_TONG": 11}}}', encoding="utf-8")
    out = tmp_path / "bieu"
    assert main(["template", "--year", "2012", "--out", str(out), "--unit", "TIEN_YEN",
                 "--store", str(store), "--previous", str(previous)]) == 0
    assert capsys.readouterr().out.splitlines() == [f"Đã tạo 1 biểu mẫu năm 2012 trong {out}."]
    assert _reference(out / "bieu_mau_2012_TIEN_YEN.xlsx") == {"MH_TONG": 11}


@pytest.mark.parametrize("content, message", [
    (None, "Lỗi: không đọc được {path} (tệp không có hoặc không mở được)."),
    ("{1, 2", "Lỗi: {path} không phải tệp JSON hợp lệ."),
    ("[1, 2]", "Lỗi: {path} không có số liệu các đơn vị (mục “units”): không phải tệp "
               "tong_hop_<năm>.json do report-gen ghi."),
    ('{"units": {"TIEN_YEN": 3}}', "Lỗi: {path} không có số liệu các đơn vị (mục “units”): "
                                   "không phải tệp tong_hop_<năm>.json do report-gen ghi."),
])
def test_unreadable_previous_file_is_a_vietnamese_error(tmp_path, capsys, content, message):
    previous = tmp_path / "tong_hop_2011.json"
    if content is not None:
        previous.write_text(content, encoding="utf-8")
    assert main(["template", "--year", "2012", "--out", str(tmp_path / "bieu"),
                 "--previous", str(previous)]) == 2
    err = " ".join(capsys.readouterr().err.split())
    assert err == message.format(path=previous)
    assert not (tmp_path / "bieu").exists()
