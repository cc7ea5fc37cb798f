"""bao_cao_Y.pdf: the review for issuing, rendered by WeasyPrint in the child started before
intake (see report_gen.outputs.start_renderer); not rendered again when its HTML is unchanged
(a content key is kept beside it)."""

from __future__ import annotations

import hashlib
from importlib.metadata import version
from pathlib import Path
from typing import Callable

from report_gen import __version__
from report_gen.outputs.atomic import stage, write_text

KEY = "pdf"
FILENAME = "bao_cao_{year}.pdf"


def write(job, path: Path) -> Callable[[], None] | None:
    key = _pdf_key(job.document.print_html)
    marker = path.with_name(f".{path.name}.sha256")
    if _pdf_is_current(path, marker, key):
        return None
    # rendered in another process: into a file the build renames with the other outputs
    job.renderer.submit((job.document.print_html, str(stage(path))))

    def finish() -> None:
        job.renderer.wait()
        write_text(marker, key)
    return finish


def _pdf_key(print_html: str) -> str:
    return hashlib.sha256("\0".join((__version__, version("weasyprint"), print_html))
                          .encode("utf-8")).hexdigest()


def _pdf_is_current(target: Path, marker: Path, key: str) -> bool:
    try:
        return target.is_file() and marker.read_text(encoding="utf-8") == key
    except OSError:
        return False
