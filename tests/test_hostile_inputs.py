"""Hostile and odd inputs (issue #8, point 1): each one is refused the way every bad input
is (exit 2, file and field named, nothing written; see test_bad_inputs.py) or is handled
correctly, which a build and a look at its output show.

Kept fast: refusals found while loading cost milliseconds; copy refusals need the layout,
so those runs take `--jobs 1` (no worker processes); builds make Maasdal's posters only,
and the "handled" cases share one build per kind of input (text, logos).
"""

from __future__ import annotations

import io
import json
import math
import os
import shutil
import struct
import subprocess
import sys
import tempfile
import time
import zlib
from pathlib import Path

import font_lato
import pytest
from PIL import Image
from pypdf import PdfReader
from reportlab.pdfbase.ttfonts import TTFontFile, TTFontMaker

from tests.conftest import ROOT, build_into
from tests.pdfcheck import page_text
from tests.test_bad_inputs import (
    BRAND, MAASDAL, MESSAGES, PNG_LOGO, POSTER, SMALL_BUILD, SVG_LOGO, TRAINERS_HEADLINE, edit,
    one, refused, run,
)
from toolkit.config.assets import MAX_IMAGE_PIXELS
from toolkit.config.content import MAX_BLOCK_CHARS
from toolkit.config.svgsafety import MAX_SVG_ELEMENTS
from toolkit.config.textfile import MAX_TEXT_BYTES

IN_PROCESS = ("--jobs", "1")  # copy problems need the layout: no worker processes
MAASDAL_DIR = "assets/regions/maasdal"
SOCIAL_MAP = f"{MAASDAL_DIR}/sociale-kaart.csv"
REGIONS_TABLE = "assets/regions.csv"
LEAVES = "leaves the campaign folder (put the file inside the campaign folder and give a " \
    "relative path)"
SHIN = "'\u05e9' (U+05E9 HEBREW LETTER SHIN)"
RIGHT_TO_LEFT = "right-to-left script, which the toolkit cannot set (write this text in a " \
    "left-to-right script, or leave it out)"
SVG_NS = 'xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"'
REFERENCE_FIX = "(embed it, or export the logo again as plain SVG)"
LATO_BOLD = Path(font_lato.font_directory) / "Lato-Bold.ttf"
MAX_RSS_KB = 400 * 1024  # a refused decompression bomb must not cost more memory than this
QUICK_S = 3.0  # CPU seconds: a hostile input is refused within this, well before it costs
# anything (minutes, for what these inputs would cost unchecked); CPU time, not wall time,
# so a loaded machine does not fail the test


def write(campaign: Path, name: str, data: str | bytes) -> Path:
    path = campaign / name
    path.parent.mkdir(parents=True, exist_ok=True)
    if isinstance(data, str):
        path.write_text(data, "utf-8")
    else:
        path.write_bytes(data)
    return path


def svg(body: str, size: str = 'width="300" height="100"', head: str = "") -> str:
    return f'{head}<svg {SVG_NS} {size}>{body}</svg>'


def timed_refusal(capsys, campaign: Path, tmp_path: Path, *arguments: str) -> list[str]:
    started = time.process_time()
    errors = refused(capsys, campaign, tmp_path, *arguments)
    assert time.process_time() - started < 2 * QUICK_S  # check and build together
    return errors


# --- 1. config files ---------------------------------------------------------------------


@pytest.mark.parametrize("file, content", [
    (BRAND, b""), (BRAND, b"# the brand\n\n# (to be filled in)\n"), (MAASDAL, b"\n  \n"),
], ids=["brand-0-bytes", "brand-only-comments", "region-only-blank-lines"])
def test_empty_config_file_is_one_problem(capsys, campaign, tmp_path, file, content):
    write(campaign, file, content)
    errors = refused(capsys, campaign, tmp_path)
    assert errors == [f"{file}: is empty (write its settings: see README, 'Changing the "
                      "campaign', or copy the file from the example campaign)"]


def test_config_files_with_a_byte_order_mark_are_read(capsys, campaign):
    for name in (BRAND, MAASDAL):
        write(campaign, name, b"\xef\xbb\xbf" + (campaign / name).read_bytes())
    checked = run(capsys, "check", campaign, "--region", "maasdal", *IN_PROCESS)
    assert (checked.code, checked.errors, checked.warnings) == (0, [], [])


@pytest.mark.parametrize("file, encoding", [
    (BRAND, "utf-16"), (MAASDAL, "utf-16"), (MAASDAL, "utf-16-le"),
], ids=["brand-with-bom", "region-with-bom", "region-without-bom"])
def test_utf16_config_file_is_named(capsys, campaign, tmp_path, file, encoding):
    write(campaign, file, (campaign / file).read_text("utf-8").encode(encoding))
    errors = refused(capsys, campaign, tmp_path)
    assert errors == [f"{file}: is UTF-16 text (save the file as UTF-8)"]


@pytest.mark.parametrize("file, expected", [
    (BRAND, f"{BRAND}: is larger than 1,024 kB"),
    (POSTER, f"{POSTER}: is larger than 1,024 kB"),
    (SOCIAL_MAP, f"{SOCIAL_MAP}: is larger than 1,024 kB"),
], ids=["toml", "template", "csv"])
def test_oversized_text_file_is_refused_without_reading_it(capsys, campaign, tmp_path, file,
                                                           expected):
    # A 4 GB file (sparse: no disk used) would take minutes and all memory to read.
    with (campaign / file).open("r+b") as stream:
        stream.truncate(4 * 2**30)
    errors = timed_refusal(capsys, campaign, tmp_path, *IN_PROCESS)
    assert MAX_TEXT_BYTES == 2**20
    one(errors, expected, "(a campaign file is far smaller: check that this is the right file)")


@pytest.mark.parametrize("file, old, new, expected", [
    (MAASDAL, 'name = "Maasdal"', 'name = ["Maasdal"]',
     "name: expected text, got a list ['Maasdal']"),
    (MAASDAL, 'contact = "', 'photos = "photos/poster.jpg"\ncontact = "',
     "photos: expected a table, got text 'photos/poster.jpg'"),
    (BRAND, 'hex = "#FFFFFF"', 'hex = ["#FFFFFF"]',
     "colours.paper.hex: expected text, got a list ['#FFFFFF']"),
], ids=["list-for-text", "text-for-table", "list-for-text-in-brand"])
def test_wrong_container_type_is_named(capsys, campaign, tmp_path, file, old, new, expected):
    edit(campaign, file, old, new)
    errors = refused(capsys, campaign, tmp_path)
    one(errors, f"{file}: {expected}")


def test_text_where_a_list_of_tables_belongs_is_named(capsys, campaign, tmp_path):
    text = (campaign / MAASDAL).read_text("utf-8")
    write(campaign, MAASDAL, text[:text.index("[[partners]]")] + 'partners = "Wijkteam"\n')
    errors = refused(capsys, campaign, tmp_path)
    assert errors == [f"{MAASDAL}: partners: expected a list of tables ([[partners]]), got text "
                      "'Wijkteam'"]


# --- 2. copy -----------------------------------------------------------------------------


def _set_headline(campaign: Path, text: str) -> None:
    edit(campaign, POSTER, TRAINERS_HEADLINE, text)


@pytest.mark.parametrize("text", ["", "   ", "\u200b\u2060", "\f"],
                         ids=["nothing", "spaces", "invisible-only", "page-break-only"])
def test_empty_drawn_slot_is_named(capsys, campaign, tmp_path, text):
    _set_headline(campaign, text)
    errors = refused(capsys, campaign, tmp_path, *IN_PROCESS)
    assert errors == [f"{POSTER}: trainers_headline: is empty (write some text)"]


def test_emoji_in_a_drawn_slot_names_the_character_and_font(capsys, campaign, tmp_path):
    _set_headline(campaign, "Op het veld \U0001f600 zie je meer.")
    errors = refused(capsys, campaign, tmp_path, *IN_PROCESS)
    assert errors == [f"{POSTER}: trainers_headline: font Lato-Black has no glyph for "
                      "'\U0001f600' (U+1F600 GRINNING FACE) (remove or replace the character, "
                      "or choose a font that has it)"]


def test_emoji_in_a_social_caption_is_kept(capsys, campaign, tmp_path):
    # Captions are pasted into a platform, not drawn: an emoji there is fine.
    edit(campaign, "templates/social.nl.j2", "speelt, hoort bij de ouder.",
         "speelt, hoort bij de ouder. \U0001f49b")
    out = tmp_path / "out"
    assert build_into(out, "--only", "social", "--region", "maasdal", *IN_PROCESS,
                      campaign=campaign) == 0
    captions = (out / "maasdal/social/teksten.txt").read_text("utf-8")
    assert "speelt, hoort bij de ouder. \U0001f49b" in captions


@pytest.mark.parametrize("text, named", [
    ("Op het veld \u05e9\u05dc\u05d5\u05dd zie je meer.", SHIN),
    ("Op het veld \u0645\u0631\u062d\u0628\u0627 zie je meer.",
     "'\u0645' (U+0645 ARABIC LETTER MEEM)"),
    ("Op het veld \u05e9 zie je meer.", SHIN),
], ids=["hebrew", "arabic", "one-letter"])
def test_right_to_left_script_in_a_drawn_slot_is_refused(capsys, campaign, tmp_path, text,
                                                         named):
    _set_headline(campaign, text)
    errors = refused(capsys, campaign, tmp_path, *IN_PROCESS)
    message = one(errors, f"{POSTER}: trainers_headline: {named}")
    assert message.endswith(RIGHT_TO_LEFT)
    assert "no glyph" not in message  # said before the font is asked


@pytest.mark.parametrize("block, expected", [
    ("{{ ''.__class__.__mro__ }}",
     "cannot be rendered: '__class__' of a str is not available to templates"),
    ("{% for i in range(10**8) %}x{% endfor %}",
     "cannot be rendered: a number above 100,000 is not allowed here"),
    ("{{ 'x' * 10**9 }}",
     "cannot be rendered: repeating text or a list to more than 100,000 items is not allowed"),
    ("{{ 10**10**10 }}", "cannot be rendered: a power larger than 2**64 is not allowed"),
    ("{{ 'x'.ljust(10**9) }}", "cannot be rendered: a number above 100,000 is not allowed"),
    ("{{ 'x' | center(1000000000) }}",
     "cannot be rendered: a number above 100,000 is not allowed"),
    ("{% set s = 'x' * 99999 %}{% for a in s %}{% for b in s %}{% endfor %}{% endfor %}",
     "cannot be rendered: its loops take more than 100,000 steps"),
    ("{% for i in range(99999) %}{{ region.name }}{% endfor %}",
     f"renders to more than {MAX_BLOCK_CHARS:,} characters (shorten the block, or check its "
     "loops)"),
    ("{{ cycler.__init__.__globals__.os }}",
     "cannot be rendered: '__init__' of a type is not available to templates"),
    ("{% macro twice(s, n) %}{{ twice(s ~ s, n - 1) if n else s }}{% endmacro %}"
     "{{ twice('x', 40) }}", "cannot be rendered: joining to more than 100,000 characters"),
    ("{% set ns = namespace(s='x') %}{% for i in range(40) %}{% set ns.s = ns.s + ns.s %}"
     "{% endfor %}{{ ns.s }}", "cannot be rendered: joining to more than 100,000 characters"),
    ("{% set s = 'x' * 99999 %}{{ s.replace('x', s) }}",
     "cannot be rendered: an argument longer than 1,000 is not allowed"),
], ids=["class-mro", "huge-range", "huge-repeat", "huge-power", "huge-method-argument",
        "huge-filter-argument", "nested-loops", "long-output", "globals", "doubling-macro",
        "doubling-loop", "quadratic-replace"])
def test_template_code_that_escapes_or_explodes_is_refused_quickly(capsys, campaign, tmp_path,
                                                                   block, expected):
    _set_headline(campaign, block)
    errors = timed_refusal(capsys, campaign, tmp_path, *IN_PROCESS)
    one(errors, f"{POSTER}: trainers_headline: {expected}")


def test_a_template_error_at_render_time_is_named(capsys, campaign, tmp_path):
    _set_headline(campaign, "{{ 1 / 0 }}")
    errors = refused(capsys, campaign, tmp_path, *IN_PROCESS)
    assert errors == [f"{POSTER}: trainers_headline: cannot be rendered: division by zero "
                      "(correct the expression in this block)"]


def test_utf16_template_is_named(capsys, campaign, tmp_path):
    write(campaign, POSTER, (campaign / POSTER).read_text("utf-8").encode("utf-16"))
    errors = refused(capsys, campaign, tmp_path, *IN_PROCESS)
    assert errors == [f"{POSTER}: is UTF-16 text (save the file as UTF-8)"]


# One build sets every text that must be cleaned, each in its own poster slot.
DECOMPOSED = "Op het veld zie je meer dan een wedstrijd (e\u0301e\u0301n)."
INVISIBLES = "\u200b\u200c\u200d\u2060\ufeff\u200e\u200f\u202a\u202b\u202c\u202d\u202e" \
    "\u2066\u2067\u2068\u2069\u00ad"
CONTROLS = "\x00\x01\x07\x1b\x7f\x85"


@pytest.fixture(scope="module")
def cleaned_texts(tmp_path_factory) -> Path:
    """Maasdal's A4 posters, with copy and config holding characters that must be cleaned."""
    root = tmp_path_factory.mktemp("texts") / "campaign"
    for name in ("assets", "templates"):
        shutil.copytree(ROOT / name, root / name)
    edit(root, POSTER, TRAINERS_HEADLINE, DECOMPOSED)
    text = (root / POSTER).read_text("utf-8")
    start = text.index("{% block docenten_headline %}") + len("{% block docenten_headline %}")
    end = text.index("{% endblock %}", start)
    # Invisible characters inside words, Word's line and page breaks between them.
    headline = "Zorg\u200bt een leer\u2060ling\u202e je\u2067 voor?\vVraag\fhet" + INVISIBLES
    (root / POSTER).write_text(text[:start] + headline + text[end:], "utf-8")
    edit(root, POSTER, "{% block trainers_body %}", "{% block trainers_body %}"
         "{{ region.contact }} {{ region.name }}. ")
    # TOML strings hold control characters only as escapes, which is how they arrive.
    escaped = "".join(f"\\u{ord(char):04X}" for char in CONTROLS + INVISIBLES)
    edit(root, MAASDAL, 'contact = "Zorgen', f'contact = "Bel{escaped}\\u000bons\\tnu.{escaped}'
         '"\n# "Zorgen')
    edit(root, MAASDAL, 'name = "Maasdal"', 'name = "Maas\\u200Bdal\\u0007"')
    out = root.parent / "out"
    assert build_into(out, *SMALL_BUILD, *IN_PROCESS, campaign=root) == 0
    return out


def _poster_text(out: Path, audience: str) -> str:
    return page_text(out / f"maasdal/poster/poster-{audience}-A4.pdf")


def test_decomposed_accents_are_composed(cleaned_texts):
    text = _poster_text(cleaned_texts, "trainers")
    assert "(\u00e9\u00e9n)" in text and "\u0301" not in text


def test_invisible_format_characters_are_removed(cleaned_texts):
    text = " ".join(_poster_text(cleaned_texts, "docenten").split())
    assert "Zorgt een leerling je voor? Vraag het" in text
    assert not set(INVISIBLES) & set(text)


def test_control_characters_in_config_are_removed_and_breaks_become_spaces(cleaned_texts):
    text = " ".join(_poster_text(cleaned_texts, "trainers").split())
    assert "Bel ons nu. Maasdal." in text
    assert not set(CONTROLS) & set(text)


def test_soft_hyphen_inside_a_line_is_not_drawn(cleaned_texts):
    text = _poster_text(cleaned_texts, "trainers")  # the contact line ends in one
    assert "\u00ad" not in text and "nu.-" not in text and "Bel- " not in text


def test_soft_hyphen_is_where_a_word_may_break():
    from toolkit.config.assets import load_font
    from toolkit.layout.text import wrap

    font = load_font(LATO_BOLD, "", "")
    word = "Kinder\u00adbescherming\u00adswerk"
    lines = wrap(word, font, 10, font.width("Kinderbescherming-", 10) + 1, hyphenate=True)
    assert lines == ["Kinder\u00adbescherming-", "swerk"]  # the hint inside is not drawn
    assert font.width(lines[0], 10) == font.width("Kinderbescherming-", 10)


@pytest.mark.parametrize("old, new, field", [
    ('contact = "Zorgen', 'contact = "Bel \u05e9 nu"\n# "Zorgen', "contact"),
    ('name = "Bibliotheek Maasdal"', 'name = "Bibliotheek \u05e9"', "partners[2].name"),
    ('municipalities = ["Maasdal"', 'municipalities = ["\u05e9"', "municipalities"),
], ids=["contact", "partner-name", "municipality"])
def test_right_to_left_script_in_region_text_is_refused(capsys, campaign, tmp_path, old, new,
                                                        field):
    edit(campaign, MAASDAL, old, new)
    errors = refused(capsys, campaign, tmp_path)
    assert errors == [f"{MAASDAL}: {field}: {SHIN} is {RIGHT_TO_LEFT}"]


# --- 3. raster logos ---------------------------------------------------------------------


def image_bytes(image: Image.Image, kind: str, **options) -> bytes:
    buffer = io.BytesIO()
    image.save(buffer, kind, **options)
    return buffer.getvalue()


def _png_chunk(kind: bytes, data: bytes) -> bytes:
    return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))


def claimed_png(width: int, height: int) -> bytes:
    """A few hundred bytes that claim width x height RGB pixels: one IDAT of zeros."""
    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header)
            + _png_chunk(b"IDAT", zlib.compress(bytes(width * 3 + 1) * 4))
            + _png_chunk(b"IEND", b""))


def sixteen_bit_png(width: int, height: int, channels: int) -> bytes:
    """A 16-bit greyscale (1 channel) or RGB (3 channels) PNG, written by hand: Pillow
    reads 16-bit PNGs but writes only 16-bit grey."""
    colour_type = {1: 0, 3: 2}[channels]
    sample = struct.pack(">H", 40_000) * channels
    rows = b"".join(b"\x00" + sample * width for _ in range(height))
    header = struct.pack(">IIBBBBB", width, height, 16, colour_type, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + _png_chunk(b"IHDR", header)
            + _png_chunk(b"IDAT", zlib.compress(rows)) + _png_chunk(b"IEND", b""))


def palette_with_transparency(width: int, height: int) -> bytes:
    """Magenta in the middle third, transparent around it; the transparent index is black,
    so a reader that ignores tRNS shows a black frame."""
    image = Image.new("P", (width, height), 0)
    image.putpalette([0, 0, 0, 230, 0, 126] + [0] * 762)
    image.paste(1, (width // 3, height // 4, 2 * width // 3, 3 * height // 4))
    return image_bytes(image, "PNG", transparency=0)


def animated(kind: str, frames: int, size: tuple[int, int]) -> bytes:
    colours = [(40, 160, 60), (200, 30, 30), (30, 30, 200)]
    images = [Image.new("RGB", size, colours[i % len(colours)]) for i in range(frames)]
    return image_bytes(images[0], kind, save_all=True, append_images=images[1:], duration=100)


def _solid(size: tuple[int, int], colour=(40, 90, 160), mode: str = "RGB") -> Image.Image:
    return Image.new(mode, size, colour)


# Each logo gets its own aspect ratio, so it can be told apart among the PDF's images.
ODD_LOGOS = {
    "jpeg-named-png": ("jeugdpunt.png", lambda: image_bytes(_solid((1200, 600)), "JPEG"), 2.0),
    "png-named-jpg": ("odd.jpg", lambda: image_bytes(_solid((1200, 480)), "PNG"), 2.5),
    "png-named-svg": ("odd.svg", lambda: image_bytes(_solid((1200, 400)), "PNG"), 3.0),
    "cmyk-jpeg": ("cmyk.jpg", lambda: image_bytes(
        _solid((1200, 240), (255, 40, 0, 0), "CMYK"), "JPEG"), 5.0),
    "grey-16-bit": ("grey16.png", lambda: sixteen_bit_png(1200, 300, 1), 4.0),
    "rgb-16-bit": ("rgb16.png", lambda: sixteen_bit_png(1200, 800, 3), 1.5),
    "palette-transparent": ("palette.png", lambda: palette_with_transparency(1200, 1000), 1.2),
    "animated-png": ("animated.png", lambda: animated("PNG", 3, (1200, 1200)), 1.0),
    "svg-named-png": ("vector.png", lambda: svg(
        '<rect width="300" height="100" fill="#2F6B3A"/>').encode(), None),
}


@pytest.fixture(scope="module")
def odd_logos(tmp_path_factory) -> tuple[Path, dict[float, Image.Image]]:
    """Maasdal's posters with one partner per odd logo; the A4 buren poster's print images
    by aspect ratio."""
    root = tmp_path_factory.mktemp("logos") / "campaign"
    for name in ("assets", "templates"):
        shutil.copytree(ROOT / name, root / name)
    text = (root / MAASDAL).read_text("utf-8")
    text = text[:text.index("[[partners]]")]
    for index, (file_name, make, _aspect) in enumerate(ODD_LOGOS.values()):
        write(root, f"{MAASDAL_DIR}/logos/{file_name}", make())
        text += f'[[partners]]\nname = "Partner {index}"\nlogo = "logos/{file_name}"\n\n'
    write(root, MAASDAL, text)
    out = root.parent / "out"
    assert build_into(out, *SMALL_BUILD, *IN_PROCESS, campaign=root) == 0
    reader = PdfReader(out / "maasdal/poster/poster-buren-A4.pdf")
    images = {round(item.image.width / item.image.height, 1): item.image
              for item in reader.pages[0].images}
    return out, images


@pytest.mark.parametrize("kind", [kind for kind, spec in ODD_LOGOS.items() if spec[2]])
def test_odd_raster_logo_is_printed(odd_logos, kind):
    _out, images = odd_logos
    assert ODD_LOGOS[kind][2] in images, f"no image of aspect {ODD_LOGOS[kind][2]}: {images}"
    assert images[ODD_LOGOS[kind][2]].mode == "CMYK"


def test_svg_named_png_is_drawn_as_vector(odd_logos):
    _out, images = odd_logos
    # Nine partners, eight raster logos (and the QR code is vector): the SVG added no image.
    assert len(images) == len([spec for spec in ODD_LOGOS.values() if spec[2]])


def test_transparent_palette_logo_shows_the_paper_not_black(odd_logos):
    _out, images = odd_logos
    picture = images[1.2]
    corner = picture.getpixel((1, 1))
    middle = picture.getpixel((picture.width // 2, picture.height // 2))
    assert corner == (0, 0, 0, 0), corner  # the paper: no ink at all
    assert middle[1] > 200 and middle[3] < 30, middle  # magenta


def test_animated_png_uses_its_first_frame(odd_logos):
    _out, images = odd_logos
    cyan, magenta, yellow, _black = images[1.0].getpixel((10, 10))
    assert cyan > magenta and yellow > magenta  # the first frame's green, not red or blue


def test_cmyk_jpeg_keeps_its_colour(odd_logos):
    _out, images = odd_logos
    cyan, magenta, _yellow, _black = images[5.0].getpixel((10, 10))
    assert cyan > 200 and magenta < 80, (cyan, magenta)


def _replace_png_logo(campaign: Path, data: bytes, name: str = "jeugdpunt-heuvelrand.png"
                      ) -> None:
    write(campaign, f"{MAASDAL_DIR}/logos/{name}", data)
    if name != "jeugdpunt-heuvelrand.png":
        edit(campaign, MAASDAL, "logos/jeugdpunt-heuvelrand.png", f"logos/{name}")


@pytest.mark.parametrize("width, height", [(30_000, 30_000), (8_000, 6_000)],
                         ids=["bomb-900-megapixels", "48-megapixels"])
def test_image_with_too_many_pixels_is_refused_quickly(capsys, campaign, tmp_path, width,
                                                       height):
    data = claimed_png(width, height)
    assert len(data) < 200_000 and width * height > MAX_IMAGE_PIXELS
    _replace_png_logo(campaign, data)
    started = time.process_time()
    errors = refused(capsys, campaign, tmp_path)
    assert time.process_time() - started < QUICK_S
    assert errors == [f"{MAASDAL}: partners[1].logo: 'jeugdpunt-heuvelrand.png' has more than "
                      "40,000,000 pixels (give a smaller image)"]


# Linux counts into a child's ru_maxrss the memory of the process it was forked from (kept
# across exec): a large pytest process would be measured too. So a small launcher forks the
# check and reads its ru_maxrss (KB) with os.wait4.
LAUNCHER = """
import json, os, sys
pid = os.fork()
if pid == 0:
    os.execv(sys.executable, [sys.executable, *sys.argv[1:]])
_pid, status, usage = os.wait4(pid, 0)
print(json.dumps({"code": os.waitstatus_to_exitcode(status), "peak_kb": usage.ru_maxrss}))
"""


def test_decompression_bomb_costs_little_memory(campaign, tmp_path):
    _replace_png_logo(campaign, claimed_png(30_000, 30_000))
    result = subprocess.run(
        [sys.executable, "-c", LAUNCHER, str(ROOT / "make_toolkit.py"), "check", "--campaign",
         str(campaign), "-q", *IN_PROCESS],
        capture_output=True, text=True, cwd=campaign, timeout=60,
        env={**os.environ, "PYTHONPATH": str(ROOT)})
    measured = json.loads(result.stdout)
    assert measured["code"] == 2, result.stderr
    assert "40,000,000 pixels" in result.stderr
    assert measured["peak_kb"] < MAX_RSS_KB, f"peak {measured['peak_kb'] / 1024:.0f} MB"


def test_tiny_logo_is_refused_by_the_resolution_floor(capsys, campaign, tmp_path):
    _replace_png_logo(campaign, image_bytes(_solid((4, 2)), "PNG"))
    errors = refused(capsys, campaign, tmp_path, *IN_PROCESS)
    message = one(errors, MAASDAL, "partners[1].logo", "'Jeugdpunt Heuvelrand'", "A4")
    assert "below the 150 ppi floor" in message


@pytest.mark.parametrize("data, expected", [
    (lambda: animated("GIF", 3, (300, 100)),
     "'logo.gif' is an animated GIF image (3 frames) (give a still PNG, JPEG or SVG)"),
    (lambda: image_bytes(_solid((300, 100)), "GIF"),
     "'logo.gif' is a GIF image (give a PNG, JPEG or SVG)"),
    (lambda: image_bytes(_solid((300, 100)), "WEBP"),
     "'logo.gif' is a WEBP image (give a PNG, JPEG or SVG)"),
], ids=["animated-gif", "still-gif", "webp-named-gif"])
def test_other_image_formats_are_named(capsys, campaign, tmp_path, data, expected):
    _replace_png_logo(campaign, data(), "logo.gif")
    errors = refused(capsys, campaign, tmp_path)
    assert errors == [f"{MAASDAL}: partners[1].logo: {expected}"]


# --- 4. SVG logos ------------------------------------------------------------------------


def _svg_logo(campaign: Path, text: str) -> None:
    write(campaign, SVG_LOGO, text)


def _svg_refusal(errors: list[str]) -> str:
    assert len(errors) == 1, errors
    prefix = f"{MAASDAL}: partners[0].logo: 'wijkteam-maasdal.svg' "
    assert errors[0].startswith(prefix), errors
    return errors[0].removeprefix(prefix)


def billion_laughs() -> str:
    entities = ['<!ENTITY a0 "ha">'] + [f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">'
                                         for i in range(1, 10)]
    return svg("<text>&a9;</text>", head=f"<!DOCTYPE svg [{''.join(entities)}]>")


@pytest.mark.parametrize("text", [
    lambda secret: svg("<text>&x;</text>",
                       head=f'<!DOCTYPE svg [<!ENTITY x SYSTEM "file://{secret}">]>'),
    lambda secret: billion_laughs(),
], ids=["xxe-system-entity", "billion-laughs"])
def test_svg_entities_are_refused_quickly(capsys, campaign, tmp_path, text):
    secret = tmp_path / "secret.txt"
    secret.write_text("the secret")
    _svg_logo(campaign, text(secret))
    errors = timed_refusal(capsys, campaign, tmp_path)
    assert _svg_refusal(errors) == (
        "is not a safe, well-formed SVG (it declares XML entities, which can read other files "
        "or multiply without end) (export the logo again as plain SVG)")


@pytest.mark.parametrize("body, reference", [
    ('<image href="file:///etc/passwd" width="10" height="10"/>', "file:///etc/passwd"),
    ('<image xlink:href="../../secret.png" width="10" height="10"/>', "../../secret.png"),
    ('<image href="https://example.com/x.png" width="10" height="10"/>',
     "https://example.com/x.png"),
    ('<use href="other.svg#a"/>', "other.svg#a"),
    ("<style>@import url(https://example.com/x.css);</style><rect width='9' height='9'/>",
     "https://example.com/x.css"),
    ('<style>rect { fill: url("https://example.com/p.svg#g") }</style>',
     "https://example.com/p.svg#g"),
    ('<rect width="9" height="9" style="fill: url(http://example.com/f.svg#g)"/>',
     "http://example.com/f.svg#g"),
    ('<rect width="9" height="9" filter="url(other.svg#blur)"/>', "other.svg#blur"),
], ids=["image-file-url", "image-relative", "image-https", "use-other-file", "css-import",
        "css-url", "style-attribute-url", "filter-other-file"])
def test_svg_reference_to_an_outside_file_or_address_is_refused(capsys, campaign, tmp_path,
                                                               body, reference):
    _svg_logo(campaign, svg(body))
    errors = refused(capsys, campaign, tmp_path)
    assert _svg_refusal(errors) == (f"refers to an outside file or address '{reference}' "
                                    f"{REFERENCE_FIX}")


def test_svg_inner_references_are_fine(capsys, campaign):
    _svg_logo(campaign, svg(
        '<defs><linearGradient id="g"><stop offset="0" stop-color="#2F6B3A"/>'
        '<stop offset="1" stop-color="#00606E"/></linearGradient>'
        '<rect id="r" width="100" height="100"/></defs>'
        '<use href="#r" fill="url(#g)"/><use xlink:href="#r" x="150" style="fill: url(#g)"/>'))
    checked = run(capsys, "check", campaign, "--region", "maasdal", *IN_PROCESS)
    assert (checked.code, checked.errors, checked.warnings) == (0, [], [])


def test_svg_with_an_embedded_raster_image_is_refused(capsys, campaign, tmp_path):
    import base64

    payload = base64.b64encode(image_bytes(_solid((30, 10)), "PNG")).decode()
    _svg_logo(campaign, svg(f'<image href="data:image/png;base64,{payload}" width="300" '
                            'height="100"/>'))
    errors = refused(capsys, campaign, tmp_path)
    assert _svg_refusal(errors) == (
        "embeds a raster image (give the logo as PNG or JPEG, or export it again as an SVG "
        "with vector shapes only)")


@pytest.mark.parametrize("body, what", [
    ("<script>alert(1)</script>", "<script>"),
    ('<rect width="9" height="9" onclick="alert(1)"/>', "onclick="),
    ('<foreignObject width="9" height="9"><div xmlns="http://www.w3.org/1999/xhtml">x</div>'
     "</foreignObject>", "<foreignObject>"),
], ids=["script", "event-attribute", "foreign-object"])
def test_svg_with_script_or_web_content_is_refused(capsys, campaign, tmp_path, body, what):
    _svg_logo(campaign, svg(body))
    errors = refused(capsys, campaign, tmp_path)
    assert _svg_refusal(errors) == (f"contains a script or web content ({what}) (export the "
                                    "logo again as plain SVG)")


@pytest.mark.parametrize("size", ['width="1e9" height="100"', 'viewBox="0 0 1e9 1e9"'],
                         ids=["width", "viewbox"])
def test_svg_with_an_absurd_size_is_refused(capsys, campaign, tmp_path, size):
    _svg_logo(campaign, svg('<rect width="10" height="10"/>', size=size))
    errors = refused(capsys, campaign, tmp_path)
    # a number beyond any logo's is refused before svglib reads it (issue #18)
    assert _svg_refusal(errors).startswith("holds the number 1e9 in ")


def test_svg_with_too_many_elements_is_refused_quickly(capsys, campaign, tmp_path):
    _svg_logo(campaign, svg('<path d="M0 0h1"/>' * (MAX_SVG_ELEMENTS + 1)))
    errors = timed_refusal(capsys, campaign, tmp_path)
    assert _svg_refusal(errors) == ("has more than 20,000 elements (simplify the logo, or "
                                    "give it as PNG)")


# Audit hooks cannot be removed: this one records only while _AUDIT is a list.
_AUDIT: list[tuple[str, str]] | None = None
_AUDITED_EVENTS = ("open", "subprocess.Popen", "os.system", "os.exec", "os.posix_spawn")


def _audit(event: str, arguments: tuple) -> None:
    if _AUDIT is not None and (event in _AUDITED_EVENTS or event.startswith("socket.")):
        _AUDIT.append((event, str(arguments[0]) if arguments else ""))


_HOOKED: list[bool] = []


def test_svg_logos_read_no_other_file_start_no_process_and_open_no_socket(capsys, campaign,
                                                                         tmp_path):
    global _AUDIT
    if not _HOOKED:
        sys.addaudithook(_audit)
        _HOOKED.append(True)
    secret = tmp_path / "secret.txt"
    secret.write_text("the secret")
    shutil.copy(campaign / PNG_LOGO, tmp_path / "secret.png")
    write(tmp_path, "other.svg", svg('<rect id="a" width="9" height="9"/>'))
    logos = campaign / MAASDAL_DIR / "logos"
    write(logos, "xxe.svg", svg("<text>&x;</text>",
                                head=f'<!DOCTYPE svg [<!ENTITY x SYSTEM "file://{secret}">]>'))
    write(logos, "image.svg", svg(f'<image href="{tmp_path / "secret.png"}" width="9" '
                                  'height="9"/>'))
    write(logos, "use.svg", svg('<use href="../../../../../other.svg#a"/>'))
    write(logos, "web.svg", svg('<image href="https://example.com/x.png" width="9" '
                                'height="9"/>'))
    # Valid, with text in a font the machine may have: svglib would look for it on disk.
    write(logos, "text.svg", svg('<text x="0" y="50" font-family="Arial, DejaVu Sans" '
                                 'font-size="30">Partner</text>'))
    text = (campaign / MAASDAL).read_text("utf-8")
    partners = "".join(f'[[partners]]\nname = "Partner {name}"\nlogo = "logos/{name}.svg"\n'
                       for name in ("xxe", "image", "use", "web", "text"))
    write(campaign, MAASDAL, text[:text.index("[[partners]]")] + partners)
    _AUDIT = []
    try:
        checked = run(capsys, "check", campaign, "--region", "maasdal", *IN_PROCESS)
    finally:
        events, _AUDIT = _AUDIT, None
    assert checked.code == 2 and len(checked.errors) == 4, checked.stderr
    assert not any("partners[4]" in error for error in checked.errors)
    opened = [path for event, path in events if event == "open"]
    assert not [path for path in opened if "secret" in path or "other.svg" in path]
    assert not [path for path in opened if path.endswith((".ttf", ".otf", ".ttc"))
                and not path.startswith(font_lato.font_directory)]
    assert not [event for event, _ in events if event != "open"], events


# --- 5. fonts ----------------------------------------------------------------------------


def _brand_font(campaign: Path, data: bytes, name: str = "Brand-Bold.ttf") -> None:
    edit(campaign, BRAND, 'bold = "lato:Bold"', f'bold = "{name}"')
    write(campaign, f"assets/brand/{name}", data)


def _damaged_table(tag: bytes, fill: bytes) -> bytes:
    data = LATO_BOLD.read_bytes()
    for index in range(struct.unpack(">H", data[4:6])[0]):
        entry = data[12 + 16 * index: 28 + 16 * index]
        if entry[:4] == tag:
            offset, length = struct.unpack(">II", entry[8:16])
            return data[:offset] + fill * length + data[offset + length:]
    raise AssertionError(f"no table {tag!r}")


@pytest.mark.parametrize("data, expected", [
    (lambda: LATO_BOLD.read_bytes()[:LATO_BOLD.stat().st_size // 2],
     "'Brand-Bold.ttf' is a damaged font (table 'glyf' runs past the end of the file: the file "
     "is cut short) (download or export the font again)"),
    (lambda: _damaged_table(b"loca", b"\xff"),
     "'Brand-Bold.ttf' is a damaged font (table 'loca' points outside the glyphs)"),
    (lambda: _damaged_table(b"loca", b"\x00"),
     "'Brand-Bold.ttf' is a damaged font (its letters have no outlines)"),
    (lambda: _damaged_table(b"cmap", b"\xff"),
     "'Brand-Bold.ttf' is not a font that can be embedded (its tables are damaged) (give a "
     "TrueType (.ttf) or OpenType file with TrueType outlines)"),
    (lambda: _damaged_table(b"head", b"\x00"),
     "'Brand-Bold.ttf' is not a font that can be embedded (Unknown head table version "
     "0.0000)"),
    (lambda: b"OTTO" + LATO_BOLD.read_bytes()[4:],
     "'Brand-Bold.ttf' has PostScript (CFF) outlines, which cannot be embedded here; "
     "TrueType outlines are needed (give a TrueType (.ttf) or OpenType file with TrueType "
     "outlines)"),
    (lambda: b"wOF2" + bytes(100), "'Brand-Bold.ttf' is a web font (WOFF)"),
], ids=["truncated-half", "loca-out-of-range", "loca-zeroed", "cmap-garbage", "head-zeroed",
        "opentype-cff", "woff2"])
def test_damaged_or_unusable_font_is_named(capsys, campaign, tmp_path, data, expected):
    _brand_font(campaign, data())
    errors = refused(capsys, campaign, tmp_path)
    assert len(errors) == 1 and errors[0].startswith(f"{BRAND}: fonts.bold: {expected}"), errors


def ascii_only_font(source: Path) -> bytes:
    """Lato with only the printable ASCII characters: reportlab's subsetter, with a Unicode
    cmap (format 4) in place of the subset's Mac table, so the characters keep their codes."""
    codes = list(range(32, 127))
    subset = TTFontFile(str(source)).makeSubset(codes)
    tables = {}
    for index in range(struct.unpack(">H", subset[4:6])[0]):
        tag, _sum, offset, length = struct.unpack(">4sIII", subset[12 + 16 * index:
                                                                   28 + 16 * index])
        tables[tag.decode("latin-1")] = subset[offset:offset + length]
    # The subset's format-6 table maps index i to the glyph of codes[i].
    glyphs = struct.unpack(f">{len(codes)}H", tables["cmap"][22:22 + 2 * len(codes)])
    segments = [*zip(codes, glyphs), (0xFFFF, 1 + 0xFFFF)]  # one segment per character
    count = len(segments)
    search = 2 ** int(math.log2(count))
    ends = struct.pack(f">{count}H", *(code for code, _ in segments))
    deltas = struct.pack(f">{count}H", *((glyph - code) % 0x10000 for code, glyph in segments))
    body = ends + b"\0\0" + ends + deltas + bytes(2 * count)
    header = struct.pack(">7H", 4, 14 + len(body), 0, 2 * count, 2 * search,
                         int(math.log2(search)), 2 * (count - search))
    tables["cmap"] = struct.pack(">HHHHI", 0, 1, 3, 1, 12) + header + body
    maker = TTFontMaker()
    for tag, data in tables.items():
        maker.add(tag, data)
    return maker.makeStream()


def test_brand_font_without_a_needed_glyph_names_character_and_font_file(capsys, campaign,
                                                                         tmp_path):
    _brand_font(campaign, ascii_only_font(LATO_BOLD))
    edit(campaign, MESSAGES, "{% block trainers_kicker %}Voor trainers",
         "{% block trainers_kicker %}Voor coördinatoren")
    errors = refused(capsys, campaign, tmp_path, *IN_PROCESS)
    one(errors, f"{MESSAGES}: trainers_kicker: font Brand-Bold.ttf has no glyph for '\u00f6' "
        "(U+00F6 LATIN SMALL LETTER O WITH DIAERESIS)")
    assert all("font Brand-Bold.ttf has no glyph for" in error for error in errors), errors


# --- 6. paths and region ids -------------------------------------------------------------


def test_font_given_as_an_absolute_path_is_refused(capsys, campaign, tmp_path):
    # a short absolute path, so the message quotes it whole wherever the tests run
    outside = Path(tempfile.mkdtemp(prefix="f")) / "L.ttf"  # /tmp/fXXXXXXXX/L.ttf
    shutil.copy(LATO_BOLD, outside)
    edit(campaign, BRAND, 'bold = "lato:Bold"', f'bold = "{outside}"')
    errors = refused(capsys, campaign, tmp_path)
    assert errors == [f"{BRAND}: fonts.bold: path '{outside}' {LEAVES}"]


def test_font_symlink_leaving_the_campaign_folder_is_refused(capsys, campaign, tmp_path):
    shutil.copy(LATO_BOLD, tmp_path / "outside.ttf")
    (campaign / "assets/brand/Brand-Bold.ttf").symlink_to(tmp_path / "outside.ttf")
    edit(campaign, BRAND, 'bold = "lato:Bold"', 'bold = "Brand-Bold.ttf"')
    errors = refused(capsys, campaign, tmp_path)
    assert errors == ["assets/brand/Brand-Bold.ttf: is a symlink that leaves the campaign "
                      f"folder (to '{tmp_path / 'outside.ttf'}') (copy the file into the "
                      "campaign folder instead)"]


def test_region_photo_outside_the_campaign_folder_is_refused(capsys, campaign, tmp_path):
    (tmp_path / "x.jpg").write_bytes(image_bytes(_solid((3000, 2000)), "JPEG"))
    write(campaign, MAASDAL, (campaign / MAASDAL).read_text("utf-8")
          + '\n[photos]\nposter = "../../../../x.jpg"\n')
    errors = refused(capsys, campaign, tmp_path)
    assert errors == [f"{MAASDAL}: photos.poster: path '../../../../x.jpg' {LEAVES}"]


HEADER = "id;name;landing_url;logo;contact\n"
URL = "https://maakhetverschilvooreenkind.nl/x"


def test_table_logo_outside_the_campaign_folder_is_refused(capsys, campaign, tmp_path):
    shutil.copy(campaign / SVG_LOGO, tmp_path / "x.svg")
    write(campaign, REGIONS_TABLE, f"{HEADER}echt;Echt;{URL};../../x.svg;Bel ons.\n")
    errors = refused(capsys, campaign, tmp_path, "--region", "echt", "--only", "poster")
    assert errors == [f"{REGIONS_TABLE}: row 2: logo: path '../../x.svg' {LEAVES}"]


@pytest.mark.parametrize("region_id", ["../x", "x/y", "Bad Id", "a b", "x\\y"])
def test_table_row_id_that_is_not_a_simple_name_is_refused(capsys, campaign, tmp_path,
                                                           region_id):
    write(campaign, REGIONS_TABLE, f"{HEADER}{region_id};X;{URL};;Bel ons.\n")
    errors = refused(capsys, campaign, tmp_path, build_only=("--only", "poster"))
    assert errors == [f"{REGIONS_TABLE}: row 2: id: '{region_id}' is not a simple name (use "
                      "lower-case letters, digits and '-', at most 64)"]


def test_region_folder_with_a_space_is_refused(capsys, campaign, tmp_path):
    shutil.copytree(campaign / MAASDAL_DIR, campaign / "assets/regions/a b")
    errors = refused(capsys, campaign, tmp_path, build_only=("--only", "poster"))
    assert errors == ["assets/regions/a b: region id 'a b' is not a simple name (rename the "
                      "folder with lower-case letters, digits and '-', at most 64)"]


# --- 7. tables ---------------------------------------------------------------------------


MAP_HEADER = "organisation;offer;audience;phone;website;email\n"


@pytest.mark.parametrize("table, text, expected", [
    (REGIONS_TABLE, "id;name;logo\nx;X;\n", "header: missing column(s): landing_url"),
    (SOCIAL_MAP, "organisation;offer;phone\nA;B;\n", "header: missing column(s): audience"),
    (REGIONS_TABLE, f"{HEADER.strip()};fax\nx;X;{URL};;Bel.;1\n",
     "header: unknown column(s): fax"),
    (SOCIAL_MAP, "organisation;offer;audience;fax\nA;B;C;1\n", "header: unknown column(s): fax"),
    (SOCIAL_MAP, f"{MAP_HEADER}A;B;C;;;;extra\n", "row 2: has more fields than the header"),
    (REGIONS_TABLE, "id;name;landing_url;logo;contact\nx;X\n", "row 2: landing_url: is empty"),
    (SOCIAL_MAP, f"{MAP_HEADER}A;B\n", "row 2: audience: is empty"),
    (REGIONS_TABLE, f"{HEADER}x;\u05e9;{URL};;Bel.\n", f"row 2: name: {SHIN} is"),
    (SOCIAL_MAP, f"{MAP_HEADER}A;B;Buren \u05e9;;;\n", f"row 2: audience: {SHIN} is"),
    (REGIONS_TABLE, "", "is empty (the first row names the columns: id, name, landing_url, "
     "logo, contact)"),
    # An unclosed quote runs to the end of the file: one cell, the rest of the row empty.
    (SOCIAL_MAP, 'organisation;offer;audience\n"A;B;C\n', "row 2: offer: is empty"),
], ids=["regions-missing-column", "map-missing-column",
        "regions-extra-column", "map-extra-column", "map-row-too-long",
        "regions-row-too-short", "map-row-too-short", "regions-right-to-left",
        "map-right-to-left", "regions-empty-file", "map-unclosed-quote"])
def test_bad_table_is_named(capsys, campaign, tmp_path, table, text, expected):
    write(campaign, table, text)
    arguments = ("--region", "x", "--only", "poster") if table == REGIONS_TABLE else ()
    errors = refused(capsys, campaign, tmp_path, *arguments)
    one(errors, f"{table}: {expected}")


@pytest.mark.parametrize("table, text", [
    (REGIONS_TABLE, f"{HEADER}x;X;{URL};;Bel ons.\n"),
    (SOCIAL_MAP, f"{MAP_HEADER}A;B;C;;;\n"),
], ids=["regions", "map"])
def test_utf16_table_is_named(capsys, campaign, tmp_path, table, text):
    write(campaign, table, text.encode("utf-16"))
    arguments = ("--region", "x", "--only", "poster") if table == REGIONS_TABLE else ()
    errors = refused(capsys, campaign, tmp_path, *arguments)
    one(errors, f"{table}: is UTF-16 text (save it as 'CSV UTF-8' (in Excel: Save As, "
        "'CSV UTF-8 (comma delimited)'))")


def test_tables_in_either_separator_with_bom_short_rows_and_line_breaks_are_read(
        capsys, campaign, tmp_path):
    write(campaign, REGIONS_TABLE, "\ufeffid,name,landing_url\n"
          f'kort,"Kort\nbij de Maas",{URL}\n')
    write(campaign, "assets/regions-defaults.toml",
          'contact = "Bel ons."\n[[partners]]\nname = "GGD"\n')
    write(campaign, SOCIAL_MAP, f"\ufeff{MAP_HEADER}"
          'Buurthuis;"Koffie,\nthee en\r\neen luisterend oor.";Buren\n'
          "Wijkteam;Hulp;Iedereen;043 123 45 67\n")
    out = tmp_path / "out"
    built = run(capsys, "build", campaign, "--out", str(out), "--only", "handreiking",
                "--region", "maasdal", *IN_PROCESS)
    # the short row has no contact at all: read, and named as a row nobody can be sent to
    assert (built.code, built.errors) == (0, [])
    assert built.warnings == [f"{SOCIAL_MAP}: row 2: Buurthuis: has no phone, website or "
                              "e-mail: from this row nobody can be referred (add a contact "
                              "the organisation publishes itself)"]
    path = out / "maasdal/handreiking/handreiking-screen-A5.pdf"
    pages = [page_text(path, index) for index in range(len(PdfReader(path).pages))]
    text = " ".join(" ".join(pages).split())
    assert "Koffie, thee en een luisterend oor." in text
    assert "043 123 45 67" in text
    checked = run(capsys, "check", campaign, "--region", "kort", "--only", "poster")
    assert (checked.code, checked.errors, checked.warnings) == (0, [], [])


@pytest.mark.parametrize("template, inserted, expected", [
    ("leesmij.nl.txt.j2", '{{ "".__class__.__mro__ }}',
     "templates/leesmij.nl.txt.j2: cannot be rendered: '__class__' of a str is not available "
     "to templates"),
    ("portal.nl.html.j2", "{{ nope.x }}",
     "templates/portal.nl.html.j2: unknown variable ('nope' is undefined) (use one of: "
     "campaign.*, colours.*, fonts.*, regions.*, region.*)"),
], ids=["pack-readme-internals", "page-unknown-variable"])
@pytest.mark.parametrize("jobs", ["1", "2"])
def test_whole_page_templates_are_refused_like_blocks(capsys, campaign, tmp_path, template,
                                                      inserted, expected, jobs):
    """The pack's LEESMIJ (rendered in a worker) and the download page (in the parent)."""
    path = campaign / "templates" / template
    path.write_text(inserted + path.read_text("utf-8"), "utf-8")
    out = tmp_path / "out"
    built = run(capsys, "build", campaign, "--out", str(out), "--only", "poster",
                "--jobs", jobs)
    assert built.code == 2, built.stderr
    assert any(error.startswith(expected) for error in built.errors), built.errors
    assert not out.exists()
