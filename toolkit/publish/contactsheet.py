"""The contact sheet: every item of a region's pack on one page, with its name, format
and size: what a coordinator sends round for approval. Drawn with the same page model
and renderer as the products (screen profile), then rasterised for the PNG."""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from PIL import Image

from toolkit.config.assets import RasterImage
from toolkit.config.content import Copy
from toolkit.config.model import Brand, Region
from toolkit.formats import PRINT_FORMATS, mm
from toolkit.layout.model import Box, Document, Item, Page, Picture, Rect
from toolkit.layout.text import FitSpec, Where, fit, place

SHEET = "A3"
MARGIN_MM = 12.0
GAP_MM = 3.0
HEADING_PT = (20.0, 11.0, 8.0)  # sheet title, section heading, caption line
CAPTION_MIN_PT = 4.5
MAX_ASPECT = 1.45  # tallest thumbnail cell, as height over width
COLUMN_CHOICES = range(4, 32)


@dataclass(frozen=True)
class Thumb:
    """One item: its preview image and the two caption lines."""

    image: Image.Image
    name: str
    detail: str

    @cached_property
    def raster(self) -> RasterImage:
        """The thumbnail as a model image, made once (the grid tries several sizes)."""
        return RasterImage(Path(self.name), self.image,
                           hashlib.sha256(self.image.tobytes()).hexdigest())


def human_size(size: int) -> str:
    """'840 kB', '1,2 MB': Dutch decimal comma."""
    if size < 1_000_000:
        return f"{max(1, round(size / 1000))} kB"
    return f"{size / 1_000_000:.1f} MB".replace(".", ",")


def contact_sheet(brand: Brand, region: Region, copy: Copy,
                  sections: list[tuple[str, list[Thumb]]]) -> Document:
    """One landscape page: a title, then per product a heading and a grid of thumbnails
    at the largest size that fits every item on the page."""
    height, width = PRINT_FORMATS[SHEET].size_pt  # landscape
    margin, gap = mm(MARGIN_MM), mm(GAP_MM)
    content = Box(margin, margin, width - 2 * margin, height - 2 * margin)
    where = Where(copy.template, "contact_sheet_title", "the contact sheet")
    title = fit(copy["contact_sheet_title"], FitSpec(brand.fonts["heavy"], HEADING_PT[0],
                HEADING_PT[1], max_lines=1, hyphenate=False), content.width, content.height,
                where)
    items: list[Item] = list(place(title, content, brand.colours["primary"]))
    body = Box(content.x, content.y, content.width, content.height - title.height - gap * 2)
    for columns in COLUMN_CHOICES:
        laid = _grid(brand, copy, sections, body, columns)
        if laid is not None:
            items += laid
            break
    else:
        raise ValueError("contact sheet: too many items for one page")
    page = Page(width, height, tuple(items), background=brand.colours["paper"],
                label="contact sheet")
    return Document(title=copy["contact_sheet_title"], subject=region.name, pages=(page,),
                    author=brand.name)


def _grid(brand: Brand, copy: Copy, sections, body: Box, columns: int) -> list[Item] | None:
    gap = mm(GAP_MM)
    cell_width = (body.width - (columns - 1) * gap) / columns
    caption_pt = max(CAPTION_MIN_PT, min(HEADING_PT[2], cell_width / 11))
    caption_height = caption_pt * 1.25 * 2
    heading_height = HEADING_PT[1] * 1.3
    items: list[Item] = []
    cursor = body.top
    ink = brand.colours["ink"]
    for label, thumbs in sections:
        cursor -= heading_height
        if cursor < body.y:
            return None
        items += _line(brand, "bold", label, HEADING_PT[1], Box(body.x, cursor, body.width,
                       heading_height), brand.colours["primary"])
        cursor -= gap * 0.5
        aspect = min(MAX_ASPECT, max(t.image.height / t.image.width for t in thumbs))
        row_height = cell_width * aspect + gap * 0.4 + caption_height
        for start in range(0, len(thumbs), columns):
            cursor -= row_height
            if cursor < body.y:
                return None
            for index, thumb in enumerate(thumbs[start:start + columns]):
                x = body.x + index * (cell_width + gap)
                items += _cell(brand, thumb, Box(x, cursor, cell_width, row_height),
                               caption_height, caption_pt, ink)
            cursor -= gap
        cursor -= gap
    return items


def _cell(brand: Brand, thumb: Thumb, cell: Box, caption_height: float, caption_pt: float,
          ink) -> list[Item]:
    image_box = Box(cell.x, cell.y + caption_height + mm(GAP_MM) * 0.4, cell.width,
                    cell.height - caption_height - mm(GAP_MM) * 0.4)
    scale = min(image_box.width / thumb.image.width, image_box.height / thumb.image.height)
    w, h = thumb.image.width * scale, thumb.image.height * scale
    frame = Box(image_box.x, image_box.y, w, h)
    raster = thumb.raster
    line_height = caption_pt * 1.25
    return [Rect(Box(frame.x - 0.3, frame.y - 0.3, w + 0.6, h + 0.6), brand.colours["light"]),
            Picture(frame, raster, alt=thumb.name, photo=True),
            *_line(brand, "bold", thumb.name, caption_pt,
                   Box(cell.x, cell.y + line_height, cell.width, line_height), ink),
            *_line(brand, "regular", thumb.detail, caption_pt,
                   Box(cell.x, cell.y, cell.width, line_height), ink)]


def _line(brand: Brand, role: str, text: str, size_pt: float, box: Box, colour) -> list[Item]:
    """One line, shrunk to the box's width (file names can be long), never wrapped."""
    font = brand.fonts[role]
    size = min(size_pt, size_pt * box.width / max(font.width(text, size_pt), 1e-6))
    block = fit(text, FitSpec(font, size, size, max_lines=1, hyphenate=False), box.width,
                box.height * 2, Where("contact sheet", text))
    return list(place(block, box, colour, valign="bottom"))
