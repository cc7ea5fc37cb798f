"""Property-based tests: mutated workbooks (raw bytes, XML of a sheet, cell values) are accepted
or rejected with a message; read_submission never raises and no absurd value gets through."""

from __future__ import annotations

import io
import math
import zipfile
from pathlib import Path

from hypothesis import HealthCheck, given, settings as hsettings, strategies as st
from openpyxl import load_workbook
from openpyxl.cell.cell import MergedCell

from report_gen.intake.submission import read_submission
from report_gen.model import ACCEPTED, FileResult
from report_gen.intake.numbers import ABSURD, parse_value

SAMPLE = Path(__file__).resolve().parent.parent / "sample_inputs" / "2012" / "ha_long_2012.xlsx"
BASE = SAMPLE.read_bytes()
STATUSES = {"accepted", "rejected", "ignored", "superseded"}
BOUNDED = hsettings(max_examples=50, deadline=None,
                    suppress_health_check=[HealthCheck.function_scoped_fixture,
                                           HealthCheck.too_slow])


def _check(data: bytes, tmp_path: Path, ctx, name: str = "ha_long_2012.xlsx") -> FileResult:
    path = tmp_path / name
    path.write_bytes(data)
    result = read_submission(path, name, ctx)
    assert isinstance(result, FileResult)
    assert result.status in STATUSES
    if result.status != ACCEPTED:
        assert result.reason
    for v in result.values.values():
        assert v is None or (math.isfinite(v) and 0 <= v <= ABSURD)
    for p in result.problems:
        assert p.message
    return result


mutation = st.tuples(st.integers(0, len(BASE) - 1), st.binary(min_size=0, max_size=8),
                     st.integers(0, 8))


@BOUNDED
@given(st.lists(mutation, min_size=1, max_size=6),
       st.sampled_from([".xlsx", ".xls", ".ods", ".xlsb"]))
def test_byte_mutations(tmp_path, ctx, edits, suffix):
    data = bytearray(BASE)
    for pos, insert, delete in edits:
        pos = min(pos, len(data))
        data[pos:pos + delete] = insert
    _check(bytes(data), tmp_path, ctx, "ha_long_2012" + suffix)


@BOUNDED
@given(st.integers(1, len(BASE)))
def test_truncations(tmp_path, ctx, n):
    _check(BASE[:n], tmp_path, ctx)


def _parts() -> dict[str, bytes]:
    with zipfile.ZipFile(SAMPLE) as z:
        return {i.filename: z.read(i.filename) for i in z.infolist()}


PARTS = _parts()
XML_PARTS = sorted(n for n in PARTS if n.endswith((".xml", ".rels")))


def _zip(parts: dict[str, bytes]) -> bytes:
    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w", zipfile.ZIP_DEFLATED) as z:
        for name, data in parts.items():
            z.writestr(name, data)
    return buf.getvalue()


@BOUNDED
@given(st.sampled_from(XML_PARTS), st.data())
def test_xml_mutations(tmp_path, ctx, part, data):
    """Mutate the XML inside the archive, so the mutation reaches the XML parsers."""
    xml = bytearray(PARTS[part])
    for _ in range(data.draw(st.integers(1, 4))):
        pos = data.draw(st.integers(0, len(xml)))
        insert = data.draw(st.sampled_from([
            b"<", b">", b"&", b"&lol;", b'"', b"<!DOCTYPE x>", b"<c r=\"XFD1048576\"><v>1</v></c>",
            b"<row/>", b"\x00", b"\xff\xfe", b"]]>", b"<![CDATA[", b" r=\"A0\"", b"t=\"e\"",
        ]) | st.binary(max_size=6))
        delete = data.draw(st.integers(0, 6))
        xml[pos:pos + delete] = insert
    parts = dict(PARTS)
    parts[part] = bytes(xml)
    _check(_zip(parts), tmp_path, ctx)


cell_value = st.one_of(
    st.none(), st.integers(-10 ** 20, 10 ** 20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.text(max_size=40),
    st.sampled_from(["NaN", "inf", "-inf", "1e300", "1.234", "12,5", "1.234,5", "15 mô hình",
                     "=1/0", "#REF!", "-0", "０１２", "٣", "1_000", "0x10", " ", "\u00a0"]),
    st.dates(), st.booleans(),
)


@BOUNDED
@given(st.lists(st.tuples(st.integers(1, 70), st.integers(1, 8), cell_value),
                min_size=1, max_size=10))
def test_cell_value_mutations(tmp_path, ctx, edits):
    wb = load_workbook(SAMPLE)
    ws = wb["Số liệu"]
    for row, col, value in edits:
        if isinstance(value, str):
            value = "".join(ch for ch in value if ch >= " " or ch in "\t\n")  # XML-legal
        if isinstance(value, float) and not math.isfinite(value):
            value = str(value)  # openpyxl cannot store NaN/inf as numbers; units type them
        cell = ws.cell(row=row, column=col)
        if isinstance(cell, MergedCell):
            continue
        cell.value = value
        if isinstance(value, str):
            cell.data_type = "s"
    buf = io.BytesIO()
    wb.save(buf)
    _check(buf.getvalue(), tmp_path, ctx)


@hsettings(max_examples=200, deadline=None)
@given(st.one_of(cell_value, st.text(alphabet="0123456789.,- eE+", max_size=30)),
       st.booleans())
def test_parse_value_never_raises(raw, whole):
    p = parse_value(raw, whole)
    if p.value is not None:
        assert p.problem is None
        assert math.isfinite(p.value) and 0 <= p.value <= ABSURD
        if whole:
            assert p.value == int(p.value)
