"""Writing to the history store: a year's figures (from a build or an imported review) and the
submissions behind them, in one transaction, idempotently."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from dataclasses import dataclass, field

from report_gen.store.db import PROVINCE, Store, pause_hook

Number = float | int | None


@dataclass
class SubmissionIn:
    """One accepted submission: a unit's file and what it gave."""

    unit: str
    file: str
    sha256: str
    values: dict[str, Number]
    report_date: dt.date | None = None
    models: list[dict] = field(default_factory=list)  # ModelEntry.to_dict() rows
    replaced: bool = False  # a copy a later one of the same build replaced: kept for the record


@dataclass
class YearFigures:
    """The consolidated figures of one year, as a build made them or as an import found them."""

    year: int
    province: dict[str, Number]
    units: dict[str, dict[str, Number]]  # reported units only
    source: str = "build"  # "build" or "import"
    source_path: str | None = None
    built_at: dt.datetime | None = None
    tool_version: str | None = None
    catalogue_version: str | None = None
    units_version: str | None = None
    draft: bool = False
    missing_units: list[str] = field(default_factory=list)
    submissions: list[SubmissionIn] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # Vietnamese remarks from an import

    def fingerprint(self) -> str:
        """Same figures from the same files with the same tool -> same fingerprint."""
        payload = {
            "year": self.year, "source": self.source, "province": self.province,
            "units": self.units, "draft": self.draft, "missing": sorted(self.missing_units),
            "tool": self.tool_version, "catalogue": self.catalogue_version,
            "units_version": self.units_version,
            "submissions": sorted((s.unit, s.sha256) for s in self.submissions),
        }
        text = json.dumps(payload, sort_keys=True, ensure_ascii=False, default=str)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class RecordResult:
    """What a record did. `kept_final`: the final build on record that a draft was not allowed
    to replace (nothing was written); `replaced_final`: the final build a draft replaced as the
    year's figures (it stays in the store, see query.builds)."""

    build_id: int
    new_build: bool
    new_submissions: int
    superseded: int
    kept_final: int | None = None
    replaced_final: int | None = None

    @property
    def recorded(self) -> bool:
        return self.kept_final is None


def figures_of(cons) -> YearFigures:
    """The YearFigures of a Consolidation (report_gen.pipeline)."""
    from report_gen.aggregate import unit_values
    from report_gen.model import ACCEPTED, SUPERSEDED

    cat = cons.settings.catalogue
    missing = list(cons.agg.missing_units)
    units = {u: unit_values(cons.agg, u, cat) for u in cons.agg.table.index if u not in missing}
    # the copies a later one replaced first, so the file in use supersedes them and `history
    # submissions` lists them even when both came before the first build
    older = [r for r in cons.results if r.status == SUPERSEDED]
    subs = [SubmissionIn(unit=r.unit, file=r.file, sha256=r.sha256, values=dict(r.values),
                         report_date=r.report_date, models=[m.to_dict() for m in r.models],
                         replaced=r.status == SUPERSEDED)
            for r in older + [r for r in cons.results if r.status == ACCEPTED]
            if r.unit and r.sha256]
    return YearFigures(year=cons.year, province=dict(cons.agg.province), units=units,
                       source="build", source_path=str(cons.input_dir), built_at=cons.built_at,
                       tool_version=cons.version, catalogue_version=cat.version,
                       units_version=cons.settings.units.version, draft=cons.is_draft,
                       missing_units=missing, submissions=subs)


def _now() -> str:
    return dt.datetime.now().replace(microsecond=0).isoformat(sep=" ")


def record(store: Store, fig: YearFigures, *, keep_final: bool = False) -> RecordResult:
    """Record `fig` in one transaction. Re-recording the same figures adds no rows; a new file of
    a unit supersedes the unit's current submission, which stays in the store.

    With `keep_final`, a draft is not recorded over a year whose figures on record are final
    (a draft made from the wrong folder or year must not replace a finished year): nothing is
    written and the result names the final build kept. The check runs inside the write
    transaction, so a final recorded meanwhile by another run is seen."""
    now = _now()
    fingerprint = fig.fingerprint()
    new_subs = superseded = 0
    with store.write() as c:
        final = _final_on_record(c, fig.year) if fig.draft else None
        if final is not None and keep_final:
            return RecordResult(build_id=final, new_build=False, new_submissions=0,
                                superseded=0, kept_final=final)
        sub_ids: list[int] = []
        for s in fig.submissions:
            row = c.execute("SELECT id, superseded_by FROM submission "
                            "WHERE year = ? AND unit = ? AND sha256 = ?",
                            (fig.year, s.unit, s.sha256)).fetchone()
            if s.replaced:  # on record once; the unit's file in use (later) supersedes it
                if row is None:
                    _insert_submission(c, fig, s, now)
                    new_subs += 1
                continue
            if row is None:
                sid = _insert_submission(c, fig, s, now)
                new_subs += 1
            else:
                sid = row[0]
                if row[1] is not None:  # an older file is back in use: reinstate it
                    c.execute("UPDATE submission SET superseded_by = NULL, superseded_at = NULL "
                              "WHERE id = ?", (sid,))
            cur = c.execute("UPDATE submission SET superseded_by = ?, superseded_at = ? "
                            "WHERE year = ? AND unit = ? AND superseded_by IS NULL AND id != ?",
                            (sid, now, fig.year, s.unit, sid))
            superseded += cur.rowcount
            sub_ids.append(sid)
        latest = c.execute("SELECT id, fingerprint FROM build WHERE year = ? "
                           "ORDER BY id DESC LIMIT 1", (fig.year,)).fetchone()
        if latest is not None and latest[1] == fingerprint:
            build_id, new_build = latest[0], False
        else:
            build_id, new_build = _insert_build(c, fig, fingerprint, now, sub_ids), True
        pause_hook()
    return RecordResult(build_id=build_id, new_build=new_build, new_submissions=new_subs,
                        superseded=superseded,
                        replaced_final=final if new_build and final is not None else None)


def _final_on_record(c, year: int) -> int | None:
    """The id of the year's latest build when it is final (not a draft), else None."""
    row = c.execute("SELECT id, draft FROM build WHERE year = ? ORDER BY id DESC LIMIT 1",
                    (year,)).fetchone()
    return row[0] if row is not None and not row[1] else None


def _insert_submission(c, fig: YearFigures, s: SubmissionIn, now: str) -> int:
    cur = c.execute(
        "INSERT INTO submission (year, unit, file, sha256, report_date, recorded_at, source) "
        "VALUES (?, ?, ?, ?, ?, ?, ?)",
        (fig.year, s.unit, s.file, s.sha256,
         s.report_date.isoformat() if s.report_date else None, now, fig.source))
    sid = cur.lastrowid
    c.executemany("INSERT INTO submission_value (submission_id, code, value) VALUES (?, ?, ?)",
                  [(sid, code, _num(v)) for code, v in s.values.items()])
    c.executemany(
        "INSERT INTO submission_model (submission_id, seq, name, level, field, commune, founded,"
        " typical) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        [(sid, i, m.get("name") or "", m.get("level"), m.get("field"), m.get("commune"),
          m.get("founded"), 1 if m.get("typical") else 0) for i, m in enumerate(s.models)])
    return sid


def _insert_build(c, fig: YearFigures, fingerprint: str, now: str, sub_ids: list[int]) -> int:
    built_at = (fig.built_at or dt.datetime.now()).replace(microsecond=0).isoformat(sep=" ")
    cur = c.execute(
        "INSERT INTO build (year, built_at, recorded_at, source, source_path, tool_version,"
        " catalogue_version, units_version, draft, missing_units, fingerprint)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
        (fig.year, built_at, now, fig.source, fig.source_path, fig.tool_version,
         fig.catalogue_version, fig.units_version, int(fig.draft),
         json.dumps(sorted(fig.missing_units)), fingerprint))
    bid = cur.lastrowid
    rows = [(bid, PROVINCE, code, _num(v)) for code, v in fig.province.items()]
    rows += [(bid, unit, code, _num(v)) for unit, vals in fig.units.items()
             for code, v in vals.items()]
    c.executemany("INSERT INTO build_value (build_id, unit, code, value) VALUES (?, ?, ?, ?)",
                  rows)
    c.executemany("INSERT OR IGNORE INTO build_submission (build_id, submission_id) VALUES (?, ?)",
                  [(bid, sid) for sid in sub_ids])
    return bid


def _num(v: object) -> Number:
    if v is None or isinstance(v, bool):
        return None
    if isinstance(v, int):
        return v
    try:
        x = float(v)  # type: ignore[arg-type]
    except (TypeError, ValueError):
        return None
    return int(x) if x.is_integer() else x


def record_mappings(store: Store, year: int,
                    rows: list[tuple[str, str, str | None, str]]) -> None:
    """Keep the officer's decisions of `year` (unit or "*", folded label, indicator or None to
    ignore the row, label as written), in place of the year's decisions on record."""
    with store.write() as c:
        c.execute("DELETE FROM label_mapping WHERE year = ?", (year,))
        c.executemany("INSERT INTO label_mapping (unit, label, year, indicator, shown)"
                      " VALUES (?, ?, ?, ?, ?)",
                      [(unit, label, year, indicator, shown)
                       for unit, label, indicator, shown in rows])
