"""The SMTP side of `send` against real servers on 127.0.0.1: STARTTLS with a self-signed
certificate made for the session and AUTH, and each failure an officer can meet, told in
Vietnamese (wrong password, TLS, unknown host, time-out, refused connection)."""

from __future__ import annotations

import dataclasses

import pytest

from report_gen.config import ConfigError
from report_gen.deliver import EmailSettings, send, transmit
from report_gen.deliver.message import Attachment, new_message, with_attachments
from report_gen.deliver.outgoing import Outgoing
from report_gen.store import SentFile, open_store, sendings
from tests.support.smtp_server import (PASSWORD, USER, free_port, self_signed, silent_server,
                                       smtp_server)

ATTACHMENT = Attachment("Báo cáo kết quả năm 2012 (bản ký số).pdf", b"%PDF-1.7 th\xe1\xbb\xad",
                        "application/pdf")
SUBJECT = "V/v báo cáo kết quả phong trào toàn dân bảo vệ an ninh Tổ quốc năm 2012"


@pytest.fixture(scope="session")
def certificate(tmp_path_factory):
    return self_signed(tmp_path_factory.mktemp("tls"))


@pytest.fixture
def tls_server(certificate):
    with smtp_server(tls=certificate) as server:
        yield server


def email_settings(settings, **raw) -> EmailSettings:
    base = {"host": "127.0.0.1", "sender": "Văn thư BCĐ <vanthu@example.gov.vn>",
            "to": ["bcd@example.gov.vn"]}
    return EmailSettings.from_settings(dataclasses.replace(
        settings, extra={**settings.extra, "email": {**base, **raw}}))


def message(cfg: EmailSettings):
    msg = new_message(cfg, cfg.to, cfg.cc, SUBJECT)
    return with_attachments(msg, "Kính gửi Ban Chỉ đạo.\n", [ATTACHMENT])


def test_starttls_and_login_deliver_and_the_names_survive_encoding(tls_server, settings):
    cfg = email_settings(settings, port=tls_server.port, security="starttls", username=USER,
                         ca_file=str(tls_server.cert))
    outcome = transmit(cfg, PASSWORD, message(cfg))
    assert (outcome.sent, outcome.answer) == (True, "250 2.0.0 Queued as TEST1")
    [got] = tls_server.handler.received
    msg = got.message
    assert msg["Subject"] == SUBJECT
    assert msg.get_body(("plain",)).get_content().replace("\r\n", "\n") == "Kính gửi Ban Chỉ đạo.\n"
    [att] = list(msg.iter_attachments())
    assert (att.get_filename(), att.get_content()) == (ATTACHMENT.name, ATTACHMENT.data)
    assert b"filename*0*=utf-8''B%C3%A1o%20c%C3%A1o" in got.data  # RFC 2231 on the wire


def test_a_wrong_password_is_told_in_vietnamese_and_recorded_as_failed_only(tls_server, settings,
                                                                            tmp_path):
    cfg = email_settings(settings, port=tls_server.port, security="starttls", username=USER,
                         ca_file=str(tls_server.cert))
    msg = message(cfg)
    out = Outgoing(year=2012, kind="review", message=msg, eml_name="x.eml",
                   files=(SentFile(ATTACHMENT.name, ATTACHMENT.size, ATTACHMENT.sha256),))
    with open_store(tmp_path / "h.sqlite") as store:
        outcome = send(out, cfg, "Mat-khau-sai", store)
        rows = sendings(store)
    assert (outcome.sent, outcome.answer) == (False, "535 5.7.8 Authentication credentials invalid")
    assert outcome.reason == (
        "máy chủ thư 127.0.0.1 không chấp nhận tên đăng nhập hoặc mật khẩu; kiểm tra username "
        "trong mục [email] và mật khẩu (biến môi trường REPORT_GEN_SMTP_PASSWORD)")
    assert [(r.status, r.reason, r.message_id) for r in rows] == [
        ("failed", outcome.reason, msg["Message-ID"])]
    assert tls_server.handler.received == []
    assert "Mat-khau-sai" not in repr(rows) + repr(outcome)


def test_a_password_with_diacritics_cannot_go_through_smtplib_and_says_so(tls_server, settings):
    cfg = email_settings(settings, port=tls_server.port, security="starttls", username=USER,
                         ca_file=str(tls_server.cert))
    outcome = transmit(cfg, "mật-khẩu", message(cfg))
    assert (outcome.sent, outcome.reason) == (
        False, "tên đăng nhập hoặc mật khẩu có chữ có dấu (ngoài bảng mã ASCII), chương trình "
               "không gửi được qua giao thức SMTP; hãy đổi mật khẩu không dấu cho tài khoản thư")


def test_a_certificate_not_trusted_is_a_tls_failure(tls_server, settings):
    cfg = email_settings(settings, port=tls_server.port, security="starttls", username=USER)
    outcome = transmit(cfg, PASSWORD, message(cfg))
    assert (outcome.sent, outcome.reason) == (
        False, "không xác minh được chứng thư bảo mật (TLS) của máy chủ thư 127.0.0.1; kiểm tra "
               "host trong mục [email] (đúng tên ghi trên chứng thư) hoặc khai báo ca_file nếu cơ "
               "quan dùng chứng thư riêng")
    assert outcome.answer == "self-signed certificate"
    assert tls_server.handler.received == []


def test_ssl_on_a_starttls_port_is_a_tls_failure(tls_server, settings):
    cfg = email_settings(settings, port=tls_server.port, security="ssl", username=USER,
                         ca_file=str(tls_server.cert), timeout=5)
    outcome = transmit(cfg, PASSWORD, message(cfg))
    assert (outcome.sent, outcome.reason) == (
        False, f"không thiết lập được kết nối bảo mật (TLS) với máy chủ thư "
               f"127.0.0.1:{tls_server.port}; kiểm tra security (“starttls” với cổng 587, “ssl” "
               "với cổng 465) và port trong mục [email]")


def test_login_on_a_server_without_auth_says_what_to_check(settings):
    with smtp_server() as server:
        cfg = email_settings(settings, port=server.port, security="none", username=USER)
        outcome = transmit(cfg, PASSWORD, message(cfg))
    assert (outcome.sent, outcome.reason) == (
        False, f"máy chủ thư 127.0.0.1:{server.port} không hỗ trợ đăng nhập (AUTH) trên kết nối "
               "này; kiểm tra security và port trong mục [email]")


def test_an_unknown_host(settings):
    cfg = email_settings(settings, host="may-chu-thu.invalid", port=587)
    outcome = transmit(cfg, PASSWORD, message(cfg))
    assert (outcome.sent, outcome.tries, outcome.reason) == (
        False, 1, "không tìm thấy máy chủ thư “may-chu-thu.invalid”; kiểm tra host trong mục "
                  "[email] và kết nối mạng")


def test_a_server_that_does_not_answer_times_out(settings):
    with silent_server() as port:
        cfg = email_settings(settings, port=port, security="none", timeout=0.3)
        outcome = transmit(cfg, PASSWORD, message(cfg))
    assert (outcome.sent, outcome.reason) == (
        False, f"máy chủ thư 127.0.0.1:{port} không trả lời sau 0,3 giây; kiểm tra host, port "
               "trong mục [email] và kết nối mạng")


def test_a_refused_connection(settings):
    port = free_port()
    cfg = email_settings(settings, port=port, security="none")
    outcome = transmit(cfg, PASSWORD, message(cfg))
    assert (outcome.sent, outcome.reason) == (
        False, f"máy chủ thư 127.0.0.1 từ chối kết nối ở cổng {port}; kiểm tra port và security "
               "trong mục [email]")


@pytest.mark.parametrize("raw, expected", [
    ({"host": "mail.example.gov.vn", "security": "none"},
     "[email] security = “none” chỉ dùng được với máy chủ thư trên máy này (localhost), không "
     "dùng với mail.example.gov.vn: mật khẩu và báo cáo sẽ đi qua mạng không mã hóa; hãy dùng "
     "“starttls” hoặc “ssl”"),
    ({"security": "tls"}, "[email] security = “tls” không hợp lệ: chọn “starttls”, “ssl” hoặc "
                          "“none”"),
    ({"hots": "x"}, "mục [email] có khóa không hiểu: hots (các khóa dùng được: attach_workbook, "
                    "ca_file, cc, host, max_size_mb, port, require_signed, security, sender, "
                    "timeout, to, username)"),
    ({"to": []}, "mục [email] thiếu khóa to (địa chỉ nhận báo cáo)"),
    ({"to": ["bcd example.gov.vn"]},
     "[email] to: “bcd example.gov.vn” không phải một địa chỉ thư điện tử hợp lệ"),
    ({"sender": "Văn thư"}, "[email] sender: “Văn thư” không phải một địa chỉ thư điện tử hợp lệ"),
    ({"port": "587"}, "[email] port phải là một số nguyên dương"),
    ({"max_size_mb": 0}, "[email] max_size_mb phải là một số dương"),
    ({"ca_file": "khong_co.pem"}, "[email] ca_file: không tìm thấy tệp chứng thư {base}/khong_co.pem"),
])
def test_wrong_settings_are_told_in_vietnamese(settings, raw, expected):
    with pytest.raises(ConfigError) as exc:
        email_settings(settings, **raw)
    assert str(exc.value) == expected.format(base=settings.base_dir)


def test_no_email_section_says_where_to_look(settings):
    with pytest.raises(ConfigError) as exc:
        EmailSettings.from_settings(settings)
    assert str(exc.value) == ("chưa có mục [email] trong tệp cấu hình report_gen.toml (máy chủ "
                              "thư, tài khoản, địa chỉ nhận): xem hướng dẫn “Gửi báo cáo qua thư "
                              "điện tử” trong README")


def test_defaults_follow_the_security(settings):
    cfg = email_settings(settings, host="mail.example.gov.vn", security="ssl")
    assert (cfg.port, cfg.username, cfg.cc, cfg.attach_workbook, cfg.max_bytes, cfg.timeout) == (
        465, "", (), False, 10 * 1024 * 1024, 30)
    assert email_settings(settings, host="mail.example.gov.vn").port == 587


def test_an_address_with_diacritics_is_named_as_the_problem(settings):
    # the unit list checks addresses loosely: a unit's may hold a letter with a diacritic
    with smtp_server() as server:
        cfg = email_settings(settings, port=server.port, security="none")
        msg = new_message(cfg, ("vănthư@example.gov.vn",), (), SUBJECT)
        msg.set_content("x")
        outcome = transmit(cfg, "", msg)
    assert (outcome.sent, outcome.reason) == (
        False, "địa chỉ thư điện tử có chữ có dấu (ngoài bảng mã ASCII); kiểm tra sender, to, cc "
               "trong mục [email] và địa chỉ của đơn vị")
    assert server.handler.received == []
