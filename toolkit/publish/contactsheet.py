"""The contact sheet: every item of a region's pack (every page of a multi-page one), with
its name, format and size, on as many A3 pages as it takes: what a coordinator sends round
for approval. Drawn with the same page model
and renderer as the products (screen profile), then rasterised for the PNG."""

from __future__ import annotations

import hashlib
import math
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path

from PIL import Image

from toolkit.config.assets import RasterImage
from toolkit.config.content import Copy
from toolkit.config.messages import _
from toolkit.config.model import Brand, Region
from toolkit.formats import PRINT_FORMATS, mm
from toolkit.layout.model import Box, Document, Item, Page, Picture, Rect, tagged
from toolkit.layout.text import FitSpec, Where, fit, place

SHEET = "A3"
MARGIN_MM = 12.0
GAP_MM = 3.0
HEADING_PT = (20.0, 11.0)  # sheet title, section heading
CAPTION_PT = 7.5  # file name and detail under each thumbnail: legible when printed
CAPTION_LEADING = 1.25
MAX_ASPECT = 1.45  # tallest thumbnail cell, as height over width
MIN_COLUMNS = 4  # at least this many thumbnails across, however long a name
CAPTION_ROOM = 1.04  # a cell is this much wider than its longest caption line
SHEET_IMAGE_PPI = 110  # thumbnails on the sheet: sharp on screen and on an A3 print-out
POINTS_PER_INCH = 72


@dataclass(frozen=True)
class Thumb:
    """One item: its preview image and the two caption lines."""

    image: Image.Image
    name: str
    detail: str
    group: str = ""  # a new group starts a new row (a format, a multi-page file)

    def shrunk(self, width_pt: float) -> Thumb:
        """The thumbnail at SHEET_IMAGE_PPI for a cell width_pt wide (never enlarged)."""
        width_px = min(self.image.width, math.ceil(width_pt / POINTS_PER_INCH
                                                   * SHEET_IMAGE_PPI))
        if width_px == self.image.width:
            return self
        height_px = max(1, round(self.image.height * width_px / self.image.width))
        # BOX: an area average, right for shrinking by about half, 4x cheaper than LANCZOS.
        return Thumb(self.image.convert("RGB").resize((width_px, height_px),
                                                      Image.Resampling.BOX),
                     self.name, self.detail, self.group)

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
    """Landscape A3 pages: a title, then per product a heading and a grid of thumbnails,
    every page of a multi-page item as its own thumbnail, captions at CAPTION_PT; as many
    pages as the items need (a section that runs on repeats its heading)."""
    height, width = PRINT_FORMATS[SHEET].size_pt  # landscape
    margin, gap = mm(MARGIN_MM), mm(GAP_MM)
    content = Box(margin, margin, width - 2 * margin, height - 2 * margin)
    where = Where(copy.template, "contact_sheet_title", _("the contact sheet"))
    title = fit(copy["contact_sheet_title"], FitSpec(brand.fonts["heavy"], HEADING_PT[0],
                HEADING_PT[1], max_lines=1, hyphenate=False), content.width, content.height,
                where)
    columns = _columns(brand, sections, content.width)
    cell_width = _cell_width(content.width, columns)
    sections = [(label, [thumb.shrunk(cell_width) for thumb in thumbs])
                for label, thumbs in sections]
    pages: list[list[Item]] = [[tagged("H1", place(title, content, brand.colours["primary"]))]]
    cursor = content.top - title.height - gap * 2
    for label, thumbs in sections:
        rows = _rows(thumbs, columns)
        heading, role = True, "H2"
        for row in rows:
            row_height = _row_height(content.width, columns, row)
            needed = row_height + (HEADING_PT[1] * 1.3 + gap * 0.5 if heading else 0.0)
            if cursor - needed < content.y and len(pages[-1]) > 1:
                pages.append([])
                cursor, heading = content.top, True
            if heading:
                cursor -= HEADING_PT[1] * 1.3
                pages[-1].append(tagged(role, _line(brand, "bold", label, HEADING_PT[1], Box(
                    content.x, cursor, content.width, HEADING_PT[1] * 1.3),
                    brand.colours["primary"]), "Pagination" if role == "Artifact" else ""))
                cursor -= gap * 0.5
                heading, role = False, "Artifact"  # repeated on a next page: not read again
            cursor -= row_height
            for index, thumb in enumerate(row):
                x = content.x + index * (cell_width + gap)
                pages[-1] += _cell(brand, thumb, Box(x, cursor, cell_width, row_height),
                                   brand.colours["ink"])
            cursor -= gap
        cursor -= gap
    made = tuple(Page(width, height, tuple(items), background=brand.colours["paper"],
                      label=f"contact sheet {number}")
                 for number, items in enumerate(pages, start=1))
    return Document(title=copy["contact_sheet_title"], subject=region.name, pages=made,
                    author=brand.name)


def _rows(thumbs: list[Thumb], columns: int) -> list[list[Thumb]]:
    """Rows of up to columns thumbnails; a new group starts a new row."""
    rows: list[list[Thumb]] = []
    for thumb in thumbs:
        if not rows or len(rows[-1]) == columns or rows[-1][-1].group != thumb.group:
            rows.append([])
        rows[-1].append(thumb)
    return rows


def _columns(brand: Brand, sections, width: float) -> int:
    """As many columns as fit with every caption whole at CAPTION_PT."""
    widest = max((brand.fonts[role].width(text, CAPTION_PT)
                  for _label, thumbs in sections for thumb in thumbs
                  for role, text in (("bold", thumb.name), ("regular", thumb.detail))),
                 default=1.0) * CAPTION_ROOM
    gap = mm(GAP_MM)
    return max(MIN_COLUMNS, int((width + gap) // (widest + gap)))


def _cell_width(width: float, columns: int) -> float:
    return (width - (columns - 1) * mm(GAP_MM)) / columns


def _row_height(width: float, columns: int, thumbs: list[Thumb]) -> float:
    """A row's height: its tallest thumbnail (capped) and two caption lines."""
    aspect = min(MAX_ASPECT, max(t.image.height / t.image.width for t in thumbs))
    return _cell_width(width, columns) * aspect + mm(GAP_MM) * 0.4 + _caption_height()


def _caption_height() -> float:
    return CAPTION_PT * CAPTION_LEADING * 2


def _cell(brand: Brand, thumb: Thumb, cell: Box, ink) -> list[Item]:
    caption_height, caption_pt = _caption_height(), CAPTION_PT
    image_box = Box(cell.x, cell.y + caption_height + mm(GAP_MM) * 0.4, cell.width,
                    cell.height - caption_height - mm(GAP_MM) * 0.4)
    scale = min(image_box.width / thumb.image.width, image_box.height / thumb.image.height)
    w, h = thumb.image.width * scale, thumb.image.height * scale
    frame = Box(image_box.x, image_box.y, w, h)
    raster = thumb.raster
    line_height = caption_pt * CAPTION_LEADING
    return [Rect(Box(frame.x - 0.3, frame.y - 0.3, w + 0.6, h + 0.6), brand.colours["light"]),
            tagged("Figure", (Picture(frame, raster, alt=thumb.name, photo=True),),
                   alt=thumb.name),
            tagged("P", _line(brand, "bold", thumb.name, caption_pt,
                              Box(cell.x, cell.y + line_height, cell.width, line_height), ink)),
            tagged("P", _line(brand, "regular", thumb.detail, caption_pt,
                              Box(cell.x, cell.y, cell.width, line_height), ink))]


def _line(brand: Brand, role: str, text: str, size_pt: float, box: Box, colour) -> list[Item]:
    """One line, shrunk to the box's width (file names can be long), never wrapped."""
    font = brand.fonts[role]
    size = min(size_pt, size_pt * box.width / max(font.width(text, size_pt), 1e-6))
    block = fit(text, FitSpec(font, size, size, max_lines=1, hyphenate=False), box.width,
                box.height * 2, Where("contact sheet", text))
    return list(place(block, box, colour, valign="bottom"))
