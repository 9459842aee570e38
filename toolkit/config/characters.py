"""Which characters text may hold on its way to the page: one policy for copy and config.

Word, web pages and spreadsheets paste along characters that are not text: zero-width
joiners, direction marks, byte-order marks, line and page breaks from Word (\\v, \\f) and
other control characters. They are removed (breaks become spaces), accents are composed
(NFC), and whitespace is folded. Right-to-left script is refused: the toolkit sets text
left to right only, so Hebrew or Arabic would print with its letters in reverse order.
"""

from __future__ import annotations

import re
import unicodedata

from toolkit.config.messages import N_, _, _n

PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
FOLDABLE = re.compile(r"[^\S\u00a0]+")  # any whitespace but the no-break space
SOFT_HYPHEN = "\u00ad"  # a format character that is kept: it marks where a word may break
KEPT_CONTROLS = frozenset("\n\r\t")
SPACING_CONTROLS = frozenset("\v\f")  # Word's manual line break and page break
RIGHT_TO_LEFT = frozenset({"R", "AL"})  # Unicode bidirectional classes of RTL letters
RIGHT_TO_LEFT_FIX = N_("write this text in a left-to-right script, or leave it out")
MAX_NAMED_CHARACTERS = 3  # a message names this many; a whole Hebrew sentence is not listed


class _Invisible(dict):
    """str.translate table, filled on first sight of each character: format characters
    (category Cf) other than the soft hyphen and control characters (Cc) other than line
    ends and tabs are removed; Word's line and page breaks become spaces."""

    def __missing__(self, code: int) -> int | str | None:
        char = chr(code)
        category = unicodedata.category(char)
        if char in SPACING_CONTROLS:
            value: int | str | None = " "
        elif (category == "Cf" and char != SOFT_HYPHEN) or (
                category == "Cc" and char not in KEPT_CONTROLS):
            value = None
        else:
            value = code
        self[code] = value
        return value


INVISIBLE = _Invisible()


def visible(text: str) -> str:
    """Return text without invisible and control characters, accents composed (NFC)."""
    return unicodedata.normalize("NFC", text.translate(INVISIBLE))


def fold(text: str) -> str:
    """Fold runs of whitespace into one space; a no-break space (U+00A0) stays, so
    '18\u00a0jaar' or '1\u00a0januari\u00a02019' never breaks across lines."""
    return FOLDABLE.sub(" ", text).strip(" ")


def clean(text: str) -> str:
    """Fold whitespace, keep paragraph breaks, drop invisible characters, compose accents."""
    paragraphs = [fold(part) for part in PARAGRAPH_BREAK.split(visible(text).strip())]
    return "\n".join(part for part in paragraphs if part)


def clean_lines(text: str) -> str:
    """Like clean, but keep the line structure (for blocks written in markup)."""
    lines = visible(text).strip("\n").splitlines()
    return "\n".join(line.rstrip() for line in lines).strip()


def one_line(text: str) -> str:
    """clean, with every line break folded into a space (a table cell, a config value)."""
    return fold(visible(text))


def describe_character(char: str) -> str:
    """Return 'U+00E9 LATIN SMALL LETTER E WITH ACUTE' for messages."""
    return f"U+{ord(char):04X} {unicodedata.name(char, 'unnamed character')}"


def right_to_left(text: str) -> str | None:
    """Return what is wrong when text holds right-to-left letters, else None."""
    if text.isascii():
        return None
    found = list(dict.fromkeys(char for char in text
                               if unicodedata.bidirectional(char) in RIGHT_TO_LEFT))
    if not found:
        return None
    return _n("{characters} is right-to-left script, which the toolkit cannot set",
              "{characters} are right-to-left script, which the toolkit cannot set",
              len(found), characters=name_characters(found))


def name_characters(chars: list[str]) -> str:
    """"'x' (U+0078 LATIN SMALL LETTER X), ..." for the first few, and how many more."""
    names = ", ".join(f"'{char}' ({describe_character(char)})"
                      for char in chars[:MAX_NAMED_CHARACTERS])
    more = len(chars) - MAX_NAMED_CHARACTERS
    return _("{names} and {more} more", names=names, more=more) if more > 0 else names
