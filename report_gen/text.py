"""Vietnamese wording of numbers, dates and comparisons (numbers and dates through Babel)."""

from __future__ import annotations

import datetime as dt

from babel.dates import format_date
from babel.numbers import format_decimal

LOCALE = "vi_VN"


def number(x: float | int | None, decimals: int = 1) -> str:
    """1234 -> "1.234"; 12.5 -> "12,5"; None -> "–"."""
    if x is None:
        return "–"
    if float(x).is_integer():
        return format_decimal(int(x), format="#,##0", locale=LOCALE)
    return format_decimal(x, format="#,##0." + "#" * max(decimals, 1), locale=LOCALE)


def percent(ratio: float, decimals: int = 1) -> str:
    """0.152 -> "15,2 %" (a no-break space before the sign, as Vietnamese documents write it,
    so that the sign never starts a line)."""
    return format_decimal(ratio * 100, format="#,##0." + "0" * decimals, locale=LOCALE) + "\u00a0%"


def official_date(d: dt.date) -> str:
    """The date line of an administrative document (Nghị định 30/2020): days below 10 and the
    months 1 and 2 get a leading zero: "ngày 05 tháng 01 năm 2013", "ngày 14 tháng 8 năm 2012"."""
    month = "MM" if d.month <= 2 else "M"
    return format_date(d, f"'ngày' dd 'tháng' {month} 'năm' y", locale=LOCALE)


def short_date(d: dt.date) -> str:
    """ "20/7/2012" as written in running text."""
    return format_date(d, "d/M/y", locale=LOCALE)


def moment(iso: str) -> str:
    """An ISO date and time as messages write it: "09:30 ngày 05/08/2012" (the text as given
    when it is not one)."""
    try:
        return dt.datetime.fromisoformat(iso).strftime("%H:%M ngày %d/%m/%Y")
    except ValueError:
        return iso


def quantity(x: float | int | None, unit: str) -> str:
    """A number with its unit, or a plain "chưa có số liệu" when not reported."""
    if x is None:
        return f"(chưa có số liệu) {unit}"
    return f"{number(x)} {unit}"


def compare(current: float | int | None, previous: float | int | None, unit: str,
            previous_year: int) -> str:
    """ "tăng 12 mô hình (15,2 %) so với năm 2011", "giảm …", "bằng năm 2011",
    "(năm 2011 không có)"; "" when either value is unknown (or both are 0)."""
    if current is None or previous is None:
        return ""
    diff = current - previous
    if previous == 0:
        return "" if current == 0 else f"(năm {previous_year} không có)"
    if abs(diff) < 1e-9:
        return f"bằng năm {previous_year}"
    word = "tăng" if diff > 0 else "giảm"
    return (f"{word} {number(abs(diff))} {unit} ({percent(abs(diff) / previous)}) "
            f"so với năm {previous_year}")


def join(items: list[str], limit: int | None = None, noun: str = "đơn vị") -> str:
    """ "a", "a và b", "a, b và c"; past `limit` items: "a, b … và 12 đơn vị khác"."""
    items = [i for i in items if i]
    if limit is not None and len(items) > limit:
        return ", ".join(items[:limit]) + f" và {len(items) - limit} {noun} khác"
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + " và " + items[-1]


def in_sentence(name: str) -> str:
    """ "Huyện Ba Chẽ" -> "huyện Ba Chẽ" inside a sentence."""
    return name[:1].lower() + name[1:] if name[:1].isupper() and name[1:2].islower() else name
