"""`report-gen send` and `report-gen history sent` through the command line (report_gen.cli.main),
against a real SMTP server: the officer's sequence build → send → history → send again."""

from __future__ import annotations

import io
import shutil
import sys

import pytest

from report_gen.cli import main
from tests.support.smtp_server import PASSWORD, USER, free_port, self_signed, smtp_server

SUBJECT = "V/v báo cáo kết quả phong trào toàn dân bảo vệ an ninh Tổ quốc năm 2012"


@pytest.fixture(autouse=True)
def wide(monkeypatch):
    monkeypatch.setenv("COLUMNS", "300")  # rich tables on one line per row
    monkeypatch.delenv("REPORT_GEN_SMTP_PASSWORD", raising=False)


@pytest.fixture
def out(built_2012, tmp_path):
    return shutil.copytree(built_2012[1].pdf.parent, tmp_path / "out")


def configure(tmp_path, port: int, **over: str) -> None:
    """report_gen.toml in the working folder, with an [email] section (values as TOML)."""
    keys = {"host": '"127.0.0.1"', "port": str(port), "security": '"none"',
            "sender": '"Văn thư BCĐ <vanthu@example.gov.vn>"', "to": '["bcd@example.gov.vn"]',
            **over}
    (tmp_path / "report_gen.toml").write_text(
        "[email]\n" + "".join(f"{k} = {v}\n" for k, v in keys.items()), encoding="utf-8")


def test_send_then_history_then_sending_again_is_refused(out, tmp_path, capsys):
    with smtp_server() as server:
        configure(tmp_path, server.port)
        assert main(["send", "--year", "2012", "--yes"]) == 0
        first = capsys.readouterr()
        assert main(["send", "--year", "2012", "--yes"]) == 1
        second = capsys.readouterr()
    assert len(server.handler.received) == 1
    msgid = server.handler.received[0].message["Message-ID"]
    assert ("Từ: Văn thư BCĐ <vanthu@example.gov.vn>\nĐến: bcd@example.gov.vn\n"
            f"Tiêu đề: {SUBJECT}\nĐính kèm: bao_cao_2012.pdf (") in first.out
    assert (f"Đã gửi thư “{SUBJECT}” đến bcd@example.gov.vn (máy chủ trả lời: 250 2.0.0 "
            f"Queued as TEST1; Message-ID {msgid}).") in first.out
    assert first.err == ""
    assert second.err.startswith("Không gửi: báo cáo bao_cao_2012.pdf này (cùng nội dung) đã "
                                 "được gửi đến bcd@example.gov.vn (")
    assert second.err.endswith("). Thêm --again nếu thật sự cần gửi lại.\n")

    assert main(["history", "sent"]) == 0
    table = capsys.readouterr().out
    assert "Các lần gửi thư" in table
    row = next(line for line in table.splitlines() if "bao_cao_2012.pdf" in line)
    assert "│ 2012 │ Báo cáo" in row and "bcd@example.gov.vn" in row and "đã gửi (250 2.0.0 " \
        "Queued as TEST1)" in row
    assert f"Message-ID {msgid}" in table
    assert main(["history", "sent", "2011"]) == 0
    assert capsys.readouterr().out == "Chưa gửi thư nào năm 2011 (lệnh “report-gen send”).\n"


def test_a_dry_run_writes_the_eml_and_creates_no_store(out, tmp_path, capsys):
    configure(tmp_path, free_port())
    assert main(["send", "--year", "2012", "--dry-run"]) == 0
    assert "Đã ghi thư (chưa gửi): out/thu_bao_cao_2012.eml" in capsys.readouterr().out
    assert (out / "thu_bao_cao_2012.eml").is_file()
    assert not (tmp_path / "report_gen.sqlite").exists()


def test_declining_the_confirmation_sends_nothing(out, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO("k\n"))
    with smtp_server() as server:
        configure(tmp_path, server.port)
        assert main(["send", "--year", "2012"]) == 1
    captured = capsys.readouterr()
    assert ("Gửi 1 thư trên qua máy chủ 127.0.0.1? Gõ “c” rồi Enter để gửi, phím khác để hủy: "
            in captured.out)
    assert captured.err == "Chưa gửi thư nào.\n"
    assert server.handler.received == []


def test_confirmed_over_starttls_with_the_password_from_the_environment(out, tmp_path, capsys,
                                                                        monkeypatch):
    cert = self_signed(tmp_path)
    monkeypatch.setattr(sys, "stdin", io.StringIO("c\n"))
    monkeypatch.setenv("REPORT_GEN_SMTP_PASSWORD", PASSWORD)
    with smtp_server(tls=cert) as server:
        configure(tmp_path, server.port, security='"starttls"', username=f'"{USER}"',
                  ca_file='"cert.pem"')
        assert main(["send", "--year", "2012"]) == 0
    captured = capsys.readouterr()
    assert [r.message["Subject"] for r in server.handler.received] == [SUBJECT]
    assert PASSWORD not in captured.out + captured.err
    assert PASSWORD.encode() not in (tmp_path / "report_gen.sqlite").read_bytes()


def test_a_login_without_a_password_and_no_terminal_stops(out, tmp_path, capsys, monkeypatch):
    monkeypatch.setattr(sys, "stdin", io.StringIO(""))
    configure(tmp_path, free_port(), username=f'"{USER}"')
    assert main(["send", "--year", "2012", "--yes"]) == 2
    assert capsys.readouterr().err == (
        f"Lỗi: chưa có mật khẩu thư điện tử của {USER}: đặt biến môi trường "
        "REPORT_GEN_SMTP_PASSWORD hoặc chạy lệnh trong cửa sổ dòng lệnh để nhập mật khẩu.\n")


def test_a_failure_exits_1_and_is_listed_as_failed(out, tmp_path, capsys):
    port = free_port()
    configure(tmp_path, port)
    assert main(["send", "--year", "2012", "--yes"]) == 1
    err = capsys.readouterr().err
    assert err == (f"Không gửi được thư “{SUBJECT}” đến bcd@example.gov.vn: máy chủ thư "
                   f"127.0.0.1 từ chối kết nối ở cổng {port}; kiểm tra port và security trong "
                   "mục [email].\n")
    assert main(["history", "sent", "2012"]) == 0
    assert "không gửi được: máy chủ thư 127.0.0.1 từ chối kết nối" in capsys.readouterr().out


def test_no_email_section_is_a_configuration_error(out, capsys):
    assert main(["send", "--year", "2012", "--yes"]) == 2
    assert capsys.readouterr().err == (
        "Lỗi cấu hình: chưa có mục [email] trong tệp cấu hình report_gen.toml (máy chủ thư, tài "
        "khoản, địa chỉ nhận): xem hướng dẫn “Gửi báo cáo qua thư điện tử” trong README.\n")


def test_help_is_vietnamese(capsys):
    with pytest.raises(SystemExit):
        main(["send", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert out.startswith("Cách dùng: report-gen send [-h] --year NĂM")
    assert "--dry-run không gửi: ghi thư thành tệp .eml trong thư mục kết quả để xem trước" in out
