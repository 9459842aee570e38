"""A typeset booklet: the grid, the running footer, the contents, notes pages. Used by the
handreiking; a product hands it a cover, the body chunks and a closing page.

The grid: an A5 page with a text frame inside mirrored margins (the wider one on the
binding side) for print, or centred margins of the same frame width on screen, so both
editions flow the text identically. Chapters start on a new page. The contents is set
after the body has been paginated, so its page numbers are the real ones; every entry
links to its chapter's anchor.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from toolkit.colour import Colour
from toolkit.config.markup import Heading, Span
from toolkit.config.messages import _
from toolkit.errors import TextDoesNotFit
from toolkit.layout.flow import Chunk, ChunkTooTall, Paginator
from toolkit.layout.impose import PAGES_PER_SHEET
from toolkit.layout.model import (
    Anchor, Box, Group, Item, Line, Link, Text, leaves, tagged,
)
from toolkit.layout.rich import Piece, TextStyle, draw_line, line_width, set_lines
from toolkit.layout.text import Where, check_glyphs
from toolkit.layout.typeset import BookStyle, Entry, Typesetter, baseline, new_key, within


@dataclass(frozen=True)
class Grid:
    """Page size and margins in points; frame_for gives a page's text frame."""

    width: float
    height: float
    inner: float
    outer: float
    top: float
    bottom: float
    mirrored: bool  # print: the inner (binding) margin alternates sides

    @property
    def frame_width(self) -> float:
        return self.width - self.inner - self.outer

    def recto(self, number: int) -> bool:
        return number % 2 == 1

    def frame_for(self, number: int) -> Box:
        if not self.mirrored:
            left = (self.width - self.frame_width) / 2
        else:
            left = self.inner if self.recto(number) else self.outer
        return Box(left, self.bottom, self.frame_width, self.height - self.top - self.bottom)


@dataclass(frozen=True)
class Furniture:
    """The running footer, the contents entries and the notes pages' look."""

    footer: TextStyle
    footer_baseline: float  # above the trim's bottom edge
    footer_gap: float  # at least this between the title and the page number
    contents: TextStyle
    contents_number_width: float
    contents_page_width: float
    contents_section_indent: float
    contents_chapter_space: float
    notes_pitch: float
    rule_pt: float
    rule: Colour


def anchors(pages: list[list[Item]], first_page: int) -> dict[str, int]:
    """Anchor key -> the number of the page it is on."""
    found: dict[str, int] = {}
    for index, items in enumerate(pages):
        for item in leaves(tuple(items)):
            if isinstance(item, Anchor):
                found.setdefault(item.key, first_page + index)
    return found


class Book:
    """Assembles the pages of one edition."""

    def __init__(self, grid: Grid, style: BookStyle, furniture: Furniture, where: Where):
        self.grid = grid
        self.style = style
        self.furniture = furniture
        self.where = where

    def flow(self, chunks: list[Chunk], first_page: int, where: Where) -> list[list[Item]]:
        try:
            return Paginator(self.grid.frame_for, first_page).add(chunks)
        except ChunkTooTall as error:
            raise TextDoesNotFit(where.file, where.field, _(
                "a table row or call-out is {height} pt tall; a page of {where} has room for "
                "{room} pt", height=round(error.height), where=where.context,
                room=round(error.room)), _("shorten it or split it in two")) from None

    def contents(self, heading: Heading, found: list[Entry], pages: dict[str, int],
                 first_page: int) -> list[list[Item]]:
        """The contents pages: a heading, then one linked line per entry."""
        setter = Typesetter(self.style, self.grid.frame_width, self.where, numbered=False)
        toc = ("TOC", new_key())
        chunks = [setter.heading(heading)] + [self._entry(entry, pages.get(entry.key, 0), toc)
                                              for entry in found]
        return self.flow(chunks, first_page, self.where)

    def _entry(self, entry: Entry, page: int, toc: tuple[str, str]) -> Chunk:
        f = self.furniture
        style = f.contents
        bold = entry.level == 0
        indent = f.contents_number_width + (0 if bold else f.contents_section_indent)
        width = self.grid.frame_width - indent - f.contents_page_width
        lines = set_lines((Span(entry.title, bold=bold),), style, width, self.where,
                          hyphenate=False)
        height = len(lines) * style.leading_pt
        page_label = ((Piece(str(page), bold, ""),),)
        frame_width = self.grid.frame_width

        def draw(x: float, top: float) -> tuple[Item, ...]:
            items: list[Item] = []
            if entry.number:
                items += draw_line(((Piece(entry.number, True, ""),),), style, x,
                                   baseline(style, top), style.link_colour)
            for index, line in enumerate(lines):
                items += draw_line(line, style, x + indent,
                                   baseline(style, top - index * style.leading_pt))
            right = x + frame_width - line_width(page_label, style)
            last = baseline(style, top - (len(lines) - 1) * style.leading_pt)
            items += draw_line(page_label, style, right, last)
            items.append(Link(Box(x, top - height, frame_width, height), destination=entry.key))
            return tuple(items)

        # One TOCI per entry: a Link holding its number, title, page and annotation.
        return Chunk(height, within(draw, toc, ("TOCI", ""), ("Link", "")),
                     f.contents_chapter_space if bold else 0.0)

    def footer(self, number: int, title: str) -> tuple[Item, ...]:
        """Page number on the outer side, the title on the inner side (screen: right)."""
        f = self.furniture
        frame = self.grid.frame_for(number)
        title = " ".join(title.split())  # one line: a paragraph break has no place here
        check_glyphs(title, f.footer.regular, replace(self.where, field="footer_title"))
        label = Text(0, f.footer_baseline, str(number), f.footer.bold, f.footer.size_pt,
                     f.footer.link_colour)
        name = Text(0, f.footer_baseline, title, f.footer.regular, f.footer.size_pt,
                    f.footer.colour)
        if name.width + label.width + f.footer_gap > frame.width:
            raise TextDoesNotFit(self.where.file, "footer_title", _(
                "is wider than the page's footer"), _("shorten the footer title"))
        number_left = self.grid.mirrored and not self.grid.recto(number)  # outer side
        left, right = (label, name) if number_left else (name, label)
        return (tagged("Artifact", (replace(left, x=frame.x),
                                    replace(right, x=frame.right - right.width)),
                       "Pagination"),)

    def notes(self, number: int, heading: Heading, text: str, heading_where: Where,
              text_where: Where) -> list[Item]:
        """A page for the reader's own notes: a heading, a line of text, ruled lines."""
        setter = Typesetter(self.style, self.grid.frame_width, heading_where, numbered=False)
        frame = self.grid.frame_for(number)
        title = setter.heading(heading)
        setter.where = text_where
        chunks = setter.paragraph((Span(text),), 0.0)
        height = title.height + sum(chunk.height for chunk in chunks)
        if height > frame.height + 1e-6:
            where = heading_where if title.height > frame.height else text_where
            raise TextDoesNotFit(where.file, where.field, _(
                "the notes page's heading and text are {height} pt tall; a page of {where} "
                "has room for {room} pt", height=round(height), where=where.context,
                room=round(frame.height)), _("shorten the text"))
        items = list(_without_anchors(title.draw(frame.x, frame.top)))  # no bookmark here
        cursor = frame.top - title.height
        for chunk in chunks:
            items += chunk.draw(frame.x, cursor)
            cursor -= chunk.height
        f = self.furniture
        y = cursor - f.notes_pitch
        while y >= frame.y:
            items.append(Line((frame.x, y), (frame.right, y), f.rule, f.rule_pt))
            y -= f.notes_pitch
        return items


def _without_anchors(items: tuple[Item, ...]) -> tuple[Item, ...]:
    return tuple(replace(item, items=_without_anchors(item.items)) if isinstance(item, Group)
                 else item for item in items if not isinstance(item, Anchor))


def padding(count: int) -> int:
    """How many pages make count a multiple of four."""
    return -count % PAGES_PER_SHEET
