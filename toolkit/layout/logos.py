"""The partner rows: one optical size for every mark, in balanced rows.

A partner without a logo file gets a typographic wordmark (its name, set in the brand's
bold face, every wordmark at one size). A logo is scaled by visual weight: its ink (the
inked box, trimmed of padding, times the share of it that is inked; measured for PNG and
JPEG) is made to weigh what a reference wordmark does, so a padded PNG never looks smaller
than the names beside it, a wide logo does not shout and a square one is not lost. Rows
differ in length by at most one mark; the gaps are each mark's clear space.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from functools import lru_cache

from PIL import ImageChops

from toolkit.colour import Colour
from toolkit.config.assets import FontFace, RasterImage, VectorImage
from toolkit.config.messages import _
from toolkit.config.model import Partner
from toolkit.errors import TextDoesNotFit
from toolkit.layout.model import Box, Item, Picture, Vector, tagged
from toolkit.layout.text import FitSpec, Where, check_glyphs, fit, place

WORDMARK_LINE_CHARACTERS = 18  # longer names are set on two lines
WORDMARK_LEADING = 1.1
SHRINK_STEP = 0.9
# Optical size: every mark carries the ink of a reference wordmark, a line this many ems
# long at the row's wordmark size. Ink is measured, not guessed, for raster logos.
REFERENCE_WORDMARK_EMS = 12.0  # about a two-line name
TEXT_INK = 0.27  # share of a line's box (width x size) inked by bold Lato (measured)
VECTOR_INK = 0.45  # assumed share of an SVG's drawn bounds that is inked
MAX_MARK_EMS = 2.2  # no mark's ink is taller than a two-line wordmark
INK_ALPHA = 16  # a pixel this opaque (0-255) and ...
INK_LIGHTNESS = 240  # ... darker than this (on a white logo background) is ink


@dataclass(frozen=True)
class LogoRowSpec:
    """A partner row: the row height it starts from and may shrink to, the gaps (the clear
    space around each mark), and the largest type size a wordmark may take (below the
    call to action and the web address it stands beside)."""

    row_height: float
    min_row_height: float
    gap_x: float
    gap_y: float
    wordmark_font: FontFace
    wordmark_colour: Colour
    align: str = "left"
    valign: str = "top"  # rows hang from the box's top, or stand on its bottom
    max_type_pt: float | None = None


@dataclass(frozen=True)
class Placed:
    """Where one partner's logo landed (for resolution checks and tests)."""

    partner: Partner
    box: Box


def wordmark_lines(name: str) -> list[str]:
    """Split a long name over two lines at the most even word break."""
    words = name.split()
    if len(name) <= WORDMARK_LINE_CHARACTERS or len(words) < 2:
        return [name]
    best = min(range(1, len(words)),
               key=lambda i: abs(len(" ".join(words[:i])) - len(" ".join(words[i:]))))
    return [" ".join(words[:best]), " ".join(words[best:])]


def wordmark_size(row_height: float, font: FontFace, max_type_pt: float | None = None
                  ) -> float:
    """Every wordmark in a row is set at one size: the size at which two lines fill it,
    never above max_type_pt."""
    size = row_height / (font.ascent + font.descent + WORDMARK_LEADING)
    return size if max_type_pt is None else min(size, max_type_pt)


@lru_cache(maxsize=64)
def _raster_ink(logo: RasterImage) -> tuple[tuple[float, float, float, float], float]:
    """The inked part of a raster logo as fractions of the image (left, bottom, right,
    top) and the share of that box that is inked."""
    rgba = logo.image.convert("RGBA")
    opaque = rgba.getchannel("A").point(lambda value: 255 if value >= INK_ALPHA else 0)
    dark = rgba.convert("L").point(lambda value: 255 if value < INK_LIGHTNESS else 0)
    mask = ImageChops.multiply(opaque, dark)
    box = mask.getbbox()
    if box is None:
        return (0.0, 0.0, 1.0, 1.0), 1.0
    width, height = rgba.size
    inked = mask.crop(box).histogram()[255]
    share = inked / ((box[2] - box[0]) * (box[3] - box[1]))
    return (box[0] / width, 1 - box[3] / height, box[2] / width, 1 - box[1] / height), share


def _ink(logo: RasterImage | VectorImage) -> tuple[tuple[float, float, float, float], float]:
    """The inked box of a logo (fractions of its full box, from the bottom left) and the
    share of it that is inked."""
    if isinstance(logo, RasterImage):
        return _raster_ink(logo)
    left, bottom, right, top = logo.drawing.getBounds()
    box = (max(left / logo.width_pt, 0.0), max(bottom / logo.height_pt, 0.0),
           min(right / logo.width_pt, 1.0), min(top / logo.height_pt, 1.0))
    if box[2] <= box[0] or box[3] <= box[1]:
        box = (0.0, 0.0, 1.0, 1.0)
    return box, VECTOR_INK


def _size(partner: Partner, row_height: float, max_width: float,
          spec: LogoRowSpec) -> tuple[float, float]:
    """A mark's drawn width and height: a wordmark at the row's type size; a logo scaled
    so its ink weighs what a reference wordmark's does (its ink area, not its height)."""
    font = spec.wordmark_font
    size = wordmark_size(row_height, font, spec.max_type_pt)
    if partner.logo is None:
        lines = wordmark_lines(partner.name)
        height = (font.ascent + font.descent + (len(lines) - 1) * WORDMARK_LEADING) * size
        return min(max(font.width(line, size) for line in lines), max_width), height
    (left, bottom, right, top), share = _ink(partner.logo)
    full_height = 1.0 / (top - bottom)  # drawn height per point of ink height
    ink_aspect = partner.logo.aspect * (right - left) / (top - bottom)
    weight = REFERENCE_WORDMARK_EMS * size * size * TEXT_INK
    ink_height = min(math.sqrt(weight / (ink_aspect * share)), MAX_MARK_EMS * size,
                     row_height * (top - bottom))
    height = ink_height * full_height
    width = height * partner.logo.aspect
    if width > max_width:
        width, height = max_width, max_width / partner.logo.aspect
    return width, height


def balanced_rows(widths: list[float], width: float, gap: float) -> list[list[int]]:
    """The fewest rows that hold the marks in order, with row lengths differing by at most
    one (8 marks: 4 + 4, never 7 + 1; longer rows first)."""
    count = len(widths)
    for rows in range(1, count + 1):
        base, extra = divmod(count, rows)
        lengths = [base + (index < extra) for index in range(rows)]
        starts = [sum(lengths[:index]) for index in range(rows)]
        split = [list(range(start, start + length)) for start, length in zip(starts, lengths)]
        if all(sum(widths[i] for i in row) + gap * (len(row) - 1) <= width + 1e-6
               for row in split):
            return split
    return [[index] for index in range(count)]


def logo_row(partners: tuple[Partner, ...], box: Box, spec: LogoRowSpec,
             where: Where) -> tuple[tuple[Item, ...], tuple[Placed, ...]]:
    """Lay out partners inside box in balanced rows; raise if they cannot fit."""
    for partner in partners:
        if partner.logo is None:
            check_glyphs(partner.name, spec.wordmark_font, Where(where.file, partner.field))
    row_height = spec.row_height
    while row_height >= spec.min_row_height - 1e-6:
        sizes = [_size(partner, row_height, box.width, spec) for partner in partners]
        rows = balanced_rows([w for w, _ in sizes], box.width, spec.gap_x)
        heights = [max((sizes[i][1] for i in row), default=0.0) for row in rows]
        total = sum(heights) + (len(rows) - 1) * spec.gap_y
        if total <= box.height + 1e-6:
            top = box.top if spec.valign == "top" else box.y + total
            return _place_rows(partners, sizes, rows, heights, top, box, row_height, spec,
                               where)
        row_height *= SHRINK_STEP
    raise TextDoesNotFit(where.file, "partners", _(
        "{count} partner logos do not fit {where} at the smallest logo height",
        count=len(partners), where=where.context), _("use fewer partners or wider logos"))


def _place_rows(partners, sizes, rows, heights, top: float, box: Box, row_height: float,
                spec: LogoRowSpec, where: Where) -> tuple[tuple[Item, ...], tuple[Placed, ...]]:
    items: list[Item] = []
    placed: list[Placed] = []
    for row, height_of_row in zip(rows, heights):
        row_width = sum(sizes[i][0] for i in row) + spec.gap_x * (len(row) - 1)
        x = box.x + {"left": 0.0, "centre": (box.width - row_width) / 2,
                     "right": box.width - row_width}[spec.align]
        middle = top - height_of_row / 2
        for index in row:
            width, height = sizes[index]
            cell = Box(x, middle - height / 2, width, height)
            items.extend(_draw_logo(partners[index], cell, row_height, spec, where))
            placed.append(Placed(partners[index], cell))
            x += width + spec.gap_x
        top -= height_of_row + spec.gap_y
    return tuple(items), tuple(placed)


def _draw_logo(partner: Partner, cell: Box, row_height: float, spec: LogoRowSpec,
               where: Where) -> tuple[Item, ...]:
    """A logo as a Figure named by the partner (its text is in the image); a wordmark as P."""
    if isinstance(partner.logo, VectorImage):
        return (tagged("Figure", (Vector(cell, partner.logo, alt=partner.name),),
                       alt=partner.name),)
    if isinstance(partner.logo, RasterImage):
        return (tagged("Figure", (Picture(cell, partner.logo, alt=partner.name),),
                       alt=partner.name),)
    lines = "\n".join(wordmark_lines(partner.name))
    size = wordmark_size(row_height, spec.wordmark_font, spec.max_type_pt)
    fit_spec = FitSpec(spec.wordmark_font, size, size * 0.5, WORDMARK_LEADING, hyphenate=False)
    block = fit(lines, fit_spec, cell.width, cell.height, Where(where.file, partner.field,
                                                                  where.context))
    return (tagged("P", place(block, cell, spec.wordmark_colour, valign="middle")),)
