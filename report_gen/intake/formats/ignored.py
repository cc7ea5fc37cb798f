"""Files found in the input folder that are not input: what they are, in the Vietnamese words of
the intake ledger. A kind is a reason and the suffixes it covers."""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path


@dataclass(frozen=True)
class IgnoredKind:
    reason: str
    suffixes: tuple[str, ...]


KINDS = [
    IgnoredKind("tệp văn bản, không phải bảng tính số liệu",
                (".doc", ".docx", ".odt", ".pdf", ".rtf")),
    IgnoredKind("tệp hình ảnh, không phải bảng tính số liệu",
                (".jpg", ".jpeg", ".png", ".gif", ".bmp", ".tif", ".tiff", ".heic")),
    IgnoredKind("tệp văn bản thuần, không phải bảng tính số liệu", (".md", ".txt")),
]

# Anything else that is not a registered format; the registry appends the extensions it reads
# (report_gen.intake.formats.not_a_spreadsheet).
OTHER = "không phải tệp bảng tính"


def by_name(path: Path) -> str | None:
    """Files ignored whatever their suffix: lock files of an open workbook, hidden files."""
    name = path.name
    if name.startswith("~$") or name.startswith(".~lock"):
        return "tệp khóa tạm do Excel/LibreOffice tạo khi đang mở bảng tính"
    if name.startswith("."):
        return "tệp ẩn của hệ thống"
    return None


def by_suffix(path: Path) -> str | None:
    """The reason a file of a known kind that is no registered format is ignored; None for
    a kind not listed here."""
    suffix = path.suffix.lower()
    for kind in KINDS:
        if suffix in kind.suffixes:
            return kind.reason
    return None
