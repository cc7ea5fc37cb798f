"""Feedback for the reporting units and the overview of a `check` run.

For each unit whose submission has errors or warnings, a Vietnamese letter from the committee
(an HTML page the officer e-mails back, report_gen.deliver.feedback): the issuing body and the
date, "Kính gửi" the unit, each problem with file, sheet, cell, the row's indicator by name, the
value found and what is expected, the date by which the corrected file is due ([document]
correction_days) and whom to call ([document] contact). Pages of earlier checks for units that
need none now are moved into `cu/`, so they are not sent again. And one overview page: units
clean, with errors, missing; files that belong to no unit.
Every piece of text that came from a submission is HTML-escaped."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import re
from dataclasses import dataclass, field
from html import escape
from pathlib import Path
from typing import Mapping

from report_gen.model import (CLEAN, IGNORED, MISSING, REJECTED, STATE_VI, STATUS_VI,
                              SUPERSEDED, UNIT_REJECTED, UNIT_STATES, WITH_ERRORS, Consolidation,
                              FileResult)
from report_gen import text as vn
from report_gen.outputs.atomic import write_bytes, write_text
from report_gen.problems import ERROR, INFO, Problem

# Where earlier pages go when their unit needs none now (not sent again by send --feedback).
OLD_PAGES = "cu"

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


@dataclass(frozen=True)
class Letter:
    """What a feedback page says besides the problems: who writes, when, by when the corrected
    file is due, whom to call, and the indicators' labels that replace their codes."""

    issuing_parent: str = ""
    issuing_body: str = ""
    place: str = ""
    date: dt.date | None = None
    due: dt.date | None = None
    contact: str = ""
    labels: Mapping[str, str] = field(default_factory=dict)  # {indicator code: label}
    communes: str = "số xã, phường của đơn vị"  # what `communes` in a rule stands for


def letter_of(cons: Consolidation, today: dt.date | None = None) -> Letter:
    """The letter's details from the document settings, dated `today` (the check's day)."""
    doc = cons.settings.document
    today = today or dt.date.today()
    labels = {i.code: i.label for i in cons.settings.catalogue.for_year(cons.year)}
    return Letter(issuing_parent=doc.issuing_parent, issuing_body=doc.issuing_body,
                  place=doc.place, date=today, due=doc.correction_due(today),
                  contact=doc.contact, labels=labels,
                  communes=cons.settings.catalogue.say("số {communes} của đơn vị", cons.year))


def indicator_name(label: str) -> str:
    """An indicator's label as a name standing alone: "– trong đó: mô hình cấp tỉnh" → "Mô hình
    cấp tỉnh"."""
    name = re.sub(r"^[\s–-]*(trong đó\s*:)?\s*", "", label, flags=re.I)
    return name[:1].upper() + name[1:]


@dataclass
class Overview:
    year: int
    units: list[UnitState]
    orphans: list[FileResult]  # rejected files that belong to no known unit
    ignored: list[FileResult]
    feedback_files: dict[str, Path] = field(default_factory=dict)
    overview_file: Path | None = None
    moved: list[Path] = field(default_factory=list)  # earlier pages moved into cu/

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


def write_feedback(cons, out_dir: Path, today: dt.date | None = None) -> Overview:
    """Write one page per unit with problems and the overview page; return the overview. Pages
    of an earlier check for units with none now are moved into `cu/` (ov.moved)."""
    ov = overview(cons)
    out_dir = Path(out_dir)
    letter = letter_of(cons, today)
    index = []
    for unit in ov.units:
        if unit.problems:
            path = out_dir / f"phan_hoi_{unit.code}_{cons.year}.html"
            page = unit_page(unit, cons.year, letter).encode("utf-8")
            if not _holds(path, page):  # a page unchanged since the last check keeps its time
                write_bytes(path, page, durable=False)  # check rewrites them
            ov.feedback_files[unit.code] = path
            index.append({"file": path.name, "unit": unit.code, "state": unit.state,
                          "sha256": hashlib.sha256(page).hexdigest()})
    write_text(index_path(out_dir, cons.year), json.dumps(
        {"year": cons.year, "pages": index}, ensure_ascii=False, indent=1) + "\n", durable=False)
    ov.moved = _move_stale(out_dir, cons.year, set(ov.feedback_files.values()))
    ov.overview_file = out_dir / f"tong_quan_{cons.year}.html"
    write_text(ov.overview_file, overview_page(ov, cons))
    return ov


def _holds(path: Path, data: bytes) -> bool:
    """True when the file at `path` already holds exactly `data`."""
    try:
        return path.stat().st_size == len(data) and path.read_bytes() == data
    except OSError:
        return False


INDEX = "phieu_phan_hoi_{year}.json"


@dataclass(frozen=True)
class PageEntry:
    """A feedback page as `check` wrote it: its unit, that unit's state, the page's sha256."""
    unit: str
    state: str
    sha256: str


def index_path(out_dir: Path, year: int) -> Path:
    """The list of the pages one check wrote (each unit's state as check decided it), for
    `send --feedback`, which then never reads a state back out of a page."""
    return Path(out_dir) / INDEX.format(year=year)


def read_index(out_dir: Path, year: int) -> dict[str, PageEntry] | None:
    """{page file name: PageEntry} of the last check into `out_dir`; None without one."""
    try:
        data = json.loads(index_path(out_dir, year).read_text(encoding="utf-8"))
        return {str(p["file"]): PageEntry(str(p["unit"]), str(p["state"]), str(p["sha256"]))
                for p in data["pages"]}
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _move_stale(out_dir: Path, year: int, current: set[Path]) -> list[Path]:
    """Move the year's pages this check did not write into out_dir/cu/ (replacing an older copy
    there); return where they went."""
    moved = []
    for page in sorted(out_dir.glob(f"phan_hoi_*_{year}.html")):
        if page in current or not page.is_file():
            continue
        target = out_dir / OLD_PAGES / page.name
        target.parent.mkdir(exist_ok=True)
        os.replace(page, target)
        moved.append(target)
    return moved


_CSS = """body{font-family:'Times New Roman',serif;font-size:13pt;max-width:60em;margin:2em auto}
table{border-collapse:collapse;width:100%}td,th{border:1px solid #444;padding:4px;
vertical-align:top}th{background:#dde7f0}.loi{color:#b00}.cb{color:#a60}
.dau-thu td{border:none;text-align:center;width:50%}h1{text-align:center;font-size:14pt;
margin-bottom:0}.trich-yeu{text-align:center;margin-top:0}"""


def _page(title: str, body: str) -> str:
    return (f'<!DOCTYPE html>\n<html lang="vi"><head><meta charset="utf-8">'
            f"<title>{escape(title)}</title><style>{_CSS}</style></head><body>\n"
            f"{body}\n</body></html>\n")


def expected_of(p: Problem) -> str:
    return p.expected or EXPECTED.get(p.code, "")


def unit_page(unit: UnitState, year: int, letter: Letter | None = None) -> str:
    """The committee's letter to one unit: what to fix, cell by cell, and by when.
    report_gen.deliver.feedback reads its "Kính gửi: …." and "Tình trạng báo cáo của đơn vị:
    <strong>…</strong>" lines: keep them as they are."""
    letter = letter or Letter()
    n_err = sum(1 for _, p in unit.problems if p.severity == ERROR)
    rows = []
    for i, (r, p) in enumerate(unit.problems, 1):
        sev = ('<span class="loi">Lỗi</span>' if p.severity == ERROR
               else '<span class="cb">Cảnh báo</span>')
        # a rule's value is the tool's own "MH_TONG = 9"; other values are what the unit wrote
        value = named(p.value or "", letter) if p.code == "rule" else p.value or ""
        code = row_indicator(r, p)
        indicator = indicator_name(letter.labels[code]) if code in letter.labels else ""
        rows.append("<tr>" + "".join(f"<td>{x}</td>" for x in (
            i, sev, escape(r.file), escape(p.sheet or ""), escape(p.cell or ""),
            escape(indicator), escape(value), escape(named(p.message, letter)),
            escape(named(expected_of(p), letter)))) + "</tr>")
    head = "".join(f"<th>{h}</th>" for h in ("TT", "Mức", "Tệp", "Trang tính", "Ô", "Chỉ tiêu",
                                              "Giá trị đã ghi", "Nội dung", "Cần ghi"))
    intro = (f"<p>Kính gửi: {escape(unit.name)}.</p><p>Qua kiểm tra biểu thống kê kết quả "
             f"phong trào toàn dân bảo vệ ANTQ năm {year} của đơn vị, Ban Chỉ đạo thấy "
             f"{len(unit.problems)} điểm cần xem lại ({n_err} lỗi phải sửa), nêu trong bảng "
             "dưới đây.</p>")
    intro += f"<p>Tình trạng báo cáo của đơn vị: <strong>{STATE_VI[unit.state]}</strong>.</p>"
    body = (f"{_letter_head(letter)}<h1>PHIẾU PHẢN HỒI</h1><p class=\"trich-yeu\"><strong>Kết "
            f"quả kiểm tra số liệu phong trào toàn dân bảo vệ ANTQ năm {year}</strong></p>"
            f"{intro}<table><thead><tr>{head}</tr></thead><tbody>{''.join(rows)}</tbody>"
            f"</table>{_closing(letter, n_err, unit.state)}")
    return _page(f"Phản hồi số liệu năm {year} – {unit.name}", body)


def _letter_head(letter: Letter) -> str:
    """The issuing body (left) and the place and date (right), as an administrative letter."""
    left = "".join(f"<div>{escape(line)}</div>" for line in letter.issuing_parent.splitlines())
    left += "".join(f"<div><strong>{escape(line)}</strong></div>"
                    for line in letter.issuing_body.splitlines())
    when = vn.official_date(letter.date) if letter.date else ""
    right = ("<div><strong>CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM</strong></div>"
             "<div><strong>Độc lập - Tự do - Hạnh phúc</strong></div>"
             + (f"<div><em>{escape(letter.place)}, {when}</em></div>" if when else ""))
    return (f'<table class="dau-thu"><tr><td>{left}</td><td>{right}</td></tr></table>'
            if left or when else "")


def _closing(letter: Letter, n_err: int, state: str) -> str:
    """What the unit is asked to do and by when, and whom to call."""
    due = f" trước ngày {vn.short_date(letter.due)}" if letter.due else ""
    if n_err or state == UNIT_REJECTED:
        ask = (f"Đề nghị đơn vị sửa các lỗi nêu trên và gửi lại biểu đã sửa về Ban Chỉ đạo{due}"
               "; số liệu có lỗi chưa được tổng hợp vào báo cáo của tỉnh.")
    else:
        ask = ("Đề nghị đơn vị kiểm tra các điểm cảnh báo nêu trên; nếu số liệu có sai sót, gửi "
               f"lại biểu đã sửa về Ban Chỉ đạo{due}.")
    text = f"<p>{escape(ask)}</p>"
    if letter.contact:
        text += f"<p>Mọi vướng mắc xin liên hệ: {escape(letter.contact)}.</p>"
    return text


def row_indicator(r: FileResult, p: Problem) -> str | None:
    """The indicator of the row a problem is on (its sheet and row number in the file's cells),
    None when the row is not an indicator's."""
    m = re.fullmatch(r"[A-Z]+(\d+)", p.cell or "")
    if not m:
        return None
    for code, (sheet, cell) in r.cells.items():
        if sheet == p.sheet and re.sub(r"^[A-Z]+", "", cell) == m.group(1):
            return code
    return None


def named(text: str, letter: Letter) -> str:
    """`text` with indicator codes replaced by their names in quotes: "MH_TONG bằng MH_TINH +
    MH_HUYEN" → "“Tổng số mô hình tự quản về ANTT” bằng “Mô hình cấp tỉnh” + “Mô hình cấp
    huyện”"; a code already followed by its label ("MH_TONG “…”", "MH_TONG (…)") keeps only the
    name; a rule's `communes` becomes "số xã, phường, thị trấn của đơn vị"."""
    labels = letter.labels
    if not labels or not text:
        return text
    text = re.sub(r"\bcommunes\b", letter.communes, text)
    for code in set(_CODE.findall(text)) & labels.keys():
        label, name = labels[code], indicator_name(labels[code])
        for pair in (f"{code} “{label}”", f"{code} ({label})"):
            text = text.replace(pair, f"“{name}”")
    return _CODE.sub(lambda m: f"“{indicator_name(labels[m.group(1)])}”"
                     if m.group(1) in labels else m.group(0), text)


_CODE = re.compile(r"\b([A-Z][A-Z0-9]*(?:_[A-Z0-9]+)+)\b")


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
