"""The composition library: colour fields and the hero of a design, described once.

A design (a social post, a poster) picks a composition and a colour field in
assets/brand/designs.toml. The product lays out its message and partners as always and
gives the composition the free area (the hero box) and the boxes it must keep clear of
(text); the composition draws its hero there:

- statement: ripples spreading from the accent dot (the campaign's motif);
- pictogram: a large pictogram on a disc, ringed by the motif;
- figure: a key figure set huge ('1 op de 4', '0800-2000') with its line;
- question: a line the reader could say, set as speech in a speech bubble;
- day: the week's day number on the dot: a day card for the week series;
- photo: the region's photo for this design (region.toml), cover-cropped around its focal
  point to fill the hero box; no text is set on it. A design the region gives a photo
  draws this composition, whatever designs.toml names.

Fields: dark (primary), light, accent, or day (a step from primary towards ink per day
of the week: the series deepens through the week, light text on every day). Text on a
field takes the brand colour with the best contrast; a pairing below WCAG's 4.5 : 1 is an
input error naming designs.toml.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, replace

from toolkit.colour import Colour, contrast_ratio, mix
from toolkit.config.looks import DEFAULT_LOOK, LOOKS_FILE, Look
from toolkit.config.messages import N_, _
from toolkit.config.model import Brand, RegionPhoto
from toolkit.errors import InputError
from toolkit.layout.model import (
    Box,
    Circle,
    Item,
    Picture,
    Polygon,
    Rect,
    Vector,
    tagged,
)
from toolkit.layout.text import FitSpec, SetText, fit, place
from toolkit.products.common import cover_crop
from toolkit.products.design import ripples

MIN_CONTRAST = 4.5
DAY_STEP = 0.085  # the day field moves this far from primary towards ink per day
RING_COUNT = 4
HERO = {  # shares of the hero box
    "dot": 0.30,  # the dot's radius, of the hero's smaller side
    "disc": 0.42,  # the pictogram's disc radius
    "glyph": 1.15,  # the pictogram's side, in disc radii
    "figure_width": 0.92,  # the figure's measure
    "bubble_width": 0.94,
    "bubble_pad": 0.09,  # of the bubble's width
    "tail": 0.12,  # the speech tail's size, of the bubble's height
    "day_number": 1.05,  # the day number's size, in dot radii
}
FIGURE_LEADING = 0.95
QUESTION_LEADING = 1.08


@dataclass(frozen=True)
class Field:
    """A colour field: its background, the text on it, and the marks (bar, dot, disc)."""

    background: Colour
    text: Colour
    mark: Colour  # the accent bar, the dot, the pictogram's disc
    on_mark: Colour  # what is drawn on a mark (a pictogram, a day number)
    rings_on: Colour  # the colour the rings' tints are mixed towards


def field_colours(brand: Brand, look: Look, day: int | None, where: str) -> Field:
    """The field's colours, contrast-checked; where names the design for messages."""
    colours = brand.colours
    name = look.field
    if name == "day":
        step = (day or 1) - 1
        background = mix(colours["primary"], colours["ink"], 1 - step * DAY_STEP,
                         f"primary, day {step + 1}") if step else colours["primary"]
    else:
        background = {"dark": colours["primary"], "light": colours["light"],
                      "accent": colours["accent"]}[name]
    text = best(background, (colours["light"], colours["ink"], colours["primary"]))
    mark = colours["accent"] if name != "accent" else colours["primary"]
    on_mark = best(mark, (colours["ink"], colours["light"]))
    for foreground, back, what in ((text, background, N_("text")),
                                   (on_mark, mark, N_("mark"))):
        ratio = contrast_ratio(foreground.rgb, back.rgb)
        if ratio < MIN_CONTRAST:
            raise InputError(str(LOOKS_FILE), f"{where}.field", _(
                "'{name}' gives {what} a contrast of {ratio} : 1, below {least} : 1",
                name=name, what=_(what), ratio=round(ratio, 2), least=MIN_CONTRAST),
                _("choose another field, or brand colours with more contrast"))
    return Field(background, text, mark, on_mark,
                 colours["paper"] if name in ("dark", "day") else colours["primary"])


def best(background: Colour, candidates: tuple[Colour, ...]) -> Colour:
    return max(candidates, key=lambda c: contrast_ratio(c.rgb, background.rgb))


def look_of(looks: dict, product: str, name: str) -> Look:
    return looks.get(f"{product}/{name}", DEFAULT_LOOK)


@dataclass(frozen=True)
class Hero:
    """What a composition gets: the free box, the text boxes to keep clear of, the field,
    the fonts, and its words (already rendered)."""

    box: Box
    clear_of: tuple[Box, ...]
    gap: float
    field: Field
    brand: Brand
    look: Look
    words: dict  # 'figure', 'figure_text', 'question', 'day', 'marker': (text, Where)
    ring_count: int = RING_COUNT
    photo: RegionPhoto | None = None  # the photo composition's


def draw(hero: Hero) -> list[Item]:
    composer = {"statement": _statement, "pictogram": _pictogram, "figure": _figure,
                "question": _question, "day": _day, "photo": _photo}[hero.look.composition]
    if hero.look.composition == "day" and "day" not in hero.words:
        composer = _statement  # a day card needs a day: outside the week, a statement
    return composer(hero)


def clearance(x: float, y: float, boxes: tuple[Box, ...], gap: float) -> float:
    """How far rings around (x, y) may reach before they touch a text box (less a gap)."""
    reach = math.inf
    for box in boxes:
        dx = max(box.x - x, 0.0, x - box.right)
        dy = max(box.y - y, 0.0, y - box.top)
        reach = min(reach, math.hypot(dx, dy) - gap)
    return reach


def _rings(hero: Hero, x: float, y: float, radius: float, wanted: float) -> list[Item]:
    outer = min(wanted, clearance(x, y, hero.clear_of, hero.gap))
    if outer <= radius * 1.2:
        return []
    return ripples_on(hero, x, y, radius, outer)


def ripples_on(hero: Hero, x: float, y: float, radius: float, outer: float) -> list[Item]:
    """The motif's rings, tinted from the field's background (not always the primary)."""
    colours = {**hero.brand.colours, "primary": hero.field.background,
               "paper": hero.field.rings_on}
    return ripples(replace(hero.brand, colours=colours), x, y, radius, outer, hero.ring_count)


def _anchor(hero: Hero, radius: float) -> tuple[float, float]:
    """The hero's centre of gravity: right of centre, for a reading line from the text."""
    box = hero.box
    x = min(box.right - radius, box.x + box.width * 0.62)
    x = max(x, box.x + radius)
    return x, box.y + box.height / 2


def _statement(hero: Hero) -> list[Item]:
    box = hero.box
    radius = min(box.width, box.height) * HERO["dot"] * 0.6
    x, y = box.right - radius * 1.4, box.top - radius * 1.4
    x, y = max(x, box.x + radius), max(y, box.y + radius)
    items = _rings(hero, x, y, radius, max(box.width, box.height))
    return items + [Circle(x, y, radius, fill=hero.field.mark)]


def _photo(hero: Hero) -> list[Item]:
    """The photo fills the hero box, its focal point as near the centre as the photo
    allows: a Figure with the region's alt text, or decoration when it is decorative. Text
    is never set on the photo: a text box that falls on it (the campaign name) stands on a
    plate of the field, run out to the photo's nearest corner; should the focal point come
    under a plate, the photo starts below that text instead."""
    photo, box = hero.photo, hero.box
    assert photo is not None
    plates = [_plate(box, text, hero.gap) for text in hero.clear_of if _overlaps(text, box)]
    crop = cover_crop(photo.image, box, photo.focus)
    x = box.x + box.width * (photo.focus[0] - crop[0]) / (crop[2] - crop[0])
    y = box.y + box.height * (1 - photo.focus[1] - crop[1]) / (crop[3] - crop[1])
    if any(plate.x <= x <= plate.right and plate.y <= y <= plate.top for plate in plates):
        top = min(plate.y for plate in plates)
        box, plates = Box(box.x, box.y, box.width, top - box.y), []
        crop = cover_crop(photo.image, box, photo.focus)
    picture = Picture(box, photo.image, crop, alt=photo.alt, photo=True)
    return [tagged("Figure", (picture,), alt=photo.alt) if photo.alt else picture,
            *(Rect(plate, hero.field.background) for plate in plates)]


def _overlaps(text: Box, box: Box) -> bool:
    return text.right > box.x and text.x < box.right and text.top > box.y and text.y < box.top


def _plate(box: Box, text: Box, gap: float) -> Box:
    """The field behind a text box on the photo, out to the photo's nearest edges."""
    left = box.x if text.x - box.x < box.right - text.right else text.x - gap
    right = box.right if left != box.x else text.right + gap
    bottom = box.y if text.y - box.y < box.top - text.top else text.y - gap
    top = box.top if bottom != box.y else text.top + gap
    return Box(left, bottom, right - left, top - bottom)


def _pictogram(hero: Hero) -> list[Item]:
    box = hero.box
    radius = min(box.width, box.height) * HERO["disc"]
    x, y = _anchor(hero, radius)
    items = _rings(hero, x, y, radius, radius * 2.4)
    items.append(Circle(x, y, radius, fill=hero.field.mark))
    glyph = hero.look.pictogram
    if glyph is not None:
        side = radius * HERO["glyph"]
        items.append(Vector(Box(x - side / 2, y - side / 2, side, side), glyph,
                            colour=hero.field.on_mark))
    return items


def _figure(hero: Hero) -> list[Item]:
    box, fonts = hero.box, hero.brand.fonts
    figure_text, figure_where = hero.words["figure"]
    line_text, line_where = hero.words["figure_text"]
    width = box.width * HERO["figure_width"]
    line = fit(line_text, FitSpec(fonts["bold"], box.height * 0.11, box.height * 0.06,
               leading=1.15, max_lines=2, hyphenate=False, balance=True), width,
               box.height * 0.3, line_where)
    figure = fit(figure_text, FitSpec(fonts["heavy"], box.height * 0.62, box.height * 0.08,
                 leading=FIGURE_LEADING, max_lines=1, hyphenate=False), width,
                 box.height - line.height - hero.gap, figure_where)
    total = figure.height + hero.gap * 0.5 + line.height
    top = box.y + (box.height + total) / 2
    bar = Rect(Box(box.x, top + hero.gap * 0.6, hero.gap * 3, hero.gap * 0.35), hero.field.mark)
    return [bar, tagged("P", (  # '1 op 4' and its line read as one sentence
        *place(figure, Box(box.x, top - figure.height, width, figure.height), hero.field.text),
        *place(line, Box(box.x, top - figure.height - hero.gap * 0.5 - line.height, width,
                         line.height), hero.field.text)))]


def _question(hero: Hero) -> list[Item]:
    box, fonts, colours = hero.box, hero.brand.fonts, hero.brand.colours
    text, where = hero.words["question"]
    bubble_colour = best(hero.field.background, (colours["paper"], colours["primary"]))
    ink = best(bubble_colour, (colours["ink"], colours["light"]))
    width = box.width * HERO["bubble_width"]
    pad = min(width, box.height) * HERO["bubble_pad"]
    tail = box.height * HERO["tail"]
    spec = FitSpec(fonts["heavy"], min(box.height * 0.3, box.width * 0.1), box.height * 0.07,
                   leading=QUESTION_LEADING, max_lines=4, hyphenate=False, balance=True)
    words: SetText = fit(text, spec, width - 2 * pad, box.height - 2 * pad - tail, where)
    # The bubble hugs its words, as speech does.
    width = min(width, max(words.font.width(line, words.size_pt) for line in words.lines)
                + 2 * pad)
    height = words.height + 2 * pad
    bottom = box.y + tail + (box.height - tail - height) / 2
    bubble = Box(box.x, bottom, width, height)
    tail_x = bubble.x + width * 0.18
    return [Rect(bubble, bubble_colour, radius=pad),
            Polygon(((tail_x, bottom + 1), (tail_x + tail * 1.3, bottom + 1),
                     (tail_x - tail * 0.2, bottom - tail)), fill=bubble_colour),
            tagged("P", place(words, bubble.inset(pad), ink, valign="middle"))]


def _day(hero: Hero) -> list[Item]:
    box, fonts = hero.box, hero.brand.fonts
    radius = min(box.width, box.height) * HERO["disc"]
    x, y = _anchor(hero, radius)
    items = _rings(hero, x, y, radius, radius * 2.4)
    items.append(Circle(x, y, radius, fill=hero.field.mark))
    number_text, number_where = hero.words["day"]
    marker_text, marker_where = hero.words["marker"]
    number = fit(number_text, FitSpec(fonts["heavy"], radius * HERO["day_number"],
                 radius * 0.5, leading=0.9, max_lines=1, hyphenate=False), radius * 1.3,
                 radius * 1.1, number_where)
    marker = fit(marker_text, FitSpec(fonts["bold"], radius * 0.22, radius * 0.14,
                 max_lines=1, hyphenate=False, tracking_em=0.08), radius * 1.3, radius * 0.4,
                 marker_where)
    total = marker.height + number.height
    top = y + total / 2
    inner = Box(x - radius * 0.65, y - radius, radius * 1.3, radius * 2)
    items.append(tagged("P", (
        *place(marker, Box(inner.x, top - marker.height, inner.width, marker.height),
               hero.field.on_mark, align="centre"),
        *place(number, Box(inner.x, top - total, inner.width, number.height),
               hero.field.on_mark, align="centre"))))
    return items
