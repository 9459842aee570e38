"""Pixels from the same drawing code: a page rendered to PDF (screen profile), rasterised
with pypdfium2, finished with Pillow as an sRGB PNG (or JPEG when a photo fills it).

PNGs are written here, not by Pillow: a palette image's scanlines deflated by libdeflate
(the `deflate` package) at LEVEL come out smaller than Pillow's zlib at level 6 in less
than half its time; the chunks are the few a palette PNG needs (IHDR, sRGB, PLTE, IDAT).
"""

from __future__ import annotations

import io
import math
import struct
import zlib
from collections.abc import Iterable, Iterator

import deflate
import pypdfium2 as pdfium
from PIL import Image

from toolkit.formats import PX
from toolkit.layout.model import Document
from toolkit.render.pdf import render_pdf
from toolkit.render.profiles import SCREEN

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
SRGB_PERCEPTUAL = b"\x00"
PNG_LEVEL = 6  # libdeflate 6: 6 % smaller than zlib 6 at 0.7 of its time (measured)
PALETTE_COLOURS = 256
JPEG_QUALITY = 88


def rasterise(document: Document, sizes_px: list[tuple[int, int]],
              points_per_px: float = PX) -> list[Image.Image]:
    """Render each page of document to an RGB image of exactly its pixel size."""
    return rasterise_pdf(render_pdf(document, SCREEN, finish=False), sizes_px, points_per_px)


def rasterise_pdf(data: bytes, sizes_px: list[tuple[int, int]],
                  points_per_px: float = PX) -> list[Image.Image]:
    """rasterise() for a screen PDF already rendered."""
    return [rgb(image) for image, _thumbnail in iter_pages(data, sizes_px, points_per_px)]


def iter_pages(data: bytes, sizes_px: list[tuple[int, int]], points_per_px: float = PX,
               thumbnail_width_px: int = 0) -> Iterator[tuple[Image.Image, Image.Image | None]]:
    """Each page of a screen PDF as an RGBX image (see _exact), one at a time (memory: one
    page), with its thumbnail thumbnail_width_px wide when asked: drawn by pdfium at that
    size, 4x cheaper than shrinking the image and as sharp."""
    pdf = pdfium.PdfDocument(data)
    for index, size in enumerate(sizes_px):
        page = pdf[index]
        image = _exact(page, 1 / points_per_px, size)
        thumbnail = None
        if thumbnail_width_px:
            height_px = max(1, round(size[1] * thumbnail_width_px / size[0]))
            thumbnail = _exact(page, thumbnail_width_px / (size[0] * points_per_px),
                               (thumbnail_width_px, height_px))
        page.close()
        yield image, thumbnail
    pdf.close()


def _exact(page: pdfium.PdfPage, scale: float, size_px: tuple[int, int]) -> Image.Image:
    """The page drawn at scale as an RGBX image of exactly size_px.

    RGBX is pdfium's own pixel format and Pillow's layout of RGB: pdfium draws it 40 %
    faster than packed RGB, and Pillow wraps its buffer (allocated by Python, so kept alive
    by the image) without a copy. to_palette() maps it as it is (measured: 18 -> 11 ms a
    1080 px social image, drawn and mapped).
    """
    image = page.render(scale=scale, rev_byteorder=True, prefer_bgrx=True).to_pil()
    if image.mode not in ("RGB", "RGBX"):
        image = image.convert("RGB")
    if image.width >= size_px[0] and image.height >= size_px[1]:
        return image if image.size == size_px else image.crop((0, 0, *size_px))
    # pdfium rounds the page size: a pixel short at most
    canvas = Image.new(image.mode, size_px, image.getpixel((0, 0)))
    canvas.paste(image.crop((0, 0, *size_px)), (0, 0))
    return canvas


MOSAIC_REDUCE = 4  # the palette is learnt from the images at a quarter of their size


def shared_palette(images: list[Image.Image], reduce: int = MOSAIC_REDUCE) -> Image.Image:
    """One 256-colour palette for a family of images (one design in every format), learnt
    from a mosaic of them: mapping each image to it is 5x faster than learning a palette
    per image, and the family's colours stay identical across its formats."""
    small = [image.reduce(reduce) if reduce > 1 else image for image in images]
    mosaic = Image.new("RGB", (sum(i.width for i in small), max(i.height for i in small)))
    x = 0
    for image in small:
        mosaic.paste(image, (x, 0))
        x += image.width
    return mosaic.quantize(PALETTE_COLOURS, method=Image.Quantize.FASTOCTREE)


def pages_png(data: bytes, sizes_px: list[tuple[int, int]], points_per_px: float,
              palette_reduce: int, level: int = PNG_LEVEL) -> bytes:
    """The pages of a screen PDF one under the other as one palette PNG, with one page's
    pixels in memory at a time: the palette is learnt first from the pages drawn at
    1/palette_reduce of their size."""
    small = [(math.ceil(width / palette_reduce), math.ceil(height / palette_reduce))
             for width, height in sizes_px]
    palette = shared_palette([image for image, _thumbnail in iter_pages(
        data, small, points_per_px * palette_reduce)], reduce=1)
    return palette_png((to_palette(image, palette)
                        for image, _thumbnail in iter_pages(data, sizes_px, points_per_px)),
                       level)


def rgb(image: Image.Image) -> Image.Image:
    """image in RGB (a copy only when it is in another mode)."""
    return image if image.mode == "RGB" else image.convert("RGB")


def to_palette(image: Image.Image, palette: Image.Image | None = None,
               colours: int = PALETTE_COLOURS) -> Image.Image:
    """image (RGB or RGBX) mapped to palette (no dithering: flat colours stay flat), or to
    its own palette of colours when none is given."""
    if palette is None:
        return rgb(image).quantize(colours, method=Image.Quantize.FASTOCTREE)
    if image.mode == "RGBX":
        # What Image.quantize(palette=) does, which accepts RGB only; Pillow's mapping
        # reads any four-byte pixel, so the page drawn by pdfium is mapped without a copy
        # (tests/test_social.py checks the result is the same as for RGB).
        mapped = image._new(image.im.convert("P", Image.Dither.NONE, palette.im))
        mapped.palette = palette.palette.copy()
        return mapped
    return image.quantize(palette=palette, dither=Image.Dither.NONE)


def encode(image: Image.Image, kind: str, palette: Image.Image | None = None) -> bytes:
    """Return PNG bytes with an sRGB chunk, or baseline JPEG bytes (deterministic)."""
    if kind == "jpeg":
        buffer = io.BytesIO()
        rgb(image).save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True)
        return buffer.getvalue()
    # Flat graphics: 256 colours hold the brand colours and their anti-aliasing edges, at a
    # third of the bytes and time of 24-bit RGB (what pngquant-style optimisers do).
    return palette_png([to_palette(image, palette)])


def palette_png(strips: Iterable[Image.Image], level: int = PNG_LEVEL) -> bytes:
    """One sRGB palette PNG of strips (mode P, one width, one palette: the first's) set
    one under the other. Rows are unfiltered, as PNG advises for palette images."""
    rows = bytearray()
    width = height = 0
    palette: list[int] = []
    for strip in strips:
        if not palette:
            width, palette = strip.width, strip.getpalette("RGB") or [0, 0, 0]
        # A zero column in front of the pixels: each row's filter-type byte (0, None).
        framed = Image.new("P", (width + 1, strip.height), 0)
        framed.paste(strip, (1, 0))
        rows += framed.tobytes()
        height += strip.height
    header = struct.pack(">IIBBBBB", width, height, 8, 3, 0, 0, 0)
    return b"".join((PNG_SIGNATURE, _chunk(b"IHDR", header), _chunk(b"sRGB", SRGB_PERCEPTUAL),
                     _chunk(b"PLTE", bytes(palette[:3 * PALETTE_COLOURS])),
                     _chunk(b"IDAT", deflate.zlib_compress(rows, level)),
                     _chunk(b"IEND", b"")))


def _chunk(kind: bytes, body: bytes) -> bytes:
    return struct.pack(">I", len(body)) + kind + body + struct.pack(
        ">I", zlib.crc32(body, zlib.crc32(kind)))
