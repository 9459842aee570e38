"""The series as a designer and an auditor see it: designs that differ, text legible on the
pixels under it, looks chosen in the campaign's files.

Visual difference is measured on 48x48 greyscale thumbnails (mean absolute difference on
0-255); contrast is measured per text line against the page rendered without its text.
"""

from __future__ import annotations

import dataclasses
import itertools
import os
import re
import statistics

import pypdfium2 as pdfium
import pytest
from PIL import Image

from tests import slotcheck
from tests.conftest import build_into, read_manifest
from toolkit.colour import contrast_ratio, mix, required_contrast
from toolkit.config.looks import COMPOSITIONS
from toolkit.formats import PX
from toolkit.layout.model import Group, Text, walk_text
from toolkit.render.raster import rasterise
from toolkit.run.cli import main

THUMB = 48
REGIONS = ("midden-limburg", "maasdal")
LOW_PERCENTILE = 0.01  # anti-aliased ring edges aside: 99 % of the pixels under a line pass


def thumb(image: Image.Image) -> list[int]:
    return list(image.convert("L").resize((THUMB, THUMB), Image.Resampling.BOX).tobytes())


def difference(first: list[int], second: list[int]) -> float:
    return sum(abs(a - b) for a, b in zip(first, second)) / len(first)


def differences(images: list[list[int]]) -> list[float]:
    return [difference(a, b) for a, b in itertools.combinations(images, 2)]


@pytest.mark.parametrize("region", REGIONS)
def test_the_social_squares_of_a_region_differ_visibly(built, region):
    squares = sorted((built / region / "social").glob("*/*-square.png"))
    assert len(squares) == 17
    found = differences([thumb(Image.open(path)) for path in squares])
    assert statistics.median(found) >= 20, statistics.median(found)
    assert min(found) >= 6, min(found)


@pytest.mark.parametrize("region", REGIONS)
def test_the_six_a3_posters_differ_visibly(built, region):
    images = []
    for path in sorted((built / region / "poster").glob("*-A3.pdf")):
        if "-office-" in path.name:  # the office edition: every audience on a page of its own
            continue
        page = pdfium.PdfDocument(str(path))[0]
        images.append(thumb(page.render(scale=0.2).to_pil()))
    assert len(images) == 6
    found = differences(images)
    assert statistics.median(found) >= 20, statistics.median(found)


def test_neighbours_in_the_schedule_use_different_compositions(built):
    looks = slotcheck.campaign().looks
    entries = [e for e in read_manifest(built)
               if e["region"] == "midden-limburg" and e.get("format") == "square"]
    order = [e["design"] for e in sorted(entries, key=lambda e: (e["date"], e["path"]))]
    used = [looks[f"social/{design}"].composition for design in order]
    assert len(set(used)) >= 5, used
    assert all(a != b for a, b in zip(used, used[1:])), list(zip(order, used))
    week = [looks[f"social/week-{day}"].field for day in range(1, 8)]
    assert week == ["day"] * 7  # the week reads as a series: a colour step per day


def _luminance_rgb(pixel: tuple[int, int, int]) -> tuple[float, float, float]:
    return tuple(channel / 255 for channel in pixel)


def contrast_failures(job, scale: float) -> list[str]:
    """Every text line of the job's first page against the page drawn without text."""
    page = job.document.pages[0]
    bare = dataclasses.replace(page, items=_without_text(page.items))
    size = (round(page.width / scale), round(page.height / scale))
    (background,) = rasterise(dataclasses.replace(job.document, pages=(bare,)), [size], scale)
    failures = []
    for item in walk_text(page.items):  # tagged groups are not moved: as drawn
        if not item.text.strip():
            continue
        box = item.box
        left, right = int(box.x / scale), int(box.right / scale) + 1
        top, bottom = int((page.height - box.top) / scale), int((page.height - box.y) / scale)
        region = background.crop((max(left, 0), max(top, 0), min(right, size[0]),
                                  min(bottom, size[1]))).convert("RGB")
        count = region.width * region.height
        if not count:
            continue
        low = _percentile(sorted((contrast_ratio(item.colour.rgb, _luminance_rgb(pixel)), seen)
                                 for seen, pixel in region.getcolors(count)),
                          int(count * LOW_PERCENTILE))
        need = required_contrast(item.size_pt, "Bold" in item.font.name
                                 or "Black" in item.font.name)
        if low < need:
            failures.append(f"{job.path}: '{item.text}' {low:.2f} < {need}")
    return failures


def _percentile(ratios: list[tuple[float, int]], rank: int) -> float:
    """The rank-th lowest ratio, the ratios given once per colour with its pixel count."""
    seen = 0
    for ratio, count in ratios:
        seen += count
        if seen > rank:
            return ratio
    return ratios[-1][0]


def _without_text(items: tuple) -> tuple:
    return tuple(dataclasses.replace(i, items=_without_text(i.items)) if isinstance(i, Group)
                 else i for i in items if not isinstance(i, Text))


@pytest.mark.parametrize("product", ["social", "poster"])
def test_every_text_line_meets_its_contrast_on_the_pixels_under_it(product):
    """By default Midden-Limburg: each social design in one of its formats, in turn (every
    format several times), and the A4 and A3 posters; with TOOLKIT_PROPERTY=long both
    regions, all 85 social images and every poster format (A2 too)."""
    long = os.environ.get("TOOLKIT_PROPERTY") == "long"
    failures = []
    for region in REGIONS if long else REGIONS[:1]:
        built = slotcheck.build(product, region)
        assert built.error is None, built.error
        jobs = [job for job in built.jobs if job.document is not None and "-office-" not in
                job.path and (product == "social" or long or job.format in ("A4", "A3"))]
        assert len(jobs) in (85, 12, 18)
        if product == "social" and not long:
            jobs = [job for index, job in enumerate(jobs) if index % 5 == (index // 5) % 5]
        for job in jobs:
            failures += contrast_failures(job, PX if product == "social" else 1.0)
    assert failures == []


def test_the_contrast_check_finds_text_on_a_ring():
    """The check is real: light text with a pale ring run through it fails."""
    built = slotcheck.build("social", "maasdal")
    job = next(j for j in built.jobs if j.path.endswith("vertrouwenspersoon-square.png"))
    page = job.document.pages[0]
    rings = [i for i in page.items if getattr(i, "stroke", None) is not None]
    colours = slotcheck.campaign().brand.colours
    text = next(i for i in walk_text(page.items) if len(i.text) > 10
                and i.colour == colours["light"])
    ring = max(rings, key=lambda r: r.radius)  # a pale ring, its top arc along the line
    pale = mix(colours["light"], colours["primary"], 0.85, "pale ring")
    moved = dataclasses.replace(ring, stroke=pale, centre_x=text.x + text.width / 2,
                                centre_y=text.y + text.size_pt * 0.35 - ring.radius)
    page = dataclasses.replace(page, items=(*page.items, moved))
    job = dataclasses.replace(job, document=dataclasses.replace(job.document, pages=(page,)))
    assert contrast_failures(job, PX)


def test_a_designs_look_is_changed_in_the_campaign_files(campaign, tmp_path):
    looks = campaign / "assets/brand/designs.toml"
    text = looks.read_text("utf-8")
    text = re.sub(r'(\[social\.buren\]\ncomposition = )"pictogram"\nfield = "dark"\n'
                  r'pictogram = "home"', r'\1"pictogram"\nfield = "light"\npictogram = "ear"',
                  text)
    looks.write_text(text, "utf-8")
    out = tmp_path / "out"
    assert build_into(out, "--only", "social", "--region", "maasdal", campaign=campaign) == 0
    image = Image.open(out / "maasdal/social/buren/buren-square.png").convert("RGB")
    light = slotcheck.campaign().brand.colours["light"].rgb
    pixel = image.getpixel((8, 8))  # the field, in the corner (the palette may round by 1)
    assert all(abs(value - round(channel * 255)) <= 3 for value, channel in zip(pixel, light))
    alt = [e["alt"] for e in read_manifest(out) if e["path"].endswith("buren-square.png")]
    assert alt and alt[0].startswith("Tekening van een oor")


def test_a_wrong_look_is_named_with_file_and_key(campaign, capsys):
    looks = campaign / "assets/brand/designs.toml"
    looks.write_text(looks.read_text("utf-8").replace('composition = "question"',
                                                      'composition = "questoin"', 1), "utf-8")
    looks.write_text(looks.read_text("utf-8").replace('pictogram = "bike"',
                                                      'pictogram = "bicycle"'), "utf-8")
    assert main(["check", "--campaign", str(campaign)]) == 2
    err = capsys.readouterr().err
    assert ("assets/brand/designs.toml: social.begrip.composition: is not one of "
            + ", ".join(COMPOSITIONS)) in err and "did you mean 'question'" in err
    assert "social.gewoon-leven.pictogram: no pictogram 'bicycle'" in err
    assert "Traceback" not in err


def test_a_misspelt_design_in_designs_toml_is_named(campaign, capsys, tmp_path):
    """A look for a design that does not exist would leave the real one with the default
    look, silently: it is an error naming the key, with the name it probably meant."""
    looks = campaign / "assets/brand/designs.toml"
    looks.write_text(looks.read_text("utf-8").replace("[social.buren]", "[social.bueren]")
                     .replace("[poster.trainers]", "[poster.trainer]"), "utf-8")
    out = tmp_path / "out"
    assert build_into(out, "--only", "social", "--only", "poster", "--region", "maasdal",
                      campaign=campaign) == 2
    err = capsys.readouterr().err
    assert ("assets/brand/designs.toml: social.bueren: no design 'bueren' in social"
            in err) and "did you mean 'buren'" in err
    assert "assets/brand/designs.toml: poster.trainer: no design 'trainer' in poster" in err
    assert "Traceback" not in err and not out.exists()
