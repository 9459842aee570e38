"""Text never escapes its box (issue #8): any text in any slot of any product either fits,
or stops the build with an error naming the template and the block.

Every block of every template a product renders is a slot (tests/slotcheck.py finds
them and where each one ends up). An example puts one generated text (tests/copytext.py)
into one block, through the real template and cleaning, and lays the product out for one
region. Then either every problem of the error names that file and block and says how to
fix it, or every page of every file passes:

1. each line's ink box lies inside the trim and its safe zone (5 mm for print, 8 mm inside
   the handreiking, off the story format's covered bands, clear of folds), inside the
   clip of its group (a booklet page): nothing drawn outside or cut off;
2. no two lines overlap;
3. no line runs over a logo, picture or QR code, or through a drawn line (cut, fold, rule);
4. the text arrives whole and in order (whitespace and hyphens aside) in every file that
   uses the slot: drawn, or carried as title, alt text, caption;
5. every character drawn has a glyph in its font (no blank boxes).

A smaller sample renders the PDFs and checks the characters where a print shop sees them.
Examples: TOOLKIT_PROPERTY=long (or HYPOTHESIS_PROFILE=long) searches much wider than CI.
"""

from __future__ import annotations

import re

import pypdfium2 as pdfium
import pytest
from hypothesis import assume, event, given, settings
from hypothesis import strategies as st

from tests.copytext import copy_text, markup_text
from tests.pagecheck import drawn_pages, flatten, layout_problems, safe_mm
from tests.slotcheck import (
    REGIONS, Built, Slot, build, cut_problems, folded, names_the_slot, renderer, replace_with,
    setup_edits, shown, slots, used_slots,
)
from toolkit.catalog import PRODUCTS
from toolkit.formats import mm
from toolkit.layout.model import Box, Picture, Text, Vector
from toolkit.render.pdf import render_pdf
from toolkit.render.profiles import SCREEN

IGNORED_IN_COUNT = re.compile(r"[\s\u00ad]")  # not drawn as a character (a soft hyphen: a hint)
PDF_EXAMPLES = max(4, settings.default.max_examples // 6)
# Blocks no product draws or carries with this campaign, and why.
UNUSED = {
    ("handreiking.nl.j2", "map_regional_empty"):
        "drawn only for a region without organisations in its sociale-kaart.csv",
}


def outcome(slot: Slot, region_id: str, text: str, built: Built) -> list[str]:
    """What is wrong with the result of one example (nothing: it passes)."""
    if built.error is not None:
        return [f"the error does not name {slot.file}: {slot.block} (and a fix): {problem}"
                for problem in built.error.problems if not names_the_slot(problem, slot)]
    found = [f"unexpected warning: {warning}" for warning in built.warnings
             if not names_the_slot(warning, slot)]
    found += layout_problems(built.jobs)
    return found + cut_problems(slot, region_id, text, built.jobs)


def draw_slot(data, choices: list[Slot]) -> Slot:
    """One of choices, shown in a failing example as 'template:block'."""
    by_name = {repr(slot): slot for slot in choices}
    return by_name[data.draw(st.sampled_from(list(by_name)), label="slot")]


def text_for(slot: Slot) -> st.SearchStrategy[str]:
    return markup_text() if slot.markup else copy_text()


def inject(slot: Slot, text: str) -> dict:
    return {**setup_edits(slot), (slot.template, slot.block): replace_with(text)}


@pytest.mark.parametrize("product", PRODUCTS)
@given(data=st.data())
def test_any_text_in_any_slot_fits_or_is_refused_naming_the_block(product, data):
    slot = draw_slot(data, used_slots(product))
    region_id = data.draw(st.sampled_from(REGIONS), label="region")
    text = data.draw(text_for(slot), label="text")
    built = build(product, region_id, inject(slot, text))
    event("refused" if built.error is not None else "laid out")
    problems = outcome(slot, region_id, text, built)
    assert not problems, "\n".join(problems[:12])


@pytest.mark.parametrize("product", PRODUCTS)
@pytest.mark.parametrize("region_id", REGIONS)
def test_default_campaign_passes_every_check(product, region_id):
    product_slots = slots(product)
    renderer().rendered = {}
    try:
        built = build(product, region_id)
        rendered = renderer().rendered
    finally:
        renderer().rendered = None
    assert built.error is None, built.error
    assert not built.warnings, built.warnings
    problems = layout_problems(built.jobs)
    by_path = {job.path: job for job in built.jobs}
    for slot in product_slots:
        if slot.setup:  # drawn only when another block is longer (the notes pages)
            continue
        for path in slot.drawn.get(region_id, ()):  # (a block a template overrides: none)
            texts = rendered[(slot.template, slot.block)]
            pages = [folded(page) for page in drawn_pages(by_path[path])]
            if not any(shown(slot, text, pages) for text in texts):
                problems.append(f"{path}: no text of {slot!r} drawn whole")
    assert not problems, "\n".join(problems[:12])


# What the property tests found (each fixed), kept as fixed examples: (product, block,
# text); the first region, Maasdal, shows each.
URL = "maakhetverschil.nl/midden-limburg?utm_source=poster&utm_medium=print"
FOUND = [
    ("poster", "buren_body", f"{URL} {'aanaansnappen' * 8} {URL}"),  # the dot's figure off top
    ("handreiking", "map_national_title", ""),  # empty heading: page numbers overlapped
    ("handreiking", "footer_title", "\U0001f642 Aan"),  # no glyph check in the footer
    ("handreiking", "footer_title", "Aan\n\nAan"),  # a line break drawn in the footer
    ("handreiking", "map_audience_label", "\U0001f642 Aan"),  # the error named 'body'
    ("handreiking", "map_audience_label", "Aan \n\n Aan"),  # a line break drawn in a cell
    ("handreiking", "map_column_contact", ("Aan " * 19 + "aan" * 24 + " ") * 4),  # header
    # and a row ran off the page
    ("handreiking", "map_national_title", "Aan " * 500),  # heading taller than a page
    ("handreiking", "notes_title", URL),  # the error named 'contents_title'
    ("handreiking", "notes_text", "Aan " * 800),  # the notes ran off the page
    ("handreiking", "body", "|  |\n\n"),  # empty table cells: division by zero
    ("handreiking", "body", "|---|\n\n"),  # a rule without rows: index error
    ("handreiking", "colophon", "[[sociale-kaart]]"),  # a directive there: internal error
    ("social", "begrip_body", "aanaanaanhoeft" * 8 + " https://www.maakhetverschil.nl/maasdal"),
    ("social", "begrip_body", "Aan Aan Aan Aan Aan Contact De Drinkt Aan-Aantekeningen "
     "Tekst-cliënten-gemeente-volwassen Heeft-aangaan-eerst-twijfelt Overleg "
     "Aan-Aan-Aan-Aantekeningen"),  # the body took the headline's room: named the headline
    ("deskcard", "kindcheck_intro", ("Aan " * 25 + "Aantekeningen " * 2 + "\n\n") * 7),
]


@pytest.mark.parametrize(("product", "block", "text"), FOUND,
                         ids=[f"{product}:{block}" for product, block, _text in FOUND])
def test_what_the_property_tests_found(product, block, text):
    slot = next(slot for slot in used_slots(product) if slot.block == block)
    built = build(product, REGIONS[0], inject(slot, text))
    problems = outcome(slot, REGIONS[0], text, built)
    assert not problems, "\n".join(problems[:12])


def test_every_block_is_a_slot_some_product_uses():
    """A block no product uses is either dead copy or a slot these tests cannot reach."""
    unused = {(slot.template, slot.block) for product in PRODUCTS for slot in slots(product)}
    unused -= {(slot.template, slot.block) for product in PRODUCTS
               for slot in used_slots(product)}
    assert unused == set(UNUSED)


# --- the PDF, as a print shop opens it -----------------------------------------------------


def pdf_problems(job, data: bytes) -> list[str]:
    """Every character inside the trim (less the safe zone), and as many characters as
    the layout drew (the letters inside SVG logos aside)."""
    pdf = pdfium.PdfDocument(data)
    safe = mm(safe_mm(job))
    found = []
    for index, page in enumerate(job.document.pages):
        pdf_page = pdf[index]
        left, bottom, right, top = pdf_page.get_trimbox()
        logos = [d.box for d in flatten(page.items) if isinstance(d.item, (Picture, Vector))]
        text_page = pdf_page.get_textpage()
        counted = 0
        for char_index in range(text_page.count_chars()):
            char = text_page.get_text_range(char_index, 1)
            if not char.strip():
                continue
            x0, y0, x1, y1 = text_page.get_charbox(char_index)
            x0, x1, y0, y1 = x0 - left, x1 - left, y0 - bottom, y1 - bottom  # on the trim
            if not any(logo.contains(Box(x0, y0, x1 - x0, y1 - y0), 0.5) for logo in logos):
                counted += 1
            inside = (x0 >= safe - 0.5 and y0 >= safe - 0.5 and x1 <= right - left - safe + 0.5
                      and y1 <= top - bottom - safe + 0.5)
            if not inside:
                found.append(f"{job.path} page {index + 1}: {char!r} at x {x0:.1f}..{x1:.1f}, "
                             f"y {y0:.1f}..{y1:.1f} (trim {right - left:.1f} x "
                             f"{top - bottom:.1f}, safe {safe:.1f})")
        laid_out = sum(len(IGNORED_IN_COUNT.sub("", d.item.text))
                       for d in flatten(page.items) if isinstance(d.item, Text))
        if counted != laid_out:
            found.append(f"{job.path} page {index + 1}: {counted} characters in the PDF, "
                         f"{laid_out} laid out")
    return found


@pytest.mark.parametrize("product", PRODUCTS)
@settings(max_examples=PDF_EXAMPLES)
@given(data=st.data())
def test_pdf_characters_stay_inside_and_none_is_dropped(product, data):
    slot = draw_slot(data, [slot for slot in used_slots(product) if slot.drawn])
    region_id = data.draw(st.sampled_from([r for r in REGIONS if slot.drawn.get(r)]),
                          label="region")  # where the slot is drawn
    text = data.draw(text_for(slot), label="text")
    built = build(product, region_id, inject(slot, text))
    problems = outcome(slot, region_id, text, built)
    assert not problems, "\n".join(problems[:12])
    assume(built.error is None)  # refusals are the other test's; here: what gets drawn
    path = data.draw(st.sampled_from(sorted(slot.drawn[region_id])), label="file")
    job = next(job for job in built.jobs if job.path == path)
    pdf = render_pdf(job.document, job.profile or SCREEN)
    problems = pdf_problems(job, pdf)
    assert not problems, "\n".join(problems[:12])
