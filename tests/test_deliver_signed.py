"""Issue 16: `[email] require_signed = true` makes `send` refuse a review that has no copy signed
by both the signer and the organisation of this very build, and deliver the signed copy once
it has (a real SMTP server, aiosmtpd on 127.0.0.1)."""

from __future__ import annotations

import dataclasses
import shutil

import pytest

from report_gen.cli import main
from report_gen.config import ConfigError
from report_gen.deliver import EmailSettings, Refusal, review_outgoing, send
from report_gen.sign.document import sign_review
from report_gen.store import open_store, sendings
from tests.support.signing import (SIGNED_AT, copy_build, organisation, password,  # noqa: F401
                                   person, pki)
from tests.support.smtp_server import smtp_server

REFUSED = ("Không gửi: mục [email] đặt require_signed = true (chỉ gửi báo cáo đã ký số) nhưng "
           "báo cáo năm 2012 chưa có bản ký số đủ chữ ký của người có thẩm quyền và của cơ "
           "quan trên đúng bản lập lần cuối. Hãy ký: “report-gen sign --year 2012 --as person” "
           "rồi “report-gen sign --year 2012 --as organisation”, sau đó gửi.")


@pytest.fixture(scope="module")
def signed_outs(built_2012, person, organisation, tmp_path_factory):
    """Two copies of the 2012 build: one signed by the signer only, one by both."""
    folder = tmp_path_factory.mktemp("deliver_signed")
    person_only = copy_build(built_2012, folder / "nguoi_ky")
    sign_review(person_only, 2012, "person", person, password, now=SIGNED_AT)
    both = shutil.copytree(person_only, folder / "du_chu_ky")
    sign_review(both, 2012, "organisation", organisation, password, now=SIGNED_AT)
    return person_only, both


@pytest.fixture
def store(tmp_path):
    with open_store(tmp_path / "lich_su.sqlite") as s:
        yield s


def email_settings(settings, port: int, **over) -> EmailSettings:
    raw = {"host": "127.0.0.1", "port": port, "security": "none",
           "sender": "Văn thư BCĐ <vanthu@example.gov.vn>", "to": ["bcd@example.gov.vn"],
           **over}
    return EmailSettings.from_settings(dataclasses.replace(
        settings, extra={**settings.extra, "email": raw}))


def test_only_the_signer_s_signature_is_refused_and_nothing_is_sent(signed_outs, settings,
                                                                    tmp_path, store):
    out = shutil.copytree(signed_outs[0], tmp_path / "out")
    with smtp_server() as server:
        cfg = email_settings(settings, server.port, require_signed=True)
        with pytest.raises(Refusal) as refused:
            review_outgoing(out, 2012, settings, cfg, store)
    assert str(refused.value) == REFUSED
    assert server.handler.received == [] and sendings(store) == []


def test_signed_by_both_the_signed_copy_is_delivered(signed_outs, settings, tmp_path, store):
    out = shutil.copytree(signed_outs[1], tmp_path / "out")
    with smtp_server() as server:
        cfg = email_settings(settings, server.port, require_signed=True)
        outcome = send(review_outgoing(out, 2012, settings, cfg, store), cfg, "", store)
    assert outcome.sent
    [got] = server.handler.received
    [att] = list(got.message.iter_attachments())
    assert att.get_filename() == "bao_cao_2012_da_ky.pdf"
    assert att.get_content() == (out / "bao_cao_2012_da_ky.pdf").read_bytes()


def configure(tmp_path) -> None:
    """report_gen.toml in the working folder: [email] with require_signed = true."""
    (tmp_path / "report_gen.toml").write_text(
        '[email]\nhost = "127.0.0.1"\nport = 2525\nsecurity = "none"\n'
        'sender = "Văn thư BCĐ <vanthu@example.gov.vn>"\nto = ["bcd@example.gov.vn"]\n'
        "require_signed = true\n", encoding="utf-8")


def test_an_unsigned_review_is_refused_from_the_command_line(built_2012, tmp_path, capsys,
                                                             monkeypatch):
    monkeypatch.setenv("COLUMNS", "1000")  # the message on one line
    shutil.copytree(built_2012[1].pdf.parent, tmp_path / "out")
    configure(tmp_path)
    assert main(["send", "--year", "2012", "--dry-run"]) == 1
    assert capsys.readouterr().err.strip() == REFUSED
    assert not (tmp_path / "out" / "thu_bao_cao_2012.eml").exists()


def test_the_signed_copy_goes_from_the_command_line_without_pyhanko_s_log(signed_outs, tmp_path,
                                                                          capsys, caplog,
                                                                          monkeypatch):
    from email import message_from_bytes, policy
    monkeypatch.setenv("COLUMNS", "1000")
    shutil.copytree(signed_outs[1], tmp_path / "out")
    configure(tmp_path)
    assert main(["send", "--year", "2012", "--dry-run"]) == 0
    # checking the signatures (trust not needed) logs no path-building traceback, which
    # Python would print on the officer's screen (here pytest's log capture takes it)
    assert [r.name for r in caplog.records if r.name.startswith("pyhanko")] == []
    assert capsys.readouterr().err == ""
    msg = message_from_bytes((tmp_path / "out" / "thu_bao_cao_2012.eml").read_bytes(),
                             policy=policy.default)
    assert [a.get_filename() for a in msg.iter_attachments()] == ["bao_cao_2012_da_ky.pdf"]


def test_require_signed_is_off_by_default_and_must_be_true_or_false(settings):
    assert email_settings(settings, 25).require_signed is False
    with pytest.raises(ConfigError) as refused:
        email_settings(settings, 25, require_signed="có")
    assert str(refused.value) == "[email] require_signed phải là true hoặc false"
    with pytest.raises(ConfigError) as refused:
        email_settings(settings, 25, require_sign=True)
    assert str(refused.value) == (
        "mục [email] có khóa không hiểu: require_sign (các khóa dùng được: attach_workbook, "
        "ca_file, cc, host, max_size_mb, port, require_signed, security, sender, timeout, to, "
        "username)")
