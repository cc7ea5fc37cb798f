"""The one way to write workbooks for tests, samples and benchmarks.

- `write_filled_form`: the official form of a unit and year (report_gen.outputs.form.write_form),
  filled in the way a unit fills it: values typed in the value column by indicator code, the
  report date, the models listed in the register.
- `fill_form`: the same filling, into a form already on disk.
- `edit_form`: change some values (by code) and model names (by register row) of a filled form.
- `write_grid`: a workbook in a unit's own layout (rows above the table, a header, rows, and a
  register sheet), for the messy corpus.

A model is a mapping with the keys of ModelEntry.to_dict(): name, level, field, commune, founded,
typical."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from pathlib import Path

from openpyxl import Workbook, load_workbook

from report_gen.outputs.form import (DATA_SHEET, HEADER_ROW, NO, REGISTER_HEADER_ROW,
                                     REGISTER_SHEET, YES, write_form)

REPORT_DATE_CELL = "F4"
CODE_COLUMN, VALUE_COLUMN = 2, 6  # on the data sheet: B holds the code, F this year's figure


def _register_row(model: Mapping) -> tuple:
    """The register's columns B..G for one model."""
    return (model["name"], model["level"], model["field"], model["commune"], model["founded"],
            YES if model["typical"] else NO)


def fill_form(path: Path, values: Mapping[str, object], models: Iterable[Mapping] = (),
              report_date: dt.date | None = None, *, numbered: bool = True) -> Path:
    """Type `values` (blank ones left blank), the report date and `models` into the official form
    at `path`. `numbered`: also write the register's STT column."""
    wb = load_workbook(path)
    ws = wb[DATA_SHEET]
    if report_date:
        ws[REPORT_DATE_CELL] = report_date
    for r in range(HEADER_ROW + 1, ws.max_row + 1):
        code = ws.cell(row=r, column=CODE_COLUMN).value
        if code in values and values[code] is not None:
            ws.cell(row=r, column=VALUE_COLUMN).value = values[code]
    reg = wb[REGISTER_SHEET]
    for i, model in enumerate(models):
        r = REGISTER_HEADER_ROW + 1 + i
        if numbered:
            reg.cell(row=r, column=1).value = i + 1
        for col, value in enumerate(_register_row(model), start=2):
            reg.cell(row=r, column=col).value = value
    wb.save(path)
    return path


def write_filled_form(path: Path, unit, year: int, catalogue, province: str,
                      values: Mapping[str, object], models: Iterable[Mapping] = (),
                      report_date: dt.date | None = None, *, numbered: bool = True,
                      previous: dict[str, float | None] | None = None) -> Path:
    """The official form of `unit` for `year`, filled in (see fill_form)."""
    write_form(path, unit, year, catalogue, province, previous)
    return fill_form(path, values, models, report_date, numbered=numbered)


def edit_form(src: Path, values: Mapping[str, object], dst: Path | None = None,
              model_names: Mapping[int, str] | None = None) -> Path:
    """A filled form with some values (by code, written as given) and model names (by register
    row, always as text, never a formula) changed; saved to `dst`, or in place."""
    wb = load_workbook(src)
    ws = wb[DATA_SHEET]
    for row in ws.iter_rows(min_row=1):
        code = row[CODE_COLUMN - 1].value
        if code in values:
            row[VALUE_COLUMN - 1].value = values[code]
    if model_names:
        reg = wb[REGISTER_SHEET]
        for r, name in model_names.items():
            reg.cell(row=r, column=2).value = name
            reg.cell(row=r, column=2).data_type = "s"
    dst = dst or src
    wb.save(dst)
    return dst


def _same(text):
    return text


def register_sheet(wb: Workbook, models: Iterable[Mapping], title: str = REGISTER_SHEET,
                   enc=_same) -> None:
    """A register in a unit's own layout: title, blank row, header, one row per model."""
    ws = wb.create_sheet(title)
    ws.append([enc("DANH SÁCH MÔ HÌNH TỰ QUẢN VỀ ANTT")])
    ws.append([])
    ws.append([enc(h) for h in ("STT", "Tên mô hình", "Cấp", "Lĩnh vực",
                                "Xã, phường nơi hoạt động", "Năm thành lập", "Điển hình")])
    for i, m in enumerate(models, 1):
        ws.append([i, enc(m["name"]), enc(m["level"]), enc(m["field"] or ""),
                   enc(m["commune"] or ""), m["founded"], enc("có" if m["typical"] else "không")])


def write_grid(path: Path, top: list[list], header: list, rows: list[list],
               models: Iterable[Mapping], merges: tuple[str, ...] = (), sheet: str = DATA_SHEET,
               enc=_same) -> Path:
    """A workbook in a unit's own layout: `top` rows, the `header` row, `rows` (text through
    `enc`, formulas as written), merged ranges, and a register sheet."""
    wb = Workbook()
    ws = wb.active
    ws.title = sheet
    for r in top:
        ws.append([enc(v) if isinstance(v, str) else v for v in r])
    ws.append([enc(v) if isinstance(v, str) else v for v in header])
    for r in rows:
        ws.append([enc(v) if isinstance(v, str) and not v.startswith("=") else v for v in r])
    for m in merges:
        ws.merge_cells(m)
    register_sheet(wb, models, enc=enc)
    path.parent.mkdir(parents=True, exist_ok=True)
    wb.save(path)
    return path
