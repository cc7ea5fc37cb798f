"""The plain-text alternative of an HTML feedback page: its text, a line per paragraph, heading,
list item and table row (a blank line after each paragraph, heading and table), cells separated
by " | " (the standard library's HTMLParser; the pages are report-gen's own, so no general
HTML-to-text converter is needed)."""

from __future__ import annotations

import re
from html.parser import HTMLParser

_BREAKS = frozenset({"p", "h1", "h2", "h3", "tr", "li", "br", "div", "table", "ul"})
_BLOCKS = frozenset({"p", "h1", "h2", "h3", "table", "ul"})  # followed by a blank line
_HIDDEN = frozenset({"style", "script", "title", "head"})


class _Text(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.line: list[str] = []
        self.hidden = 0
        self.cells = 0

    def handle_starttag(self, tag: str, attrs) -> None:
        if tag in _HIDDEN:
            self.hidden += 1
        elif tag in ("td", "th"):
            if self.cells:
                self.line.append(" | ")
            self.cells += 1
        elif tag == "li":
            self.line.append("- ")

    def handle_endtag(self, tag: str) -> None:
        if tag in _HIDDEN:
            self.hidden = max(0, self.hidden - 1)
        elif tag in _BREAKS:
            self.flush()
            if tag in _BLOCKS and self.lines and self.lines[-1]:
                self.lines.append("")

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.line.append(re.sub(r"\s+", " ", data))

    def flush(self) -> None:
        text = re.sub(r" {2,}", " ", "".join(self.line)).strip()
        if text:
            self.lines.append(text)
        self.line, self.cells = [], 0


def plain_text(html: str) -> str:
    parser = _Text()
    parser.feed(html)
    parser.close()
    parser.flush()
    return "\n".join(parser.lines).strip("\n") + "\n"
