"""The sample generator and the one workbook writer (tests/support) give back the checked-in
samples cell for cell, so tools/make_samples.py and the benchmark's template agree with them."""

from __future__ import annotations

import pytest
from python_calamine import CalamineWorkbook

from tests.support.paths import SAMPLES
from tests.support.samples import sample_form, write_sample


def _cells(path):
    wb = CalamineWorkbook.from_path(str(path))
    return {name: wb.get_sheet_by_name(name).to_python() for name in wb.sheet_names}


@pytest.mark.parametrize("code, year", [("TIEN_YEN", 2012), ("TINH", 2012), ("CO_TO", 2011)])
def test_generated_sample_is_the_checked_in_one(tmp_path, code, year):
    form = sample_form(code, year)
    path = write_sample(form, tmp_path / form.file_name)
    assert _cells(path) == _cells(SAMPLES / str(year) / form.file_name)
