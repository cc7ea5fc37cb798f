"""The archive pre-check's limits, each at its boundary (issue 18, mutation survivors): the entry
count, the size of a part that is not XML, the ratio limit's floor, which parts get their prolog
checked for a DTD, and a DTD split across two read chunks. Small zips built here, in
milliseconds; the limits are typed by hand from the module's documented values."""

from __future__ import annotations

import random
import zipfile
from pathlib import Path

import pytest

from report_gen.intake.archive_check import Refused, precheck

MAX_ENTRIES = 1000  # "a thousand is already absurd"
MAX_XML_BYTES = 100 * 1024 * 1024
MIN_RATIO_BYTES = 1024 * 1024
BOMB = ("tệp nén bất thường: giải nén ra dung lượng quá lớn (bom giải nén); "
        "nghi là tệp độc hại, không đọc")
DOCTYPE = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "b">]>'


def _laughs(part: str) -> str:
    return (f"phần “{part}” của tệp có khai báo DOCTYPE/ENTITY (kiểu tấn công “billion laughs”); "
            "nghi là tệp độc hại, không đọc")


def _zip(path: Path, parts: dict[str, bytes]) -> Path:
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return path


def _refusal(path: Path) -> str | None:
    try:
        precheck(path)
    except Refused as exc:
        return exc.args[0]
    return None


def test_a_thousand_entries_pass_one_more_is_refused(tmp_path):
    ok = _zip(tmp_path / "ok.xlsx", {f"p{i}.txt": b"" for i in range(MAX_ENTRIES)})
    assert _refusal(ok) is None
    many = _zip(tmp_path / "many.xlsx", {f"p{i}.txt": b"" for i in range(MAX_ENTRIES + 1)})
    assert _refusal(many) == ("tệp nén chứa 1001 thành phần (giới hạn 1000); nghi là tệp độc "
                              "hại, không đọc")


def _zeros(path: Path, name: str, size: int) -> Path:
    """One part of `size` zero bytes, streamed (never `size` bytes in memory)."""
    with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED, compresslevel=1) as z:
        with z.open(name, "w", force_zip64=True) as fh:
            block = bytes(1024 * 1024)
            for _ in range(size // len(block)):
                fh.write(block)
            fh.write(bytes(size % len(block)))
    return path


def test_a_part_that_is_not_xml_is_refused_past_the_total_size(tmp_path):
    assert _refusal(_zeros(tmp_path / "at.xlsx", "xl/media/image1.bin", MAX_XML_BYTES)) is None
    assert _refusal(_zeros(tmp_path / "over.xlsx", "xl/media/image1.bin",
                           MAX_XML_BYTES + 1)) == BOMB


def _sheet(filler: int) -> bytes:
    """A sheet part of exactly MIN_RATIO_BYTES + `filler` bytes, zeros of an XML comment."""
    head, tail = b"<worksheet><!--", b"--></worksheet>"
    return head + b"0" * (MIN_RATIO_BYTES + filler - len(head) - len(tail)) + tail


def test_the_ratio_limit_starts_past_its_floor(tmp_path):
    """Both parts inflate ~1000:1; only the one past MIN_RATIO_BYTES is a bomb."""
    at = _zip(tmp_path / "at.xlsx", {"xl/worksheets/sheet1.xml": _sheet(0)})
    assert _refusal(at) is None
    over = _zip(tmp_path / "over.xlsx", {"xl/worksheets/sheet1.xml": _sheet(1)})
    assert _refusal(over) == BOMB


@pytest.mark.parametrize("part", ["_rels/.rels", "xl/drawings/vmlDrawing1.vml",
                                  "xl/theme/theme1.xml", "XL/STYLES.XML"])
def test_the_prolog_of_each_xml_kind_is_checked(tmp_path, part):
    path = _zip(tmp_path / "x.xlsx", {part: DOCTYPE + b"<x/>"})
    assert _refusal(path) == _laughs(part)


def test_a_part_that_is_not_xml_is_not_parsed(tmp_path):
    assert _refusal(_zip(tmp_path / "x.xlsx", {"xl/media/a.bin": DOCTYPE + b"<x/>"})) is None
    assert _refusal(_zip(tmp_path / "d.xlsx", {"xl/": b""})) is None


def test_a_small_part_is_checked_up_to_its_root_only(tmp_path):
    """Text after the root element is not a DTD: "<!DOCTYPE" in a comment of styles.xml."""
    after_root = b"<?xml version='1.0'?><styleSheet><!-- <!DOCTYPE x> --></styleSheet>"
    assert _refusal(_zip(tmp_path / "x.xlsx", {"xl/styles.xml": after_root})) is None


def test_a_large_part_is_checked_through(tmp_path):
    """A part other than a sheet, declared over 1 MB, is read through: a DTD anywhere is found."""
    noise = random.Random(18).randbytes(MIN_RATIO_BYTES // 2).hex().encode()  # inflates ~2:1
    big = b"<styleSheet>" + noise + b"<!DOCTYPE x></styleSheet>"
    path = _zip(tmp_path / "x.xlsx", {"xl/styles.xml": big})
    assert _refusal(path) == _laughs("xl/styles.xml")


@pytest.mark.parametrize("offset", [64 * 1024 - 3, 64 * 1024 - 1, 4096 - 4])
def test_a_doctype_split_between_two_chunks_is_found(tmp_path, offset):
    """The part is read in chunks: the declaration may straddle two of them."""
    data = b"<worksheet>" + b" " * (offset - len(b"<worksheet>")) + b"<!DOCTYPE x>" \
        + b" " * 70_000 + b"</worksheet>"
    for part in ("xl/worksheets/sheet1.xml", "content.xml"):
        path = _zip(tmp_path / "x.zip", {part: data})
        assert _refusal(path) == _laughs(part)


def test_a_doctype_before_the_root_after_the_first_read(tmp_path):
    """A prolog longer than one read (4 KB) is still read up to its root element."""
    data = b"<?xml version='1.0'?>" + b" " * 5000 + b"<!DOCTYPE x>" + b"<styleSheet/>"
    assert _refusal(_zip(tmp_path / "x.xlsx", {"xl/styles.xml": data})) == _laughs(
        "xl/styles.xml")
