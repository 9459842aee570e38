"""A small Markdown-like language for long copy (the handreiking), parsed into blocks.

Lines, separated into blocks by blank lines:

    # Chapter title              a chapter: starts a page, in the contents and bookmarks
    ## Section title             a section: a bookmark under its chapter
    Plain lines                  a paragraph (lines are joined)
    - item / 1. item             a list (continuation lines are indented)
    > text                       a call-out box, kept on one page
    | a | b |                    a table; a '|---|' line under the first row makes it
                                 the header, repeated on every page the table spans
    [[name]]                     a generated part (the product fills it in, e.g. the
                                 region's sociale kaart)

Inline: **bold**, [text](https://...), and <tel:0800-2000>, <mailto:a@b.nl> or
<https://site.nl> (shown without the scheme). Parsing is pure: text in, blocks out.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from toolkit.config.characters import fold
from toolkit.config.messages import N_, _
from toolkit.errors import InputError

HEADING = re.compile(r"^(#{1,2})\s+(.+?)\s*$")
BULLET = re.compile(r"^[-•]\s+(.*)$")
NUMBERED = re.compile(r"^(\d+)[.)]\s+(.*)$")
DIRECTIVE = re.compile(r"^\[\[([a-z0-9-]+)\]\]$")
RULE = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?$")
INLINE = re.compile(r"\*\*(?P<bold>.+?)\*\*|\[(?P<label>[^\]]+)\]\((?P<url>[^)\s]+)\)"
                    r"|<(?P<auto>(?:tel|mailto|https?):[^>\s]+)>")
SCHEMES = ("https://", "http://", "mailto:", "tel:")  # the only links a PDF may carry
LINK_FIX = N_("link only to https://, http://, mailto: or tel: addresses")
# Values from TOML and CSV (names, contact lines) enter the markup as plain text: each
# character the markup gives a meaning is swapped for one in Unicode's private use area
# while the markup is parsed, and swapped back in the spans it yields.
# (':' stays: '<{{ region.landing_url }}>' makes a link of a checked address on purpose.)
MARKUP_CHARACTERS = "*[]()<>|#-\u2022."
PLAIN_OFFSET = 0xF0000  # plane 15, private use: never typed in copy
_TO_PLAIN = {ord(char): PLAIN_OFFSET + ord(char) for char in MARKUP_CHARACTERS}
_FROM_PLAIN = {code: chr(char) for char, code in _TO_PLAIN.items()}


def as_plain_text(value: str) -> str:
    """value, to be read by parse() or inline() as text, never as markup."""
    return value.translate(_TO_PLAIN)


def _restored(text: str) -> str:
    return text.translate(_FROM_PLAIN)


def _link(url: str, file: str, field: str) -> str:
    """url, when its scheme is one a PDF link may carry; an InputError otherwise."""
    url = _restored(url)
    if not url.lower().startswith(SCHEMES) or any(char.isspace() for char in url):
        shown = url if len(url) <= 60 else url[:60] + "..."
        raise InputError(file, field, _("link '{link}' is not a web, e-mail or phone link",
                                        link=shown), _(LINK_FIX))
    return url


@dataclass(frozen=True)
class Span:
    """A run of text in one style; url makes it a link."""

    text: str
    bold: bool = False
    url: str = ""


Spans = tuple[Span, ...]


@dataclass(frozen=True)
class Heading:
    level: int  # 1 chapter, 2 section
    text: str
    key: str  # a unique name for links and bookmarks


@dataclass(frozen=True)
class Paragraph:
    spans: Spans


@dataclass(frozen=True)
class ListBlock:
    items: tuple[Spans, ...]
    numbered: bool


@dataclass(frozen=True)
class Callout:
    paragraphs: tuple[Spans, ...]


Cell = tuple[Spans, ...]  # a table cell's paragraphs


@dataclass(frozen=True)
class Table:
    header: tuple[Cell, ...] | None
    rows: tuple[tuple[Cell, ...], ...]
    widths: tuple[float, ...] = ()  # column shares; empty: from the text in the columns


@dataclass(frozen=True)
class Directive:
    name: str


Block = Heading | Paragraph | ListBlock | Callout | Table | Directive


def tel_url(number: str) -> str:
    """tel: link for a number as written (0800-2000 -> tel:08002000)."""
    return "tel:" + "".join(char for char in number if char.isdigit() or char == "+")


def inline(text: str, file: str = "", field: str = "") -> Spans:
    """Split text into styled spans; a link other than https, http, mailto or tel is an
    InputError naming file and field."""
    spans: list[Span] = []
    position = 0
    for match in INLINE.finditer(text):
        if match.start() > position:
            spans.append(Span(_restored(text[position:match.start()])))
        if match.group("bold"):  # may hold links: **Veilig Thuis: <tel:0800-2000>**
            spans += [Span(span.text, True, span.url)
                      for span in inline(match.group("bold"), file, field)]
        elif match.group("label"):
            spans.append(Span(_restored(match.group("label")),
                              url=_link(match.group("url"), file, field)))
        else:
            target = _restored(match.group("auto"))
            shown = target.split(":", 1)[1].removeprefix("//")
            url = tel_url(shown) if target.startswith("tel:") else target
            spans.append(Span(shown, url=_link(url, file, field)))
        position = match.end()
    if position < len(text):
        spans.append(Span(_restored(text[position:])))
    return tuple(span for span in spans if span.text)


def slug(text: str) -> str:
    plain = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode().lower()
    return re.sub(r"[^a-z0-9]+", "-", plain).strip("-") or "kop"


def parse(source: str, file: str, field: str) -> tuple[Block, ...]:
    """Parse source into blocks; raise InputError naming the line of malformed markup."""
    blocks: list[Block] = []
    keys: set[str] = set()
    for number, lines in _chunks(source):
        blocks.append(_block(lines, number, keys, file, field))
    return tuple(blocks)


def _chunks(source: str) -> list[tuple[int, list[str]]]:
    """Runs of non-blank lines with the line number of their first line; a heading is a
    run of its own."""
    chunks: list[tuple[int, list[str]]] = []
    current: list[str] = []
    start = 0
    for number, line in enumerate(source.splitlines(), start=1):
        text = line.rstrip()
        if not text.strip() or HEADING.match(text.strip()):
            if current:
                chunks.append((start, current))
            current = []
            if text.strip():
                chunks.append((number, [text.strip()]))
            continue
        if not current:
            start = number
        current.append(text)
    if current:
        chunks.append((start, current))
    return chunks


def _block(lines: list[str], number: int, keys: set[str], file: str, field: str) -> Block:
    first = lines[0].strip()
    heading = HEADING.match(first)
    if heading:
        text = _restored(heading.group(2))
        key = slug(text)
        while key in keys:
            key += "-2"
        keys.add(key)
        return Heading(len(heading.group(1)), text, key)
    directive = DIRECTIVE.match(first)
    if directive and len(lines) == 1:
        return Directive(directive.group(1))
    where = f"{field}, line {number}"
    if first.startswith(">"):
        text = "\n".join(line.strip().removeprefix(">").strip() for line in lines)
        return Callout(tuple(inline(fold(part), file, where)
                             for part in re.split(r"\n\s*\n", text) if part.strip()))
    if first.startswith("|"):
        return _table(lines, number, file, field)
    if BULLET.match(first) or NUMBERED.match(first):
        return _list(lines, number, file, field)
    return Paragraph(inline(fold(" ".join(lines)), file, where))


def _list(lines: list[str], number: int, file: str, field: str) -> ListBlock:
    numbered = bool(NUMBERED.match(lines[0].strip()))
    pattern = NUMBERED if numbered else BULLET
    items: list[list[str]] = []
    for offset, line in enumerate(lines):
        match = pattern.match(line.strip())
        if match and not line[:1].isspace():
            items.append([match.groups()[-1]])
        elif items and line[:1].isspace():
            items[-1].append(line.strip())
        else:
            raise InputError(file, _line(field, number + offset), _(
                "a list line that is neither a new item nor indented"), _(
                "start it with '- ' (or '1. ') or indent it to continue the item above"))
    return ListBlock(tuple(inline(fold(" ".join(item)), file, f"{field}, line {number}")
                           for item in items), numbered)


def _line(field: str, number: int) -> str:
    """'body, line 12': where in a markup block a problem is."""
    return _("{block}, line {line}", block=field, line=number)


def _cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def _table(lines: list[str], number: int, file: str, field: str) -> Table:
    rows = [line for line in lines if not RULE.match(line.strip())]
    if not rows:
        raise InputError(file, _line(field, number), _(
            "a table rule ('|---|') with no table rows"),
            _("write the table's rows around it, or remove it"))
    has_header = len(lines) > 1 and bool(RULE.match(lines[1].strip()))
    cells = [_cells(line) for line in rows]
    width = len(cells[0])
    for offset, row in enumerate(cells):
        if len(row) != width:
            raise InputError(file, _line(field, number + lines.index(rows[offset])), _(
                "table row has {cells} cells, the first row has {width}", cells=len(row),
                width=width), _("give every row the same number of '|' cells"))
    styled = [tuple((inline(cell, file, f"{field}, line {number}"),) for cell in row)
              for row in cells]
    if has_header:
        return Table(styled[0], tuple(styled[1:]))
    return Table(None, tuple(styled))
