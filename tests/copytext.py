"""Hypothesis strategies for copy a coordinator might write, paste or mistype.

Mostly Dutch words from the templates themselves, in texts from empty to far too long,
with long compounds, hyphenated words, phone numbers and web addresses; now and then
characters that pasted text brings along: emoji, right-to-left script, combining accents,
invisible format characters, control characters, no-break and soft hyphens, tabs and
line breaks. For the handreiking's markup blocks: mostly valid markup (chapters,
sections, paragraphs, lists, call-outs, tables, links), with some noise.
"""

from __future__ import annotations

import re
from functools import cache

from hypothesis import strategies as st

from tests.conftest import ROOT

COPY_TEMPLATES = ("messages.nl.j2", "poster.nl.j2", "social.nl.j2", "social_meta.nl.j2",
                  "deskcard.nl.j2", "handreiking.nl.j2")
JINJA = re.compile(r"{[%#{].*?[%#}]}", re.DOTALL)
WORD = re.compile(r"[^\W\d_]{2,}")


@cache
def vocabulary() -> tuple[str, ...]:
    """Every word of the campaign's copy, once, in a fixed order."""
    words: set[str] = set()
    for name in COPY_TEMPLATES:
        words.update(WORD.findall(JINJA.sub(" ", (ROOT / "templates" / name).read_text("utf-8"))))
    return tuple(sorted(words))


NUMBERS = ("0800-2000", "043 123 45 67", "113", "0900-0113", "1 op 4", "2025", "18",
           "20 november", "06-12345678", "+31 43 123 4567")
ADDRESSES = ("https://www.maakhetverschil.nl/maasdal", "www.kindertelefoon.nl",
             "maakhetverschil.nl/midden-limburg?utm_source=poster&utm_medium=print",
             "info@veiligthuis.nl", "https://example.nl/een/heel/lang/pad/naar/een/pagina.html",
             "kindcheck.nl")
PUNCTUATION = (",", ".", ":", ";", "?", "!", "…", ")", "”", "’s")
SPECIALS = (
    "\U0001f642", "\U0001f44d\U0001f3fd", "\u2764\ufe0f", "\U0001f621",  # emoji, modifiers
    "\U0001f468\u200d\U0001f469\u200d\U0001f467",  # a family: emoji joined by ZWJ
    "שלום", "مرحبا", "ילד",  # right to left
    "e\u0301", "q\u0303", "A\u030a", "n\u0303",  # combining marks
    "\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u200e", "\u200f",  # invisible
    "\u0007", "\u000b", "\u000c", "\u0000", "\u001b",  # control characters
    "\u00a0", "\u00ad", "\t", "\r\n", "\u2028",  # spaces, soft hyphen, breaks
    "€", "½", "ĳ", "–", "—", "·", "“", "„", "Ω", "ß", "Ł", "ẞ", "\u2011", "→",
)


def _long_word(parts: list[str]) -> str:
    word = "".join(part.lower() for part in parts)
    while len(word) < 60:
        word += word
    return word


@cache
def tokens() -> st.SearchStrategy[str]:
    words = st.sampled_from(vocabulary())
    kinds = {
        "word": words,
        "long": st.lists(words, min_size=3, max_size=8).map(_long_word),
        "hyphenated": st.lists(words, min_size=2, max_size=4).map("-".join),
        "number": st.sampled_from(NUMBERS) | st.integers(0, 10**8).map(str),
        "address": st.sampled_from(ADDRESSES),
        "punctuated": st.tuples(words, st.sampled_from(PUNCTUATION)).map("".join),
        "break": st.sampled_from(("\n", "\n\n", "\n \n")),
    }
    weighted = (["word"] * 24 + ["punctuated"] * 4 + ["hyphenated"] * 2
                + ["long", "number", "address", "break"])
    return st.sampled_from(weighted).flatmap(kinds.__getitem__)


def _spiced(pieces: list[str], extras: list[tuple[int, str]]) -> list[str]:
    """Put each extra at a position: glued to a word (odd) or between words (even)."""
    pieces = list(pieces)
    for position, extra in extras:
        index = position % (len(pieces) + 1)
        if position % 2 and index < len(pieces):
            pieces[index] += extra
        else:
            pieces.insert(index, extra)
    return pieces


@cache
def specials() -> st.SearchStrategy[str]:
    """A pasted oddity: one of the usual suspects, or any character at all."""
    anything = st.characters(exclude_categories=("Cs",))
    return st.sampled_from(SPECIALS) | anything


@st.composite
def copy_text(draw) -> str:
    """A text for a plain slot."""
    regime = draw(st.sampled_from(("empty",) + ("short",) * 6 + ("medium",) * 2 + ("long",)))
    if regime == "empty":
        pieces = draw(st.lists(st.sampled_from((" ", "\n", "\t")), max_size=2))
        return "".join(pieces)
    size = {"short": (1, 12), "medium": (13, 60), "long": (20, 60)}[regime]
    pieces = draw(st.lists(tokens(), min_size=size[0], max_size=size[1]))
    if regime == "long":  # hundreds of words, without hundreds of draws
        pieces = pieces * draw(st.integers(4, 12))
    if draw(st.sampled_from((False, False, False, True))):
        extras = draw(st.lists(st.tuples(st.integers(0, 10**4), specials()), min_size=1,
                               max_size=4))
        pieces = _spiced(pieces, extras)
    return " ".join(pieces)


# --- markup -------------------------------------------------------------------------------


@cache
def inline_text() -> st.SearchStrategy[str]:
    """A line of running text, with bold, links and autolinks now and then."""
    words = st.sampled_from(vocabulary())
    phrase = st.lists(words, min_size=1, max_size=4).map(" ".join)
    marked = st.one_of(
        phrase.map(lambda p: f"**{p}**"),
        st.tuples(phrase, st.sampled_from(ADDRESSES[:3])).map(
            lambda t: f"[{t[0]}]({t[1] if t[1].startswith('http') else 'https://' + t[1]})"),
        st.sampled_from(("<tel:0800-2000>", "<https://www.kindertelefoon.nl>",
                         "<mailto:info@veiligthuis.nl>", "<tel:113>")),
    )
    piece = st.sampled_from(["plain"] * 8 + ["marked"]).flatmap(
        lambda kind: tokens() if kind == "plain" else marked)
    return st.lists(piece, min_size=1, max_size=40).map(" ".join).map(
        lambda text: text.replace("\n", " "))


def _indent_continuation(text: str) -> str:
    return text.replace("\n", "\n  ")


@st.composite
def markup_block(draw, directive: bool) -> str:
    kind = draw(st.sampled_from(
        ["chapter", "section", "paragraph", "paragraph", "paragraph", "list", "callout",
         "table", "noise"] + (["directive"] if directive else [])))
    if kind == "chapter":
        return "# " + draw(st.lists(st.sampled_from(vocabulary()), min_size=1,
                                    max_size=8).map(" ".join))
    if kind == "section":
        return "## " + draw(st.lists(st.sampled_from(vocabulary()), min_size=1,
                                     max_size=10).map(" ".join))
    if kind == "paragraph":
        return "\n".join(draw(st.lists(inline_text(), min_size=1, max_size=4)))
    if kind == "list":
        numbered = draw(st.booleans())
        items = draw(st.lists(st.tuples(inline_text(), st.lists(inline_text(), max_size=2)),
                              min_size=1, max_size=8))
        return "\n".join((f"{n}. " if numbered else "- ") + first
                         + "".join(f"\n  {more}" for more in rest)
                         for n, (first, rest) in enumerate(items, start=1))
    if kind == "callout":
        paragraphs = draw(st.lists(inline_text(), min_size=1, max_size=3))
        return "\n>\n".join(f"> {p}" for p in paragraphs)
    if kind == "table":
        columns = draw(st.integers(1, 4))
        cell = st.sampled_from(["short"] * 5 + ["long"]).flatmap(
            lambda size: inline_text() if size == "long" else
            st.lists(st.sampled_from(vocabulary()), max_size=4).map(" ".join))
        rows = draw(st.lists(st.lists(cell, min_size=columns, max_size=columns),
                             min_size=1, max_size=7))
        lines = ["| " + " | ".join(row) + " |" for row in rows]
        if draw(st.booleans()):
            lines.insert(1, "|" + "---|" * columns)
        return "\n".join(lines)
    if kind == "directive":
        return "[[sociale-kaart]]"
    return draw(noise())


@cache
def noise() -> st.SearchStrategy[str]:
    """What goes wrong in hand-written markup."""
    return st.one_of(
        copy_text(),
        st.just("- een punt\nzonder inspringen"),
        st.just("| a | b |\n| c |"),
        st.just("[[iets-anders]]"),
        st.just("#Geen kop"),
        st.just("> "),
        st.just("|---|"),
        st.just("|  |  |\n|---|---|\n|  |  |"),
        st.just("**niet gesloten"),
        st.just("1) een\n2) twee\n  vervolg"),
    )


@st.composite
def markup_text(draw, directive: bool = True) -> str:
    """A text for a markup block: blocks separated by blank lines (sometimes by one)."""
    blocks = draw(st.lists(markup_block(directive), min_size=0, max_size=24))
    separators = draw(st.lists(st.sampled_from(["\n\n"] * 9 + ["\n"]),
                               min_size=len(blocks), max_size=len(blocks)))
    return "".join(block + separator for block, separator in zip(blocks, separators))
