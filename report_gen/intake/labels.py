"""Reading an indicator label the way a person reads it, when it is not the catalogue's label.

A unit that drops the code column and writes labels its own way ("Xã, phường, thị trấn đăng ký
An toàn về ANTT", "Hộ gia đình đạt An toàn về ANTT") still means one indicator. Its label and
the catalogue's are compared as sets of words (`words`): folded (no case, no diacritics, no
punctuation), abbreviations expanded (ANTT -> an ninh trật tự), qualifiers dropped ("tiêu
chuẩn", "số", "Trong đó:"), order ignored; the data is report_gen/data/labels.toml.

Within the section a row stands in (the heading above it; every section when there is none):

- the words that tell indicators apart decide (`contrasts`: đăng ký / đạt; xã / khu dân cư / cơ
  quan / hộ gia đình; Khá / Trung bình / ...): a label that says another of them than an
  indicator, or leaves out the one that tells it from a sibling, is never that indicator;
- of the indicators left, one is read when the label says most of its words (COVERAGE; under
  a heading, the words shared by every indicator of its section count as said), few of the label's words
  are foreign to its section (PRECISION), and no other indicator left comes close (MARGIN).

Anything else is not read: the row is reported with its best candidates (never guessed)."""

from __future__ import annotations

import dataclasses
import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from report_gen.reference.catalogue import Catalogue, Indicator, Section
from report_gen.textnorm import fold, nfc

MIN_COVERAGE = 0.6    # share of the indicator's words the label says
MIN_PRECISION = 0.5   # share of the label's words known to the indicator's section
MIN_SHARE = 0.5      # a candidate named for a label not read says half of the label's words
MARGIN = 0.15         # over the next indicator that also passes (F1 of the word sets)
HEADING_MATCH = 0.5   # F1 of a numbered heading's words with a section title
BARE_HEADING_MATCH = 0.8  # ... of an unnumbered one (or upper-case: UPPER_HEADING_MATCH)
UPPER_HEADING_MATCH = 0.6
NOT_HEADING = "-"     # LabelReader.heading: the text is not a section heading

Words = tuple[str, ...]


@dataclass(frozen=True)
class Vocabulary:
    abbreviations: tuple[tuple[Words, Words], ...]  # longest first
    stop: tuple[Words, ...]                          # longest first
    contrasts: tuple[tuple[Words, ...], ...]
    homographs: re.Pattern | None
    homograph_of: dict[str, str]


@lru_cache(maxsize=1)
def vocabulary() -> Vocabulary:
    """The vocabulary of report_gen/data/labels.toml."""
    return read_vocabulary(resources.files("report_gen.data").joinpath("labels.toml")
                           .read_text(encoding="utf-8"))


def read_vocabulary(text: str) -> Vocabulary:
    """A vocabulary from the text of a labels.toml."""
    raw = tomllib.loads(text)
    abbr = [(tuple(k.replace("_", " ").split()), tuple(v.split()))
            for k, v in raw.get("abbreviations", {}).items()]
    stop = [tuple(s.split()) for s in raw.get("stop_phrases", [])]
    contrasts = tuple(tuple(tuple(a.split()) for a in g) for g in raw.get("contrasts", []))
    homograph_of = {nfc(k).lower(): v for k, v in raw.get("homographs", {}).items()}
    pattern = re.compile(r"(?<!\w)(" + "|".join(map(re.escape, homograph_of)) + r")(?!\w)") \
        if homograph_of else None
    return Vocabulary(abbreviations=tuple(sorted(abbr, key=lambda a: -len(a[0]))),
                      stop=tuple(sorted(stop, key=len, reverse=True)), contrasts=contrasts,
                      homographs=pattern, homograph_of=homograph_of)


_NUMBERING = re.compile(r"\d+|[a-h]|[ivx]+")


@lru_cache(maxsize=1 << 14)
def words(text: str) -> Words:
    """The words of a label that carry its meaning, in order: "1. Trong đó: số KDC đạt tiêu
    chuẩn" -> ("khu", "dan", "cu", "dat")."""
    voc = vocabulary()
    text = nfc(text).lower()
    if voc.homographs is not None:
        text = voc.homographs.sub(lambda m: voc.homograph_of[m.group(1)], text)
    toks = fold(text).split()
    while len(toks) > 1 and _NUMBERING.fullmatch(toks[0]):
        toks = toks[1:]
    toks = _replace(toks, voc.abbreviations)
    return tuple(_replace(toks, tuple((s, ()) for s in voc.stop)))


def _replace(toks: list[str] | Words, table: tuple[tuple[Words, Words], ...]) -> list[str]:
    out: list[str] = []
    i = 0
    while i < len(toks):
        for phrase, by in table:
            if tuple(toks[i:i + len(phrase)]) == phrase:
                out.extend(by)
                i += len(phrase)
                break
        else:
            out.append(toks[i])
            i += 1
    return out


def contrast_values(seq: Words) -> tuple[Words | None, ...]:
    """For each contrast group, the first of its alternatives the words say (None: none). A
    word used by one group is not used again by a later one ("dân" of "khu dân cư" is not
    "đạn"), wherever the alternative is said (twice: both are used)."""
    used: set[int] = set()
    out: list[Words | None] = []
    for group in vocabulary().contrasts:
        found = None
        for alt in group:
            for i in range(len(seq) - len(alt) + 1):
                span = range(i, i + len(alt))
                if tuple(seq[i:i + len(alt)]) == alt and not used.intersection(span):
                    found = alt
                    used.update(span)
            if found:
                break
        out.append(found)
    return tuple(out)


def _core(label: str) -> str:
    """A catalogue label without its parenthesised explanations, which people leave out."""
    return re.sub(r"\([^)]*\)", " ", label)


@dataclass(frozen=True)
class _Entry:
    indicator: Indicator
    core: frozenset[str]        # the words a label must mostly say
    contrast: tuple[Words | None, ...]


@dataclass(frozen=True)
class Candidate:
    indicator: Indicator
    consistent: bool   # says no contrast word against it
    agree: int         # contrast words said that are its own
    coverage: float
    precision: float
    f1: float
    share: float       # share of the label's words found in its label

    @property
    def likely(self) -> bool:
        """Worth naming as a candidate of a label not read."""
        return self.share >= MIN_SHARE and (self.consistent or self.agree > 0)

    @property
    def passes(self) -> bool:
        return self.consistent and self.coverage >= MIN_COVERAGE and \
            self.precision >= MIN_PRECISION


@dataclass(frozen=True)
class Reading:
    """What a label was read as: `indicator` when confident, else None with the best
    `candidates` (at most 3, best first)."""

    indicator: Indicator | None
    candidates: tuple[Indicator, ...] = ()


class LabelReader:
    """Labels in a unit's own words, against the indicators of one year (and of its sections)."""

    def __init__(self, indicators: list[Indicator], sections: tuple[Section, ...] = ()):
        self._entries: dict[str, list[_Entry]] = {}
        for ind in indicators:
            seq = words(ind.label)
            self._entries.setdefault(ind.section, []).append(
                _Entry(ind, frozenset(words(_core(ind.label))), contrast_values(seq)))
        self._common: dict[str, frozenset[str]] = {}
        self._known: dict[str, frozenset[str]] = {}
        titles = {s.code: s.title for s in sections}
        for code, entries in self._entries.items():
            # the words every number indicator of the section says (an answer a commune gives
            # about itself is worded otherwise and is not asked beside them)
            cores = [e.core for e in entries if not e.indicator.is_answer]
            self._common[code] = frozenset.intersection(*cores) if len(cores) > 1 else frozenset()
            known = set(words(titles.get(code, "")))
            for e in entries:
                known.update(words(e.indicator.label))
            self._known[code] = frozenset(known)
        self._titles = [(s.code, frozenset(words(s.title))) for s in sections]
        self._memo: dict[tuple[str, str | None], Reading] = {}
        self._headings: dict[str, str | None] = {}

    def read(self, text: str, section: str | None = None) -> Reading:
        key = (text, section)
        found = self._memo.get(key)
        if found is None:
            found = self._memo[key] = self._read(text, section)
        return found

    def _read(self, text: str, section: str | None) -> Reading:
        seq = words(text)
        if not seq:
            return Reading(None)
        said = frozenset(seq)
        contrast = contrast_values(seq)
        pool = [section] if section in self._entries else list(self._entries)
        scored: list[Candidate] = []
        for code in pool:
            siblings = self._entries[code]
            # the words every indicator of the section says are said by its heading (only
            # when the row stands under one)
            implied = self._common[code] if len(pool) == 1 else frozenset()
            for e in siblings:
                scored.append(self._score(e, said, contrast, siblings, code, implied))
        scored.sort(key=lambda c: (c.passes, c.consistent, c.agree, c.f1), reverse=True)
        passing = [c for c in scored if c.passes]
        if passing and (len(passing) == 1 or passing[0].f1 - passing[1].f1 >= MARGIN):
            return Reading(passing[0].indicator)
        names = tuple(c.indicator for c in scored if c.likely)[:3]
        if not names and len(pool) < len(self._entries):  # nothing like it here: name what
            # it is in the other sections
            elsewhere = self.read(text, None)
            names = (elsewhere.indicator,) if elsewhere.indicator else elsewhere.candidates
        return Reading(None, names)

    def _score(self, e: _Entry, said: frozenset[str], contrast, siblings: list[_Entry],
               section: str, implied: frozenset[str]) -> Candidate:
        consistent = all(self._agrees(e, i, v, siblings) for i, v in enumerate(contrast))
        core = e.core
        covered = core & (said | implied)
        coverage = len(covered) / len(core) if core else 0.0
        precision = len(said & self._known[section]) / len(said)
        overlap = len(said & core)
        p, r = overlap / len(said), (overlap / len(core) if core else 0.0)
        f1 = 2 * p * r / (p + r) if p + r else 0.0
        agree = sum(1 for v, mine in zip(contrast, e.contrast) if v is not None and v == mine)
        return Candidate(e.indicator, consistent, agree, coverage, precision, f1, p)

    @staticmethod
    def _agrees(e: _Entry, group: int, said: Words | None, siblings: list[_Entry]) -> bool:
        mine = e.contrast[group]
        if said == mine:
            return True
        if said is not None and mine is not None:
            return False  # says another value: "đạt" for an "đăng ký" indicator
        others = {s.contrast[group] for s in siblings if s is not e} - {None}
        if said is None:  # leaves out what tells it from a sibling
            return not (others - {mine})
        return said not in others  # says what a sibling is, and this one does not say

    def heading(self, text: str) -> str | None:
        """The section a heading row opens ("F. XÂY DỰNG PHONG TRÀO…", "II - Lực lượng…"):
        its code, None for a heading of no known section (rows below it are read against
        every section), NOT_HEADING when the text is not a heading. Memoised: every unit's
        form repeats the same rows."""
        try:
            return self._headings[text]
        except KeyError:
            found = self._headings[text] = self._heading(text)
            return found

    def _heading(self, text: str) -> str | None:
        m = re.match(r"^\s*(?:ph[aầ]n\s+|m[uụ]c\s+)?([IVXivx]+|[A-Za-z])\s*[.):\-–]\s*(.+)$",
                     text)
        body = m.group(2) if m else text
        seq = frozenset(words(body))
        if not seq:
            return NOT_HEADING
        best, score = None, 0.0
        for code, title in self._titles:
            overlap = len(seq & title)
            f1 = 2 * overlap / (len(seq) + len(title)) if title else 0.0
            if f1 > score:
                best, score = code, f1
        letters = [ch for ch in body if ch.isalpha()]
        upper = len(letters) >= 8 and all(ch.isupper() for ch in letters)
        if score >= (HEADING_MATCH if m else UPPER_HEADING_MATCH if upper else
                     BARE_HEADING_MATCH):
            return best
        return None if m and upper else NOT_HEADING


@dataclass(frozen=True)
class LabelMatch:
    """What a row's label was read as. `how`: "exact" (the catalogue's label, retyped with
    small differences: as read before labels in a unit's own words) or "words" (read in the
    unit's own words, see report_gen.intake.labels: reported as an info note). Unmatched:
    `candidates` (best first), or `not_in_force`, an indicator of the catalogue that is not in
    force in the year (its label in the words of its own period)."""

    indicator: Indicator | None
    how: str = ""
    candidates: tuple[Indicator, ...] = ()
    not_in_force: Indicator | None = None


def not_in_force(catalogue: Catalogue, year: int) -> list[Indicator]:
    """The indicators of the catalogue (of every period) not in force in `year`, each label in
    the words of the nearest year of its own period."""
    every = catalogue.all_periods()
    out = []
    for ind in (every.indicators if every is not None else ()):
        if not ind.active(year):
            said = ind.from_year if ind.from_year is not None and year < ind.from_year \
                else ind.to_year
            out.append(dataclasses.replace(ind, label=every.say(ind.label, said)))
    return out
