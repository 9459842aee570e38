"""Measuring, wrapping and fitting text: pure functions, values in, lines and boxes out.

A text slot either fits its box (shrinking from its largest to its smallest allowed size)
or raises TextDoesNotFit naming the file and field; it is never drawn outside the box.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

import pyphen

from toolkit.colour import Colour
from toolkit.config.assets import FontFace
from toolkit.config.characters import RIGHT_TO_LEFT_FIX, SOFT_HYPHEN, name_characters, right_to_left
from toolkit.config.messages import _, _n, quoted
from toolkit.errors import InputError, TextDoesNotFit
from toolkit.layout.breaks import (
    FLAW,
    SHORT_PARAGRAPH_LINES,
    balanced,
    forced_breaks,
    lonely,
    settle_last_line,
)
from toolkit.layout.model import Box, Text

HYPHEN_LANGUAGE = "nl_NL"
MIN_HYPHENATED_WORD = 8  # shorter words are never split
MIN_HEAD_LETTERS = 3  # letters kept before a hyphenation point
MIN_TAIL_LETTERS = 4  # letters carried to the next line (punctuation not counted)
SIZE_STEP_PT = 0.5
SHORT_TEXT_LINES = 4  # a text set in this many lines or fewer is never hyphenated


@dataclass(frozen=True)
class Where:
    """The origin of a text, for messages: file, field and what it is set in."""

    file: str
    field: str
    context: str = ""


@dataclass(frozen=True)
class FitSpec:
    """How a slot may be set: font, size range, leading, hyphenation, line balance."""

    font: FontFace
    max_size_pt: float
    min_size_pt: float
    leading: float = 1.2
    hyphenate: bool = True
    balance: bool = False
    max_lines: int | None = None
    tracking_em: float = 0.0


@dataclass(frozen=True)
class SetText:
    """Text set at one size: its lines and the height of the block."""

    lines: tuple[str, ...]
    font: FontFace
    size_pt: float
    line_height: float
    tracking_pt: float = 0.0

    @property
    def height(self) -> float:
        return block_height(self.font, self.size_pt, self.line_height, len(self.lines))

    @property
    def width(self) -> float:
        return max((line_width(line, self.font, self.size_pt, self.tracking_pt)
                    for line in self.lines), default=0.0)


def block_height(font: FontFace, size_pt: float, line_height: float, count: int) -> float:
    """Height from the first line's ascent to the last line's descent."""
    if count == 0:
        return 0.0
    return (font.ascent + font.descent) * size_pt + (count - 1) * line_height


def line_width(text: str, font: FontFace, size_pt: float, tracking_pt: float = 0.0) -> float:
    return font.width(text, size_pt) + tracking_pt * max(len(text) - 1, 0)


@lru_cache(maxsize=1)
def _hyphenator() -> pyphen.Pyphen:
    return pyphen.Pyphen(lang=HYPHEN_LANGUAGE)


def check_glyphs(text: str, font: FontFace, where: Where) -> None:
    """Raise InputError for right-to-left script (whatever the font has), else naming each
    character the font cannot draw."""
    backwards = right_to_left(text)
    if backwards:
        raise InputError(where.file, where.field, backwards, _(RIGHT_TO_LEFT_FIX))
    missing = font.missing(text)
    if missing:
        raise InputError(where.file, where.field, _(
            "font {font} has no glyph for {characters}", font=font.label,
            characters=name_characters(missing)),
            _("remove or replace the character, or choose a font that has it"))


def _break_points(word: str, hyphenate: bool = True) -> list[tuple[str, str]]:
    """Return (head, tail) splits of word, longest head first; head ends in a hyphen. At
    the word's own hyphens always; hyphenation points only when hyphenate."""
    # Break after a hyphen between letters (Echt-|Susteren), never inside a number
    # (0800-2000) or a code.
    points = [(word[: i + 1], word[i + 1 :]) for i, char in enumerate(word[:-1])
              if char == "-" and i > 0 and word[i - 1].isalpha() and word[i + 1].isalpha()]
    if hyphenate and SOFT_HYPHEN in word:  # the writer's own hints (Word's soft hyphen)
        points += [(word[:i] + "-", word[i + 1:]) for i, char in enumerate(word[:-1])
                   if char == SOFT_HYPHEN and i > 0]
    elif hyphenate and len(word) >= MIN_HYPHENATED_WORD and "-" not in word:
        for head, tail in _hyphenator().iterate(word):
            letters = sum(char.isalpha() for char in tail)
            if len(head) >= MIN_HEAD_LETTERS and letters >= MIN_TAIL_LETTERS and head.isalpha():
                points.append((head + "-", tail))
    return sorted(points, key=lambda pair: len(pair[0]), reverse=True)


def wrap(text: str, font: FontFace, size_pt: float, width: float, hyphenate: bool,
         tracking_pt: float = 0.0) -> list[str] | None:
    """Greedy line breaking; returns None when a word cannot be fitted even when split."""
    def fits(candidate: str) -> bool:
        return line_width(candidate, font, size_pt, tracking_pt) <= width + 1e-6

    lines: list[str] = []
    for paragraph in text.split("\n"):
        line = ""
        words = paragraph.split(" ")
        while words:
            word = words.pop(0)
            candidate = f"{line} {word}" if line else word
            if fits(candidate):
                line = candidate
                continue
            # Unhyphenated text breaks a compound at its own hyphen only when the word is
            # wider than a whole line: otherwise it moves down whole.
            split = _split_to_fit(word, line, fits, hyphenate) if hyphenate or not line \
                else None
            if split is not None:
                lines.append(split[0])
                words.insert(0, split[1])
                line = ""
                continue
            if not line:
                return None  # a single word wider than the box
            lines.append(line)
            line = ""
            words.insert(0, word)
        lines.append(line)
    return lines


def _split_to_fit(word: str, line: str, fits, hyphenate: bool) -> tuple[str, str] | None:
    for head, tail in _break_points(word, hyphenate):
        candidate = f"{line} {head}" if line else head
        if fits(candidate):
            return candidate, tail
    return None


def fit(text: str, spec: FitSpec, width: float, height: float, where: Where) -> SetText:
    """Set text at the largest size in the spec's range that fits width x height.

    Display rules (toolkit/layout/breaks.py): a text is first tried unhyphenated at every
    size, and hyphenated only when it cannot be set otherwise and needs more than
    SHORT_TEXT_LINES lines. A balanced slot (a headline) breaks for sense and shape; no
    paragraph of up to six lines ends in a single word. A setting that breaks a rule is
    taken only when no allowed size avoids it. A forced break ('|') is honoured.
    """
    text = forced_breaks(text)
    if not text.strip():  # a slot drawn empty would leave a hole in the design
        raise InputError(where.file, where.field, _("is empty"), _("write some text"))
    check_glyphs(text, spec.font, where)
    block, smallest_try = _fitted(text, spec, width, height)
    if block is None:
        raise _does_not_fit(text, spec, width, height, where,
                            None if smallest_try is None else list(smallest_try))
    return block


# Pure, so remembered: a warm process (the studio, a worker's next region) sets again only
# the texts that changed.
@lru_cache(maxsize=8192)
def _fitted(text: str, spec: FitSpec, width: float, height: float
            ) -> tuple[SetText | None, tuple[str, ...] | None]:
    """fit()'s search: the setting (None when none fits) and the last greedy lines tried."""
    smallest_try: list[str] | None = None
    for hyphenate in (False, True) if spec.hyphenate else (False,):
        fallback: tuple[int, SetText] | None = None
        size = spec.max_size_pt
        while size >= spec.min_size_pt - 1e-9:
            block, flaws, lines = _set_at(text, spec, size, width, height, hyphenate)
            if lines is not None and (not hyphenate or len(lines) > SHORT_TEXT_LINES):
                smallest_try = lines
            if block is not None and not flaws:
                return block, None
            if block is not None and (fallback is None or flaws < fallback[0]):
                fallback = (flaws, block)  # the fewest broken rules, at the largest size
            size = round(size - SIZE_STEP_PT, 3)
        if fallback is not None:
            return fallback[1], None
    return None, tuple(smallest_try) if smallest_try is not None else None


def _set_at(text: str, spec: FitSpec, size: float, width: float, height: float,
            hyphenate: bool) -> tuple[SetText | None, int, list[str] | None]:
    """The text set at size (None when it does not fit), how many rules the setting breaks,
    and the plain greedy lines (for the message when nothing fits)."""
    tracking = spec.tracking_em * size
    line_height = size * spec.leading

    def measure(line: str) -> float:
        return line_width(line, spec.font, size, tracking)

    greedy = wrap(text, spec.font, size, width, hyphenate, tracking)
    room = _room(spec, size, line_height, height)
    if greedy is None or len(greedy) > room:
        return None, 0, greedy
    if hyphenate and len(greedy) <= SHORT_TEXT_LINES:  # short texts are never hyphenated
        return None, 0, greedy
    candidates: list[tuple[list[str], int]] = []
    if spec.balance and len(greedy) > 1:
        for count in range(len(greedy), min(len(greedy) + 1, room) + 1):
            setting = balanced(text.split("\n"), count, measure, width)
            if setting is not None:
                candidates.append((setting[0], round(setting[1] / FLAW)))
    if not candidates:
        candidates.append(_ragged(text, spec, size, width, hyphenate, tracking) or
                          (greedy, 0))
    lines, flaws = min(candidates, key=lambda pair: pair[1])
    return SetText(tuple(lines), spec.font, size, line_height, tracking), flaws, greedy


def _room(spec: FitSpec, size: float, line_height: float, height: float) -> int:
    """How many lines fit height (and the spec's max_lines)."""
    first = (spec.font.ascent + spec.font.descent) * size
    if first > height + 1e-6:
        return 0
    room = int((height + 1e-6 - first) // line_height) + 1
    return room if spec.max_lines is None else min(room, spec.max_lines)


def _ragged(text: str, spec: FitSpec, size: float, width: float, hyphenate: bool,
            tracking: float) -> tuple[list[str], int] | None:
    """Greedy lines per paragraph, each short paragraph settled so it does not end in a
    single word; with the count of those that still do."""
    lines: list[str] = []
    flaws = 0
    for paragraph in text.split("\n"):
        def rewrap(measure_width: float, paragraph: str = paragraph) -> list[str] | None:
            return wrap(paragraph, spec.font, size, measure_width, hyphenate, tracking)
        first = rewrap(width)
        if first is None:
            return None
        settled = settle_last_line(first, width, lambda line: line_width(
            line, spec.font, size, tracking), rewrap)
        flaws += lonely(settled) and len(settled) <= SHORT_PARAGRAPH_LINES
        lines += settled
    return lines, flaws


def _does_not_fit(text: str, spec: FitSpec, width: float, height: float, where: Where,
                  lines: list[str] | None) -> TextDoesNotFit:
    size = spec.min_size_pt
    if lines is None:
        longest = quoted(max(text.split(), key=lambda w: spec.font.width(w, size), default=""))
        message = _("the word '{word}' is wider than its box in {where} even at the {size} pt "
                    "minimum", word=longest, where=where.context, size=size) \
            if where.context else _("the word '{word}' is wider than its box even at the "
                                    "{size} pt minimum", word=longest, size=size)
        return TextDoesNotFit(where.file, where.field, message,
                              _("shorten or split the word"))
    line_height = size * spec.leading
    room = 0
    while block_height(spec.font, size, line_height, room + 1) <= height + 1e-6:
        room += 1
    if spec.max_lines is not None:
        room = min(room, spec.max_lines)
    values = {"size": size, "lines": len(lines), "room": room, "where": where.context}
    message = _("does not fit in {where} at the {size} pt minimum ({lines} lines, room for "
                "{room})", **values) if where.context else _(
        "does not fit at the {size} pt minimum ({lines} lines, room for {room})", **values)
    excess = _excess(text, spec, width, room)
    fix = _n("shorten the text by about {count} character",
             "shorten the text by about {count} characters", excess) if excess else \
        _("shorten the text")
    return TextDoesNotFit(where.file, where.field, message, fix, TextDoesNotFit.KIND)


def _excess(text: str, spec: FitSpec, width: float, room: int) -> int:
    """About how many characters text must lose to fit room lines at the smallest size:
    its length less that of its longest start (whole words) that does."""
    size, tracking = spec.min_size_pt, spec.tracking_em * spec.min_size_pt
    ends = [match.start() for match in re.finditer(r"\s+", text)] + [len(text)]

    def fits(end: int) -> bool:
        lines = wrap(text[:end], spec.font, size, width, spec.hyphenate, tracking)
        return lines is not None and len(lines) <= room

    low, high = -1, len(ends)  # ends[low] fits (or nothing does), ends[high] does not
    while high - low > 1:
        middle = (low + high) // 2
        low, high = (middle, high) if fits(ends[middle]) else (low, middle)
    kept = len(text[:ends[low]].rstrip()) if low >= 0 else 0
    return len(text.strip()) - kept


def place(block: SetText, box: Box, colour: Colour, align: str = "left",
          valign: str = "top") -> tuple[Text, ...]:
    """Return Text items for block inside box; the block's ink stays inside the box."""
    font, size = block.font, block.size_pt
    if valign == "top":
        top = box.top
    elif valign == "bottom":
        top = box.y + block.height
    else:
        top = box.y + (box.height + block.height) / 2
    baseline = top - font.ascent * size
    items = []
    for index, line in enumerate(block.lines):
        width = line_width(line, font, size, block.tracking_pt)
        offset = {"left": 0.0, "right": box.width - width, "centre": (box.width - width) / 2}
        items.append(Text(box.x + offset[align], baseline - index * block.line_height, line,
                          font, size, colour, block.tracking_pt))
    return tuple(items)
