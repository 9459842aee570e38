"""The one page model every product describes and every renderer draws.

Coordinates are points in the *trim* box, origin bottom-left. Items may reach beyond the
trim (art that runs into the bleed); renderers clip to the bleed (print) or trim (screen).
A product lists items in reading order: text is drawn, extracted and read in that order.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from toolkit.colour import Colour
from toolkit.config.assets import FontFace, RasterImage, VectorImage


@dataclass(frozen=True)
class Box:
    """A rectangle: x, y of the lower-left corner, width and height, in points."""

    x: float
    y: float
    width: float
    height: float

    @property
    def top(self) -> float:
        return self.y + self.height

    @property
    def right(self) -> float:
        return self.x + self.width

    def inset(self, left: float, bottom: float | None = None, right: float | None = None,
              top: float | None = None) -> "Box":
        bottom = left if bottom is None else bottom
        right = left if right is None else right
        top = bottom if top is None else top
        return Box(self.x + left, self.y + bottom, self.width - left - right,
                   self.height - bottom - top)

    def contains(self, other: "Box", tolerance: float = 0.01) -> bool:
        return (other.x >= self.x - tolerance and other.y >= self.y - tolerance
                and other.right <= self.right + tolerance and other.top <= self.top + tolerance)


@dataclass(frozen=True)
class Rect:
    """A filled (and optionally stroked) rectangle."""

    box: Box
    fill: Colour | None
    stroke: Colour | None = None
    stroke_pt: float = 0.0
    radius: float = 0.0


@dataclass(frozen=True)
class Circle:
    centre_x: float
    centre_y: float
    radius: float
    fill: Colour | None = None
    stroke: Colour | None = None
    stroke_pt: float = 0.0


@dataclass(frozen=True)
class Polygon:
    points: tuple[tuple[float, float], ...]
    fill: Colour | None = None
    stroke: Colour | None = None
    stroke_pt: float = 0.0


@dataclass(frozen=True)
class Line:
    start: tuple[float, float]
    end: tuple[float, float]
    colour: Colour
    width_pt: float
    dash_pt: tuple[float, ...] = ()


Segment = tuple[tuple[float, float], tuple[float, float]]


@dataclass(frozen=True)
class Die:
    """Finishing lines, never art: kind 'cut' (the contour a cutter follows) or 'crease'
    (where it is folded). Print files carry them in their own spot colour on a layer of
    their own; office and screen files draw them as thin lines to cut and fold by hand."""

    kind: str  # 'cut' or 'crease'
    segments: tuple[Segment, ...]


@dataclass(frozen=True)
class Text:
    """One line of text; x, y is the start of the baseline."""

    x: float
    y: float
    text: str
    font: FontFace
    size_pt: float
    colour: Colour
    tracking_pt: float = 0.0  # extra space between characters

    @property
    def width(self) -> float:
        return self.font.width(self.text, self.size_pt) + self.tracking_pt * max(
            len(self.text) - 1, 0)

    @property
    def box(self) -> Box:
        """The ink box the line may occupy: baseline minus descent to baseline plus ascent."""
        bottom = self.y - self.font.descent * self.size_pt
        return Box(self.x, bottom, self.width,
                   (self.font.ascent + self.font.descent) * self.size_pt)


@dataclass(frozen=True)
class Picture:
    """A raster image scaled into box; crop (0..1 fractions l, b, r, t) for cover fits."""

    box: Box
    image: RasterImage
    crop: tuple[float, float, float, float] = (0.0, 0.0, 1.0, 1.0)
    alt: str = ""
    photo: bool = False  # photos travel as JPEG; flat graphics (logos) stay lossless


@dataclass(frozen=True)
class Vector:
    """An SVG drawing scaled to fit box."""

    box: Box
    image: VectorImage
    alt: str = ""
    colour: Colour | None = None  # a pictogram: drawn in this one brand colour


@dataclass(frozen=True)
class QRCode:
    """A QR symbol: dark modules as a matrix, drawn into a square box (quiet zone included)."""

    box: Box
    modules: tuple[tuple[bool, ...], ...]
    colour: Colour
    quiet_modules: int
    data: str


@dataclass(frozen=True)
class Link:
    """A clickable area (screen PDFs only): to a web address, or to an Anchor's page."""

    box: Box
    url: str = ""
    destination: str = ""  # an Anchor's key


@dataclass(frozen=True)
class Anchor:
    """A named place on its page: a link destination and, with a level, a bookmark
    (0 = chapter) in the viewer's outline."""

    key: str
    title: str = ""
    level: int | None = None


@dataclass(frozen=True)
class Tag:
    """What a group's items are to a screen reader: a standard structure type (ISO 32000-1,
    14.8.4): 'H1'-'H3', 'P', 'L', 'LI', 'Lbl', 'LBody', 'Table', 'TR', 'TH', 'TD', 'Figure',
    'Link', 'Note', 'TOC', 'TOCI', or 'Artifact' (decoration). Tagged groups nest as the
    elements do. Whatever no tagged group holds is decoration; so are shapes (rules, fills)
    except in a 'Figure' or 'Lbl' (a bullet)."""

    role: str
    key: str = ""  # consecutive groups with one role and key are one element (a paragraph
    # whose lines fall on two pages); for an 'Artifact', its type ('Pagination')
    alt: str = ""  # a Figure's alternative text
    scope: str = ""  # a TH's: 'Column' or 'Row'
    underline: bool = False  # a Link's text is underlined (not told apart by colour alone)


@dataclass(frozen=True)
class Group:
    """Items turned by rotate_deg around (origin_x, origin_y): e.g. a tent card's top face;
    with a tag, items that form one structure element (a heading, a list item)."""

    items: tuple["Item", ...]
    rotate_deg: float = 0.0
    origin_x: float = 0.0
    origin_y: float = 0.0
    offset_x: float = 0.0  # then moved by this much (imposition: a page onto a sheet)
    offset_y: float = 0.0
    clip: Box | None = None  # in the group's own coordinates
    scale: float = 1.0  # about the origin, with the turn (an office edition: art to paper)
    tag: Tag | None = None

    @property
    def moves(self) -> bool:
        return bool(self.rotate_deg or self.offset_x or self.offset_y or self.clip
                    or self.scale != 1.0)


Item = (Rect | Circle | Polygon | Line | Die | Text | Picture | Vector | QRCode | Link | Anchor
        | Group)


@dataclass(frozen=True)
class Fold:
    """A fold across the whole sheet: horizontal at y ('h') or vertical at x ('v'). Print
    renderers mark it in the slug, next to the crop marks, never through the art."""

    axis: str
    at: float


@dataclass(frozen=True)
class Page:
    """One page: trim size, background colour (runs into the bleed) and items."""

    width: float
    height: float
    items: tuple[Item, ...]
    background: Colour | None = None
    label: str = ""
    folds: tuple[Fold, ...] = ()

    @property
    def trim(self) -> Box:
        return Box(0, 0, self.width, self.height)


@dataclass(frozen=True)
class Document:
    """What a product hands to the renderer: pages plus metadata for the PDF."""

    title: str
    subject: str
    pages: tuple[Page, ...]
    author: str
    keywords: tuple[str, ...] = field(default_factory=tuple)
    show_outline: bool = False  # open the viewer's bookmarks panel (long documents)
    accessible: bool = False  # claims PDF/UA-1 (the screen editions); every PDF is tagged


def tagged(role: str, items, key: str = "", **fields) -> Group:
    """Items as one structure element of the given role (see Tag)."""
    return Group(tuple(items), tag=Tag(role, key, **fields))


def leaves(items: tuple[Item, ...]) -> list[Item]:
    """Return every item that is not a group, groups flattened (untransformed)."""
    found: list[Item] = []
    for item in items:
        if isinstance(item, Group):
            found.extend(leaves(item.items))
        else:
            found.append(item)
    return found


def walk_text(items: tuple[Item, ...]) -> list[Text]:
    """Return every Text item, groups flattened (untransformed)."""
    return [item for item in leaves(items) if isinstance(item, Text)]
