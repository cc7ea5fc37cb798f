"""The committee's own words (nhận xét): sections II–III of the review, written beside the inputs
as Markdown (nhan_xet.md) or in Word (nhan_xet.docx), read here into one Markdown text that the
review renders (report_gen.outputs.html): "# Part" headings, "## Sub-part" headings, paragraphs.

Parts and sub-parts are numbered by the review ("II.", "1."), so a number the officer typed in
a heading ("# II. Đánh giá chung") is dropped rather than printed twice. A missing file is said
(`Commentary.draft_notes`): a review without the committee's assessment is not ready to issue."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from pathlib import Path

MARKDOWN, WORD = ".md", ".docx"

# A number typed before a heading's words: "II.", "II -", "2.", "2)", "a)".
_HAND_NUMBER = re.compile(r"^\s*(?:[IVXLC]+|\d+|[a-zđ])\s*[.)–-]\s*(?=\S)", re.I)
# A bold line of a Word file that is a heading: "II. ĐÁNH GIÁ CHUNG" (a part), "1. Ưu điểm" (a
# sub-part); `_ROMAN` tells which.
_ROMAN = re.compile(r"^\s*[IVXLC]+\s*[.)]\s*\S")
_NUMBERED = re.compile(r"^\s*\d+\s*[.)]\s*\S")
# Markdown's own characters at the start of a Word paragraph are text, not markup.
_MD_SPECIAL = re.compile(r"([\\`*_\[\]#<>|])")
_MD_LEADING = re.compile(r"^(\s*)([-+]|\d+[.)])(\s)")


@dataclass(frozen=True)
class Commentary:
    """The committee's words as Markdown (None when there is no file), the file they came from,
    and what the officer is told about it."""

    markdown: str | None
    source: Path | None
    draft_notes: list[str] = field(default_factory=list)  # why the review is a draft
    notices: list[str] = field(default_factory=list)  # said at build, not a reason for a draft


def candidates(name: str) -> tuple[str, str]:
    """The Markdown and the Word file of the configured commentary name (nhan_xet.md)."""
    stem = name[: -len(Path(name).suffix)] if Path(name).suffix.lower() in (MARKDOWN, WORD) \
        else name
    return stem + MARKDOWN, stem + WORD


def read_commentary(input_dir: Path, name: str) -> Commentary:
    """The commentary of `input_dir`: the Word file when there is one (officers write in Word;
    the Markdown file beside it is then not used, and the officer is told), else the Markdown."""
    md_name, docx_name = candidates(name)
    md, docx = Path(input_dir) / md_name, Path(input_dir) / docx_name
    if docx.is_file():
        notices = ([f"Có cả {docx_name} và {md_name}: dùng {docx_name} cho phần nhận xét, "
                    f"không dùng {md_name}."] if md.is_file() else [])
        try:
            text = docx_markdown(docx)
        except Exception as exc:  # noqa: BLE001 - a broken Word file is said, not a traceback
            return Commentary(None, docx, [f"Không đọc được tệp nhận xét {docx_name} ({exc}); "
                                           "báo cáo chưa có phần đánh giá, phương hướng của Ban "
                                           "Chỉ đạo."], notices)
        return Commentary(text, docx, [], notices)
    if md.is_file():
        return Commentary(markdown_text(md.read_text(encoding="utf-8", errors="replace")), md)
    return Commentary(None, None, [
        f"Chưa có tệp nhận xét của Ban Chỉ đạo ({md_name} hoặc {docx_name} trong thư mục số "
        "liệu): báo cáo chưa có phần đánh giá chung và phương hướng, nhiệm vụ."])


def unnumbered(title: str) -> str:
    """A heading without the number the officer typed ("II. Đánh giá chung" → "Đánh giá
    chung"); the review numbers parts and sub-parts itself."""
    return _HAND_NUMBER.sub("", title, count=1).strip()


def markdown_text(text: str) -> str:
    """The officer's Markdown with hand-typed numbers taken out of its "#" and "##" headings."""
    def heading(m: re.Match) -> str:
        return f"{m.group(1)} {unnumbered(m.group(2))}"
    return re.sub(r"^(#{1,2})\s+(.*)$", heading, text, flags=re.M)


def docx_markdown(path: Path) -> str:
    """A Word file as the commentary's Markdown: paragraphs styled "Heading 1" (or "Title") or
    wholly bold lines numbered in Roman numerals are parts; "Heading 2" or bold lines numbered
    1., 2. are sub-parts; list paragraphs are list items; other paragraphs are paragraphs, their
    bold and italic kept. Empty paragraphs are dropped."""
    from docx import Document

    blocks: list[str] = []
    for para in Document(str(path)).paragraphs:
        text = para.text.strip()
        if not text:
            continue
        style = (para.style.name if para.style is not None else "") or ""
        bold = all(r.bold or _style_bold(para) for r in para.runs if r.text.strip())
        if style in ("Title", "Heading 1") or (bold and _ROMAN.match(text)):
            blocks.append(f"# {unnumbered(text)}")
        elif style.startswith("Heading") or (bold and _NUMBERED.match(text)):
            blocks.append(f"## {unnumbered(text)}")
        elif style.startswith("List"):
            blocks.append(f"- {_runs(para)}")
        else:
            blocks.append(_MD_LEADING.sub(r"\1\\\2\3", _runs(para)))
    return "\n\n".join(blocks) + "\n"


def _style_bold(para) -> bool:
    font = para.style.font if para.style is not None else None
    return bool(font is not None and font.bold)


def _runs(para) -> str:
    """A paragraph's text as Markdown: bold and italic runs marked, Markdown's characters
    escaped."""
    out = []
    for run in para.runs:
        text = _MD_SPECIAL.sub(r"\\\1", run.text)
        core = text.strip()
        if not core:
            out.append(text)
            continue
        lead, trail = text[: len(text) - len(text.lstrip())], text[len(text.rstrip()):]
        if run.bold:
            core = f"**{core}**"
        if run.italic:
            core = f"*{core}*"
        out.append(f"{lead}{core}{trail}")
    return "".join(out).strip()
