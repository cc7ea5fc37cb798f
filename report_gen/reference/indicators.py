"""The parts of the indicator catalogue (report_gen.reference.catalogue): indicators (numbers,
and the answers a unit gives about itself), sections, rules, the model register, and the words of
a period of the map. Each has its period (from_year / to_year) where it can change."""

from __future__ import annotations

import re
from dataclasses import dataclass

NUMBER_KINDS = ("int", "decimal")
ANSWER_KINDS = ("yesno", "choice")
YES, NO = "Có", "Không"
# a word of the period in a text: {communes}; {left}/{right} of rule messages are not words
WORD_PATTERN = re.compile(r"(?<!\{)\{([A-Za-z_]+)\}(?!\})")
MESSAGE_FIELDS = {"left", "right"}


def _in_period(year: int, from_year: int | None, to_year: int | None) -> bool:
    return (from_year is None or year >= from_year) and (to_year is None or year <= to_year)


@dataclass(frozen=True)
class Choice:
    """One answer of a "choice" indicator: its text and the indicator it counts in."""

    text: str
    counts: str
    from_year: int | None = None
    to_year: int | None = None

    def active(self, year: int) -> bool:
        return _in_period(year, self.from_year, self.to_year)


@dataclass(frozen=True)
class Indicator:
    code: str
    section: str
    label: str
    unit: str
    kind: str = "int"  # "int" (counts), "decimal", "yesno" or "choice" (answers)
    indent: int = 0
    from_year: int | None = None
    to_year: int | None = None
    # unit levels whose forms ask it (all when empty)
    levels: tuple[str, ...] = ()
    # "yesno": the indicator a "Có" counts in; "choice": the answers and what each counts in
    counts: str = ""
    choices: tuple[Choice, ...] = ()
    # "communes": it counts commune-level units (xã, phường...), so its count does not compare
    # across a new map that changed how many there are (see report_gen.review.figures)
    of: str = ""
    # why it does not compare with last year in the first year of a new map ("" : it does)
    new_map_note: str = ""

    @property
    def across_maps(self) -> bool:
        """Whether its count compares with last year's in the first year of a new map."""
        return self.of != "communes" and not self.new_map_note

    @property
    def whole(self) -> bool:
        return self.kind == "int"

    @property
    def is_answer(self) -> bool:
        """Whether a unit answers it in words (Có / Không, a choice) rather than a number."""
        return self.kind in ANSWER_KINDS

    def active(self, year: int) -> bool:
        return _in_period(year, self.from_year, self.to_year)

    def asked_of(self, level: str | None) -> bool:
        """Whether the form of a unit of `level` asks it (None: any level)."""
        return level is None or not self.levels or level in self.levels

    @property
    def answers(self) -> tuple[str, ...]:
        """The answers offered: ("Có", "Không") or the choices' texts; () for a number."""
        if self.kind == "yesno":
            return (YES, NO)
        return tuple(c.text for c in self.choices)

    @property
    def counted(self) -> tuple[str, ...]:
        """The number indicators an answer counts in (in order)."""
        if self.kind == "yesno":
            return (self.counts,)
        return tuple(c.counts for c in self.choices)

    def expand(self, answer: str) -> dict[str, int]:
        """The counts one answer gives: "Có" -> {AT_XA_DAT: 1}; the choice "Khá" -> {PL_XUAT_SAC:
        0, PL_KHA: 1, ...}. `answer` must be one of `answers`."""
        if answer not in self.answers:
            raise ValueError(f"{self.code}: {answer!r} is not one of {self.answers}")
        if self.kind == "yesno":
            return {self.counts: int(answer == YES)}
        return {c.counts: int(c.text == answer) for c in self.choices}


@dataclass(frozen=True)
class Section:
    code: str
    title: str
    summary: str = ""


@dataclass(frozen=True)
class Rule:
    id: str
    left: str
    op: str
    right: str
    severity: str
    message: str
    blank: str = "skip"  # "skip", "skip_if_all" or "zero" (see catalogue.toml)
    scope: str = "both"  # "unit", "province" or "both"
    levels: tuple[str, ...] = ()
    # the check in plain words for the form's help sheet ("" : not listed there)
    help: str = ""
    from_year: int | None = None
    to_year: int | None = None

    def applies_to_level(self, level: str) -> bool:
        return not self.levels or level in self.levels

    def applies_to_unit(self, level: str) -> bool:
        """Whether the rule checks a submission of a unit of `level`."""
        return self.scope in ("unit", "both") and self.applies_to_level(level)

    def active(self, year: int) -> bool:
        return _in_period(year, self.from_year, self.to_year)

    @property
    def codes(self) -> set[str]:
        """The indicator codes the rule's expressions name."""
        return set(re.findall(r"\b[A-Z][A-Z0-9_]*\b", f"{self.left} {self.right}"))


@dataclass(frozen=True)
class Register:
    """The model register: accepted levels (name -> counting indicator) and fields."""

    levels: tuple[tuple[str, str], ...] = ()
    fields: tuple[str, ...] = ()

    def indicator_of(self, level: str) -> str | None:
        return dict(self.levels).get(level)

    @property
    def level_names(self) -> tuple[str, ...]:
        """The accepted levels as written in the register: ("tỉnh", "huyện", "xã")."""
        return tuple(name for name, _indicator in self.levels)

    def level_list(self, last: str = ", ", prefix: str = "") -> str:
        """The level names as a Vietnamese list: "tỉnh, huyện, xã"; with last=" hoặc " "tỉnh,
        huyện hoặc xã"; with prefix="cấp " "cấp tỉnh, cấp huyện, cấp xã"."""
        names = [prefix + n for n in self.level_names]
        if len(names) <= 1:
            return "".join(names)
        return ", ".join(names[:-1]) + last + names[-1]


@dataclass(frozen=True)
class Words:
    """The words of one period of the map: (("communes", "xã, phường, thị trấn"), ...)."""

    words: tuple[tuple[str, str], ...]
    from_year: int | None = None
    to_year: int | None = None

    def active(self, year: int) -> bool:
        return _in_period(year, self.from_year, self.to_year)
