"""`send --feedback`: each unit with errors or rejected files gets its own feedback page (as
`check` writes it) at its own address, and nothing of another unit."""

from __future__ import annotations

import dataclasses
from types import SimpleNamespace

import pytest

from report_gen.deliver import EmailSettings, Refusal, dry_run, feedback_plan, send
from report_gen.model import FileResult
from report_gen.outputs.feedback import write_feedback
from report_gen.problems import problem
from report_gen.store import open_store, sendings
from tests.support.smtp_server import Handler, smtp_server

EMAILS = {"HA_LONG": "halong@example.gov.vn", "TIEN_YEN": "tienyen@example.gov.vn",
          "CO_TO": "coto@example.gov.vn", "UONG_BI": "uongbi@example.gov.vn"}


def _settings(settings, port: int = 25):
    units = dataclasses.replace(settings.units, units=tuple(
        dataclasses.replace(u, email=EMAILS.get(u.code, "")) for u in settings.units.units))
    raw = {"host": "127.0.0.1", "port": port, "security": "none",
           "sender": "Văn thư BCĐ <vanthu@example.gov.vn>", "to": ["bcd@example.gov.vn"],
           "cc": ["vp@example.gov.vn"]}
    s = dataclasses.replace(settings, units=units, extra={**settings.extra, "email": raw})
    return s, EmailSettings.from_settings(s)


def _result(unit: str, file: str, *problems, status: str = "accepted") -> FileResult:
    r = FileResult(file=file, status=status, unit=unit)
    r.problems.extend(problems)
    return r


def write_pages(settings, out) -> None:
    """The pages `check` writes for: Hạ Long and Tiên Yên with errors, Cô Tô rejected, Đầm Hà
    with errors but no address, Uông Bí with a warning only; the others clean."""
    results = [
        _result("HA_LONG", "ha_long.xlsx",
                problem("value-not-number", sheet="Số liệu", cell="D9", value="nhiều")),
        _result("TIEN_YEN", "tien_yen.xlsx",
                problem("value-not-number", sheet="Số liệu", cell="D12", value="<b>15 mô hình</b>")),
        _result("CO_TO", "co_to.xlsx", problem("file-unreadable", reason="tệp đặt mật khẩu"),
                status="rejected"),
        _result("DAM_HA", "dam_ha.xlsx",
                problem("value-not-number", sheet="Số liệu", cell="D20", value="x")),
        _result("UONG_BI", "uong_bi.xlsx", problem("value-outlier", code="MH_TONG",
                                                   label="Tổng số mô hình", value="40",
                                                   previous="5", change="tăng 700 %")),
    ]
    status = {u.code: "clean" for u in settings.units.active(2012)}
    status.update(HA_LONG="errors", TIEN_YEN="errors", CO_TO="rejected", DAM_HA="errors")
    cons = SimpleNamespace(year=2012, settings=settings.in_year(2012), results=results,
                           unit_status=status)
    write_feedback(cons, out / "phan_hoi_2012")


@pytest.fixture
def store(tmp_path):
    with open_store(tmp_path / "lich_su.sqlite") as s:
        yield s


def test_each_unit_gets_only_its_own_page_at_its_own_address(settings, tmp_path, store):
    with smtp_server() as server:
        s, cfg = _settings(settings, server.port)
        write_pages(s, tmp_path)
        plan = feedback_plan(tmp_path, 2012, s, cfg, store)
        outcomes = [send(o, cfg, "", store) for o in plan.outgoing]
    assert [o.sent for o in outcomes] == [True, True, True]
    assert plan.no_address == ["Huyện Đầm Hà"]
    assert plan.not_needed == ["Thành phố Uông Bí"]
    assert plan.unusable == [] and plan.already == []
    got = {r.rcpt_tos[0]: r for r in server.handler.received}
    assert [r.rcpt_tos for r in server.handler.received] == [
        ["coto@example.gov.vn"], ["halong@example.gov.vn"], ["tienyen@example.gov.vn"]]
    halong = got["halong@example.gov.vn"].message
    assert halong["Subject"] == ("Phản hồi kiểm tra số liệu phong trào toàn dân bảo vệ ANTQ năm "
                                 "2012 – Thành phố Hạ Long")
    assert (halong["To"], halong["Cc"]) == ("halong@example.gov.vn", None)
    html = halong.get_body(("html",)).get_content()
    text = halong.get_body(("plain",)).get_content().replace("\r\n", "\n")
    page = (tmp_path / "phan_hoi_2012" / "phan_hoi_HA_LONG_2012.html").read_text(encoding="utf-8")
    assert html.replace("\r\n", "\n") == page
    assert "Kính gửi: Thành phố Hạ Long." in text
    assert ("1 | Lỗi | ha_long.xlsx | Số liệu | D9 | | nhiều | Giá trị “nhiều” không phải là "
            "số; đề nghị ghi một số (để trống nếu không có số liệu).") in text
    # nothing of another unit
    for other in ("tien_yen", "D12", "co_to", "dam_ha", "Uông Bí", "Tiên Yên"):
        assert other not in html and other not in text
    tienyen = got["tienyen@example.gov.vn"].message.get_body(("html",)).get_content()
    assert "&lt;b&gt;15 mô hình&lt;/b&gt;" in tienyen and "<b>15" not in tienyen
    rows = sendings(store, 2012)
    assert [(r.kind, r.unit, r.to, r.cc, r.status, [f.file for f in r.files]) for r in rows] == [
        ("feedback", "CO_TO", ("coto@example.gov.vn",), (), "sent", ["phan_hoi_CO_TO_2012.html"]),
        ("feedback", "HA_LONG", ("halong@example.gov.vn",), (), "sent",
         ["phan_hoi_HA_LONG_2012.html"]),
        ("feedback", "TIEN_YEN", ("tienyen@example.gov.vn",), (), "sent",
         ["phan_hoi_TIEN_YEN_2012.html"])]


def test_a_page_already_sent_is_not_sent_again_unless_again(settings, tmp_path, store):
    with smtp_server() as server:
        s, cfg = _settings(settings, server.port)
        write_pages(s, tmp_path)
        for o in feedback_plan(tmp_path, 2012, s, cfg, store).outgoing:
            send(o, cfg, "", store)
        second = feedback_plan(tmp_path, 2012, s, cfg, store)
        again = feedback_plan(tmp_path, 2012, s, cfg, store, again=True)
    when = {r.unit: r.attempted_at for r in sendings(store)}
    assert second.outgoing == []
    assert second.already == [("Huyện Cô Tô", "coto@example.gov.vn", when["CO_TO"]),
                              ("Thành phố Hạ Long", "halong@example.gov.vn", when["HA_LONG"]),
                              ("Huyện Tiên Yên", "tienyen@example.gov.vn", when["TIEN_YEN"])]
    assert [o.unit for o in again.outgoing] == ["CO_TO", "HA_LONG", "TIEN_YEN"]


def test_a_page_under_another_units_name_is_not_sent(settings, tmp_path, store):
    s, cfg = _settings(settings)
    write_pages(s, tmp_path)
    folder = tmp_path / "phan_hoi_2012"
    (folder / "phan_hoi_TIEN_YEN_2012.html").write_bytes(
        (folder / "phan_hoi_HA_LONG_2012.html").read_bytes())
    (folder / "phan_hoi_XYZ_2012.html").write_text("x", encoding="utf-8")
    plan = feedback_plan(tmp_path, 2012, s, cfg, store)
    assert [o.unit for o in plan.outgoing] == ["CO_TO", "HA_LONG"]
    assert plan.unusable == [
        "phan_hoi_TIEN_YEN_2012.html: nội dung phiếu không gửi Huyện Tiên Yên",
        "phan_hoi_XYZ_2012.html: không có đơn vị mã XYZ trong danh sách đơn vị"]


def test_no_pages_yet_says_to_run_check(settings, tmp_path, store):
    s, cfg = _settings(settings)
    with pytest.raises(Refusal) as exc:
        feedback_plan(tmp_path, 2012, s, cfg, store)
    folder = tmp_path / "phan_hoi_2012"
    assert str(exc.value) == (f"Không gửi: chưa có phiếu phản hồi năm 2012 trong {folder}. Hãy "
                              f"chạy “report-gen check … --year 2012 --feedback {folder}” trước.")


def test_a_dry_run_writes_one_eml_per_unit(settings, tmp_path, store):
    s, cfg = _settings(settings)
    write_pages(s, tmp_path)
    paths = [dry_run(o, tmp_path) for o in feedback_plan(tmp_path, 2012, s, cfg, store).outgoing]
    assert [p.name for p in paths] == ["thu_phan_hoi_CO_TO_2012.eml",
                                       "thu_phan_hoi_HA_LONG_2012.eml",
                                       "thu_phan_hoi_TIEN_YEN_2012.eml"]
    assert sendings(store) == []


def test_the_plain_text_alternative_keeps_paragraphs_rows_and_cells():
    from report_gen.deliver.plain import plain_text
    html = ("<html><head><title>T</title><style>p{x:1}</style></head><body><h1>Phản hồi</h1>"
            "<p>Kính gửi: <strong>Huyện Cô Tô</strong>.</p><table><tr><th>TT</th><th>Ô</th></tr>"
            "<tr><td>1</td><td>D9 &amp; D10</td></tr></table><p>Hết.</p></body></html>")
    assert plain_text(html) == ("Phản hồi\n\nKính gửi: Huyện Cô Tô.\n\nTT | Ô\n1 | D9 & D10\n\n"
                                "Hết.\n")


def test_a_page_edited_after_the_check_or_without_its_record_is_not_sent(settings, tmp_path,
                                                                          store):
    s, cfg = _settings(settings)
    write_pages(s, tmp_path)
    folder = tmp_path / "phan_hoi_2012"
    page = folder / "phan_hoi_HA_LONG_2012.html"
    page.write_text(page.read_text(encoding="utf-8").replace("nhiều", "ít"), encoding="utf-8")
    plan = feedback_plan(tmp_path, 2012, s, cfg, store)
    assert [o.unit for o in plan.outgoing] == ["CO_TO", "TIEN_YEN"]
    assert plan.unusable == [
        "phan_hoi_HA_LONG_2012.html: nội dung phiếu không gửi Thành phố Hạ Long"]
    (folder / "phieu_phan_hoi_2012.json").unlink()  # pages of a check that kept no record
    with pytest.raises(Refusal) as exc:
        feedback_plan(tmp_path, 2012, s, cfg, store)
    assert str(exc.value).startswith("Không gửi: chưa có phiếu phản hồi năm 2012 trong ")
