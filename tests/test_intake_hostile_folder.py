"""A folder mixing hostile and good files: consolidated within a time and memory bound, the good
units' totals exact; text from submissions escaped in the outputs; outputs written atomically."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from pypdf import PdfReader

from report_gen.intake import entries

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
HOSTILE = HERE / "fixtures" / "hostile"
SAMPLES = ROOT / "sample_inputs" / "2012"
GOOD_FILES = sorted(p.name for p in SAMPLES.glob("*.xlsx"))
REFUSED = sorted(p.name for p in HOSTILE.iterdir()
                 if p.name not in ("absurd_values.xlsx", "injection.xlsx"))
TIME_BOUND = 60.0  # seconds; measured ~3 s here
MEMORY_BOUND = 3 * 1024 ** 3  # address space of the whole run (RLIMIT_AS)


def _mixed_folder(tmp_path: Path) -> Path:
    root = tmp_path / "in"
    (root / "thu_dien_tu").mkdir(parents=True)
    for name in GOOD_FILES:
        shutil.copy(SAMPLES / name, root / name)
    for name in REFUSED:
        shutil.copy(HOSTILE / name, root / "thu_dien_tu" / name)
    outside = tmp_path / "outside.xlsx"
    shutil.copy(SAMPLES / "ha_long_2012.xlsx", outside)
    (root / "thu_dien_tu" / "link_out.xlsx").symlink_to(outside)
    (root / "thu_dien_tu" / "link_etc.xlsx").symlink_to("/etc")
    os.mkfifo(root / "thu_dien_tu" / "fifo.xlsx")
    with open(root / "thu_dien_tu" / "huge.xlsx", "wb") as fh:
        fh.truncate(entries.MAX_FILE_BYTES + 1)
    return root


_RUNNER = r"""
import json, resource, sys, time
from pathlib import Path
limit = int(sys.argv[3])
resource.setrlimit(resource.RLIMIT_AS, (limit, limit))
from report_gen.config import load_settings
from report_gen.pipeline import consolidate
settings = load_settings(config=None, workdir=Path(sys.argv[2]))
start = time.perf_counter()
cons = consolidate(Path(sys.argv[1]), 2012, settings)
elapsed = time.perf_counter() - start
print(json.dumps({
    "elapsed": elapsed,
    "province": {k: cons.agg.province.get(k) for k in ("MH_TONG", "MH_TINH", "MH_HUYEN", "MH_XA")},
    "ledger": {r.file: [r.status, r.reason, r.unit] for r in cons.results},
    "maxrss_kb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss,
    "children_maxrss_kb": resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss,
}))
"""


def test_mixed_folder_bounded_and_exact(tmp_path):
    root = _mixed_folder(tmp_path)
    start = time.perf_counter()
    proc = subprocess.run([sys.executable, "-c", _RUNNER, str(root), str(HERE), str(MEMORY_BOUND)],
                          capture_output=True, text=True, timeout=TIME_BOUND * 2, cwd=ROOT)
    wall = time.perf_counter() - start
    assert proc.returncode == 0, proc.stderr[-2000:]
    out = json.loads(proc.stdout)
    assert out["elapsed"] < TIME_BOUND and wall < TIME_BOUND * 2
    assert out["province"] == {"MH_TONG": 91, "MH_TINH": 5, "MH_HUYEN": 25, "MH_XA": 61}
    ledger = out["ledger"]
    for name in GOOD_FILES:
        assert ledger[name][0] == "accepted", (name, ledger[name])
    for name in REFUSED + ["link_out.xlsx", "link_etc.xlsx", "fifo.xlsx", "huge.xlsx"]:
        status, reason, unit = ledger[f"thu_dien_tu/{name}"]
        start = "Tệp rỗng" if name == "empty.xls" else "Không đọc được tệp"
        assert status == "rejected" and reason.startswith(start), (name, reason)
        assert unit is None
    assert len(ledger) == len(GOOD_FILES) + len(REFUSED) + 4


def _replace_ha_long(tmp_path: Path, fixture: str) -> Path:
    root = tmp_path / "in"
    root.mkdir()
    for name in GOOD_FILES:
        shutil.copy(SAMPLES / name, root / name)
    shutil.copy(HOSTILE / fixture, root / "ha_long_2012.xlsx")
    return root


def test_absurd_values_never_in_a_total(tmp_path, settings):
    from report_gen.pipeline import consolidate
    clean = consolidate(SAMPLES, 2012, settings)
    ha_long = next(r for r in clean.results if r.unit == "HA_LONG")
    cons = consolidate(_replace_ha_long(tmp_path, "absurd_values.xlsx"), 2012, settings)
    r = next(r for r in cons.results if r.unit == "HA_LONG")
    assert r.status == "accepted"
    for code in ("MH_MOI", "MH_HIEU_QUA", "LL_CONG_AN_XA", "LL_BAO_VE_DAN_PHO",
                 "LL_TRAT_TU_VIEN", "LL_TO_LIEN_GIA", "LL_TO_HOA_GIAI", "KQ_THUOC_NO"):
        assert r.values[code] is None
        expected = clean.agg.province[code] - ha_long.values[code]
        assert cons.agg.province[code] == pytest.approx(expected), code
    assert cons.is_draft  # errors in a submission make the review a draft
    # untouched indicators stay exact
    assert cons.agg.province["MH_TONG"] == 91


def test_injected_text_escaped_in_outputs(tmp_path, settings):
    from openpyxl import load_workbook

    from report_gen.pipeline import build
    from tests.support.make_hostile_fixtures import INJECTED
    cons, out = build(_replace_ha_long(tmp_path, "injection.xlsx"), 2012, settings,
                      tmp_path / "out")
    assert cons.agg.province["MH_TONG"] == 91
    names = {m.name for m in cons.agg.models}
    assert set(INJECTED.values()) <= names
    html = out.html.read_text(encoding="utf-8")
    assert "<script>alert(1)" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html
    assert 'href="http://x"' not in html
    wb = load_workbook(out.xlsx)
    cells = [c for ws in wb.worksheets for row in ws.iter_rows() for c in row
             if c.value == '=HYPERLINK("http://x")']
    assert cells and all(c.data_type == "s" for c in cells)
    # the PDF shows the names as typed: literal, neither run nor escaped twice ("&lt;")
    lines = [line for page in PdfReader(out.pdf).pages for line in page.extract_text().splitlines()]
    assert "- “<script>alert(1)</script>” (Thành phố Hạ Long);" in lines
    assert ("1 <script>alert(1)</script> Thành phố Hạ Long huyện Thanh, thiếu niên có nguy cơ vi "
            "phạm pháp luật 2009 x") in lines
    assert '2 =HYPERLINK("http://x") Thành phố Hạ Long huyện Trường học “5 không” 2009' in lines
    assert not [line for line in lines if "&lt;" in line or "&quot;" in line or "&#" in line]


# --- atomic outputs ----------------------------------------------------------------------------------

def test_failed_writer_leaves_previous_file(tmp_path, monkeypatch):
    from report_gen.outputs import pdf_render as pdf_writer
    target = tmp_path / "out" / "bao_cao_2012.pdf"
    target.parent.mkdir()
    target.write_bytes(b"%PDF-previous good review")

    def broken(self, path, *args, **kwargs):
        Path(path).write_bytes(b"%PDF-half")
        raise OSError("disk full")

    monkeypatch.setattr(pdf_writer.HTML, "write_pdf", broken)

    class Doc:
        print_html = "<p>x</p>"

    with pytest.raises(OSError, match="^disk full$"):
        pdf_writer.write_pdf(Doc(), target)
    assert target.read_bytes() == b"%PDF-previous good review"
    assert [p.name for p in target.parent.iterdir()] == ["bao_cao_2012.pdf"]


_KILLED_WRITER = r"""
import sys, time
from pathlib import Path
from report_gen.outputs.atomic import atomic_path
with atomic_path(Path(sys.argv[1])) as tmp:
    with open(tmp, "wb") as fh:
        fh.write(b"%PDF-new but unfinished" + b"x" * 1_000_000)
        fh.flush()
        print("writing", flush=True)
        time.sleep(60)
"""


def test_killed_build_leaves_previous_file(tmp_path):
    target = tmp_path / "tong_hop_2012.xlsx"
    target.write_bytes(b"PK previous good workbook")
    proc = subprocess.Popen([sys.executable, "-c", _KILLED_WRITER, str(target)],
                            stdout=subprocess.PIPE, text=True, cwd=ROOT)
    try:
        assert proc.stdout.readline().strip() == "writing"
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait(10)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert target.read_bytes() == b"PK previous good workbook"
