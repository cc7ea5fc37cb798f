"""Oracle for the TCVN3 (ABC, TCVN 5712:1993) decoder (issue 18): byte strings typed by hand from
the published table, never produced by our encoder, decoded and compared to Unicode typed by hand.

Byte values: the TCVN3 (ABC) table as published with TCVN 5712:1993, checked against an
independent converter, hdbd789/clinic Source/PhongKham/PhongKham/Helpers/Converter.cs
(tcvnchars/unichars), e.g. 0xAC ơ, 0xAD ư, 0xA5 Ơ, 0xA6 Ư."""

from __future__ import annotations

import pytest

from report_gen.intake.legacy import decode_tcvn3
from report_gen.pipeline import consolidate
from tests.support.paths import MESSY

# (TCVN3 bytes, Unicode) per base letter: the letter, then its grave, acute, hook, tilde, dot
# (in TCVN3 byte order: huyền, hỏi, ngã, sắc, nặng). A leading lower-case "x" keeps the cell from
# looking all-caps (an all-caps cell is decoded to capitals, the .VnTimeH convention).
LETTERS = [
    (b"xa \xb5 \xb6 \xb7 \xb8 \xb9", "xa à ả ã á ạ"),
    (b"x\xa8 \xbb \xbc \xbd \xbe \xc6", "xă ằ ẳ ẵ ắ ặ"),
    (b"x\xa9 \xc7 \xc8 \xc9 \xca \xcb", "xâ ầ ẩ ẫ ấ ậ"),
    (b"x\xae", "xđ"),
    (b"xe \xcc \xce \xcf \xd0 \xd1", "xe è ẻ ẽ é ẹ"),
    (b"x\xaa \xd2 \xd3 \xd4 \xd5 \xd6", "xê ề ể ễ ế ệ"),
    (b"xi \xd7 \xd8 \xdc \xdd \xde", "xi ì ỉ ĩ í ị"),
    (b"xo \xdf \xe1 \xe2 \xe3 \xe4", "xo ò ỏ õ ó ọ"),
    (b"x\xab \xe5 \xe6 \xe7 \xe8 \xe9", "xô ồ ổ ỗ ố ộ"),
    (b"x\xac \xea \xeb \xec \xed \xee", "xơ ờ ở ỡ ớ ợ"),
    (b"xu \xef \xf1 \xf2 \xf3 \xf4", "xu ù ủ ũ ú ụ"),
    (b"x\xad \xf5 \xf6 \xf7 \xf8 \xf9", "xư ừ ử ữ ứ ự"),
    (b"xy \xfa \xfb \xfc \xfd \xfe", "xy ỳ ỷ ỹ ý ỵ"),
    # the seven capitals with their own code
    (b"x \xa1 \xa2 \xa7 \xa3 \xa4 \xa5 \xa6", "x Ă Â Đ Ê Ô Ơ Ư"),
]

WORDS = [
    (b"T\xe6ng s\xe8 m\xab h\xd7nh", "Tổng số mô hình"),
    (b"\xa7\xacn v\xde", "Đơn vị"),
    (b"Tr\xad\xeang h\xe4c", "Trường học"),
    (b"Thanh, thi\xd5u ni\xaan c\xe3 nguy c\xac vi ph\xb9m ph\xb8p lu\xcbt",
     "Thanh, thiếu niên có nguy cơ vi phạm pháp luật"),
    (b"C\xf4m li\xaan k\xd5t khu v\xf9c gi\xb8p ranh", "Cụm liên kết khu vực giáp ranh"),
    (b"\xa6u ti\xaan", "Ưu tiên"),
    (b"\xa5n s\xa9u", "Ơn sâu"),
    # an all-caps (.VnTimeH) cell: toned capitals use the lower-case codes
    (b"T\xe6NG K\xd5T", "TỔNG KẾT"),
    (b"V\xc2N \xa7\xe5N", "VÂN ĐỒN"),
]


@pytest.mark.parametrize("raw,text", LETTERS + WORDS)
def test_tcvn3_bytes_decode_to_the_published_letters(raw, text):
    assert decode_tcvn3(raw.decode("latin-1")) == text


def test_every_vietnamese_letter_is_covered():
    covered = set("".join(t for _, t in LETTERS))
    vietnamese = set("àảãáạăằẳẵắặâầẩẫấậđèẻẽéẹêềểễếệìỉĩíịòỏõóọôồổỗốộơờởỡớợùủũúụưừửữứựỳỷỹýỵ"
                     "ĂÂĐÊÔƠƯ")
    assert vietnamese <= covered


def test_messy_van_don_register_names_equal_the_clean_twin(settings):
    """The messy Vân Đồn workbook (TCVN3, .xls) and its clean Unicode twin list the same models."""
    messy = consolidate(MESSY / "folder", 2012, settings)
    clean = consolidate(MESSY / "clean", 2012, settings)
    m = next(r for r in messy.results if r.file == "van don.xls")
    c = next(r for r in clean.results if r.file == "van_don_2012.xlsx")
    assert m.unit == c.unit == "VAN_DON"
    names = [x.name for x in c.models]
    assert names and any(ch in "ơƠưƯ" for ch in "".join(names))  # the swap would show
    assert [x.name for x in m.models] == names
    assert [x.to_dict() for x in m.models] == [x.to_dict() for x in c.models]
