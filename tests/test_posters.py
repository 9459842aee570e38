"""The poster series, checked as a print shop's preflight would check it."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.conftest import MM, build_into, read_manifest
from tests.pdfcheck import (
    boxes, characters, colour_operators, fonts, image_colour_spaces, inside, page_text, render,
)

AUDIENCES = ("hulpverleners", "welzijnswerkers", "docenten", "trainers", "vrijwilligers", "buren")
SIZES_MM = {"A4": (210, 297), "A3": (297, 420), "A2": (420, 594)}
REGIONS = ("maasdal", "midden-limburg")
BLEED = 3 * MM
SAFE = 5 * MM


def posters(out: Path) -> list[dict]:
    return [entry for entry in read_manifest(out)
            if entry["product"] == "poster" and entry["media"] == "print"]


def test_eighteen_posters_per_region_in_the_manifest(built):
    entries = posters(built)
    for region in REGIONS:
        mine = {(e["audience"], e["format"]) for e in entries if e["region"] == region}
        assert mine == {(a, f) for a in AUDIENCES for f in SIZES_MM}
    for entry in entries:
        data = (built / entry["path"]).read_bytes()
        assert entry["bytes"] == len(data)
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
        assert entry["media"] == "print"
        assert entry["trim_mm"] == list(SIZES_MM[entry["format"]])


def test_boxes_trim_bleed_media(built):
    for entry in posters(built):
        page = PdfReader(built / entry["path"]).pages[0]
        box = boxes(page)
        width, height = (v * MM for v in entry["trim_mm"])
        trim, bleed, media = box.trim, box.bleed, box.media
        assert trim[2] - trim[0] == pytest.approx(width, abs=0.01)
        assert trim[3] - trim[1] == pytest.approx(height, abs=0.01)
        assert bleed == pytest.approx((trim[0] - BLEED, trim[1] - BLEED, trim[2] + BLEED,
                                       trim[3] + BLEED), abs=0.01)
        assert inside(trim, bleed) and inside(bleed, media)
        assert media[2] - media[0] > bleed[2] - bleed[0]  # room for crop marks


def test_fonts_embedded_and_subset(built):
    for entry in posters(built):
        found = fonts(built / entry["path"])
        assert found, entry["path"]
        for font in found:
            assert font["subtype"] != "/Type3"
            assert font["embedded"] and font["subset"], (entry["path"], font)


def test_only_cmyk_colour(built):
    for entry in posters(built):
        operators = colour_operators(built / entry["path"])
        assert operators <= {"k", "K"}, (entry["path"], operators)
    for region in REGIONS:  # the PNG logo of the example region is converted too
        spaces = image_colour_spaces(built / f"{region}/poster/poster-buren-A2.pdf")
        assert spaces <= {"/DeviceCMYK"}


def test_every_character_inside_the_safe_zone(built):
    for entry in posters(built):
        path = built / entry["path"]
        trim = boxes(PdfReader(path).pages[0]).trim
        safe = (trim[0] + SAFE, trim[1] + SAFE, trim[2] - SAFE, trim[3] - SAFE)
        chars = characters(path)
        assert len(chars) > 100
        for char in chars:
            assert inside((char.left, char.bottom, char.right, char.top), safe, 0.5), \
                (entry["path"], char)


def test_copy_region_and_call_to_action_on_the_poster(built):
    text = page_text(built / "maasdal/poster/poster-trainers-A3.pdf")
    folded = " ".join(text.split()).replace("- ", "")
    assert "Voor trainers" in folded or "V o o r" in text
    assert "maakhetverschilvooreenkind.nl/maasdal" in folded.replace(" ", "")
    assert "Maasdal" in folded and "Maak het verschil" in folded


def test_metadata_title_language_creator(built):
    path = built / "midden-limburg/poster/poster-buren-A4.pdf"
    reader = PdfReader(path)
    info = reader.metadata
    assert "poster voor buren" in info.title and "Midden-Limburg" in info.title
    assert info.author == "Maak het verschil voor een kind"
    assert info["/Creator"].startswith("toolkit")
    root = reader.trailer["/Root"]
    assert root["/Lang"] == "nl-NL"
    assert root["/ViewerPreferences"]["/DisplayDocTitle"]


def _trim_pixels(path: Path, scale: float):
    image = render(path, scale=scale)
    page = PdfReader(path).pages[0]
    box = boxes(page)
    media_height = box.media[3]

    def to_pixel(x: float, y: float) -> tuple[int, int]:
        return round(x * scale), round((media_height - y) * scale)
    return image, box, to_pixel


def test_bleed_is_painted_and_slug_is_clean(built):
    path = built / "midden-limburg/poster/poster-hulpverleners-A4.pdf"
    image, box, to_pixel = _trim_pixels(path, 2.0)
    trim = box.trim
    # A quarter in from the left: clear of the rings, whose edges may cross the trim
    # anywhere (the motif's size follows the message's height).
    middle_x = trim[0] + (trim[2] - trim[0]) / 4
    teal = image.getpixel(to_pixel(middle_x, trim[3] + BLEED / 2))  # top bleed
    assert teal[2] > teal[0] + 40, teal  # primary colour (teal), not paper
    inner = image.getpixel(to_pixel(middle_x, trim[3] - BLEED / 2))
    assert max(abs(a - b) for a, b in zip(teal, inner)) < 12  # same colour both sides of trim
    left_bleed = image.getpixel(to_pixel(trim[0] - BLEED / 2, (trim[1] + trim[3]) / 2))
    assert left_bleed[2] > left_bleed[0] + 40
    outside = image.getpixel(to_pixel(middle_x, trim[3] + BLEED + 2 * MM))  # slug
    assert outside == (255, 255, 255)


def test_crop_marks_outside_the_bleed(built):
    path = built / "maasdal/poster/poster-buren-A3.pdf"
    image, box, to_pixel = _trim_pixels(path, 3.0)
    trim, bleed = box.trim, box.bleed
    # A mark runs along the trim line, starting outside the bleed: dark there ...
    mark = image.getpixel(to_pixel(trim[0] - BLEED - 5 * MM, trim[1]))
    assert max(mark) < 200, mark  # a hairline, anti-aliased to grey
    # ... and nothing of the mark (or the design) between bleed edge and mark start.
    gap = image.getpixel(to_pixel(bleed[0] - 1 * MM, trim[1]))
    assert gap == (255, 255, 255)
    content = PdfReader(path).pages[0].get_contents().get_data().decode("latin-1")
    assert "1 1 1 1 K" in content and ".25 w" in content


def test_no_marks_and_wider_bleed_are_settings(tmp_path):
    out = tmp_path / "out"
    assert build_into(out, "--region", "maasdal", "--only", "poster", "--no-crop-marks",
                      "--bleed-mm", "5") == 0
    page = PdfReader(out / "maasdal/poster/poster-buren-A2.pdf").pages[0]
    box = boxes(page)
    assert box.media == pytest.approx(box.bleed)
    assert box.trim[0] - box.bleed[0] == pytest.approx(5 * MM, abs=0.01)
    assert "1 1 1 1 K" not in page.get_contents().get_data().decode("latin-1")


def test_same_input_same_bytes(built, rebuilt):
    out = rebuilt  # built again from scratch, into its own folder
    first = {e["path"]: e["sha256"] for e in read_manifest(built)}
    second = {e["path"]: e["sha256"] for e in read_manifest(out)}
    assert first == second
    assert (built / "manifest.json").read_bytes() == (out / "manifest.json").read_bytes()


def test_layout_adapts_to_the_format_not_zoomed(built):
    def headline_size(fmt: str) -> float:
        path = built / f"midden-limburg/poster/poster-trainers-{fmt}.pdf"  # no key figure
        return max(c.top - c.bottom for c in characters(path))
    a4, a2 = headline_size("A4"), headline_size("A2")
    # A2 is exactly twice A4's size: a zoom would give 2.0; type follows reading distance.
    assert 1.5 < a2 / a4 < 1.98
