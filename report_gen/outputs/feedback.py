"""Feedback for the reporting units and the overview of a `check` run.

For each unit whose submission has errors or warnings, a short Vietnamese HTML page the officer
can e-mail back: each problem with file, sheet, cell, the value found and what is expected.
And one overview page: units clean, with errors, missing; files that belong to no unit.
Every piece of text that came from a submission is HTML-escaped."""

from __future__ import annotations

from dataclasses import dataclass, field
from html import escape
from pathlib import Path

from report_gen.model import (CLEAN, IGNORED, MISSING, REJECTED, STATE_VI, STATUS_VI,
                              SUPERSEDED, UNIT_REJECTED, UNIT_STATES, WITH_ERRORS, Consolidation,
                              FileResult)
from report_gen.outputs.atomic import write_text
from report_gen.problems import ERROR, INFO, Problem

# What a cell should hold, by problem code, when the problem itself does not say it.
EXPECTED: dict[str, str] = {
    "value-not-number": "một số không âm; để trống nếu không có số liệu",
    "value-negative": "số không âm",
    "value-not-whole": "số nguyên",
    "value-absurd": "số liệu thực tế của đơn vị",
    "value-error-cell": "một số (sửa công thức bị lỗi hoặc ghi số trực tiếp)",
    "value-formula-unevaluated": "một số (ghi số trực tiếp hoặc lưu lại tệp bằng Excel)",
    "value-duplicate": "mỗi chỉ tiêu chỉ ghi một dòng",
    "value-unit-mismatch": "số liệu đúng đơn vị tính của chỉ tiêu",
    "label-unmatched": "tên chỉ tiêu đúng như biểu mẫu (hoặc giữ cột mã chỉ tiêu)",
    "label-ambiguous": "tên chỉ tiêu đúng như biểu mẫu (hoặc giữ cột mã chỉ tiêu)",
    "code-unknown": "mã chỉ tiêu có trong biểu mẫu",
    "cell-extra": "số liệu chỉ ghi ở cột số liệu của năm báo cáo",
    "unit-unknown": "tên đơn vị đúng như danh sách đơn vị báo cáo",
    "unit-ambiguous": "tên đơn vị có dấu, đúng như danh sách đơn vị báo cáo, hoặc mã đơn vị",
    "unit-conflict": "tên đơn vị trong biểu và tên tệp thống nhất",
    "file-unreadable": "tệp bảng tính (.xlsx, .xls, .ods) mở được, không đặt mật khẩu",
    "file-empty-form": "biểu mẫu đã ghi số liệu",
    "file-no-form": "biểu mẫu do Ban Chỉ đạo phát hành",
    "year-mismatch": "biểu của đúng năm báo cáo",
    # "model-level-invalid": the problem carries it (the catalogue's register levels)
    "model-count-mismatch": "số mô hình trong danh sách khớp với chỉ tiêu",
    "text-legacy": "phông chữ Unicode (Times New Roman)",
    "label-matched": "tên chỉ tiêu đúng như biểu mẫu (không bắt buộc: dòng đã được hiểu đúng)",
    "indicator-not-in-force": "chỉ các chỉ tiêu của biểu mẫu năm báo cáo",
    "answer-invalid": "một câu trả lời trong danh sách chọn của ô",
    "file-empty": "tệp biểu số liệu có nội dung",
}


@dataclass
class UnitState:
    code: str
    name: str
    state: str
    files: list[FileResult] = field(default_factory=list)

    @property
    def problems(self) -> list[tuple[FileResult, Problem]]:
        return [(r, p) for r in self.files for p in r.problems if p.severity != INFO]


@dataclass
class Overview:
    year: int
    units: list[UnitState]
    orphans: list[FileResult]  # rejected files that belong to no known unit
    ignored: list[FileResult]
    feedback_files: dict[str, Path] = field(default_factory=dict)
    overview_file: Path | None = None

    def by_state(self, state: str) -> list[UnitState]:
        return [u for u in self.units if u.state == state]


def overview(cons: Consolidation) -> Overview:
    """Each expected unit with its state (cons.unit_status) and the files it sent."""
    sent: dict[str | None, list[FileResult]] = {}
    for r in cons.results:
        if r.status != SUPERSEDED:
            sent.setdefault(r.unit, []).append(r)
    active = cons.settings.units.active(cons.year)
    units = [UnitState(u.code, u.name, cons.unit_status[u.code], sent.get(u.code, []))
             for u in active]
    known = {u.code for u in active}
    orphans = [r for r in cons.results if r.status == REJECTED and r.unit not in known]
    ignored = [r for r in cons.results if r.status == IGNORED]
    return Overview(cons.year, units, orphans, ignored)


def write_feedback(cons, out_dir: Path) -> Overview:
    """Write one page per unit with problems and the overview page; return the overview."""
    ov = overview(cons)
    out_dir = Path(out_dir)
    for unit in ov.units:
        if unit.problems:
            path = out_dir / f"phan_hoi_{unit.code}_{cons.year}.html"
            write_text(path, unit_page(unit, cons.year), durable=False)  # check rewrites them
            ov.feedback_files[unit.code] = path
    ov.overview_file = out_dir / f"tong_quan_{cons.year}.html"
    write_text(ov.overview_file, overview_page(ov, cons))
    return ov


_CSS = """body{font-family:'Times New Roman',serif;font-size:13pt;max-width:60em;margin:2em auto}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #444;padding:4px;
vertical-align:top}th{background:#dde7f0}.loi{color:#b00}.cb{color:#a60}"""


def _page(title: str, body: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="vi"><head><meta charset="utf-8">'
            f"<title>{escape(title)}</title><style>{_CSS}</style></head><body>\n"
            f"{body}\n</body></html>\n")


def expected_of(p: Problem) -> str:
    return p.expected or EXPECTED.get(p.code, "")


def unit_page(unit: UnitState, year: int) -> str:
    """The feedback to one unit: what to fix, cell by cell."""
    n_err = sum(1 for _, p in unit.problems if p.severity == ERROR)
    rows = []
    for i, (r, p) in enumerate(unit.problems, 1):
        sev = ('<span class="loi">Lỗi</span>' if p.severity == ERROR
               else '<span class="cb">Cảnh báo</span>')
        rows.append("<tr>" + "".join(f"<td>{x}</td>" for x in (
            i, sev, escape(r.file), escape(p.sheet or ""), escape(p.cell or ""),
            escape(p.value or ""), escape(p.message), escape(expected_of(p)))) + "</tr>")
    head = "".join(f"<th>{h}</th>" for h in ("TT", "Mức", "Tệp", "Sheet", "Ô", "Giá trị đã ghi",
                                              "Nội dung", "Cần ghi"))
    intro = (f"<p>Kính gửi: {escape(unit.name)}.</p><p>Qua kiểm tra biểu thống kê kết quả "
             f"phong trào toàn dân bảo vệ ANTQ năm {year} của đơn vị, Ban Chỉ đạo thấy "
             f"{len(unit.problems)} điểm cần xem lại ({n_err} lỗi phải sửa). "
             "Đề nghị đơn vị kiểm tra, sửa các ô dưới đây và gửi lại biểu"
             f"{' (lỗi phải sửa thì số liệu mới được tổng hợp)' if n_err else ''}.</p>")
    intro += f"<p>Tình trạng báo cáo của đơn vị: <strong>{STATE_VI[unit.state]}</strong>.</p>"
    body = (f"<h1>Phản hồi kiểm tra số liệu năm {year}</h1>{intro}"
            f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody></table>")
    return _page(f"Phản hồi số liệu năm {year} – {unit.name}", body)


def overview_page(ov: Overview, cons) -> str:
    parts = [f"<h1>Tổng quan kiểm tra số liệu năm {ov.year}</h1>", f"<p>{escape(summary(ov))}</p>"]
    for state in UNIT_STATES:
        units = ov.by_state(state)
        parts.append(f"<h2>{STATE_VI[state]}: {len(units)} đơn vị</h2>")
        if not units:
            continue
        items = []
        for u in units:
            files = ", ".join(f"{escape(r.file)} ({_status_vi(r)})" for r in u.files)
            n_err = sum(1 for _, p in u.problems if p.severity == ERROR)
            n_warn = len(u.problems) - n_err
            fb = ov.feedback_files.get(u.code)
            link = f' – <a href="{escape(fb.name)}">phản hồi</a>' if fb else ""
            counts = f" – {n_err} lỗi, {n_warn} cảnh báo" if u.problems else ""
            items.append(f"<li>{escape(u.name)}{': ' + files if files else ''}{counts}{link}</li>")
        parts.append("<ul>" + "".join(items) + "</ul>")
    if ov.orphans:
        parts.append("<h2>Tệp bị từ chối, không rõ đơn vị</h2><ul>" + "".join(
            f"<li>{escape(r.file)}: {escape(r.reason)}</li>" for r in ov.orphans) + "</ul>")
    if ov.ignored:
        parts.append("<h2>Tệp bỏ qua</h2><ul>" + "".join(
            f"<li>{escape(r.file)}: {escape(r.reason)}</li>" for r in ov.ignored) + "</ul>")
    superseded = [r for r in cons.results if r.status == SUPERSEDED]
    if superseded:
        parts.append("<h2>Bản cũ bị thay thế</h2><ul>" + "".join(
            f"<li>{escape(r.file)}: {escape(r.reason)}</li>" for r in superseded) + "</ul>")
    return _page(f"Tổng quan kiểm tra số liệu năm {ov.year}", "\n".join(parts))


def summary(ov: Overview) -> str:
    rejected = len(ov.by_state(UNIT_REJECTED))
    return (f"{len(ov.by_state(CLEAN))} đơn vị đạt, {len(ov.by_state(WITH_ERRORS))} đơn vị có "
            f"lỗi, {len(ov.by_state(MISSING))} đơn vị chưa gửi"
            f"{f', {rejected} đơn vị có tệp bị từ chối' if rejected else ''}; "
            f"{len(ov.orphans)} tệp không rõ đơn vị, {len(ov.ignored)} tệp bỏ qua.")


def _status_vi(r: FileResult) -> str:
    return STATUS_VI.get(r.status, r.status)
