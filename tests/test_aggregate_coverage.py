"""Aggregation (report_gen/aggregate.py) on a folder of two units, exactly: the province level
(tinh_2012.xlsx) and Ba Chẽ (ba_che_2012.xlsx) with its "Kíp nổ" left blank. Totals, plain
numbers and each indicator's coverage, typed by hand.

From the sample workbooks, sheet "Số liệu", column F: MH_TONG Tỉnh 5 (row 9), Ba Chẽ 4 (row 9);
KQ_THUOC_NO 3.3 kg (row 40) and 9.8 kg (row 40); NH_XA_TO_CHUC Ba Chẽ 8 (row 31), the province
level blank; KQ_KIP_NO Tỉnh 80, Ba Chẽ blanked here."""

from __future__ import annotations

import pytest

from report_gen.aggregate import aggregate, all_unit_values, unit_values
from report_gen.model import Coverage, FileResult
from report_gen.pipeline import consolidate
from tests.support.paths import SAMPLES
from tests.support.samples import copy_sample
from tests.support.workbooks import edit_form

KEEP = ("tinh_2012.xlsx", "ba_che_2012.xlsx")
# the 2012 districts but Ba Chẽ, in the unit list's order
ABSENT = ["HA_LONG", "MONG_CAI", "CAM_PHA", "UONG_BI", "QUANG_YEN", "DONG_TRIEU", "HOANH_BO",
          "VAN_DON", "TIEN_YEN", "BINH_LIEU", "DAM_HA", "HAI_HA", "CO_TO"]


@pytest.fixture(scope="module")
def cons(tmp_path_factory, settings):
    tmp = tmp_path_factory.mktemp("two_units")
    others = tuple(p.name for p in (SAMPLES / "2012").iterdir() if p.name not in KEEP)
    folder = copy_sample(2012, tmp / "2012", without=others)
    edit_form(folder / "ba_che_2012.xlsx", {"KQ_KIP_NO": None})
    return consolidate(folder, 2012, settings)


def test_province_totals(cons):
    p = cons.agg.province
    assert (p["MH_TONG"], p["KQ_THUOC_NO"], p["NH_XA_TO_CHUC"], p["KQ_KIP_NO"]) == (9, 13.1, 8, 80)
    assert type(p["MH_TONG"]) is int and type(p["KQ_THUOC_NO"]) is float


def test_units_reported_and_missing(cons):
    assert cons.agg.reported_units == ["BA_CHE", "TINH"]
    assert cons.agg.missing_units == ABSENT
    assert [m.unit for m in cons.agg.models].count("TINH") == 5


def test_plain_unit_values(cons):
    cat = cons.settings.catalogue
    ba_che = unit_values(cons.agg, "BA_CHE", cat)
    assert (ba_che["MH_TONG"], ba_che["KQ_THUOC_NO"], ba_che["KQ_KIP_NO"]) == (4, 9.8, None)
    assert type(ba_che["MH_TONG"]) is int
    assert unit_values(cons.agg, "TINH", cat)["NH_XA_TO_CHUC"] is None
    assert set(unit_values(cons.agg, "HA_LONG", cat).values()) == {None}
    assert all_unit_values(cons.agg, cat) is all_unit_values(cons.agg, cat)  # computed once


def test_coverage_names_absent_and_blank_units(cons):
    cov = cons.agg.coverage
    assert cov["MH_TONG"] == Coverage(reported=2, expected=15, missing=ABSENT, blank=[])
    # Ba Chẽ sent its report with "Kíp nổ" blank: missing, and named as blank
    assert cov["KQ_KIP_NO"] == Coverage(
        reported=1, expected=15, blank=["BA_CHE"],
        missing=["HA_LONG", "MONG_CAI", "CAM_PHA", "UONG_BI", "QUANG_YEN", "DONG_TRIEU",
                 "HOANH_BO", "VAN_DON", "TIEN_YEN", "BINH_LIEU", "BA_CHE", "DAM_HA", "HAI_HA",
                 "CO_TO"])
    # a count of communes is not expected of the province level, which covers none
    assert cov["NH_XA_TO_CHUC"] == Coverage(reported=1, expected=14, missing=ABSENT, blank=[])



def test_a_rejected_file_never_counts(cons, settings):
    """A file rejected for a unit (here Cô Tô's, with figures read before it was refused) leaves
    the unit missing and its figures out of the totals."""
    rejected = FileResult(file="co_to.xlsx", status="rejected", unit="CO_TO",
                          values={"MH_TONG": 3})
    agg = aggregate(cons.results + [rejected], settings.catalogue, settings.units, 2012)
    assert agg.province["MH_TONG"] == 9
    assert agg.reported_units == ["BA_CHE", "TINH"]
    assert agg.missing_units == ABSENT
    assert agg.coverage["MH_TONG"] == Coverage(reported=2, expected=15, missing=ABSENT, blank=[])
