"""The officer's decisions on rows the intake cannot place (issue 12: "the officer decides once").

A mapping file (MAPPING_FILE) in the input folder says "this label, from this unit, is that
indicator" or "ignore this row". The decisions are applied before the automatic matching of a
label (never before an exact code match); they are kept in the history store when a build records
the year, and applied to the unit's files of later years. A mapping only says which indicator a
row is: it never changes a number.

Decisions are keyed (unit code or "*", folded label) -> Decision (see report_gen.textnorm.fold)."""

from __future__ import annotations

import json
import tomllib
from dataclasses import dataclass
from pathlib import Path

from report_gen.problems import problem
from report_gen.textnorm import fold

MAPPING_FILE = "anh_xa_chi_tieu.toml"
ANY_UNIT = "*"

HEADER = """\
# TỆP ÁNH XẠ CHỈ TIÊU (anh_xa_chi_tieu.toml)
#
# Dùng khi đơn vị ghi tên chỉ tiêu khác biểu mẫu và chương trình không nhận ra dòng đó.
# Mỗi quyết định của cán bộ tổng hợp là một khối [[rows]] gồm:
#   unit      = mã đơn vị (ví dụ "TIEN_YEN"), hoặc "*" để áp dụng cho mọi đơn vị;
#   label     = tên dòng đúng như đơn vị đã ghi (không phân biệt hoa thường, dấu, khoảng trắng);
#   indicator = mã chỉ tiêu mà dòng đó thuộc về (ví dụ "AT_XA_DAT"),
#   hoặc ignore = true để bỏ qua dòng này (số liệu của dòng không được tổng hợp).
# Mỗi khối ghi đúng một trong hai: indicator hoặc ignore = true.
# Ánh xạ chỉ cho biết dòng thuộc chỉ tiêu nào, không bao giờ thay đổi số liệu.
# Khi lập báo cáo (report-gen build), các quyết định được lưu vào kho lịch sử và tự động
# áp dụng cho tệp của đơn vị đó trong các năm sau; tệp này (nếu có) được ưu tiên hơn kho.
# Lệnh "report-gen map THƯ_MỤC --year NĂM" ghi thêm vào cuối tệp các gợi ý (đang để dạng
# chú thích, bắt đầu bằng #): bỏ dấu # ở các dòng của khối, sửa mã chỉ tiêu nếu cần.
#
# Ví dụ:
# [[rows]]
# unit = "TIEN_YEN"
# label = "Xã đăng ký An toàn về ANTT"
# indicator = "AT_XA_DANG_KY"
"""


class MappingError(ValueError):
    """The mapping file cannot be used; the message is in Vietnamese."""


@dataclass(frozen=True)
class Decision:
    """What a row is: `indicator` (None: ignore the row); `label` as written; `year`: the year
    it was decided when it comes from the history store (None: from the folder's file)."""

    indicator: str | None
    label: str
    year: int | None = None


Mappings = dict[tuple[str, str], Decision]


def key_of(label: str) -> str:
    return fold(label)


def load_mapping_file(folder: Path, catalogue, units) -> Mappings:
    """The decisions of the folder's mapping file ({} without one). Raises MappingError naming
    the entry that is wrong."""
    path = Path(folder) / MAPPING_FILE
    if not path.is_file():
        return {}
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise MappingError(f"tệp {path} không đúng định dạng TOML ({exc}).") from exc
    rows = data.get("rows", [])
    if not isinstance(rows, list) or not all(isinstance(r, dict) for r in rows):
        raise MappingError(f"tệp {path}: mỗi quyết định phải là một khối [[rows]].")
    catalogue = catalogue.all_periods() or catalogue  # an indicator of any year is known
    out: Mappings = {}
    for n, row in enumerate(rows, 1):
        where = f"tệp {path}, khối [[rows]] thứ {n}"
        unit, label = row.get("unit"), row.get("label")
        indicator, ignore = row.get("indicator"), row.get("ignore", False)
        if not isinstance(unit, str) or not unit.strip():
            raise MappingError(f"{where}: thiếu mã đơn vị (unit).")
        unit = unit.strip().upper()
        if unit != ANY_UNIT and units.get(unit) is None:
            raise MappingError(f"{where}: không có đơn vị mã “{unit}” trong danh sách đơn vị.")
        if not isinstance(label, str) or not key_of(label):
            raise MappingError(f"{where}: thiếu tên dòng (label).")
        if not isinstance(ignore, bool):
            raise MappingError(f"{where}: ignore chỉ nhận giá trị true.")
        if (indicator is None) == (ignore is False):
            raise MappingError(f"{where}: phải ghi đúng một trong hai: indicator (mã chỉ tiêu) "
                               "hoặc ignore = true.")
        if indicator is not None:
            if not isinstance(indicator, str) or catalogue.get(indicator.strip().upper()) is None:
                raise MappingError(f"{where}: không có chỉ tiêu mã “{indicator}” trong danh mục "
                                   "chỉ tiêu.")
            indicator = indicator.strip().upper()
        key = (unit, key_of(label))
        if key in out:
            raise MappingError(f"{where}: dòng “{label}” của đơn vị {unit} đã có quyết định ở "
                               "khối trước.")
        out[key] = Decision(indicator, label.strip())
    return out


def merged(stored: Mappings, from_file: Mappings) -> Mappings:
    """The decisions in force: the stored ones, each overridden by the file's for its key."""
    return {**stored, **from_file}


def decision_for(mappings: Mappings, unit: str | None, label: str) -> Decision | None:
    if not mappings or not label:
        return None
    key = key_of(label)
    return mappings.get((unit or "", key)) or mappings.get((ANY_UNIT, key))


def apply(decision: Decision, matcher, ctx, has_value: bool, shown: str, label: str,
          sheet: str, cell: str, problems: list):
    """The indicator a mapped row is placed on, or None when the row is left (ignored, or its
    indicator is not in force in the year: an error when it holds a number)."""
    source = ("tệp ánh xạ (quyết định của cán bộ tổng hợp)" if decision.year is None
              else f"quyết định đã lưu năm {decision.year}")
    if decision.indicator is None:
        if has_value:
            problems.append(problem("row-ignored-by-mapping", sheet=sheet, cell=cell,
                                    value=label, number=shown, source=source))
        return None
    indicator = matcher.by_code(decision.indicator)
    if indicator is None:
        if has_value:
            other = matcher.not_in_force(decision.indicator)  # in the year's words
            problems.append(problem("mapping-not-in-force", sheet=sheet, cell=cell, value=label,
                                    code=decision.indicator,
                                    label=other.label if other else "", year=ctx.year,
                                    number=shown, source=source))
        return None
    if has_value:
        problems.append(problem("label-mapped", sheet=sheet, cell=cell, value=label,
                                code=indicator.code, label=indicator.label, source=source))
    return indicator


# ---------------------------------------------------------------- suggestions (report-gen map)

def toml_string(text: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(text, ensure_ascii=False)


def suggestion(unit: str, label: str, file: str, cell: str, candidates: list[str]) -> str:
    """One commented-out [[rows]] block for an unplaced row, its best candidate filled in."""
    maybe = f" (có thể là: {', '.join(candidates)})" if candidates else ""
    best = candidates[0] if candidates else "MÃ_CHỈ_TIÊU"
    if label.endswith("…"):  # a problem's value is cut at 80 characters
        maybe += f" (tên dòng bị cắt ngắn: chép đủ tên từ ô {cell} vào label)"
    return (f"\n# --- Đơn vị {unit}, tệp {file}, ô {cell}: “{label}”{maybe}\n"
            f"# [[rows]]\n"
            f"# unit = {toml_string(unit)}\n"
            f"# label = {toml_string(label)}\n"
            f"# indicator = {toml_string(best)}    # hoặc: ignore = true\n")


def suggestion_key(unit: str, label: str) -> str:
    """The lines that identify a suggestion already written (so a re-run adds it once)."""
    return f"# unit = {toml_string(unit)}\n# label = {toml_string(label)}\n"
