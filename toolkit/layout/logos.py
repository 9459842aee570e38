"""The partner logo row: equal visual weight for every logo, wrapping onto lines when needed.

A partner without a logo file gets a typographic wordmark (its name, set in the brand's
bold face). Logos are normalised by the square root of their aspect ratio, so a wide
logo is not allowed to shout and a square one is not lost.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from toolkit.colour import Colour
from toolkit.config.assets import FontFace, RasterImage, VectorImage
from toolkit.config.model import Partner
from toolkit.errors import TextDoesNotFit
from toolkit.layout.model import Box, Item, Picture, Vector
from toolkit.layout.text import FitSpec, Where, check_glyphs, fit, place

REFERENCE_ASPECT = 3.0  # a logo this wide (3:1) fills the row height
WORDMARK_LINE_CHARACTERS = 18  # longer names are set on two lines
WORDMARK_LEADING = 1.1
SHRINK_STEP = 0.9


@dataclass(frozen=True)
class LogoRowSpec:
    row_height: float
    min_row_height: float
    gap_x: float
    gap_y: float
    wordmark_font: FontFace
    wordmark_colour: Colour
    align: str = "left"
    valign: str = "top"  # rows hang from the box's top, or stand on its bottom


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


def wordmark_size(row_height: float, font: FontFace) -> float:
    """Every wordmark in a row is set at one size: the size at which two lines fill it."""
    return row_height / (font.ascent + font.descent + WORDMARK_LEADING)


def _size(partner: Partner, row_height: float, max_width: float,
          font: FontFace) -> tuple[float, float]:
    if partner.logo is None:
        lines = wordmark_lines(partner.name)
        size = wordmark_size(row_height, font)
        height = (font.ascent + font.descent + (len(lines) - 1) * WORDMARK_LEADING) * size
        return min(max(font.width(line, size) for line in lines), max_width), height
    aspect = partner.logo.aspect
    height = row_height * min(1.0, math.sqrt(REFERENCE_ASPECT / aspect))
    width = height * aspect
    if width > max_width:
        width, height = max_width, max_width / aspect
    return width, height


def _rows(sizes: list[tuple[float, float]], width: float, gap: float) -> list[list[int]]:
    rows: list[list[int]] = [[]]
    used = 0.0
    for index, (w, _) in enumerate(sizes):
        needed = w if not rows[-1] else used + gap + w
        if rows[-1] and needed > width + 1e-6:
            rows.append([index])
            used = w
        else:
            rows[-1].append(index)
            used = needed
    return rows


def logo_row(partners: tuple[Partner, ...], box: Box, spec: LogoRowSpec,
             where: Where) -> tuple[tuple[Item, ...], tuple[Placed, ...]]:
    """Lay out partners inside box (top-aligned rows); raise if they cannot fit."""
    for partner in partners:
        if partner.logo is None:
            check_glyphs(partner.name, spec.wordmark_font, Where(where.file, partner.field))
    row_height = spec.row_height
    while row_height >= spec.min_row_height - 1e-6:
        sizes = [_size(partner, row_height, box.width, spec.wordmark_font)
                 for partner in partners]
        rows = _rows(sizes, box.width, spec.gap_x)
        total = len(rows) * row_height + (len(rows) - 1) * spec.gap_y
        if total <= box.height + 1e-6:
            top = box.top if spec.valign == "top" else box.y + total
            return _place_rows(partners, sizes, rows, top, box, row_height, spec, where)
        row_height *= SHRINK_STEP
    raise TextDoesNotFit(where.file, "partners", f"{len(partners)} partner logos do not fit "
                         f"{where.context} at the smallest logo height",
                         "use fewer partners or wider logos")


def _place_rows(partners, sizes, rows, top: float, box: Box, row_height: float,
                spec: LogoRowSpec, where: Where) -> tuple[tuple[Item, ...], tuple[Placed, ...]]:
    items: list[Item] = []
    placed: list[Placed] = []
    for row in rows:
        row_width = sum(sizes[i][0] for i in row) + spec.gap_x * (len(row) - 1)
        x = box.x + {"left": 0.0, "centre": (box.width - row_width) / 2,
                     "right": box.width - row_width}[spec.align]
        middle = top - row_height / 2
        for index in row:
            width, height = sizes[index]
            cell = Box(x, middle - height / 2, width, height)
            items.extend(_draw_logo(partners[index], cell, row_height, spec, where))
            placed.append(Placed(partners[index], cell))
            x += width + spec.gap_x
        top -= row_height + spec.gap_y
    return tuple(items), tuple(placed)


def _draw_logo(partner: Partner, cell: Box, row_height: float, spec: LogoRowSpec,
               where: Where) -> tuple[Item, ...]:
    if isinstance(partner.logo, VectorImage):
        return (Vector(cell, partner.logo, alt=partner.name),)
    if isinstance(partner.logo, RasterImage):
        return (Picture(cell, partner.logo, alt=partner.name),)
    lines = "\n".join(wordmark_lines(partner.name))
    size = wordmark_size(row_height, spec.wordmark_font)
    fit_spec = FitSpec(spec.wordmark_font, size, size * 0.5, WORDMARK_LEADING, hyphenate=False)
    block = fit(lines, fit_spec, cell.width, cell.height, Where(where.file, partner.field,
                                                                  where.context))
    return place(block, cell, spec.wordmark_colour, valign="middle")
