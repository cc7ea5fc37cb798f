"""The workbook's view by former district area, for the first year of a new map: each old
district's figures of last year beside the sum of the units formed wholly from its communes
(report_gen.reference.lineage says which units cover which ground)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from report_gen.reference.lineage import former_districts
from report_gen.review.figures import figures
from report_gen.reference.units import Unit

if TYPE_CHECKING:
    from report_gen.model import Consolidation, Number


@dataclass(frozen=True)
class DistrictView:
    """One former district beside the units of this year formed wholly from its communes."""

    district: Unit  # as of last year
    units: tuple[Unit, ...]  # formed wholly from its communes
    missing: tuple[Unit, ...]  # of `units`, those without figures this year
    shared: tuple[Unit, ...]  # formed from its communes and another district's
    current: dict[str, Number]  # sum over `units`; None where a unit lacks the figure
    previous: dict[str, Number] | None  # the district's own figures last year (None: not on record)


def district_view(cons: Consolidation) -> tuple[list[DistrictView], list[Unit]] | None:
    """The workbook's view by former district area, for a year whose units were formed from last
    year's districts: each district with the sum of the units formed wholly from it (None where
    one of them has no figure: a partial sum is never shown as the area's), beside its figures
    of last year; and the units formed from several districts, listed apart. None when the map
    did not change that way."""
    from report_gen.aggregate import all_unit_values

    units = cons.settings.units
    if not figures(cons).reorganised:
        return None
    wholly, several = former_districts(units, cons.year)
    values = all_unit_values(cons.agg, cons.settings.catalogue)
    reported = set(cons.agg.reported_units)
    codes = cons.settings.catalogue.codes(cons.year)
    before = cons.previous_units or {}
    views = []
    for fd in wholly:
        missing = tuple(u for u in fd.units if u.code not in reported)
        current = {c: None if missing or not fd.units else _sum(values[u.code].get(c)
                                                                for u in fd.units)
                   for c in codes}
        shared = tuple(u for u in several if fd.district.code in u.from_districts)
        views.append(DistrictView(fd.district, fd.units, missing, shared, current,
                                  before.get(fd.district.code)))
    return views, several


def _sum(values) -> Number:
    """The sum, or None when any value is unknown (never a partial sum)."""
    values = list(values)
    if any(v is None for v in values):
        return None
    return round(sum(values), 6)  # type: ignore[arg-type]
