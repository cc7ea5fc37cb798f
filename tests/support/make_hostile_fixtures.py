"""Make the hostile workbooks of tests/fixtures/hostile/ (run from the repository root:
python -m tests.support.make_hostile_fixtures).

Every fixture is derived from the 2012 sample of Hạ Long or built from scratch, small enough to
commit (the bombs are bombs once inflated, not on disk). Files that cannot live in git (FIFOs,
symlinks, a 30 MB file) are made by the tests themselves in a temporary folder."""

from __future__ import annotations

import datetime as dt
import io
import zipfile
from pathlib import Path

from openpyxl import Workbook

from tests.support.paths import HOSTILE as OUT
from tests.support.paths import SAMPLES
from tests.support.workbooks import edit_form

SAMPLE = SAMPLES / "2012" / "ha_long_2012.xlsx"

LAUGHS = (b'<!DOCTYPE lolz [<!ENTITY lol "lol">'
          + b"".join(b'<!ENTITY lol%d "%s">' % (i, (b"&lol%d;" % (i - 1) if i > 1 else b"&lol;") * 10)
                     for i in range(1, 10))
          + b"]>")
XML_DECL = b'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'


def _rezip(src: Path, dst: Path, edit: dict[str, bytes | None] | None = None,
           extra: list[tuple[str, bytes]] | None = None) -> None:
    """Copy a zip, replacing (or, with None, dropping) parts and appending others."""
    edit = edit or {}
    with zipfile.ZipFile(src) as zin, zipfile.ZipFile(dst, "w", zipfile.ZIP_DEFLATED,
                                                      compresslevel=9) as zout:
        for info in zin.infolist():
            data = edit.get(info.filename, zin.read(info.filename))
            if data is not None:
                zout.writestr(info.filename, data)
        for name, data in extra or []:
            zout.writestr(name, data)


def _part(name: str) -> bytes:
    with zipfile.ZipFile(SAMPLE) as z:
        return z.read(name)


def _with_laughs(xml: bytes) -> bytes:
    """Put a billion-laughs DTD after the XML declaration and use the entity in the document."""
    body = xml.split(b"?>", 1)[1] if xml.startswith(b"<?xml") else xml
    root_end = body.index(b">") + 1
    return XML_DECL + LAUGHS + body[:root_end] + b"<!-- &lol9; -->" + body[root_end:]


def bomb_ratio(dst: Path) -> None:
    """A sheet part padded with 150 MB of blanks: ~150 KB on disk."""
    sheet = _part("xl/worksheets/sheet1.xml")
    padded = sheet.replace(b"</worksheet>", b" " * (150 * 1024 * 1024) + b"</worksheet>")
    _rezip(SAMPLE, dst, {"xl/worksheets/sheet1.xml": padded})


def bomb_entries(dst: Path) -> None:
    """The sample plus 1,500 tiny parts."""
    _rezip(SAMPLE, dst, extra=[(f"xl/media/p{i}.bin", b"") for i in range(1500)])


def bomb_dimension(dst: Path) -> None:
    """Values in A1 and XFD1048576: calamine would allocate 17 billion cells and abort."""
    wb = Workbook()
    ws = wb.active
    ws["A1"] = 1
    ws["XFD1048576"] = 2
    wb.save(dst)


def bomb_dimension_lie(dst: Path) -> None:
    """As above, but the sheet declares <dimension ref="A1:B2"/>."""
    buf = io.BytesIO()
    bomb_dimension(buf)  # type: ignore[arg-type]
    buf.seek(0)
    with zipfile.ZipFile(buf) as z:
        sheet = z.read("xl/worksheets/sheet1.xml")
    sheet = sheet.replace(b'ref="A1:XFD1048576"', b'ref="A1:B2"')
    tmp = dst.with_suffix(".tmp")
    tmp.write_bytes(buf.getvalue())
    _rezip(tmp, dst, {"xl/worksheets/sheet1.xml": sheet})
    tmp.unlink()


def bomb_implicit(dst: Path) -> None:
    """Rows and cells without r attributes: 3,000 empty rows, then 1,000 valued cells."""
    sheet = _part("xl/worksheets/sheet3.xml")
    head, tail = sheet.split(b"<sheetData>", 1)[0], sheet.split(b"</sheetData>", 1)[1]
    data = (b"<sheetData>" + b"<row/>" * 3000 + b"<row>" + b'<c t="n"><v>1</v></c>' * 1000
            + b"</row></sheetData>")
    _rezip(SAMPLE, dst, {"xl/worksheets/sheet3.xml": head + data + tail})


_ODS_MANIFEST = (b'<?xml version="1.0" encoding="UTF-8"?><manifest:manifest xmlns:manifest='
                 b'"urn:oasis:names:tc:opendocument:xmlns:manifest:1.0" manifest:version="1.2">'
                 b'<manifest:file-entry manifest:full-path="/" manifest:media-type='
                 b'"application/vnd.oasis.opendocument.spreadsheet"/><manifest:file-entry '
                 b'manifest:full-path="content.xml" manifest:media-type="text/xml"/>'
                 b"</manifest:manifest>")


def _ods(dst: Path, rows: bytes, dtd: bytes = b"") -> None:
    content = (XML_DECL + dtd
               + b'<office:document-content xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
               b'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
               b'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" office:version="1.2">'
               b'<office:body><office:spreadsheet><table:table table:name="Sheet1">'
               + rows + b"</table:table></office:spreadsheet></office:body></office:document-content>")
    with zipfile.ZipFile(dst, "w") as z:
        z.writestr(zipfile.ZipInfo("mimetype"), b"application/vnd.oasis.opendocument.spreadsheet")
        z.writestr("META-INF/manifest.xml", _ODS_MANIFEST, zipfile.ZIP_DEFLATED)
        z.writestr("content.xml", content, zipfile.ZIP_DEFLATED)


def bomb_ods(dst: Path) -> None:
    """One valued cell repeated over 16,384 columns and 1,000,000 rows."""
    _ods(dst, b'<table:table-row table:number-rows-repeated="1000000">'
              b'<table:table-cell table:number-columns-repeated="16384" office:value-type="float" '
              b'office:value="1"><text:p>1</text:p></table:table-cell></table:table-row>')


def laughs_ods(dst: Path) -> None:
    _ods(dst, b'<table:table-row><table:table-cell office:value-type="string">'
              b"<text:p>&lol9;</text:p></table:table-cell></table:table-row>", LAUGHS)


def laughs(part: str):
    def make(dst: Path) -> None:
        _rezip(SAMPLE, dst, {part: _with_laughs(_part(part))})
    return make


def not_a_workbook(dst: Path) -> None:
    dst.write_bytes(b"<html><body>Bao cao 19-8</body></html>\n" * 20)


def truncated(dst: Path) -> None:
    data = SAMPLE.read_bytes()
    dst.write_bytes(data[: len(data) // 2])


def empty_file(dst: Path) -> None:
    dst.write_bytes(b"")


ABSURD = {
    "MH_MOI": -5,
    "MH_HIEU_QUA": 1e300,
    "LL_CONG_AN_XA": "NaN",
    "LL_BAO_VE_DAN_PHO": "inf",
    "LL_TRAT_TU_VIEN": "x" * (1024 * 1024),
    "LL_TO_LIEN_GIA": dt.datetime(2012, 8, 19),
    "LL_TO_HOA_GIAI": "-Infinity",
    "TT_BUOI": "1e300",
    "KQ_THUOC_NO": -0.5,
}


def absurd_values(dst: Path) -> None:
    edit_form(SAMPLE, ABSURD, dst)


INJECTED = {5: "<script>alert(1)</script>", 6: '=HYPERLINK("http://x")'}


def injection(dst: Path) -> None:
    edit_form(SAMPLE, {}, dst, INJECTED)


# name -> maker; the names are the ones the tests expect.
FIXTURES = {
    "bomb_ratio.xlsx": bomb_ratio,
    "bomb_entries.xlsx": bomb_entries,
    "bomb_dimension.xlsx": bomb_dimension,
    "bomb_dimension_lie.xlsx": bomb_dimension_lie,
    "bomb_implicit.xlsx": bomb_implicit,
    "bomb_repeat.ods": bomb_ods,
    "laughs_sheet.xlsx": laughs("xl/worksheets/sheet1.xml"),
    "laughs_workbook.xlsx": laughs("xl/workbook.xml"),
    "laughs_styles.xlsx": laughs("xl/styles.xml"),
    "laughs_content_types.xlsx": laughs("[Content_Types].xml"),
    "laughs.ods": laughs_ods,
    "not_a_workbook.xlsx": not_a_workbook,
    "truncated.xlsx": truncated,
    "empty.xls": empty_file,
    "absurd_values.xlsx": absurd_values,
    "injection.xlsx": injection,
}


def main() -> None:
    OUT.mkdir(parents=True, exist_ok=True)
    for name, make in FIXTURES.items():
        make(OUT / name)
        print(f"{name}: {(OUT / name).stat().st_size:,} bytes")


if __name__ == "__main__":
    main()
