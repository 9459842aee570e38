"""The desk cube (kubus): a net of six squares with glue flaps on one A3 sheet.

The net is a cross: the top above the front; left, front and right in a row; the bottom
and the back below the front. Folded, the front faces the reader; the left, right and
back faces read upright when the cube stands on its bottom; the top reads upright from
the front; the bottom reads upright when the cube is tipped back. Only the back is
printed turned 180 degrees (it wraps round under the cube). Cut lines are solid, fold
lines dashed; face art runs 3 mm past cut lines so a slightly-off cut shows no white, and
the glue flaps carry no ink (glue holds badly on ink). The cut and fold lines are die
lines (layout Die items): a print file carries them on its die layer in spot colours, an
office or screen file draws them to cut and fold by hand.
"""

from __future__ import annotations

from dataclasses import dataclass

from toolkit.config.content import Copy, template_context
from toolkit.config.messages import _
from toolkit.config.model import Brand, Region
from toolkit.formats import CUT_OVERHANG_MM, PRINT_FORMATS, SAFE_MM, mm
from toolkit.layout.logos import LogoRowSpec, logo_row
from toolkit.layout.model import (
    Box, Circle, Die, Document, Group, Item, Page, Polygon, Rect, tagged,
)
from toolkit.layout.qr import qr_code
from toolkit.layout.text import Where, fit, place
from toolkit.products import BuildContext, Job
from toolkit.products.common import Composing, check_logo_resolution, tagged_url
from toolkit.products.design import ripples
from toolkit.render.profiles import OFFICE

TEMPLATE = "deskcard.nl.j2"
PRODUCT = "cube"
SHEET = "A3"
FORMAT = f"net-{SHEET}"
SIDE_MM = 80.0  # the cube's edge
FLAP_MM = 12.0
MARGIN_MM = 7.0  # text and logos keep this far from a face's edges (folds and cuts)
NET_RAISE_MM = 12.0  # the net sits this far above the sheet's centre: instructions below
GAP_MM = 3.0
RING_COUNT = 3
FACTOR_SPREAD = 3.0  # at most this many extra gaps between the factors on their face
PARTNER_SHARE = 0.45  # of the top face's inner height: the partners, under the question

# (column, row from the top) of each face in the net, and the face's turn in degrees.
NET = {"top": (1, 0, 0), "left": (0, 1, 0), "front": (1, 1, 0), "right": (2, 1, 0),
       "bottom": (1, 2, 0), "back": (1, 3, 180)}
# Glue flaps: (face, edge). One flap per pair of edges that meet when folded.
READING_ORDER = ("front", "top", "left", "right", "back", "bottom")
FLAPS = (("left", "top"), ("left", "bottom"), ("left", "left"), ("right", "top"),
         ("right", "bottom"), ("right", "right"), ("back", "bottom"))


@dataclass(frozen=True)
class Sizes:
    """Type sizes on the cube's faces, in points."""

    name_max: float = 24
    name_min: float = 15
    region: float = 11
    kicker: float = 10
    statement_max: float = 20
    statement_min: float = 11
    factor: float = 12
    factor_max: float = 14  # the factors' list: set large, it fills its face
    factor_min: float = 9
    number: float = 27
    label: float = 9
    url: float = 9.5
    instructions: float = 9
    logo_mm: float = 7
    logo_min_mm: float = 4


SIZES = Sizes()


EDITIONS = {"print": FORMAT, "office": f"net-office-{SHEET}"}


def build(region: Region, context: BuildContext) -> list[Job]:
    """The net for the print shop and the same net for the office printer."""
    with context.collecting():
        return [_job(region, context, edition) for edition in EDITIONS]
    return []


def _job(region: Region, context: BuildContext, edition: str) -> Job:
    brand = context.campaign.brand
    copy = context.copy.render(TEMPLATE, template_context(brand, region, form="cube"))
    page = cube_page(brand, region, copy, context)
    document = Document(title=copy["cube_title"], subject=copy["cube_subject"], pages=(page,),
                        author=brand.name, keywords=brand.hashtags)
    size = PRINT_FORMATS[SHEET]
    office = edition == "office"  # the net keeps clear of an office printer's margin
    return Job(path=f"{region.id}/{PRODUCT}/{PRODUCT}-{EDITIONS[edition]}.pdf",
               region=region.id, product=PRODUCT, format=EDITIONS[edition],
               media=edition, document=document,
               profile=OFFICE if office else context.print_profile,
               meta={"trim_mm": [size.width_mm, size.height_mm], "side_mm": SIDE_MM,
                     "flap_mm": FLAP_MM,
                     **({"edition": "office"} if office else {})})


def face_boxes() -> dict[str, Box]:
    """Each face's square on the sheet, in points."""
    width, height = PRINT_FORMATS[SHEET].size_pt
    side = mm(SIDE_MM)
    left = (width - 3 * side) / 2
    top = (height + 4 * side + mm(FLAP_MM)) / 2 + mm(NET_RAISE_MM)
    return {name: Box(left + column * side, top - (row + 1) * side, side, side)
            for name, (column, row, _turn) in NET.items()}


def _edge(box: Box, edge: str) -> tuple[tuple[float, float], tuple[float, float]]:
    return {"top": ((box.x, box.top), (box.right, box.top)),
            "bottom": ((box.x, box.y), (box.right, box.y)),
            "left": ((box.x, box.y), (box.x, box.top)),
            "right": ((box.right, box.y), (box.right, box.top))}[edge]


def _outward(edge: str) -> tuple[float, float]:
    return {"top": (0, 1), "bottom": (0, -1), "left": (-1, 0), "right": (1, 0)}[edge]


def flap_polygon(box: Box, edge: str) -> tuple[tuple[float, float], ...]:
    """A trapezoid on a face's edge, its ends tapered at 45 degrees."""
    (x1, y1), (x2, y2) = _edge(box, edge)
    dx, dy = _outward(edge)
    depth = mm(FLAP_MM)
    along = ((x2 - x1) / box.width if x2 != x1 else 0, (y2 - y1) / box.height if y2 != y1 else 0)
    return ((x1, y1),
            (x1 + dx * depth + along[0] * depth, y1 + dy * depth + along[1] * depth),
            (x2 + dx * depth - along[0] * depth, y2 + dy * depth - along[1] * depth),
            (x2, y2))


def fold_segments() -> list[tuple[tuple[float, float], tuple[float, float]]]:
    """Every fold: edges shared by two faces, and every flap's base."""
    boxes = face_boxes()
    segments = set()
    for name, box in boxes.items():
        for edge in ("top", "bottom", "left", "right"):
            if _neighbour(name, edge) is not None or (name, edge) in FLAPS:
                segments.add(_rounded(_edge(box, edge)))
    return sorted(segments)


def cut_segments() -> list[tuple[tuple[float, float], tuple[float, float]]]:
    """The net's outline: face edges with nothing attached, and flaps' three free sides."""
    boxes = face_boxes()
    segments = set()
    for name, box in boxes.items():
        for edge in ("top", "bottom", "left", "right"):
            if _neighbour(name, edge) is None and (name, edge) not in FLAPS:
                segments.add(_rounded(_edge(box, edge)))
    for name, edge in FLAPS:
        points = flap_polygon(boxes[name], edge)
        for start, end in zip(points, points[1:]):
            segments.add(_rounded((start, end)))
    return sorted(segments)


def _rounded(segment):
    (x1, y1), (x2, y2) = segment
    return ((round(x1, 3), round(y1, 3)), (round(x2, 3), round(y2, 3)))


def _neighbour(name: str, edge: str) -> str | None:
    column, row, _turn = NET[name]
    step = {"top": (0, -1), "bottom": (0, 1), "left": (-1, 0), "right": (1, 0)}[edge]
    target = (column + step[0], row + step[1])
    return next((other for other, (c, r, _t) in NET.items() if (c, r) == target), None)


@dataclass(frozen=True)
class Cube(Composing):
    brand: Brand
    region: Region
    copy: Copy
    context: BuildContext

    @property
    def medium(self) -> str:
        return _("the desk cube")


def cube_page(brand: Brand, region: Region, copy: Copy, context: BuildContext) -> Page:
    width, height = PRINT_FORMATS[SHEET].size_pt
    cube = Cube(brand, region, copy, context)
    boxes = face_boxes()
    items: list[Item] = []  # the glue flaps stay paper: no ink where the glue goes
    composers = {"front": _front, "top": _top, "left": _factors, "right": _hotline,
                 "back": _back, "bottom": _bottom}
    for name in READING_ORDER:  # the faces do not overlap: drawn in the order they are read
        box = boxes[name]
        face_items = composers[name](cube, box)
        turn = NET[name][2]
        items.append(Group(tuple(face_items), turn, box.x + box.width / 2,
                           box.y + box.height / 2) if turn else Group(tuple(face_items)))
    items += [Die("cut", tuple(cut_segments())), Die("crease", tuple(fold_segments()))]
    items += _instructions(cube, boxes)
    # No page background: what is not a face stays paper, the glue flaps included.
    return Page(width, height, tuple(items), label="cube")


EDGES = ("top", "bottom", "left", "right")
# Each edge from its start corner to its end corner (as _edge draws it), and the edges
# that meet it there.
CORNERS = {"top": ("left", "right"), "bottom": ("left", "right"),
           "left": ("bottom", "top"), "right": ("bottom", "top")}


def _ground(cube: Cube, name: str, box: Box, colour) -> list[Item]:
    """The face's colour, run CUT_OVERHANG_MM past its cut edges (not past a fold: a face
    or a glue flap is there). Where a cut edge meets a fold the overhang ends in a 45
    degree mitre, so it never reaches into a neighbour's glue flap (tapered at 45)."""
    cut = {edge: not (_neighbour(name, edge) or (name, edge) in FLAPS) for edge in EDGES}
    if NET[name][2] == 180:  # composed upright, then turned: edges swap
        cut = {"top": cut["bottom"], "bottom": cut["top"], "left": cut["right"],
               "right": cut["left"]}
    items: list[Item] = [Rect(box, colour)]
    over = mm(CUT_OVERHANG_MM)
    for edge in (edge for edge in EDGES if cut[edge]):
        (x1, y1), (x2, y2) = _edge(box, edge)
        out_x, out_y = _outward(edge)
        length = abs(x2 - x1) + abs(y2 - y1)
        along_x, along_y = (x2 - x1) / length, (y2 - y1) / length
        at_start, at_end = (over if cut[other] else -over for other in CORNERS[edge])
        items.append(Polygon(((x1, y1), (x2, y2),
                              (x2 + out_x * over + along_x * at_end,
                               y2 + out_y * over + along_y * at_end),
                              (x1 + out_x * over - along_x * at_start,
                               y1 + out_y * over - along_y * at_start)), fill=colour))
    return items


def _inner(box: Box) -> Box:
    return box.inset(mm(MARGIN_MM))


def _front(cube: Cube, box: Box) -> list[Item]:
    colours = cube.brand.colours
    inner = _inner(box)
    radius = box.width * 0.09
    centre_x, centre_y = box.right - box.width * 0.22, box.top - box.height * 0.24
    items: list[Item] = [*_ground(cube, "front", box, colours["primary"]),
                         *ripples(cube.brand, centre_x, centre_y, radius, box.width * 0.2,
                                  RING_COUNT),
                         Circle(centre_x, centre_y, radius, fill=colours["accent"])]
    region = fit(cube.copy["cube_front_region"], cube.spec("regular", SIZES.region,
                 SIZES.region * 0.8, max_lines=1, hyphenate=False), inner.width, inner.height,
                 cube.where("cube_front_region"))
    name = fit(cube.copy["cube_front"], cube.spec("heavy", SIZES.name_max, SIZES.name_min,
               leading=1.05, max_lines=4, hyphenate=False, balance=True), inner.width,
               inner.height * 0.55, cube.where("cube_front"))
    items.append(tagged("H1", place(name, Box(inner.x, inner.y + region.height
                                              + mm(GAP_MM) * 0.6, inner.width, name.height),
                                    colours["light"], valign="bottom")))
    items.append(tagged("P", place(region, Box(inner.x, inner.y, inner.width, region.height),
                                   colours["light"], valign="bottom")))
    return items


def _top(cube: Cube, box: Box) -> list[Item]:
    """The Kindcheck's question, and under it the partners: the top shows when it stands."""
    colours = cube.brand.colours
    inner = _inner(box)
    gap = mm(GAP_MM)
    partners, partners_top = _partner_rows(cube, inner)
    room = Box(inner.x, partners_top + gap, inner.width, inner.top - partners_top - gap)
    kicker = fit(cube.copy["cube_top_kicker"], cube.spec("bold", SIZES.kicker, max_lines=1,
                 hyphenate=False, tracking_em=0.08), room.width, room.height,
                 cube.where("cube_top_kicker"))
    text = fit(cube.copy["cube_top"], cube.spec("heavy", SIZES.statement_max,
               SIZES.statement_min, leading=1.1, hyphenate=False, balance=True), room.width,
               room.height - kicker.height - gap, cube.where("cube_top"))
    total = kicker.height + gap + text.height
    top = room.y + (room.height + total) / 2
    return [*_ground(cube, "top", box, colours["light"]),
            tagged("P", place(kicker, Box(room.x, top - kicker.height, room.width,
                                          kicker.height), colours["primary"])),
            tagged("P", place(text, Box(room.x, room.y, room.width,
                                        top - kicker.height - gap - room.y), colours["ink"])),
            *partners]


def _partner_rows(cube: Cube, inner: Box) -> tuple[list[Item], float]:
    """The partners' label and rows along the bottom of inner; returns items and their top."""
    colours, brand = cube.brand.colours, cube.brand
    gap = mm(GAP_MM)
    label = fit(cube.copy["partners_label"], cube.spec("bold", SIZES.label, max_lines=1,
                hyphenate=False), inner.width, inner.height, cube.where("partners_label"))
    spec = LogoRowSpec(mm(SIZES.logo_mm), mm(SIZES.logo_min_mm), gap * 1.5, gap * 0.6,
                       brand.fonts["bold"], colours["ink"], align="centre", valign="bottom")
    area = Box(inner.x, inner.y, inner.width, inner.height * PARTNER_SHARE)
    logos, placed = logo_row(cube.region.partners, area, spec,
                             Where(cube.region.file, "partners", cube.medium))
    check_logo_resolution(placed, cube.region, cube.medium, cube.context.problems)
    top = max((p.box.top for p in placed), default=inner.y) + gap * 0.6
    items = [tagged("P", place(label, Box(inner.x, top, inner.width, label.height),
                               colours["ink"], align="centre", valign="bottom")), *logos]
    return items, top + label.height


def _factors(cube: Cube, box: Box) -> list[Item]:
    colours = cube.brand.colours
    inner = _inner(box)
    gap = mm(GAP_MM)
    title = fit(cube.copy["cube_factors_title"], cube.spec("heavy", SIZES.statement_max * 0.8,
                SIZES.statement_min, max_lines=2, hyphenate=False, balance=True), inner.width,
                inner.height / 3, cube.where("cube_factors_title"))
    items: list[Item] = [*_ground(cube, "left", box, colours["paper"]),
                         tagged("H2", place(title, inner, colours["primary"]))]
    factors: list[Item] = []  # a list: each factor a bullet (Lbl) and its text
    cursor = inner.top - title.height - gap * 1.2
    dot = SIZES.factor * 0.32
    blocks = [f"cube_factor_{n}" for n in range(1, 4)]
    room = (cursor - inner.y - gap * (len(blocks) - 1)) / len(blocks)
    texts = [fit(cube.copy[block], cube.spec("bold", SIZES.factor_max, SIZES.factor_min,
                 leading=1.2), inner.width - dot * 4, room, cube.where(block))
             for block in blocks]
    # The list runs down the face (it shows when the cube stands): what is left of the
    # height goes between the items, up to FACTOR_SPREAD gaps each.
    spare = cursor - inner.y - sum(text.height for text in texts) - gap * (len(blocks) - 1)
    step = gap + min(max(spare, 0.0) / len(blocks), gap * FACTOR_SPREAD)
    for block, text in zip(blocks, texts):
        first_line = cursor - text.font.ascent * text.size_pt * 0.55
        bullet = tagged("Lbl", (Circle(inner.x + dot, first_line, dot, fill=colours["accent"]),))
        body = tagged("LBody", place(text, Box(inner.x + dot * 4, cursor - text.height,
                                               inner.width - dot * 4, text.height),
                                     colours["ink"]))
        factors.append(tagged("LI", (bullet, body)))
        cursor -= text.height + step
    return items + [tagged("L", factors)]


def _hotline(cube: Cube, box: Box) -> list[Item]:
    colours = cube.brand.colours
    inner = _inner(box)
    gap = mm(GAP_MM)

    def one(block: str, role: str, size: float):
        return fit(cube.copy[block], cube.spec(role, size, size * 0.7, max_lines=1,
                   hyphenate=False), inner.width, inner.height, cube.where(block))
    parts = [one("hotline_label", "bold", SIZES.statement_min),
             one("hotline_number", "heavy", SIZES.number),
             one("hotline_note", "regular", SIZES.factor),
             one("emergency", "bold", SIZES.factor)]
    total = sum(p.height for p in parts) + gap * (len(parts) - 1)
    cursor = inner.y + (inner.height + total) / 2
    items: list[Item] = [*_ground(cube, "right", box, colours["accent"])]
    lines: list[Item] = []
    for part in parts:
        lines.append(tagged("P", place(part, Box(inner.x, cursor - part.height, inner.width,
                                                 part.height), colours["ink"], align="centre")))
        cursor -= part.height + gap
    return items + [tagged("Note", lines)]  # a call-out


def _back(cube: Cube, box: Box) -> list[Item]:
    """Where to go with worries that are not unsafety, and the QR code to the site."""
    colours, brand = cube.brand.colours, cube.brand
    inner = _inner(box)
    gap = mm(GAP_MM)
    heading = fit(cube.copy["cube_more"], cube.spec("heavy", SIZES.statement_max * 0.8,
                  SIZES.statement_min, max_lines=1, hyphenate=False), inner.width,
                  inner.height, cube.where("cube_more"))
    route = fit(cube.copy["cube_route"], cube.spec("regular", SIZES.label, SIZES.label,
                leading=1.25, max_lines=4, hyphenate=False), inner.width, inner.height / 3,
                cube.where("cube_route"))
    url = fit(cube.copy["cube_url"], cube.spec("bold", SIZES.url, SIZES.url * 0.7,
              max_lines=1, hyphenate=False), inner.width, inner.height, cube.where("cube_url"))
    side = inner.height - heading.height - route.height - url.height - 3 * gap * 0.8
    link = tagged_url(cube.region.landing_url, source=PRODUCT, medium="print",
                      campaign=brand.tag, content="kubus")
    qr_box = Box(inner.x + (inner.width - side) / 2, inner.y + url.height + gap * 0.8, side,
                 side)
    route_top = inner.top - heading.height - gap * 0.8
    return [*_ground(cube, "back", box, colours["paper"]),
            tagged("H2", place(heading, inner, colours["ink"], align="centre")),
            tagged("P", place(route, Box(inner.x, route_top - route.height, inner.width,
                                         route.height), colours["ink"], align="centre")),
            qr_code(link, qr_box, colours["ink"]),  # repeats the address under it
            tagged("P", place(url, Box(inner.x, inner.y, inner.width, url.height),
                              colours["primary"], align="centre", valign="bottom"))]


def _bottom(cube: Cube, box: Box) -> list[Item]:
    """Under the cube, out of sight when it stands: the campaign's name, small."""
    colours = cube.brand.colours
    inner = _inner(box)
    line = fit(f"{cube.copy['cube_front']}\n{cube.copy['cube_front_region']}", cube.spec(
        "bold", SIZES.label, max_lines=2, hyphenate=False, balance=True), inner.width,
        inner.height, cube.where("cube_front"))
    return [*_ground(cube, "bottom", box, colours["paper"]),
            tagged("P", place(line, inner, colours["primary"], align="centre",
                              valign="middle"))]


def _instructions(cube: Cube, boxes: dict[str, Box]) -> list[Item]:
    """How to make it, under the net."""
    back = boxes["back"]
    width = PRINT_FORMATS[SHEET].size_pt[0]
    bottom = mm(SAFE_MM) + mm(GAP_MM)
    column = Box(max(back.x - back.width, bottom), bottom, min(back.width * 3, width - 2 * bottom),
                 back.y - mm(FLAP_MM) - mm(GAP_MM) * 2 - bottom)
    text = fit(cube.copy["cube_instructions"], cube.spec("regular", SIZES.instructions,
               SIZES.instructions, leading=1.3), column.width, column.height,
               cube.where("cube_instructions"))
    return [tagged("P", place(text, column, cube.brand.colours["ink"], valign="bottom"))]
