"""Oracle for "a province total nobody reported stays missing, never 0" (issue 18).

A 2012 folder holding only the province level's own file (tinh_2012.xlsx): that form leaves the
commune counts and grades blank, and no district is there to report them, so those province
totals are unknown. Expected: None in the aggregate, null in the JSON (dict and file), "(chưa có
số liệu)" in the review's sentences, an empty cell on the workbook's "Toàn tỉnh" sheet."""

from __future__ import annotations

import json

import pytest
from openpyxl import load_workbook

from report_gen.outputs import html, jsonout, xlsx
from report_gen.pipeline import consolidate
from tests.support.paths import SAMPLES
from tests.support.samples import copy_sample
from tests.support.workbooks import CODE_COLUMN, DATA_SHEET, VALUE_COLUMN

KEEP = "tinh_2012.xlsx"
# Typed by hand: the indicators the province-level 2012 sample leaves blank (checked below
# against the workbook's own cells with openpyxl, not with our reader).
BLANK = {"NH_XA_TO_CHUC", "AT_XA_DANG_KY", "AT_XA_DAT", "PL_KHA", "PL_TRUNG_BINH", "PL_YEU"}


@pytest.fixture(scope="module")
def only_tinh(tmp_path_factory, settings):
    tmp = tmp_path_factory.mktemp("only_tinh")
    others = tuple(p.name for p in (SAMPLES / "2012").iterdir() if p.name != KEEP)
    folder = copy_sample(2012, tmp / "2012", without=others)
    assert [p.name for p in folder.iterdir()] == [KEEP]
    return tmp, consolidate(folder, 2012, settings)


def test_the_kept_file_leaves_these_cells_blank():
    ws = load_workbook(SAMPLES / "2012" / KEEP, read_only=True)[DATA_SHEET]
    blank = {row[CODE_COLUMN - 1] for row in ws.iter_rows(values_only=True)
             if row[CODE_COLUMN - 1] in BLANK and row[VALUE_COLUMN - 1] in (None, "")}
    assert blank == BLANK


def test_unreported_total_is_none_in_the_aggregate(only_tinh):
    _, cons = only_tinh
    assert {c for c, v in cons.agg.province.items() if v is None} == BLANK
    assert cons.agg.province["MH_TONG"] == 5  # the reported ones are there


def test_unreported_total_is_null_in_the_json(only_tinh):
    tmp, cons = only_tinh
    d = jsonout.to_dict(cons)
    assert {c for c, v in d["province"].items() if v is None} == BLANK
    path = tmp / "tong_hop_2012.json"
    jsonout.write_json(cons, path)
    text = path.read_text(encoding="utf-8")
    for code in BLANK:
        assert f'"{code}": null' in text
    province = json.loads(text)["province"]
    assert {c for c, v in province.items() if v is None} == BLANK


def test_review_says_no_data_where_the_sentence_names_it(only_tinh):
    _, cons = only_tinh
    page = html.render(cons).html
    assert ("Hưởng ứng Ngày hội toàn dân bảo vệ ANTQ (19/8), (chưa có số liệu) xã, phường, "
            "thị trấn đã tổ chức Ngày hội") in page
    assert "Có (chưa có số liệu) xã, phường, thị trấn đăng ký, (chưa có số liệu) đơn vị đạt " \
           "tiêu chuẩn “An toàn về ANTT”" in page
    assert ("Kết quả phân loại phong trào: (chưa có số liệu) đơn vị xếp loại Khá, (chưa có số "
            "liệu) đơn vị xếp loại Trung bình và (chưa có số liệu) đơn vị xếp loại Yếu") in page
    assert "0 xã, phường, thị trấn đã tổ chức Ngày hội" not in page


def test_province_sheet_cell_is_empty(only_tinh):
    tmp, cons = only_tinh
    path = tmp / "tong_hop_2012.xlsx"
    xlsx.write_workbook(cons, path)
    ws = load_workbook(path)["Toàn tỉnh"]
    rows = list(ws.iter_rows(values_only=True))
    col = rows[0].index("Năm 2012")
    by_code = {r[0]: r[col] for r in rows[1:] if r[0]}
    assert {c for c in BLANK if by_code[c] is None} == BLANK
    assert by_code["MH_TONG"] == 5
