"""The register of models (danh sách mô hình): the sheet whose header names the model, its level,
field, place, year founded and whether it is typical, found by what its header cells say, and
read into ModelEntry rows."""

from __future__ import annotations

from dataclasses import dataclass

from report_gen.intake.context import IntakeContext
from report_gen.intake.locate import folded_rows, text_of
from report_gen.intake.numbers import parse_value
from report_gen.intake.read import Grid, cell_ref
from report_gen.intake.values import at
from report_gen.model import FileResult, ModelEntry
from report_gen.problems import problem
from report_gen.textnorm import fold, nfc

REGISTER_COLUMNS = {
    "name": ("ten mo hinh", "mo hinh", "ten"),
    "level": ("cap",),
    "field": ("linh vuc",),
    "commune": ("xa phuong noi hoat dong", "noi hoat dong", "dia ban", "xa phuong"),
    "founded": ("nam thanh lap", "thanh lap", "nam"),
    "typical": ("dien hinh",),
}


@dataclass
class RegisterLayout:
    header_row: int
    columns: dict[str, int]


def find_register(grid: Grid) -> RegisterLayout | None:
    for r, folded in enumerate(folded_rows(grid)):
        if not any(t.startswith("ten mo hinh") for t in folded):
            continue
        columns: dict[str, int] = {}
        for key, names in REGISTER_COLUMNS.items():
            for c, t in enumerate(folded):
                if c in columns.values() or not t:
                    continue
                if any(t == n or t.startswith(n + " ") for n in names):
                    columns[key] = c
                    break
        if "name" in columns and "level" in columns:
            return RegisterLayout(header_row=r, columns=columns)
    return None


def read_register(grid: Grid, layout: RegisterLayout, result: FileResult,
                  ctx: IntakeContext) -> None:
    """The models listed below the register's header row into result.models; a row without a
    name or with a level the catalogue does not know is a problem at its cell."""
    cols = layout.columns
    levels = {fold(name): name for name, _ in ctx.catalogue.register.levels}
    for r in range(layout.header_row + 1, len(grid.rows)):
        row = grid.rows[r]
        get = {k: text_of(at(row, c)) for k, c in cols.items()}
        if not any(v for k, v in get.items()):
            continue
        name = get.get("name", "")
        if not name:
            if get.get("level") or get.get("field"):
                result.problems.append(problem("model-name-missing", sheet=grid.name,
                                               cell=cell_ref(r, cols["name"])))
            continue
        level_key = fold(get.get("level", "")).removeprefix("cap ").strip()
        level = levels.get(level_key)
        if level is None:
            register = ctx.catalogue.register
            result.problems.append(problem(
                "model-level-invalid", sheet=grid.name, cell=cell_ref(r, cols["level"]),
                value=get.get("level", ""), levels=register.level_list(),
                expected=f"cấp mô hình là {register.level_list(last=' hoặc ')}"))
            continue
        founded = None
        if get.get("founded"):
            parsed = parse_value(get["founded"], True)
            if parsed.value is not None and 1900 <= parsed.value <= ctx.year:
                founded = int(parsed.value)
        typical = fold(get.get("typical", "")) in ("co", "x", "1", "yes", "dien hinh", "v")
        result.models.append(ModelEntry(
            unit=result.unit or "", name=nfc(name), level=level, field=get.get("field") or None,
            commune=get.get("commune") or None, founded=founded, typical=typical,
            sheet=grid.name, cell=cell_ref(r, cols["name"])))
