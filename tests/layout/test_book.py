"""The handreiking's typesetting parts, unit by unit: the markup parser, line setting
(hyphenation, addresses, lonely words), pagination (widows, orphans, headings kept with
their text, repeated table headers) and text that never leaves its frame."""

from __future__ import annotations

from pathlib import Path

import font_lato
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from toolkit.colour import Colour
from toolkit.config.assets import load_font
from toolkit.config.markup import (
    Callout, Directive, Heading, ListBlock, Paragraph, Span, Table, inline, parse, tel_url,
)
from toolkit.errors import InputError, TextDoesNotFit
from toolkit.layout.flow import Chunk, ChunkTooTall, Paginator, keep_lines
from toolkit.layout.model import Box, Link, Text, leaves, walk_text
from toolkit.layout.rich import TextStyle, line_width, set_lines
from toolkit.layout.text import Where
from toolkit.layout.typeset import BookStyle, Typesetter

FONTS = Path(font_lato.font_directory)
REGULAR = load_font(FONTS / "Lato-Regular.ttf", "", "")
BOLD = load_font(FONTS / "Lato-Bold.ttf", "", "")
INK = Colour("ink", (0, 0, 0), (0, 0, 0, 1))
BLUE = Colour("primary", (0, 0.4, 0.4), (1, 0.3, 0.35, 0.3))
WHERE = Where("templates/test.nl.j2", "body", "a test page")
BODY = TextStyle(REGULAR, BOLD, 9.5, 13.6, INK, BLUE)
STYLE = BookStyle(
    body=BODY, chapter=TextStyle(BOLD, BOLD, 19, 22, BLUE, BLUE),
    chapter_number=TextStyle(BOLD, BOLD, 24, 30, BLUE, BLUE),
    section=TextStyle(BOLD, BOLD, 11.5, 15, BLUE, BLUE),
    table=TextStyle(REGULAR, BOLD, 8.5, 11.4, INK, BLUE),
    table_head=TextStyle(BOLD, BOLD, 8.5, 11.4, INK, INK), paragraph_space=6.8,
    chapter_bar=(34, 4.5), chapter_space_after=13.6, section_space_before=13.6,
    section_space_after=3.4, list_indent=15, item_space=3.4, bullet_radius=1.5,
    cell_pad_x=5, cell_pad_y=4, cell_paragraph_space=2.5, block_space=10, callout_pad=10,
    callout_bar=4, rule_pt=0.5, accent=BLUE, fill=INK, head_fill=BLUE, rule=BLUE)


def test_markup_blocks():
    source = """# Hoofdstuk een

Een alinea over
twee regels met **vet** en <tel:0800-2000>.

## Paragraaf

- eerste punt
  dat doorloopt
- tweede punt

1. stap een
2. stap twee

> **Veilig Thuis: <tel:0800-2000>**
>
> Dag en nacht.

| Kop a | Kop b |
|---|---|
| een | twee |
| drie | vier |

[[sociale-kaart]]"""
    blocks = parse(source, "templates/t.j2", "body")
    heading, paragraph, section, bullets, steps, callout, table, directive = blocks
    assert heading == Heading(1, "Hoofdstuk een", "hoofdstuk-een")
    assert isinstance(section, Heading) and section.level == 2
    assert isinstance(paragraph, Paragraph)
    assert paragraph.spans[1] == Span("vet", bold=True)
    assert paragraph.spans[3] == Span("0800-2000", url="tel:08002000")
    assert isinstance(bullets, ListBlock) and not bullets.numbered
    assert bullets.items[0] == (Span("eerste punt dat doorloopt"),)
    assert isinstance(steps, ListBlock) and steps.numbered and len(steps.items) == 2
    assert isinstance(callout, Callout) and len(callout.paragraphs) == 2
    assert callout.paragraphs[0] == (Span("Veilig Thuis: ", bold=True),
                                     Span("0800-2000", bold=True, url="tel:08002000"))
    assert isinstance(table, Table) and len(table.rows) == 2
    assert table.header[0] == ((Span("Kop a"),),)
    assert directive == Directive("sociale-kaart")


def test_markup_errors_name_the_line():
    with pytest.raises(InputError) as error:
        parse("Intro\n\n| a | b |\n| c |", "templates/t.j2", "body")
    assert "templates/t.j2: body, line 4" in str(error.value)
    with pytest.raises(InputError) as error:
        parse("- punt\nlosse regel", "templates/t.j2", "body")
    assert "line 2" in str(error.value) and "indent" in str(error.value)


def test_inline_links_and_headings_get_unique_keys():
    assert inline("zie <https://voorbeeld.nl/pad>")[1] == Span("voorbeeld.nl/pad",
                                                               url="https://voorbeeld.nl/pad")
    assert inline("[de site](https://a.nl)")[0] == Span("de site", url="https://a.nl")
    assert tel_url("+31 43 123 45 67") == "tel:+31431234567"
    keys = [b.key for b in parse("# Één\n\n# Een", "f", "body")]
    assert keys == ["een", "een-2"]


def test_long_addresses_break_after_slashes_and_dots():
    url = "https://www.voorbeeld-organisatie.nl/hulp/voor/ouders/met/zorgen/thuis"
    lines = set_lines(inline(f"Kijk op <{url}>"), BODY, 120, WHERE)
    shown = "".join(p.text for line in lines for word in line for p in word if p.url)
    assert shown == url.removeprefix("https://")
    assert all(line_width(line, BODY) <= 120 + 1e-6 for line in lines)
    assert not any(p.text.endswith("-") for line in lines for word in line for p in word
                   if p.url)
    # An address written as plain text is not hyphenated either.
    lines = set_lines(inline("Meld het via maakhetverschilvooreenkind.nl/maasdal."), BODY, 150,
                      WHERE)
    assert not any(p.text.endswith("-") for line in lines for word in line for p in word)


def test_hyphenation_is_dutch_and_never_twice_in_a_row():
    text = ("kindermishandelingsprotocollen verslavingsproblematiek "
            "geestelijkegezondheidszorg letselduidingsdeskundige " * 3)
    lines = set_lines((Span(text.strip()),), BODY, 110, WHERE)
    ends = [line[-1][-1].text.endswith("-") for line in lines]
    assert any(ends)
    assert not any(a and b for a, b in zip(ends, ends[1:]))
    assert all(line_width(line, BODY) <= 110 + 1e-6 for line in lines)


def test_no_single_short_word_on_the_last_line():
    text = "Een veilig thuis is waar een kind zich gezien en gehoord voelt, elke dag weer."
    for width in range(150, 330, 7):
        lines = set_lines((Span(text),), BODY, width, WHERE)
        if len(lines) > 1:
            last = lines[-1]
            assert len(last) > 1 or len(last[0][0].text) > 6, (width, last)


def test_an_unbreakable_word_is_an_error():
    with pytest.raises(TextDoesNotFit) as error:
        set_lines((Span("0800-20002000200020002000"),), BODY, 40, WHERE)
    assert "templates/test.nl.j2: body" in str(error.value)


def _lines(count: int, height: float = 10.0) -> list[Chunk]:
    return keep_lines([lambda x, top, i=i: (Text(x, top - 8, f"line {i}", REGULAR, 8, INK),)
                       for i in range(count)], height, 5.0)


def _frame(_number: int) -> Box:
    return Box(10, 10, 200, 100)  # room for ten lines of 10 pt


def test_no_widows_or_orphans():
    # Seven lines, then a paragraph of three: two would fit, but never as 2 + 1 or 1 + 2.
    pages = Paginator(_frame, 1).add(_lines(7) + _lines(3))
    texts = [[t.text for t in walk_text(tuple(page))] for page in pages]
    assert texts[0][-1] == "line 6" and texts[1] == ["line 0", "line 1", "line 2"]
    # A paragraph of four splits two and two, not three and one.
    pages = Paginator(_frame, 1).add(_lines(6) + _lines(4))
    texts = [[t.text for t in walk_text(tuple(page))] for page in pages]
    assert texts[0][-2:] == ["line 0", "line 1"] and texts[1] == ["line 2", "line 3"]
    # Nine lines: the tenth fits, but a paragraph's last line never starts a page alone.
    pages = Paginator(_frame, 1).add(_lines(11))
    sizes = [len(walk_text(tuple(page))) for page in pages]
    assert sizes == [9, 2]


def test_a_heading_stays_with_its_text_and_a_chapter_starts_a_page():
    heading = Chunk(20, lambda x, top: (Text(x, top - 15, "Kop", BOLD, 12, INK),),
                    keep_with_next=True)
    chapter = Chunk(20, lambda x, top: (Text(x, top - 15, "Hoofdstuk", BOLD, 12, INK),),
                    keep_with_next=True, page_break_before=True)
    pages = Paginator(_frame, 1).add(_lines(7) + [heading] + _lines(3) + [chapter] + _lines(2))
    texts = [[t.text for t in walk_text(tuple(page))] for page in pages]
    assert texts[0][-1] == "line 6"
    assert texts[1][0] == "Kop" and texts[2][0] == "Hoofdstuk"


def test_table_rows_bring_their_header_to_a_new_page_and_stay_inside_the_frame():
    rows = tuple(((inline(f"Organisatie {i}"),), (inline("Hulp en advies bij zorgen in het "
                                                          "gezin, dichtbij huis."),))
                 for i in range(40))
    table = Table((((Span("Naam"),),), ((Span("Wat"),),)), rows)
    chunks = Typesetter(STYLE, 300, WHERE).chunks((Paragraph(inline("Inleiding.")), table))
    frame = Box(40, 50, 300, 400)
    pages = Paginator(lambda n: frame, 1).add(chunks)
    assert len(pages) >= 3
    for number, page in enumerate(pages):
        texts = walk_text(tuple(page))
        first = ["Inleiding.", "Naam", "Wat"] if number == 0 else ["Naam", "Wat"]
        assert [t.text for t in texts[:len(first)]] == first  # the header, repeated
        assert len([t for t in texts if t.text.startswith("Organisatie")]) >= 2
        for text in texts:
            assert frame.contains(text.box), text
    shown = [t.text for page in pages for t in walk_text(tuple(page))
             if t.text.startswith("Organisatie")]
    assert shown == [f"Organisatie {i}" for i in range(40)]  # every row once, in order


def test_a_row_taller_than_a_page_is_refused():
    with pytest.raises(ChunkTooTall):
        Paginator(_frame, 1).add([Chunk(150, lambda x, top: ())])


@settings(max_examples=40, deadline=None)
@given(st.lists(st.text(alphabet="abcdefghij klmnoprstuvwz.,", min_size=1, max_size=300),
                min_size=1, max_size=8))
def test_any_paragraphs_stay_inside_the_frame(paragraphs):
    blocks = tuple(Paragraph(inline(p)) for p in paragraphs if p.strip())
    try:
        chunks = Typesetter(STYLE, 200, WHERE).chunks(blocks)
    except TextDoesNotFit:
        return  # a word wider than the column: refused with the message
    frame = Box(30, 40, 200, 160)
    for page in Paginator(lambda n: frame, 1).add(chunks):
        for item in leaves(tuple(page)):  # inside the tagged groups (paragraphs, links)
            if isinstance(item, (Text, Link)):
                assert frame.contains(item.box), item
