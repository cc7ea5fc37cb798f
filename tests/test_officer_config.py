"""Configuration errors an officer can make, said in Vietnamese (issue 17, part 3)."""

from __future__ import annotations

import datetime as dt

import pytest

from report_gen.config import ConfigError, load_settings


def _cfg(tmp_path, text: str):
    cfg = tmp_path / "report_gen.toml"
    cfg.write_text(text, encoding="utf-8")
    return cfg


def test_unquoted_day_first_date_names_line_column_and_fix(tmp_path):
    cfg = _cfg(tmp_path, '[document]\nnumber = "15/BC-BCĐ"\ndate = 12/08/2013\n')
    with pytest.raises(ConfigError) as exc:
        load_settings(cfg)
    assert str(exc.value) == (
        f"Tệp cấu hình {cfg} viết sai cú pháp TOML ở dòng 3, cột 10 (“date = 12/08/2013”): "
        "ngày phải đặt trong dấu nháy kép, ví dụ date = \"12/08/2013\" (hoặc viết dạng "
        "2013-08-12).")


def test_unquoted_text_gets_the_quotes_hint(tmp_path):
    cfg = _cfg(tmp_path, "[document]\nsigner_name = Trần Văn Bình\n")
    with pytest.raises(ConfigError) as exc:
        load_settings(cfg)
    assert str(exc.value) == (
        f"Tệp cấu hình {cfg} viết sai cú pháp TOML ở dòng 2, cột 15 (“signer_name = Trần Văn "
        "Bình”): chữ phải đặt trong dấu nháy kép, ví dụ khóa = \"nội dung\".")


def test_quoted_day_first_dates_are_accepted(tmp_path):
    cfg = _cfg(tmp_path, '[document]\ndate = "12/08/2013"\ndeadline = "25/07/2013"\n'
                         'correction_days = "5/8/2013"\n')
    doc = load_settings(cfg).document
    assert doc.date == dt.date(2013, 8, 12)
    assert doc.deadline_for(2013) == dt.date(2013, 7, 25)
    assert doc.correction_due(dt.date(2013, 7, 30)) == dt.date(2013, 8, 5)
    iso = load_settings(_cfg(tmp_path, "[document]\ndate = 2013-08-12\n")).document
    assert iso.date == dt.date(2013, 8, 12)


def test_impossible_date_is_named(tmp_path):
    with pytest.raises(ConfigError) as exc:
        load_settings(_cfg(tmp_path, '[document]\ndate = "31/02/2013"\n'))
    assert str(exc.value) == ("Mục [document] date: “31/02/2013” không phải một ngày hợp lệ; "
                              "viết dạng \"12/08/2013\" (ngày/tháng/năm) hoặc 2013-08-12.")


def test_misspelt_keys_get_a_suggestion(tmp_path):
    with pytest.raises(ConfigError) as exc:
        load_settings(_cfg(tmp_path, '[document]\nsigner_nam = "Trần Văn Bình"\n'))
    assert str(exc.value) == "Mục [document] có khóa “signer_nam” không dùng được; có phải là " \
                             "“signer_name”?"
    with pytest.raises(ConfigError) as exc:
        load_settings(_cfg(tmp_path, '[data]\ncomentary = "nx.md"\n'))
    assert str(exc.value) == "Mục [data] có khóa “comentary” không dùng được; có phải là " \
                             "“commentary”?"
    with pytest.raises(ConfigError) as exc:
        load_settings(_cfg(tmp_path, '[data]\nxyz = 1\n'))
    assert str(exc.value) == ("Mục [data] có khóa “xyz” không dùng được; các khóa dùng được: "
                              "units, catalogue, commentary, store.")


def test_cli_prints_section_names_of_config_errors(tmp_path, capsys):
    from report_gen.cli import main
    cfg = _cfg(tmp_path, '[document]\nsigner_nam = "Trần Văn Bình"\n')
    assert main(["--config", str(cfg), "units", "--year", "2012"]) == 2
    err = " ".join(capsys.readouterr().err.split())
    assert ("Lỗi cấu hình: Mục [document] có khóa “signer_nam” không dùng được; có phải là "
            "“signer_name”?") in err


def test_placeholders_are_the_keys_the_user_did_not_set(tmp_path):
    assert load_settings(workdir=tmp_path).document.placeholders == ("signer_name", "number")
    doc = load_settings(_cfg(tmp_path, '[document]\nnumber = "15/BC-BCĐ"\n')).document
    assert doc.placeholders == ("signer_name",)
    assert doc.placeholder_notes() == [
        "Chưa đặt người ký trong tệp cấu hình (mục [document] signer_name): báo cáo đang dùng "
        "giá trị mẫu “Nguyễn Văn A”."]
