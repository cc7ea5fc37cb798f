"""The shared model: what flows between the stages, defined once.

Intake makes a `FileResult` per input file (its ledger entry and, when usable, its figures);
checks add `Problem`s to it; aggregation makes an `Aggregate`; `Consolidation` carries all of it,
the comparisons with earlier years and each unit's state to every output. Every stage imports
its vocabulary from here: the file statuses and unit states, with their Vietnamese words, and the
one rule that decides a unit's state."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from report_gen import __version__
from report_gen.problems import ERROR, Problem

if TYPE_CHECKING:  # for type hints only: no pandas nor settings needed to import the model
    import pandas as pd

    from report_gen.config import Settings
    from report_gen.store.compare import UnitComparison

Number = float | int | None

# --- A file's status in the intake ledger -------------------------------------------------
ACCEPTED, SUPERSEDED, REJECTED, IGNORED = "accepted", "superseded", "rejected", "ignored"
STATUS_VI = {ACCEPTED: "được dùng", SUPERSEDED: "bị thay thế", REJECTED: "bị từ chối",
             IGNORED: "bỏ qua"}

# --- A unit's state: exactly one of these for every unit expected in the year --------------
CLEAN = "clean"          # an accepted file, no errors
WITH_ERRORS = "errors"   # an accepted file with errors
UNIT_REJECTED = "rejected"  # files sent, none usable
MISSING = "missing"      # nothing sent
UNIT_STATES = (WITH_ERRORS, UNIT_REJECTED, MISSING, CLEAN)  # the order outputs list them in
STATE_VI = {CLEAN: "Đạt (không có lỗi)", WITH_ERRORS: "Có lỗi, cần sửa",
            UNIT_REJECTED: "Tệp gửi bị từ chối, cần gửi lại", MISSING: "Chưa gửi"}
# The same, short, for a table cell or the middle of a sentence.
STATE_SHORT_VI = {CLEAN: "đạt", WITH_ERRORS: "có lỗi", UNIT_REJECTED: "bị từ chối",
                  MISSING: "chưa gửi"}


@dataclass
class ModelEntry:
    """One row of a unit's model register."""

    unit: str
    name: str
    level: str
    field: str | None = None
    commune: str | None = None
    founded: int | None = None
    typical: bool = False
    sheet: str | None = None
    cell: str | None = None

    def to_dict(self) -> dict:
        return {"unit": self.unit, "name": self.name, "level": self.level, "field": self.field,
                "commune": self.commune, "founded": self.founded, "typical": self.typical}


@dataclass
class FileResult:
    """What one input file gave: its ledger entry and, when usable, its data."""

    file: str  # path relative to the input folder, with "/" separators
    sha256: str = ""
    size: int = 0
    mtime: float = 0.0
    status: str = REJECTED
    reason: str = ""
    unit: str | None = None
    unit_text: str | None = None
    report_date: dt.date | None = None
    values: dict[str, Number] = field(default_factory=dict)
    cells: dict[str, tuple[str, str]] = field(default_factory=dict)  # code -> (sheet, cell)
    # a unit's answers about itself, as offered ({"PL_XEP_LOAI": "Khá"}); their counts are in
    # values (see report_gen.intake.values)
    answers: dict[str, str] = field(default_factory=dict)
    models: list[ModelEntry] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)

    @property
    def errors(self) -> list[Problem]:
        return [p for p in self.problems if p.severity == ERROR]

    def ledger(self) -> dict:
        return {"file": self.file, "sha256": self.sha256, "unit": self.unit,
                "status": self.status, "reason": self.reason,
                "problems": [p.to_dict() for p in self.problems]}


def unit_state(files: list[FileResult]) -> str:
    """The one rule for a unit's state, from the files that name it: clean or with errors when
    one was accepted, rejected when some were sent and none is usable, missing when none."""
    live = [r for r in files if r.status in (ACCEPTED, REJECTED)]
    accepted = [r for r in live if r.status == ACCEPTED]
    if accepted:
        return WITH_ERRORS if any(r.errors for r in accepted) else CLEAN
    return UNIT_REJECTED if live else MISSING


def unit_states(results: list[FileResult], expected: list[str]) -> dict[str, str]:
    """{unit code: state} for each expected unit, in the order given."""
    by_unit: dict[str, list[FileResult]] = {}
    for r in results:
        if r.unit:
            by_unit.setdefault(r.unit, []).append(r)
    return {code: unit_state(by_unit.get(code, [])) for code in expected}


@dataclass(frozen=True)
class Coverage:
    """How many of the units expected to report an indicator are in its province total.

    `expected`: the units expected this year whose form asks the indicator (or an answer that
    counts in it), less those with no commune for a count of communes (report_gen.aggregate);
    `reported`: those of them with an accepted file and a value; `missing`: the others, in list
    order, whether they sent nothing, had every file rejected, or sent a report and left the
    figure blank (or invalid, or on a row not recognised). Those last ones are `blank`: the
    review names them at the figure, since nothing else says the total misses them."""

    reported: int
    expected: int
    missing: list[str]  # unit codes
    blank: list[str] = field(default_factory=list)  # of `missing`, units that sent a report

    @property
    def complete(self) -> bool:
        return not self.missing

    def to_dict(self) -> dict:
        return {"reported": self.reported, "expected": self.expected,
                "missing": list(self.missing)}


@dataclass
class Aggregate:
    """The unit × indicator table of accepted submissions and the province totals."""

    table: pd.DataFrame  # index: unit codes (active units, in list order); columns: codes
    province: dict[str, Number]
    models: list[ModelEntry]
    reported_units: list[str]  # units with an accepted file
    missing_units: list[str]   # units whose figures are absent (nothing sent, or all rejected)
    plain_units: dict[str, dict[str, Number]] | None = None  # filled once by aggregate.py
    # {indicator code: Coverage} for every number indicator of the year, by aggregate.py
    coverage: dict[str, Coverage] = field(default_factory=dict)

    @property
    def incomplete(self) -> dict[str, Coverage]:
        """The figures that miss a unit that sent its report (see Coverage.blank)."""
        return {code: c for code, c in self.coverage.items() if c.blank}


@dataclass
class Consolidation:
    """Everything the outputs need: the ledger, the figures, the problems, the comparisons."""

    year: int
    settings: Settings
    input_dir: Path
    results: list[FileResult]
    agg: Aggregate
    unit_status: dict[str, str] = field(default_factory=dict)  # {unit: state}, see unit_state
    province_problems: list[Problem] = field(default_factory=list)
    commentary: str | None = None
    force_draft: bool = False
    # Why the review is a draft besides its data (no commentary, example document settings),
    # one Vietnamese sentence each; and what the officer is told at build that is no reason for
    # a draft (which commentary file is used).
    draft_reasons: list[str] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    # Province figures of the previous year ({code: number or None}) when known, and of every
    # year on record ({year: {code: number or None}}) for trends; filled from the history store.
    previous: dict[str, Number] | None = None
    history: dict[int, dict[str, Number]] = field(default_factory=dict)
    # Per active unit, how its figures compare with year - 1 across map changes; filled from the
    # history store.
    comparisons: dict[str, UnitComparison] = field(default_factory=dict)
    # {unit: {code: number or None}} of year - 1 as on record (None when not known)
    previous_units: dict[str, dict[str, Number]] | None = None
    built_at: dt.datetime = field(default_factory=lambda: dt.datetime.now().replace(microsecond=0))
    version: str = __version__

    @property
    def accepted(self) -> list[FileResult]:
        return [r for r in self.results if r.status == ACCEPTED]

    @property
    def error_count(self) -> int:
        return sum(len(r.errors) for r in self.results if r.status in (ACCEPTED, REJECTED)) + \
            sum(1 for p in self.province_problems if p.severity == ERROR)

    @property
    def is_draft(self) -> bool:
        """A review built from incomplete or erroneous data is a draft ("DỰ THẢO"): a unit
        without figures, a figure that misses a unit that sent its report (Aggregate.incomplete),
        an error; or one not ready to issue (`draft_reasons`)."""
        return self.force_draft or bool(self.draft_reasons) or bool(
            self.agg.missing_units) or bool(self.agg.incomplete) or any(
            r.errors for r in self.results if r.status in (ACCEPTED, REJECTED)) or any(
            p.severity == ERROR for p in self.province_problems)

    def units_in(self, state: str) -> list[str]:
        """Codes of the units in `state`, in list order."""
        return [u for u, s in self.unit_status.items() if s == state]

    def unit_name(self, code: str | None) -> str:
        u = self.settings.units.get(code) if code else None
        return u.name if u else (code or "")
