"""The handreiking, checked as its reader, a print shop and someone printing the booklet
at the office would: contents numbers that are right, bookmarks and links, every
organisation of the sociale kaart, print boxes, fonts, CMYK and margins, saddle-stitch
order, and a bad CSV row stopped with its message."""

from __future__ import annotations

import csv
import re
import tomllib
from collections import Counter
from pathlib import Path

import pypdfium2 as pdfium
import pypdfium2.raw as raw
import pytest
from pypdf import PdfReader

from tests.conftest import MM, ROOT, build_into, read_manifest
from tests.pdfcheck import boxes, characters, colour_operators, fonts, inside, page_text
from toolkit.run.cli import main
from toolkit.layout.impose import saddle_stitch_order

REGIONS = ("maasdal", "midden-limburg")
A5 = (148 * MM, 210 * MM)
BLEED = 3 * MM
TEXT_CLEARANCE = 8 * MM  # text from the trim inside a booklet
BINDING = 10 * MM  # at least this much margin on the binding side
HEADING_PT = 11  # chapter and section titles are set larger than this; body text smaller
CHAPTERS = ("Waarom dit ertoe doet", "De Kindcheck stap voor stap",
            "Het gesprek over ouderschap", "Van oudersignaal naar kindsignaal",
            "Wat een kind beschermt", "De meldcode in vijf stappen", "Sociale kaart")
TOC_LINE = re.compile(r"^(?:\d+ )?(.+?) (\d+)$")


def edition(out: Path, region: str, name: str) -> Path:
    size = "A4" if name == "booklet" else "A5"
    return out / region / "handreiking" / f"handreiking-{name}-{size}.pdf"


def folded(text: str) -> str:
    return " ".join(text.replace("-\r\n", "").replace("\ufffe", "").split())


def headings(path: Path, page_index: int) -> str:
    """The text of a page set larger than body text: its chapter and section titles."""
    pdf = pdfium.PdfDocument(str(path))
    text_page = pdf[page_index].get_textpage()
    chars = []
    for index in range(text_page.count_chars()):
        if raw.FPDFText_GetFontSize(text_page.raw, index) > HEADING_PT:
            chars.append(text_page.get_text_range(index, 1))
        elif chars and chars[-1] != " ":
            chars.append(" ")
    return " ".join("".join(chars).split())


def contents(path: Path) -> list[tuple[str, int]]:
    """(title, page) of every contents entry, read from the contents page's text."""
    lines = page_text(path, 1).splitlines()[1:-1]  # between the heading and the footer
    return [(match.group(1), int(match.group(2)))
            for match in map(TOC_LINE.match, lines) if match]


def test_manifest_lists_three_editions(built):
    entries = {(e["region"], e["product"], e["media"], e["format"]): e
               for e in read_manifest(built)}
    for region in REGIONS:
        screen = entries[(region, "handreiking", "screen", "A5")]
        printed = entries[(region, "handreiking", "print", "A5")]
        booklet = entries[(region, "handreiking", "screen", "booklet-A4")]
        assert 12 <= screen["pages"] <= 24 and screen["trim_mm"] == [148, 210]
        assert printed["pages"] % 4 == 0 and printed["pages"] >= screen["pages"]
        assert booklet["pages"] == printed["pages"] // 2 and booklet["trim_mm"] == [297, 210]
        for entry in (screen, printed, booklet):
            assert len(PdfReader(built / entry["path"]).pages) == entry["pages"]


@pytest.mark.parametrize("region", REGIONS)
@pytest.mark.parametrize("name", ("screen", "print"))
def test_contents_numbers_are_the_pages_where_chapters_start(built, region, name):
    path = edition(built, region, name)
    entries = contents(path)
    titles = [title for title, _ in entries]
    assert [t for t in titles if t in CHAPTERS] == list(CHAPTERS), titles
    assert len(entries) >= len(CHAPTERS) + 5  # sections too
    pages = len(PdfReader(path).pages)
    for title, page in entries:
        assert 3 <= page <= pages
        assert title in headings(path, page - 1), (title, page)
        for earlier in range(2, page - 1):  # a title is set as a heading only once
            assert title not in headings(path, earlier), (title, earlier + 1)


def _outline(reader: PdfReader, items=None, level=0) -> list[tuple[int, str, int]]:
    found = []
    for item in reader.outline if items is None else items:
        if isinstance(item, list):
            found += _outline(reader, item, level + 1)
        else:
            found.append((level, item.title, reader.get_destination_page_number(item) + 1))
    return found


@pytest.mark.parametrize("region", REGIONS)
def test_screen_edition_has_bookmarks_links_language_and_title(built, region):
    path = edition(built, region, "screen")
    reader = PdfReader(path)
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "nl-NL"
    assert bool(root["/ViewerPreferences"]["/DisplayDocTitle"]) is True
    assert root["/PageMode"] == "/UseOutlines"
    assert reader.metadata.title.startswith("Oog voor het kind")
    bookmarks = _outline(reader)
    toc = dict(contents(path))
    chapters = [(title, page) for level, title, page in bookmarks if level == 0]
    for number, chapter in enumerate(CHAPTERS, start=1):
        assert (f"{number}. {chapter}", toc[chapter]) in chapters
    for level, title, page in bookmarks:
        if level == 1:  # sections nest under their chapter, on the page the contents gives
            assert toc[title] == page
    links = []
    for index, page in enumerate(reader.pages):
        for annotation in page.get("/Annots", []) or []:
            annotation = annotation.get_object()
            action = annotation.get("/A")
            if action is not None:
                links.append((index + 1, str(action["/URI"])))
            else:
                target = annotation["/Dest"][0]
                links.append((index + 1, reader.get_page_number(target.get_object()) + 1))
    internal = [target for page, target in links if page == 2]
    assert sorted(internal) == sorted(toc.values())  # every contents line links its page
    uris = {target for _, target in links if isinstance(target, str)}
    landing = tomllib.loads((ROOT / "assets/regions" / region / "region.toml").read_text(
        "utf-8"))["landing_url"]
    assert {"tel:08002000", "tel:08000432", "tel:113", landing} <= uris


def _map_rows(path: Path) -> list[dict]:
    text = path.read_text("utf-8-sig")
    dialect = ";" if text.splitlines()[0].count(";") > text.splitlines()[0].count(",") else ","
    return list(csv.DictReader(text.splitlines(), delimiter=dialect))


@pytest.mark.parametrize("region", REGIONS)
def test_every_sociale_kaart_row_appears(built, region):
    path = edition(built, region, "screen")
    pages = len(PdfReader(path).pages)
    start = dict(contents(path))["Sociale kaart"]
    text = folded(" ".join(page_text(path, i) for i in range(start - 1, pages - 1)))
    national = _map_rows(ROOT / "assets/national/sociale-kaart.csv")
    regional = _map_rows(ROOT / "assets/regions" / region / "sociale-kaart.csv")
    assert regional, "each default region has organisations"
    for row in national + regional:
        assert folded(row["organisation"]) in text
        assert folded(row["audience"]) in text
        if row["phone"]:
            assert row["phone"] in text


def test_imposition_order_for_12_16_20_24_pages():
    assert saddle_stitch_order(16)[:4] == [(16, 1), (2, 15), (14, 3), (4, 13)]
    for count in (12, 16, 20, 24):
        sides = saddle_stitch_order(count)
        assert len(sides) == count // 2
        assert sorted(p for side in sides for p in side) == list(range(1, count + 1))
        for k in range(1, count // 4 + 1):
            assert sides[2 * k - 2] == (count - 2 * k + 2, 2 * k - 1)
            assert sides[2 * k - 1] == (2 * k, count - 2 * k + 1)
        # Folded, each sheet's front pair and back pair face each other across the fold.
        for front, back in zip(sides[::2], sides[1::2]):
            assert front[0] + front[1] == count + 1 == back[0] + back[1]
    with pytest.raises(ValueError):
        saddle_stitch_order(14)


def _characters_in(path: Path, index: int, left: float, right: float) -> Counter:
    return Counter(c.char for c in characters(path, index) if left <= c.left < right)


@pytest.mark.parametrize("region", REGIONS)
def test_booklet_sheets_hold_the_print_pages_in_saddle_stitch_order(built, region):
    printed, booklet = edition(built, region, "print"), edition(built, region, "booklet")
    reader = PdfReader(booklet)
    count = len(PdfReader(printed).pages)
    for index, (left, right) in enumerate(saddle_stitch_order(count)):
        page = reader.pages[index]
        width, height = (float(v) for v in page.mediabox[2:])
        assert (round(width / MM), round(height / MM)) == (297, 210)
        assert "/TrimBox" not in page and "/Annots" not in page
        middle = width / 2
        for number, (low, high) in ((left, (0, middle)), (right, (middle, width))):
            expected = Counter(c.char for c in characters(printed, number - 1))
            assert _characters_in(booklet, index, low, high) == expected, (index, number)


@pytest.mark.parametrize("region", REGIONS)
def test_print_edition_passes_preflight(built, region):
    path = edition(built, region, "print")
    reader = PdfReader(path)
    assert len(reader.pages) % 4 == 0
    for index, page in enumerate(reader.pages):
        box = boxes(page)
        trim = box.trim
        assert trim is not None and box.bleed is not None
        assert (round(trim[2] - trim[0], 1), round(trim[3] - trim[1], 1)) == \
            (round(A5[0], 1), round(A5[1], 1))
        assert inside(trim, box.bleed) and inside(box.bleed, box.media)
        assert abs(box.bleed[0] - (trim[0] - BLEED)) < 0.01
        binding_left = index % 2 == 0  # page 1, 3, ...: a right-hand page, bound on the left
        for char in characters(path, index):
            assert char.left >= trim[0] + TEXT_CLEARANCE - 0.5, (index + 1, char)
            assert char.right <= trim[2] - TEXT_CLEARANCE + 0.5, (index + 1, char)
            assert char.bottom >= trim[1] + TEXT_CLEARANCE - 0.5, (index + 1, char)
            assert char.top <= trim[3] - TEXT_CLEARANCE + 0.5, (index + 1, char)
            if binding_left:
                assert char.left >= trim[0] + BINDING, (index + 1, char)
            else:
                assert char.right <= trim[2] - BINDING, (index + 1, char)
    assert colour_operators(path) <= {"k", "K"}
    found = fonts(path)
    assert found and all(f["embedded"] and f["subset"] for f in found)
    assert all(f["subtype"] != "/Type3" for f in found)


@pytest.mark.parametrize("region", REGIONS)
def test_screen_and_booklet_are_rgb_without_bleed(built, region):
    for name in ("screen", "booklet"):
        path = edition(built, region, name)
        assert "k" not in colour_operators(path) and "rg" in colour_operators(path)
        page = PdfReader(path).pages[0]
        assert "/BleedBox" not in page
    assert edition(built, region, "screen").stat().st_size < 200_000


def test_a_malformed_csv_row_is_named_and_nothing_is_written(campaign, tmp_path, capsys):
    table = campaign / "assets/regions/midden-limburg/sociale-kaart.csv"
    rows = table.read_text("utf-8").splitlines()
    rows.insert(3, 'Buurtsteunpunt,"Een kop koffie en een luisterend oor",Buren,,043-12AB,,')
    rows.insert(5, ',Zonder naam,Iedereen,,,,')
    table.write_text("\n".join(rows) + "\n", "utf-8")
    out = tmp_path / "out"
    assert build_into(out, "--only", "handreiking", campaign=campaign) == 2
    message = capsys.readouterr().err
    assert "assets/regions/midden-limburg/sociale-kaart.csv" in message
    assert "row 4: phone" in message and "'043-12AB' is not a valid phone" in message
    assert "row 6: organisation" in message and "is empty" in message
    assert "Traceback" not in message
    # Midden-Limburg is left as it was (nothing of it written); the other region is built.
    assert not (out / "midden-limburg").exists() or not any((out / "midden-limburg").rglob("*.pdf"))


def test_a_short_text_gets_notes_pages_to_fill_the_last_sheet(campaign, tmp_path):
    template = campaign / "templates/handreiking.nl.j2"
    extra = "# Tot slot\n\nDank je wel dat je oog hebt voor het kind.\n\n[[sociale-kaart]]"
    template.write_text(template.read_text("utf-8").replace("[[sociale-kaart]]", extra),
                        "utf-8")
    out = tmp_path / "out"
    assert build_into(out, "--only", "handreiking", "--region", "maasdal",
                      campaign=campaign) == 0
    screen = len(PdfReader(edition(out, "maasdal", "screen")).pages)
    printed = edition(out, "maasdal", "print")
    count = len(PdfReader(printed).pages)
    assert screen % 4 and count % 4 == 0 and count - screen == 4 - screen % 4
    notes = [i for i in range(count) if "Aantekeningen" in page_text(printed, i)]
    assert notes == list(range(screen - 1, count - 1))  # just before the back page
    assert "Colofon" in page_text(printed, count - 1)


def test_an_unknown_generated_part_is_named(campaign, tmp_path, capsys):
    template = campaign / "templates/handreiking.nl.j2"
    template.write_text(template.read_text("utf-8").replace("[[sociale-kaart]]",
                                                            "[[adressen]]"), "utf-8")
    assert main(["build", "--campaign", str(campaign), "--out", str(tmp_path / "out"),
                 "-q", "--only", "handreiking"]) == 2
    message = capsys.readouterr().err
    assert "templates/handreiking.nl.j2" in message and "[[adressen]]" in message


def test_a_region_without_a_sociale_kaart_says_so(campaign, tmp_path, capsys):
    (campaign / "assets/regions/maasdal/sociale-kaart.csv").unlink()
    out = tmp_path / "out"
    assert build_into(out, "--only", "handreiking", "--region", "maasdal",
                      campaign=campaign) == 0
    assert "sociale-kaart.csv" in capsys.readouterr().err
    path = edition(out, "maasdal", "screen")
    text = folded(" ".join(page_text(path, i) for i in range(len(PdfReader(path).pages))))
    assert "Voor Maasdal zijn nog geen organisaties ingevuld" in text
    assert "Veilig Thuis" in text
