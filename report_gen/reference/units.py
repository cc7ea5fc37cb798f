"""Reporting units (đơn vị báo cáo), loaded from TOML, and matching of the many ways people
write a unit's name.

Province facts are data: besides the units, a unit list states its reference day (the day of
the year that decides which units report for a year), the words for its levels ("cấp huyện",
"đơn vị cấp huyện") and the prefixes people put before unit names ("Thành phố", "Phường",
"Đặc khu"...). A list that leaves one of these out takes it from the shipped list
(report_gen/data/units_quang_ninh.toml), so a new administrative map needs no code change.

A unit's history is data too: its name, short name and communes may change on given dates
(`periods`), and a unit formed by merging says from which old communes (`formed_from`).
`Unit.in_year(year)` and `UnitList.in_year(year)` give the units as the review of `year` names
and counts them; `UnitList.get` gives the unit as the list states it (its first period)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path

from report_gen.reference.unit_values import (LEVEL_CODES, Fail, Level, Origin, ReferenceDay,
                                              UnitPeriod, read_date,
                                              read_email, read_levels, read_origins,
                                              read_periods, read_prefixes, read_reference_day)
from report_gen.reference.unit_match import Found, UnitIndex
from report_gen.textnorm import nfc

__all__ = ["LEVEL_CODES", "SHIPPED_UNITS", "Fail", "Level", "Origin", "ReferenceDay", "Unit",
           "UnitList", "UnitPeriod", "load_units", "shipped_reference_day", "strip_prefixes"]

SHIPPED_UNITS = "units_quang_ninh.toml"


@dataclass(frozen=True)
class Unit:
    code: str
    name: str
    short: str
    level: str  # "province", "district" or "commune"
    communes: int = 0
    valid_from: dt.date | None = None
    valid_to: dt.date | None = None
    aliases: tuple[str, ...] = ()
    merged_into: str | None = None
    # the reference day of the unit's list; None (units built in code): the shipped list's
    reference_day: ReferenceDay | None = None
    kind: str = ""  # "xa", "phuong", "dac_khu" (commune-level units of the 2025 map)
    official_code: str = ""  # the statistics office's code (GSO), e.g. "06652"
    email: str = ""  # where feedback on the unit's submissions may be sent
    formed_from: tuple[Origin, ...] = ()
    # name, short and communes by date; () when they never changed (see read_periods)
    periods: tuple[UnitPeriod, ...] = ()

    def reference_date(self, year: int) -> dt.date:
        """The date of `year` that decides whether the unit reports for `year`."""
        return (self.reference_day or shipped_reference_day()).date(year)

    def active(self, year: int) -> bool:
        """Whether the unit reports for `year`: its list's reference day of `year` falls inside
        [valid_from, valid_to]."""
        ref = self.reference_date(year)
        return (self.valid_from is None or self.valid_from <= ref) and (
            self.valid_to is None or ref <= self.valid_to)

    @property
    def from_districts(self) -> tuple[str, ...]:
        """The old districts (unit codes) of the communes the unit was formed from, in the
        order first named, each once."""
        return tuple(dict.fromkeys(o.district for o in self.formed_from))

    @property
    def names(self) -> tuple[str, ...]:
        """Every name and short name the unit has had, each once."""
        return tuple(dict.fromkeys([self.name, self.short, *(n for p in self.periods
                                                             for n in (p.name, p.short))]))

    def at(self, day: dt.date) -> Unit:
        """The unit with the name, short name and communes in force on `day` (the first
        period's before it starts); the unit itself when it has no periods."""
        if not self.periods:
            return self
        now = self.periods[0]
        for p in self.periods[1:]:
            if p.start is not None and p.start > day:
                break
            now = p
        if (now.name, now.short, now.communes) == (self.name, self.short, self.communes):
            return self
        return dataclasses.replace(self, name=now.name, short=now.short, communes=now.communes)

    def in_year(self, year: int) -> Unit:
        """The unit as the review of `year` names and counts it: as of its reference day of
        `year`; as of its last day when it ended before, its first day when it starts after."""
        ref = self.reference_date(year)
        if self.valid_to is not None and ref > self.valid_to:
            return self.at(self.valid_to)
        if self.valid_from is not None and ref < self.valid_from:
            return self.at(self.valid_from)
        return self.at(ref)


@dataclass(frozen=True)
class UnitList:
    province: str
    version: str
    units: tuple[Unit, ...]
    # None (lists built in code): the shipped list's reference day, level words and prefixes
    reference_day: ReferenceDay | None = None
    levels: tuple[Level, ...] | None = None
    prefixes: tuple[str, ...] | None = field(default=None)  # folded, e.g. "thanh pho", "p"

    def active(self, year: int) -> list[Unit]:
        """The units that report for `year`, as that year's review names and counts them."""
        return [u for u in self.in_year(year).units if u.active(year)]

    def in_year(self, year: int) -> UnitList:
        """The same list with every unit as of `year` (Unit.in_year): `get(code).name` is the
        name the review of `year` uses."""
        resolved = self._years.get(year)
        if resolved is None:
            resolved = dataclasses.replace(self, units=tuple(u.in_year(year) for u in self.units))
            self._years[year] = resolved
        return resolved

    @cached_property
    def _years(self) -> dict[int, UnitList]:
        return {}

    def get(self, code: str) -> Unit | None:
        return self._by_code.get(code)

    @cached_property
    def _by_code(self) -> dict[str, Unit]:
        """Units by code, built once (a national list has thousands; every file asks)."""
        return {u.code: u for u in self.units}

    def reference_date(self, year: int) -> dt.date:
        """The date of `year` that decides which units report for `year` (19/8/year shipped)."""
        return (self.reference_day or shipped_reference_day()).date(year)

    def level(self, code: str) -> Level:
        """The words of level `code` ("province", "district", "commune"); KeyError when the
        list has no words for it."""
        for lv in self.levels if self.levels is not None else _shipped().levels or ():
            if lv.code == code:
                return lv
        raise KeyError(f"no words for unit level {code!r} in unit list {self.version!r}")

    def level_word(self, code: str) -> str:
        """ "cấp huyện" for "district" (from the list's [levels])."""
        return self.level(code).name

    def unit_word(self, code: str) -> str:
        """ "đơn vị cấp huyện" for "district" (from the list's [levels])."""
        return self.level(code).unit_word

    def units_word(self, units: Iterable[Unit], default: str = "đơn vị") -> str:
        """The unit word of the level `units` share ("đơn vị cấp huyện"), or `default` when
        they are of several levels (or none)."""
        levels = {u.level for u in units}
        return self.unit_word(levels.pop()) if len(levels) == 1 else default

    def strip_prefixes(self, key: str) -> str:
        """A folded name without the prefixes people put before it ("tp ha long" -> "ha long")."""
        prefixes = self.prefixes if self.prefixes is not None else _shipped().prefixes or ()
        return strip_prefixes(key, prefixes)

    def match(self, text: str, year: int | None = None) -> Unit | None:
        """The one unit a piece of text names ("CA TP Hạ Long", "Ha Long", "HẠ LONG"...), or
        None when it names none or could be several (see `find`)."""
        return self.find(text, year).unit

    def find(self, text: str, year: int | None = None, close: bool = True) -> Found:
        """What a piece of text names: one unit, the units it could be, or none
        (report_gen.reference.unit_match: exact names of every period, short names, aliases and
        codes; then the longest name contained in the text; then, when `close`, a close match
        for typos; units of `year` before the others, so that the caller can say "not a unit
        that year")."""
        return self._index().find(text, year, close)

    def _index(self) -> UnitIndex:
        # kept outside the object: a list is sent to the intake workers, its index is not
        cached = _INDEXES.get(id(self))
        if cached is None or cached[0] is not self:
            prefixes = self.prefixes if self.prefixes is not None else _shipped().prefixes or ()
            cached = (self, UnitIndex(self.units, prefixes))
            _INDEXES[id(self)] = cached
        return cached[1]


_INDEXES: dict[int, tuple["UnitList", UnitIndex]] = {}


def strip_prefixes(key: str, prefixes: Iterable[str]) -> str:
    """`key` (folded) without any of the folded `prefixes` at its start, repeatedly
    ("ca tp ha long" -> "ha long"); a prefix is never the whole key."""
    prefixes = tuple(prefixes)
    changed = True
    while changed:
        changed = False
        for p in prefixes:
            if key.startswith(p + " ") and len(key) > len(p) + 1:
                key = key[len(p) + 1:]
                changed = True
    return key


def load_units(path: Path | None = None) -> UnitList:
    """Load a unit list; the shipped Quảng Ninh list when `path` is None.

    `reference_day`, `[levels]` and `name_prefixes` may be left out of a list:
    it then takes those of the shipped list. Raises ValueError (message in Vietnamese and
    English) on a malformed list."""
    if path is None:
        return _shipped()
    return _parse(Path(path).read_text(encoding="utf-8"), str(path), _shipped())


@lru_cache(maxsize=1)
def _shipped() -> UnitList:
    text = resources.files("report_gen.data").joinpath(SHIPPED_UNITS).read_text(encoding="utf-8")
    return _parse(text, SHIPPED_UNITS, None)


def shipped_reference_day() -> ReferenceDay:
    """The reference day of the shipped unit list (19 August)."""
    day = _shipped().reference_day
    assert day is not None  # _parse requires it of the shipped list
    return day


def _parse(text: str, where: str, fallback: UnitList | None) -> UnitList:
    raw = tomllib.loads(text)

    def fail(vi: str, en: str) -> ValueError:
        return ValueError(f"{where}: {vi} ({en})")

    def fact(key: str, read: Callable[[object, Fail], object],
             missing: tuple[str, str] | None) -> object:
        """The list's `key`, else the shipped list's; `missing` (vi, en) is the error when the
        shipped list itself lacks it (None: optional, empty)."""
        if key in raw:
            return read(raw[key], fail)
        if fallback is not None:
            return getattr(fallback, _FALLBACK[key])
        if missing is None:
            return ()
        raise fail(*missing)

    reference_day = fact("reference_day", read_reference_day,
                         ("thiếu ngày mốc reference_day", "reference_day is missing"))
    levels = fact("levels", read_levels,
                  ("thiếu bảng [levels] (tên các cấp)", "the [levels] table is missing"))
    prefixes = fact("name_prefixes", read_prefixes,
                    ("thiếu danh sách name_prefixes", "name_prefixes is missing"))
    known_levels = {lv.code for lv in levels or ()}
    units = tuple(_unit(u, reference_day, known_levels, fail) for u in raw.get("units", []))
    _check_codes(units, fail)
    return UnitList(province=raw.get("province", ""), version=str(raw.get("version", "")),
                    units=units, reference_day=reference_day, levels=levels,
                    prefixes=prefixes)


# where a list that leaves a fact out takes it from the shipped list
_FALLBACK = {"reference_day": "reference_day", "levels": "levels", "name_prefixes": "prefixes"}


def _unit(u: dict, reference_day: ReferenceDay | None, known_levels: set[str],
          fail: Fail) -> Unit:
    code = u.get("code")
    if u.get("level") not in known_levels:
        raise fail(f"đơn vị {code}: cấp “{u.get('level')}” không có trong bảng [levels] "
                   f"({', '.join(sorted(known_levels))})",
                   f"unit {code}: level must be one of {sorted(known_levels)}")
    name = nfc(u["name"])
    short = nfc(u.get("short", u["name"]))
    communes = int(u.get("communes", 0))
    valid_from = read_date(u.get("valid_from"))
    first = UnitPeriod(start=valid_from, name=name, short=short, communes=communes)
    return Unit(
        code=u["code"], name=name, short=short, level=u["level"], communes=communes,
        valid_from=valid_from, valid_to=read_date(u.get("valid_to")),
        aliases=tuple(u.get("aliases", ())), merged_into=u.get("merged_into"),
        reference_day=reference_day, kind=str(u.get("kind", "")),
        official_code=str(u.get("official_code", "")), email=read_email(u, fail),
        formed_from=read_origins(u, fail), periods=read_periods(u, first, fail))


def _check_codes(units: tuple[Unit, ...], fail: Fail) -> None:
    """Codes are unique, and every old district a unit was formed from is a unit of the list."""
    codes = [u.code for u in units]
    if len(codes) != len(set(codes)):
        raise fail("trùng mã đơn vị", "duplicate unit codes in unit list")
    for u in units:
        for o in u.formed_from:
            if o.district not in codes:
                raise fail(f"đơn vị {u.code}: “{o.name}” thuộc huyện cũ “{o.district}”, "
                           "không phải mã đơn vị nào trong danh sách",
                           f"unit {u.code}: formed_from district {o.district!r} of {o.name!r} "
                           "is not a unit code of the list")
