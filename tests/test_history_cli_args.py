"""The command line's arguments (issue 17, part 4): every positional argument of every command
has a Vietnamese help text, and words left over after an input folder ("check bao cao 2013")
get a hint to quote a folder name with spaces."""

from __future__ import annotations

import argparse

import pytest

from report_gen.cli import _parser, main

WITHOUT_HELP_YET: set[tuple[str, str]] = set()  # every positional has its help
VIETNAMESE = set("ăâđêôơưáàảãạấầẩẫậắằẳẵặéèẻẽẹếềểễệíìỉĩịóòỏõọốồổỗộớờởỡợúùủũụứừửữựýỳỷỹỵ")


def _positionals(parser: argparse.ArgumentParser, path: tuple[str, ...] = ()):
    for action in parser._actions:
        if isinstance(action, argparse._SubParsersAction):
            for name, sub in action.choices.items():
                yield from _positionals(sub, path + (name,))
        elif not action.option_strings:
            yield path, action


def test_every_positional_has_vietnamese_help():
    found = {(" ".join(path), a.dest): a.help for path, a in _positionals(_parser())}
    assert {("history import", "file"), ("history submissions", "year"),
            ("history sent", "year")} <= set(found)
    missing = {key for key, text in found.items() if not (text or "").strip()}
    assert missing == WITHOUT_HELP_YET
    for key, text in found.items():
        if key not in WITHOUT_HELP_YET:
            assert VIETNAMESE & set(text.lower()), (key, text)
    assert found[("history import", "file")] == (
        "tệp tong_hop_<năm>.json hoặc tong_hop_<năm>.xlsx cần nhập")
    assert found[("history submissions", "year")] == "năm báo cáo"


def test_positional_help_is_shown(capsys):
    with pytest.raises(SystemExit):
        main(["history", "submissions", "--help"])
    out = " ".join(capsys.readouterr().out.split())
    assert "NĂM năm báo cáo" in out


@pytest.mark.parametrize("argv, words, hint", [
    (["check", "bao", "cao", "2013", "--year", "2013"], "cao 2013", '"bao cao 2013"'),
    (["build", "--year", "2013", "bao", "cao", "2013"], "cao 2013", '"bao cao 2013"'),
    (["map", "du lieu/bao", "cao"], "cao", '"du lieu/bao cao"'),
])
def test_unquoted_folder_with_spaces_gets_a_hint(argv, words, hint, capsys):
    with pytest.raises(SystemExit) as exit_:
        main(argv)
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert f"report-gen: lỗi: không hiểu các đối số: {words}\n" in err
    assert err.endswith(f"Tên thư mục có dấu cách cần đặt trong ngoặc kép: {hint}\n")
    assert "Traceback" not in err


def test_unknown_option_gets_no_folder_hint(capsys):
    with pytest.raises(SystemExit) as exit_:
        main(["check", "bao_cao", "--nam", "2013"])
    assert exit_.value.code == 2
    err = capsys.readouterr().err
    assert err.endswith("report-gen: lỗi: không hiểu các đối số: --nam 2013\n")
    assert "ngoặc kép" not in err
