"""Feedback to the units: each unit with errors or rejected files gets its own feedback page
(written by `check`, report_gen.outputs.feedback.write_feedback, as
phan_hoi_<UNIT>_<year>.html in out/phan_hoi_<year>/) as the body of a message to the unit's own
address from the unit list, and to no one else.

The unit of a page and the unit's state are those `check` recorded beside the pages
(report_gen.outputs.feedback.read_index), with each page's sha256: a page renamed, copied under
another unit's name or edited since is not sent."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass, field
from pathlib import Path

from report_gen.config import Settings
from report_gen.deliver.message import new_message, with_html
from report_gen.deliver.outgoing import Outgoing, Refusal
from report_gen.deliver.settings import EmailSettings
from report_gen.model import UNIT_REJECTED, WITH_ERRORS
from report_gen.outputs.feedback import read_index
from report_gen.store.db import Store
from report_gen.store.sent import FEEDBACK, SentFile, delivered

TO_SEND = (WITH_ERRORS, UNIT_REJECTED)


@dataclass
class FeedbackPlan:
    folder: Path
    outgoing: list[Outgoing] = field(default_factory=list)
    no_address: list[str] = field(default_factory=list)  # names of units with no e-mail
    already: list[tuple[str, str, str]] = field(default_factory=list)  # name, address, when
    not_needed: list[str] = field(default_factory=list)  # units with warnings only
    unusable: list[str] = field(default_factory=list)  # pages not sent, with the reason


def folder_of(out_dir: Path, year: int) -> Path:
    """Where `check` writes the pages by default (report_gen.cli.check)."""
    return Path(out_dir) / f"phan_hoi_{year}"


def feedback_plan(out_dir: Path, year: int, settings: Settings, cfg: EmailSettings,
                  store: Store | None, *, again: bool = False) -> FeedbackPlan:
    """One message per unit whose page shows errors or rejected files and that has an address;
    Refusal when `check` has written no page for `year`."""
    folder = folder_of(out_dir, year)
    prefix, suffix = "phan_hoi_", f"_{year}.html"
    pages = sorted(folder.glob(f"{prefix}*{suffix}")) if folder.is_dir() else []
    index = read_index(folder, year) if pages else None
    if index is None:
        raise Refusal(f"Không gửi: chưa có phiếu phản hồi năm {year} trong {folder}. Hãy chạy "
                      f"“report-gen check … --year {year} --feedback {folder}” trước.")
    units = settings.units.in_year(year)
    plan = FeedbackPlan(folder)
    for page in pages:
        code = page.name[len(prefix):-len(suffix)]
        unit = units.get(code)
        if unit is None:
            plan.unusable.append(f"{page.name}: không có đơn vị mã {code} trong danh sách đơn vị")
            continue
        data = page.read_bytes()
        sent = SentFile(page.name, len(data), hashlib.sha256(data).hexdigest())
        entry = index.get(page.name)
        if entry is None or entry.unit != unit.code or entry.sha256 != sent.sha256:
            plan.unusable.append(f"{page.name}: nội dung phiếu không gửi {unit.name}")
            continue
        if entry.state not in TO_SEND:
            plan.not_needed.append(unit.name)
            continue
        if not unit.email:
            plan.no_address.append(unit.name)
            continue
        if store is not None and not again:
            done = delivered(store, year, FEEDBACK, sent.sha256, (unit.email,), unit=unit.code)
            if done:
                plan.already.append((unit.name, unit.email, done[unit.email]))
                continue
        msg = new_message(cfg, (unit.email,), (), f"Phản hồi kiểm tra số liệu phong trào toàn "
                                                  f"dân bảo vệ ANTQ năm {year} – {unit.name}")
        with_html(msg, data.decode("utf-8", errors="replace"))
        plan.outgoing.append(Outgoing(year=year, kind=FEEDBACK, message=msg, files=(sent,),
                                      eml_name=f"thu_phan_hoi_{unit.code}_{year}.eml",
                                      unit=unit.code))
    return plan
