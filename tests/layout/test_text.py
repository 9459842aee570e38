"""Fitting and wrapping: any text fits its box or raises the clear error, never overflows."""

from __future__ import annotations

from pathlib import Path

import font_lato
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from toolkit.colour import Colour
from toolkit.config.assets import load_font
from toolkit.errors import InputError, TextDoesNotFit
from toolkit.layout.model import Box
from toolkit.layout.text import FitSpec, Where, fit, line_width, place, wrap

REGULAR = load_font(Path(font_lato.font_directory) / "Lato-Regular.ttf", "", "")
HEAVY = load_font(Path(font_lato.font_directory) / "Lato-Black.ttf", "", "")
INK = Colour("ink", (0, 0, 0), (0, 0, 0, 1))
WHERE = Where("templates/test.nl.j2", "headline", "a test box")


def test_headline_shrinks_to_fit():
    spec = FitSpec(HEAVY, 60, 20, leading=1.05, hyphenate=False, balance=True)
    block = fit("Een buur die het ziet, kan veel betekenen.", spec, 300, 200, WHERE)
    assert 20 <= block.size_pt < 60
    assert block.height <= 200 and block.width <= 300


def test_error_names_file_field_and_room():
    spec = FitSpec(HEAVY, 40, 30, leading=1.05, hyphenate=False, max_lines=2)
    with pytest.raises(TextDoesNotFit) as error:
        fit("Dit is een veel te lange kop voor zo'n kleine ruimte op de poster", spec, 200,
            80, WHERE)
    message = str(error.value)
    assert "templates/test.nl.j2: headline" in message
    assert "30 pt minimum" in message and "room for" in message


def test_missing_glyph_names_character_and_font():
    spec = FitSpec(REGULAR, 12, 10)
    with pytest.raises(InputError) as error:
        fit("Sneeuwpop \u2603", spec, 300, 100, WHERE)
    assert "U+2603 SNOWMAN" in str(error.value) and "Lato-Regular" in str(error.value)


def test_no_single_word_on_a_headline_last_line():
    spec = FitSpec(HEAVY, 40, 24, leading=1.05, hyphenate=False, balance=True)
    text = "Op het veld zie je meer dan een wedstrijd"
    for width in range(220, 520, 15):
        try:
            block = fit(text, spec, width, 1000, WHERE)
        except TextDoesNotFit:
            continue
        if len(block.lines) > 1 and block.size_pt > spec.min_size_pt:
            assert " " in block.lines[-1], (width, block.lines)


def test_dutch_hyphenation_in_body_text():
    lines = wrap("De kinderbeschermingsmaatregelen worden besproken", REGULAR, 12, 120, True)
    assert lines is not None and any(line.endswith("-") for line in lines)
    assert all(line_width(line, REGULAR, 12) <= 120 + 1e-6 for line in lines)
    assert "".join(line.rstrip("-") for line in lines).replace(" ", "") == \
        "Dekinderbeschermingsmaatregelenwordenbesproken"


def test_headlines_are_not_hyphenated():
    assert wrap("Kinderbeschermingsmaatregelen", HEAVY, 40, 200, False) is None


WORDS = st.text(alphabet="abcdeéëfghijklmnopqrstuvwxyzABCDEFGH,.'-", min_size=1, max_size=22)


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(words=st.lists(WORDS, min_size=1, max_size=40),
       width=st.floats(40, 600), height=st.floats(10, 600),
       max_size=st.floats(8, 80), hyphenate=st.booleans(), balance=st.booleans())
def test_any_text_fits_its_box_or_raises(words, width, height, max_size, hyphenate, balance):
    text = " ".join(words)
    spec = FitSpec(REGULAR, max_size, max_size * 0.6, hyphenate=hyphenate, balance=balance)
    box = Box(10, 10, width, height)
    try:
        block = fit(text, spec, width, height, WHERE)
    except TextDoesNotFit:
        return
    items = place(block, box, INK)
    for item in items:
        assert box.contains(item.box, tolerance=1e-3), (item, box)
    lost = "".join(text.split()).replace("-", "")
    kept = "".join("".join(block.lines).split()).replace("-", "")
    assert kept == lost  # nothing cut off
