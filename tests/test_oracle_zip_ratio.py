"""Oracle for the compression-ratio limit of the archive pre-check (issue 18).

The committed bomb_ratio.xlsx inflates to 150 MB, past MAX_XML_BYTES, so the total-size budget
refuses it whatever the ratio limit is. Here the sheet part is built so that ONLY the ratio limit
can fire: its inflated size is read from the module's constants and kept well under the total
budget, while its deflate ratio (~1000:1 for repeated bytes) is far above MAX_RATIO."""

from __future__ import annotations

import time
import zipfile

import pytest

from report_gen.intake import archive_check
from report_gen.intake.archive_check import Refused, precheck
from report_gen.intake.submission import IntakeContext, read_submission
from report_gen.model import REJECTED
from tests.support.paths import SAMPLES

SAMPLE = SAMPLES / "2012" / "ha_long_2012.xlsx"
SHEET = "xl/worksheets/sheet1.xml"
# Typed by hand from the module's reason text (not taken from the module).
BOMB = ("tệp nén bất thường: giải nén ra dung lượng quá lớn (bom giải nén); "
        "nghi là tệp độc hại, không đọc")


def _ratio_bomb(dst):
    """The Hạ Long 2012 sample with its first sheet padded by repeated empty comments (inside the
    root element, after sheetData) up to 8 x MIN_RATIO_BYTES."""
    with zipfile.ZipFile(SAMPLE) as z:
        parts = {i.filename: z.read(i.filename) for i in z.infolist()}
    others = sum(len(v) for k, v in parts.items() if k != SHEET)
    target = 8 * archive_check.MIN_RATIO_BYTES
    assert others + target < archive_check.MAX_XML_BYTES // 4  # far from the total budget
    cell = b"<!-- --> "  # repeated filler: no cell positions, so the area check stays quiet
    pad = cell * (target // len(cell))
    parts[SHEET] = parts[SHEET].replace(b"</worksheet>", pad + b"</worksheet>")
    with zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zout:
        for name, data in parts.items():
            zout.writestr(name, data)
    with zipfile.ZipFile(dst) as z:
        info = z.getinfo(SHEET)
        total = sum(i.file_size for i in z.infolist())
    return info, total


def test_ratio_alone_refuses_a_bomb_under_the_total_budget(tmp_path):
    start = time.perf_counter()
    path = tmp_path / "ratio_only.xlsx"
    info, total = _ratio_bomb(path)
    ratio = info.file_size / info.compress_size
    with pytest.raises(Refused) as exc:
        precheck(path)
    assert exc.value.args[0] == BOMB
    # the fixture is what it claims: past the ratio limit (a few hundred to one), under the
    # total-size limit, so only the ratio limit can have refused it
    assert info.file_size > archive_check.MIN_RATIO_BYTES
    assert ratio > archive_check.MAX_RATIO
    assert total < archive_check.MAX_XML_BYTES
    assert time.perf_counter() - start < 3


def test_ratio_bomb_rejected_in_the_ledger(tmp_path, settings):
    path = tmp_path / "ratio_only.xlsx"
    _ratio_bomb(path)
    ctx = IntakeContext(year=2012, catalogue=settings.catalogue, units=settings.units)
    r = read_submission(path, path.name, ctx)
    assert (r.status, r.reason, [p.code for p in r.problems]) == (
        REJECTED, "Không đọc được tệp: " + BOMB + ".", ["file-unreadable"])
