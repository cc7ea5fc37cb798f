"""tong_hop_Y.json: the contract other tools read (see README)."""

from __future__ import annotations

import json
from pathlib import Path

from report_gen.aggregate import unit_values
from report_gen.model import Consolidation
from report_gen.outputs.atomic import atomic_path
from report_gen.review.figures import figures


def to_dict(cons: Consolidation) -> dict:
    cat = cons.settings.catalogue
    return {
        "year": cons.year,
        "province": cons.agg.province,
        "units": {u: unit_values(cons.agg, u, cat) for u in cons.agg.table.index},
        # what units answered about themselves ("Có", "Khá"), counted in "units" and "province"
        "answers": {r.unit: dict(r.answers) for r in cons.accepted if r.unit and r.answers},
        "models": [m.to_dict() for m in cons.agg.models],
        "intake": [r.ledger() for r in cons.results],
        "missing_units": list(cons.agg.missing_units),
        # per indicator: units expected to report it, those whose value is in the total, and
        # the others (absent units too), e.g. {"reported": 14, "expected": 15, "missing": [...]}
        "coverage": {code: c.to_dict() for code, c in figures(cons).coverage.items()},
        "draft": cons.is_draft,
        "problems": [p.to_dict() for p in cons.province_problems],
        "unit_status": dict(cons.unit_status),
        "previous_year": cons.year - 1 if cons.previous is not None else None,
        "previous": cons.previous,
        "history_years": sorted(cons.history),
        "built_at": cons.built_at.isoformat(),
        "catalogue_version": cat.version,
        "tool_version": cons.version,
    }


KEY = "json"
FILENAME = "tong_hop_{year}.json"


def write(job, path: Path) -> None:
    write_json(job.cons, path)


def write_json(cons: Consolidation, path: Path) -> None:
    """Streamed into the file: at national scale the text would be a few hundred MB in memory."""
    with atomic_path(path) as tmp, open(tmp, "w", encoding="utf-8") as fh:
        json.dump(to_dict(cons), fh, ensure_ascii=False, indent=1)
        fh.write("\n")
