"""Social images as a social-media editor and a platform would check them: sizes, bytes,
colour space, covered zones, alt text, captions, the schedule, determinism."""

from __future__ import annotations

import csv
import datetime
import hashlib
import io
import re
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from PIL import Image, ImageChops, ImageStat

from tests.conftest import ROOT, build_into, read_manifest
from toolkit.layout.model import (
    Document, Group, Link, Page, Picture, QRCode, Text, Vector, walk_text,
)
from toolkit.render.pdf import render_pdf
from toolkit.render.profiles import SCREEN
from toolkit.render.raster import encode, iter_pages, rasterise, shared_palette, to_palette
from toolkit.run.build import BuildOptions, plan

REGIONS = ("maasdal", "midden-limburg")
FORMATS = {"square": (1080, 1080), "portrait": (1080, 1350), "story": (1080, 1920),
           "link": (1200, 630), "landscape": (1600, 900)}
PLATFORMS = {"square": "instagram", "portrait": "facebook", "story": "instagram-story",
             "link": "linkedin", "landscape": "x"}
STORY_TOP, STORY_BOTTOM = 0.14, 0.20
MAX_BYTES = 1_000_000
MIN_DESIGNS = 17
LONG_ALT, SHORT_ALT = 1000, 120  # the alt fields of X, Facebook, Instagram; of LinkedIn
SHORT_ALT_PLATFORMS = ("linkedin",)


def images(out: Path, region: str | None = None) -> list[dict]:
    return [e for e in read_manifest(out) if e["product"] == "social" and "width_px" in e
            and (region is None or e["region"] == region)]


@pytest.mark.parametrize("region", REGIONS)
def test_every_design_in_every_format(built, region):
    entries = images(built, region)
    designs = {e["design"] for e in entries}
    assert len(designs) >= MIN_DESIGNS
    assert {"begrip", "gewoon-leven", "vertrouwenspersoon", "signalen", "buren",
            "hulpverleners"} <= designs
    assert {f"week-{day}" for day in range(1, 8)} <= designs
    assert {(e["design"], e["format"]) for e in entries} == {
        (d, f) for d in designs for f in FORMATS}


def test_exact_pixel_size_srgb_and_under_a_megabyte(built):
    for entry in images(built):
        path = built / entry["path"]
        data = path.read_bytes()
        assert len(data) <= MAX_BYTES, entry["path"]
        assert entry["bytes"] == len(data)
        assert entry["sha256"] == hashlib.sha256(data).hexdigest()
        assert entry["media"] == "screen"
        with Image.open(path) as image:
            assert image.size == FORMATS[entry["format"]], entry["path"]
            assert (entry["width_px"], entry["height_px"]) == image.size
            assert image.format == "PNG"
            assert "srgb" in image.info, f"{entry['path']}: no sRGB chunk"


def test_images_are_not_blank_and_use_the_brand(built):
    """A picture a person would post: brand primary as ground, light text on it."""
    entry = next(e for e in images(built, "maasdal")
                 if e["design"] == "vertrouwenspersoon" and e["format"] == "square")
    with Image.open(built / entry["path"]) as image:
        rgb = image.convert("RGB")
        colours = rgb.getcolors(maxcolors=1 << 16)
    assert colours is not None and len(colours) > 20
    count, dominant = max(colours)
    assert dominant == (0x00, 0x60, 0x6E)  # the brand's primary colour
    assert count < rgb.width * rgb.height * 0.8


MAX_MEAN_ERROR = 2.0  # mean difference per channel (0-255) between the page and its PNG


def test_png_holds_the_page_as_drawn(tmp_path):
    """The written PNG is the page pdfium draws, mapped to 256 colours: its pixels stay
    within a small mean error of the RGB rendering, and the four-byte (RGBX) mapping the
    build uses gives exactly what Pillow's own quantize gives for RGB."""
    jobs, _ = plan(BuildOptions(root=ROOT, out=tmp_path, regions=("maasdal",),
                                only=("social",)))
    chosen = [job for job in jobs if job.format in ("square", "story")][:4]
    pages = tuple(job.document.pages[0] for job in chosen)
    sizes = [job.size_px for job in chosen]
    data = render_pdf(Document("t", "s", pages, "a"), SCREEN, finish=False)
    drawn = [image for image, _thumbnail in iter_pages(data, sizes)]
    assert {image.mode for image in drawn} == {"RGBX"}
    reference = rasterise(Document("t", "s", pages, "a"), sizes)
    palette = shared_palette(reference)
    for job, image, rgb in zip(chosen, drawn, reference):
        mapped = to_palette(image, palette)
        assert mapped.tobytes() == rgb.quantize(palette=palette, dither=Image.Dither.NONE
                                                ).tobytes(), job.path
        with Image.open(io.BytesIO(encode(image, "png", palette))) as written:
            assert written.size == rgb.size
            error = ImageStat.Stat(ImageChops.difference(written.convert("RGB"), rgb)).mean
        assert max(error) < MAX_MEAN_ERROR, (job.path, error)


def _strip_text_and_logos(page: Page) -> Page:
    keep = tuple(item for item in page.items
                 if not isinstance(item, (Text, Picture, Vector, Group, QRCode, Link)))
    return Page(page.width, page.height, keep, background=page.background, label=page.label)


@pytest.mark.parametrize("region", REGIONS)
def test_no_text_or_logo_pixel_in_the_story_covered_zones(tmp_path, region):
    """Render each story with and without its text and logos: they differ only in the
    middle, never in the top 14 % or the bottom 20 % the app draws over."""
    jobs, _ = plan(BuildOptions(root=ROOT, out=tmp_path, regions=(region,), only=("social",)))
    stories = [job for job in jobs if job.format == "story"]
    assert len(stories) >= MIN_DESIGNS
    pages = tuple(job.document.pages[0] for job in stories)
    sizes = [job.size_px for job in stories]
    full = rasterise(Document("t", "s", pages, "a"), sizes)
    bare = rasterise(Document("t", "s", tuple(_strip_text_and_logos(p) for p in pages), "a"), sizes)
    width, height = FORMATS["story"]
    top_end, bottom_start = round(height * STORY_TOP), round(height * (1 - STORY_BOTTOM))
    for job, with_text, without in zip(stories, full, bare):
        box = ImageChops.difference(with_text, without).getbbox()
        assert box is not None, f"{job.path}: no text drawn at all"
        left, upper, right, lower = box
        assert upper >= top_end, f"{job.path}: text or logo at y={upper}px, in the top zone"
        assert lower <= bottom_start, f"{job.path}: text or logo to y={lower}px, bottom zone"


def test_alt_text_names_the_words_on_the_image(built):
    for entry in images(built):
        long_alt, alt = entry["alt_long"], entry["alt"]
        assert 40 <= len(long_alt) <= LONG_ALT, entry["path"]
        if entry["platform"] in SHORT_ALT_PLATFORMS:  # LinkedIn's field takes 120
            assert 20 <= len(alt) <= SHORT_ALT and alt != long_alt, entry["path"]
        else:
            assert alt == long_alt, entry["path"]
    begrip = next(e for e in images(built, "maasdal")
                  if e["design"] == "begrip" and e["format"] == "square")
    assert "Een kind mag snappen wat er thuis gebeurt." in begrip["alt"]
    assert begrip["alt"].startswith("Tekstballon met de vraag ‘Wat weet je er zelf al van?’")
    signalen = next(e for e in images(built, "maasdal") if e["design"] == "signalen")
    assert "#rotdag" in signalen["alt"]
    week = next(e for e in images(built, "maasdal")
                if e["design"] == "week-3" and e["format"] == "square")
    # Maasdal is an example region: its images say so beside the campaign's name
    for words in ("Maak het verschil voor een kind · voorbeeldregio.",
                  "Week tegen Kindermishandeling · dag 3.",
                  "Een campagne van: Bibliotheek Maasdal en de logo's van de partners."):
        assert words in week["alt"], (words, week["alt"])
    assert re.search(r"woensdag \d{1,2} november\.", week["alt"]), week["alt"]


def _in_order(lines: list[str], text: str) -> str | None:
    """The first of lines that text does not hold after the previous one, or None."""
    start = 0
    for line in lines:
        found = text.find(line, start)
        if found < 0:
            return line
        start = found + len(line)
    return None


@pytest.mark.parametrize("region", REGIONS)
def test_long_alt_carries_every_drawn_line_in_reading_order(tmp_path, region):
    """Read the lines off the page the renderer draws (not the copy): each one is in the
    long alt text, in the page's order (kicker, date, headline, body, web address …)."""
    jobs, _ = plan(BuildOptions(root=ROOT, out=tmp_path, regions=(region,), only=("social",)))
    pictures = [job for job in jobs if job.kind == "png"]
    assert len(pictures) >= MIN_DESIGNS * len(FORMATS)
    for job in pictures:
        lines = [item.text for item in walk_text(job.document.pages[0].items)]
        assert len(lines) >= 6, job.path  # campaign, kicker, headline, body, address …
        assert _in_order(lines, job.meta["alt_long"]) is None, (
            job.path, _in_order(lines, job.meta["alt_long"]), job.meta["alt_long"])
        assert job.document.subject == job.meta["alt_long"]


def test_an_alt_block_that_drops_drawn_words_is_named(campaign, tmp_path, capsys):
    """An edited alt block that leaves out drawn words is a warning (an error with
    --strict), naming the block."""
    meta = campaign / "templates" / "social_meta.nl.j2"
    text = meta.read_text("utf-8")
    assert "Tekst: {{ drawn.text }}" in text
    meta.write_text(text.replace("Tekst: {{ drawn.text }}", "Tekst: {{ headline }}"), "utf-8")
    out = tmp_path / "out"
    capsys.readouterr()
    assert build_into(out, "--only", "social", "--region", "maasdal", "--strict",
                      campaign=campaign) == 2
    error = capsys.readouterr().err
    assert "templates/social_meta.nl.j2: alt: (strict) leaves out the words 'Maak het " \
        "verschil voor een kind · voorbeeldregio' drawn on the 'begrip' image" in error, error
    assert not (out / "maasdal").exists()


def test_hashtags_are_camel_case(built):
    """A screen reader reads '#maakhetverschil' as one word, '#MaakHetVerschil' word by word."""
    for entry in images(built):
        tags = entry["caption"].splitlines()[-1].split()  # the caption's hashtag line
        assert tags and all(re.fullmatch(r"#(?:[A-Z0-9][a-z0-9]*)+", tag) for tag in tags), \
            (entry["path"], tags)
        assert "#MaakHetVerschil" in tags


def test_caption_carries_the_tagged_landing_url_and_hashtags(built):
    landing = {"maasdal": "maakhetverschilvooreenkind.nl/maasdal",
               "midden-limburg": "maakhetverschilvooreenkind.nl"}
    for entry in images(built):
        caption = entry["caption"]
        assert "#MaakHetVerschil" in caption
        if entry["platform"].startswith("instagram"):  # a link there cannot be tapped
            assert "https://" not in caption and ("link in onze bio" in caption
                                                  or "link-sticker" in caption)
            continue
        url = next(word for word in caption.split() if word.startswith("https://"))
        parts = urlsplit(url)
        assert (parts.netloc + parts.path).rstrip("/") == landing[entry["region"]]
        query = parse_qs(parts.query)
        assert query["utm_source"] == [PLATFORMS[entry["format"]]]
        assert query["utm_medium"] == ["social"]
        assert query["utm_content"] == [entry["design"]]


def _schedule(out: Path, region: str) -> list[dict]:
    text = (out / region / "social" / "planning.csv").read_text("utf-8-sig")
    return list(csv.DictReader(io.StringIO(text)))


@pytest.mark.parametrize("region", REGIONS)
def test_captions_file_and_schedule(built, region):
    entries = [e for e in read_manifest(built) if e["product"] == "social"
               and e["region"] == region]
    listed = {e["path"] for e in entries}
    assert {f"{region}/social/teksten.txt", f"{region}/social/planning.csv"} <= listed
    rows = _schedule(built, region)
    mine = images(built, region)
    assert len(rows) == len(mine)
    by_image = {f"{region}/{row['image']}": row for row in rows}
    assert set(by_image) == {e["path"] for e in mine}
    for entry in mine:
        row = by_image[entry["path"]]
        datetime.datetime.strptime(f"{row['date']} {row['time']}", "%Y-%m-%d %H:%M")
        # a link in an Instagram caption cannot be tapped: the bio or the sticker instead
        assert (row["link"] in row["message"]) != entry["platform"].startswith("instagram")
        assert row["message"] == entry["caption"]
        assert row["alt_text"] == entry["alt"]
    pasted = (built / region / "social" / "teksten.txt").read_text("utf-8")
    for entry in mine:
        assert entry["caption"] in pasted
        assert entry["alt"] in pasted


def test_the_week_series_is_dated_in_the_week_of_20_november(tmp_path):
    out = tmp_path / "out"
    assert build_into(out, "--only", "social", "--region", "maasdal", "--year", "2027") == 0
    rows = _schedule(out, "maasdal")
    week = {}
    for row in rows:
        design = row["image"].split("/")[1]
        if design.startswith("week-"):
            week.setdefault(int(design.split("-")[1]), set()).add(row["date"])
    # 20 November 2027 is a Saturday: the week runs Monday 15 to Sunday 21 November.
    assert week == {day: {f"2027-11-{14 + day:02d}"} for day in range(1, 8)}
    others = {row["date"] for row in rows if not row["image"].split("/")[1].startswith("week")}
    assert all(date < "2027-11-15" for date in others)


def test_the_date_is_drawn_on_the_week_images(tmp_path):
    jobs, _ = plan(BuildOptions(root=ROOT, out=tmp_path, regions=("maasdal",),
                                only=("social",), year=2027))
    job = next(j for j in jobs if j.meta["design"] == "week-4" and j.format == "square")
    words = " ".join(item.text for item in walk_text(job.document.pages[0].items))
    assert "donderdag 18 november" in words


def test_social_build_is_deterministic(tmp_path, built):
    out = tmp_path / "again"
    assert build_into(out, "--only", "social", "--region", "maasdal") == 0
    for entry in [e for e in read_manifest(out) if e["product"] == "social"]:
        assert (out / entry["path"]).read_bytes() == (built / entry["path"]).read_bytes(), \
            entry["path"]
