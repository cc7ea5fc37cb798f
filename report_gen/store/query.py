"""Reading the history store: years on record, figures of a year, series, the audit trail.
A year's figures are those of its latest recorded build (or import)."""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass

from report_gen.store.db import PROVINCE, Store

Number = float | int | None


@dataclass(frozen=True)
class YearState:
    year: int
    builds: int  # builds and imports recorded for the year
    source: str  # of the latest: "build" or "import"
    source_path: str | None
    built_at: str
    recorded_at: str
    tool_version: str | None
    catalogue_version: str | None
    draft: bool
    units_reported: int
    missing_units: tuple[str, ...]
    submissions_current: int
    submissions_superseded: int


@dataclass(frozen=True)
class SubmissionRow:
    id: int
    year: int
    unit: str
    file: str
    sha256: str
    report_date: dt.date | None
    recorded_at: str
    source: str
    superseded_by: int | None
    superseded_at: str | None

    @property
    def current(self) -> bool:
        return self.superseded_by is None


@dataclass(frozen=True)
class BuildRow:
    """One recorded build or import of a year; the year's figures are those of the latest, the
    earlier ones (a final build a draft replaced with --replace, a corrected build) stay
    recoverable through build_figures."""

    id: int
    year: int
    source: str
    source_path: str | None
    built_at: str
    recorded_at: str
    draft: bool
    missing_units: tuple[str, ...]
    current: bool  # the latest of its year: the year's figures


def builds(store: Store, year: int) -> list[BuildRow]:
    """Every build recorded for `year`, oldest first."""
    rows = store.conn.execute(
        "SELECT id, year, source, source_path, built_at, recorded_at, draft, missing_units"
        " FROM build WHERE year = ? ORDER BY id", (year,)).fetchall()
    latest = rows[-1][0] if rows else None
    return [BuildRow(id=r[0], year=r[1], source=r[2], source_path=r[3], built_at=r[4],
                     recorded_at=r[5], draft=bool(r[6]),
                     missing_units=tuple(json.loads(r[7] or "[]")), current=r[0] == latest)
            for r in rows]


def build_figures(store: Store, build_id: int
                  ) -> tuple[dict[str, Number], dict[str, dict[str, Number]]]:
    """(province figures, {unit: figures}) of one recorded build, current or not."""
    units: dict[str, dict[str, Number]] = {}
    for unit, code, value in store.conn.execute(
            "SELECT unit, code, value FROM build_value WHERE build_id = ? AND unit != ?",
            (build_id, PROVINCE)):
        units.setdefault(unit, {})[code] = value
    return _values(store, build_id, PROVINCE), units


def latest_build_id(store: Store, year: int) -> int | None:
    row = store.conn.execute("SELECT max(id) FROM build WHERE year = ?", (year,)).fetchone()
    return row[0]


def _latest_builds(store: Store) -> dict[int, int]:
    return dict(store.conn.execute("SELECT year, max(id) FROM build GROUP BY year ORDER BY year"))


def years(store: Store) -> list[YearState]:
    out = []
    for year, bid in _latest_builds(store).items():
        b = store.conn.execute(
            "SELECT source, source_path, built_at, recorded_at, tool_version, catalogue_version,"
            " draft, missing_units FROM build WHERE id = ?", (bid,)).fetchone()
        n_builds = store.conn.execute("SELECT count(*) FROM build WHERE year = ?",
                                      (year,)).fetchone()[0]
        reported = store.conn.execute(
            "SELECT count(DISTINCT unit) FROM build_value WHERE build_id = ? AND unit != ?",
            (bid, PROVINCE)).fetchone()[0]
        cur, sup = store.conn.execute(
            "SELECT count(*) FILTER (WHERE superseded_by IS NULL),"
            " count(*) FILTER (WHERE superseded_by IS NOT NULL) FROM submission WHERE year = ?",
            (year,)).fetchone()
        out.append(YearState(year=year, builds=n_builds, source=b[0], source_path=b[1],
                             built_at=b[2], recorded_at=b[3], tool_version=b[4],
                             catalogue_version=b[5], draft=bool(b[6]), units_reported=reported,
                             missing_units=tuple(json.loads(b[7] or "[]")),
                             submissions_current=cur, submissions_superseded=sup))
    return out


def _values(store: Store, build_id: int, unit: str) -> dict[str, Number]:
    return dict(store.conn.execute(
        "SELECT code, value FROM build_value WHERE build_id = ? AND unit = ?",
        (build_id, unit)))


def province_figures(store: Store, year: int) -> dict[str, Number] | None:
    """The province figures of `year` on record, or None."""
    bid = latest_build_id(store, year)
    return _values(store, bid, PROVINCE) if bid is not None else None


def unit_figures(store: Store, year: int) -> dict[str, dict[str, Number]] | None:
    """{unit: figures} of the units that reported in `year`, or None when the year is not on
    record."""
    bid = latest_build_id(store, year)
    if bid is None:
        return None
    out: dict[str, dict[str, Number]] = {}
    for unit, code, value in store.conn.execute(
            "SELECT unit, code, value FROM build_value WHERE build_id = ? AND unit != ?",
            (bid, PROVINCE)):
        out.setdefault(unit, {})[code] = value
    return out


def province_history(store: Store, before: int | None = None) -> dict[int, dict[str, Number]]:
    """{year: province figures} of every year on record (only years < `before` when given)."""
    return {y: _values(store, bid, PROVINCE) for y, bid in _latest_builds(store).items()
            if before is None or y < before}


def unit_series(store: Store, unit: str) -> dict[int, dict[str, Number]]:
    """{year: figures} of one unit over the years it reported."""
    out = {}
    for y, bid in _latest_builds(store).items():
        vals = _values(store, bid, unit)
        if vals:
            out[y] = vals
    return out


def indicator_series(store: Store, code: str) -> dict[int, dict[str, Number]]:
    """{year: {unit: value}} of one indicator; the province total under the key ""."""
    out: dict[int, dict[str, Number]] = {}
    for y, bid in _latest_builds(store).items():
        rows = store.conn.execute(
            "SELECT unit, value FROM build_value WHERE build_id = ? AND code = ?", (bid, code))
        vals = dict(rows)
        if vals:
            out[y] = vals
    return out


def submissions(store: Store, year: int, unit: str | None = None) -> list[SubmissionRow]:
    """Every submission recorded for `year` (superseded ones too), oldest first."""
    sql = ("SELECT id, year, unit, file, sha256, report_date, recorded_at, source, superseded_by,"
           " superseded_at FROM submission WHERE year = ?")
    params: list[object] = [year]
    if unit:
        sql += " AND unit = ?"
        params.append(unit)
    rows = store.conn.execute(sql + " ORDER BY unit, id", params).fetchall()
    return [SubmissionRow(id=r[0], year=r[1], unit=r[2], file=r[3], sha256=r[4],
                          report_date=dt.date.fromisoformat(r[5]) if r[5] else None,
                          recorded_at=r[6], source=r[7], superseded_by=r[8], superseded_at=r[9])
            for r in rows]


def submission_values(store: Store, submission_id: int) -> dict[str, Number]:
    return dict(store.conn.execute(
        "SELECT code, value FROM submission_value WHERE submission_id = ?", (submission_id,)))


def submission_models(store: Store, submission_id: int) -> list[dict]:
    rows = store.conn.execute(
        "SELECT name, level, field, commune, founded, typical FROM submission_model"
        " WHERE submission_id = ? ORDER BY seq", (submission_id,))
    return [{"name": r[0], "level": r[1], "field": r[2], "commune": r[3], "founded": r[4],
             "typical": bool(r[5])} for r in rows]


def label_mappings(store: Store, year: int
                   ) -> dict[tuple[str, str], tuple[str | None, str, int]]:
    """The officer's decisions in force for `year`: (unit or "*", folded label) -> (indicator or
    None to ignore the row, label as written, year decided), the latest decided up to `year`."""
    out: dict[tuple[str, str], tuple[str | None, str, int]] = {}
    for unit, label, y, indicator, shown in store.conn.execute(
            "SELECT unit, label, year, indicator, shown FROM label_mapping WHERE year <= ?"
            " ORDER BY year", (year,)):
        out[(unit, label)] = (indicator, shown, y)
    return out
