"""A parser panic is the file's fault: the file is rejected with a reason, the run goes on
(found by the cell-mutation property test: a date cell holding -106751991475)."""

import datetime as dt

from openpyxl import Workbook

from report_gen.intake.submission import read_submission
from report_gen.model import REJECTED


def test_date_cell_far_outside_the_calendar_rejects_the_file(tmp_path, ctx):
    wb = Workbook()
    ws = wb.active
    ws["A1"] = dt.date(2000, 1, 1)
    ws["A1"].value = -106751991475.0  # keeps the date format: calamine's Rust code panics
    path = tmp_path / "ha_long_2012.xlsx"
    wb.save(path)
    result = read_submission(path, path.name, ctx)
    assert (result.status, result.unit, result.reason) == (
        REJECTED, "HA_LONG", "Không đọc được tệp: tệp hỏng, không đọc được nội dung "
                             "(TimeDelta::milliseconds out of bounds).")
