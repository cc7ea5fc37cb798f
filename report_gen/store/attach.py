"""What a consolidation takes from the store (earlier years), and recording it."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from report_gen.store.compare import compare_unit_figures
from report_gen.store.db import Store, open_store
from report_gen.intake.mapping import Decision, Mappings, load_mapping_file
from report_gen.store.query import (BuildRow, builds, label_mappings, province_history,
                                    unit_figures)
from report_gen.store.record import Number, RecordResult, figures_of, record, record_mappings

if TYPE_CHECKING:
    from report_gen.model import Consolidation


@dataclass
class Past:
    """Earlier years on record, as a consolidation of `year` needs them."""

    year: int
    province: dict[int, dict[str, Number]] = field(default_factory=dict)  # years < year
    units: dict[str, dict[str, Number]] | None = None  # {unit: figures} of year - 1
    # the officer's decisions on rows kept from earlier builds (report_gen.intake.mapping)
    mappings: Mappings = field(default_factory=dict)

    @property
    def previous(self) -> dict[str, Number] | None:
        """Province figures of year - 1, or None when that year is not on record."""
        return self.province.get(self.year - 1)


def past_of(store: Store, year: int) -> Past:
    mappings = {key: Decision(indicator, shown, y)
                for key, (indicator, shown, y) in label_mappings(store, year).items()}
    return Past(year=year, province=province_history(store, before=year),
                units=unit_figures(store, year - 1), mappings=mappings)


def load_past(path: Path | None, year: int, create: bool) -> Past | None:
    """Past from the store at `path`; None without a store (or, unless `create`, when the
    store does not exist yet: a check never creates it)."""
    if path is None or (not create and not Path(path).exists()):
        return None
    with open_store(path, create=create) as store:
        return past_of(store, year)


def attach_past(cons: Consolidation, past: Past) -> None:
    """Set cons.previous (province figures of year - 1, or None), cons.history (every year on
    record before cons.year, plus cons.year itself from cons), cons.previous_units (the units'
    figures of year - 1) and cons.comparisons (per active unit, how it compares with year - 1)."""
    order = {c: i for i, c in enumerate(i.code for i in cons.settings.catalogue.indicators)}

    def ordered(vals: dict) -> dict:
        return dict(sorted(vals.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0])))

    history = {y: ordered(v) for y, v in past.province.items()}
    history[cons.year] = dict(cons.agg.province)
    cons.history = dict(sorted(history.items()))
    cons.previous = history.get(cons.year - 1)
    cons.previous_units = past.units
    units = cons.settings.units
    cons.comparisons = {u.code: compare_unit_figures(u.code, cons.year, units, past.units)
                        for u in units.active(cons.year)}


def fill_history(cons: Consolidation, store: Store) -> None:
    """attach_past with the past read from `store`."""
    attach_past(cons, past_of(store, cons.year))


# Why a build recorded nothing (StoreOutcome.skipped)
NOTHING_ACCEPTED = "nothing-accepted"  # every file rejected: no figures of the year at all
FINAL_KEPT = "final-kept"  # a draft over a year on record as final, without --replace


@dataclass(frozen=True)
class StoreOutcome:
    """What a build did to the history store, for the CLI to tell the officer.

    `result` is None when nothing was recorded, and `skipped` says why; `final` is the final
    build on record that was kept (FINAL_KEPT) or that this draft replaced (still in the
    store)."""

    path: Path
    result: RecordResult | None
    skipped: str | None = None
    final: BuildRow | None = None


def record_consolidation(cons: Consolidation, path: Path, replace: bool = False) -> StoreOutcome:
    """Record a build's year, unless no file was accepted (a build of nothing, such as the
    forms of another year, must not wipe the year's figures) or, without `replace`, the build
    is a draft and the year is on record as final."""
    from report_gen.model import ACCEPTED

    with open_store(path) as store:
        if not any(r.status == ACCEPTED for r in cons.results):
            return StoreOutcome(path=Path(path), result=None, skipped=NOTHING_ACCEPTED)
        result = record(store, figures_of(cons), keep_final=not replace)
        if result.recorded:
            _record_mappings(store, cons)
        final_id = result.kept_final or result.replaced_final
        final = next((b for b in builds(store, cons.year) if b.id == final_id), None)
    if not result.recorded:
        return StoreOutcome(path=Path(path), result=None, skipped=FINAL_KEPT, final=final)
    return StoreOutcome(path=Path(path), result=result, final=final)


def _record_mappings(store: Store, cons: Consolidation) -> None:
    """Keep the decisions of the folder's mapping file (already read and checked by the
    consolidation) as the year's decisions; without a file, the store's stay as they are."""
    from report_gen.intake.mapping import MAPPING_FILE
    if not (Path(cons.input_dir) / MAPPING_FILE).is_file():
        return
    decisions = load_mapping_file(cons.input_dir, cons.settings.catalogue, cons.settings.units)
    record_mappings(store, cons.year, [(unit, label, d.indicator, d.label)
                                       for (unit, label), d in sorted(decisions.items())])
