"""Legacy Vietnamese encodings (TCVN3, VNI): every letter round trips, and they are detected."""

from __future__ import annotations

from report_gen.intake import legacy

LOWER = "aàáảãạăằắẳẵặâầấẩẫậeèéẻẽẹêềếểễệiìíỉĩịoòóỏõọôồốổỗộơờớởỡợuùúủũụưừứửữựyỳýỷỹỵđ"
UPPER = LOWER.upper()


def test_vni_round_trip_every_letter():
    assert len(LOWER) == 73
    for ch in LOWER + UPPER:
        assert legacy.decode_vni(legacy.encode_vni(ch)) == ch, ch


def test_tcvn3_round_trip_every_letter():
    for ch in LOWER:
        assert legacy.decode_tcvn3(legacy.encode_tcvn3(ch)) == ch, ch
    for ch in UPPER:  # capitals with tone marks share the lower-case codes (.VnTimeH)
        assert legacy.decode_tcvn3(legacy.encode_tcvn3(ch)).upper() == ch, ch
    for ch in "ĂÂÊÔƠƯĐ":  # the seven capitals with their own code
        assert legacy.decode_tcvn3(legacy.encode_tcvn3(ch)) == ch


def test_legacy_examples_and_detection():
    assert legacy.encode_tcvn3("Tổng số mô hình") == "Tæng sè m« h×nh"
    assert legacy.decode_tcvn3("Tæng sè m« h×nh") == "Tổng số mô hình"
    assert legacy.decode_tcvn3("C¤NG AN HUYÖN TI£N Y£N") == "CÔNG AN HUYỆN TIÊN YÊN"
    assert legacy.decode_vni("Toång soá moâ hình") == "Tổng số mô hình"
    assert legacy.detect(["Tæng sè m« h×nh", "Hµ Long"]).encoding == "TCVN3"
    assert legacy.detect(["Toång soá moâ hình", "Ñôn vò"]).encoding == "VNI"
    assert legacy.detect(["Tổng số mô hình", "toàn dân", "Hà Nội"]).encoding is None
    assert legacy.decode_vni("Đơn vị") == "Đơn vị"  # Unicode text is left alone
