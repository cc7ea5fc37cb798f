"""Find the form in a sheet: the header row, the code / label / value columns, the unit, year and
report date written above the table, and the model register. Found by what the cells say, not by
their position, so inserted rows, moved columns and retyped headers still work."""

from __future__ import annotations

import datetime as dt
import difflib
import re
from dataclasses import dataclass

from report_gen.intake.labels import LabelMatch, LabelReader, not_in_force
from report_gen.reference.catalogue import Catalogue, Indicator, Section
from report_gen.intake.read import Grid, cell_ref
from report_gen.textnorm import fold, nfc

SCAN_ROWS = 40  # the header row is looked for in the first rows of a sheet

_VALUE_WORDS = ("so lieu", "thuc hien", "ket qua", "gia tri", "so luong", "tong so")
_NOT_VALUE_WORDS = ("tham khao", "ke hoach", "cung ky", "so sanh", "ghi chu", "don vi tinh",
                    "ty le", "chi tieu")
_LABEL_PREFIXES = ("trong do", "trong so", "bao gom", "gom", "so", "tong so")


@dataclass
class TableLayout:
    header_row: int
    value_col: int
    code_col: int | None
    label_col: int | None


@dataclass
class Header:
    unit_text: str | None = None
    unit_code: str | None = None
    unit_cell: str | None = None
    year: int | None = None
    report_date: dt.date | None = None
    issuer_text: str | None = None  # a title such as "CÔNG AN HUYỆN TIÊN YÊN"
    issuer_cell: str | None = None


def text_of(value: object) -> str:
    if value.__class__ is str:
        return nfc(value)  # type: ignore[arg-type]
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    return nfc(str(value))


def folded_rows(grid: Grid) -> list[list[str]]:
    """The first SCAN_ROWS rows of `grid` folded, once per grid (every search looks in them)."""
    if grid.folded is None:
        grid.folded = [[_folded_text(v) for v in row] for row in grid.rows[:SCAN_ROWS]]
    return grid.folded


# short text cell -> folded: every unit's form repeats the same headers and labels
_FOLDED: dict[str, str] = {}


def _folded_text(value: object) -> str:
    if value.__class__ is not str or len(value) > 200:  # type: ignore[arg-type]
        return fold(text_of(value))
    try:
        return _FOLDED[value]  # type: ignore[index]
    except KeyError:
        if len(_FOLDED) > 1 << 16:
            _FOLDED.clear()
        found = _FOLDED[value] = fold(nfc(value))  # type: ignore[index,arg-type]
        return found


def _header_candidates(grid: Grid):
    """(row, folded cells, code column, label column) for each of the first rows that has a
    code or a label column header: where an indicator table may start."""
    for r, folded in enumerate(folded_rows(grid)):
        code_col = next((c for c, t in enumerate(folded) if _is_code_header(t)), None)
        label_col = next((c for c, t in enumerate(folded)
                          if c != code_col and _is_label_header(t)), None)
        if code_col is not None or label_col is not None:
            yield r, folded, code_col, label_col


def find_table(grid: Grid, year: int) -> TableLayout | None:
    """The header row of the indicator table and its columns, or None."""
    for r, folded, code_col, label_col in _header_candidates(grid):
        value_col = _value_column(folded, year, {code_col, label_col})
        if value_col is None:
            continue
        return TableLayout(header_row=r, value_col=value_col, code_col=code_col,
                           label_col=label_col)
    return None


def find_other_year(grid: Grid, year: int) -> tuple[int, TableLayout] | None:
    """(the form's year, its table) when the sheet holds a form of another year than `year`:
    a code or label column beside a value column titled for that year ("Năm 2013"; a column
    marked as reference, plan or comparison is not the value). Asked only when find_table found
    no table for `year`, so a form of the wrong year is named as such (year-mismatch) instead of
    being taken for a file without a form."""
    for r, folded, code_col, label_col in _header_candidates(grid):
        for c, t in enumerate(folded):
            if c in (code_col, label_col) or _any(t, _NOT_VALUE_WORDS):
                continue
            years = {int(y) for y in re.findall(r"\b(?:19|20)\d\d\b", t)}
            if len(years) == 1 and year not in years:
                return years.pop(), TableLayout(header_row=r, value_col=c, code_col=code_col,
                                                label_col=label_col)
    return None


def _is_code_header(t: str) -> bool:
    return t in ("ma", "ma so", "ma chi tieu", "ma ct", "code", "ma so chi tieu")


def _is_label_header(t: str) -> bool:
    return t in ("chi tieu", "ten chi tieu", "noi dung", "noi dung chi tieu", "chi tieu thong ke",
                 "noi dung thong ke", "danh muc", "cac chi tieu", "danh muc chi tieu") or (
        (t.startswith("chi tieu") or t.startswith("noi dung")) and len(t) < 30)


# Columns of an indicator row that are not the value but are expected on a form: their content
# is read as reference or notes, never as this year's figure, and is not reported.
_KNOWN_COLUMN_WORDS = ("stt", "tt", "so tt", "so thu tu", "don vi tinh", "dvt", "ghi chu",
                       "tham khao", "ke hoach", "cung ky", "so sanh", "ty le", "nam truoc")


def column_kind(header: str, year: int) -> str:
    """"known" for a column a form is expected to have besides the value (row number, unit of
    measure, notes, reference years, plan, comparison); "other" for anything else, including
    a column without header."""
    t = fold(header)
    if not t:
        return "other"
    if t in _KNOWN_COLUMN_WORDS or _any(t, _KNOWN_COLUMN_WORDS[4:]):
        return "known"
    years = [int(y) for y in re.findall(r"\b(?:19|20)\d\d\b", t)]
    if years and year not in years:
        return "known"  # another year's figures, for reference
    return "other"


def _value_column(folded: list[str], year: int, exclude: set[int | None]) -> int | None:
    by_year = [c for c, t in enumerate(folded)
               if c not in exclude and str(year) in t.split() and not _any(t, _NOT_VALUE_WORDS)]
    if by_year:
        return by_year[0]
    by_word = [c for c, t in enumerate(folded)
               if c not in exclude and t and _any(t, _VALUE_WORDS)
               and not _any(t, _NOT_VALUE_WORDS)
               and not re.search(r"\b(19|20)\d\d\b", t)]
    return by_word[0] if by_word else None


def _any(text: str, words: tuple[str, ...]) -> bool:
    return any(w in text for w in words)


def read_header(grid: Grid, until_row: int) -> Header:
    """Unit, year and report date written above the table ("Đơn vị: …", "Năm báo cáo: …")."""
    h = Header()
    for r, row in enumerate(grid.rows[:max(until_row, 1)]):
        for c, value in enumerate(row):
            t = text_of(value)
            if not t:
                continue
            f = fold(t)
            after = _after_label(t, row, c)
            if f.startswith("ma don vi"):
                if after:
                    h.unit_code = after
            elif f.startswith("don vi") and not f.startswith("don vi tinh"):
                if after and h.unit_text is None:
                    h.unit_text = after
                    h.unit_cell = cell_ref(r, c)
            elif f.startswith("nam bao cao") or f == "nam":
                y = _year(after)
                if y:
                    h.year = y
            elif f.startswith("ngay bao cao"):
                d = _date(_after_value(t, row, c))
                if d:
                    h.report_date = d
            elif _is_issuer(f) and h.unit_text is None and h.issuer_text is None:
                h.issuer_text, h.issuer_cell = t, cell_ref(r, c)
    if h.unit_text is None and h.issuer_text is not None:
        h.unit_text, h.unit_cell = h.issuer_text, h.issuer_cell
    return h


def _is_issuer(folded: str) -> bool:
    """A title naming the issuing body: "CÔNG AN HUYỆN TIÊN YÊN", "UBND huyện…", "CA TP…"."""
    return folded.startswith(("cong an ", "ca ", "ubnd ", "uy ban nhan dan "))


def _after_label(text: str, row: list[object], c: int) -> str:
    """The text after "Label:" in the same cell, else the next non-empty cell of the row."""
    if ":" in text:
        rest = text.split(":", 1)[1].strip()
        if rest:
            return rest
    for v in row[c + 1:]:
        t = text_of(v)
        if t:
            return t
    return ""


def _after_value(text: str, row: list[object], c: int) -> object:
    if ":" in text and text.split(":", 1)[1].strip():
        return text.split(":", 1)[1].strip()
    for v in row[c + 1:]:
        if v not in (None, ""):
            return v
    return None


def _year(text: str) -> int | None:
    m = re.search(r"\b(19\d\d|20\d\d)\b", text)
    return int(m.group(1)) if m else None


def _date(value: object) -> dt.date | None:
    if isinstance(value, dt.datetime):
        return value.date()
    if isinstance(value, dt.date):
        return value
    if isinstance(value, str):
        m = re.search(r"(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})", value)
        if m:
            try:
                return dt.date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
            except ValueError:
                return None
    return None


class LabelMatcher:
    """Match an indicator label as people retype it: Unicode-normalised, case-, space- and
    diacritic-insensitive, tolerant of small typos and of prefixes like "Trong đó:"; then in
    their own words within the section the row stands in (report_gen.intake.labels). `others`:
    the indicators of the catalogue not in force in the year, so that a row of one is named."""

    def __init__(self, indicators: list[Indicator], sections: tuple[Section, ...] = (),
                 others: list[Indicator] = ()):
        self._index: dict[str, list[Indicator]] = {}
        for ind in indicators:
            for key in {_label_key(ind.label), fold(ind.code.replace("_", " "))}:
                self._index.setdefault(key, [])
                if ind not in self._index[key]:
                    self._index[key].append(ind)
        self._codes = {ind.code.upper(): ind for ind in indicators}
        self._memo: dict[str, tuple[Indicator | None, list[Indicator]]] = {}
        self._reader = LabelReader(list(indicators), sections)
        self._others = {ind.code.upper(): ind for ind in others}
        self._other_index = {_label_key(ind.label): ind for ind in others}
        self._all_reader = LabelReader(list(indicators) + list(others), sections) \
            if others else None
        self._matches: dict[tuple[str, str | None], LabelMatch] = {}

    def match(self, text: str, section: str | None = None) -> LabelMatch:
        """The indicator of a row's label in `section` (a section code; None: any). Memoised."""
        key = (text, section)
        found = self._matches.get(key)
        if found is None:
            found = self._matches[key] = self._match(text, section)
        return found

    def _match(self, text: str, section: str | None) -> LabelMatch:
        key = _label_key(text)
        if not key:
            return LabelMatch(None)
        if key not in self._index and key in self._other_index:
            return LabelMatch(None, not_in_force=self._other_index[key])
        indicator, close = self.by_label(text)
        if indicator is not None:
            return LabelMatch(indicator, "exact")
        reading = self._reader.read(text, section)
        if reading.indicator is not None:
            return LabelMatch(reading.indicator, "words")
        if self._all_reader is not None:
            other = self._all_reader.read(text, section).indicator
            if other is not None and other.code in self._others:
                return LabelMatch(None, not_in_force=other)
        return LabelMatch(None, candidates=tuple(close) or reading.candidates)

    def not_in_force(self, code: str) -> Indicator | None:
        """The indicator of another period that a code names (None: not one)."""
        return self._others.get(code.strip().upper())

    def heading(self, text: str) -> str | None:
        """See LabelReader.heading."""
        return self._reader.heading(text)

    def by_code(self, text: str) -> Indicator | None:
        return self._codes.get(text.strip().upper())

    def by_label(self, text: str) -> tuple[Indicator | None, list[Indicator]]:
        """(match, []) when one indicator fits; (None, candidates) when several fit;
        (None, []) when none does. Memoised: every unit's form repeats the same labels."""
        found = self._memo.get(text)
        if found is None:
            found = self._memo[text] = self._by_label(text)
        return found[0], list(found[1])

    def _by_label(self, text: str) -> tuple[Indicator | None, list[Indicator]]:
        key = _label_key(text)
        if not key:
            return None, []
        exact = self._index.get(key, [])
        if len(exact) == 1:
            return exact[0], []
        if len(exact) > 1:
            return None, exact
        close = difflib.get_close_matches(key, list(self._index), n=3, cutoff=0.9)
        found: list[Indicator] = []
        for k in close:
            for ind in self._index[k]:
                if ind not in found:
                    found.append(ind)
        if len(found) == 1:
            return found[0], []
        if len(found) > 1:
            ratios = [difflib.SequenceMatcher(None, key, k).ratio() for k in close]
            if len(ratios) > 1 and ratios[0] - ratios[1] >= 0.04:
                return self._index[close[0]][0], []
            return None, found
        return self._partial(key)

    def _partial(self, key: str) -> tuple[Indicator | None, list[Indicator]]:
        """A label cut short ("Hộ gia đình") or with the unit added ("Công an xã (người)"):
        the catalogue labels that start with it; one is a match, several are ambiguous."""
        bare = re.sub(r" (nguoi|mo hinh|to|doi|vu|tin|hoi|don vi|luot nguoi|kg|trieu dong)$",
                      "", key)
        if bare != key and bare in self._index and len(self._index[bare]) == 1:
            return self._index[bare][0], []
        if len(key) < 8:
            return None, []
        found: list[Indicator] = []
        for k, inds in self._index.items():
            if k.startswith(key + " ") or k.startswith(bare + " "):
                found.extend(i for i in inds if i not in found)
        if len(found) == 1:
            return found[0], []
        return None, found


def _label_key(text: str) -> str:
    key = fold(text)
    key = re.sub(r"^\d+ ", "", key)
    key = re.sub(r"^trong(do|so) ", r"trong \1 ", key)  # "Trongđó:" typed without the space
    changed = True
    while changed:
        changed = False
        for p in _LABEL_PREFIXES[:4]:
            if key.startswith(p + " "):
                key = key[len(p) + 1:]
                changed = True
    return key


_MATCHERS: dict[tuple[int, int], tuple[Catalogue, LabelMatcher]] = {}


def match_catalogue(catalogue: Catalogue, year: int) -> LabelMatcher:
    """The label matcher of a catalogue's year, built once per process: it knows every row any
    form of the year may carry, numbers and answers (Catalogue.form_items), in the year's words,
    with the year's sections, and the indicators of the catalogue not in force that year."""
    cached = _MATCHERS.get((id(catalogue), year))
    if cached is None or cached[0] is not catalogue:
        cached = _MATCHERS[(id(catalogue), year)] = (catalogue,
                                                     _build_matcher(catalogue, year))
    return cached[1]


def _build_matcher(catalogue: Catalogue, year: int) -> LabelMatcher:
    of_year = catalogue.in_year(year)
    return LabelMatcher(of_year.form_items(year), of_year.sections,
                        not_in_force(catalogue, year))
