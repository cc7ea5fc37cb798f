"""The indicator catalogue: sections, indicators and validation rules, loaded from TOML."""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path


@dataclass(frozen=True)
class Indicator:
    code: str
    section: str
    label: str
    unit: str
    kind: str = "int"  # "int" (counts) or "decimal"
    indent: int = 0
    from_year: int | None = None
    to_year: int | None = None

    @property
    def whole(self) -> bool:
        return self.kind == "int"

    def active(self, year: int) -> bool:
        return (self.from_year is None or year >= self.from_year) and (
            self.to_year is None or year <= self.to_year)


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

    def applies_to_level(self, level: str) -> bool:
        return not self.levels or level in self.levels

    def applies_to_unit(self, level: str) -> bool:
        """Whether the rule checks a submission of a unit of `level`."""
        return self.scope in ("unit", "both") and self.applies_to_level(level)


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

    def for_year(self, year: int) -> list[Indicator]:
        return [i for i in self.indicators if i.active(year)]

    def codes(self, year: int) -> list[str]:
        return [i.code for i in self.for_year(year)]

    def get(self, code: str) -> Indicator | None:
        return self._by_code().get(code)

    def section(self, code: str) -> Section:
        return next(s for s in self.sections if s.code == code)

    def rule_help(self, level: str | None = None) -> list[str]:
        """The help texts of the rules (for the form's help sheet), in catalogue order, each
        once: of every rule that carries one, or with `level` of the rules that check a
        submission of a unit of that level ("province", "district", "commune")."""
        out: list[str] = []
        for r in self.rules:
            if r.help and r.help not in out and (level is None or r.applies_to_unit(level)):
                out.append(r.help)
        return out

    def _by_code(self) -> dict[str, Indicator]:
        return {i.code: i for i in self.indicators}


_OPS = {"==", "<=", ">=", "<", ">"}


def load_catalogue(path: Path | None = None) -> Catalogue:
    """Load a catalogue file; the shipped one when `path` is None."""
    if path is None:
        raw = tomllib.loads(resources.files("report_gen.data").joinpath("catalogue.toml")
                            .read_text(encoding="utf-8"))
    else:
        raw = tomllib.loads(Path(path).read_text(encoding="utf-8"))
    sections = tuple(Section(code=s["code"], title=s["title"],
                             summary=" ".join(s.get("summary", "").split()))
                     for s in raw.get("sections", []))
    section_codes = {s.code for s in sections}
    indicators = []
    for i in raw.get("indicators", []):
        if i["section"] not in section_codes:
            raise ValueError(f"indicator {i['code']}: unknown section {i['section']}")
        if i.get("kind", "int") not in ("int", "decimal"):
            raise ValueError(f"indicator {i['code']}: kind must be int or decimal")
        indicators.append(Indicator(
            code=i["code"], section=i["section"], label=i["label"], unit=i["unit"],
            kind=i.get("kind", "int"), indent=int(i.get("indent", 0)),
            from_year=i.get("from_year"), to_year=i.get("to_year")))
    codes = [i.code for i in indicators]
    if len(codes) != len(set(codes)):
        raise ValueError("duplicate indicator codes in catalogue")
    rules = []
    for r in raw.get("rules", []):
        if r.get("blank", "skip") not in ("skip", "skip_if_all", "zero"):
            raise ValueError(f"rule {r['id']}: blank must be skip, skip_if_all or zero")
        if r["op"] not in _OPS:
            raise ValueError(f"rule {r['id']}: operator {r['op']!r} not in {sorted(_OPS)}")
        if not isinstance(r.get("help", ""), str):
            raise ValueError(f"rule {r['id']}: help must be a text (ghi chú hướng dẫn phải là "
                             "chuỗi ký tự)")
        rules.append(Rule(
            id=r["id"], left=r["left"], op=r["op"], right=str(r["right"]),
            severity=r.get("severity", "error"), message=r["message"],
            blank=r.get("blank", "skip"), scope=r.get("scope", "both"),
            levels=tuple(r.get("levels", ())), help=" ".join(r.get("help", "").split())))
    reg = raw.get("register", {})
    register = Register(levels=tuple((lv["name"], lv["indicator"]) for lv in reg.get("levels", [])),
                        fields=tuple(reg.get("fields", ())))
    charts = raw.get("charts", {})
    known = set(codes)
    classification = tuple((c["label"], c["indicator"]) for c in charts.get("classification", []))
    trend = tuple((t["indicator"], t["title"]) for t in charts.get("trend", []))
    for code in [c for _l, c in classification] + [c for c, _t in trend]:
        if code not in known:
            raise ValueError(f"chart indicator {code} is not in the catalogue")
    return Catalogue(version=str(raw.get("version", "")), name=raw.get("name", ""),
                     sections=sections, indicators=tuple(indicators), rules=tuple(rules),
                     register=register, classification=classification, trend=trend)
