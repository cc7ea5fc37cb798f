"""`report-gen build` with the store and `report-gen history`, through report_gen.cli.main."""

from __future__ import annotations

import json

import pytest

from report_gen.cli import main
from report_gen.store import figures_of, open_store, province_figures, record
from report_gen.outputs import jsonout

from tests.support.paths import SAMPLES


@pytest.fixture(autouse=True)
def wide_console(monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")  # rich tables unwrapped, so words can be searched


def test_build_2012_after_2011_compares_with_2011(tmp_path, cons2011, capsys):
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
    listing = capsys.readouterr().out
    assert "2011" in listing and "2012" in listing and "chính thức" in listing
    assert main(["history", "series", "--indicator", "MH_TONG", "--store", str(store)]) == 0
    series = capsys.readouterr().out
    assert "Toàn tỉnh" in series and "80" in series and "91" in series
    assert "tăng 11 mô hình (13,8\u00a0%) so với năm 2011" in series
    assert main(["history", "--store", str(store), "series", "--unit", "ha_long"]) == 0
    unit = capsys.readouterr().out
    assert "Thành phố Hạ Long" in unit and "MH_TONG" in unit
    assert main(["history", "submissions", "2012", "--unit", "CO_TO", "--store",
                 str(store)]) == 0
    assert "co_to_2012.xlsx" in capsys.readouterr().out
    # a unit's name works wherever its code does; in 2012 "Cô Tô" is the district
    assert main(["history", "submissions", "2012", "--unit", "Cô Tô", "--store",
                 str(store)]) == 0
    assert "co_to_2012.xlsx" in capsys.readouterr().out
    assert main(["history", "--store", str(store), "series", "--unit", "Huyện Cô Tô"]) == 0
    assert "Huyện Cô Tô" in capsys.readouterr().out
    # across the years the name is two units: both are named, nothing is guessed
    assert main(["history", "--store", str(store), "series", "--unit", "Cô Tô"]) == 2
    assert " ".join(capsys.readouterr().err.split()) == (
        "Lỗi: “Cô Tô” có thể là Huyện Cô Tô (CO_TO) hoặc Đặc khu Cô Tô (DK_CO_TO); hãy ghi rõ "
        "tên hơn hoặc dùng mã đơn vị.")


def test_history_import_json_then_list(tmp_path, cons2011, capsys):
    path = tmp_path / "tong_hop_2011.json"
    jsonout.write_json(cons2011, path)
    store = tmp_path / "h.sqlite"
    assert main(["history", "import", str(path), "--store", str(store)]) == 0
    assert "Đã nhập số liệu năm 2011" in capsys.readouterr().out
    assert main(["history", "import", str(path), "--store", str(store)]) == 0
    assert "không thay đổi" in capsys.readouterr().out
    assert main(["history", "list", "--store", str(store)]) == 0
    out = capsys.readouterr().out
    assert "2011" in out and "nhập từ" in out


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
