"""The review rendered to PDF by WeasyPrint (imported only where the PDF is rendered). WeasyPrint may fetch nothing but the package's own assets:
no file:// outside them, no http(s), no data from a submission."""

from __future__ import annotations

import gc
from importlib import resources
from pathlib import Path
from urllib.parse import unquote, urlparse

from weasyprint import HTML
from weasyprint.text.fonts import FontConfiguration
from weasyprint.urls import URLFetcher

from report_gen.outputs.atomic import atomic_path

ASSETS = Path(str(resources.files("report_gen").joinpath("assets"))).resolve()


class AssetsOnlyFetcher(URLFetcher):
    """Serves files under the package's assets folder; refuses every other URL."""

    def fetch(self, url, headers=None):
        parsed = urlparse(url)
        if parsed.scheme != "file":
            raise ValueError(f"blocked URL scheme: {parsed.scheme}")
        path = Path(unquote(parsed.path)).resolve()
        if not path.is_relative_to(ASSETS) or not path.is_file():
            raise ValueError("blocked path outside the package's assets")
        return super().fetch(path.as_uri(), headers)


def write_pdf(document, path: Path) -> None:
    """Render `document.print_html` (report_gen.outputs.html.Rendered) to `path`."""
    html = HTML(string=document.print_html, base_url=ASSETS.as_uri() + "/",
                url_fetcher=AssetsOnlyFetcher(allowed_protocols=["file"]))
    # WeasyPrint copies the fonts of @font-face into a temporary folder that only the font
    # configuration's finaliser removes; a renderer process ends without running it, so every
    # build left ~1.5 MB in /tmp. The configuration is made here and let go of once rendered.
    fonts = FontConfiguration()
    try:
        with atomic_path(path) as tmp:
            html.write_pdf(tmp, font_config=fonts)
    finally:
        del html, fonts
        gc.collect()
