"""Setting running text with mixed styles (regular, bold, links) into lines: pure functions.

Ragged right, as suits narrow columns. Words are hyphenated (Dutch, pyphen) only when a
line would otherwise stay noticeably short, and never twice in a row; a web address or
an e-mail address too long for its column breaks after '/', '.' or '@' instead of being
cut, and never so that its tail is left on the paragraph's last line. A paragraph of up to
six lines never ends in a single word (a word comes down, or it is set a little narrower);
a longer one never ends on a lonely short word when the line above can spare one.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from toolkit.colour import Colour
from toolkit.config.assets import FontFace
from toolkit.config.markup import Spans
from toolkit.config.messages import _, quoted
from toolkit.errors import TextDoesNotFit
from toolkit.layout.breaks import NARROW_STEP, NARROW_STEPS, SHORT_PARAGRAPH_LINES
from toolkit.layout.model import Box, Item, Link, Text, tagged
from toolkit.layout.text import Where, _break_points, check_glyphs

MIN_FILL = 0.82  # a line this full breaks before a long word instead of hyphenating it
RUNT_CHARACTERS = 6  # a last line holding one word this short is a runt
ANY_LENGTH = 10**6  # in a short paragraph any lonely last word is a runt
ADDRESS_BREAK = re.compile(r"(?<=[/.@])")
ADDRESS = re.compile(r"[a-z0-9]\.[a-z]{2,}\b|/|@", re.IGNORECASE)  # site.nl, a/b, a@b


@dataclass(frozen=True)
class TextStyle:
    """How running text is set: faces, size, line pitch and colours."""

    regular: FontFace
    bold: FontFace
    size_pt: float
    leading_pt: float
    colour: Colour
    link_colour: Colour

    def font(self, bold: bool) -> FontFace:
        return self.bold if bold else self.regular


@dataclass(frozen=True)
class Piece:
    text: str
    bold: bool
    url: str


Word = tuple[Piece, ...]
Line = tuple[Word, ...]


def _words(spans: Spans) -> list[Word]:
    """Split spans at spaces; a word may mix styles ('**Veilig Thuis**:'). A line break
    (a plain block's paragraph break, set as running text) is a space too."""
    words: list[list[Piece]] = [[]]
    for span in spans:
        parts = span.text.replace("\n", " ").split(" ")
        for index, part in enumerate(parts):
            if index > 0:
                words.append([])
            if part:
                words[-1].append(Piece(part, span.bold, span.url))
    return [tuple(word) for word in words if word]


def word_width(word: Word, style: TextStyle) -> float:
    return sum(style.font(piece.bold).width(piece.text, style.size_pt) for piece in word)


def line_width(line: Line, style: TextStyle) -> float:
    if not line:
        return 0.0
    spaces = sum(style.font(word[-1].bold).width(" ", style.size_pt) for word in line[:-1])
    return sum(word_width(word, style) for word in line) + spaces


def _splits(word: Word, hyphenate: bool) -> list[tuple[Word, Word]]:
    """Ways to break a single-style word: hyphenation points, or after / . @ in addresses."""
    if len(word) != 1:
        return []
    piece = word[0]
    if piece.url or ADDRESS.search(piece.text):  # a hyphen would change an address
        parts = [p for p in ADDRESS_BREAK.split(piece.text) if p]
        pairs = [("".join(parts[:i]), "".join(parts[i:])) for i in range(len(parts) - 1, 0, -1)]
    elif hyphenate:
        pairs = _break_points(piece.text)
    else:
        return []
    return [((Piece(head, piece.bold, piece.url),), (Piece(tail, piece.bold, piece.url),))
            for head, tail in pairs]


def set_lines(spans: Spans, style: TextStyle, width: float, where: Where,
              hyphenate: bool = True) -> list[Line]:
    """Break spans into lines no wider than width; raise if a word cannot be fitted.
    A paragraph of up to SHORT_PARAGRAPH_LINES lines never ends in a single word when a
    word can come down or a slightly narrower setting avoids it."""
    for span in spans:
        check_glyphs(span.text, style.font(span.bold), where)
    words = _words(spans)
    lines = _greedy(words, style, width, where, hyphenate)
    if len(lines) > SHORT_PARAGRAPH_LINES:
        return _no_runt(lines, style, width)
    pulled = _no_runt(lines, style, width, ANY_LENGTH)
    if len(lines) < 2 or len(pulled[-1]) > 1:
        return pulled
    for step in range(1, NARROW_STEPS + 1):
        try:
            trial = _greedy(words, style, width * (1 - NARROW_STEP * step), where, hyphenate)
        except TextDoesNotFit:  # a word wider than the narrower measure
            break
        if len(trial) > len(lines):
            break
        if len(trial[-1]) > 1:
            return trial
    return pulled


def _greedy(words: list[Word], style: TextStyle, width: float, where: Where,
            hyphenate: bool) -> list[Line]:
    """Lines filled word by word; the current line's width is kept as words are added
    (linear, not quadratic). A hyphenation break never leaves its tail on the last line."""
    words = list(words)
    lines: list[Line] = []
    line: list[Word] = []
    used = 0.0  # width of line

    def extended(word: Word) -> float:
        space = style.font(line[-1][-1].bold).width(" ", style.size_pt) if line else 0.0
        return used + space + word_width(word, style)

    hyphenated = False
    while words:
        word = words.pop(0)
        if extended(word) <= width + 1e-6:
            used = extended(word)
            line.append(word)
            continue
        full = used >= MIN_FILL * width
        split = None
        if not ((full or hyphenated) and line):
            split = next(((head, tail) for head, tail in _splits(word, hyphenate)
                          if extended(head) <= width + 1e-6
                          and not _ends_paragraph(head, tail, words, style, width)), None)
        if split is not None:
            line.append(split[0])
            words.insert(0, split[1])
            hyphenated = split[0][-1].text.endswith("-")
        elif line:
            words.insert(0, word)
            hyphenated = False
        else:
            raise TextDoesNotFit(where.file, where.field, _(
                "the word '{word}' is wider than its column in {where}",
                word=quoted("".join(p.text for p in word)), where=where.context),
                _("shorten or split the word"))
        lines.append(tuple(line))
        line, used = [], 0.0
    if line:
        lines.append(tuple(line))
    return lines


def _ends_paragraph(head: Word, tail: Word, rest: list[Word], style: TextStyle,
                    width: float) -> bool:
    """True when a hyphenation break (not an address's) would put its tail on the
    paragraph's last line: the tail and every word after it fit one line."""
    if not head[-1].text.endswith("-") or head[-1].url or ADDRESS.search(head[-1].text):
        return False
    used = word_width(tail, style)
    for word in rest:  # stops at the first word past the measure: linear at worst
        if used > width + 1e-6:
            return False
        used += style.font(word[0].bold).width(" ", style.size_pt) + word_width(word, style)
    return used <= width + 1e-6


def _no_runt(lines: list[Line], style: TextStyle, width: float,
             runt_characters: int = RUNT_CHARACTERS) -> list[Line]:
    """Bring a word down to keep company with a lonely last word of up to
    runt_characters."""
    if len(lines) < 2 or len(lines[-1]) != 1 or len(lines[-2]) < 3:
        return lines
    if sum(len(piece.text) for piece in lines[-1][0]) > runt_characters:
        return lines
    moved = (lines[-2][-1], *lines[-1])
    if lines[-2][-1][-1].text.endswith("-") or line_width(moved, style) > width + 1e-6:
        return lines
    return [*lines[:-2], lines[-2][:-1], moved]


def draw_line(line: Line, style: TextStyle, x: float, baseline: float,
              colour: Colour | None = None) -> tuple[Item, ...]:
    """Text items for a line (one per run of equal style); a link's text with its Link area
    as a tagged Link group."""
    items: list[Item] = []
    runs: list[list] = []  # [text, bold, url]
    for index, word in enumerate(line):
        for position, piece in enumerate(word):
            joins = position == 0 and index > 0
            if runs and runs[-1][1] == piece.bold and runs[-1][2] == piece.url:
                runs[-1][0] += (" " if joins else "") + piece.text
            else:
                if joins:
                    runs[-1][0] += " "
                runs.append([piece.text, piece.bold, piece.url])
    font_colour = colour or style.colour
    for text, bold, url in runs:
        font = style.font(bold)
        shown = text.rstrip(" ")
        item = Text(x, baseline, shown, font, style.size_pt,
                    style.link_colour if url else font_colour)
        if url:  # the text and its annotation are a Link element (an address broken over
            # lines is one: same key), underlined
            items.append(tagged("Link", (item, Link(Box(x, item.box.y, item.width,
                                                        item.box.height), url=url)),
                                url, underline=True))
        else:
            items.append(item)
        x += font.width(text, style.size_pt)
    return tuple(items)
