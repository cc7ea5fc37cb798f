"""The review HTML: self-contained, escaped, charts inline; the draft mark and box; the PDF's
URL fetcher serves only the package's assets."""

from __future__ import annotations

import http.server
import re
import threading

import pytest

from tests.support.paths import SAMPLES
from tests.support.review import consolidate_with_history, pdf_words, write_review
from tests.support.samples import copy_sample


@pytest.fixture(scope="module")
def rendered(settings):
    from report_gen.outputs import html as html_writer
    cons, _prev = consolidate_with_history(settings)
    return cons, html_writer.render(cons)


def test_self_contained_no_external_resources(rendered):
    _cons, doc = rendered
    html = doc.html
    assert not re.search(r'<(?:link|script|img|iframe|object|embed)\b', html, re.I)
    assert not re.search(r'(?:src|href)\s*=\s*["\']?(?:https?:|//|file:)', html, re.I)
    assert not re.search(r'url\(\s*["\']?(?:https?:|//|file:)', html, re.I)
    assert "@font-face" not in html  # the browser copy uses the reader's Times New Roman
    assert '<html lang="vi">' in html and 'name="viewport"' in html


def test_three_charts_inline_svg_with_text(rendered):
    _cons, doc = rendered
    svgs = re.findall(r"<svg\b.*?</svg>", doc.html, re.S)
    assert len(svgs) == 3
    for svg in svgs:
        assert "<text" in svg and "ReviewSerif" in svg and "<image" not in svg
    ids = re.findall(r'\sid="([^"]+)"', doc.html)
    assert len(ids) == len(set(ids)), "ids unique across the inline charts"
    for k, title in enumerate(["Mô hình tự quản về ANTT theo cấp và đơn vị",
                               "Phân loại phong trào", "Một số chỉ tiêu chủ yếu qua các năm 2011–2012"],
                              start=1):
        assert re.search(rf"Biểu đồ {k}\. {title}", doc.html)
    assert doc.html.count('class="source"') >= 3
    # the same charts in the print copy
    assert re.findall(r"<svg\b.*?</svg>", doc.print_html, re.S) == svgs


def test_trend_chart_needs_two_years(settings):
    from report_gen.pipeline import consolidate
    from report_gen.outputs.charts import review_charts
    cons = consolidate(SAMPLES / "2012", 2012, settings)
    assert [c.key for c in review_charts(cons)] == ["models", "classification"]


def test_submission_text_is_escaped(settings):
    from report_gen.model import ModelEntry
    from report_gen.outputs import html as html_writer
    cons, _prev = consolidate_with_history(settings)
    evil = '<script>alert("x")</script><img src=x onerror=alert(1)>'
    cons.agg.models.append(ModelEntry(unit="HA_LONG", name=evil, level="xã", commune=evil,
                                      typical=True))
    doc = html_writer.render(cons)
    for html in (doc.html, doc.print_html):
        assert "<script" not in html and "<img" not in html
        assert "&lt;script&gt;alert(&#34;x&#34;)&lt;/script&gt;" in html


def test_draft_mark_on_every_page_and_box_when_a_unit_is_missing(settings, tmp_path):
    folder = copy_sample(2012, tmp_path / "in", without=("co_to_2012.xlsx",))
    cons, _prev = consolidate_with_history(settings, folder=folder)
    assert cons.is_draft
    _doc, html_path, pdf_path = write_review(cons, tmp_path / "out")
    pages = pdf_words(pdf_path)
    for p in pages:
        assert "DỰ THẢO" in p.text(), f"draft mark on page {p.number}"
    first = pages[0].text()
    assert "Đơn vị chưa gửi báo cáo (1): Huyện Cô Tô" in first
    assert "còn 1 đơn vị chưa gửi: huyện Cô Tô" in " ".join(p.text() for p in pages[:2])
    assert "Huyện Cô Tô (chưa báo cáo)" in " ".join(p.text() for p in pages)


def test_draft_flag_forces_the_mark(settings, tmp_path):
    from report_gen.outputs import html as html_writer
    cons, _prev = consolidate_with_history(settings, force_draft=True)
    html = html_writer.render(cons).html
    assert 'class="draft-mark"' in html and "theo yêu cầu (tùy chọn --draft)" in html
    cons.force_draft = False
    html = html_writer.render(cons).html
    assert "DỰ THẢO" not in html


class _Recorder(http.server.BaseHTTPRequestHandler):
    hits: list[str] = []

    def do_GET(self):  # noqa: N802
        _Recorder.hits.append(self.path)
        self.send_response(200)
        self.send_header("Content-Type", "image/png")
        self.end_headers()

    def log_message(self, *args):
        pass


def test_pdf_fetches_nothing_outside_the_package_assets(tmp_path, monkeypatch):
    from report_gen.outputs import pdf_render as pdf
    from report_gen.outputs.html import Rendered
    server = http.server.HTTPServer(("127.0.0.1", 0), _Recorder)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    secret = tmp_path / "secret.css"
    secret.write_text("body { color: red }", encoding="utf-8")
    fetched = []
    real = pdf.URLFetcher.fetch

    def spy(self, url, headers=None):
        fetched.append(url)
        return real(self, url, headers)
    monkeypatch.setattr(pdf.URLFetcher, "fetch", spy)
    url = f"http://127.0.0.1:{server.server_port}"
    body = (f'<html><head><link rel="stylesheet" href="{secret.as_uri()}">'
            f'<style>@import url("{url}/css"); p {{ background: url({url}/bg.png) }}</style>'
            f'</head><body><p>x</p><img src="file:///etc/passwd"><img src="{url}/x.png">'
            f'<img src="../../../../etc/passwd"><img src="fonts/LiberationSerif-Regular.ttf">'
            f'</body></html>')
    try:
        pdf.write_pdf(Rendered(html=body, print_html=body, title="t", author="a"),
                      tmp_path / "x.pdf")
    finally:
        server.shutdown()
    assert _Recorder.hits == []
    assert (tmp_path / "x.pdf").stat().st_size > 0
    # only the package's own font file ever reached the real fetcher
    assert fetched and all(u.startswith(pdf.ASSETS.as_uri()) for u in fetched), fetched


def _svg_texts(svg: str) -> list[str]:
    return re.findall(r">([^<>]+)</text>", svg)


def test_trend_draws_every_panel_with_its_values(rendered):
    cons, doc = rendered
    trend = re.findall(r"<svg\b.*?</svg>", doc.html, re.S)[2]
    texts = _svg_texts(trend)
    for code, title in cons.settings.catalogue.trend:
        assert any(t.startswith(title) for t in texts), title
        for value in (cons.history[2011][code], cons.agg.province[code]):
            assert f"{value:,}".replace(",", ".") in texts, (code, value)


def test_trend_across_a_gap_in_the_record_spaces_years_evenly_and_joins_only_neighbours():
    from report_gen.outputs.chart_figures import trend
    svg = trend([2011, 2012, 2024, 2025], [("Mô hình (mô hình)", [80, 91, 112, 112])])
    ticks = {int(t): float(x) for x, t in re.findall(
        r'text-anchor: middle" x="([\d.]+)"[^>]*>(20\d\d)</text>', svg)}
    steps = [round(ticks[b] - ticks[a], 3) for a, b in ((2011, 2012), (2012, 2024), (2024, 2025))]
    assert steps[0] == steps[1] == steps[2]
    # two lines (2011–2012 and 2024–2025), none across the twelve missing years
    lines = re.findall(r'<path d="M [\d.]+ [\d.]+ \nL [\d.]+ [\d.]+ \n"[^>]*stroke: #1d3557', svg)
    assert len(lines) == 2


def test_rendering_the_pdf_leaves_no_font_folder_behind(rendered, tmp_path, monkeypatch):
    """WeasyPrint copies the embedded fonts into a temporary folder that only a finaliser
    removes; the renderer process ends without it, so every build used to leave ~1.5 MB in /tmp."""
    import tempfile
    from report_gen.outputs import pdf_render
    scratch = tmp_path / "tmp"
    scratch.mkdir()
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    _cons, doc = rendered
    pdf_render.write_pdf(doc, tmp_path / "bao_cao.pdf")
    assert (tmp_path / "bao_cao.pdf").read_bytes()[:5] == b"%PDF-"
    assert sorted(p.name for p in scratch.iterdir()) == []
