"""The small values of a unit list and their TOML readers: the reference day, the words of the
levels, the name prefixes, and a unit's periods (name and communes from a date on), origins
(the old communes it was formed from) and e-mail address. report_gen.reference.units builds the
units and the list from them; every reader raises the loader's error (Vietnamese and English)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from report_gen.textnorm import fold, nfc

# Level codes the catalogue's rules refer to (Rule.levels); their words are data ([levels]).
LEVEL_CODES = ("province", "district", "commune")

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
class Origin:
    """An old commune-level unit a unit was formed from: "Xã Đồng Lâm" of the old district
    HA_LONG (a unit code of the same list), `partial` when only part of it went into the unit."""

    name: str
    district: str
    partial: bool = False


@dataclass(frozen=True)
class UnitPeriod:
    """A unit's name, short name and communes in force from `start` (None: from the unit's
    beginning) until the next period starts."""

    start: dt.date | None
    name: str
    short: str
    communes: int


def _leap(year: int) -> bool:
    return year % 4 == 0 and (year % 100 != 0 or year % 400 == 0)


def read_date(value: object) -> dt.date | None:
    if value is None or value == "":
        return None
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value))


def read_reference_day(value: object, fail: Fail) -> ReferenceDay:
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


def read_levels(value: object, fail: Fail) -> tuple[Level, ...]:
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


def read_prefixes(value: object, fail: Fail) -> tuple[str, ...]:
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


def read_periods(u: dict, first: UnitPeriod, fail: Fail) -> tuple[UnitPeriod, ...]:
    """periods = [{ from = 2015-03-11, name = "Thị xã Đông Triều" }, ...]: each period keeps the
    values it does not name from the period before. () when the unit has no periods; else the
    first period (the unit's own name, short and communes) and the changes, in date order."""
    raw = u.get("periods", [])
    code = u.get("code")
    if not isinstance(raw, list) or not all(
            isinstance(p, dict) and isinstance(p.get("from"), dt.date) for p in raw):
        raise fail(f"đơn vị {code}: periods phải là danh sách {{ from = ngày, … }}",
                   f"unit {code}: periods must be a list of tables with a `from` date")
    periods = [first]
    for p in raw:
        before = periods[-1]
        if before.start is not None and p["from"] <= before.start:
            raise fail(f"đơn vị {code}: các giai đoạn (periods) phải theo thứ tự ngày tăng dần, "
                       f"sau ngày bắt đầu valid_from ({p['from'].isoformat()})",
                       f"unit {code}: periods must be in increasing date order, after valid_from")
        periods.append(UnitPeriod(start=p["from"], name=nfc(str(p.get("name", before.name))),
                                  short=nfc(str(p.get("short", before.short))),
                                  communes=int(p.get("communes", before.communes))))
    return tuple(periods) if raw else ()


def read_origins(u: dict, fail: Fail) -> tuple[Origin, ...]:
    """formed_from = [{ name = "Xã Đồng Lâm", district = "HA_LONG", partial = true }, ...]"""
    raw = u.get("formed_from", [])
    code = u.get("code")
    if not isinstance(raw, list) or not all(
            isinstance(o, dict) and isinstance(o.get("name"), str) and o["name"].strip()
            and isinstance(o.get("district"), str) and isinstance(o.get("partial", False), bool)
            for o in raw):
        raise fail(f"đơn vị {code}: formed_from phải là danh sách "
                   "{ name = \"…\", district = \"MÃ\", partial = true/false }",
                   f"unit {code}: formed_from must be a list of tables with name and district")
    return tuple(Origin(name=nfc(o["name"].strip()), district=o["district"],
                        partial=o.get("partial", False)) for o in raw)


def read_email(u: dict, fail: Fail) -> str:
    """An e-mail address, checked loosely: one "@" with text on both sides, no spaces."""
    email = u.get("email", "")
    if not isinstance(email, str):
        email = str(email)
    email = email.strip()
    local, at, domain = email.partition("@")
    if email and (not at or not local or not domain or "@" in domain
                  or any(c.isspace() for c in email)):
        raise fail(f"đơn vị {u.get('code')}: địa chỉ thư điện tử “{email}” không hợp lệ",
                   f"unit {u.get('code')}: e-mail address {email!r} is not valid")
    return email
