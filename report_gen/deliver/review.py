"""The review's message: the built PDF (and, when configured, the workbook) to the committee,
after the checks that make sending safe by default. Each refusal says why in Vietnamese:

- no record of a build (report_gen.outputs.manifest), or a review marked DỰ THẢO (unless the
  officer says --draft, and then the subject says so);
- a file that is not what the last build wrote, or inputs changed since (manifest.stale_reasons);
- with require_signed, a review without a copy signed by both roles of this very build;
- attachments over max_size_mb;
- the same PDF already delivered to the same addresses (unless --again)."""

from __future__ import annotations

import datetime as dt
import hashlib
from pathlib import Path

from report_gen import text as vn
from report_gen.config import Settings
from report_gen.deliver.message import (Attachment, decimal, new_message, review_body,
                                        review_subject, size_text, with_attachments)
from report_gen.deliver.outgoing import Outgoing, Refusal
from report_gen.deliver.settings import EmailSettings
from report_gen.outputs import manifest
from report_gen.store.db import Store
from report_gen.store.sent import REVIEW, SentFile, delivered

MIME = {"pdf": "application/pdf",
        "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"}


def review_outgoing(out_dir: Path, year: int, settings: Settings, cfg: EmailSettings,
                    store: Store | None, *, draft: bool = False, again: bool = False
                    ) -> Outgoing:
    """The message that delivers the review of `year` built into `out_dir`; Refusal when it
    must not go. `store` (the trail) tells what was already delivered; None: nothing yet."""
    out_dir = Path(out_dir)
    try:
        m = manifest.load(out_dir, year)
    except manifest.ManifestError as exc:
        raise Refusal(f"Không gửi: {exc}.") from None
    if m.draft and not draft:
        raise Refusal(f"Không gửi: báo cáo năm {year} là DỰ THẢO (còn đơn vị chưa gửi hoặc số "
                      "liệu có lỗi). Lập lại báo cáo khi số liệu đã đủ, hoặc thêm --draft nếu "
                      "cần gửi bản dự thảo (tiêu đề thư sẽ ghi “DỰ THẢO”).")
    keys = ("pdf", "xlsx") if cfg.attach_workbook else ("pdf",)
    reasons = manifest.stale_reasons(m, out_dir, keys)
    attachments = [] if reasons else [_attachment(out_dir, m, k) for k in keys]
    if any(a is None for a in attachments):  # changed between the check and the reading
        reasons = [f"tệp {m.outputs[k].file} đã bị thay đổi sau lần lập báo cáo cuối"
                   for k, a in zip(keys, attachments) if a is None]
    if reasons:
        raise Refusal(f"Không gửi: tệp trong {out_dir} không phải bản của lần lập báo cáo cuối "
                      "từ số liệu hiện có:\n" + "\n".join(f"  - {r}" for r in reasons)
                      + f"\nHãy chạy lại “report-gen build … --year {year} --out {out_dir}” "
                      "rồi gửi.")
    signed = _signed_if_any(out_dir, m)
    if signed is None and cfg.require_signed:
        raise Refusal("Không gửi: mục [email] đặt require_signed = true (chỉ gửi báo cáo đã ký "
                      f"số) nhưng báo cáo năm {year} chưa có bản ký số đủ chữ ký của người có "
                      "thẩm quyền và của cơ quan trên đúng bản lập lần cuối. Hãy ký: “report-gen "
                      f"sign --year {year} --as person” rồi “report-gen sign --year {year} --as "
                      "organisation”, sau đó gửi.")
    attachments[0] = signed or attachments[0]
    total = sum(a.size for a in attachments)
    if total > cfg.max_bytes:
        raise Refusal(f"Không gửi: tệp đính kèm {size_text(total)}, quá giới hạn "
                      f"{decimal(cfg.max_size_mb)} MB (max_size_mb trong mục [email]).")
    subject = review_subject(m.subject, m.draft)
    msg = new_message(cfg, cfg.to, cfg.cc, subject)
    with_attachments(msg, review_body(settings.document.issuing_body, m.number,
                                      dt.date.fromisoformat(m.date), m.subject, attachments,
                                      m.draft), attachments)
    pdf = attachments[0]
    if store is not None and not again:
        already = delivered(store, year, REVIEW, pdf.sha256, cfg.to + cfg.cc)
        if already:
            where = "; ".join(f"{a} ({vn.moment(t)})" for a, t in already.items())
            raise Refusal(f"Không gửi: báo cáo {pdf.name} này (cùng nội dung) đã được gửi đến "
                          f"{where}. Thêm --again nếu thật sự cần gửi lại.")
    return Outgoing(year=year, kind=REVIEW, message=msg, eml_name=f"thu_bao_cao_{year}.eml",
                    files=tuple(SentFile(a.name, a.size, a.sha256) for a in attachments),
                    draft=m.draft)


def _signed_if_any(out_dir: Path, m: manifest.Manifest) -> Attachment | None:
    """The review signed by both the signer and the organisation (report-gen sign), when its
    signed copy is of this very build: an electronic document is the signed one."""
    from report_gen.sign.document import fully_signed, signed_path
    data = fully_signed(out_dir, m)
    return None if data is None else Attachment(signed_path(out_dir, m.year).name, data,
                                                MIME["pdf"])


def _attachment(out_dir: Path, m: manifest.Manifest, key: str) -> Attachment | None:
    """The output `key` as recorded by the build; None when its bytes no longer match."""
    rec = m.outputs[key]
    data = (out_dir / rec.file).read_bytes()
    if hashlib.sha256(data).hexdigest() != rec.sha256:
        return None
    return Attachment(rec.file, data, MIME[key])
