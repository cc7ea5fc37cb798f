"""`send` delivers the built review to a real SMTP server (aiosmtpd on 127.0.0.1): what arrives,
what is recorded, and what is refused before anything is sent."""

from __future__ import annotations

import dataclasses
import functools
import hashlib
import shutil

import pytest

from report_gen.deliver import EmailSettings, Refusal, dry_run, review_outgoing, send, transmit
from report_gen import text as vn
from report_gen.deliver.message import size_text
from report_gen.outputs import manifest
from report_gen.store import open_store, sendings
from tests.support.smtp_server import Handler, smtp_server

SUBJECT = "V/v báo cáo kết quả phong trào toàn dân bảo vệ an ninh Tổ quốc năm 2012"


def email_settings(settings, port: int, **over) -> EmailSettings:
    raw = {"host": "127.0.0.1", "port": port, "security": "none",
           "sender": "Văn thư BCĐ <vanthu@example.gov.vn>", "to": ["bcd@example.gov.vn"],
           "cc": ["vp@example.gov.vn"], **over}
    return EmailSettings.from_settings(dataclasses.replace(
        settings, extra={**settings.extra, "email": raw}))


@pytest.fixture
def out(built_2012, tmp_path):
    """A copy of the 2012 review as built, free to modify."""
    return shutil.copytree(built_2012[1].pdf.parent, tmp_path / "out")


@pytest.fixture
def store(tmp_path):
    with open_store(tmp_path / "lich_su.sqlite") as s:
        yield s


def quick(sleeps: list[float]):
    """transmit with the real back-off schedule, its pauses only noted."""
    return functools.partial(transmit, sleep=sleeps.append)


def test_the_review_arrives_with_its_subject_and_the_pdf_and_is_recorded(out, store, settings):
    with smtp_server() as server:
        cfg = email_settings(settings, server.port)
        outcome = send(review_outgoing(out, 2012, settings, cfg, store), cfg, "", store)
    assert (outcome.sent, outcome.answer, outcome.tries, outcome.refused) == (
        True, "250 2.0.0 Queued as TEST1", 1, {})
    [got] = server.handler.received
    assert got.mail_from == "vanthu@example.gov.vn"
    assert got.rcpt_tos == ["bcd@example.gov.vn", "vp@example.gov.vn"]
    msg = got.message
    assert msg["Subject"] == SUBJECT
    assert b"=?utf-8?" in got.data.split(b"\r\n\r\n")[0]  # RFC 2047 on the wire
    assert msg["From"] == "Văn thư BCĐ <vanthu@example.gov.vn>"
    [att] = list(msg.iter_attachments())
    pdf = (out / "bao_cao_2012.pdf").read_bytes()
    assert (att.get_filename(), att.get_content_type()) == ("bao_cao_2012.pdf", "application/pdf")
    assert att.get_content() == pdf
    body = msg.get_body(("plain",)).get_content().replace("\r\n", "\n")
    sha = hashlib.sha256(pdf).hexdigest()
    assert body == (
        "BAN CHỈ ĐẠO PHONG TRÀO TOÀN DÂN BẢO VỆ AN NINH TỔ QUỐC trân trọng gửi kèm theo thư này "
        "Báo cáo số 12/BC-BCĐ ngày 14/8/2012: Báo cáo kết quả phong trào toàn dân bảo vệ an ninh "
        "Tổ quốc năm 2012.\n\nTệp đính kèm:\n"
        f"- bao_cao_2012.pdf ({size_text(len(pdf))}; SHA-256 {sha})\n\n"
        "Thư được gửi từ công cụ tổng hợp báo cáo report-gen.\n")
    [row] = sendings(store, 2012)
    assert (row.kind, row.status, row.to, row.cc, row.answer, row.message_id) == (
        "review", "sent", ("bcd@example.gov.vn",), ("vp@example.gov.vn",),
        "250 2.0.0 Queued as TEST1", msg["Message-ID"])
    assert [(f.file, f.size, f.sha256) for f in row.files] == [
        ("bao_cao_2012.pdf", len(pdf), hashlib.sha256(pdf).hexdigest())]


def test_the_same_pdf_to_the_same_addresses_is_refused_unless_again(out, store, settings):
    with smtp_server() as server:
        cfg = email_settings(settings, server.port)
        send(review_outgoing(out, 2012, settings, cfg, store), cfg, "", store)
        when = vn.moment(sendings(store)[0].attempted_at)
        with pytest.raises(Refusal) as refused:
            review_outgoing(out, 2012, settings, cfg, store)
        again = review_outgoing(out, 2012, settings, cfg, store, again=True)
        assert send(again, cfg, "", store).sent
    assert str(refused.value) == (
        "Không gửi: báo cáo bao_cao_2012.pdf này (cùng nội dung) đã được gửi đến "
        f"bcd@example.gov.vn ({when}); vp@example.gov.vn ({when}). "
        "Thêm --again nếu thật sự cần gửi lại.")
    assert len(server.handler.received) == 2
    assert [r.status for r in sendings(store)] == ["sent", "sent"]


def test_a_draft_is_refused_and_with_draft_its_subject_says_so(out, store, settings):
    m = manifest.load(out, 2012)
    manifest.path_for(out, 2012).write_text(dataclasses.replace(m, draft=True).to_json(),
                                            encoding="utf-8")
    cfg = email_settings(settings, 25)
    with pytest.raises(Refusal) as refused:
        review_outgoing(out, 2012, settings, cfg, store)
    assert str(refused.value) == (
        "Không gửi: báo cáo năm 2012 là DỰ THẢO (còn đơn vị chưa gửi hoặc số liệu có lỗi). Lập "
        "lại báo cáo khi số liệu đã đủ, hoặc thêm --draft nếu cần gửi bản dự thảo (tiêu đề thư "
        "sẽ ghi “DỰ THẢO”).")
    draft = review_outgoing(out, 2012, settings, cfg, store, draft=True)
    assert draft.subject == "[DỰ THẢO] " + SUBJECT
    assert draft.draft is True


def test_a_pdf_changed_after_the_build_is_refused_and_nothing_is_sent(out, store, settings):
    with open(out / "bao_cao_2012.pdf", "ab") as f:
        f.write(b"%")
    m = manifest.load(out, 2012)
    with smtp_server() as server:
        with pytest.raises(Refusal) as refused:
            review_outgoing(out, 2012, settings, email_settings(settings, server.port), store)
    assert str(refused.value) == (
        f"Không gửi: tệp trong {out} không phải bản của lần lập báo cáo cuối từ số liệu hiện "
        f"có:\n  - tệp bao_cao_2012.pdf đã bị thay đổi sau lần lập báo cáo cuối "
        f"({vn.moment(m.built_at)})\n"
        f"Hãy chạy lại “report-gen build … --year 2012 --out {out}” rồi gửi.")
    assert server.handler.received == [] and sendings(store) == []


def test_attachments_over_max_size_are_refused(out, store, settings):
    cfg = email_settings(settings, 25, max_size_mb=0.01)
    size = (out / "bao_cao_2012.pdf").stat().st_size
    with pytest.raises(Refusal) as refused:
        review_outgoing(out, 2012, settings, cfg, store)
    assert str(refused.value) == (f"Không gửi: tệp đính kèm {size_text(size)}, quá giới hạn "
                                  "0,01 MB (max_size_mb trong mục [email]).")
    assert size_text(1536) == "1,5 KB" and size_text(3 * 1024 * 1024) == "3 MB"


def test_the_workbook_goes_too_when_configured(out, store, settings):
    cfg = email_settings(settings, 25, attach_workbook=True)
    msg = review_outgoing(out, 2012, settings, cfg, store).message
    assert [(a.get_filename(), a.get_content()) for a in msg.iter_attachments()] == [
        ("bao_cao_2012.pdf", (out / "bao_cao_2012.pdf").read_bytes()),
        ("tong_hop_2012.xlsx", (out / "tong_hop_2012.xlsx").read_bytes())]


def test_a_dry_run_writes_the_message_as_eml_and_sends_nothing(out, store, settings):
    from email import message_from_bytes, policy
    with smtp_server() as server:
        outgoing = review_outgoing(out, 2012, settings, email_settings(settings, server.port),
                                   store)
        path = dry_run(outgoing, out)
    assert path == out / "thu_bao_cao_2012.eml"
    msg = message_from_bytes(path.read_bytes(), policy=policy.default)
    assert msg["Subject"] == SUBJECT
    assert [a.get_filename() for a in msg.iter_attachments()] == ["bao_cao_2012.pdf"]
    assert server.handler.received == [] and sendings(store) == []


def test_a_temporary_answer_is_retried_with_back_off_then_delivered(out, store, settings):
    sleeps: list[float] = []
    with smtp_server(Handler(temporary=2)) as server:
        cfg = email_settings(settings, server.port)
        outcome = send(review_outgoing(out, 2012, settings, cfg, store), cfg, "", store,
                       quick(sleeps))
    assert (outcome.sent, outcome.tries, sleeps) == (True, 3, [5, 15])
    assert len(server.handler.received) == 1
    [row] = sendings(store)
    assert (row.status, row.tries) == ("sent", 3)


def test_temporary_answers_that_do_not_end_are_a_failure_recorded_as_failed(out, store, settings):
    sleeps: list[float] = []
    with smtp_server(Handler(temporary=99)) as server:
        cfg = email_settings(settings, server.port)
        outcome = send(review_outgoing(out, 2012, settings, cfg, store), cfg, "", store,
                       quick(sleeps))
    assert (outcome.sent, outcome.tries, sleeps) == (False, 4, [5, 15, 45])
    assert outcome.reason == ("máy chủ thư tạm thời chưa nhận thư sau 4 lần thử (trả lời 451 "
                              "4.3.0 Try again later); hãy gửi lại sau")
    [row] = sendings(store)
    assert (row.status, row.answer, row.reason) == ("failed", "451 4.3.0 Try again later",
                                                    outcome.reason)


def test_a_refused_recipient_is_recorded_and_the_others_get_it(out, store, settings):
    with smtp_server(Handler(refuse={"vp@example.gov.vn"})) as server:
        cfg = email_settings(settings, server.port)
        outcome = send(review_outgoing(out, 2012, settings, cfg, store), cfg, "", store)
    assert outcome.sent and outcome.refused == {
        "vp@example.gov.vn": "550 5.1.1 Mailbox unavailable"}
    assert [r.rcpt_tos for r in server.handler.received] == [["bcd@example.gov.vn"]]
    [row] = sendings(store)
    assert (row.status, row.refused) == ("sent", {"vp@example.gov.vn":
                                                  "550 5.1.1 Mailbox unavailable"})
    # the refused address has not received it: sending to it again is not refused as a repeat
    from report_gen.store import delivered
    sha = row.files[0].sha256
    assert delivered(store, 2012, "review", sha, ("vp@example.gov.vn", "BCD@example.gov.vn")) == {
        "BCD@example.gov.vn": row.attempted_at}


def test_every_recipient_refused_is_a_failure(out, store, settings):
    with smtp_server(Handler(refuse={"bcd@example.gov.vn", "vp@example.gov.vn"})) as server:
        cfg = email_settings(settings, server.port)
        outcome = send(review_outgoing(out, 2012, settings, cfg, store), cfg, "", store)
    assert (outcome.sent, outcome.reason) == (
        False, "máy chủ thư từ chối mọi địa chỉ nhận: bcd@example.gov.vn, vp@example.gov.vn; "
               "kiểm tra các địa chỉ to, cc trong mục [email]")
    assert [r.status for r in sendings(store)] == ["failed"]


def test_a_message_too_large_for_the_server_is_told_in_vietnamese(out, store, settings):
    with smtp_server(Handler(data_answer="552 5.3.4 Message too big")) as server:
        cfg = email_settings(settings, server.port)
        outgoing = review_outgoing(out, 2012, settings, cfg, store)
        outcome = send(outgoing, cfg, "", store)
    size = len(outgoing.message.as_bytes())
    assert (outcome.sent, outcome.answer) == (False, "552 5.3.4 Message too big")
    assert outcome.reason == (f"máy chủ thư từ chối vì thư quá lớn ({size_text(size)}); đặt "
                              "max_size_mb trong mục [email] theo giới hạn của máy chủ hoặc bỏ "
                              "attach_workbook")
    assert [r.status for r in sendings(store)] == ["failed"]
