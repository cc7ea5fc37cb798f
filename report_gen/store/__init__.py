"""The history store: every year's submissions and consolidated figures in one SQLite file, for
year-over-year comparisons, multi-year trends and the audit trail.

    with open_store(path) as store:
        record(store, figures_of(cons))          # after a build
        province_history(store, before=2012)     # {2011: {...}}
        compare_unit(store, "HA_LONG", 2020, settings.units)
"""

from report_gen.store.compare import (CHANGED, COMPARABLE, ENDED, NEW, NO_DATA, UNKNOWN,
                                      UnitComparison, compare_unit, compare_unit_figures)
from report_gen.store.db import SCHEMA_VERSION, Store, StoreError, open_store
from report_gen.store.imports import ImportFileError, read_review
from report_gen.store.query import (BuildRow, YearState, build_figures, builds,
                                    indicator_series, province_figures, province_history,
                                    submission_models, submission_values, submissions,
                                    unit_figures, unit_series, years)
from report_gen.store.record import RecordResult, SubmissionIn, YearFigures, figures_of, record
from report_gen.store.sent import SentFile, Sending, delivered, record_sending, sendings

DEFAULT_NAME = "report_gen.sqlite"

__all__ = [
    "CHANGED", "COMPARABLE", "ENDED", "NEW", "NO_DATA", "UNKNOWN", "UnitComparison",
    "compare_unit", "compare_unit_figures", "SCHEMA_VERSION", "Store", "StoreError",
    "open_store", "ImportFileError", "read_review", "BuildRow", "build_figures", "builds",
    "YearState", "indicator_series", "province_figures", "province_history",
    "submission_models", "submission_values", "submissions", "unit_figures", "unit_series",
    "years", "RecordResult", "SubmissionIn", "YearFigures", "figures_of", "record",
    "DEFAULT_NAME", "SentFile", "Sending", "delivered", "record_sending", "sendings",
]
