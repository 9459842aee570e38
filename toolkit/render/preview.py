"""Thumbnails for the download page and the contact sheet: every PDF page (cut to its
trim, as it will look once printed and trimmed) and every image, at web-page size."""

from __future__ import annotations

import io

import pypdfium2 as pdfium
from PIL import Image

from toolkit.render.raster import palette_png, to_palette

PREVIEW_WIDTH_PX = 400
PREVIEW_COLOURS = 192  # flat graphics and type: a palette PNG keeps them crisp and small
PNG_LEVEL = 4  # libdeflate 4: thumbnails smaller than zlib 3 gave, in less time
# A photo printed at 300 ppi is thousands of pixels wide; pdfium would decode all of them
# (about 0.3 s a page) to draw a 400-pixel thumbnail. The preview reads a copy of the PDF
# whose JPEGs are decoded at 1/2, 1/4 or 1/8 size (libjpeg's own scaling, Pillow's draft),
# still at least this many pixels on their shorter side (a thumbnail is 400 wide).
PREVIEW_PHOTO_PX = 400
PREVIEW_PHOTO_QUALITY = 85


def pdf_previews(data: bytes) -> list[Image.Image]:
    """One RGB image per page, PREVIEW_WIDTH_PX wide, showing the trim box only."""
    pdf = pdfium.PdfDocument(_light_photos(data) if b"/DCTDecode" in data else data)
    images = []
    for page in pdf:
        media = page.get_mediabox()
        trim = page.get_trimbox()
        scale = PREVIEW_WIDTH_PX / (trim[2] - trim[0])
        crop = (trim[0] - media[0], trim[1] - media[1], media[2] - trim[2], media[3] - trim[3])
        bitmap = page.render(scale=scale, crop=crop, rev_byteorder=True)  # RGB: no copy
        image = bitmap.to_pil()
        # pdfium rounds the cropped size: make every thumbnail exactly as wide.
        images.append(image if image.width == PREVIEW_WIDTH_PX else shrink(image))
    pdf.close()
    return images


def _light_photos(data: bytes) -> bytes:
    """data with every large JPEG replaced by a smaller one of the same colour space and
    encoding (for a thumbnail only: the PDF written to disk keeps its photos)."""
    import pikepdf  # only here: a PDF without photos never needs it

    with pikepdf.open(io.BytesIO(data)) as pdf:
        changed = False
        for candidate in pdf.objects:
            if not isinstance(candidate, pikepdf.Stream) \
                    or candidate.get("/Subtype") != pikepdf.Name.Image \
                    or candidate.get("/Filter") not in (pikepdf.Name.DCTDecode,
                                                        pikepdf.Array([pikepdf.Name.DCTDecode])):
                continue
            with Image.open(io.BytesIO(candidate.read_raw_bytes())) as photo:
                width, height = photo.size
                photo.draft(photo.mode, (width * PREVIEW_PHOTO_PX // min(width, height),
                                         PREVIEW_PHOTO_PX))
                if photo.size == (width, height):
                    continue  # small already
                buffer = io.BytesIO()
                photo.save(buffer, "JPEG", quality=PREVIEW_PHOTO_QUALITY)
            candidate.write(buffer.getvalue(), filter=pikepdf.Name.DCTDecode)
            candidate.Width, candidate.Height = photo.size
            changed = True
        if not changed:
            return data
        out = io.BytesIO()
        pdf.save(out)
        return out.getvalue()


def image_preview(data: bytes) -> Image.Image:
    """The image scaled to PREVIEW_WIDTH_PX wide (RGB)."""
    with Image.open(io.BytesIO(data)) as image:
        return shrink(image.convert("RGB"))


def shrink(rgb: Image.Image) -> Image.Image:
    """rgb scaled to PREVIEW_WIDTH_PX wide."""
    height = max(1, round(rgb.height * PREVIEW_WIDTH_PX / rgb.width))
    return rgb.resize((PREVIEW_WIDTH_PX, height), Image.Resampling.BOX, reducing_gap=2.0)


def encode_preview(image: Image.Image) -> bytes:
    """A palette PNG (deterministic: same pixels, same bytes); an image in palette mode
    already (a social image's thumbnail, mapped to its design's palette) keeps it."""
    if image.mode != "P":
        image = to_palette(image, colours=PREVIEW_COLOURS)
    return palette_png([image], PNG_LEVEL)
