"""A unit's state is decided once (report_gen.model.unit_state) and every view shows the same:
the CLI table and summary, the overview and feedback pages, the review's draft box, unit tables
and completeness sentence, the workbook and the JSON."""

import json
import shutil

import pytest
from openpyxl import load_workbook

from report_gen.cli import main
from report_gen.model import (ACCEPTED, CLEAN, MISSING, REJECTED, SUPERSEDED, UNIT_REJECTED,
                              WITH_ERRORS, FileResult, unit_state)
from report_gen.outputs.form import DATA_SHEET
from report_gen.pipeline import build
from report_gen.problems import problem
from tests.support.paths import SAMPLES


def _file(status: str, errors: int = 0) -> FileResult:
    return FileResult(file="x.xlsx", status=status,
                      problems=[problem("value-negative", value="-1")] * errors)


@pytest.mark.parametrize("files, state", [
    ([], MISSING),
    ([_file(ACCEPTED)], CLEAN),
    ([_file(ACCEPTED, errors=1)], WITH_ERRORS),
    ([_file(REJECTED)], UNIT_REJECTED),
    ([_file(REJECTED), _file(REJECTED)], UNIT_REJECTED),
    ([_file(REJECTED), _file(ACCEPTED)], CLEAN),  # a usable file counts, the broken one is history
    ([_file(SUPERSEDED), _file(ACCEPTED, errors=2)], WITH_ERRORS),
])
def test_the_rule(files, state):
    assert unit_state(files) == state


@pytest.fixture(scope="module")
def folder(tmp_path_factory):
    """The 2012 sample with Cô Tô's only file broken, Ba Chẽ's removed and an error in Hạ Long's."""
    folder = tmp_path_factory.mktemp("state") / "2012"
    shutil.copytree(SAMPLES / "2012", folder)
    (folder / "co_to_2012.xlsx").write_bytes(b"PK\x03\x04 this is not a workbook")
    (folder / "ba_che_2012.xlsx").unlink()
    wb = load_workbook(folder / "ha_long_2012.xlsx")
    ws = wb[DATA_SHEET]
    column = next(c.column for r in ws.iter_rows() for c in r if c.value == "Năm 2012")
    row = next(c.row for r in ws.iter_rows() for c in r if c.value == "MH_TINH")
    ws.cell(row=row, column=column).value = "nhiều"
    wb.save(folder / "ha_long_2012.xlsx")
    return folder


@pytest.fixture(scope="module")
def built(folder, tmp_path_factory):
    from report_gen.config import load_settings
    settings = load_settings(config=None, workdir=SAMPLES.parent / "tests")
    return build(folder, 2012, settings, tmp_path_factory.mktemp("out"), store_path=None)


def test_json_says_each_units_state(built):
    data = json.loads(built[1].json.read_text(encoding="utf-8"))
    status = data["unit_status"]
    assert (status["CO_TO"], status["BA_CHE"], status["HA_LONG"], status["TIEN_YEN"]) == (
        "rejected", "missing", "errors", "clean")
    assert sorted(set(status.values())) == ["clean", "errors", "missing", "rejected"]
    assert data["missing_units"] == ["BA_CHE", "CO_TO"]  # no figures from either


def test_review_draft_box_tables_and_completeness(built):
    html = built[1].html.read_text(encoding="utf-8")
    assert "<li>Đơn vị chưa gửi báo cáo (1): Huyện Ba Chẽ.</li>" in html
    assert "<li>Đơn vị gửi tệp không dùng được, bị từ chối (1): Huyện Cô Tô.</li>" in html
    assert '<td class="missing">Huyện Cô Tô (tệp bị từ chối)</td>' in html
    assert '<td class="missing">Huyện Ba Chẽ (chưa báo cáo)</td>' in html
    assert ("Đã có 13/15 đơn vị gửi báo cáo số liệu năm 2012 (86,7\u00a0%); còn 1 đơn vị chưa "
            "gửi: huyện Ba Chẽ; 1 đơn vị gửi tệp không dùng được (bị từ chối): huyện Cô Tô."
            ) in html


def test_workbook_lists_each_units_state(built):
    ws = load_workbook(built[1].xlsx)["Tình trạng đơn vị"]
    rows = {r[0]: r[2] for r in ws.iter_rows(min_row=2, values_only=True)}
    assert (rows["CO_TO"], rows["BA_CHE"], rows["HA_LONG"], rows["TIEN_YEN"]) == (
        "bị từ chối", "chưa gửi", "có lỗi", "đạt")
    assert len(rows) == 15
    ledger = load_workbook(built[1].xlsx)["Tiếp nhận tệp"]
    assert [c.value for c in ledger[1]][-2:] == ["Tình trạng đơn vị", "SHA-256"]
    by_file = {r[0]: (r[-2], r[2]) for r in ledger.iter_rows(min_row=2, values_only=True)}
    assert by_file["co_to_2012.xlsx"] == ("bị từ chối", "bị từ chối")
    assert by_file["ha_long_2012.xlsx"] == ("có lỗi", "được dùng")
    assert by_file["tien_yen_2012.xlsx"] == ("đạt", "được dùng")


def test_cli_overview_and_feedback(folder, tmp_path, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "220")
    assert main(["check", str(folder), "--feedback", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    states = {}
    for line in out.splitlines():
        cells = [c.strip() for c in line.split("│")]
        if len(cells) == 9 and cells[1] and cells[2]:
            states[cells[1]] = cells[2]
    assert (states["Huyện Cô Tô"], states["Huyện Ba Chẽ"], states["Thành phố Hạ Long"],
            states["Huyện Tiên Yên"]) == ("bị từ chối", "chưa gửi", "có lỗi", "đạt")
    assert ("Năm 2012: 13/15 đơn vị đã gửi, 1 đơn vị chưa gửi, 1 đơn vị có tệp bị từ chối;"
            in out)
    assert "  Tệp gửi bị từ chối, cần gửi lại: Huyện Cô Tô\n" in out
    overview = (tmp_path / "tong_quan_2012.html").read_text(encoding="utf-8")
    assert ("<h2>Tệp gửi bị từ chối, cần gửi lại: 1 đơn vị</h2>\n<ul><li>Huyện Cô Tô: "
            "co_to_2012.xlsx (bị từ chối) – 1 lỗi, 0 cảnh báo") in overview
    assert "<h2>Chưa gửi: 1 đơn vị</h2>\n<ul><li>Huyện Ba Chẽ</li></ul>" in overview
    page = (tmp_path / "phan_hoi_CO_TO_2012.html").read_text(encoding="utf-8")
    assert ("<p>Tình trạng báo cáo của đơn vị: <strong>Tệp gửi bị từ chối, cần gửi lại</strong>"
            ".</p>") in page
