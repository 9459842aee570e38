"""Typesetting parsed markup blocks into flow chunks: headings, paragraphs, lists, call-outs
and tables, in one book style. Pure: blocks and a style in, chunks out (see flow.py).

Every chunk draws inside its own height, so a chunk the paginator places inside the text
frame can never put ink outside it.
"""

from __future__ import annotations

import itertools
import math
from dataclasses import dataclass, replace

from toolkit.colour import Colour
from toolkit.config.markup import Block, Callout, Heading, ListBlock, Paragraph, Span, Spans, Table
from toolkit.config.messages import N_, _
from toolkit.errors import TextDoesNotFit
from toolkit.layout.flow import Chunk, Draw, keep_lines
from toolkit.layout.model import Anchor, Box, Circle, Item, Line, Rect, tagged
from toolkit.layout.rich import Line as SetLine
from toolkit.layout.rich import Piece, TextStyle, draw_line, set_lines
from toolkit.layout.text import Where

MIN_COLUMN_SHARE = 0.18  # no table column narrower than this share of the table
_SERIAL = itertools.count()  # element keys: a paragraph's lines (chunks) form one element


def new_key() -> str:
    """A key no other element has: chunks drawn with it join one structure element."""
    return f"e{next(_SERIAL)}"


def within(draw: Draw, *roles: tuple[str, str]) -> Draw:
    """draw, its items inside nested tagged groups of (role, key), outermost first."""
    def tagged_draw(x: float, top: float) -> tuple[Item, ...]:
        items = draw(x, top)
        for role, key in reversed(roles):
            items = (tagged(role, items, key),)
        return items
    return tagged_draw


@dataclass(frozen=True)
class BookStyle:
    """Everything the typesetter needs to know about the look, in points and colours."""

    body: TextStyle
    chapter: TextStyle  # chapter titles
    chapter_number: TextStyle
    section: TextStyle
    table: TextStyle
    table_head: TextStyle
    paragraph_space: float
    chapter_bar: tuple[float, float]  # width, height of the accent bar over a chapter
    chapter_space_after: float
    section_space_before: float
    section_space_after: float
    list_indent: float
    item_space: float
    bullet_radius: float
    cell_pad_x: float
    cell_pad_y: float
    cell_paragraph_space: float
    block_space: float  # above and below tables and call-outs
    callout_pad: float
    callout_bar: float
    rule_pt: float
    accent: Colour
    fill: Colour  # call-out and zebra rows
    head_fill: Colour
    rule: Colour


@dataclass(frozen=True)
class Entry:
    """A heading as the contents lists it: a chapter (level 0, with its number) or a
    section (level 1)."""

    level: int
    number: str
    title: str
    key: str


def baseline(style: TextStyle, top: float) -> float:
    """The baseline of a line whose line box starts at top: the ink centred in the box."""
    font = style.regular
    ink = (font.ascent + font.descent) * style.size_pt
    return top - (style.leading_pt - ink) / 2 - font.ascent * style.size_pt


def _line_draw(line: SetLine, style: TextStyle, indent: float = 0.0,
               colour: Colour | None = None) -> Draw:
    return lambda x, top: draw_line(line, style, x + indent, baseline(style, top), colour)


def _with_marker(draw: Draw, marker: Draw) -> Draw:
    return lambda x, top: (*marker(x, top), *draw(x, top))


class Typesetter:
    """Turns blocks into chunks for a text column of the given width."""

    def __init__(self, style: BookStyle, width: float, where: Where, numbered: bool = True,
                 height: float = math.inf):
        self.style = style
        self.width = width
        self.height = height  # a page's text frame: no chunk may be taller
        self.where = where
        self.numbered = numbered  # chapters get a number (1, 2, ...) over their title
        self.chapter = 0
        self.entries: list[Entry] = []  # the headings set so far, for the contents

    def chunks(self, blocks: tuple[Block, ...]) -> list[Chunk]:
        chunks: list[Chunk] = []
        for block in blocks:
            chunks += self.block(block)
        return chunks

    def block(self, block: Block) -> list[Chunk]:
        if isinstance(block, Heading):
            return [self._on_a_page(self.heading(block), N_("heading"))]
        if isinstance(block, Paragraph):
            return self.paragraph(block.spans, self.style.paragraph_space)
        if isinstance(block, ListBlock):
            return self.list(block)
        if isinstance(block, Callout):
            return [self._on_a_page(self.callout(block), N_("call-out"))]
        if isinstance(block, Table):
            return self.table(block)
        raise ValueError(f"no typesetting for {block!r}")  # directives are expanded before

    def lines(self, spans: Spans, style: TextStyle, width: float,
              hyphenate: bool = True) -> list[SetLine]:
        return set_lines(spans, style, width, self.where, hyphenate)

    def heading(self, heading: Heading) -> Chunk:
        s = self.style
        if heading.level == 1:
            self.chapter += self.numbered
            number = str(self.chapter) if self.numbered else ""
            self.entries.append(Entry(0, number, heading.text, heading.key))
            lines = self.lines((Span(heading.text),), s.chapter, self.width, hyphenate=False)
            bar_w, bar_h = s.chapter_bar
            title_top = bar_h + (s.chapter_number.leading_pt if number else s.paragraph_space)
            bookmark = f"{number}. {heading.text}" if number else heading.text

            def draw(x: float, top: float) -> tuple[Item, ...]:
                items: list[Item] = [Anchor(heading.key, bookmark, 0),
                                     Rect(Box(x, top - bar_h, bar_w, bar_h), s.accent)]
                if number:
                    items += draw_line(((_piece(number),),), s.chapter_number,
                                       x, baseline(s.chapter_number, top - bar_h))
                for index, line in enumerate(lines):
                    items += draw_line(line, s.chapter, x, baseline(
                        s.chapter, top - title_top - index * s.chapter.leading_pt))
                return tuple(items)

            height = title_top + len(lines) * s.chapter.leading_pt + s.chapter_space_after
            return Chunk(height, within(draw, ("H1", "")), keep_with_next=True,
                         page_break_before=True)
        self.entries.append(Entry(1, "", heading.text, heading.key))
        lines = self.lines((Span(heading.text),), s.section, self.width, hyphenate=False)

        def draw_section(x: float, top: float) -> tuple[Item, ...]:
            items: list[Item] = [Anchor(heading.key, heading.text, 1)]
            for index, line in enumerate(lines):
                items += draw_line(line, s.section, x,
                                   baseline(s.section, top - index * s.section.leading_pt))
            return tuple(items)

        height = len(lines) * s.section.leading_pt + s.section_space_after
        return Chunk(height, within(draw_section, (f"H{min(heading.level, 3)}", "")),
                     s.section_space_before, keep_with_next=True)

    def paragraph(self, spans: Spans, space_before: float, indent: float = 0.0,
                  marker: Draw | None = None,
                  roles: tuple[tuple[str, str], ...] = ()) -> list[Chunk]:
        """A paragraph's lines as chunks: a P element, or (in a list) the LBody of roles
        (L, LI) with the marker as its Lbl."""
        style = self.style.body
        lines = self.lines(spans, style, self.width - indent)
        body = (*roles, ("LBody", new_key())) if roles else (("P", new_key()),)
        draws = [within(_line_draw(line, style, indent), *body) for line in lines]
        if marker is not None and draws:
            draws[0] = _with_marker(draws[0], within(marker, *roles, ("Lbl", "")))
        return keep_lines(draws, style.leading_pt, space_before)

    def list(self, block: ListBlock) -> list[Chunk]:
        s = self.style
        chunks: list[Chunk] = []
        listing = ("L", new_key())
        for index, spans in enumerate(block.items):
            marker = self._number(index + 1) if block.numbered else self._bullet()
            space = s.paragraph_space if index == 0 else s.item_space
            chunks += self.paragraph(spans, space, s.list_indent, marker,
                                     (listing, ("LI", new_key())))
        return chunks

    def _number(self, number: int) -> Draw:
        style = self.style.body
        label = ((_piece(f"{number}."),),)
        return lambda x, top: draw_line(label, style, x, baseline(style, top),
                                        style.link_colour)

    def _bullet(self) -> Draw:
        style = self.style.body
        centre = style.regular.ascent * style.size_pt * 0.36  # on the x-height's middle
        radius = self.style.bullet_radius
        return lambda x, top: (Circle(x + radius * 2, baseline(style, top) + centre, radius,
                                      fill=style.link_colour),)

    def callout(self, block: Callout) -> Chunk:
        s = self.style
        inner = self.width - s.callout_bar - 2 * s.callout_pad
        text_height, text = _stacked([self.lines(spans, s.body, inner)
                                      for spans in block.paragraphs], s.body,
                                     s.cell_paragraph_space)
        height = 2 * s.callout_pad + text_height

        def draw(x: float, top: float) -> tuple[Item, ...]:
            return (Rect(Box(x, top - height, self.width, height), s.fill),
                    Rect(Box(x, top - height, s.callout_bar, height), s.accent),
                    *text(x + s.callout_bar + s.callout_pad, top - s.callout_pad))

        return Chunk(height, within(draw, ("Note", "")), s.block_space)

    def table(self, table: Table) -> list[Chunk]:
        s = self.style
        columns = len(table.rows[0] if table.rows else table.header or ())
        widths = self._column_widths(table, columns)
        header = repeat = None
        element = ("Table", new_key())
        if table.header is not None:  # never alone at the foot of a page; repeated
            header = replace(self._row(table.header, widths, s.table_head, s.head_fill,
                                       False, element, "TH"), keep_with_next=True)
            # Repeated on the next page for the eye; read once.
            repeat = replace(header, draw=within(header.draw, ("Artifact", "Pagination")))
        chunks = [header] if header is not None else []
        for index, row in enumerate(table.rows):
            # Never one row alone on a page: the first two and the last two stay together.
            keep = len(table.rows) > 2 and index in (0, len(table.rows) - 2)
            chunk = replace(self._row(row, widths, s.table, s.fill if index % 2 else None,
                                      True, element), keep_with_next=keep, repeat=repeat)
            self._on_a_page(chunk, N_("table row"),
                            header.height if header is not None else 0.0)
            chunks.append(chunk)
        chunks[0] = replace(chunks[0], space_before=s.block_space)
        return chunks

    def _on_a_page(self, chunk: Chunk, what: str, above: float = 0.0) -> Chunk:
        """Refuse, naming where the text comes from, what no page could hold (a row is
        drawn under its table's repeated header)."""
        if chunk.height + above > self.height + 1e-6:
            values = {"what": _(what), "height": round(chunk.height + above),
                      "where": self.where.context, "room": round(self.height)}
            message = _("a {what} is {height} pt tall with its table's header; a page of "
                        "{where} has room for {room} pt", **values) if above else _(
                "a {what} is {height} pt tall; a page of {where} has room for {room} pt",
                **values)
            raise TextDoesNotFit(self.where.file, self.where.field, message,
                                 _("shorten it or split it in two"))
        return chunk

    def _column_widths(self, table: Table, columns: int) -> list[float]:
        if table.widths:
            total = sum(table.widths)
            return [self.width * share / total for share in table.widths]
        rows = ([table.header] if table.header else []) + list(table.rows)
        weights = [max(sum(len(span.text) for paragraph in row[c] for span in paragraph)
                       for row in rows) ** 0.5 for c in range(columns)]
        total = sum(weights) or 1.0  # a table of empty cells: equal columns
        shares = [max(w / total, MIN_COLUMN_SHARE) for w in weights]
        return [self.width * share / sum(shares) for share in shares]

    def _row(self, cells, widths: list[float], style: TextStyle, fill: Colour | None,
             ruled: bool, element: tuple[str, str], cell_role: str = "TD") -> Chunk:
        s = self.style
        stacks = [_stacked([self.lines(paragraph, style, width - 2 * s.cell_pad_x)
                            for paragraph in cell], style, s.cell_paragraph_space, style.colour)
                  for cell, width in zip(cells, widths)]
        height = max((h for h, _ in stacks), default=0.0) + 2 * s.cell_pad_y

        def draw(x: float, top: float) -> tuple[Item, ...]:
            items: list[Item] = []
            if fill is not None:
                items.append(Rect(Box(x, top - height, self.width, height), fill))
            left = x
            for (_height, text), width in zip(stacks, widths):
                items.append(tagged(cell_role, text(left + s.cell_pad_x, top - s.cell_pad_y),
                                    scope="Column" if cell_role == "TH" else ""))
                left += width
            if ruled:
                items.append(Line((x, top - height), (x + self.width, top - height), s.rule,
                                  s.rule_pt))
            return tuple(items)

        return Chunk(height, within(draw, element, ("TR", "")))


def _stacked(paragraphs: list[list[SetLine]], style: TextStyle, gap: float,
             colour: Colour | None = None) -> tuple[float, Draw]:
    """Paragraphs of set lines one under the other: their height and how to draw them."""
    filled = [lines for lines in paragraphs if lines]
    height = sum(map(len, filled)) * style.leading_pt + gap * max(len(filled) - 1, 0)

    def draw(x: float, top: float) -> tuple[Item, ...]:
        items: list[Item] = []
        for lines in filled:
            paragraph: list[Item] = []
            for line in lines:
                paragraph += draw_line(line, style, x, baseline(style, top), colour)
                top -= style.leading_pt
            items.append(tagged("P", paragraph))
            top -= gap
        return tuple(items)

    return height, draw


def _piece(text: str) -> Piece:
    return Piece(text, True, "")
