"""Checks and helpers that several products share: image resolution, cover crops, links."""

from __future__ import annotations

from urllib.parse import urlencode

from toolkit.config.assets import RasterImage
from toolkit.config.model import Region
from toolkit.errors import Problems, did_you_mean
from toolkit.formats import FLOOR_PRINT_PPI, MIN_PRINT_PPI
from toolkit.layout.logos import Placed
from toolkit.layout.model import Box
from toolkit.layout.text import FitSpec, Where

POINTS_PER_INCH = 72


class Composing:
    """What every product's composing context shares: where a text slot comes from (for
    messages) and a fit spec in one of the brand's fonts. Needs .brand, .copy and .medium
    (the words after 'in' in a message: 'the A4 poster')."""

    def where(self, block: str) -> Where:
        return Where(self.copy.template, block, self.medium)

    def spec(self, role: str, max_pt: float, min_pt: float | None = None, **options) -> FitSpec:
        return FitSpec(self.brand.fonts[role], max_pt, min_pt or max_pt, **options)


def ppi(pixels: float, length_pt: float) -> float:
    """Return pixels per inch of an image spanning length_pt."""
    return pixels / (length_pt / POINTS_PER_INCH)


def _judge(resolution: float, file: str, field: str, what: str, problems: Problems) -> None:
    if resolution < FLOOR_PRINT_PPI:
        problems.error(file, field, f"{what} prints at {resolution:.0f} ppi, below the "
                       f"{FLOOR_PRINT_PPI} ppi floor", "give a larger image or an SVG")
    elif resolution < MIN_PRINT_PPI:
        problems.warn(file, field, f"{what} prints at {resolution:.0f} ppi (below "
                      f"{MIN_PRINT_PPI} ppi)", "give a larger image or an SVG")


def check_logo_resolution(placed: tuple[Placed, ...], region: Region, format_name: str,
                          problems: Problems) -> None:
    """Warn below 300 ppi and refuse below 150 ppi, naming the partner."""
    for item in placed:
        logo = item.partner.logo
        if isinstance(logo, RasterImage):
            resolution = ppi(logo.width_px, item.box.width)
            _judge(resolution, region.file, f"{item.partner.field}.logo",
                   f"logo of '{item.partner.name}' on the {format_name} print", problems)


def cover_crop(image: RasterImage, box: Box) -> tuple[float, float, float, float]:
    """Return crop fractions (left, bottom, right, top) that fill box without distortion."""
    target = box.width / box.height
    if image.aspect > target:
        keep = target / image.aspect
        return ((1 - keep) / 2, 0.0, (1 + keep) / 2, 1.0)
    keep = image.aspect / target
    return (0.0, (1 - keep) / 2, 1.0, (1 + keep) / 2)


def check_photo_resolution(image: RasterImage, crop: tuple[float, float, float, float],
                           box: Box, region: Region, format_name: str,
                           problems: Problems) -> None:
    pixels = image.width_px * (crop[2] - crop[0])
    _judge(ppi(pixels, box.width), region.file, "photos.poster",
           f"photo on the {format_name} print", problems)


def tagged_url(url: str, source: str, medium: str, campaign: str, content: str) -> str:
    """Return url with the campaign's tracking tags (utm_*), in a fixed order."""
    query = urlencode({"utm_source": source, "utm_medium": medium, "utm_campaign": campaign,
                       "utm_content": content})
    return f"{url}{'&' if '?' in url else '?'}{query}"


def print_item(path: str) -> str:
    """A print file's name as region.toml's [print] quantities name it: no folder, no .pdf."""
    return path.rsplit("/", 1)[-1].removesuffix(".pdf")


def check_print_quantities(region: Region, media_paths: list[tuple[str, str]],
                           problems: Problems) -> None:
    """Every quantity in the region's [print] table names one of its print files.
    media_paths: (media, path) of every file the region's products make."""
    items = sorted(print_item(path) for media, path in media_paths if media == "print")
    for name, _count in region.print_quantities:
        if name not in items:
            problems.error(region.file, f"print.quantities.{name[:80]}", "is not a print file of "
                           "this region", did_you_mean(name, tuple(items)))
