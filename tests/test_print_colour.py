"""Print a shop accepts without a call (#19): PDF/X-4, colour management, ink, overprint."""

from __future__ import annotations

import io
import re
import shutil
from pathlib import Path

import pikepdf
import pytest
from PIL import Image, ImageCms

from tests.conftest import ROOT, read_manifest
from tests.pdfx import (
    PAINT_OPERATORS, max_ink_per_page, painted_text, pdfx_problems, pixels,
)
from toolkit.colour import Colour
from toolkit.config.assets import load_logo
from toolkit.config.load import load_campaign
from toolkit.config.press import (
    MAX_DELTA_E, default_press, delta_e00, keep_or_separate, lab_of_cmyk, lab_of_rgb, separate,
)
from toolkit.layout.model import Box, Document, Line, Page, Picture, Rect, Vector
from toolkit.render.overprint import Backdrop
from toolkit.render.pdf import render_pdf
from toolkit.render.profiles import print_profile
from toolkit.run.cli import main

PURPLE = (122, 62, 150)
INK_LIMIT = 300.0


def print_files(out: Path) -> list[Path]:
    return [out / entry["path"] for entry in read_manifest(out)
            if entry["media"] == "print" and entry["path"].endswith(".pdf")]


def test_every_print_file_of_both_regions_is_pdfx4(built):
    files = print_files(built)
    assert {path.relative_to(built).parts[0] for path in files} == {"maasdal", "midden-limburg"}
    failures = {str(path.relative_to(built)): pdfx_problems(path) for path in files}
    assert not {name: problems for name, problems in failures.items() if problems}


def test_screen_files_carry_no_output_intent(built):
    screen = built / "maasdal/handreiking/handreiking-screen-A5.pdf"
    with pikepdf.open(screen) as pdf:
        assert "/OutputIntents" not in pdf.Root


def test_output_intent_names_fogra39_and_embeds_the_profile(built):
    with pikepdf.open(built / "midden-limburg/poster/poster-buren-A2.pdf") as pdf:
        intent = pdf.Root.OutputIntents[0]
        assert str(intent.OutputConditionIdentifier) == "FOGRA39"
        assert intent.DestOutputProfile.read_bytes() == default_press().icc
        meta = pdf.open_metadata()
        assert meta["xmp:CreateDate"].startswith("2026-12-01")  # brand.toml: december 2026
        assert str(pdf.docinfo.GTS_PDFXVersion) == "PDF/X-4"


@pytest.mark.skipif(shutil.which("gs") is None, reason="Ghostscript (gs) is not installed")
def test_total_ink_at_most_300_percent_on_every_print_page(built):
    # A raster's pixel is about 2 mm: fine enough for the motif, text and logos' areas.
    totals = max_ink_per_page(print_files(built), 12)
    over = {str(path.relative_to(built)): [round(t) for t in pages]
            for path, pages in totals.items() if max(pages) > INK_LIMIT + 1}
    assert not over
    assert all(pages for pages in totals.values())


def separated(rgb: tuple[int, int, int]) -> tuple[float, ...]:
    pixel = separate(default_press(), Image.new("RGB", (1, 1), rgb)).getpixel((0, 0))
    return tuple(value / 2.55 for value in pixel)


def test_black_and_greys_of_an_srgb_logo_print_on_black_only():
    cyan, magenta, yellow, black = separated((0, 0, 0))
    assert max(cyan, magenta, yellow) <= 2 and black >= 98
    for level in (40, 128, 200, 240):
        assert separated((level, level, level))[:3] == (0, 0, 0), level
    whites = separated((255, 255, 255))
    assert whites == (0, 0, 0, 0)


def test_purple_keeps_its_colour_on_press():
    """The naive formula shifted the example logo's purple by ΔE ≈ 35."""
    cmyk = tuple(value / 100 for value in separated(PURPLE))
    assert delta_e00(lab_of_rgb(tuple(c / 255 for c in PURPLE)),
                     lab_of_cmyk(default_press(), cmyk)) < 5


def test_an_embedded_profile_is_honoured():
    """A logo saved with Adobe RGB converts from Adobe RGB: other CMYK than as sRGB."""
    adobe = Path("/usr/share/color/icc/compatibleWithAdobeRGB1998.icc")
    if not adobe.is_file():
        pytest.skip("icc-profiles-free is not installed (no Adobe RGB profile to embed)")
    picture = Image.new("RGB", (1, 1), (0, 160, 80))
    as_srgb = separate(default_press(), picture).getpixel((0, 0))
    as_adobe = separate(default_press(), picture, adobe.read_bytes()).getpixel((0, 0))
    assert as_srgb != as_adobe


def images(page: pikepdf.Page) -> list:
    """The page's image XObjects (pikepdf 9 renamed Page.images)."""
    found = page.get_images() if hasattr(page, "get_images") else page.images
    return list(found.values()) if hasattr(found, "values") else list(found)


def logo_pair(folder: Path) -> tuple[Path, Path]:
    """The same mark as PNG and as SVG: a black bar and a purple disc on white."""
    png = folder / "mark.png"
    image = Image.new("RGB", (600, 300), (255, 255, 255))
    image.paste((0, 0, 0), (0, 0, 300, 300))
    image.paste(PURPLE, (300, 0, 600, 300))
    image.save(png)
    svg = folder / "mark.svg"
    svg.write_text('<svg xmlns="http://www.w3.org/2000/svg" width="200" height="100" '
                   'viewBox="0 0 200 100"><rect width="100" height="100" fill="#000000"/>'
                   '<rect x="100" width="100" height="100" fill="#7A3E96"/></svg>')
    return png, svg


def test_the_same_logo_as_png_and_svg_prints_the_same_black(tmp_path):
    png, svg = logo_pair(tmp_path)
    raster, vector = load_logo(png, "t", "logo"), load_logo(svg, "t", "logo")
    page = Page(400, 200, (Picture(Box(0, 0, 200, 100), raster),
                           Vector(Box(200, 0, 200, 100), vector)))
    data = render_pdf(Document("Logo", "test", (page,), "test"), print_profile())
    with pikepdf.open(io.BytesIO(data)) as pdf:
        image = next(iter(images(pdf.pages[0])))
        picture = pikepdf.PdfImage(image).as_pil_image()
        fills = {tuple(round(float(v) * 100) for v in operands)
                 for operands, operator in pikepdf.parse_content_stream(pdf.pages[0])
                 if str(operator) == "k"}
    assert picture.mode == "CMYK"
    png_colours = {tuple(round(v / 2.55) for v in picture.getpixel((x, 50)))
                   for x in (20, picture.width - 20)}
    assert (0, 0, 0, 100) in png_colours and (0, 0, 0, 100) in fills
    assert png_colours <= fills  # the purple too: one conversion for both


def test_no_logo_pixel_is_three_plate_black(built):
    """Every logo image in every print file: no pixel built of C, M and Y all over 50 %."""
    checked = 0
    for path in print_files(built):
        with pikepdf.open(path) as pdf:
            for page in pdf.pages:
                for image in images(page):
                    picture = pikepdf.PdfImage(image).as_pil_image()
                    if picture.mode != "CMYK" or image.get("/Filter") == "/DCTDecode":
                        continue  # photos are JPEG; logos stay lossless
                    rich = [p for p in pixels(picture) if min(p[:3]) > 127]
                    assert not rich, (path.name, rich[:3])
                    checked += 1
    assert checked  # Maasdal's partner row holds a PNG logo


def test_brand_screen_and_print_colours_agree():
    campaign, problems = load_campaign(ROOT)
    press = campaign.brand.press
    for role, colour in campaign.brand.colours.items():
        assert delta_e00(lab_of_rgb(colour.rgb), lab_of_cmyk(press, colour.cmyk)) \
            <= MAX_DELTA_E, role
        assert colour.total_ink <= INK_LIMIT / 100
    assert not [w for w in problems.warnings if w.field.startswith("colours")]


def test_a_hex_changed_without_its_cmyk_is_a_warning(campaign, capsys):
    brand = campaign / "assets/brand/brand.toml"
    brand.write_text(brand.read_text().replace('hex = "#00606E"', 'hex = "#6E0060"'))
    assert main(["check", "--campaign", str(campaign)]) == 0
    err = capsys.readouterr().err
    line = next(line for line in err.splitlines() if "colours.primary" in line)
    assert "#6E0060" in line and "[90, 30, 35, 45]" in line and "ΔE00" in line
    assert re.search(r"cmyk \[\d+, \d+, \d+, \d+\] prints like #6E0060", line)


def test_a_brand_names_its_own_profile(campaign):
    shutil.copy(ROOT / "toolkit/data/FOGRA39-300.icc",
                campaign / "assets/brand/shop.icc")
    brand = campaign / "assets/brand/brand.toml"
    text = brand.read_text()
    brand.write_text(text + '\n[press]\nprofile = "shop.icc"\ncondition = "FOGRA39"\n')
    campaign_, _ = load_campaign(campaign)
    assert campaign_.brand.press.identifier == "FOGRA39"


@pytest.mark.parametrize("content, said", [
    (b"not a profile at all", "is not an ICC colour profile"),
    (ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB")).tobytes(),
     "not a CMYK output (printer) profile"),
])
def test_a_wrong_profile_is_named(campaign, capsys, content, said):
    (campaign / "assets/brand/shop.icc").write_bytes(content)
    brand = campaign / "assets/brand/brand.toml"
    brand.write_text(brand.read_text() + '\n[press]\nprofile = "shop.icc"\n')
    assert main(["check", "--campaign", str(campaign)]) == 2
    err = capsys.readouterr().err
    assert "assets/brand/brand.toml: press.profile: 'shop.icc'" in err and said in err
    assert "Traceback" not in err


def test_a_profile_outside_the_campaign_is_refused(campaign, capsys):
    brand = campaign / "assets/brand/brand.toml"
    brand.write_text(brand.read_text() + '\n[press]\nprofile = "../../../x.icc"\n')
    assert main(["check", "--campaign", str(campaign)]) == 2
    assert "press.profile" in capsys.readouterr().err


def test_black_text_on_colour_overprints_and_on_white_it_does_not(built):
    """'1 op 4' on the hulpverleners poster's orange dot is 100 % K on colour: it overprints
    (ExtGState /op true, /OPM 1); the handreiking's body text on white paper knocks out."""
    with pikepdf.open(built / "midden-limburg/poster/poster-hulpverleners-A4.pdf") as pdf:
        shown = painted_text(pdf.pages[0])
    black = [s for s in shown if s["cmyk"] == (0, 0, 0, 1)]
    assert black and all(s["op"] and s["OP"] and s["OPM"] == 1 for s in black)
    assert not any(s["op"] for s in shown if s["cmyk"] != (0, 0, 0, 1))
    with pikepdf.open(built / "midden-limburg/handreiking/handreiking-print-A5.pdf") as pdf:
        body, boxed = painted_text(pdf.pages[2]), painted_text(pdf.pages[3])
    assert [s for s in body if s["cmyk"] == (0, 0, 0, 1)]
    assert not any(s["op"] for s in body)
    # page 4: the quote's three lines sit in a tinted call-out box, the rest on paper
    assert sum(s["op"] for s in boxed) == 3 and len(boxed) > 20


def test_font_subsets_are_tagged_by_their_content(built):
    tags: dict[str, set[bytes]] = {}
    for path in print_files(built)[:6]:
        with pikepdf.open(path) as pdf:
            for obj in pdf.objects:
                if isinstance(obj, pikepdf.Dictionary) and obj.get("/Type") == "/Font":
                    name = str(obj.BaseFont)
                    assert re.match(r"^/[A-Z]{6}\+", name) and not name.startswith("/AAAAAA+")
                    data = obj.FontDescriptor.FontFile2.read_bytes()
                    tags.setdefault(name[1:7], set()).add(data)
    assert len(tags) > 3 and all(len(files) == 1 for files in tags.values())


def test_a_black_pictogram_on_the_dot_overprints(built):
    """Maasdal's hulpverleners poster: the pictogram (strokes), 100 % K on the accent dot."""
    with pikepdf.open(built / "maasdal/poster/poster-hulpverleners-A3.pdf") as pdf:
        painted = painted_text(pdf.pages[0], PAINT_OPERATORS)
    black = [p for p in painted if p["operator"] in ("S", "s") and p["stroke"] == (0, 0, 0, 1)]
    assert black and all(p["OP"] and p["op"] and p["OPM"] == 1 for p in black)
    coloured = [p for p in painted if p["operator"] in ("f", "f*")
                and p["cmyk"] not in ((0, 0, 0, 1), None)]
    assert coloured and not any(p["op"] for p in coloured)


BLACK = Colour("ink", (0.1, 0.1, 0.1), (0, 0, 0, 1))
TEAL = Colour("primary", (0, 0.4, 0.4), (0.9, 0.3, 0.35, 0.45))
PAPER = Colour("paper", (1, 1, 1), (0, 0, 0, 0))


def test_thin_black_lines_overprint_colour_only():
    backdrop = Backdrop()
    backdrop.paint(Rect(Box(100, 100, 50, 50), fill=TEAL))
    backdrop.paint(Rect(Box(300, 100, 50, 50), fill=PAPER))
    assert backdrop.overprints(Line((90, 120), (160, 120), BLACK, 0.5))
    assert not backdrop.overprints(Line((290, 120), (360, 120), BLACK, 0.5))  # on paper
    assert not backdrop.overprints(Line((90, 120), (160, 120), BLACK, 6))  # not thin
    assert not backdrop.overprints(Line((90, 120), (160, 120), TEAL, 0.5))  # not black
    # through a group: turned 90° round (0, 0) and moved, the line lands on the teal
    backdrop.push(125, 0, 90, (0, 0))
    assert backdrop.overprints(Line((110, -10), (140, -10), BLACK, 0.5))
    assert not backdrop.overprints(Line((110, 200), (140, 200), BLACK, 0.5))
    backdrop.pop()


def test_a_cmyk_logo_keeps_its_separation_within_the_ink_limit():
    press = default_press()
    made_for_print = Image.new("CMYK", (8, 8), (255, 40, 0, 0))
    assert keep_or_separate(press, made_for_print).getpixel((3, 3)) == (255, 40, 0, 0)
    four_colour_black = Image.new("CMYK", (8, 8), (255, 255, 255, 255))  # 400 %
    again = keep_or_separate(press, four_colour_black).getpixel((3, 3))
    assert sum(again) <= 3 * 255 and again[3] >= 0.9 * 255  # within the limit, on K
