"""Oracle for the VNI decoder (issue 18): byte strings typed by hand from the published VNI
(VNI-Windows, fonts "VNI-Times") table, never produced by our encoder, decoded and compared with
Unicode typed by hand.

The VNI table, as its fonts read in Windows-1252: a vowel is the plain letter followed by one
mark byte. Tones after a, e, i, o, u, y: sắc 0xF9 "ù", huyền 0xF8 "ø", hỏi 0xFB "û", ngã 0xF5 "õ",
nặng 0xEF "ï". Hat (â ê ô) with a tone: 0xE2 "â" alone, then sắc 0xE1, huyền 0xE0, hỏi 0xE5,
ngã 0xE3, nặng 0xE4. Breve (ă): 0xEA "ê" alone, then sắc 0xE9, huyền 0xE8, hỏi 0xFA, ngã 0xFC,
nặng 0xEB. Single bytes: ơ 0xF4 "ô", ư 0xF6 "ö", đ 0xF1 "ñ", Đ 0xD1 "Ñ", í 0xED, ì 0xEC, ỉ 0xE6,
ĩ 0xF3, ị 0xF2. Capitals: the capital base letter and the capital of the mark byte (0xC5 "Å",
0xC1 "Á", 0xD4 "Ô" = Ơ, 0xD6 "Ö" = Ư, 0xD2 "Ò" = Ị, 0xD8 "Ø", 0xD9 "Ù")."""

from __future__ import annotations

import pytest

from report_gen.intake.legacy import VNI, decode_vni, detect, encode_vni

WORDS = [
    # ổ (ô + hỏi), ố (ô + sắc), ô, ì (huyền)
    (b"To\xe5ng so\xe1 mo\xe2 h\xecnh", "Tổng số mô hình"),
    # Đ, ơ, ị (nặng)
    (b"\xd1\xf4n v\xf2", "Đơn vị"),
    # ư, ờ (ơ + huyền), ọ (nặng)
    (b"Tr\xf6\xf4\xf8ng ho\xefc", "Trường học"),
    # ã (ngã), ư
    (b"Nga\xf5 t\xf6", "Ngã tư"),
    # ă, ý (sắc)
    (b"\xd1a\xeang ky\xf9", "Đăng ký"),
    # ê
    (b"Tie\xe2n Ye\xe2n", "Tiên Yên"),
    # â, ồ (ô + huyền)
    (b"Va\xe2n \xd1o\xe0n", "Vân Đồn"),
    # ẽ (ngã)
    (b"Ba Che\xf5", "Ba Chẽ"),
    # ẩ (â + hỏi), ả (hỏi)
    (b"Ca\xe5m Pha\xfb", "Cẩm Phả"),
    # ặ (ă + nặng), ù (huyền), ó (sắc), ă
    (b"Ma\xebc du\xf8 kho\xf9 kha\xean", "Mặc dù khó khăn"),
    # ữ (ư + ngã), ờ
    (b"Nh\xf6\xf5ng ng\xf6\xf4\xf8i", "Những người"),
    # ử (ư + hỏi), ụ (nặng)
    (b"S\xf6\xfb du\xefng", "Sử dụng"),
    # ỹ (ngã), ỉ and ĩ (single bytes)
    (b"Ky\xf5 na\xeang, T\xe6nh, S\xf3 quan", "Kỹ năng, Tỉnh, Sĩ quan"),
    # đ, ạ
    (b"\xf1a\xe5y ma\xefnh", "đẩy mạnh"),
    # ắ (ă + sắc)
    (b"Kha\xe9c phu\xefc", "Khắc phục"),
    # ơ with each tone: ở ỡ ợ ớ ờ
    (b"\xf4\xfb \xf4\xf5 \xf4\xef \xf4\xf9 \xf4\xf8", "ở ỡ ợ ớ ờ"),
    # ư with each tone: ử ữ ự ứ ừ
    (b"\xf6\xfb \xf6\xf5 \xf6\xef \xf6\xf9 \xf6\xf8", "ử ữ ự ứ ừ"),
    # ă with each tone: ẳ ẵ ặ ắ ằ
    (b"a\xfa a\xfc a\xeb a\xe9 a\xe8", "ẳ ẵ ặ ắ ằ"),
    # â with each tone: ẩ ẫ ậ ấ ầ
    (b"a\xe5 a\xe3 a\xe4 a\xe1 a\xe0", "ẩ ẫ ậ ấ ầ"),
    # ê with each tone: ể ễ ệ ế ề
    (b"e\xe5 e\xe3 e\xe4 e\xe1 e\xe0", "ể ễ ệ ế ề"),
    # ô with each tone: ổ ỗ ộ ố ồ
    (b"o\xe5 o\xe3 o\xe4 o\xe1 o\xe0", "ổ ỗ ộ ố ồ"),
    # ỵ is a single byte 0xEE "î" (capital 0xCE "Î")
    (b"K\xee binh", "Kỵ binh"),
    (b"K\xce BINH", "KỴ BINH"),
    # capitals
    (b"TO\xc5NG KE\xc1T", "TỔNG KẾT"),
    (b"\xd1\xd4N V\xd2", "ĐƠN VỊ"),
    (b"TR\xd6\xd4\xd8NG", "TRƯỜNG"),
    (b"BA\xd9O CA\xd9O", "BÁO CÁO"),
]


@pytest.mark.parametrize("raw,text", WORDS)
def test_vni_bytes_decode_to_the_published_letters(raw, text):
    assert decode_vni(raw.decode("cp1252")) == text


@pytest.mark.parametrize("raw,text", WORDS)
def test_vni_encoder_writes_the_published_bytes(raw, text):
    assert encode_vni(text).encode("cp1252") == raw


def test_the_words_cover_the_letters_and_the_five_tones():
    covered = set("".join(t for _, t in WORDS))
    assert set("ơưăâđêô") <= covered
    # sắc, huyền, hỏi, ngã, nặng on ơ, ư, ă, â, ê, ô
    assert set("ớờởỡợ" "ứừửữự" "ắằẳẵặ" "ấầẩẫậ" "ếềểễệ" "ốồổỗộ") <= covered


def test_a_workbook_of_these_words_is_detected_as_vni():
    texts = [raw.decode("cp1252") for raw, _ in WORDS]
    assert detect(texts).encoding == VNI
