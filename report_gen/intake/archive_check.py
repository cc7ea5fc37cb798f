"""The archive pre-check: inspect a zip-based workbook before any parser sees it.

Entry count, decompressed size and compression ratio (measured while streaming, never trusted
from the header), DOCTYPE/ENTITY declarations in any XML part, and the area the sheet cells
really span (python-calamine allocates that whole rectangle and aborts the process when it
cannot). Which files are zip archives is the format registry's to say (report_gen.intake.formats);
what the pre-check does not foresee is met by the limited child (report_gen.sandbox).

Limits are module constants; reasons are Vietnamese sentences for the intake ledger."""

from __future__ import annotations

import functools
import html
import io
import re
import zipfile
import zlib
from pathlib import Path
from typing import Callable, Iterator
from xml.etree.ElementTree import ParseError, XMLPullParser

from report_gen.intake.zip_parts import Archive

# A workbook has tens of parts; a thousand is already absurd.
MAX_ZIP_ENTRIES = 1000
# Decompressed bytes read from all XML parts together (a real form: well under 1 MB).
MAX_XML_BYTES = 100 * 1024 * 1024
# A part that inflates more than this ratio (once past MIN_RATIO_BYTES) is a decompression bomb.
# Real sheet XML compresses 5-30:1; highly repetitive but honest XML stays well below 100:1.
MAX_RATIO = 100
MIN_RATIO_BYTES = 1024 * 1024
# Cells of the rectangle from A1 to the last non-empty cell of one sheet. A form is ~100 x 10;
# the parser holds 32 bytes per cell, so this caps one sheet at ~32 MB in the parser.
MAX_SHEET_CELLS = 1_000_000

_CHUNK = 64 * 1024
_DTD = re.compile(rb"<!\s*(DOCTYPE|ENTITY)", re.I)


class Refused(Exception):
    """A file refused before parsing; args[0] is the Vietnamese reason."""


def precheck(path: Path) -> None:
    """Raise Refused when a zip-based workbook would be dangerous to parse. Called for the
    formats the registry marks as archives; a file that is not a zip passes (it is parsed in
    the limited child anyway), and so does a damaged archive the check cannot walk: the parser,
    in its limited process, then says what is wrong with it."""
    try:
        _precheck(Path(path))
    except Refused:
        raise
    except Exception:  # noqa: BLE001 - a damaged archive is the parser's to report
        return


def _precheck(path: Path) -> None:
    try:
        data = path.read_bytes()  # at most entries.MAX_FILE_BYTES: bigger files are not read
        zf = Archive(zipfile.ZipFile(io.BytesIO(data)), data)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError):
        return  # not a zip: the parser gives the "corrupt file" reason
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_ZIP_ENTRIES:
            raise Refused(f"tệp nén chứa {len(infos)} thành phần (giới hạn {MAX_ZIP_ENTRIES}); "
                          "nghi là tệp độc hại, không đọc")
        budget = [MAX_XML_BYTES]
        # read only to name a sheet in a refusal: most files are never refused
        sheet_names = functools.cache(lambda: _sheet_names(zf))
        for info in infos:
            name = info.filename
            if info.is_dir() or not name.lower().endswith((".xml", ".rels", ".vml")):
                if info.file_size > MAX_XML_BYTES:
                    raise Refused(_bomb_reason())
                continue
            lower = name.lower()
            if not lower.startswith("xl/worksheets/") and lower != "content.xml" \
                    and info.file_size <= _SMALL_PART:
                _check_prolog(zf, info)  # styles, theme, rels...: a DTD can only be up front
            else:
                _check_part(zf, info, budget, sheet_names)


# Parts other than sheets, declared this small, get only their prolog checked for a DTD: what a
# lying size hides is met by the reading process's memory limit.
_SMALL_PART = 1024 * 1024
_ROOT = re.compile(rb"<[A-Za-z_]")


def _check_prolog(zf: zipfile.ZipFile, info: zipfile.ZipInfo) -> None:
    """Refuse a DOCTYPE/ENTITY in the prolog of one XML part (before its root element)."""
    head = b""
    try:
        with zf.open(info) as fh:
            while len(head) < _CHUNK:
                chunk = fh.read(4096)
                if not chunk:
                    break
                head += chunk
                if _ROOT.search(head):
                    break
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError,
            RuntimeError, ValueError):
        return
    root = _ROOT.search(head)
    if _DTD.search(head[:root.start()] if root else head):
        raise Refused(f"phần “{info.filename}” của tệp có khai báo DOCTYPE/ENTITY "
                      "(kiểu tấn công “billion laughs”); nghi là tệp độc hại, không đọc")


def _bomb_reason() -> str:
    return ("tệp nén bất thường: giải nén ra dung lượng quá lớn (bom giải nén); "
            "nghi là tệp độc hại, không đọc")


def _stream(zf: zipfile.ZipFile, info: zipfile.ZipInfo, budget: list[int]) -> Iterator[bytes]:
    """The decompressed bytes of one part, in chunks; refuses bombs while reading."""
    total = 0
    try:
        with zf.open(info) as fh:
            while True:
                chunk = fh.read(_CHUNK)
                if not chunk:
                    return
                total += len(chunk)
                budget[0] -= len(chunk)
                if budget[0] < 0:
                    raise Refused(_bomb_reason())
                if total > MIN_RATIO_BYTES and total > MAX_RATIO * max(info.compress_size, 1):
                    raise Refused(_bomb_reason())
                yield chunk
    except (zipfile.BadZipFile, zlib.error, OSError, EOFError, NotImplementedError,
            RuntimeError, ValueError):
        return  # encrypted or damaged part: let the parser report it


def _check_part(zf: zipfile.ZipFile, info: zipfile.ZipInfo, budget: list[int],
                sheet_names: Callable[[], dict[str, str]]) -> None:
    name = info.filename.lower()
    scanner: _XlsxArea | None = None
    ods: _OdsArea | None = None
    if name.startswith("xl/worksheets/") and name.endswith(".xml"):
        part = info.filename.rsplit("/", 1)[-1]
        scanner = _XlsxArea(lambda: sheet_names().get(name, part))
    elif name == "content.xml":
        ods = _OdsArea()
    parser = XMLPullParser(events=("start", "end")) if ods else None
    tail = b""
    buffered: list[bytes] | None = [] if scanner is not None and info.file_size <= _FAST_BYTES \
        else None
    for chunk in _stream(zf, info, budget):
        if buffered is not None:  # the fast path scans the whole part at once, below
            window = tail + chunk
            if _DTD.search(window):
                raise Refused(f"phần “{info.filename}” của tệp có khai báo DOCTYPE/ENTITY "
                              "(kiểu tấn công “billion laughs”); nghi là tệp độc hại, không đọc")
            tail = window[-16:]
            buffered.append(chunk)
            continue
        window = tail + chunk
        if _DTD.search(window):
            raise Refused(f"phần “{info.filename}” của tệp có khai báo DOCTYPE/ENTITY "
                          "(kiểu tấn công “billion laughs”); nghi là tệp độc hại, không đọc")
        if scanner is not None:
            cut = window.rfind(b">") + 1
            scanner.scan(window[:cut])
            tail = window[cut:]
            if len(tail) > _CHUNK:  # a tag that never ends: not XML, the parser will say so
                scanner, tail = None, window[-16:]
        else:
            tail = window[-16:]
        if parser is not None:
            try:
                parser.feed(chunk)
                for event, elem in parser.read_events():
                    ods.event(event, elem)  # type: ignore[union-attr]
            except ParseError:
                parser = None  # malformed XML: the parser reports it as a corrupt file
    if buffered is not None and scanner is not None:
        data = b"".join(buffered)
        if not _fast_area(data, scanner):
            scanner.scan(data)



_RELATIONSHIP = re.compile(rb"<(?:\w+:)?Relationship\b([^>]*)>")
_SHEET = re.compile(rb"<(?:\w+:)?sheet\b([^>]*)>")


def _sheet_names(zf: zipfile.ZipFile) -> dict[str, str]:
    """{"xl/worksheets/sheet1.xml": "Số liệu", ...} from workbook.xml and its rels; best effort."""
    try:
        if zf.getinfo("xl/workbook.xml").file_size > 1024 * 1024 or \
                zf.getinfo("xl/_rels/workbook.xml.rels").file_size > 1024 * 1024:
            return {}
        wb = zf.read("xl/workbook.xml")
        rels = zf.read("xl/_rels/workbook.xml.rels")
    except (KeyError, OSError, zipfile.BadZipFile, zlib.error, RuntimeError, NotImplementedError):
        return {}
    if _DTD.search(wb) or _DTD.search(rels):
        return {}  # refused when the part itself is checked
    targets = {}
    for m in _RELATIONSHIP.finditer(rels):
        rid, target = _attr(m.group(1), b"Id"), _attr(m.group(1), b"Target")
        if rid and target:
            t = target.lstrip("/").lower()  # part names are case-insensitive (OPC)
            targets[rid] = t if t.startswith("xl/") else "xl/" + t
    names = {}
    for m in _SHEET.finditer(wb):
        name, rid = _attr(m.group(1), b"name"), _attr(m.group(1), b"r:id")
        if name and rid in targets:
            names[targets[rid]] = html.unescape(name)
    return names


def _attr(attrs: bytes, key: bytes) -> str | None:
    pattern = _ATTRS.get(key)
    if pattern is None:
        pattern = _ATTRS[key] = re.compile(rb"(?:^|\s)" + re.escape(key) + rb'\s*=\s*"([^"]*)"')
    m = pattern.search(attrs)
    return m.group(1).decode("utf-8", "replace") if m else None


_ATTRS: dict[bytes, re.Pattern[bytes]] = {}


def _n(n: int) -> str:
    return f"{n:,}".replace(",", ".")


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


_REF = re.compile(r"^([A-Z]{1,3})(\d+)$")


def _col_index(letters: str) -> int:
    n = 0
    for ch in letters:
        n = n * 26 + ord(ch) - 64
    return n - 1


class _CellArea:
    """Tracks the last non-empty row and column of one sheet and refuses a huge rectangle."""

    def __init__(self, label: Callable[[], str]) -> None:
        self.label = label  # what the refusal calls the sheet, asked only when refusing
        self.max_row = -1
        self.max_col = -1

    def mark(self, row: int, col: int) -> None:
        if row > self.max_row:
            self.max_row = row
        if col > self.max_col:
            self.max_col = col
        if (self.max_row + 1) * (self.max_col + 1) > MAX_SHEET_CELLS:
            raise Refused(
                f"{self.label()} có ô dữ liệu trải tới dòng {_n(self.max_row + 1)}, cột "
                f"{_n(self.max_col + 1)} (hơn {_n(MAX_SHEET_CELLS)} ô), vượt xa kích thước "
                "một biểu mẫu; đề nghị xóa các ô thừa rồi gửi lại")



_TAG = re.compile(rb"<(?:\w+:)?(c|row)\b([^>]*)>")
# Fast path for sheet parts up to this size: two C-level scans instead of a Python loop per cell.
_FAST_BYTES = 16 * 1024 * 1024
_NAMESPACED = re.compile(rb":(?:c|row)[\s/>]")


def _odd_tag(letters: int) -> re.Pattern[bytes]:
    """A row or cell tag that does not start with a reference within the rectangle of column
    names of at most `letters` letters and as many rows as MAX_SHEET_CELLS allows (in whole
    decimal digits): no reference, another attribute first, a bare or self-closed tag, a
    column name too long, a row number too long or with a leading zero."""
    columns = sum(26 ** k for k in range(1, letters + 1))  # Z: 26, ZZ: 702
    digits = len(str(MAX_SHEET_CELLS // columns + 1)) - 1  # 1,000,000 cells: 9999 rows, 999
    number = rb"[1-9][0-9]{0,%d}" % (digits - 1)
    after = rb"[/>\t\n\r\x0b\x0c]"
    return re.compile(rb'<(?:c(?:' + after + rb'| (?!r="[A-Z]{1,%d}' % letters + number
                      + rb'"))|row(?:' + after + rb'| (?!r="' + number + rb'")))')


# (the rectangle A1:Z9999 or A1:ZZ999, its bound) with MAX_SHEET_CELLS = 1,000,000
_ODD_TAGS = (_odd_tag(1), _odd_tag(2))


def _fast_area(data: bytes, area: "_CellArea") -> bool:
    """True when a sheet written the way spreadsheet programs write it is certainly small:
    every row and cell tag carries its reference first (<row r="12">, <c r="B12">), without a
    namespace prefix, and every reference lies within A1:Z9999 (or A1:ZZ999), which holds
    fewer than MAX_SHEET_CELLS cells. False otherwise: the caller scans cell by cell. The
    references of cells are what count: a cell's own says where the parser puts it, whatever
    its row tag says."""
    if _NAMESPACED.search(data):
        return False
    return any(not odd.search(data) for odd in _ODD_TAGS)


_R_ATTR = re.compile(rb'\sr="([^"]*)"')


class _XlsxArea(_CellArea):
    """sheetN.xml: <row r=".."><c r="A1">..</c></row>, scanned by regular expression (the
    format has no other elements named c or row). r attributes may be missing: then positions
    are implicit, as parsers count them. A self-closed <c .../> holds no value."""

    def __init__(self, sheet: str | Callable[[], str]) -> None:
        name = (lambda: sheet) if isinstance(sheet, str) else sheet
        super().__init__(lambda: f"trang tính “{name()}”")
        self.row = -1
        self.col = -1

    def scan(self, text: bytes) -> None:
        for m in _TAG.finditer(text):
            attrs = m.group(2)
            r = _R_ATTR.search(attrs)
            ref = r.group(1).decode("ascii", "replace") if r else ""
            if m.group(1) == b"row":
                self.row = int(ref) - 1 if ref.isdigit() else self.row + 1
                self.col = -1
                continue
            cm = _REF.match(ref)
            if cm:
                self.col = _col_index(cm.group(1))
                self.row = max(self.row, int(cm.group(2)) - 1)
            else:
                self.col += 1
            if not attrs.endswith(b"/"):
                self.mark(max(self.row, 0), max(self.col, 0))


class _OdsArea(_CellArea):
    """content.xml: table rows and cells with number-rows-repeated / number-columns-repeated."""

    def __init__(self) -> None:
        super().__init__(lambda: "bảng tính trong “content.xml”")
        self.row = 0
        self.col = 0
        self.row_repeat = 1

    def event(self, event: str, elem) -> None:
        tag = _local(elem.tag)
        if event == "start":
            if tag == "table":
                self.row, self.max_row, self.max_col = 0, -1, -1
            elif tag == "table-row":
                self.col = 0
                self.row_repeat = _repeat(elem, "number-rows-repeated")
            return
        if tag in ("table-cell", "covered-table-cell"):
            n = _repeat(elem, "number-columns-repeated")
            if len(elem) or any(_local(k) == "value-type" for k in elem.attrib):
                self.mark(self.row + self.row_repeat - 1, self.col + n - 1)
            self.col += n
            elem.clear()
        elif tag == "table-row":
            self.row += self.row_repeat
            elem.clear()


def _repeat(elem, name: str) -> int:
    for k, v in elem.attrib.items():
        if _local(k) == name:
            try:
                return max(1, int(v))
            except ValueError:
                return 1
    return 1
