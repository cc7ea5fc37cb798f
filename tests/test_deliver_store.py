"""The sending trail in the history store (report_gen.store.sent) and the migration that adds
it to a store written by the previous version of the tool."""

from __future__ import annotations

import sqlite3

from report_gen.store import SentFile, Sending, delivered, open_store, record_sending, sendings
from report_gen.store.db import MIGRATIONS

PDF = SentFile("bao_cao_2012.pdf", 1234, "ab" * 32)


def attempt(status: str, **over) -> Sending:
    base = dict(year=2012, kind="review", attempted_at="2012-08-05T09:30:00+07:00",
                sender="Văn thư <vanthu@example.gov.vn>", subject="V/v báo cáo",
                message_id="<1@example.gov.vn>", status=status, answer="250 OK", tries=1,
                to=("bcd@example.gov.vn",), cc=("vp@example.gov.vn",), files=(PDF,))
    return Sending(**{**base, **over})


def test_a_store_of_schema_2_gains_the_trail_and_keeps_its_data(tmp_path):
    path = tmp_path / "cu.sqlite"
    conn = sqlite3.connect(path, isolation_level=None)
    conn.executescript(MIGRATIONS[0] + MIGRATIONS[1])
    conn.execute("INSERT INTO label_mapping VALUES ('*', 'tong so', 2011, 'MH_TONG', 'Tổng số')")
    conn.execute("PRAGMA user_version = 2")
    conn.close()
    with open_store(path) as store:
        assert store.conn.execute("PRAGMA user_version").fetchone()[0] == 3
        counts = store.counts()
    assert (counts["label_mapping"], counts["sending"], counts["sending_recipient"],
            counts["sending_file"]) == (1, 0, 0, 0)


def test_attempts_read_back_as_recorded(tmp_path):
    with open_store(tmp_path / "h.sqlite") as store:
        failed = attempt("failed", answer="535 5.7.8 Authentication credentials invalid",
                         reason="sai mật khẩu")
        sent = attempt("sent", refused={"vp@example.gov.vn": "550 5.1.1 Mailbox unavailable"},
                       tries=3, message_id="<2@example.gov.vn>")
        ids = [record_sending(store, failed), record_sending(store, sent)]
        feedback = attempt("sent", kind="feedback", unit="HA_LONG", to=("hl@example.gov.vn",),
                           cc=(), year=2013)
        record_sending(store, feedback)
        assert sendings(store, 2012) == [
            Sending(**{**vars(failed), "id": ids[0]}), Sending(**{**vars(sent), "id": ids[1]})]
        assert [s.unit for s in sendings(store)] == [None, None, "HA_LONG"]


def test_only_addresses_that_received_the_same_file_count_as_delivered(tmp_path):
    with open_store(tmp_path / "h.sqlite") as store:
        record_sending(store, attempt("failed", to=("a@example.gov.vn",), cc=()))
        record_sending(store, attempt("sent", attempted_at="2012-08-06T10:00:00+07:00",
                                      refused={"vp@example.gov.vn": "550 no"}))
        wanted = ("a@example.gov.vn", "BCD@Example.gov.vn", "vp@example.gov.vn")
        assert delivered(store, 2012, "review", PDF.sha256, wanted) == {
            "BCD@Example.gov.vn": "2012-08-06T10:00:00+07:00"}
        assert delivered(store, 2012, "review", "cd" * 32, wanted) == {}
        assert delivered(store, 2013, "review", PDF.sha256, wanted) == {}
        assert delivered(store, 2012, "feedback", PDF.sha256, wanted, unit="HA_LONG") == {}
