"""The command line, in Vietnamese, as a thin layer over the library."""

import pytest

from report_gen.cli import main
from tests.support.paths import SAMPLES
from tests.support.samples import copy_sample


def test_help_is_vietnamese(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["--help"])
    assert exit_.value.code == 0
    out = capsys.readouterr().out
    assert out.startswith("Cách dùng: report-gen")
    assert "hiện hướng dẫn này rồi thoát" in out
    assert "lập báo cáo năm (PDF, HTML, Excel, JSON)" in out
    assert "show this help" not in out and "usage:" not in out


def test_missing_argument_message_is_vietnamese(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["template", "--out", "x"])
    assert exit_.value.code == 2
    assert "lỗi: thiếu đối số bắt buộc: --year" in capsys.readouterr().err


def test_template_writes_one_form_per_unit(tmp_path, capsys):
    assert main(["template", "--year", "2012", "--out", str(tmp_path)]) == 0
    assert len(list(tmp_path.glob("bieu_mau_2012_*.xlsx"))) == 15
    assert "Đã tạo 15 biểu mẫu năm 2012" in capsys.readouterr().out
    assert main(["template", "--year", "2012", "--out", str(tmp_path / "one"), "--unit", "co_to"]) == 0
    assert [p.name for p in (tmp_path / "one").iterdir()] == ["bieu_mau_2012_CO_TO.xlsx"]
    # by name, as officers say it
    assert main(["template", "--year", "2012", "--out", str(tmp_path / "name"),
                 "--unit", "Tiên Yên"]) == 0
    assert [p.name for p in (tmp_path / "name").iterdir()] == ["bieu_mau_2012_TIEN_YEN.xlsx"]


def test_check_clean_sample_exits_0(capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "200")  # one message per line, whatever the terminal
    assert main(["check", str(SAMPLES / "2012"), "--year", "2012"]) == 0
    out = capsys.readouterr().out
    assert "Năm 2012: 15/15 đơn vị đã gửi, 0 đơn vị chưa gửi" in out
    assert "0 lỗi." in out
    assert "nhan_xet.md: tệp nhận xét của Ban Chỉ đạo, dùng cho phần đánh giá của báo cáo" in out


def test_check_with_a_missing_unit_exits_1_and_names_it(tmp_path, capsys):
    folder = copy_sample(2012, tmp_path / "2012", without=("co_to_2012.xlsx",))
    assert main(["check", str(folder)]) == 1  # year taken from the folder name
    out = capsys.readouterr().out
    # the province's problems under a heading of their own, not under the last file's
    assert "\nToàn tỉnh\n  Lỗi: Đơn vị Huyện Cô Tô chưa gửi báo cáo." in out
    assert "14/15 đơn vị đã gửi, 1 đơn vị chưa gửi" in out
