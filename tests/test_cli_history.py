"""`report-gen build` with the store and `report-gen history`, through report_gen.cli.main."""

from __future__ import annotations

import hashlib
import json
import re

import pytest

from report_gen.cli import main
from report_gen.store import figures_of, open_store, province_figures, record
from report_gen.outputs import jsonout

from tests.support.paths import SAMPLES


@pytest.fixture(autouse=True)
def wide_console(monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")  # rich tables unwrapped, so words can be searched


def test_build_2012_after_2011_compares_with_2011(tmp_path, cons2011, capsys):
    # the office's own document settings (the working folder is tmp_path): not a draft
    (tmp_path / "report_gen.toml").write_text(
        '[document]\nnumber = "12/BC-BCĐ"\nsigner_name = "Nguyễn Văn A"\n', encoding="utf-8")
    store = tmp_path / "h.sqlite"
    with open_store(store) as s:  # 2011 recorded as its build would (without the PDF)
        record(s, figures_of(cons2011))
    out = tmp_path / "out"
    assert main(["build", str(SAMPLES / "2012"), "--year", "2012", "--out", str(out),
                 "--store", str(store)]) == 0
    data = json.loads((out / "tong_hop_2012.json").read_text(encoding="utf-8"))
    assert data["previous_year"] == 2011
    assert data["previous"] == cons2011.agg.province
    assert data["previous"]["MH_TONG"] == 80 and data["province"]["MH_TONG"] == 91
    html = (out / "bao_cao_2012.html").read_text(encoding="utf-8")
    assert "so với năm 2011" in html
    with open_store(store) as s:
        counts = s.counts()
    assert counts["build"] == 2 and counts["submission"] == 30

    capsys.readouterr()
    assert main(["history", "--store", str(store)]) == 0
    listing = _rows(capsys.readouterr().out)
    assert [r for r in listing if r[0] in ("2011", "2012")] == [
        [year, "chính thức", "15", "15", "1", STAMP,
         "lập báo cáo (phiên bản 0.1.0, danh mục 2012.1)"] for year in ("2011", "2012")]
    assert main(["history", "series", "--indicator", "MH_TONG", "--store", str(store)]) == 0
    series = capsys.readouterr().out
    # the sample workbooks' MH_TONG: Hạ Long 9 (2011) and 10 (2012); the province 80 and 91
    assert ["Thành phố Hạ Long", "9", "10"] in _rows(series)
    assert [r for r in _rows(series) if r[0] == "Toàn tỉnh"] == [["Toàn tỉnh", "80", "91"]]
    assert series.splitlines()[-1] == ("Toàn tỉnh năm 2012: tăng 11 mô hình (13,8\u00a0%) so với "
                                       "năm 2011.")
    assert main(["history", "--store", str(store), "series", "--unit", "ha_long"]) == 0
    unit = capsys.readouterr().out
    assert unit.splitlines()[0].strip() == "Thành phố Hạ Long: số liệu qua các năm"
    assert ["MH_TONG", "Tổng số mô hình tự quản về ANTT (mô hình)", "9", "10"] in _rows(unit)
    assert ["KP_XA_HOI_HOA", "Kinh phí huy động xã hội hóa (triệu đồng)", "629,3", "508,9"] \
        in _rows(unit)
    assert main(["history", "submissions", "2012", "--unit", "CO_TO", "--store",
                 str(store)]) == 0
    sha = hashlib.sha256((SAMPLES / "2012" / "co_to_2012.xlsx").read_bytes()).hexdigest()
    # one row (its last cell wraps in 80 columns): unit, file, report date, sha256, state
    assert _submission_rows(capsys.readouterr().out) == [
        f"Huyện Cô Tô co_to_2012.xlsx 23/07/2012 {sha[:12]} đang dùng (ghi {STAMP})"]

    # a unit's name works wherever its code does; in 2012 "Cô Tô" is the district
    assert main(["history", "submissions", "2012", "--unit", "Cô Tô", "--store",
                 str(store)]) == 0
    # one row (its last cell wraps in 80 columns): unit, file, report date, sha256, state
    assert _submission_rows(capsys.readouterr().out) == [
        f"Huyện Cô Tô co_to_2012.xlsx 23/07/2012 {sha[:12]} đang dùng (ghi {STAMP})"]
    assert main(["history", "--store", str(store), "series", "--unit", "Huyện Cô Tô"]) == 0
    assert "Huyện Cô Tô" in capsys.readouterr().out
    # across the years the name is two units: both are named, nothing is guessed
    assert main(["history", "--store", str(store), "series", "--unit", "Cô Tô"]) == 2
    assert " ".join(capsys.readouterr().err.split()) == (
        "Lỗi: “Cô Tô” có thể là Huyện Cô Tô (CO_TO) hoặc Đặc khu Cô Tô (DK_CO_TO); hãy ghi rõ "
        "tên hơn hoặc dùng mã đơn vị.")


# a rich table's row as its cells; the time of recording (today) as STAMP
STAMP = "<dd/mm/yyyy hh:mm>"


def _submission_rows(out: str) -> list[str]:
    """The rows of `history submissions`, each joined into one line (cells wrap in 80 columns),
    whitespace collapsed and the time of recording as STAMP."""
    body = re.split(r"─{10,}\s*\n", out, maxsplit=1)[1].rsplit("SHA-256:", 1)[0]
    rows, current = [], ""
    for line in body.splitlines():
        if line[:2].strip():  # a new row starts with its unit in the first column
            rows.append(current)
            current = ""
        current += " " + line
    rows.append(current)
    return [re.sub(r"\d\d/\d\d/\d{4} \d\d:\d\d", STAMP, " ".join(r.split()))
            for r in rows if r.strip()]


def _rows(out: str) -> list[list[str]]:
    """The rows of the rich tables in `out` as their cells: the history tables are drawn without
    column rules (80 columns), so cells are what two or more spaces separate."""
    rows = []
    for line in out.splitlines():
        line = line.strip("│┃ ")
        if not line or set(line) <= set("─━┃│┏┓┗┛┡┩└┘┳┻╇╈━ "):
            continue
        cells = [c.strip() for c in re.split(r"\s*[│┃]\s*|\s{2,}", line)]
        rows.append([STAMP if re.fullmatch(r"\d\d/\d\d/\d{4} \d\d:\d\d", c) else c
                     for c in cells])
    return rows


def test_history_import_json_then_list(tmp_path, cons2011, capsys):
    path = tmp_path / "tong_hop_2011.json"
    jsonout.write_json(cons2011, path)
    store = tmp_path / "h.sqlite"
    assert main(["history", "import", str(path), "--store", str(store)]) == 0
    assert capsys.readouterr().out == (
        "Đã nhập số liệu năm 2011 từ tong_hop_2011.json: toàn tỉnh 47 chỉ tiêu, 15 đơn vị, "
        "15 tệp đơn vị mới.\n")
    assert main(["history", "import", str(path), "--store", str(store)]) == 0
    assert capsys.readouterr().out == ("Số liệu năm 2011 trong tong_hop_2011.json đã có trong "
                                       "kho; không thay đổi.\n")
    assert main(["history", "list", "--store", str(store)]) == 0
    assert [r for r in _rows(capsys.readouterr().out) if r[0] == "2011"] == [
        ["2011", "chính thức", "15", "15", "1", STAMP,
         "nhập từ tong_hop_2011.json (phiên bản 0.1.0, danh mục 2012.1)"]]


def test_import_over_a_built_year(tmp_path, cons2011, capsys):
    store = tmp_path / "h.sqlite"
    with open_store(store) as s:
        record(s, figures_of(cons2011))
    same = tmp_path / "tong_hop_2011.json"
    jsonout.write_json(cons2011, same)
    assert main(["history", "import", str(same), "--store", str(store)]) == 0
    assert "không thay đổi" in capsys.readouterr().out
    data = json.loads(same.read_text(encoding="utf-8"))
    data["province"]["MH_TONG"] = 81
    other = tmp_path / "sua" / "tong_hop_2011.json"
    other.parent.mkdir()
    other.write_text(json.dumps(data), encoding="utf-8")
    assert main(["history", "import", str(other), "--store", str(store)]) == 1
    assert "--replace" in capsys.readouterr().err
    assert main(["history", "import", str(other), "--store", str(store), "--replace"]) == 0
    with open_store(store) as s:
        assert s.counts()["build"] == 2
        assert province_figures(s, 2011)["MH_TONG"] == 81


def test_history_without_store_and_bad_arguments(tmp_path, capsys, monkeypatch):
    monkeypatch.chdir(tmp_path)
    assert main(["history"]) == 0
    assert "Chưa có kho lịch sử" in capsys.readouterr().out
    assert not (tmp_path / "report_gen.sqlite").exists()
    store = tmp_path / "h.sqlite"
    with open_store(store):
        pass
    assert main(["history", "series", "--store", str(store)]) == 2
    assert "--indicator" in capsys.readouterr().err
    assert main(["history", "series", "--indicator", "KHONG_CO", "--store", str(store)]) == 2
    assert "không có chỉ tiêu" in capsys.readouterr().err
    assert main(["history", "import", str(tmp_path / "missing.json"), "--store",
                 str(store)]) == 2
    assert "Không tìm thấy" in capsys.readouterr().err


def test_unusable_store_is_reported_in_vietnamese(tmp_path, capsys):
    bad = tmp_path / "h.sqlite"
    bad.write_bytes(b"this is not a database" * 100)
    assert main(["history", "--store", str(bad)]) == 2
    assert "Lỗi kho lịch sử" in capsys.readouterr().err
