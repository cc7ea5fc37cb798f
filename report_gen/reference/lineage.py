"""What compares with last year across a change of the map.

A unit of this year covers the same ground as last year's units it is linked to: itself when it
reported both years, the units merged into it (Hoành Bồ into Hạ Long, 2020), the old districts
whose communes formed it (the 2025 map). Following those links both ways gives **areas**: the
smallest groups of this year's units and last year's units that cover the same ground. An area's
figures compare from one year to the next when every unit of it has figures in both years; a
unit that is absent leaves only its own area out of the comparison, never the province total.

The same links give the view by former district (report_gen.review.areas): the new units formed
wholly from one old district's communes, beside that district's figures of last year (units
formed from several districts listed apart)."""

from __future__ import annotations

from dataclasses import dataclass

from report_gen.reference.units import Unit, UnitList


@dataclass(frozen=True)
class Area:
    """Units of `year` and of `year - 1` that cover the same ground."""

    current: tuple[Unit, ...]  # units of the year, as of that year
    previous: tuple[Unit, ...]  # units of the year before, as of that year

    @property
    def unchanged(self) -> bool:
        """One unit, the same in both years."""
        return (len(self.current) == len(self.previous) == 1
                and self.current[0].code == self.previous[0].code)


@dataclass(frozen=True)
class Lineage:
    """The areas linking `year` to `year - 1`."""

    year: int
    areas: tuple[Area, ...]

    @property
    def reorganised(self) -> bool:
        """Whether units of the year were formed from other units of last year (a new map:
        their figures do not compare unit by unit)."""
        return any(u.formed_from and not u.active(self.year - 1)
                   for a in self.areas for u in a.current)

    def area_of(self, code: str) -> Area | None:
        """The area of a unit of the year."""
        return next((a for a in self.areas if any(u.code == code for u in a.current)), None)


def lineage(units: UnitList, year: int) -> Lineage:
    """The areas linking the units of `year` to those of `year - 1` (see the module doc)."""
    now = units.in_year(year).active(year)
    then = units.in_year(year - 1).active(year - 1)
    then_codes = {u.code for u in then}
    parent: dict[tuple[str, str], tuple[str, str]] = {}

    def find(x: tuple[str, str]) -> tuple[str, str]:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    def link(a: tuple[str, str], b: tuple[str, str]) -> None:
        parent[find(a)] = find(b)

    now_codes = {u.code for u in now}
    for u in now:
        find(("now", u.code))
        if u.code in then_codes:
            link(("now", u.code), ("then", u.code))
        for district in u.from_districts:
            if district in then_codes:
                link(("now", u.code), ("then", district))
    for u in then:
        find(("then", u.code))
        if u.merged_into in now_codes:
            link(("then", u.code), ("now", u.merged_into))
    groups: dict[tuple[str, str], tuple[list[Unit], list[Unit]]] = {}
    for u in now:
        groups.setdefault(find(("now", u.code)), ([], []))[0].append(u)
    for u in then:
        groups.setdefault(find(("then", u.code)), ([], []))[1].append(u)
    return Lineage(year=year, areas=tuple(Area(tuple(c), tuple(p)) for c, p in groups.values()))


@dataclass(frozen=True)
class FormerDistrict:
    """A district of last year and the units of this year formed wholly from its communes."""

    district: Unit  # as of last year
    units: tuple[Unit, ...]  # formed only from this district's communes


def former_districts(units: UnitList, year: int) -> tuple[list[FormerDistrict], list[Unit]]:
    """For a year whose units were formed from last year's districts: each old district with
    the new units formed wholly from its communes, and the new units formed from several
    districts (listed apart). Units that report in both years (the province level) are in
    neither; a district none of whose new units is wholly its own is listed with none."""
    current = units.in_year(year).active(year)
    kept = {u.code for u in current}
    previous = {u.code: u for u in units.in_year(year - 1).active(year - 1) if u.code not in kept}
    formed = [u for u in current if u.formed_from and u.code not in previous]
    by_district: dict[str, list[Unit]] = {code: [] for code in previous}
    several = []
    for u in formed:
        districts = u.from_districts
        if len(districts) == 1 and districts[0] in by_district:
            by_district[districts[0]].append(u)
        else:
            several.append(u)
    wholly = [FormerDistrict(previous[c], tuple(us)) for c, us in by_district.items()]
    return wholly, several
