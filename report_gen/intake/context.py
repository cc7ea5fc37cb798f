"""What reading a file needs to know: the year, the catalogue, the unit list and the officer's
decisions on rows (report_gen.intake.mapping)."""

from __future__ import annotations

from dataclasses import dataclass, field

from report_gen.reference.catalogue import Catalogue
from report_gen.reference.units import UnitList


@dataclass(frozen=True)
class IntakeContext:
    year: int
    catalogue: Catalogue
    units: UnitList
    # the officer's decisions on rows: (unit code or "*", folded label) -> Decision
    # (report_gen.intake.mapping; the folder's file over the history store's)
    mappings: dict = field(default_factory=dict)
