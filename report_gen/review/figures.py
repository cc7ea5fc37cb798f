"""The figures every output shares, computed once per consolidation: coverage by unit state and
of every province figure (which units each total misses), timeliness against the deadline, year-on-year changes of the province figures (like for like when
some units have no figures this year), the units' shares for rankings, and whether the review is small enough to list every unit.

The HTML and PDF review, the workbook, the JSON and the CLI read these; none recomputes them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field

from report_gen.aggregate import all_unit_values
from report_gen.model import (ACCEPTED, CLEAN, MISSING, UNIT_REJECTED, WITH_ERRORS,
                              Consolidation, Coverage, Number)
from report_gen.reference.units import Unit
from report_gen.reference.lineage import Lineage, lineage

# Above this many units the review keeps to summaries: per-unit tables, the full model register
# and per-unit charts go to the workbook (tong_hop_Y.xlsx) instead, lists of names are shortened,
# and the CLI lists only the units that need attention.
DETAIL_UNITS = 60


@dataclass(frozen=True)
class Timeliness:
    """When a unit first reported, and whether that was late, keyed by the file in use.

    A unit is on time or late by its first submission (the earliest of its accepted and
    superseded files), not by the file that won: the form asks units to send a corrected copy,
    and a correction sent after the deadline must not make an on-time unit late. A correction is
    told apart as such (`correction`, `correction_date`)."""

    unit: str  # unit code
    file: str  # the accepted file (the one whose figures are used)
    date: dt.date | None  # the first submission's report date, else its file's modification day
    from_file_time: bool
    late: bool | None  # None when no deadline is configured or the date is unknown
    first_file: str = ""  # the first submission; "" when it is `file` itself
    correction_date: dt.date | None = None  # the accepted file's own date, when a correction
    correction_late: bool = False  # the correction is dated after the deadline

    @property
    def correction(self) -> bool:
        """The file in use is not the unit's first submission but a later copy."""
        return bool(self.first_file)

    @property
    def word(self) -> str:
        """ "đúng hạn", "muộn" or "" (unknown), as the workbook's ledger says it of the file in
        use; a correction says so: "đúng hạn (bản sửa)"."""
        if self.late is None:
            return ""
        word = "muộn" if self.late else "đúng hạn"
        return f"{word} (bản sửa)" if self.correction else word

    def word_for(self, file: str) -> str:
        """The ledger's word for one of the unit's files: the file in use as `word`, the first
        submission (a superseded file) by itself, any other copy nothing."""
        if file == self.file:
            return self.word
        if file == self.first_file and self.late is not None:
            return "muộn" if self.late else "đúng hạn"
        return ""


@dataclass(frozen=True)
class Change:
    """A province figure beside last year's. When some units have no figures this year, both
    years are the totals of the units of `Basis.units` (like for like), so that an absent unit
    never reads as a decrease; when no such base can be formed, `diff` and `ratio` are None."""

    current: Number  # this year: the province total, or the base units' total
    previous: Number  # last year: the province total, or the base units' total
    diff: Number  # None unless both years are known (and comparable)
    ratio: float | None  # diff / previous; None when previous is 0 or unknown


@dataclass(frozen=True)
class Basis:
    """What the changes compare when some expected units have no usable figures this year: the
    units with figures in both years (a unit that absorbed others counts with their combined
    figures of last year) and those left out. `formed` is False when no unit could be compared:
    then no change is stated, and the outputs say why."""

    units: list[Unit]  # compared: figures this year and last year's on record
    left_out: list[Unit]  # expected this year, not compared (absent now, or nothing to compare)
    formed: bool
    # the areas (report_gen.review.areas) left out: their units of both years
    areas_left_out: list = field(default_factory=list)


@dataclass
class Figures:
    expected: list[Unit]  # the units expected this year, in list order
    detailed: bool  # few enough units to list each in the review
    by_state: dict[str, list[Unit]]  # CLEAN, WITH_ERRORS, UNIT_REJECTED, MISSING -> units
    deadline: dt.date | None
    timeliness: dict[str, Timeliness]  # file -> its timeliness, for accepted files
    changes: dict[str, Change] | None  # code -> change; None when last year is not known
    basis: Basis | None = None  # like-for-like base; None when every expected unit reported
    # {indicator code: Coverage} of every province figure of the year (Aggregate.coverage)
    coverage: dict[str, Coverage] = field(default_factory=dict)
    # The figures that miss a unit that sent its report (left blank, invalid, row not
    # recognised): code -> those units, in catalogue order. The outputs name these units at the
    # figure; units that sent nothing or whose files were all rejected are in every total's
    # `coverage.missing` too, but are named once per place (by_state), not at each figure.
    incomplete: dict[str, list[Unit]] = field(default_factory=dict)
    # which units of the year cover the ground of which units of the year before
    lineage: Lineage | None = None

    @property
    def reorganised(self) -> bool:
        """The first year of a new map (report_gen.reference.lineage.Lineage.reorganised)."""
        return self.lineage is not None and self.lineage.reorganised

    @property
    def reported(self) -> int:
        """Units whose figures are in the totals (an accepted file)."""
        return len(self.by_state[CLEAN]) + len(self.by_state[WITH_ERRORS])


def figures(cons: Consolidation) -> Figures:
    """The shared figures of `cons`, computed once (again only when its comparisons with last
    year have been attached since)."""
    key = (id(cons), id(cons.previous), id(cons.comparisons))
    hit = _CACHE.get(key)
    if hit is None or hit[0] is not cons:
        hit = (cons, _compute(cons))
        if len(_CACHE) >= 4:  # a process builds one or two years: keep the last few
            _CACHE.pop(next(iter(_CACHE)))
        _CACHE[key] = hit
    return hit[1]


_CACHE: dict[tuple[int, int, int], tuple[Consolidation, Figures]] = {}


def _compute(cons: Consolidation) -> Figures:
    units = cons.settings.units
    expected = units.active(cons.year)
    by_state: dict[str, list[Unit]] = {s: [] for s in (CLEAN, WITH_ERRORS, UNIT_REJECTED, MISSING)}
    for u in expected:
        by_state[cons.unit_status[u.code]].append(u)
    deadline = cons.settings.document.deadline_for(cons.year)
    lin = lineage(units, cons.year)
    changes, basis = _changes(cons, expected, lin)
    by_code = {u.code: u for u in expected}
    return Figures(expected=expected, detailed=len(expected) <= DETAIL_UNITS, by_state=by_state,
                   deadline=deadline, timeliness=_timeliness(cons, deadline),
                   changes=changes, basis=basis, coverage=cons.agg.coverage,
                   incomplete={code: [by_code[u] for u in c.blank]
                               for code, c in cons.agg.coverage.items() if c.blank},
                   lineage=lin)


def _timeliness(cons: Consolidation, deadline: dt.date | None) -> dict[str, Timeliness]:
    """One entry per unit with an accepted file, keyed by that file: the unit's timeliness is
    its first submission's (the earliest date among its accepted and superseded files), since
    settling duplicates keeps the newest file and a correction would otherwise count as late."""
    from report_gen.model import SUPERSEDED

    def day(r) -> tuple[dt.date | None, bool]:
        """The file's report date, else its modification day (True: from the file time)."""
        if r.report_date is not None:
            return r.report_date, False
        return (dt.date.fromtimestamp(r.mtime), True) if r.mtime else (None, False)

    sent: dict[str, list] = {}
    for r in cons.results:
        if r.status in (ACCEPTED, SUPERSEDED) and r.unit:
            sent.setdefault(r.unit, []).append(r)
    out = {}
    for unit, files in sent.items():
        used = next((r for r in files if r.status == ACCEPTED), None)
        if used is None:
            continue
        own, own_from_file = day(used)
        dated = [(d, f, r) for r in files for d, f in [day(r)] if d is not None]
        # The earliest dated file; ties go to the file in use (not a correction of itself).
        first = min(dated, key=lambda x: (x[0], x[2] is not used), default=None)
        if first is None or first[2] is used:
            when, from_file, first_file, corrected = own, own_from_file, "", None
        else:
            when, from_file, first_file, corrected = first[0], first[1], first[2].file, own
        late = None if when is None or deadline is None else when > deadline
        out[used.file] = Timeliness(
            unit=unit, file=used.file, date=when, from_file_time=from_file, late=late,
            first_file=first_file, correction_date=corrected,
            correction_late=bool(corrected and deadline and corrected > deadline))
    return out


def _changes(cons: Consolidation, expected: list[Unit], lin: Lineage
             ) -> tuple[dict[str, Change] | None, Basis | None]:
    """Province figures beside last year's. With every expected unit reporting, the province
    totals compare directly (they cover the same ground whatever the map did). With some units
    absent this year, last year's total still holds theirs, so the difference would state their
    absence as a decrease: both years are then summed over the areas (report_gen.review.areas:
    units of both years covering the same ground, across merges and a new map) whose units all
    have figures in both years (like for like), and the units left out are named by `Basis`.
    In the first year of a new map, indicators that count commune-level units (`of =
    "communes"`) state no change: their number changed with the map (177 communes, then 54).
    A total that misses a unit that sent its report (Aggregate.incomplete) states no change
    either: the unit's blank would read as a decrease."""
    previous = cons.previous
    if not previous:
        return None, None
    inds = cons.settings.catalogue.for_year(cons.year)
    if not cons.agg.missing_units:
        blank = cons.agg.incomplete
        changes = {ind.code: _change(cons.agg.province.get(ind.code), previous.get(ind.code),
                                     comparable=ind.code not in blank)
                   for ind in inds}
        return _across_new_map(changes, inds, lin.reorganised), None
    reported = set(cons.agg.reported_units)
    before = cons.previous_units or {}
    compared = [a for a in lin.areas
                if a.current and a.previous and all(u.code in reported for u in a.current)
                and all(u.code in before for u in a.previous)]
    in_base = {u.code for a in compared for u in a.current}
    base = [u for u in expected if u.code in in_base]
    left_out = [u for u in expected if u.code not in in_base]
    areas_out = [a for a in lin.areas if a not in compared and a.current and a.previous]
    basis = Basis(units=base, left_out=left_out, formed=bool(base), areas_left_out=areas_out)
    if not base:  # nothing to compare like for like: the totals side by side, no change stated
        return {ind.code: Change(current=cons.agg.province.get(ind.code),
                                 previous=previous.get(ind.code), diff=None, ratio=None)
                for ind in inds}, basis
    values = all_unit_values(cons.agg, cons.settings.catalogue)
    out = {}
    for ind in inds:
        pairs = [([values[u.code].get(ind.code) for u in a.current],
                  [before[u.code].get(ind.code) for u in a.previous]) for a in compared]
        out[ind.code] = _change(_total(v for cur, _p in pairs for v in cur),
                                _total(v for _c, prev in pairs for v in prev),
                                comparable=all(_alike(cur, prev) for cur, prev in pairs))
    return _across_new_map(out, inds, lin.reorganised), basis


def _across_new_map(changes: dict[str, Change], inds, reorganised: bool) -> dict[str, Change]:
    """After a new map, counts of commune-level units side by side without a change."""
    if not reorganised:
        return changes
    for ind in inds:
        if not ind.across_maps:
            c = changes[ind.code]
            changes[ind.code] = Change(current=c.current, previous=c.previous, diff=None,
                                       ratio=None)
    return changes


def _alike(current: list[Number], previous: list[Number]) -> bool:
    """An area's figure compares when its units reported it in full in both years, or in
    neither (a unit that left it blank in one year would read as a change)."""
    known = [v is not None for v in current + previous]
    return all(known) or not any(known)


def _total(values) -> Number:
    """The sum of the known values; None when none is known (a blank is not a 0)."""
    known = [v for v in values if v is not None]
    return round(sum(known), 6) if known else None


def _change(cur: Number, prev: Number, comparable: bool = True) -> Change:
    """`cur` beside `prev`; no difference stated unless both are known and `comparable` (a
    unit of the base reported the figure in one year only)."""
    diff = None if cur is None or prev is None or not comparable else round(cur - prev, 6)
    return Change(current=cur, previous=prev, diff=diff,
                  ratio=diff / prev if diff is not None and prev else None)


def unit_shares(cons: Consolidation, code: str) -> list[tuple[float, Unit]]:
    """(share of the unit's communes counted in `code`, unit) for each reporting unit that has
    communes and reported `code`: the basis of the leading and lagging units."""
    values = all_unit_values(cons.agg, cons.settings.catalogue)
    reported = set(cons.agg.reported_units)
    shares = []
    for u in cons.settings.units.active(cons.year):
        if not u.communes or u.code not in reported:
            continue
        x = values[u.code].get(code)
        if x is not None:
            shares.append((round(x / u.communes, 4), u))
    return shares
