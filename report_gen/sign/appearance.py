"""What each signature shows (appendix I of Nghị định 30/2020): the signer's signature is the
handwritten signature image (blue, transparent PNG) scaled into the reserved spot; the
organisation's is its seal (red, transparent PNG) at the seal's real size with the
organisation's name and the signing time (ISO 8601, Vietnam time) beside it, in Times New Roman
(Liberation Serif, its metric twin shipped with the review) 10 pt."""

from __future__ import annotations

import functools
import textwrap
from importlib import resources
from io import BytesIO
from pathlib import Path

from PIL import Image
from pyhanko.pdf_utils import layout
from pyhanko.pdf_utils.font.api import FontEngine, FontEngineFactory
from pyhanko.pdf_utils.font.opentype import GlyphAccumulator
from pyhanko.pdf_utils.images import PdfImage
from pyhanko.pdf_utils.text import TextBoxStyle
from pyhanko.stamp import StaticStampStyle, TextStampStyle

from report_gen.sign.errors import SignError

FONT = "LiberationSerif-Regular.ttf"
INFO_PT = 10
# The information's lines are wrapped at this many characters (10 pt Times, ~60 mm).
INFO_WIDTH = 38


def person_style(image: Path) -> StaticStampStyle:
    """The handwritten signature, as large as fits the spot, centred, aspect kept."""
    return StaticStampStyle(
        background=PdfImage(_png(image)), background_opacity=1.0, border_width=0,
        background_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MID, y_align=layout.AxisAlignment.ALIGN_MID,
            margins=layout.Margins.uniform(0),
            inner_content_scaling=layout.InnerScaling.STRETCH_TO_FIT))


def organisation_style(image: Path, text_lift: float = 0) -> TextStampStyle:
    """The seal at the left of its box, as high as the box (the box is the seal's real size
    high); the information at the box's right, `text_lift` points above its bottom (on the
    signature spot's bottom edge, so it never covers the signer's name below)."""
    factory = _Em1000Font(str(resources.files("report_gen").joinpath("assets", "fonts", FONT)))
    return TextStampStyle(
        stamp_text="%(info)s",
        text_box_style=TextBoxStyle(font=factory, font_size=INFO_PT, leading=INFO_PT + 2,
                                    text_color=(0, 0, 0)),
        background=PdfImage(_png(image)), background_opacity=1.0, border_width=0,
        background_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MIN, y_align=layout.AxisAlignment.ALIGN_MID,
            margins=layout.Margins.uniform(0),
            inner_content_scaling=layout.InnerScaling.STRETCH_TO_FIT),
        inner_content_layout=layout.SimpleBoxLayoutRule(
            x_align=layout.AxisAlignment.ALIGN_MAX, y_align=layout.AxisAlignment.ALIGN_MIN,
            margins=layout.Margins(left=1, right=1, top=1, bottom=max(text_lift, 1)),
            inner_content_scaling=layout.InnerScaling.SHRINK_TO_FIT))


def organisation_info(name: str, signed_at: str) -> str:
    """The organisation's signature information: its name and the signing time."""
    lines = textwrap.wrap(f"Cơ quan: {name}", INFO_WIDTH) or ["Cơ quan:"]
    return "\n".join([*lines, f"Thời gian ký: {signed_at}"])


class _Em1000Font(FontEngineFactory):
    """The review's font for pyHanko, its glyphs rescaled to 1000 units per em: pyHanko writes
    a TrueType font's glyph widths in the font's own units, which PDF reads as thousandths of
    an em, so Liberation Serif (2048 units) would be drawn at twice its letter spacing."""

    def __init__(self, path: str):
        self.path = path

    def create_font_engine(self, writer, obj_stream=None) -> FontEngine:
        if obj_stream is None and writer.stream_xrefs:
            obj_stream = writer.prepare_object_stream()
        return GlyphAccumulator(writer=writer, font_handle=BytesIO(_em1000(self.path)),
                                font_size=INFO_PT, obj_stream=obj_stream)


@functools.cache
def _em1000(path: str) -> bytes:
    from fontTools.ttLib import TTFont
    from fontTools.ttLib.scaleUpem import scale_upem
    font = TTFont(path)
    scale_upem(font, 1000)
    if "FFTM" in font:  # FontForge's timestamps: the subsetter warns it cannot keep them
        del font["FFTM"]
    out = BytesIO()
    font.save(out)
    return out.getvalue()


def _png(path: Path) -> Image.Image:
    try:
        with Image.open(path) as img:
            if img.format != "PNG":
                raise SignError(f"ảnh {path.name} không phải tệp PNG")
            img.load()
            return img.convert("RGBA")
    except (OSError, Image.DecompressionBombError):
        raise SignError(f"không đọc được ảnh {path}") from None
