"""Loading the campaign's binary inputs: fonts, logos and photos, each checked on the way in.

Every loader returns a frozen value or raises InputError naming the file, the field and the
fix. Nothing here draws; the renderer turns these values into PDF objects.
"""

from __future__ import annotations

import hashlib
import io
import unicodedata
import warnings
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import font_lato
from PIL import Image, UnidentifiedImageError
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFont

from toolkit.errors import InputError

MAX_INPUT_BYTES = 20 * 1024 * 1024  # a logo, photo or font larger than this is refused
MAX_IMAGE_PIXELS = 40_000_000  # decompression-bomb guard (e.g. 8000 x 5000)
RASTER_FORMATS = {"PNG": "png", "JPEG": "jpeg"}
# Characters that are layout, not glyphs: they never need a glyph in the font.
LAYOUT_CHARACTERS = {"\n", "\u00ad", " "}

MAX_SVG_SIDE_PT = 14_400  # 5 m: anything larger is a broken or hostile viewBox
STANDARD_FONTS = frozenset(pdfmetrics.standardFonts)

Image.MAX_IMAGE_PIXELS = MAX_IMAGE_PIXELS


@dataclass(frozen=True, eq=False)
class FontFace:
    """A registered TrueType font: its reportlab name and the characters it can draw."""

    name: str
    label: str  # what messages call it: 'Lato-Bold' or the brand's file name
    path: Path
    characters: frozenset[int] = field(repr=False)

    def missing(self, text: str) -> list[str]:
        """Return the characters of text that this font cannot draw, each once."""
        seen: list[str] = []
        for char in text:
            if char in LAYOUT_CHARACTERS or ord(char) in self.characters or char in seen:
                continue
            seen.append(char)
        return seen

    def width(self, text: str, size_pt: float) -> float:
        return pdfmetrics.stringWidth(text, self.name, size_pt)

    @cached_property
    def ascent(self) -> float:
        """Ascent per point of size (cap height proxy), from the font's metrics."""
        return pdfmetrics.getFont(self.name).face.ascent / 1000

    @cached_property
    def descent(self) -> float:
        return -pdfmetrics.getFont(self.name).face.descent / 1000


_FONTS: dict[Path, FontFace] = {}


def describe_character(char: str) -> str:
    """Return 'U+00E9 LATIN SMALL LETTER E WITH ACUTE' for messages."""
    return f"U+{ord(char):04X} {unicodedata.name(char, 'unnamed character')}"


def resolve_font(spec: str, brand_dir: Path) -> Path:
    """Return the file behind a font spec: 'lato:<Style>' or a path in the brand folder."""
    if spec.startswith("lato:"):
        style = spec.split(":", 1)[1]
        return Path(font_lato.font_directory) / f"Lato-{style}.ttf"
    return brand_dir / spec


def load_font(path: Path, file: str, field_path: str) -> FontFace:
    """Register the font at path with reportlab (once per process) and return it."""
    path = path.resolve()
    if path in _FONTS:
        return _FONTS[path]
    data = _read_bounded(path, file, field_path, "font")
    digest = hashlib.sha256(data).hexdigest()[:10]
    name = f"{path.stem}-{digest}"
    try:
        font = TTFont(name, io.BytesIO(data))
    except Exception as error:  # reportlab raises TTFError and assorted struct errors
        raise InputError(
            file, field_path,
            f"'{path.name}' is not a font that can be embedded ({error})",
            "give a TrueType (.ttf) or OpenType file with TrueType outlines",
        ) from None
    pdfmetrics.registerFont(font)
    characters = frozenset(font.face.charToGlyph)
    face = FontFace(name=name, label=path.stem, path=path, characters=characters)
    _FONTS[path] = face
    return face


def _read_bounded(path: Path, file: str, field_path: str, what: str) -> bytes:
    if not path.is_file():
        raise InputError(file, field_path, f"{what} file '{path.name}' not found",
                         f"put the file at {path} or correct the path")
    if path.stat().st_size > MAX_INPUT_BYTES:
        raise InputError(file, field_path, f"{what} file '{path.name}' is larger than "
                         f"{MAX_INPUT_BYTES // 2**20} MB", "give a smaller file")
    try:
        return path.read_bytes()
    except OSError as error:
        raise InputError(file, field_path, f"cannot read {what} file '{path.name}' "
                         f"({error.strerror})", "check the file's permissions") from None


@dataclass(frozen=True, eq=False)
class RasterImage:
    """A decoded PNG or JPEG with its pixel size; the renderer converts it per colour space."""

    path: Path
    image: Image.Image = field(repr=False)
    digest: str

    @property
    def width_px(self) -> int:
        return self.image.width

    @property
    def height_px(self) -> int:
        return self.image.height

    @property
    def aspect(self) -> float:
        return self.image.width / self.image.height


@dataclass(frozen=True, eq=False)
class VectorImage:
    """An SVG converted to a reportlab Drawing (vectors stay vectors in the PDF)."""

    path: Path
    drawing: object = field(repr=False)
    width_pt: float
    height_pt: float
    digest: str
    substituted_fonts: tuple[str, ...] = ()

    @property
    def aspect(self) -> float:
        return self.width_pt / self.height_pt


Logo = RasterImage | VectorImage
Photo = RasterImage


def load_raster(path: Path, file: str, field_path: str) -> RasterImage:
    """Decode a PNG or JPEG fully (so a truncated file fails here, not while drawing)."""
    data = _read_bounded(path, file, field_path, "image")
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            kind = image.format
            image.load()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise InputError(file, field_path, f"'{path.name}' has more than "
                         f"{MAX_IMAGE_PIXELS:,} pixels", "give a smaller image") from None
    except Exception as error:
        # Pillow's UnidentifiedImageError names the BytesIO object (an address): say what it means
        reason = "not an image file" if isinstance(error, UnidentifiedImageError) else error
        raise InputError(file, field_path, f"'{path.name}' is not a readable PNG or JPEG "
                         f"({reason})", "export the logo again as PNG, JPEG or SVG") from None
    if kind not in RASTER_FORMATS:
        raise InputError(file, field_path, f"'{path.name}' is a {kind} image",
                         "give a PNG, JPEG or SVG")
    image = _normalise_mode(image)
    return RasterImage(path=path, image=image, digest=hashlib.sha256(data).hexdigest())


def _normalise_mode(image: Image.Image) -> Image.Image:
    """Return the image as RGB or RGBA (CMYK, 16-bit, palette and grey inputs included)."""
    if image.mode in ("RGB", "RGBA"):
        return image
    if image.mode == "P" or image.mode in ("LA", "PA") or "transparency" in image.info:
        return image.convert("RGBA")
    if image.mode.startswith("I;16") or image.mode == "I":
        return image.point(lambda value: value / 256).convert("L").convert("RGB")
    return image.convert("RGB")


def load_svg(path: Path, file: str, field_path: str) -> VectorImage:
    """Parse an SVG with a hardened parser, then convert it with svglib.

    defusedxml refuses entity declarations and external references (XXE, "billion
    laughs"); svglib gets a byte stream, not a path, so it cannot follow links to other
    files either.
    """
    import defusedxml.ElementTree as SafeTree
    from svglib.svglib import svg2rlg

    data = _read_bounded(path, file, field_path, "logo")
    try:
        SafeTree.fromstring(data)
    except Exception as error:
        raise InputError(file, field_path, f"'{path.name}' is not a safe, well-formed SVG "
                         f"({type(error).__name__}: {error})",
                         "export the logo again as plain SVG") from None
    drawing = svg2rlg(io.BytesIO(data))
    if drawing is None or not drawing.width or not drawing.height:
        raise InputError(file, field_path, f"'{path.name}' has no drawable size",
                         "give the SVG a viewBox or width and height")
    if not (0 < drawing.width < MAX_SVG_SIDE_PT and 0 < drawing.height < MAX_SVG_SIDE_PT):
        raise InputError(file, field_path, f"'{path.name}' claims an absurd size "
                         f"({drawing.width:g} x {drawing.height:g} pt)",
                         "give the SVG a sensible viewBox")
    substituted = _embed_svg_fonts(drawing)
    # renderPDF opens every drawing with its initial font (Helvetica unless told): name
    # an embedded one, so no unembedded font reference reaches the print file.
    drawing.initialFontName = _lato("Regular").name
    return VectorImage(path=path, drawing=drawing, width_pt=float(drawing.width),
                       height_pt=float(drawing.height),
                       digest=hashlib.sha256(data).hexdigest(), substituted_fonts=substituted)


def _lato(style: str) -> FontFace:
    return load_font(Path(font_lato.font_directory) / f"Lato-{style}.ttf", "", "")


def _embed_svg_fonts(node) -> tuple[str, ...]:
    """Replace the PDF base fonts svglib falls back to by Lato, which gets embedded.

    Print files must embed every font; a logo's live text would otherwise name Helvetica,
    which a print shop's preflight refuses. Returns the font names that were replaced.
    """
    from reportlab.graphics.shapes import String

    replaced: list[str] = []
    if isinstance(node, String) and node.fontName in STANDARD_FONTS:
        replaced.append(node.fontName)
        node.fontName = _lato("Bold" if "Bold" in node.fontName else "Regular").name
    for child in getattr(node, "contents", []):
        replaced.extend(_embed_svg_fonts(child))
    return tuple(dict.fromkeys(replaced))


def load_logo(path: Path, file: str, field_path: str) -> Logo:
    """Load an SVG, PNG or JPEG logo."""
    if path.suffix.lower() == ".svg":
        return load_svg(path, file, field_path)
    return load_raster(path, file, field_path)
