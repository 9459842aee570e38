"""Measuring, wrapping and fitting text: pure functions, values in, lines and boxes out.

A text slot either fits its box (shrinking from its largest to its smallest allowed size)
or raises TextDoesNotFit naming the file and field; it is never drawn outside the box.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

import pyphen

from toolkit.colour import Colour
from toolkit.config.assets import FontFace
from toolkit.config.characters import RIGHT_TO_LEFT_FIX, SOFT_HYPHEN, name_characters, right_to_left
from toolkit.errors import InputError, TextDoesNotFit
from toolkit.layout.model import Box, Text

HYPHEN_LANGUAGE = "nl_NL"
MIN_HYPHENATED_WORD = 8  # shorter words are never split
MIN_FRAGMENT = 3  # letters kept on each side of a hyphenation point (punctuation not counted)
SIZE_STEP_PT = 0.5
BALANCE_STEPS = 12  # binary-search steps when balancing a headline's line lengths


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
        raise InputError(where.file, where.field, backwards, RIGHT_TO_LEFT_FIX)
    missing = font.missing(text)
    if missing:
        raise InputError(where.file, where.field, f"font {font.label} has no glyph for "
                         f"{name_characters(missing)}",
                         "remove or replace the character, or choose a font that has it")


def _break_points(word: str) -> list[tuple[str, str]]:
    """Return (head, tail) splits of word, longest head first; head ends in a hyphen."""
    # Break after a hyphen between letters (Echt-|Susteren), never inside a number
    # (0800-2000) or a code.
    points = [(word[: i + 1], word[i + 1 :]) for i, char in enumerate(word[:-1])
              if char == "-" and i > 0 and word[i - 1].isalpha() and word[i + 1].isalpha()]
    if SOFT_HYPHEN in word:  # the writer's own hints (Word's optional hyphen) replace pyphen's
        points += [(word[:i] + "-", word[i + 1:]) for i, char in enumerate(word[:-1])
                   if char == SOFT_HYPHEN and i > 0]
    elif len(word) >= MIN_HYPHENATED_WORD and "-" not in word:
        for head, tail in _hyphenator().iterate(word):
            letters = sum(char.isalpha() for char in tail)
            if len(head) >= MIN_FRAGMENT and letters >= MIN_FRAGMENT and head.isalpha():
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
            split = _split_to_fit(word, line, fits) if hyphenate or "-" in word else None
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


def _split_to_fit(word: str, line: str, fits) -> tuple[str, str] | None:
    for head, tail in _break_points(word):
        candidate = f"{line} {head}" if line else head
        if fits(candidate):
            return candidate, tail
    return None


def _balance(lines: list[str], spec: FitSpec, size_pt: float, width: float,
             tracking_pt: float) -> list[str]:
    """Narrow the measure as far as the line count allows, so lines end evenly."""
    low, high, best = width * 0.5, width, lines
    for _ in range(BALANCE_STEPS):
        middle = (low + high) / 2
        trial = wrap(" ".join(lines), spec.font, size_pt, middle, False, tracking_pt)
        if trial is not None and len(trial) <= len(lines):
            best, high = trial, middle
        else:
            low = middle
    return _no_lonely_word(best, spec, size_pt, width, tracking_pt)


def _no_lonely_word(lines: list[str], spec: FitSpec, size_pt: float, width: float,
                    tracking_pt: float) -> list[str]:
    """Move a word down so the last line never holds a single word (when room allows)."""
    lines = list(lines)
    if len(lines) < 2 or " " in lines[-1]:
        return lines
    previous = lines[-2].split(" ")
    if len(previous) < 2:
        return lines
    candidate = f"{previous[-1]} {lines[-1]}"
    if line_width(candidate, spec.font, size_pt, tracking_pt) <= width + 1e-6:
        lines[-2], lines[-1] = " ".join(previous[:-1]), candidate
    return lines


def fit(text: str, spec: FitSpec, width: float, height: float, where: Where) -> SetText:
    """Set text at the largest size in the spec's range that fits width x height.

    A balanced slot (a headline) also steps down while its last line would hold a single
    word; only when no allowed size avoids that is the lonely word accepted.
    """
    if not text.strip():  # a slot drawn empty would leave a hole in the design
        raise InputError(where.file, where.field, "is empty", "write some text")
    check_glyphs(text, spec.font, where)
    size = spec.max_size_pt
    smallest_try: list[str] | None = None
    fallback: SetText | None = None
    while size >= spec.min_size_pt - 1e-9:
        tracking = spec.tracking_em * size
        lines = wrap(text, spec.font, size, width, spec.hyphenate, tracking)
        line_height = size * spec.leading
        if lines is not None:
            smallest_try = lines
            room = spec.max_lines is None or len(lines) <= spec.max_lines
            if room and block_height(spec.font, size, line_height, len(lines)) <= height + 1e-6:
                if spec.balance and len(lines) > 1:
                    lines = _balance(lines, spec, size, width, tracking)
                block = SetText(tuple(lines), spec.font, size, line_height, tracking)
                if not (spec.balance and _lonely(lines)):
                    return block
                fallback = fallback or block
        size = round(size - SIZE_STEP_PT, 3)
    if fallback is not None:
        return fallback
    raise _does_not_fit(text, spec, width, height, where, smallest_try)


def _lonely(lines: list[str]) -> bool:
    """True when the last of several lines is one word while the text has more words."""
    return len(lines) > 1 and " " not in lines[-1]


def _does_not_fit(text: str, spec: FitSpec, width: float, height: float, where: Where,
                  lines: list[str] | None) -> TextDoesNotFit:
    size = spec.min_size_pt
    context = f" in {where.context}" if where.context else ""
    if lines is None:
        longest = max(text.split(), key=lambda w: spec.font.width(w, size), default="")
        return TextDoesNotFit(where.file, where.field, f"the word '{longest}' is wider than its "
                              f"box{context} even at the {size:g} pt minimum",
                              "shorten or split the word")
    line_height = size * spec.leading
    room = 0
    while block_height(spec.font, size, line_height, room + 1) <= height + 1e-6:
        room += 1
    if spec.max_lines is not None:
        room = min(room, spec.max_lines)
    return TextDoesNotFit(where.file, where.field, f"does not fit{context} at the {size:g} pt "
                          f"minimum ({len(lines)} lines, room for {room})", "shorten the text")


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
