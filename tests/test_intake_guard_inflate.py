"""The pre-check inflates small parts straight from the archive's bytes: it measures what the
stream really holds, never the size the header declares, and reads what zipfile reads."""

from __future__ import annotations

import io
import random
import struct
import zipfile

import pytest

from report_gen.intake import zip_parts
from report_gen.intake.archive_check import Refused, precheck

SHEET = "xl/worksheets/sheet1.xml"


def _zip(path, parts: dict[str, bytes], method=zipfile.ZIP_DEFLATED) -> None:
    with zipfile.ZipFile(path, "w", method) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)


def _declare_size(path, name: str, size: int) -> None:
    """Rewrite the uncompressed size the local header and the central directory declare for
    `name` (what a hostile archive does to slip a bomb past a reader that trusts it)."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as zf:
        info = zf.getinfo(name)
    o = info.header_offset
    struct.pack_into("<I", data, o + 22, size)               # local file header
    for pos in _all(data, b"PK\x01\x02"):                     # central directory entries
        n = struct.unpack_from("<H", data, pos + 28)[0]
        if bytes(data[pos + 46:pos + 46 + n]) == name.encode():
            struct.pack_into("<I", data, pos + 24, size)
    path.write_bytes(bytes(data))


def _all(data: bytearray, needle: bytes):
    pos = data.find(needle)
    while pos != -1:
        yield pos
        pos = data.find(needle, pos + 1)


def test_a_bomb_whose_header_declares_a_small_size_is_refused(tmp_path):
    """20 MB of one byte deflate to about 20 KB (ratio ~1000); the header says 1,000 bytes.
    zipfile's reader stops at the declared size; the pre-check inflates the real stream."""
    path = tmp_path / "bomb.xlsx"
    _zip(path, {"xl/workbook.xml": b"<workbook/>", SHEET: b"<worksheet>" + b" " * 20_000_000})
    _declare_size(path, SHEET, 1_000)
    with zipfile.ZipFile(path) as zf:
        info = zf.getinfo(SHEET)
        assert (info.file_size, info.compress_size < 64 * 1024) == (1_000, True)
        # zipfile's reader trusts the header: it stops after 1,000 bytes, on a bad CRC
        with zf.open(info) as fh, pytest.raises(zipfile.BadZipFile, match="Bad CRC-32"):
            fh.read()
    with pytest.raises(Refused) as exc:
        precheck(path)
    assert exc.value.args[0] == ("tệp nén bất thường: giải nén ra dung lượng quá lớn (bom giải "
                                 "nén); nghi là tệp độc hại, không đọc")


@pytest.mark.parametrize("method", [zipfile.ZIP_DEFLATED, zipfile.ZIP_STORED])
def test_the_fast_reader_reads_what_zipfile_reads(tmp_path, method):
    text = ('<?xml version="1.0"?><worksheet><sheetData>'
            + "".join(f'<row r="{r}"><c r="A{r}"><v>{r}</v></c></row>' for r in range(1, 1200))
            + "</sheetData></worksheet>").encode()
    path = tmp_path / "book.xlsx"
    _zip(path, {SHEET: text}, method)
    data = path.read_bytes()
    with zip_parts.Archive(zipfile.ZipFile(io.BytesIO(data)), data) as zf:
        info = zf.getinfo(SHEET)
        with zf.open(info) as fh:
            assert isinstance(fh, zip_parts.Inflater)
            chunks = []
            while chunk := fh.read(4096):
                assert len(chunk) <= 4096
                chunks.append(chunk)
    assert b"".join(chunks) == text


def test_a_big_or_encrypted_part_is_read_by_zipfile(tmp_path):
    path = tmp_path / "book.xlsx"
    _zip(path, {SHEET: random.Random(1).randbytes(200_000)})  # does not compress
    data = path.read_bytes()
    with zip_parts.Archive(zipfile.ZipFile(io.BytesIO(data)), data) as zf:
        info = zf.getinfo(SHEET)
        assert info.compress_size > 64 * 1024
        with zf.open(info) as fh:
            assert isinstance(fh, zipfile.ZipExtFile)
        info.flag_bits |= 1  # encrypted: zipfile knows how to refuse it
        assert zip_parts.Archive._raw(zf, info) is None


def test_a_damaged_stream_ends_the_part_quietly_for_the_parser_to_report(tmp_path):
    path = tmp_path / "book.xlsx"
    _zip(path, {"xl/workbook.xml": b"<workbook/>",
                SHEET: b'<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c></row>'
                       b"</sheetData></worksheet>" * 50})
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(io.BytesIO(bytes(data))) as zf:
        info = zf.getinfo(SHEET)
    start = info.header_offset + 30 + len(SHEET)
    data[start:start + 8] = b"\xff" * 8  # not a deflate stream any more
    path.write_bytes(bytes(data))
    precheck(path)  # no refusal, no exception: python-calamine says the file is damaged
