"""Per-unit comparisons across map changes. Province totals compare directly from year to year;
a unit's figures compare only when the unit covers the same ground in both years. When units
were merged into it (Hoành Bồ into Hạ Long in 2020), or it is new, or it no longer reports, the
comparison says so instead of comparing unlike things."""

from __future__ import annotations

from dataclasses import dataclass

from report_gen.reference.units import Unit, UnitList

Number = float | int | None

COMPARABLE = "comparable"  # same unit, same ground: compare `previous` directly
CHANGED = "changed"        # units merged into it since last year
NEW = "new"                # the unit did not report last year
ENDED = "ended"            # the unit no longer reports this year (merged or abolished)
NO_DATA = "no-data"        # comparable, but last year's figures are not on record
UNKNOWN = "unknown"        # not in the unit list


@dataclass(frozen=True)
class UnitComparison:
    unit: str
    year: int
    status: str
    note: str = ""  # Vietnamese, for the review; "" when comparable
    # Figures of year - 1 to compare with: the unit's own when comparable; when units were merged
    # into it, the sum of the unit and those units (only when all of them reported), else None.
    previous: dict[str, Number] | None = None
    merged: tuple[str, ...] = ()

    @property
    def comparable(self) -> bool:
        return self.status == COMPARABLE

    @property
    def previous_year(self) -> int:
        return self.year - 1


def compare_unit_figures(unit: str, year: int, units: UnitList,
                         previous_units: dict[str, dict[str, Number]] | None) -> UnitComparison:
    """Compare `unit` in `year` with year - 1, given {unit: figures} of year - 1 (or None)."""
    py = year - 1
    u = units.get(unit)
    if u is None:
        return UnitComparison(unit, year, UNKNOWN,
                              f"Mã đơn vị “{unit}” không có trong danh sách đơn vị báo cáo.")
    if not u.active(year):
        return UnitComparison(unit, year, ENDED, _ended_note(u, year, units))
    if not u.active(py):
        return UnitComparison(unit, year, NEW,
                              f"{u.name} là đơn vị báo cáo mới từ năm {year}; không có số liệu "
                              f"năm {py} để so sánh.")
    merged = [v for v in units.units if v.merged_into == unit and v.active(py)
              and not v.active(year)]
    if merged:
        names = ", ".join(v.name for v in merged)
        combined = _combined([unit] + [v.code for v in merged], previous_units)
        note = (f"Từ năm {year}, {names} sáp nhập vào {u.name} nên số liệu của {u.name} không "
                f"so sánh trực tiếp được với năm {py}")
        note += (f"; đối chiếu với tổng số liệu năm {py} của {u.name} và {names}."
                 if combined is not None else ".")
        return UnitComparison(unit, year, CHANGED, note, combined, tuple(v.code for v in merged))
    if not previous_units or unit not in previous_units:
        return UnitComparison(unit, year, NO_DATA,
                              f"Chưa có số liệu năm {py} của {u.name} để so sánh.")
    return UnitComparison(unit, year, COMPARABLE, "", dict(previous_units[unit]))


def compare_unit(store, unit: str, year: int, units: UnitList) -> UnitComparison:
    """compare_unit_figures with year - 1 read from the history store."""
    from report_gen.store.query import unit_figures
    return compare_unit_figures(unit, year, units, unit_figures(store, year - 1))


def _ended_note(u: Unit, year: int, units: UnitList) -> str:
    target = units.get(u.merged_into) if u.merged_into else None
    since = ""
    if u.valid_to:  # the first year whose reference day (the unit list's) falls after valid_to
        first = u.valid_to.year + (1 if u.active(u.valid_to.year) else 0)
        since = f" từ năm {first}"
    if target:
        return (f"{u.name} đã sáp nhập vào {target.name}{since}; số liệu năm {year} của địa bàn "
                f"này nằm trong số liệu của {target.name}.")
    return f"{u.name} không còn là đơn vị báo cáo{since}."


def _combined(codes: list[str], previous_units: dict[str, dict[str, Number]] | None
              ) -> dict[str, Number] | None:
    if not previous_units or any(c not in previous_units for c in codes):
        return None
    parts = [previous_units[c] for c in codes]
    out: dict[str, Number] = {}
    for key in parts[0]:
        vals = [p.get(key) for p in parts]
        out[key] = None if any(v is None for v in vals) else sum(vals)  # type: ignore[misc]
    return out
