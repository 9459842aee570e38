"""Where black overprints: 100 % K text, pictograms and thin black lines set on colour.

A press prints black last; if black text knocks out the colour beneath it, the slightest
misregistration shows a white halo round every letter. So black that sits on colour is
printed on top of it (overprint: /OP, /op true, /OPM 1). On white paper there is nothing
to overprint, so nothing is set there. The renderer decides this from the page itself: it
keeps the boxes of everything coloured drawn so far (in page space, through groups'
rotations and offsets) and asks whether a black item's box meets one of them. Boxes are
bounding boxes, so near a round shape black may overprint where it meets only paper; that
prints the same.
"""

from __future__ import annotations

import math

from toolkit.colour import Colour
from toolkit.formats import OVERPRINT_LINE_MAX_PT
from toolkit.layout.model import Box, Circle, Line, Picture, Polygon, QRCode, Rect, Text, Vector

SOLID_BLACK = (0.0, 0.0, 0.0, 1.0)
Matrix = tuple[float, float, float, float, float, float]
IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)


def is_coloured(colour: Colour | None) -> bool:
    """Whether a fill puts ink on the paper (anything but 0/0/0/0)."""
    return colour is not None and any(value > 0 for value in colour.cmyk)


def is_solid_black(colour: Colour | None) -> bool:
    return colour is not None and tuple(colour.cmyk) == SOLID_BLACK


class Backdrop:
    """What has been painted in colour on a page so far, to place black over."""

    def __init__(self) -> None:
        self.matrix: Matrix = IDENTITY
        self.saved: list[Matrix] = []
        self.painted: list[tuple[float, float, float, float]] = []

    def push(self, dx: float, dy: float, rotate_deg: float, origin: tuple[float, float]):
        """Enter a group: moved by (dx, dy), turned round origin (as Painter draws it)."""
        self.saved.append(self.matrix)
        self._apply((1, 0, 0, 1, dx + origin[0], dy + origin[1]))
        turn = math.radians(rotate_deg)
        self._apply((math.cos(turn), math.sin(turn), -math.sin(turn), math.cos(turn), 0, 0))
        self._apply((1, 0, 0, 1, -origin[0], -origin[1]))

    def pop(self) -> None:
        self.matrix = self.saved.pop()

    def paint(self, item) -> None:
        """Record item if it puts colour on the page."""
        box = _coloured_box(item)
        if box is not None:
            self.painted.append(self._page_box(box))

    def paint_page(self) -> None:
        """The page background is coloured: everything on it is on colour."""
        self.painted.append(self._page_box(Box(-1e6, -1e6, 2e6, 2e6)))

    def overprints(self, item: Text | Line | Vector) -> bool:
        """Whether item is solid black (text, a pictogram or a thin line) set over colour."""
        if isinstance(item, (Text, Vector)):
            if not is_solid_black(item.colour):
                return False
            box = item.box
        else:
            if not is_solid_black(item.colour) or item.width_pt > OVERPRINT_LINE_MAX_PT:
                return False
            (x0, y0), (x1, y1) = item.start, item.end
            half = item.width_pt / 2
            box = Box(min(x0, x1) - half, min(y0, y1) - half, abs(x1 - x0) + item.width_pt,
                      abs(y1 - y0) + item.width_pt)
        left, bottom, right, top = self._page_box(box)
        return any(left < p_right and p_left < right and bottom < p_top and p_bottom < top
                   for p_left, p_bottom, p_right, p_top in self.painted)

    def _apply(self, other: Matrix) -> None:
        a, b, c, d, e, f = self.matrix
        a2, b2, c2, d2, e2, f2 = other
        self.matrix = (a * a2 + c * b2, b * a2 + d * b2, a * c2 + c * d2, b * c2 + d * d2,
                       a * e2 + c * f2 + e, b * e2 + d * f2 + f)

    def _page_box(self, box: Box) -> tuple[float, float, float, float]:
        a, b, c, d, e, f = self.matrix
        corners = [(a * x + c * y + e, b * x + d * y + f)
                   for x in (box.x, box.right) for y in (box.y, box.top)]
        xs, ys = [x for x, _ in corners], [y for _, y in corners]
        return (min(xs), min(ys), max(xs), max(ys))


def _coloured_box(item) -> Box | None:
    if isinstance(item, (Rect, Polygon, Circle)) and not (
            is_coloured(item.fill) or is_coloured(item.stroke)):
        return None
    if isinstance(item, Rect):
        return item.box
    if isinstance(item, Circle):
        radius = item.radius + item.stroke_pt / 2
        return Box(item.centre_x - radius, item.centre_y - radius, 2 * radius, 2 * radius)
    if isinstance(item, Polygon):
        xs, ys = [x for x, _ in item.points], [y for _, y in item.points]
        return Box(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))
    if isinstance(item, (Picture, Vector, QRCode)):
        return item.box
    return None
