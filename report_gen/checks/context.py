"""What checks may look at besides the figures they check."""

from __future__ import annotations

from dataclasses import dataclass

from report_gen.model import Number
from report_gen.reference.catalogue import Catalogue
from report_gen.reference.units import UnitList


@dataclass(frozen=True)
class CheckContext:
    """What checks may look at besides the figures they check."""

    year: int
    catalogue: Catalogue
    units: UnitList
    previous_units: dict[str, dict[str, Number]] | None = None  # {unit: figures of year - 1}
    previous: dict[str, Number] | None = None  # province figures of year - 1
