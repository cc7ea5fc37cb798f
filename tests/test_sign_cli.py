"""Issue 16: `report-gen sign` from report_gen.toml, and the [sign.*] sections refused with
exact Vietnamese messages when a key is misspelt, missing or of the wrong kind."""

from __future__ import annotations

import dataclasses
import shutil
from pathlib import Path

import pytest

from report_gen.cli import main
from report_gen.config import ConfigError
from report_gen.sign import from_settings
from report_gen.sign.config import Pkcs11Key, Pkcs12Key
from tests.support.signing import copy_build, pki  # noqa: F401

CONFIG = """
[sign.person]
p12 = "khoa/nguoi_ky.p12"
image = "anh/chu_ky.png"

[sign.organisation]
p12 = "khoa/co_quan.p12"
image = "anh/con_dau.png"
seal_size_mm = 36
"""


@pytest.fixture
def workdir(tmp_path, pki):
    """A working folder with report_gen.toml, the keys and images beside it (relative paths)."""
    folder = pki.root_pem.parent
    (tmp_path / "khoa").mkdir()
    (tmp_path / "anh").mkdir()
    for name in ("nguoi_ky.p12", "co_quan.p12"):
        shutil.copy(folder / name, tmp_path / "khoa" / name)
    for name in ("chu_ky.png", "con_dau.png"):
        shutil.copy(folder / name, tmp_path / "anh" / name)
    (tmp_path / "report_gen.toml").write_text(CONFIG, encoding="utf-8")
    return tmp_path


def _settings(settings, base: Path, sign: dict):
    return dataclasses.replace(settings, extra={**settings.extra, "sign": sign}, base_dir=base)


def test_paths_are_relative_to_the_configuration_file(workdir):
    from report_gen.config import load_settings
    loaded = load_settings(workdir / "report_gen.toml")
    person = from_settings(loaded, "person")
    org = from_settings(loaded, "organisation")
    assert person.key == Pkcs12Key(workdir / "khoa" / "nguoi_ky.p12")
    assert person.image == workdir / "anh" / "chu_ky.png"
    assert (org.key, org.seal_size_mm) == (Pkcs12Key(workdir / "khoa" / "co_quan.p12"), 36.0)


def test_a_token_is_a_module_a_token_label_and_a_key_label(settings, workdir):
    module = workdir / "khoa" / "libtoken.so"
    module.write_bytes(b"")
    role = from_settings(_settings(settings, workdir, {"organisation": {
        "pkcs11_module": "khoa/libtoken.so", "token_label": "CoQuan", "key_label": "dau",
        "image": "anh/con_dau.png", "seal_size_mm": 40}}), "organisation")
    assert role.key == Pkcs11Key(module, "CoQuan", "dau", None)


@pytest.mark.parametrize("sign, message", [
    ({}, "Tệp cấu hình chưa có mục [sign.person] (khóa ký số của người có thẩm quyền): xem mục "
         "“Ký số báo cáo” trong README."),
    ({"person": {"p12": "khoa/nguoi_ky.p12", "imgae": "anh/chu_ky.png"}},
     "Mục [sign.person] có khóa không hiểu “imgae” (các khóa dùng được: p12, pkcs11_module, "
     "token_label, key_label, cert_label, image)."),
    ({"person": {"image": "anh/chu_ky.png"}},
     "Mục [sign.person] cần đúng một nguồn khóa: p12 = \"tệp.p12\" (tệp PKCS#12) hoặc "
     "pkcs11_module = \"…\" cùng token_label, key_label (thiết bị ký số USB token)."),
    ({"person": {"p12": "khoa/nguoi_ky.p12"}},
     "Mục [sign.person] thiếu image (ảnh chữ ký, tệp PNG nền trong suốt)."),
    ({"person": {"pkcs11_module": "khoa/nguoi_ky.p12", "key_label": "a",
                 "image": "anh/chu_ky.png"}},
     "Mục [sign.person] dùng pkcs11_module nên cần cả token_label (tên thiết bị) và key_label "
     "(tên khóa trên thiết bị)."),
    ({"persn": {}}, "Tệp cấu hình có mục không hiểu [sign.persn] (chỉ dùng [sign.person] và "
                    "[sign.organisation])."),
])
def test_a_wrong_person_section_is_refused(settings, workdir, sign, message):
    with pytest.raises(ConfigError) as refused:
        from_settings(_settings(settings, workdir, sign), "person")
    assert str(refused.value) == message


def test_a_missing_file_and_a_missing_seal_size_are_refused(settings, workdir):
    with pytest.raises(ConfigError) as refused:
        from_settings(_settings(settings, workdir, {"person": {
            "p12": "khoa/khong_co.p12", "image": "anh/chu_ky.png"}}), "person")
    assert str(refused.value) == (f"Không tìm thấy tệp {workdir / 'khoa' / 'khong_co.p12'} "
                                  "(mục [sign.person], p12).")
    with pytest.raises(ConfigError) as refused:
        from_settings(_settings(settings, workdir, {"organisation": {
            "p12": "khoa/co_quan.p12", "image": "anh/con_dau.png"}}), "organisation")
    assert str(refused.value) == (
        "Mục [sign.organisation] cần seal_size_mm: đường kính thật của con dấu, tính bằng "
        "milimét (từ 10 đến 80), ví dụ seal_size_mm = 36.")


def test_sign_as_person_then_organisation_from_the_command_line(built_2012, workdir, capsys,
                                                                monkeypatch):
    monkeypatch.setenv("COLUMNS", "300")
    monkeypatch.setenv("REPORT_GEN_SIGN_PERSON_PASSWORD", "mat-khau-thu")
    monkeypatch.setenv("REPORT_GEN_SIGN_ORG_PASSWORD", "mat-khau-thu")
    out = copy_build(built_2012, workdir / "out")
    args = ["--config", str(workdir / "report_gen.toml"), "sign", "--year", "2012"]
    assert main([*args, "--as", "organisation", "--out", str(out)]) == 1
    assert capsys.readouterr().err.strip() == (
        "Không ký: chưa có chữ ký số của người có thẩm quyền trên báo cáo năm 2012: cơ quan ký "
        "sau (chạy “report-gen sign --year 2012 --as person” trước).")
    assert main([*args, "--as", "person", "--out", str(out)]) == 0
    lines = capsys.readouterr().out.splitlines()
    assert lines[0].startswith("Đã ký số của người có thẩm quyền (Nguyễn Văn A, lúc 20")
    assert lines[0].endswith(f"+07:00) vào {out / 'bao_cao_2012_da_ky.pdf'}.")
    assert lines[1] == ("Bước tiếp theo: văn thư ký số của cơ quan (“report-gen sign --year 2012 "
                        "--as organisation”).")
    assert main([*args, "--as", "organisation", "--out", str(out)]) == 0
    out_text = capsys.readouterr().out
    assert "mat-khau-thu" not in out_text
    assert out_text.splitlines()[-1] == ("Báo cáo đã đủ chữ ký số của người có thẩm quyền và "
                                         "của cơ quan.")


def test_a_certificate_in_another_name_than_the_signer_is_pointed_out(built_2012, workdir,
                                                                      capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "300")
    monkeypatch.setenv("REPORT_GEN_SIGN_PERSON_PASSWORD", "mat-khau-thu")
    config = workdir / "report_gen.toml"
    config.write_text(CONFIG + '[document]\nsigner_name = "Trần Văn Bình"\n', encoding="utf-8")
    out = copy_build(built_2012, workdir / "out")
    assert main(["--config", str(config), "sign", "--year", "2012", "--as", "person", "--out",
                 str(out)]) == 0
    assert capsys.readouterr().out.splitlines()[1] == (
        "Lưu ý: chứng thư số đứng tên “Nguyễn Văn A”, còn báo cáo ghi người ký “Trần Văn Bình” "
        "([document] signer_name): kiểm tra lại trước khi văn thư ký số của cơ quan.")


def test_a_wrong_password_is_a_message_and_exit_1(built_2012, workdir, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "300")
    monkeypatch.setenv("REPORT_GEN_SIGN_PERSON_PASSWORD", "sai-mat-khau")
    out = copy_build(built_2012, workdir / "out")
    assert main(["--config", str(workdir / "report_gen.toml"), "sign", "--year", "2012",
                 "--as", "person", "--out", str(out)]) == 1
    captured = capsys.readouterr()
    assert captured.err.strip() == ("Không ký: không mở được tệp khóa nguoi_ky.p12: sai mật khẩu "
                                    "hoặc tệp không phải tệp PKCS#12 (.p12, .pfx).")
    assert "sai-mat-khau" not in captured.out + captured.err


def test_a_misspelt_key_is_a_configuration_error_exit_2(workdir, capsys, monkeypatch):
    monkeypatch.setenv("COLUMNS", "300")
    config = workdir / "report_gen.toml"
    config.write_text(CONFIG.replace("seal_size_mm", "seal_size"), encoding="utf-8")
    assert main(["--config", str(config), "sign", "--year", "2012", "--as", "organisation"]) == 2
    assert capsys.readouterr().err.strip() == (
        "Lỗi cấu hình: Mục [sign.organisation] có khóa không hiểu “seal_size” (các khóa dùng "
        "được: p12, pkcs11_module, token_label, key_label, cert_label, image, seal_size_mm).")
