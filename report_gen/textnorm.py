"""Text normalisation shared by every stage: Unicode NFC, and a folded form for matching
names and labels regardless of case, spacing and diacritics."""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache

_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=1 << 16)
def nfc(text: str) -> str:
    """Compose decomposed (NFD) Vietnamese text and collapse whitespace."""
    return _SPACES.sub(" ", unicodedata.normalize("NFC", text)).strip()


@lru_cache(maxsize=1 << 16)
def fold(text: str) -> str:
    """Lower-case, strip diacritics (đ -> d) and punctuation, collapse spaces."""
    if not text:
        return ""
    text = unicodedata.normalize("NFD", text.lower()).replace("đ", "d").replace("\u0111", "d")
    text = "".join(ch for ch in text if unicodedata.category(ch) != "Mn")
    text = re.sub(r"[^0-9a-z]+", " ", text)
    return _SPACES.sub(" ", text).strip()
