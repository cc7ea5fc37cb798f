"""Legacy Vietnamese encodings: TCVN3 (ABC, fonts ".VnTime" and the all-caps ".VnTimeH") and
VNI (fonts "VNI-Times"). Workbooks typed with these fonts store single-byte text that a reader
sees as Latin-1/cp1252 characters ("Tæng sè m« h×nh", "Toång soá moâ hình"). The tables below are
data; `detect` decides, for a whole workbook, which encoding its text is in, and `decode` turns
one cell back into Unicode.

TCVN3 has separate codes only for the lower-case letters and for Ă Â Ê Ô Ơ Ư Đ; capitals with a
tone mark are typed with the lower-case codes in an all-caps font. A cell whose plain letters are
all capitals is therefore taken as written in an all-caps font and decoded to capitals."""

from __future__ import annotations

import unicodedata
from functools import lru_cache
from dataclasses import dataclass

TCVN3, VNI = "TCVN3", "VNI"

# TCVN3 byte -> Unicode letter (lower case and the seven capitals that have their own code).
TCVN3_TABLE: dict[int, str] = {
    0xA1: "Ă", 0xA2: "Â", 0xA3: "Ê", 0xA4: "Ô", 0xA5: "Ơ", 0xA6: "Ư", 0xA7: "Đ",
    0xA8: "ă", 0xA9: "â", 0xAA: "ê", 0xAB: "ô", 0xAC: "ơ", 0xAD: "ư", 0xAE: "đ",
    0xB5: "à", 0xB6: "ả", 0xB7: "ã", 0xB8: "á", 0xB9: "ạ",
    0xBB: "ằ", 0xBC: "ẳ", 0xBD: "ẵ", 0xBE: "ắ", 0xC6: "ặ",
    0xC7: "ầ", 0xC8: "ẩ", 0xC9: "ẫ", 0xCA: "ấ", 0xCB: "ậ",
    0xCC: "è", 0xCE: "ẻ", 0xCF: "ẽ", 0xD0: "é", 0xD1: "ẹ",
    0xD2: "ề", 0xD3: "ể", 0xD4: "ễ", 0xD5: "ế", 0xD6: "ệ",
    0xD7: "ì", 0xD8: "ỉ", 0xDC: "ĩ", 0xDD: "í", 0xDE: "ị",
    0xDF: "ò", 0xE1: "ỏ", 0xE2: "õ", 0xE3: "ó", 0xE4: "ọ",
    0xE5: "ồ", 0xE6: "ổ", 0xE7: "ỗ", 0xE8: "ố", 0xE9: "ộ",
    0xEA: "ờ", 0xEB: "ở", 0xEC: "ỡ", 0xED: "ớ", 0xEE: "ợ",
    0xEF: "ù", 0xF1: "ủ", 0xF2: "ũ", 0xF3: "ú", 0xF4: "ụ",
    0xF5: "ừ", 0xF6: "ử", 0xF7: "ữ", 0xF8: "ứ", 0xF9: "ự",
    0xFA: "ỳ", 0xFB: "ỷ", 0xFC: "ỹ", 0xFD: "ý", 0xFE: "ỵ",
}

# VNI: a base letter followed by a mark character (read as cp1252). Marks for a, e, i, o, u, y:
_TONES = {"ù": "\u0301", "ø": "\u0300", "û": "\u0309", "õ": "\u0303", "ï": "\u0323"}
_HAT = {"â": "", "á": "\u0301", "à": "\u0300", "å": "\u0309", "ã": "\u0303", "ä": "\u0323"}
_BREVE = {"ê": "", "é": "\u0301", "è": "\u0300", "ú": "\u0309", "ü": "\u0303", "ë": "\u0323"}
# single-character VNI codes (lower case; the capital is the upper-case Latin-1 character)
_VNI_SINGLE = {"ô": "ơ", "ö": "ư", "ñ": "đ", "í": "í", "ì": "ì", "æ": "ỉ", "ó": "ĩ", "ò": "ị",
               "î": "ỵ"}


def _compose(base: str, *marks: str) -> str:
    return unicodedata.normalize("NFC", base + "".join(marks))


def _vni_table() -> dict[str, str]:
    """VNI sequence (as cp1252 text) -> Unicode letter, lower and upper case."""
    table: dict[str, str] = {}
    for base in "aeouy":
        for mark, tone in _TONES.items():
            table[base + mark] = _compose(base, tone)
    for base in "aeo":
        for mark, tone in _HAT.items():
            table[base + mark] = _compose(base, "\u0302", tone)
    for mark, tone in _BREVE.items():
        table["a" + mark] = _compose("a", "\u0306", tone)
    for mark, tone in _TONES.items():
        table["ô" + mark] = _compose("o", "\u031b", tone)
        table["ö" + mark] = _compose("u", "\u031b", tone)
    table.update(_VNI_SINGLE)
    upper = {k.upper(): v.upper() for k, v in table.items()}
    table.update(upper)
    return table


VNI_TABLE: dict[str, str] = _vni_table()
_VNI_BY_LETTER: dict[str, str] = {}
for _seq, _letter in sorted(VNI_TABLE.items(), key=lambda kv: len(kv[0])):
    _VNI_BY_LETTER.setdefault(_letter, _seq)
_VNI_BY_LETTER["ỵ"], _VNI_BY_LETTER["Ỵ"] = "î", "Î"

_TCVN3_DECODE = {chr(b): u for b, u in TCVN3_TABLE.items()}
_TCVN3_ENCODE = {u: chr(b) for b, u in TCVN3_TABLE.items()}
# Characters only TCVN3 produces (never part of VNI text, rare in Unicode Vietnamese).
_TCVN3_ONLY = set(chr(b) for b in range(0xA1, 0xBF) if b in TCVN3_TABLE)
# Characters only VNI produces after a vowel (never valid in Unicode Vietnamese).
_VNI_MARKS_STRONG = set("øûïåäëüöñ") | set("ØÛÏÅÄËÜÖÑ")


@dataclass(frozen=True)
class Detection:
    encoding: str | None  # TCVN3, VNI or None
    cells: int  # cells that showed the encoding


def decode_tcvn3(text: str) -> str:
    if not _latin(text):
        return text
    out = "".join(_TCVN3_DECODE.get(ch, ch) for ch in text)
    letters = [ch for ch in text if ch.isascii() and ch.isalpha()]
    if len(letters) >= 2 and all(ch.isupper() for ch in letters):
        out = out.upper()  # written in an all-caps font (.VnTimeH)
    return out


def encode_tcvn3(text: str) -> str:
    """Unicode -> TCVN3 as Latin-1 text; toned capitals use the lower-case codes (.VnTimeH)."""
    out = []
    for ch in unicodedata.normalize("NFC", text):
        code = _TCVN3_ENCODE.get(ch) or _TCVN3_ENCODE.get(ch.lower())
        out.append(code if code is not None and not ch.isascii() else ch)
    return "".join(out)


def decode_vni(text: str) -> str:
    if not _latin(text):
        return text
    out, i = [], 0
    while i < len(text):
        pair = text[i:i + 2]
        if len(pair) == 2 and pair in VNI_TABLE:
            out.append(VNI_TABLE[pair])
            i += 2
            continue
        out.append(VNI_TABLE.get(text[i], text[i]))
        i += 1
    return "".join(out)


def encode_vni(text: str) -> str:
    return "".join(_VNI_BY_LETTER.get(ch, ch) for ch in unicodedata.normalize("NFC", text))


# Punctuation a Windows code page puts in 0x80-0x9F (“ ” – … ‘ ’): part of legacy text too.
_CP1252_EXTRA = set(bytes(range(0x80, 0xA0)).decode("cp1252", errors="ignore"))


def _latin(text: str) -> bool:
    """True when every character fits a single byte (legacy text); Unicode Vietnamese with
    letters such as ơ, ư, đ, ạ is left alone."""
    return all(ord(ch) < 0x100 or ch in _CP1252_EXTRA for ch in text)


def _looks_tcvn3(text: str) -> bool:
    return _latin(text) and any(ch in _TCVN3_ONLY for ch in text)


def _looks_vni(text: str) -> bool:
    if not _latin(text):
        return False
    for a, b in zip(text, text[1:]):
        if a.lower() in "aeouyô" and b in _VNI_MARKS_STRONG:
            return True
    return any(ch in "ñÑ" for ch in text) and any(ch.isalpha() for ch in text)


@lru_cache(maxsize=1 << 15)
def _kind(text: str) -> str | None:
    """TCVN3, VNI or None for one text (cached: forms repeat the same labels)."""
    if text.isascii():
        return None
    if _looks_tcvn3(text):
        return TCVN3
    return VNI if _looks_vni(text) else None


def detect(texts: list[str]) -> Detection:
    """Which legacy encoding the text cells of one workbook are in, if any."""
    kinds = [_kind(t) for t in texts]
    tcvn3 = kinds.count(TCVN3)
    vni = kinds.count(VNI)
    if tcvn3 >= 2 and tcvn3 >= vni:
        return Detection(TCVN3, tcvn3)
    if vni >= 2:
        return Detection(VNI, vni)
    return Detection(None, 0)


def decoder(encoding: str | None):
    return {TCVN3: decode_tcvn3, VNI: decode_vni}.get(encoding or "", lambda t: t)
