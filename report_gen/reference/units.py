"""Reporting units (đơn vị báo cáo), loaded from TOML, and matching of the many ways people
write a unit's name."""

from __future__ import annotations

import datetime as dt
import difflib
import tomllib
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

from report_gen.textnorm import fold

# Prefixes people put before a unit's name; removed before matching (folded form).
_PREFIXES = ("cong an", "ca", "ban chi dao", "bcd", "thanh pho", "tp", "thi xa", "tx",
             "huyen", "h", "don vi", "quan", "thi tran")


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

    def active(self, year: int, month: int = 8, day: int = 19) -> bool:
        ref = dt.date(year, month, day)
        return (self.valid_from is None or self.valid_from <= ref) and (
            self.valid_to is None or ref <= self.valid_to)


@dataclass(frozen=True)
class UnitList:
    province: str
    version: str
    units: tuple[Unit, ...]

    def active(self, year: int) -> list[Unit]:
        return [u for u in self.units if u.active(year)]

    def get(self, code: str) -> Unit | None:
        return next((u for u in self.units if u.code == code), None)

    def match(self, text: str, year: int | None = None) -> Unit | None:
        """The unit a piece of text names ("CA TP Hạ Long", "Ha Long", "HẠ LONG"...), or None.

        Exact folded matches on names, short names, aliases and codes win (units of `year`
        before the others, so that the caller can say "not a unit that year"); then the longest
        name contained in the text; then a close fuzzy match among the year's units (small
        typos)."""
        key = strip_prefixes(fold(text))
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
            cached = (self, _name_index(self.units))
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


def strip_prefixes(key: str) -> str:
    changed = True
    while changed:
        changed = False
        for p in _PREFIXES:
            if key.startswith(p + " ") and len(key) > len(p) + 1:
                key = key[len(p) + 1:]
                changed = True
    return key


def _name_index(units: tuple[Unit, ...]) -> dict[str, tuple[Unit, ...]]:
    index: dict[str, list[Unit]] = {}
    for u in units:
        keys = {strip_prefixes(fold(t)) for t in (u.name, u.short, *u.aliases)}
        keys.add(fold(u.code.replace("_", " ")))
        for key in keys:
            if key:
                index.setdefault(key, []).append(u)
    return {k: tuple(v) for k, v in index.items()}


def _date(value: object) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def load_units(path: Path | None = None) -> UnitList:
    """Load a unit list; the shipped Quảng Ninh list when `path` is None."""
    if path is None:
        text = resources.files("report_gen.data").joinpath("units_quang_ninh.toml").read_text(
            encoding="utf-8")
    else:
        text = Path(path).read_text(encoding="utf-8")
    raw = tomllib.loads(text)
    units = []
    for u in raw.get("units", []):
        if u.get("level") not in ("province", "district", "commune"):
            raise ValueError(f"unit {u.get('code')}: level must be province, district or commune")
        units.append(Unit(
            code=u["code"], name=u["name"], short=u.get("short", u["name"]), level=u["level"],
            communes=int(u.get("communes", 0)), valid_from=_date(u.get("valid_from")),
            valid_to=_date(u.get("valid_to")), aliases=tuple(u.get("aliases", ())),
            merged_into=u.get("merged_into")))
    codes = [u.code for u in units]
    if len(codes) != len(set(codes)):
        raise ValueError("duplicate unit codes in unit list")
    return UnitList(province=raw.get("province", ""), version=str(raw.get("version", "")),
                    units=tuple(units))
