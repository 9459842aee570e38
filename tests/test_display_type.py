"""Display typography over a full build and in the layout: no hyphenation in short texts,
headlines broken for sense, balanced partner rows, a contact sheet of every page."""

from __future__ import annotations

import json
import re
from pathlib import Path

import font_lato
import pypdf
import pypdfium2 as pdfium
import pytest

from tests.conftest import ROOT
from toolkit.colour import Colour
from toolkit.config.assets import RasterImage, load_font
from toolkit.config.model import Partner
from toolkit.layout.breaks import FUNCTION_WORDS_NL, forced_breaks, plain
from toolkit.layout.logos import LogoRowSpec, balanced_rows, logo_row
from toolkit.layout.model import Box, Group, walk_text
from toolkit.layout.text import FitSpec, Where, fit
from toolkit.publish.contactsheet import CAPTION_PT

HEAVY = load_font(Path(font_lato.font_directory) / "Lato-Black.ttf", "", "")
BOLD = load_font(Path(font_lato.font_directory) / "Lato-Bold.ttf", "", "")
INK = Colour("ink", (0, 0, 0), (0, 0, 0, 1))
WHERE = Where("templates/test.nl.j2", "headline", "a test box")
HEADLINE = FitSpec(HEAVY, 60, 30, leading=1.04, max_lines=4, hyphenate=False, balance=True)
BREAK = re.compile(r"(\S*)\ufffe\s*(\S*)")  # pdfium's mark of a line-end hyphen
SHORT_TEXT_PRODUCTS = ("poster", "deskcard", "cube")
SOURCES = [*(ROOT / "templates").glob("*.j2"), *(ROOT / "assets").rglob("*.csv"),
           *(ROOT / "assets").rglob("*.toml")]


def _source_text() -> str:
    return " ".join(" ".join(path.read_text("utf-8").split()) for path in SOURCES)


def _hyphen_breaks(pdf: Path) -> list[tuple[str, str]]:
    """(before, after) of every line-end hyphen pdfium finds, compounds broken at their own
    hyphen ('Echt-|Susteren', 'Noord-| en') left out: those are in the copy as written."""
    source = _source_text()
    found = []
    document = pdfium.PdfDocument(str(pdf))
    for page in document:
        for before, after in BREAK.findall(page.get_textpage().get_text_range()):
            word, rest = before.rstrip("-"), after
            if f"{word}-{rest.rstrip('.,;:')}" in source or f"{word}- {rest}" in source:
                continue
            found.append((before, after))
    document.close()
    return found


def _pdfs(built: Path, product: str) -> list[Path]:
    return sorted(built.glob(f"*/{product}/*.pdf"))


@pytest.mark.parametrize("product", SHORT_TEXT_PRODUCTS)
def test_no_hyphenation_in_display_text(built, product):
    pdfs = _pdfs(built, product)
    assert pdfs
    for pdf in pdfs:
        assert _hyphen_breaks(pdf) == [], pdf.name


def test_handreiking_keeps_three_letters_before_and_four_after(built):
    breaks = [pair for pdf in _pdfs(built, "handreiking") for pair in _hyphen_breaks(pdf)]
    assert breaks  # the long text does hyphenate, within the rules
    for before, after in breaks:
        assert sum(c.isalpha() for c in before) >= 3, (before, after)
        assert sum(c.isalpha() for c in after) >= 4, (before, after)


def _lines(text: str, width: float) -> list[str]:
    return list(fit(text, HEADLINE, width, 1000, WHERE).lines)


@pytest.mark.parametrize("text", [
    "Je cliënt is ook ouder. Vraag naar de kinderen.",
    "Jij komt achter de voordeur. Zie ook het kind.",
    "Te laat, moe of stil? Soms zijn er zorgen thuis.",
    "Je hoeft geen hulpverlener te zijn om te helpen.",
    "Een buur die het ziet, kan veel betekenen voor een kind in de straat.",
])
def test_headline_breaks_for_sense(text):
    for width in range(340, 720, 40):
        lines = _lines(text, width)
        if len(lines) == 1:
            continue
        for line in lines[:-1]:
            assert line.rsplit(" ", 1)[-1].lower() not in FUNCTION_WORDS_NL, (width, lines)
        assert " " in lines[-1], (width, lines)
        for line in lines:  # a new sentence starts a line
            assert not re.search(r"[.?!] [A-Z]", line), (width, lines)


def test_forced_break_is_honoured_and_kept_out_of_plain_text():
    text = "Je cliënt is ook ouder. | Vraag naar de kinderen."
    assert forced_breaks(text) == "Je cliënt is ook ouder.\nVraag naar de kinderen."
    assert plain(text) == "Je cliënt is ook ouder.  Vraag naar de kinderen.".replace("  ", " ")
    lines = _lines("Kijk verder | dan het gedrag van een kind", 2000)
    assert lines[0] == "Kijk verder"
    assert fit("Kijk | verder", FitSpec(HEAVY, 20, 20), 2000, 1000, WHERE).lines == \
        ("Kijk", "verder")


def test_short_texts_are_set_smaller_rather_than_hyphenated():
    spec = FitSpec(BOLD, 20, 10, max_lines=4)
    text = "Vraag naar pleegkinderen, stiefkinderen en zelfmoordpogingen."
    block = fit(text, spec, 150, 1000, WHERE)
    assert not any(line.endswith("-") for line in block.lines)


def test_short_paragraph_never_ends_in_one_word():
    spec = FitSpec(BOLD, 14, 14)
    text = ("Misschien zijn er zorgen thuis. Sport geeft houvast, en jij kunt er zijn als "
            "het niet goed gaat.")
    for width in range(120, 400, 7):
        block = fit(text, spec, width, 1000, WHERE)
        if 1 < len(block.lines) <= 6:
            assert " " in block.lines[-1], (width, block.lines)


def _partners(count: int) -> tuple[Partner, ...]:
    names = ["MET ggz", "Vincent van Gogh", "Centrum voor Jeugd en Gezin", "GGD Limburg-Noord",
             "Wel.kom", "Synthese", "Menswel", "PuntWelzijn", "Wijkteam", "Bibliotheek"]
    return tuple(Partner(name=names[i], logo=None, field=f"partners[{i}]")
                 for i in range(count))


def _spec(**options) -> LogoRowSpec:
    return LogoRowSpec(30, 12, 20, 8, BOLD, INK, **options)


@pytest.mark.parametrize("count", range(1, 11))
def test_partner_rows_are_balanced(count):
    for width in (250, 400, 600, 900):
        _items, placed = logo_row(_partners(count), Box(0, 0, width, 400), _spec(), WHERE)
        rows: dict[float, int] = {}
        for item in placed:
            rows[round(item.box.y + item.box.height / 2, 3)] = \
                rows.get(round(item.box.y + item.box.height / 2, 3), 0) + 1
        assert len(placed) == count
        assert max(rows.values()) - min(rows.values()) <= 1, (count, width, rows)


def test_eight_partners_are_four_and_four():
    rows = balanced_rows([100.0] * 8, 790, 10)
    assert [len(row) for row in rows] == [4, 4]


def test_wordmarks_stay_below_their_limit():
    items, _placed = logo_row(_partners(4), Box(0, 0, 900, 200), _spec(max_type_pt=9), WHERE)
    texts = walk_text(items)
    assert texts and all(item.size_pt <= 9 + 1e-6 for item in texts)


def test_padded_png_weighs_as_much_as_the_same_logo_trimmed():
    from PIL import Image, ImageDraw
    trimmed = Image.new("RGBA", (300, 100), (0, 0, 0, 0))
    ImageDraw.Draw(trimmed).rectangle((0, 20, 299, 79), fill=(20, 90, 100, 255))
    padded = Image.new("RGBA", (600, 300), (0, 0, 0, 0))
    padded.paste(trimmed, (0, 100))
    logos = [RasterImage(Path(f"{n}.png"), image, n) for n, image in
             (("trimmed", trimmed), ("padded", padded))]
    partners = tuple(Partner(name=f"p{i}", logo=logo, field=f"partners[{i}]")
                     for i, logo in enumerate(logos))
    spec = LogoRowSpec(400, 12, 20, 8, BOLD, INK, max_type_pt=40)  # room for the padding
    _items, placed = logo_row(partners, Box(0, 0, 2000, 800), spec, WHERE)
    ink = [placed[0].box.width, placed[1].box.width * 300 / 600]  # inked width of each
    assert ink[0] == pytest.approx(ink[1], rel=0.02)


def _sizes(pdf: Path, page: int = 0) -> list[tuple[str, float]]:
    """(text, font size) of every text run on a page."""
    runs: list[tuple[str, float]] = []
    reader = pypdf.PdfReader(pdf)
    reader.pages[page].extract_text(visitor_text=lambda text, cm, tm, font, size: runs.append(
        (text, size)) if text.strip() else None)
    return runs


@pytest.mark.parametrize("format_name", ("A4", "A3", "A2"))
def test_poster_wordmarks_stay_below_the_web_address(built, format_name):
    runs = _sizes(built / f"midden-limburg/poster/poster-buren-{format_name}.pdf")
    url = max(size for text, size in runs if "maakhetverschilvooreenkind.nl" in text)
    marks = [size for text, size in runs if text.strip() in ("Synthese", "Menswel")]
    assert marks and max(marks) < url


@pytest.mark.parametrize("region", ("maasdal", "midden-limburg"))
def test_contact_sheet_shows_every_handreiking_page(built, region):
    entries = json.loads((built / "manifest.json").read_text("utf-8"))["files"]
    editions = [e for e in entries if e["region"] == region and e["product"] == "handreiking"]
    sheet = built / region / f"overzicht-{region}.pdf"
    document = pdfium.PdfDocument(str(sheet))
    text = " ".join(page.get_textpage().get_text_range() for page in document)
    document.close()
    squashed = text.replace("\r\n", " ")
    for edition in editions:
        name = edition["path"].rsplit("/", 1)[-1]
        for page in range(1, edition["pages"] + 1):
            assert f"{name} {page}/{edition['pages']}" in squashed, (name, page)


def test_contact_sheet_labels_are_at_least_7_pt(built):
    sheet = built / "maasdal" / "overzicht-maasdal.pdf"
    pages = len(pypdf.PdfReader(sheet).pages)
    sizes = [size for page in range(pages) for _text, size in _sizes(sheet, page)]
    assert pages > 1 and sizes
    assert min(sizes) >= 7 and CAPTION_PT >= 7


def _partner_marks(items: tuple, names: set[str], scope: int = 0, found=None,
                   counter=None) -> list[tuple[int, float, float | None]]:
    """(scope, centre y, wordmark size or None for a logo) of every partner mark drawn;
    a group that moves (a tent's turned side, an imposed page) is a scope of its own."""
    found = [] if found is None else found
    counter = counter or [0]
    for item in items:
        if not isinstance(item, Group):
            continue
        tag = item.tag
        if tag is not None and tag.role == "Figure" and tag.alt in names:
            box = item.items[0].box
            found.append((scope, box.y + box.height / 2, None))
        elif tag is not None and tag.role == "P" and \
                " ".join(t.text for t in walk_text(item.items)) in names:
            lines = walk_text(item.items)
            centre = (max(t.box.top for t in lines) + min(t.box.y for t in lines)) / 2
            found.append((scope, centre, lines[0].size_pt))
        else:
            if item.moves:
                counter[0] += 1
            _partner_marks(item.items, names, counter[0] if item.moves else scope, found,
                           counter)
    return found


@pytest.mark.parametrize("region", ("maasdal", "midden-limburg"))
@pytest.mark.parametrize("product", ("social", "poster", "deskcard", "cube"))
def test_partner_rows_are_balanced_in_every_product(region, product):
    """Over the built layouts: rows differ by at most one mark, and no wordmark is set
    larger than the web address on its page."""
    from tests import slotcheck
    built = slotcheck.build(product, region)
    assert built.error is None, built.error
    partners = slotcheck.region(region).partners
    names = {partner.name for partner in partners}
    domain = slotcheck.campaign().brand.website.split("/")[0]
    pages = [(job.path, page) for job in built.jobs if job.document is not None
             for page in job.document.pages]
    checked = 0
    for path, page in pages:
        marks = _partner_marks(page.items, names)
        for scope in {mark[0] for mark in marks}:
            centres = sorted(mark[1] for mark in marks if mark[0] == scope)
            rows: list[list[float]] = []
            for centre in centres:  # one row: centres within 2 pt
                if rows and centre - rows[-1][-1] <= 2:
                    rows[-1].append(centre)
                else:
                    rows.append([centre])
            lengths = [len(row) for row in rows]
            assert sum(lengths) == len(partners), (path, lengths)
            assert max(lengths) - min(lengths) <= 1, (path, lengths)
            checked += 1
        url = [t.size_pt for t in walk_text(page.items) if domain in t.text]
        sizes = [mark[2] for mark in marks if mark[2] is not None]
        if url and sizes:
            assert max(sizes) <= max(url) + 1e-6, (path, max(sizes), max(url))
    assert checked >= len(pages) // 2  # every product shows its partners
