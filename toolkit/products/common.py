"""Checks and helpers that several products share: image resolution, cover crops, links."""

from __future__ import annotations

import math
from urllib.parse import urlencode

from toolkit.config.assets import RasterImage
from toolkit.config.looks import LOOKS_FILE
from toolkit.config.model import Region, RegionPhoto
from toolkit.config.messages import _, did_you_mean
from toolkit.errors import Problems
from toolkit.formats import FLOOR_PRINT_PPI, MIN_PRINT_PPI
from toolkit.layout.logos import Placed
from toolkit.layout.model import Box
from toolkit.layout.text import FitSpec, Where

POINTS_PER_INCH = 72
MM_PER_INCH = 25.4


class Composing:
    """What every product's composing context shares: where a text slot comes from (for
    messages) and a fit spec in one of the brand's fonts. Needs .brand, .copy and .medium
    (the words after 'in' in a message: 'the A4 poster')."""

    def where(self, block: str) -> Where:
        return Where(self.copy.file_of(block), block, self.medium)

    def spec(self, role: str, max_pt: float, min_pt: float | None = None, **options) -> FitSpec:
        return FitSpec(self.brand.fonts[role], max_pt, min_pt or max_pt, **options)


def ppi(pixels: float, length_pt: float) -> float:
    """Return pixels per inch of an image spanning length_pt."""
    return pixels / (length_pt / POINTS_PER_INCH)


def _judge(pixels: tuple[float, int], width_pt: float, file: str, field: str, what: str,
           medium: str, problems: Problems) -> None:
    """Warn below MIN_PRINT_PPI and refuse below FLOOR_PRINT_PPI, in pixels: how many the
    image has across the width it prints at, and how many that width needs."""
    resolution = ppi(pixels[0], width_pt)
    if resolution >= MIN_PRINT_PPI:
        return
    values = {"what": what, "width": round(pixels[0]), "height": pixels[1], "medium": medium,
              "ppi": round(resolution), "floor": FLOOR_PRINT_PPI, "good_ppi": MIN_PRINT_PPI,
              "least": math.ceil(width_pt / POINTS_PER_INCH * FLOOR_PRINT_PPI),
              "good": math.ceil(width_pt / POINTS_PER_INCH * MIN_PRINT_PPI),
              "printed": round(width_pt / POINTS_PER_INCH * MM_PER_INCH)}
    fix = _("give a larger image (PNG or JPEG) or an SVG")
    if resolution < FLOOR_PRINT_PPI:
        problems.error(file, field, _(
            "{what} is {width}×{height} px: on {medium} it prints {printed} mm wide, at "
            "{ppi} ppi, below the {floor} ppi floor; it needs at least {least} px of width, "
            "{good} px is better", **values), fix)
    else:
        problems.warn(file, field, _(
            "{what} is {width}×{height} px: on {medium} it prints {printed} mm wide, at "
            "{ppi} ppi (below {good_ppi} ppi); {good} px of width is better", **values), fix)


def check_logo_resolution(placed: tuple[Placed, ...], region: Region, medium: str,
                          problems: Problems) -> None:
    """Warn below 300 ppi and refuse below 150 ppi, naming the partner (medium: 'the A2
    poster', in the messages' language)."""
    for item in placed:
        logo = item.partner.logo
        if isinstance(logo, RasterImage):
            _judge((logo.width_px, logo.height_px), item.box.width, region.file,
                   f"{item.partner.field}.logo",
                   _("the logo of '{name}'", name=item.partner.name), medium, problems)


def cover_crop(image: RasterImage, box: Box, focus: tuple[float, float] = (0.5, 0.5)
               ) -> tuple[float, float, float, float]:
    """Return crop fractions (left, bottom, right, top) that fill box without distortion,
    the focal point (from the left, from the top) as near the frame's centre as the image
    allows (it always stays inside)."""
    target = box.width / box.height
    if image.aspect > target:
        keep = target / image.aspect
        left = min(max(focus[0] - keep / 2, 0.0), 1 - keep)
        return (left, 0.0, left + keep, 1.0)
    keep = image.aspect / target
    bottom = min(max(1 - focus[1] - keep / 2, 0.0), 1 - keep)
    return (0.0, bottom, 1.0, bottom + keep)


def check_photo_resolution(photo: RegionPhoto, crop: tuple[float, float, float, float],
                           box: Box, region: Region, medium: str,
                           problems: Problems) -> None:
    """The same for a region's photo, counting the pixels of the part that shows."""
    image = photo.image
    shown = (image.width_px * (crop[2] - crop[0]), round(image.height_px * (crop[3] - crop[1])))
    _judge(shown, box.width, region.file, photo.field, _("the photo"), medium, problems)


def check_design_names(region: Region, looks: dict, product: str, names: list[str],
                       problems: Problems) -> None:
    """Every look designs.toml gives, and every photo the region gives, a design of this
    product names one of its designs: a misspelt name would silently leave the design as
    it was."""
    named = [(str(LOOKS_FILE), f"{product}.{name[:80]}", name)
             for name in _of_product(sorted(looks), product)]
    named += [(region.file, photo.field, name) for (key, photo) in region.design_photos
              for name in _of_product([key], product)]
    for file, field_path, name in named:
        if name not in names:
            problems.error(file, field_path, _("no design '{name}' in {product}",
                                               product=product, name=name[:80]),
                           did_you_mean(name, tuple(names)))


def _of_product(keys: list[str], product: str) -> list[str]:
    """The design names of keys ('<product>/<design>') that belong to product."""
    return [key.split("/", 1)[1] for key in keys if key.split("/", 1)[0] == product]


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
            problems.error(region.file, f"print.quantities.{name[:80]}",
                           _("is not a print file of this region"),
                           did_you_mean(name, tuple(items)))
