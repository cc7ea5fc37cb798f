"""Normalise what a unit typed into a value cell into a number, or say why it is not one.

Accepted: numbers; text numbers with Vietnamese separators ("1.234", "12,5", "1.234,5"); a unit
word after the number ("15 mô hình"). Rejected with a problem: negative numbers, non-whole counts,
text that is no number, error cells, dates, absurdly large values, NaN and infinities."""

from __future__ import annotations

import datetime as dt
import math
import re
from dataclasses import dataclass

# Values above this are not plausible for any indicator of one unit in one year.
ABSURD = 1e9

ERROR_CELLS = ("#DIV/0!", "#REF!", "#VALUE!", "#NAME?", "#N/A", "#NUM!", "#NULL!", "#SPILL!",
               "#CALC!", "#GETTING_DATA", "Err:")

_NUMBER_TEXT = re.compile(r"^\s*([+-]?)\s*(\d[\d.,\s\u00a0]*)\s*(.*?)\s*$", re.S)
_EXPONENT = re.compile(r"^[eE][+-]?\d+$")
_THOUSANDS_DOT = re.compile(r"^\d{1,3}(\.\d{3})+$")
_THOUSANDS_COMMA = re.compile(r"^\d{1,3}(,\d{3})+$")
# _digits has turned no-break spaces into spaces before matching this
_THOUSANDS_SPACE = re.compile(r"^\d{1,3}( \d{3})+$")


@dataclass(frozen=True)
class Parsed:
    """The number read from a cell, or the problem code that says why there is none."""

    value: float | int | None = None
    problem: str | None = None  # a code of report_gen.problems.CATALOGUE
    note: str | None = None  # e.g. "đã bỏ chữ “mô hình” sau số"
    unit_word: str | None = None  # the word dropped after the number ("mô hình")


def parse_value(raw: object, whole: bool) -> Parsed:
    """Read one value cell. Blank (None or empty text) is "not reported": Parsed(None)."""
    if raw is None:
        return Parsed()
    if isinstance(raw, bool):
        return Parsed(problem="value-not-number")
    if isinstance(raw, (dt.date, dt.datetime, dt.time, dt.timedelta)):
        return Parsed(problem="value-not-number")
    if isinstance(raw, (int, float)):
        return _check(float(raw), whole)
    text = str(raw).strip()
    if not text:
        return Parsed()
    if text.startswith(ERROR_CELLS):
        return Parsed(problem="value-error-cell")
    m = _NUMBER_TEXT.match(text)
    if not m:
        return Parsed(problem="value-not-number")
    sign, digits, rest = m.group(1), m.group(2).strip(), m.group(3)
    if _EXPONENT.match(rest):  # "1e300" is scientific notation, not a unit word "e300"
        try:
            return _check(float(text.replace(" ", "")), whole)
        except ValueError:
            return Parsed(problem="value-not-number")
    if rest and (rest[0].isdigit() or not any(ch.isalpha() for ch in rest)):
        return Parsed(problem="value-not-number")
    number = _digits(digits, whole)
    if number is None:
        return Parsed(problem="value-not-number")
    parsed = _check(-number if sign == "-" else number, whole)
    if rest and parsed.problem is None:
        return Parsed(parsed.value, note=f"đã bỏ chữ “{rest[:40]}” sau số", unit_word=rest[:40])
    return parsed


def _digits(text: str, whole: bool) -> float | None:
    t = text.replace("\u00a0", " ").strip()
    if _THOUSANDS_SPACE.match(t):
        return float(t.replace(" ", ""))
    if " " in t:
        return None
    if "." in t and "," in t:
        # Vietnamese 1.234,5 ; English 1,234.5
        if t.rfind(",") > t.rfind("."):
            t = t.replace(".", "").replace(",", ".")
        else:
            t = t.replace(",", "")
    elif _THOUSANDS_DOT.match(t):
        t = t.replace(".", "")
    elif "," in t:
        if whole and _THOUSANDS_COMMA.match(t):
            t = t.replace(",", "")
        elif t.count(",") == 1:
            t = t.replace(",", ".")
        else:
            return None
    elif t.count(".") > 1:
        return None
    try:
        return float(t)
    except ValueError:
        return None


def _check(number: float, whole: bool) -> Parsed:
    if math.isnan(number) or math.isinf(number):
        return Parsed(problem="value-not-number")
    if number < 0:
        return Parsed(problem="value-negative")
    if number > ABSURD:
        return Parsed(problem="value-absurd")
    if whole:
        if abs(number - round(number)) > 1e-9:
            return Parsed(problem="value-not-whole")
        return Parsed(int(round(number)))
    return Parsed(int(number) if number == int(number) else round(number, 6))
