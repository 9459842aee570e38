"""Pixels from the same drawing code: a page rendered to PDF (screen profile), rasterised
with pypdfium2, finished with Pillow as an sRGB PNG (or JPEG when a photo fills it)."""

from __future__ import annotations

import io
import struct
import zlib
from collections.abc import Iterator

import pypdfium2 as pdfium
from PIL import Image

from toolkit.formats import PX
from toolkit.layout.model import Document
from toolkit.render.pdf import render_pdf
from toolkit.render.profiles import SCREEN

PNG_SIGNATURE_AND_HEADER = 8 + 25  # the signature, then the IHDR chunk
SRGB_PERCEPTUAL = b"\x00"
PNG_COMPRESSION = 6
PALETTE_COLOURS = 256
JPEG_QUALITY = 88


def _srgb_chunk() -> bytes:
    """A PNG sRGB chunk: tells viewers and platforms the pixels are sRGB."""
    body = b"sRGB" + SRGB_PERCEPTUAL
    return struct.pack(">I", 1) + body + struct.pack(">I", zlib.crc32(body))


def rasterise(document: Document, sizes_px: list[tuple[int, int]],
              points_per_px: float = PX) -> list[Image.Image]:
    """Render each page of document to an RGB image of exactly its pixel size."""
    return rasterise_pdf(render_pdf(document, SCREEN), sizes_px, points_per_px)


def rasterise_pdf(data: bytes, sizes_px: list[tuple[int, int]],
                  points_per_px: float = PX) -> list[Image.Image]:
    """rasterise() for a screen PDF already rendered."""
    return list(iter_pages(data, sizes_px, points_per_px))


def iter_pages(data: bytes, sizes_px: list[tuple[int, int]],
               points_per_px: float = PX) -> Iterator[Image.Image]:
    """Each page of a screen PDF as an RGB image, one at a time (memory: one page)."""
    pdf = pdfium.PdfDocument(data)
    for index, (width_px, height_px) in enumerate(sizes_px):
        page = pdf[index]
        # rev_byteorder + prefer_bgrx: pdfium hands over RGBX, which Pillow wraps without a
        # copy (plain RGB would be copied into a zero-filled image first: a third slower).
        bitmap = page.render(scale=1 / points_per_px, rev_byteorder=True, prefer_bgrx=True)
        image = bitmap.to_pil()
        if image.mode != "RGB":
            image = image.convert("RGB")
        if image.size != (width_px, height_px):  # pdfium rounds the page size
            canvas = Image.new("RGB", (width_px, height_px), image.getpixel((0, 0)))
            canvas.paste(image.crop((0, 0, width_px, height_px)), (0, 0))
            image = canvas
        yield image
    pdf.close()


MOSAIC_REDUCE = 4  # the palette is learnt from the images at a quarter of their size


def shared_palette(images: list[Image.Image]) -> Image.Image:
    """One 256-colour palette for a family of images (one design in every format), learnt
    from a mosaic of them: mapping each image to it is 5x faster than learning a palette
    per image, and the family's colours stay identical across its formats."""
    small = [image.reduce(MOSAIC_REDUCE) for image in images]
    mosaic = Image.new("RGB", (sum(i.width for i in small), max(i.height for i in small)))
    x = 0
    for image in small:
        mosaic.paste(image, (x, 0))
        x += image.width
    return mosaic.quantize(PALETTE_COLOURS, method=Image.Quantize.FASTOCTREE)


def encode(image: Image.Image, kind: str, palette: Image.Image | None = None) -> bytes:
    """Return PNG bytes with an sRGB chunk, or baseline JPEG bytes (deterministic)."""
    buffer = io.BytesIO()
    if kind == "jpeg":
        image.save(buffer, "JPEG", quality=JPEG_QUALITY, optimize=True)
        return buffer.getvalue()
    # Flat graphics: 256 colours hold the brand colours and their anti-aliasing edges, at a
    # third of the bytes and time of 24-bit RGB (what pngquant-style optimisers do).
    if palette is None:
        mapped = image.quantize(PALETTE_COLOURS, method=Image.Quantize.FASTOCTREE)
    else:
        mapped = image.quantize(palette=palette, dither=Image.Dither.NONE)
    mapped.save(buffer, "PNG", compress_level=PNG_COMPRESSION)
    data = buffer.getvalue()
    return data[:PNG_SIGNATURE_AND_HEADER] + _srgb_chunk() + data[PNG_SIGNATURE_AND_HEADER:]
