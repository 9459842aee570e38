"""The campaign's design elements, shared by every product: the message stack (accent bar,
kicker, headline, body) and the ripple motif. Values in, positioned items out."""

from __future__ import annotations

from dataclasses import dataclass, replace

from toolkit.colour import Colour, mix
from toolkit.config.messages import _
from toolkit.config.model import Brand
from toolkit.errors import TextDoesNotFit
from toolkit.layout.model import Box, Circle, Group, Item, Rect, leaves, tagged
from toolkit.layout.text import FitSpec, Where, fit, place

LEADING_HEADLINE = 1.04
LEADING_BODY = 1.38
HEADLINE_MAX_LINES = 4
BODY_MAX_LINES = 6
KICKER_TRACKING_EM = 0.08
RING_STROKE = 0.45  # of the ring step
RING_TINTS = (0.80, 0.66)  # tints of the primary colour on paper, alternating


@dataclass(frozen=True)
class MessageStyle:
    """Sizes of one message stack, in points."""

    kicker_pt: float
    headline_max_pt: float
    headline_min_pt: float
    headline_width: float  # fraction of the column
    body_max_pt: float
    body_min_pt: float
    body_measure_em: float  # body line length in ems: ~55-65 characters
    gap: float
    bar_width: float
    bar_height: float
    line_pt: float = 0.0  # size of the date and link lines (social images)
    text: Colour | None = None  # the text's colour (default: the brand's light)
    bar: Colour | None = None  # the accent bar's colour (default: the brand's accent)


@dataclass(frozen=True)
class Slot:
    """A text and where it comes from (for messages)."""

    text: str
    where: Where


@dataclass(frozen=True)
class MessageCopy:
    kicker: Slot
    headline: Slot
    body: Slot
    date: Slot | None = None  # under the kicker
    link: Slot | None = None  # under the body


def message_stack(brand: Brand, style: MessageStyle, copy: MessageCopy, column: Box,
                  limit: float) -> tuple[list[Item], float]:
    """Stack the message on column.y, below limit; return its items and its top."""
    light = style.text or brand.colours["light"]
    fonts = brand.fonts
    items: list[Item] = []
    bottom = column.y
    if copy.link is not None:
        link = fit(copy.link.text, FitSpec(fonts["bold"], style.line_pt, style.line_pt * 0.7,
                   max_lines=1, hyphenate=False), column.width, column.height, copy.link.where)
        items.append(tagged("P", place(link, Box(column.x, bottom, column.width, link.height),
                                       light, valign="bottom")))
        bottom += link.height + style.gap
    body_width = min(column.width, style.body_measure_em * style.body_max_pt)
    body = fit(copy.body.text, FitSpec(fonts["regular"], style.body_max_pt, style.body_min_pt,
               leading=LEADING_BODY, max_lines=BODY_MAX_LINES), body_width,
               max(limit - bottom, 0) / 2, copy.body.where)
    items.append(tagged("P", place(body, Box(column.x, bottom, body_width, body.height), light,
                                   valign="bottom")))
    headline_bottom = bottom + body.height + style.gap * 1.5
    top_lines = [_line(copy.date, fonts["regular"], style.line_pt, column)] if copy.date else []
    top_lines.insert(0, fit(copy.kicker.text, FitSpec(
        fonts["bold"], style.kicker_pt, style.kicker_pt * 0.8, max_lines=1, hyphenate=False,
        tracking_em=KICKER_TRACKING_EM), column.width, column.height, copy.kicker.where))
    above = sum(line.height + style.gap * 0.5 for line in top_lines) + style.gap * 0.7 \
        + style.bar_height + style.gap * 0.8
    width = column.width * style.headline_width
    headline_spec = FitSpec(
        fonts["heavy"], style.headline_max_pt, style.headline_min_pt, leading=LEADING_HEADLINE,
        max_lines=HEADLINE_MAX_LINES, hyphenate=False, balance=True)
    try:
        headline = fit(copy.headline.text, headline_spec, width,
                       max(limit - above - headline_bottom, 0), copy.headline.where)
    except TextDoesNotFit as error:
        # Beside a one-line body the headline would fit: the body's length takes its room.
        one_line = replace(body, lines=body.lines[:1]).height
        alone = limit - above - (bottom + one_line + style.gap * 1.5)
        try:
            fit(copy.headline.text, headline_spec, width, max(alone, 0), copy.headline.where)
        except TextDoesNotFit:
            raise error from None
        where = copy.headline.where
        raise TextDoesNotFit(where.file, f"{where.field} + {copy.body.where.field}", _(
            "headline and body do not fit together in {where}", where=where.context),
            _("shorten the body or the headline")) from None
    items.append(tagged("H1", place(headline, Box(column.x, headline_bottom, width,
                                                  headline.height), light, valign="bottom")))
    cursor = headline_bottom + headline.height + style.gap * 0.7
    for line in reversed(top_lines):
        cursor += style.gap * 0.5
        items.append(tagged("P", place(line, Box(column.x, cursor, column.width, line.height),
                                       light, valign="bottom")))
        cursor += line.height
    bar = Box(column.x, cursor + style.gap * 0.8, style.bar_width, style.bar_height)
    items.append(Rect(bar, style.bar or brand.colours["accent"]))
    return _reading_order(items), bar.top


def _line(slot: Slot, font, size_pt: float, column: Box):
    return fit(slot.text, FitSpec(font, size_pt, size_pt * 0.8, max_lines=1, hyphenate=False),
               column.width, column.height, slot.where)


def _reading_order(items: list[Item]) -> list[Item]:
    """Top to bottom, as a reader (and text extraction) meets them."""
    return sorted(items, key=lambda item: -_top(item))


def _top(item: Item) -> float:
    if isinstance(item, Group):
        return max((_top(leaf) for leaf in leaves(item.items)), default=0.0)
    return item.box.top if hasattr(item, "box") else 0.0


def ripples(brand: Brand, centre_x: float, centre_y: float, radius: float, outer: float,
            count: int) -> list[Item]:
    """Rings spreading from a dot of radius to outer, in two alternating tints."""
    primary, paper = brand.colours["primary"], brand.colours["paper"]
    tints = [mix(primary, paper, amount, f"primary {round(amount * 100)}%")
             for amount in RING_TINTS]
    step = (outer - radius) / (count + RING_STROKE / 2)
    rings: list[Item] = []
    for index in range(count, 0, -1):
        rings.append(Circle(centre_x, centre_y, radius + index * step,
                            stroke=tints[index % len(tints)], stroke_pt=step * RING_STROKE))
    return rings
