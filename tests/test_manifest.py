"""The record of the last build (report_gen.outputs.manifest): what `send` and `sign` check
before they touch a review."""

from __future__ import annotations

import hashlib
import os
import shutil

from report_gen import text as vn
from report_gen.outputs import manifest
from report_gen.pipeline import build
from tests.support.paths import SAMPLES


def test_the_build_records_each_output_with_its_sha256_and_the_inputs_it_read(built_2012):
    cons, outputs = built_2012
    m = manifest.load(outputs.pdf.parent, 2012)
    assert outputs.manifest == outputs.pdf.parent / ".bao_cao_2012.build.json"
    assert m.year == 2012 and m.draft is False
    assert m.outputs["pdf"].file == "bao_cao_2012.pdf"
    assert m.outputs["pdf"].sha256 == hashlib.sha256(outputs.pdf.read_bytes()).hexdigest()
    assert m.outputs["xlsx"].size == outputs.xlsx.stat().st_size
    assert [i.file for i in m.inputs] == sorted(
        p.name for p in (SAMPLES / "2012").iterdir())
    assert m.number == "12/BC-BCĐ"
    assert m.subject == "Kết quả phong trào toàn dân bảo vệ an ninh Tổ quốc năm 2012"
    assert manifest.stale_reasons(m, outputs.pdf.parent) == []


def test_a_changed_pdf_a_new_input_and_an_edited_input_are_each_named(tmp_path, settings):
    inputs = tmp_path / "in"
    shutil.copytree(SAMPLES / "2011", inputs)
    out = tmp_path / "out"
    build(inputs, 2011, settings, out, store_path=None, record=False)
    m = manifest.load(out, 2011)
    assert manifest.stale_reasons(m, out) == []

    first = sorted(inputs.iterdir())[0]
    st = first.stat()
    os.utime(first, ns=(st.st_atime_ns, st.st_mtime_ns + 1_000_000_000))
    (inputs / "ba_che_sua.xlsx").write_bytes(b"x")
    with open(out / "bao_cao_2011.pdf", "ab") as f:
        f.write(b"%")
    assert manifest.stale_reasons(m, out) == [
        f"tệp bao_cao_2011.pdf đã bị thay đổi sau lần lập báo cáo cuối "
        f"({vn.moment(m.built_at)})",
        "thư mục số liệu có tệp mới sau lần lập báo cáo cuối: ba_che_sua.xlsx",
        f"thư mục số liệu có tệp đã sửa sau lần lập báo cáo cuối: {first.name}",
    ]


def test_no_build_yet_says_which_command_to_run(tmp_path):
    try:
        manifest.load(tmp_path, 2013)
    except manifest.ManifestError as exc:
        assert str(exc) == (f"chưa có báo cáo năm 2013 trong thư mục {tmp_path}: hãy chạy "
                            f"“report-gen build … --year 2013 --out {tmp_path}” trước")
    else:
        raise AssertionError("no error")
