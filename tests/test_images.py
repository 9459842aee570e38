"""Raster logos and region photos: resolution judged at the printed size, CMYK in print."""

from __future__ import annotations

from pathlib import Path

from PIL import Image, ImageChops, ImageStat

from tests.conftest import build_into
from tests.pdfcheck import image_colour_spaces, render
from toolkit.run.cli import main

REGION = "assets/regions/maasdal/region.toml"


def _logo(campaign: Path, width_px: int) -> None:
    image = Image.new("RGB", (width_px, width_px // 3), (40, 90, 160))
    image.save(campaign / "assets/regions/maasdal/logos/small.png")
    path = campaign / REGION
    path.write_text(path.read_text().replace("jeugdpunt-heuvelrand.png", "small.png"))


def _photo(campaign: Path, size: tuple[int, int]) -> None:
    image = Image.linear_gradient("L").resize(size).convert("RGB")
    (campaign / "assets/regions/maasdal/photos").mkdir()
    image.save(campaign / "assets/regions/maasdal/photos/poster.jpg", quality=90)
    path = campaign / REGION
    path.write_text(path.read_text() + '\n[photos]\nposter = "photos/poster.jpg"\n')


def test_logo_below_300_ppi_warns_naming_partner(campaign, capsys):
    # A solid block weighs much per point: optical sizing sets it small (about 23 mm wide on
    # A2), so 225 px is ~250 ppi there and plenty on A4.
    _logo(campaign, 225)
    assert main(["check", "--campaign", str(campaign), "--region", "maasdal"]) == 0
    err = capsys.readouterr().err
    assert "warning: " + REGION in err and "partners[1].logo" in err
    assert "Jeugdpunt Heuvelrand" in err and "A2" in err and "A4" not in err
    assert main(["check", "--campaign", str(campaign), "--region", "maasdal",
                 "--strict"]) == 2


def test_logo_below_150_ppi_is_refused(campaign, capsys, tmp_path):
    _logo(campaign, 100)
    assert build_into(tmp_path / "out", "--region", "maasdal", campaign=campaign) == 2
    err = capsys.readouterr().err
    assert "below the 150 ppi floor" in err and "Jeugdpunt Heuvelrand" in err
    assert not (tmp_path / "out").exists()


def test_region_photo_is_cover_cropped_and_cmyk(campaign, tmp_path):
    _photo(campaign, (3200, 1920))
    out = tmp_path / "out"
    assert build_into(out, "--region", "maasdal", "--item", "poster-buren-A3",
                      campaign=campaign) == 0
    pdf = out / "maasdal/poster/poster-buren-A3.pdf"
    assert image_colour_spaces(pdf) == {"/DeviceCMYK"}
    image = render(pdf, scale=0.5)
    # The photo's gradient runs top (dark) to bottom (light) inside its frame, top right.
    top = image.getpixel((int(image.width * 0.8), int(image.height * 0.06)))
    lower = image.getpixel((int(image.width * 0.55), int(image.height * 0.30)))
    assert sum(top) < sum(lower)
    # The print PDF keeps the photo at print resolution (at most the source's 1920 rows) ...
    import pikepdf
    with pikepdf.open(pdf) as document:
        heights = [int(o.Height) for o in document.objects if isinstance(o, pikepdf.Stream)
                   and o.get("/Subtype") == "/Image" and "/DCTDecode" in str(o.get("/Filter"))]
    assert heights and max(heights) > 1000
    # ... while its thumbnail, drawn from lighter copies of the photo, looks the same as the
    # page drawn from the full photo at that size.
    preview = Image.open(out / "previews/maasdal/poster/poster-buren-A3-1.png").convert("RGB")
    trim = render_trimmed(pdf, preview.width)
    assert trim.size == preview.size
    difference = ImageStat.Stat(ImageChops.difference(trim, preview)).mean
    assert max(difference) < 3, difference


def render_trimmed(path: Path, width_px: int) -> Image.Image:
    """The first page, trim box only, width_px wide, from the PDF as written."""
    import pypdfium2 as pdfium

    page = pdfium.PdfDocument(str(path))[0]
    media, trim = page.get_mediabox(), page.get_trimbox()
    crop = (trim[0] - media[0], trim[1] - media[1], media[2] - trim[2], media[3] - trim[3])
    image = page.render(scale=width_px / (trim[2] - trim[0]), crop=crop).to_pil().convert("RGB")
    return image if image.width == width_px else image.resize(
        (width_px, round(image.height * width_px / image.width)), Image.Resampling.BOX)


def test_small_photo_is_refused(campaign, capsys):
    _photo(campaign, (300, 200))
    assert main(["check", "--campaign", str(campaign), "--region", "maasdal"]) == 2
    assert "photos.poster" in capsys.readouterr().err
