"""Reporting units (đơn vị báo cáo), loaded from TOML, and matching of the many ways people
write a unit's name.

Province facts are data: besides the units, a unit list states its reference day (the day of
the year that decides which units report for a year), the words for its levels ("cấp huyện",
"đơn vị cấp huyện") and the prefixes people put before unit names ("Thành phố", "Phường",
"Đặc khu"...). A list that leaves one of these out takes it from the shipped list
(report_gen/data/units_quang_ninh.toml), so a new administrative map needs no code change."""

from __future__ import annotations

import datetime as dt
import difflib
import tomllib
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from importlib import resources
from pathlib import Path

from report_gen.textnorm import fold, nfc

# Level codes the catalogue's rules refer to (Rule.levels); their words are data ([levels]).
LEVEL_CODES = ("province", "district", "commune")
SHIPPED_UNITS = "units_quang_ninh.toml"

# builds the loader's error from a Vietnamese and an English text
Fail = Callable[[str, str], ValueError]


@dataclass(frozen=True)
class ReferenceDay:
    """The day of the year that decides a unit's activity in a year: a unit reports for `year`
    when this day of `year` falls inside its validity period (19 August, the festival day, in
    the shipped list)."""

    month: int
    day: int
    name: str = ""

    def date(self, year: int) -> dt.date:
        """This day in `year` (29 February falls back to 28 February in other years)."""
        if (self.month, self.day) == (2, 29) and not _leap(year):
            return dt.date(year, 2, 28)
        return dt.date(year, self.month, self.day)

    @property
    def text(self) -> str:
        """ "19/8" (day/month, as Vietnamese write it)."""
        return f"{self.day}/{self.month}"


@dataclass(frozen=True)
class Level:
    """The words for one unit level: `name` "cấp huyện", `unit_word` "đơn vị cấp huyện"."""

    code: str  # one of LEVEL_CODES
    name: str
    unit_word: str


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

    def reference_date(self, year: int) -> dt.date:
        """The date of `year` that decides whether the unit reports for `year`."""
        return (self.reference_day or shipped_reference_day()).date(year)

    def active(self, year: int) -> bool:
        """Whether the unit reports for `year`: its list's reference day of `year` falls inside
        [valid_from, valid_to]."""
        ref = self.reference_date(year)
        return (self.valid_from is None or self.valid_from <= ref) and (
            self.valid_to is None or ref <= self.valid_to)


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
        return [u for u in self.units if u.active(year)]

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
        """The unit a piece of text names ("CA TP Hạ Long", "Ha Long", "HẠ LONG"...), or None.

        Exact folded matches on names, short names, aliases and codes win (units of `year`
        before the others, so that the caller can say "not a unit that year"); then the longest
        name contained in the text; then a close fuzzy match among the year's units (small
        typos)."""
        key = self.strip_prefixes(fold(text))
        if not key:
            return None
        index = self._index()
        found = _prefer_year(index.get(key, ()), year)
        if found:
            return found
        words = key.split()
        for size in range(min(len(words), _MAX_NAME_WORDS), 0, -1):
            for start in range(len(words) - size + 1):
                piece = " ".join(words[start:start + size])
                if len(piece) >= 4 and (hit := _prefer_year(index.get(piece, ()), year)):
                    return hit
        names = [n for n, units in index.items()
                 if any(year is None or u.active(year) for u in units)]
        close = difflib.get_close_matches(key, names, n=1, cutoff=0.85)
        return _prefer_year(index[close[0]], year) if close else None

    def _index(self) -> dict[str, tuple[Unit, ...]]:
        cached = _INDEXES.get(id(self))
        if cached is None or cached[0] is not self:
            cached = (self, _name_index(self.units, self.strip_prefixes))
            _INDEXES[id(self)] = cached
        return cached[1]


_INDEXES: dict[int, tuple["UnitList", dict[str, tuple[Unit, ...]]]] = {}
_MAX_NAME_WORDS = 8


def _prefer_year(units: tuple[Unit, ...], year: int | None) -> Unit | None:
    if not units:
        return None
    if year is not None:
        for u in units:
            if u.active(year):
                return u
    return units[0]


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


def _name_index(units: tuple[Unit, ...], strip: Callable[[str], str]) -> dict[str, tuple[Unit, ...]]:
    index: dict[str, list[Unit]] = {}
    for u in units:
        keys = {strip(fold(t)) for t in (u.name, u.short, *u.aliases)}
        keys.add(fold(u.code.replace("_", " ")))
        for key in keys:
            if key:
                index.setdefault(key, []).append(u)
    return {k: tuple(v) for k, v in index.items()}


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def _date(value: object) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def load_units(path: Path | None = None) -> UnitList:
    """Load a unit list; the shipped Quảng Ninh list when `path` is None.

    `reference_day`, `[levels]` and `name_prefixes` may be left out of a list: it then takes
    those of the shipped list. Raises ValueError (message in Vietnamese and English) on a
    malformed list."""
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

    if "reference_day" in raw:
        reference_day = _reference_day(raw["reference_day"], fail)
    elif fallback is not None:
        reference_day = fallback.reference_day
    else:
        raise fail("thiếu ngày mốc reference_day", "reference_day is missing")

    if "levels" in raw:
        levels = _levels(raw["levels"], fail)
    elif fallback is not None:
        levels = fallback.levels
    else:
        raise fail("thiếu bảng [levels] (tên các cấp)", "the [levels] table is missing")
    known_levels = {lv.code for lv in levels or ()}

    if "name_prefixes" in raw:
        prefixes = _prefixes(raw["name_prefixes"], fail)
    elif fallback is not None:
        prefixes = fallback.prefixes
    else:
        raise fail("thiếu danh sách name_prefixes", "name_prefixes is missing")

    units = []
    for u in raw.get("units", []):
        code = u.get("code")
        if u.get("level") not in known_levels:
            raise fail(f"đơn vị {code}: cấp “{u.get('level')}” không có trong bảng [levels] "
                       f"({', '.join(sorted(known_levels))})",
                       f"unit {code}: level must be one of {sorted(known_levels)}")
        units.append(Unit(
            code=u["code"], name=u["name"], short=u.get("short", u["name"]), level=u["level"],
            communes=int(u.get("communes", 0)), valid_from=_date(u.get("valid_from")),
            valid_to=_date(u.get("valid_to")), aliases=tuple(u.get("aliases", ())),
            merged_into=u.get("merged_into"), reference_day=reference_day))
    codes = [u.code for u in units]
    if len(codes) != len(set(codes)):
        raise fail("trùng mã đơn vị", "duplicate unit codes in unit list")
    return UnitList(province=raw.get("province", ""), version=str(raw.get("version", "")),
                    units=tuple(units), reference_day=reference_day, levels=levels,
                    prefixes=prefixes)


def _reference_day(value: object, fail: Fail) -> ReferenceDay:
    """reference_day = { month = 8, day = 19, name = "..." }"""
    if not isinstance(value, dict) or not isinstance(value.get("month"), int) \
            or not isinstance(value.get("day"), int):
        raise fail("reference_day phải có dạng { month = 8, day = 19 }",
                   "reference_day must be a table with integer month and day")
    try:
        dt.date(2000, value["month"], value["day"])  # a leap year: 29/2 is a valid day
    except ValueError:
        raise fail(f"ngày mốc {value['day']}/{value['month']} không có thật",
                   f"reference_day {value['month']}-{value['day']} is not a date") from None
    return ReferenceDay(month=value["month"], day=value["day"], name=nfc(str(value.get("name", ""))))


def _levels(value: object, fail: Fail) -> tuple[Level, ...]:
    """[levels.district] name = "cấp huyện", unit_word = "đơn vị cấp huyện" """
    if not isinstance(value, dict) or not value:
        raise fail("[levels] phải là bảng các cấp", "[levels] must be a table of levels")
    levels = []
    for code, words in value.items():
        if code not in LEVEL_CODES:
            raise fail(f"cấp “{code}” không hợp lệ; chỉ dùng {', '.join(LEVEL_CODES)}",
                       f"level {code!r} is not one of {list(LEVEL_CODES)}")
        if not isinstance(words, dict) or not all(
                isinstance(words.get(k), str) and words[k].strip() for k in ("name", "unit_word")):
            raise fail(f"[levels.{code}] phải có name và unit_word",
                       f"[levels.{code}] needs non-empty name and unit_word")
        levels.append(Level(code=code, name=nfc(words["name"]), unit_word=nfc(words["unit_word"])))
    return tuple(levels)


def _prefixes(value: object, fail: Fail) -> tuple[str, ...]:
    """name_prefixes = ["Thành phố", "TP", "Phường", "P.", ...] -> folded, longest first."""
    if not isinstance(value, list) or not all(isinstance(p, str) for p in value):
        raise fail("name_prefixes phải là danh sách chuỗi", "name_prefixes must be a list of strings")
    folded = []
    for p in value:
        key = fold(p)
        if not key:
            raise fail(f"tiền tố “{p}” không có chữ", f"prefix {p!r} has no letters")
        if key not in folded:
            folded.append(key)
    return tuple(sorted(folded, key=len, reverse=True))
