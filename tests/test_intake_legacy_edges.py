"""Legacy encodings at their edges (issue 18, mutation testing): what is NOT a legacy letter stays
as it is, the all-caps convention from two letters on, and detection of the rarest code.
Byte strings typed by hand (TCVN3 table: 0xA1 Ă, 0xB8 á, 0xD5 ế)."""

from __future__ import annotations

from report_gen.intake.legacy import TCVN3, Detection, decode_tcvn3, decode_vni, decoder, \
    detect, encode_tcvn3


def test_a_mark_byte_after_a_consonant_is_not_a_vni_letter():
    # "ù" (sắc) and "â" (hat) follow vowels only: after X they are text as it was typed
    assert decode_vni("Xù Xâ Xê") == "Xù Xâ Xê"


def test_two_capital_letters_make_an_all_caps_cell():
    assert decode_tcvn3("V\xd5T") == "VẾT"  # .VnTimeH: the toned capital uses the small code
    assert decode_tcvn3("V\xd5t") == "Vết"
    assert decode_tcvn3("\xd5T") == "ếT"  # one letter says nothing of the font


def test_a_character_tcvn3_has_no_code_for_is_kept():
    assert encode_tcvn3("Giá 5 €") == "Gi\xb8 5 €"


def test_latin_1_text_that_is_not_vietnamese_is_not_vni():
    """French words: vowels followed by capitals or accents that are not VNI's mark bytes."""
    assert detect(["Café MAXI", "Crème AXE"]) == Detection(None, 0)


def test_the_first_tcvn3_code_alone_shows_the_encoding():
    cells = [b"\xa1N".decode("latin-1"), b"\xa1M".decode("latin-1")]  # "ĂN", "ĂM"
    assert detect(cells) == Detection(TCVN3, 2)
    assert [decode_tcvn3(c) for c in cells] == ["ĂN", "ĂM"]


def test_windows_punctuation_is_part_of_legacy_text_a_wider_letter_is_not():
    # "€" is 0x80 in Windows-1252: a legacy cell may hold it; "Ā" (U+0100) is Unicode text
    assert decode_tcvn3("\xb8 €") == "á €"
    assert decode_tcvn3("Ā\xb8") == "Ā\xb8"


def test_a_tie_between_the_encodings_goes_to_tcvn3():
    tcvn3 = [b"H\xb5 Long".decode("latin-1"), b"\xa7\xacn".decode("latin-1")]  # Hà, Đơn
    vni = ["Toång", "Ñôn vò"]
    assert detect(tcvn3 + vni) == Detection(TCVN3, 2)


def test_no_encoding_decodes_nothing():
    assert decoder(None)("T\xe6ng") == "T\xe6ng"
    assert decoder(TCVN3)("T\xe6ng") == "Tổng"
