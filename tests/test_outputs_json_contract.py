"""tong_hop_Y.json, the contract other tools read: every key, in order, with exact values, for a
2012 folder holding only the province level's own file (fast: one workbook, no PDF).

Figures typed from sample_inputs/2012/tinh_2012.xlsx, sheet "Số liệu", column F: MH_TONG 5
(row 9), LL_BAO_VE_CQDN 373 (row 18), TT_LUOT_NGUOI 7080 (row 27), KQ_THUOC_NO 3.3 kg (row 40)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import hashlib
import json
from types import SimpleNamespace

import pytest

from report_gen.outputs import jsonout, output_modules
from report_gen.pipeline import consolidate
from tests.support.paths import SAMPLES
from tests.support.samples import copy_sample

KEEP = "tinh_2012.xlsx"
DISTRICTS = ["HA_LONG", "MONG_CAI", "CAM_PHA", "UONG_BI", "QUANG_YEN", "DONG_TRIEU", "HOANH_BO",
             "VAN_DON", "TIEN_YEN", "BINH_LIEU", "BA_CHE", "DAM_HA", "HAI_HA", "CO_TO"]
BUILT_AT = dt.datetime(2012, 8, 10, 9, 30, 5)


@pytest.fixture(scope="module")
def cons(tmp_path_factory, settings):
    tmp = tmp_path_factory.mktemp("json_contract")
    others = tuple(p.name for p in (SAMPLES / "2012").iterdir() if p.name != KEEP)
    folder = copy_sample(2012, tmp / "2012", without=others)
    return dataclasses.replace(consolidate(folder, 2012, settings), built_at=BUILT_AT)


def test_keys_in_order_and_the_scalars(cons):
    d = jsonout.to_dict(cons)
    assert list(d) == ["year", "province", "units", "answers", "models", "intake",
                       "missing_units", "coverage", "draft", "problems", "unit_status",
                       "previous_year", "previous", "history_years", "built_at",
                       "catalogue_version", "tool_version"]
    assert (d["year"], d["draft"], d["previous_year"], d["previous"], d["history_years"]) == (
        2012, True, None, None, [])
    assert (d["built_at"], d["catalogue_version"], d["tool_version"]) == (
        "2012-08-10T09:30:05", "2012.1", "0.1.0")


def test_figures_units_and_coverage(cons):
    d = jsonout.to_dict(cons)
    assert {c: d["province"][c] for c in ("MH_TONG", "LL_BAO_VE_CQDN", "TT_LUOT_NGUOI",
                                          "KQ_THUOC_NO")} == {
        "MH_TONG": 5, "LL_BAO_VE_CQDN": 373, "TT_LUOT_NGUOI": 7080, "KQ_THUOC_NO": 3.3}
    assert list(d["units"]) == DISTRICTS + ["TINH"]
    assert d["units"]["TINH"]["LL_BAO_VE_CQDN"] == 373
    assert d["units"]["HA_LONG"]["MH_TONG"] is None
    assert d["answers"] == {}
    assert d["missing_units"] == DISTRICTS
    assert d["coverage"]["MH_TONG"] == {"reported": 1, "expected": 15, "missing": DISTRICTS}
    assert d["unit_status"] == {**{u: "missing" for u in DISTRICTS}, "TINH": "clean"}


def test_models_intake_and_problems(cons):
    d = jsonout.to_dict(cons)
    assert len(d["models"]) == 5
    assert d["models"][0] == {
        "unit": "TINH", "name": "“5 không” trong các cơ sở giáo dục, đào tạo", "level": "tỉnh",
        "field": "Trường học “5 không”", "commune": None, "founded": 2008, "typical": True}
    assert d["intake"] == [{
        "file": KEEP, "sha256": hashlib.sha256((SAMPLES / "2012" / KEEP).read_bytes()).hexdigest(),
        "unit": "TINH", "status": "accepted", "reason": "", "problems": []}]
    assert len(d["problems"]) == 14
    assert d["problems"][0] == {"severity": "error", "code": "unit-missing",
                                "message": "Đơn vị Thành phố Hạ Long chưa gửi báo cáo.",
                                "sheet": None, "cell": None}


def test_previous_year_and_history(cons):
    later = dataclasses.replace(cons, previous={"MH_TONG": 4},
                                history={2010: {"MH_TONG": 3}, 2011: {"MH_TONG": 4}})
    d = jsonout.to_dict(later)
    assert (d["previous_year"], d["previous"], d["history_years"]) == (
        2011, {"MH_TONG": 4}, [2010, 2011])


def test_file_is_utf8_indented_and_ends_with_a_newline(cons, tmp_path):
    path = tmp_path / "tong_hop_2012.json"
    jsonout.write_json(cons, path)
    text = path.read_text(encoding="utf-8")
    assert text.startswith('{\n "year": 2012,\n "province": {\n  "MH_TONG": 5,\n')
    assert text.endswith('\n "tool_version": "0.1.0"\n}\n')
    assert '"message": "Đơn vị Thành phố Hạ Long chưa gửi báo cáo."' in text  # not \u-escaped
    assert json.loads(text) == json.loads(json.dumps(jsonout.to_dict(cons)))


def test_build_writes_it_as_tong_hop_year_json(cons, tmp_path):
    """The outputs registry names it "json" (the CLI's list) and the file tong_hop_2012.json,
    which other tools look for."""
    by_key = {m.KEY: m for m in output_modules()}
    module = by_key["json"]
    assert module.FILENAME.format(year=2012) == "tong_hop_2012.json"
    path = tmp_path / module.FILENAME.format(year=2012)
    assert module.write(SimpleNamespace(cons=cons), path) is None
    direct = tmp_path / "direct.json"
    jsonout.write_json(cons, direct)
    assert path.read_text(encoding="utf-8") == direct.read_text(encoding="utf-8")
