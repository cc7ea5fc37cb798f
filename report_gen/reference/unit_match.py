"""Finding the unit a piece of text names ("CA TP Hạ Long", "Ha Long", "bao cao nam 2012 - huyen
Dong Liem (sua)"), without ever guessing between two units.

Names are compared folded (no case, no diacritics, no punctuation) after the prefixes people put
before them ("Công an", "UBND", "TP", "Phường") are removed. Folding makes different units look the
same: "Hà Minh" and "Hạ Minh", "Thị xã Văn Thái" and "Huyện Vân Thái" both fold to one key. When a
key names several units, the text decides only if it says more: its diacritics (“Hạ Minh”) or its
kind word (“thị xã”, “TP”). Otherwise the answer is the list of units it could be, never the first
of them: a figure put under the wrong unit is worse than a question to the officer.

The search, in order: the whole text; the longest name contained in it (a file name around a
name); a close match for typos among the year's names (rapidfuzz over the folded names, so the cost
stays small at thousands of units). Each step prefers units of the year asked, then others (so
that a caller can say "not a unit that year")."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from typing import Iterable, Protocol

from rapidfuzz import fuzz, process

from report_gen.textnorm import fold


class Unit(Protocol):
    """What matching needs of a unit (report_gen.reference.units.Unit)."""

    code: str
    aliases: tuple[str, ...]

    @property
    def names(self) -> tuple[str, ...]: ...

    def active(self, year: int) -> bool: ...

# The kind words of Vietnamese administrative units (folded) and their short forms; a unit's kind
# is the kind word its name begins with.
KIND_WORDS: dict[str, str] = {
    "tinh": "tinh", "huyen": "huyen", "h": "huyen", "quan": "quan", "q": "quan",
    "thi xa": "thi xa", "tx": "thi xa", "thanh pho": "thanh pho", "tp": "thanh pho",
    "xa": "xa", "phuong": "phuong", "p": "phuong", "thi tran": "thi tran", "tt": "thi tran",
    "dac khu": "dac khu",
}
FUZZY_CUTOFF = 85.0  # rapidfuzz ratio (0-100): small typos, not another name
MAX_NAME_WORDS = 8
MIN_PIECE = 4  # letters: a contained name shorter than this is a syllable, not a name


@dataclass(frozen=True)
class Found:
    """What a text names: one unit, several it could be (ambiguous), or none."""

    units: tuple[Unit, ...] = ()

    @property
    def unit(self) -> "Unit | None":
        return self.units[0] if len(self.units) == 1 else None

    @property
    def ambiguous(self) -> bool:
        return len(self.units) > 1


NOTHING = Found()


def soft(text: str) -> str:
    """Lower case, composed, punctuation removed, diacritics kept ("TP. Hạ Long" -> "tp hạ long")."""
    text = unicodedata.normalize("NFC", text.lower()).replace("_", " ")
    return " ".join(re.findall(r"\w+", text))


class UnitIndex:
    """The names of a unit list, indexed for `find`; built once per list (see UnitList.find)."""

    def __init__(self, units: Iterable[Unit], prefixes: Iterable[str]) -> None:
        self.prefixes = tuple(sorted(set(prefixes), key=len, reverse=True))
        self.by_key: dict[str, list[Unit]] = {}
        self.marked: dict[str, set[str]] = {}  # unit code -> its names, diacritics kept
        self.kinds: dict[str, set[str]] = {}  # unit code -> kinds its names begin with
        for u in units:
            names = (*u.names, *u.aliases)
            keys = {fold(u.code.replace("_", " "))}
            for name in names:
                words, kinds = self.strip(fold(name).split())
                keys.add(" ".join(words))
                self.kinds.setdefault(u.code, set()).update(kinds)
                marked = soft(name).split()
                if len(marked) == len(fold(name).split()):
                    self.marked.setdefault(u.code, set()).add(
                        " ".join(marked[len(marked) - len(words):]))
            for key in keys:
                if key:
                    self.by_key.setdefault(key, []).append(u)
        self._fuzzy: dict[int | None, list[str]] = {}

    def strip(self, words: list[str]) -> tuple[list[str], list[str]]:
        """`words` (folded) without the leading prefixes, and the kinds those prefixes say; a
        prefix is never the whole text."""
        kinds: list[str] = []
        changed = True
        while changed:
            changed = False
            for p in self.prefixes:
                n = p.count(" ") + 1
                if len(words) > n and " ".join(words[:n]) == p:
                    if p in KIND_WORDS:
                        kinds.append(KIND_WORDS[p])
                    words = words[n:]
                    changed = True
                    break
        return words, kinds

    def find(self, text: str, year: int | None = None, close: bool = True) -> Found:
        folded = fold(text).split()
        marked = soft(text).split()
        if len(marked) != len(folded):
            marked = []  # the two do not line up word for word: diacritics cannot help
        words, kinds = self.strip(folded)
        if not words:
            return NOTHING
        marks = marked[len(marked) - len(words):] if marked else []
        kind = kinds[-1] if kinds else None
        key = " ".join(words)
        hit = self._narrow(self.by_key.get(key, ()), year, " ".join(marks), kind)
        if hit.units:
            return hit
        for only_year in ((True, False) if year is not None else (False,)):
            hit = self._contained(words, marks, year if only_year else None, kind)
            if hit.units:
                return hit
        return self._close(key, year, " ".join(marks), kind) if close else NOTHING

    def _narrow(self, units: Iterable[Unit], year: int | None, marked: str,
                kind: str | None) -> Found:
        """The units `units` could mean for `year`: those of the year first, then by the kind
        word and the diacritics the text gives."""
        pool = list(dict.fromkeys(units))
        if year is not None:
            pool = [u for u in pool if u.active(year)] or pool
        if len(pool) > 1 and kind:
            pool = [u for u in pool if kind in self.kinds.get(u.code, ())] or pool
        if len(pool) > 1 and marked and marked != fold(marked):
            pool = [u for u in pool if marked in self.marked.get(u.code, ())] or pool
        return Found(tuple(pool))

    def _contained(self, words: list[str], marks: list[str], year: int | None,
                   kind: str | None) -> Found:
        """The units of the longest name (MIN_PIECE letters or more) inside the text; only
        units of `year` when it is given. The kind word just before the name counts."""
        for size in range(min(len(words), MAX_NAME_WORDS), 0, -1):
            for start in range(len(words) - size + 1):
                piece = " ".join(words[start:start + size])
                if len(piece) < MIN_PIECE:
                    continue
                units = [u for u in self.by_key.get(piece, ())
                         if year is None or u.active(year)]
                if not units:
                    continue
                before = kind if start == 0 else self._kind_before(words, start)
                shown = " ".join(marks[start:start + size]) if marks else ""
                return self._narrow(units, year, shown, before)
        return NOTHING

    @staticmethod
    def _kind_before(words: list[str], start: int) -> str | None:
        for n in (2, 1):
            if start >= n and (k := KIND_WORDS.get(" ".join(words[start - n:start]))):
                return k
        return None

    def _close(self, key: str, year: int | None, marked: str, kind: str | None) -> Found:
        """A close fuzzy match among the names of `year`'s units (small typos); two names as
        close as each other are ambiguous."""
        names = self._fuzzy.get(year)
        if names is None:
            names = [k for k, us in self.by_key.items()
                     if any(year is None or u.active(year) for u in us)]
            self._fuzzy[year] = names
        best = process.extract(key, names, scorer=fuzz.ratio, limit=3,
                               score_cutoff=FUZZY_CUTOFF)
        if not best:
            return NOTHING
        top = best[0][1]
        units = [u for name, score, _ in best if score == top for u in self.by_key[name]]
        return self._narrow(units, year, marked, kind)
