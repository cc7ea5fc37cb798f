"""What reading a file needs to know: the year, the catalogue and the unit list."""

from __future__ import annotations

from dataclasses import dataclass

from report_gen.reference.catalogue import Catalogue
from report_gen.reference.units import UnitList


@dataclass(frozen=True)
class IntakeContext:
    year: int
    catalogue: Catalogue
    units: UnitList
