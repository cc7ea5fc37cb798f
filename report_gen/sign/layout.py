"""Where the signatures go, read from the review's own layout.

The review reserves the signature spot, a fixed box between the signer's title and name
(templates/review.html.j2, `.sig-spot`); WeasyPrint writes every element id as a named
destination, so the PDF itself says where the box's top-left corner (#cho-ky) and bottom-right
corner (#cho-ky-het) are. No coordinates are guessed and no text is searched for: a changed
layout moves the destinations with the box."""

from __future__ import annotations

import math
from dataclasses import dataclass

from pyhanko.pdf_utils import generic
from pyhanko.pdf_utils.reader import PdfFileReader

from report_gen.sign.errors import SignError

SPOT_START = "cho-ky"
SPOT_END = "cho-ky-het"
MM = 72 / 25.4  # PDF points per millimetre


@dataclass(frozen=True)
class Box:
    """A rectangle on a page, in PDF points from the page's bottom-left corner."""
    page: int  # 0-based
    x0: float
    y0: float
    x1: float
    y1: float

    @property
    def width(self) -> float:
        return self.x1 - self.x0

    @property
    def height(self) -> float:
        return self.y1 - self.y0

    def rect(self) -> tuple[int, int, int, int]:
        """Whole points inside the box (pyHanko's field boxes are integers)."""
        return (math.ceil(self.x0), math.ceil(self.y0), math.floor(self.x1), math.floor(self.y1))


def signature_spot(reader: PdfFileReader) -> Box:
    """The reserved signature spot of the review read by `reader`."""
    dests = named_destinations(reader)
    if SPOT_START not in dests or SPOT_END not in dests:
        raise SignError("báo cáo không có chỗ dành cho chữ ký (bản lập bằng phiên bản cũ của "
                        "chương trình?): hãy chạy lại “report-gen build”")
    (page, x0, top), (end_page, x1, bottom) = dests[SPOT_START], dests[SPOT_END]
    if page != end_page or x1 <= x0 or bottom >= top:
        raise SignError("chỗ dành cho chữ ký trong báo cáo bị tách sang hai trang")
    return Box(page, x0, bottom, x1, top)


def seal_box(spot: Box, diameter_mm: float) -> Box:
    """The seal at its real size over the left third of the signature (Điều 33 and appendix I
    of Nghị định 30/2020): its right edge a third into the spot, centred on the spot's
    height."""
    d = diameter_mm * MM
    right = spot.x0 + spot.width / 3
    middle = (spot.y0 + spot.y1) / 2
    return Box(spot.page, right - d, middle - d / 2, right, middle + d / 2)


def named_destinations(reader: PdfFileReader) -> dict[str, tuple[int, float, float]]:
    """Each named destination of the document: (page index, left, top)."""
    names = reader.root.get("/Names")
    tree = names.get("/Dests") if isinstance(names, generic.DictionaryObject) else None
    if tree is None:
        return {}
    pages = _page_numbers(reader)
    found: dict[str, tuple[int, float, float]] = {}
    for name, dest in _name_tree(tree.get_object()):
        dest = dest.get_object()
        if isinstance(dest, generic.DictionaryObject):
            dest = dest.get("/D")
        if not isinstance(dest, generic.ArrayObject) or len(dest) < 4 or dest[1] != "/XYZ":
            continue
        page = pages.get(dest.raw_get(0).idnum) if isinstance(dest.raw_get(0),
                                                              generic.IndirectObject) else None
        if page is not None:
            found[str(name)] = (page, float(dest[2]), float(dest[3]))
    return found


def _name_tree(node: generic.DictionaryObject):
    """(name, value) of a name tree (ISO 32000 §7.9.6), leaves and kids."""
    pairs = node.get("/Names")
    if pairs is not None:
        for i in range(0, len(pairs) - 1, 2):
            yield pairs[i], pairs.raw_get(i + 1)
    for kid in node.get("/Kids", ()):
        yield from _name_tree(kid.get_object())


def _page_numbers(reader: PdfFileReader) -> dict[int, int]:
    """Object number of each page → its index."""
    count = int(reader.root["/Pages"]["/Count"])
    return {reader.find_page_for_modification(i)[0].idnum: i for i in range(count)}
