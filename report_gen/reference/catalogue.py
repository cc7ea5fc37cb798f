"""The indicator catalogue: sections, indicators and validation rules, loaded from TOML.

The catalogue spans periods: an indicator, a rule or a choice has optional from_year/to_year,
and the words that change with the administrative map ("xã, phường, thị trấn" until 2024, "xã,
phường, đặc khu" from 2025) are data in [[words]]: `{name}` in a label, a section summary, a
rule's message or help is replaced by the word of the year's period. `Catalogue.in_year(year)`
gives the catalogue of one year: only what is in force, every text in that year's words, and
no rule that involves an indicator not in force (such a rule neither fires nor counts the
absent indicator as 0).

Indicators are numbers ("int" counts, "decimal") or answers a unit gives about itself: "yesno"
(Có / Không) and "choice" (one of a list), asked on the forms of the levels in `levels` (a
commune answers "Đơn vị đạt tiêu chuẩn “An toàn về ANTT”: Có"). An answer is not aggregated
itself: it counts in the number indicators it names (a "Có" adds 1 to AT_XA_DAT, the choice
"Khá" adds 1 to PL_KHA and 0 to the other grades), so the province figure is the count across
units; the form of a level that answers does not ask those numbers."""

from __future__ import annotations

import dataclasses
import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path

from report_gen.reference.indicators import (  # noqa: F401 - re-exported
    ANSWER_KINDS, NO, NUMBER_KINDS, YES, Choice, Indicator, Register, Rule, Section, Words,
    MESSAGE_FIELDS, WORD_PATTERN)


@dataclass(frozen=True)
class Catalogue:
    version: str
    name: str
    sections: tuple[Section, ...]
    indicators: tuple[Indicator, ...]
    rules: tuple[Rule, ...] = field(default_factory=tuple)
    register: Register = field(default_factory=Register)
    # charts: (label, indicator) of the classification bars; (indicator, title) of the trend
    classification: tuple[tuple[str, str], ...] = ()
    trend: tuple[tuple[str, str], ...] = ()
    words: tuple[Words, ...] = ()
    # the year of a catalogue given by in_year(); None: the catalogue of every period
    year: int | None = None
    # the catalogue of every period a year's catalogue was made from (intake names a row of an
    # indicator not in force that year); None in the catalogue of every period itself
    every_period: Catalogue | None = field(default=None, compare=False, repr=False)

    def in_year(self, year: int) -> Catalogue:
        """The catalogue of `year`: what is in force, in that year's words, and no rule that
        names an indicator not in force. Idempotent for the same year."""
        if self.year is not None:
            if year != self.year:
                raise ValueError(f"catalogue of {self.year} asked for {year}")
            return self
        def say(text: str) -> str:
            return self.say(text, year)

        indicators = []
        for i in self.indicators:
            if not i.active(year):
                continue
            choices = tuple(c for c in i.choices if c.active(year))
            indicators.append(dataclasses.replace(i, label=say(i.label), choices=choices))
        numbers = {i.code for i in indicators if not i.is_answer}
        rules = tuple(dataclasses.replace(r, message=say(r.message), help=say(r.help))
                      for r in self.rules if r.active(year) and r.codes <= numbers)
        return dataclasses.replace(
            self, year=year, every_period=self, indicators=tuple(indicators), rules=rules,
            sections=tuple(dataclasses.replace(s, title=say(s.title), summary=say(s.summary))
                           for s in self.sections),
            register=dataclasses.replace(self.register, levels=tuple(
                (n, c) for n, c in self.register.levels if c in numbers)),
            classification=tuple((lb, c) for lb, c in self.classification if c in numbers),
            trend=tuple((c, t) for c, t in self.trend if c in numbers))

    def all_periods(self) -> Catalogue | None:
        """The catalogue of every period (this one when it is; None when unknown)."""
        return self if self.year is None else self.every_period

    def say(self, text: str, year: int) -> str:
        """`text` in the words of `year`'s period ("{Communes} xếp loại Khá" -> "Xã, phường,
        thị trấn xếp loại Khá" in 2012)."""
        words = self.words_of(year)
        return WORD_PATTERN.sub(lambda m: words.get(m.group(1), m.group(0)), text)

    def words_of(self, year: int) -> dict[str, str]:
        """{word name: text} of `year`'s period (later periods in the file win)."""
        out: dict[str, str] = {}
        for w in self.words:
            if w.active(year):
                out.update(w.words)
        return out

    def for_year(self, year: int) -> list[Indicator]:
        """The number indicators of `year`: what is aggregated, compared and shown."""
        return [i for i in self._of_year(year) if not i.is_answer]

    def codes(self, year: int) -> list[str]:
        return [i.code for i in self.for_year(year)]

    def form_items(self, year: int, level: str | None = None) -> list[Indicator]:
        """What the form of `year` asks a unit of `level` (numbers and answers, in catalogue
        order): without the numbers its answers count in. With level None, everything any
        form of the year may carry (what intake looks for)."""
        items = [i for i in self._of_year(year) if i.asked_of(level)]
        if level is None:
            return items
        answered = {c for i in items if i.is_answer for c in i.counted}
        return [i for i in items if i.code not in answered]

    def answers_of(self, year: int) -> list[Indicator]:
        """The answer indicators ("yesno", "choice") of `year`."""
        return [i for i in self._of_year(year) if i.is_answer]

    def get(self, code: str) -> Indicator | None:
        return self._by_code().get(code)

    def section(self, code: str) -> Section:
        return next(s for s in self.sections if s.code == code)

    def rule_help(self, level: str | None = None) -> list[str]:
        """The help texts of the rules (for the form's help sheet), in catalogue order, each
        once: of every rule that carries one, or with `level` of the rules that check a
        submission of a unit of that level ("province", "district", "commune"). In a year's
        catalogue, a rule that only bounds by `communes` what a level answers about itself is
        left out for that level: one answer counts at most 1, so it cannot fail there."""
        answered: set[str] = set()
        if level is not None and self.year is not None:
            answered = {c for i in self.form_items(self.year, level) if i.is_answer
                        for c in i.counted}
        out: list[str] = []
        for r in self.rules:
            if not r.help or r.help in out or (level is not None and not r.applies_to_unit(level)):
                continue
            if r.right.strip() == "communes" and r.codes and r.codes <= answered:
                continue
            out.append(r.help)
        return out

    def _of_year(self, year: int) -> list[Indicator]:
        if self.year is not None and year != self.year:
            raise ValueError(f"catalogue of {self.year} asked for {year}")
        return [i for i in self.indicators if i.active(year)]

    def _by_code(self) -> dict[str, Indicator]:
        return {i.code: i for i in self.indicators}


_OPS = {"==", "<=", ">=", "<", ">"}


def load_catalogue(path: Path | None = None) -> Catalogue:
    """Load a catalogue file; the shipped one when `path` is None. Raises ValueError (message
    in Vietnamese and English) on a malformed catalogue."""
    if path is None:
        raw = tomllib.loads(resources.files("report_gen.data").joinpath("catalogue.toml")
                            .read_text(encoding="utf-8"))
    else:
        raw = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    sections = tuple(Section(code=s["code"], title=s["title"],
                             summary=" ".join(s.get("summary", "").split()))
                     for s in raw.get("sections", []))
    indicators = _indicators(raw.get("indicators", []), {s.code for s in sections})
    codes = {i.code for i in indicators}
    rules = _rules(raw.get("rules", []), codes)
    reg = raw.get("register", {})
    register = Register(levels=tuple((lv["name"], lv["indicator"]) for lv in reg.get("levels", [])),
                        fields=tuple(reg.get("fields", ())))
    charts = raw.get("charts", {})
    classification = tuple((c["label"], c["indicator"]) for c in charts.get("classification", []))
    trend = tuple((t["indicator"], t["title"]) for t in charts.get("trend", []))
    for code in [c for _l, c in classification] + [c for c, _t in trend]:
        if code not in codes:
            raise ValueError(f"chart indicator {code} is not in the catalogue")
    words = _words(raw.get("words", []))
    _check_words(words, sections, indicators, rules)
    return Catalogue(version=str(raw.get("version", "")), name=raw.get("name", ""),
                     sections=sections, indicators=tuple(indicators), rules=tuple(rules),
                     register=register, classification=classification, trend=trend,
                     words=words)


def _indicators(raw: list[dict], section_codes: set[str]) -> list[Indicator]:
    indicators = []
    for i in raw:
        code, kind = i["code"], i.get("kind", "int")
        if i["section"] not in section_codes:
            raise ValueError(f"indicator {code}: unknown section {i['section']}")
        if i.get("of", "") not in ("", "communes"):
            raise ValueError(f"chỉ tiêu {code}: of chỉ nhận \"communes\" (indicator {code}: of "
                             "must be \"communes\")")
        if kind not in NUMBER_KINDS + ANSWER_KINDS:
            raise ValueError(f"chỉ tiêu {code}: kind phải là một trong "
                             f"{', '.join(NUMBER_KINDS + ANSWER_KINDS)} "
                             f"(indicator {code}: kind must be int, decimal, yesno or choice)")
        choices = tuple(Choice(text=c["text"], counts=c["counts"], from_year=c.get("from_year"),
                               to_year=c.get("to_year")) for c in i.get("choices", ()))
        indicators.append(Indicator(
            code=code, section=i["section"], label=i["label"], unit=i.get("unit", ""),
            kind=kind, indent=int(i.get("indent", 0)), from_year=i.get("from_year"),
            to_year=i.get("to_year"), levels=tuple(i.get("levels", ())),
            counts=i.get("counts", ""), choices=choices, of=i.get("of", ""),
            new_map_note=" ".join(i.get("new_map_note", "").split())))
    codes = [i.code for i in indicators]
    if len(codes) != len(set(codes)):
        raise ValueError("duplicate indicator codes in catalogue")
    numbers = {i.code for i in indicators if not i.is_answer}
    for i in indicators:
        if i.kind == "choice" and len(i.choices) < 2:
            raise ValueError(f"chỉ tiêu {i.code}: cần ít nhất hai lựa chọn "
                             f"(indicator {i.code}: a choice needs at least two choices)")
        if i.is_answer and not all(c in numbers for c in i.counted):
            raise ValueError(f"chỉ tiêu {i.code}: câu trả lời phải được đếm vào chỉ tiêu số "
                             f"có trong danh mục (indicator {i.code}: counts must name number "
                             f"indicators of the catalogue)")
    return indicators


def _rules(raw: list[dict], codes: set[str]) -> list[Rule]:
    rules = []
    for r in raw:
        if r.get("blank", "skip") not in ("skip", "skip_if_all", "zero"):
            raise ValueError(f"rule {r['id']}: blank must be skip, skip_if_all or zero")
        if r["op"] not in _OPS:
            raise ValueError(f"rule {r['id']}: operator {r['op']!r} not in {sorted(_OPS)}")
        if not isinstance(r.get("help", ""), str):
            raise ValueError(f"rule {r['id']}: help must be a text (ghi chú hướng dẫn phải là "
                             "chuỗi ký tự)")
        rule = Rule(
            id=r["id"], left=r["left"], op=r["op"], right=str(r["right"]),
            severity=r.get("severity", "error"), message=r["message"],
            blank=r.get("blank", "skip"), scope=r.get("scope", "both"),
            levels=tuple(r.get("levels", ())), help=" ".join(r.get("help", "").split()),
            from_year=r.get("from_year"), to_year=r.get("to_year"))
        if unknown := sorted(rule.codes - codes):
            raise ValueError(f"quy tắc {rule.id}: chỉ tiêu {', '.join(unknown)} không có trong "
                             f"danh mục (rule {rule.id}: unknown indicators {unknown})")
        rules.append(rule)
    return rules


def _words(raw: list[dict]) -> tuple[Words, ...]:
    out = []
    for w in raw:
        period = {k: w[k] for k in ("from_year", "to_year") if k in w}
        texts = {k: v for k, v in w.items() if k not in period}
        if not all(isinstance(v, str) and v.strip() for v in texts.values()):
            raise ValueError("[[words]]: mỗi từ phải là một chuỗi ký tự không rỗng "
                             "(each word must be a non-empty text)")
        out.append(Words(words=tuple(texts.items()), **period))
    return tuple(out)


def _check_words(words: tuple[Words, ...], sections, indicators, rules) -> None:
    """Every {word} a text uses is defined by every period of [[words]]."""
    names = [{k for k, _v in w.words} for w in words]
    texts = [t for s in sections for t in (s.title, s.summary)] + [i.label for i in indicators] + \
        [t for r in rules for t in (r.message, r.help)]
    used = {m for t in texts for m in WORD_PATTERN.findall(t)} - MESSAGE_FIELDS
    for name in sorted(used):
        if not names or not all(name in n for n in names):
            raise ValueError(f"từ {{{name}}} được dùng nhưng không có trong mọi [[words]] "
                             f"(word {{{name}}} is used but not defined in every [[words]] "
                             "period)")
