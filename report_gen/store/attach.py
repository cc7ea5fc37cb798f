"""Filling a Consolidation's comparison fields from the store, and recording it."""

from __future__ import annotations

from pathlib import Path

from report_gen.store.compare import compare_unit_figures
from report_gen.store.db import Store, open_store
from report_gen.store.query import province_history, unit_figures
from report_gen.store.record import RecordResult, figures_of, record


def fill_history(cons, store: Store) -> None:
    """Set cons.previous (province figures of year - 1, or None), cons.history (every year on
    record before cons.year, plus cons.year itself from cons) and cons.comparisons (per active
    unit, how it compares with year - 1)."""
    order = {c: i for i, c in enumerate(i.code for i in cons.settings.catalogue.indicators)}

    def ordered(vals: dict) -> dict:
        return dict(sorted(vals.items(), key=lambda kv: (order.get(kv[0], len(order)), kv[0])))

    history = {y: ordered(v) for y, v in province_history(store, before=cons.year).items()}
    history[cons.year] = dict(cons.agg.province)
    cons.history = dict(sorted(history.items()))
    cons.previous = history.get(cons.year - 1)
    previous_units = unit_figures(store, cons.year - 1)
    units = cons.settings.units
    cons.comparisons = {u.code: compare_unit_figures(u.code, cons.year, units, previous_units)
                        for u in units.active(cons.year)}


def read_history(cons, path: Path, create: bool) -> None:
    """fill_history from the store at `path`; without `create`, a missing store is skipped."""
    if not create and not Path(path).exists():
        return
    with open_store(path) as store:
        fill_history(cons, store)


def record_consolidation(cons, path: Path) -> RecordResult:
    with open_store(path) as store:
        return record(store, figures_of(cons))
