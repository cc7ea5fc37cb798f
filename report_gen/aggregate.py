"""Aggregation with pandas: the unit × indicator table of accepted submissions and the
province totals. A value not reported stays missing (never 0); a province total is missing
only when no unit reported the indicator. Each total's coverage (model.Coverage) says which
expected units it misses, computed here once with the sums."""

from __future__ import annotations

from report_gen.model import ACCEPTED, Aggregate, Coverage, FileResult
from report_gen.reference.catalogue import Catalogue
from report_gen.reference.units import UnitList


def aggregate(results: list[FileResult], catalogue: Catalogue, units: UnitList,
              year: int) -> Aggregate:
    import pandas as pd  # here, not at the top: `check` starts reading files before it loads
    codes = catalogue.codes(year)
    active = [u.code for u in units.active(year)]
    accepted = {r.unit: r for r in results if r.status == ACCEPTED and r.unit}
    rows = {u: [accepted[u].values.get(c) if u in accepted else None for c in codes]
            for u in active}
    table = pd.DataFrame.from_dict(rows, orient="index", columns=codes, dtype="Float64")
    sums = table.sum(axis=0, min_count=1)
    province = {c: _plain(sums[c], catalogue.get(c).whole) for c in codes}
    models = [m for u in active if u in accepted for m in accepted[u].models]
    return Aggregate(table=table, province=province, models=models,
                     reported_units=[u for u in active if u in accepted],
                     missing_units=[u for u in active if u not in accepted],
                     coverage=coverage(accepted, catalogue, units, year))


def expects(indicator, unit, asked: set[str]) -> bool:
    """Whether `unit` is expected to report `indicator`: its form asks it (`asked`: the codes
    its level's form asks, with those its answers count in), and it is not a count of communes
    asked of a unit that covers none (the province level leaves those blank: it reports for no
    commune)."""
    return indicator.code in asked and not (indicator.of == "communes" and not unit.communes)


def coverage(accepted: dict[str, FileResult], catalogue: Catalogue, units: UnitList,
             year: int) -> dict[str, Coverage]:
    """{code: Coverage} for every number indicator of `year` (see model.Coverage). Whether a
    unit is expected to report depends only on its level and whether it covers communes: it is
    decided once per such kind of unit, not per unit (a national list has thousands)."""
    active = units.active(year)
    asked: dict[str, set[str]] = {}
    for u in active:
        if u.level not in asked:
            items = catalogue.form_items(year, u.level)
            asked[u.level] = {i.code for i in items} | {c for i in items if i.is_answer
                                                         for c in i.counted}
    kinds = {(u.level, bool(u.communes)): u for u in active}  # one unit of each kind
    kind_of = [(u.code, (u.level, bool(u.communes))) for u in active]
    out = {}
    for ind in catalogue.for_year(year):
        asks = {k: expects(ind, u, asked[u.level]) for k, u in kinds.items()}
        expected = [code for code, kind in kind_of if asks[kind]]
        code = ind.code
        missing = [u for u in expected
                   if u not in accepted or accepted[u].values.get(code) is None]
        out[code] = Coverage(reported=len(expected) - len(missing), expected=len(expected),
                             missing=missing, blank=[u for u in missing if u in accepted])
    return out


def _plain(x: object, whole: bool) -> float | int | None:
    import pandas as pd
    if x is None or pd.isna(x):
        return None
    x = float(x)
    return int(round(x)) if whole or x.is_integer() else round(x, 6)


def unit_values(agg: Aggregate, unit: str, catalogue: Catalogue) -> dict[str, float | int | None]:
    """One unit's figures as plain numbers (None when not reported)."""
    return all_unit_values(agg, catalogue)[unit]


def all_unit_values(agg: Aggregate, catalogue: Catalogue) -> dict[str, dict[str, float | int | None]]:
    """Every unit's figures as plain numbers, computed once per aggregate (the outputs ask
    for them unit by unit, section by section)."""
    cached = agg.plain_units
    if cached is None:
        whole = {c: catalogue.get(c).whole for c in agg.table.columns}
        records = agg.table.astype(object).where(agg.table.notna(), None).to_dict(orient="index")
        cached = {u: {c: _plain(v, whole[c]) for c, v in row.items()} for u, row in records.items()}
        agg.plain_units = cached
    return cached
