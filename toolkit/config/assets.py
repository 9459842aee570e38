"""Loading the campaign's binary inputs: fonts, logos and photos, each checked on the way in.

Every loader returns a frozen value or raises InputError naming the file, the field and the
fix. Nothing here draws; the renderer turns these values into PDF objects.
"""

from __future__ import annotations

import hashlib
import io
import math
import re
import struct
import warnings
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path

import font_lato
from PIL import Image, ImageCms, UnidentifiedImageError
from reportlab.pdfbase import pdfmetrics
from reportlab.pdfbase.ttfonts import TTFError, TTFont

from toolkit.config.characters import SOFT_HYPHEN
from toolkit.config.messages import N_, _, closest, did_you_mean
from toolkit.config.svgsafety import PLAIN_SVG_FIX, EmbeddedFontsOnly, refusal
from toolkit.errors import InputError

MAX_INPUT_BYTES = 20 * 1024 * 1024  # a logo, photo or font larger than this is refused
MAX_IMAGE_PIXELS = 40_000_000  # decompression-bomb guard (e.g. 8000 x 5000)
# MPO is how Pillow names the JPEGs of many phone cameras (a JPEG with a depth map added).
RASTER_FORMATS = {"PNG": "png", "JPEG": "jpeg", "MPO": "jpeg"}
RASTER_SIGNATURES = (b"\x89PNG\r\n\x1a\n", b"\xff\xd8\xff", b"GIF87a", b"GIF89a")
XML_START = b"<"  # an SVG starts with '<?xml', '<svg' or '<!--', after a BOM or spaces
LEADING_BYTES = b"\xef\xbb\xbf \t\r\n"  # UTF-8 BOM and whitespace before the first tag
# Font files by their first four bytes, for what reportlab cannot embed.
POSTSCRIPT_OUTLINES = b"OTTO"
WEB_FONTS = (b"wOFF", b"wOF2")
# Letters that have outlines in every usable font: all of them empty means a damaged font.
OUTLINE_PROBE = "AEOaeo"
TTF_FILE = re.compile(r'(Corrupt )?TTF file "[^"]*":?\s*')
FONT_FIX = N_("give a TrueType (.ttf) or OpenType file with TrueType outlines")
# What a file is, in messages ('the logo file ... not found').
KINDS = {"font": N_("font"), "logo": N_("logo"), "image": N_("image")}
# Characters that are layout, not glyphs: they never need a glyph in the font.
LAYOUT_CHARACTERS = {"\n", SOFT_HYPHEN, " "}

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
        """The width of text as drawn: a soft hyphen is a break hint, never ink."""
        if SOFT_HYPHEN in text:
            text = text.replace(SOFT_HYPHEN, "")
        return self._metrics.stringWidth(text, size_pt)

    @cached_property
    def _metrics(self):
        """reportlab's font object (looked up once, not on each of a build's 150 000
        measurements)."""
        return pdfmetrics.getFont(self.name)

    @cached_property
    def ascent(self) -> float:
        """Ascent per point of size (cap height proxy), from the font's metrics."""
        return pdfmetrics.getFont(self.name).face.ascent / 1000

    @cached_property
    def descent(self) -> float:
        return -pdfmetrics.getFont(self.name).face.descent / 1000


_FONTS: dict[Path, FontFace] = {}


def lato_styles() -> tuple[str, ...]:
    """The styles of the installed Lato family ('Regular', 'BoldItalic', ...)."""
    folder = Path(font_lato.font_directory)
    return tuple(sorted(path.stem.removeprefix("Lato-") for path in folder.glob("Lato-*.ttf")))


def resolve_font(spec: str, brand_dir: Path, file: str = "", field_path: str = "") -> Path:
    """Return the file behind a font spec: 'lato:<Style>' (a style of the installed family,
    nothing path-like) or a path in the brand folder."""
    if spec.startswith("lato:"):
        style = spec.split(":", 1)[1]
        styles = lato_styles()
        if style not in styles:
            raise InputError(file, field_path, _("'{spec}' is not a style of the installed "
                                                 "Lato", spec=spec[:80]),
                             did_you_mean(style[:80], styles))
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
    if data.startswith(POSTSCRIPT_OUTLINES):
        raise InputError(file, field_path, _(
            "'{name}' has PostScript (CFF) outlines, which cannot be embedded here; TrueType "
            "outlines are needed", name=path.name), _(FONT_FIX))
    if data.startswith(WEB_FONTS):
        raise InputError(file, field_path, _("'{name}' is a web font (WOFF)", name=path.name),
                         _(FONT_FIX))
    try:
        font = TTFont(name, io.BytesIO(data))
    except Exception as error:  # reportlab raises TTFError and assorted struct errors
        reason = _ttf_reason(error) if isinstance(error, TTFError) else \
            _("its tables are damaged")
        raise InputError(file, field_path, _("'{name}' is not a font that can be embedded "
                                             "({reason})", name=path.name, reason=reason),
                         _(FONT_FIX)) from None
    damage = _font_damage(font, len(data)) or _composite_damage(font, data)
    if damage:
        raise InputError(file, field_path, _("'{name}' is a damaged font ({reason})",
                                             name=path.name, reason=damage),
                         _("download or export the font again"))
    pdfmetrics.registerFont(font)
    characters = frozenset(font.face.charToGlyph)
    # Messages name Lato by its style (Lato-Black) and a brand font by its file.
    lato = path.parent == Path(font_lato.font_directory).resolve()
    face = FontFace(name=name, label=path.stem if lato else path.name, path=path,
                    characters=characters)
    _FONTS[path] = face
    return face


def _ttf_reason(error: TTFError) -> str:
    """reportlab's words without its placeholder for the file name ('TTF file "(ttf)"')."""
    return TTF_FILE.sub(lambda match: "corrupt: " if match.group(1) else "", str(error))


def _font_damage(font: TTFont, size: int) -> str | None:
    """What is wrong with a font reportlab could read, which would fail or draw nothing
    later, when its glyphs are subset into a PDF: a file cut short, broken glyph offsets."""
    face = font.face
    for tag, entry in face.table.items():
        if entry["offset"] + entry["length"] > size:
            return _("table '{tag}' runs past the end of the file: the file is cut short",
                     tag=tag)
    if "glyf" not in face.table:
        return _("it has no TrueType outlines (table 'glyf')")
    positions = face.glyphPos
    if any(later < earlier for earlier, later in zip(positions, positions[1:])) \
            or positions[-1] > face.table["glyf"]["length"]:
        return _("table 'loca' points outside the glyphs")
    if any(glyph >= len(positions) - 1 for glyph in face.charToGlyph.values()):
        return _("table 'cmap' points to glyphs the font does not have")
    probes = [face.charToGlyph[ord(char)] for char in OUTLINE_PROBE
              if ord(char) in face.charToGlyph]
    if probes and all(positions[glyph + 1] == positions[glyph] for glyph in probes):
        return _("its letters have no outlines")
    return None


COMPOSITE_MORE, COMPOSITE_WORDS = 0x20, 0x01  # glyf component flags (OpenType spec)
COMPOSITE_SCALES = ((0x08, 2), (0x40, 4), (0x80, 8))  # one scale, x and y, a 2x2 matrix


def _composite_damage(font: TTFont, data: bytes) -> str | None:
    """A composite glyph whose parts point past the last glyph (reportlab would fail on
    it while subsetting, in the middle of a build)."""
    face = font.face
    start, positions = face.table["glyf"]["offset"], face.glyphPos
    count = len(positions) - 1
    for glyph in range(count):
        offset, end = start + positions[glyph], start + positions[glyph + 1]
        if end - offset < 10 or struct.unpack_from(">h", data, offset)[0] >= 0:
            continue  # empty or a simple glyph
        offset += 10
        flags = COMPOSITE_MORE
        while flags & COMPOSITE_MORE:
            if offset + 4 > end:
                return _("composite glyph {glyph} is cut short", glyph=str(glyph))
            flags, part = struct.unpack_from(">HH", data, offset)
            if part >= count:
                return _("composite glyph {glyph} points to glyph {part}, past the last "
                         "({last})", glyph=str(glyph), part=str(part), last=str(count - 1))
            offset += 4 + (4 if flags & COMPOSITE_WORDS else 2)
            offset += next((size for flag, size in COMPOSITE_SCALES if flags & flag), 0)
    return None


def _read_bounded(path: Path, file: str, field_path: str, what: str) -> bytes:
    if path.exists() and not path.is_file():  # a folder, a pipe, a device: never opened
        raise InputError(file, field_path, _("{kind} file '{name}' is not a regular file",
                                             kind=_(KINDS[what]), name=path.name),
                         _("replace it by the file itself"))
    if not path.is_file():
        raise InputError(file, field_path, _("{kind} file '{name}' not found",
                                             kind=_(KINDS[what]), name=path.name),
                         _not_found_fix(path))
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_INPUT_BYTES + 1)
    except OSError as error:
        raise InputError(file, field_path, _("cannot read {kind} file '{name}' ({reason})",
                                             kind=_(KINDS[what]), name=path.name,
                                             reason=error.strerror),
                         _("check the file's permissions")) from None
    if len(data) > MAX_INPUT_BYTES:
        raise InputError(file, field_path, _("{kind} file '{name}' is larger than {most} MB",
                                             kind=_(KINDS[what]), name=path.name,
                                             most=MAX_INPUT_BYTES // 2**20),
                         _("give a smaller file"))
    return data


def _not_found_fix(path: Path) -> str:
    """'did you mean' a file beside it with a name close to the one given (logo.SVG,
    ggd-logo.svg for ggd_logo.svg), else where to put the file."""
    try:
        names = [entry.name for entry in path.parent.iterdir()] if path.parent.is_dir() else []
    except OSError:
        names = []
    close = closest(path.name, names, 0.8) or next(
        (name for name in names if name.lower() == path.name.lower()), None)
    if close:
        return _("did you mean '{choice}'?", choice=close)
    return _("put the file at {path} or correct the path", path=path)


@dataclass(frozen=True, eq=False)
class RasterImage:
    """A decoded PNG or JPEG with its pixel size; the renderer converts it per colour space."""

    path: Path
    image: Image.Image = field(repr=False)
    digest: str
    icc: bytes | None = field(default=None, repr=False)  # its RGB profile; None: sRGB
    cmyk: Image.Image | None = field(default=None, repr=False)  # a CMYK file's own pixels

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
    return _raster(_read_bounded(path, file, field_path, "image"), path, file, field_path)


def _raster(data: bytes, path: Path, file: str, field_path: str) -> RasterImage:
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data))
            kind = image.format
            if kind in RASTER_FORMATS:
                image.load()  # the first frame of an animated PNG: what viewers show
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise InputError(file, field_path, _("'{name}' has more than {most} pixels",
                                             name=path.name, most=MAX_IMAGE_PIXELS),
                         _("give a smaller image")) from None
    except Exception as error:
        # Pillow's UnidentifiedImageError names the BytesIO object (an address): say what it means
        reason = _("not an image file") if isinstance(error, UnidentifiedImageError) \
            else error
        raise InputError(file, field_path, _("'{name}' is not a readable PNG or JPEG "
                                             "({reason})", name=path.name, reason=reason),
                         _("export the logo again as PNG, JPEG or SVG")) from None
    if kind not in RASTER_FORMATS:
        frames = getattr(image, "n_frames", 1)
        if frames > 1:
            raise InputError(file, field_path, _(
                "'{name}' is an animated {kind} image ({frames} frames)", name=path.name,
                kind=kind, frames=frames), _("give a still PNG, JPEG or SVG"))
        raise InputError(file, field_path, _("'{name}' is a {kind} image", name=path.name,
                                             kind=kind), _("give a PNG, JPEG or SVG"))
    # An embedded profile describes the pixels only while they stay in its colour space.
    icc = image.info.get("icc_profile") if image.mode in ("RGB", "RGBA") else None
    separated = image.copy() if image.mode == "CMYK" else None  # made for print already
    image = _normalise_mode(image)
    return RasterImage(path=path, image=image, digest=hashlib.sha256(data).hexdigest(),
                       icc=icc if icc and _is_rgb_profile(icc) else None, cmyk=separated)


def _is_rgb_profile(icc: bytes) -> bool:
    """Whether icc is a readable RGB profile; any other is ignored (read as sRGB)."""
    try:
        return ImageCms.ImageCmsProfile(io.BytesIO(icc)).profile.xcolor_space.strip() == "RGB"
    except (OSError, ImageCms.PyCMSError):
        return False


def _normalise_mode(image: Image.Image) -> Image.Image:
    """Return the image as RGB or RGBA (CMYK, 16-bit, palette and grey inputs included)."""
    if image.mode in ("RGB", "RGBA"):
        return image
    if image.mode == "P" or image.mode in ("LA", "PA") or "transparency" in image.info:
        return image.convert("RGBA")
    if image.mode.startswith("I;16") or image.mode == "I":
        return image.point(lambda value: value / 256).convert("L").convert("RGB")
    return image.convert("RGB")


def _vector(data: bytes, path: Path, file: str, field_path: str) -> VectorImage:
    """Parse an SVG with a hardened parser, check what it holds, then convert it with svglib.

    defusedxml refuses entity declarations and external references (XXE, "billion
    laughs"); svgsafety refuses references to other files or addresses, scripts and
    stress files; svglib gets a byte stream, not a path, and a font map that never looks
    on the machine, so it reads no other file and starts no process.
    """
    import defusedxml.ElementTree as SafeTree
    from defusedxml import EntitiesForbidden, ExternalReferenceForbidden
    from svglib.svglib import svg2rlg

    try:
        root = SafeTree.fromstring(data)
    except (EntitiesForbidden, ExternalReferenceForbidden):
        raise InputError(file, field_path, _(
            "'{name}' is not a safe, well-formed SVG (it declares XML entities, which can "
            "read other files or multiply without end)", name=path.name),
            _(PLAIN_SVG_FIX)) from None
    except Exception as error:
        raise InputError(file, field_path, _(
            "'{name}' is not a safe, well-formed SVG ({reason})", name=path.name,
            reason=type(error).__name__ + ": " + str(error)), _(PLAIN_SVG_FIX)) from None
    refused = refusal(root)
    if refused is not None:
        raise InputError(file, field_path, _("'{name}' {refusal}", name=path.name,
                                             refusal=refused.message), refused.fix)
    try:
        drawing = svg2rlg(io.BytesIO(data), font_map=EmbeddedFontsOnly())
    except Exception as error:  # svglib raises KeyError, ValueError... on odd path data
        raise InputError(file, field_path, _(
            "'{name}' cannot be read as a logo ({reason})", name=path.name,
            reason=type(error).__name__ + ": " + str(error)[:80]), _(PLAIN_SVG_FIX)) from None
    if drawing is None or not drawing.width or not drawing.height:
        raise InputError(file, field_path, _("'{name}' has no drawable size", name=path.name),
                         _("give the SVG a viewBox or width and height"))
    if not (0 < drawing.width < MAX_SVG_SIDE_PT and 0 < drawing.height < MAX_SVG_SIDE_PT):
        raise InputError(file, field_path, _(
            "'{name}' claims an absurd size ({width} x {height} pt)", name=path.name,
            width=format(drawing.width, "g"), height=format(drawing.height, "g")),
            _("give the SVG a sensible viewBox"))
    if _draws_nothing(drawing):
        raise InputError(file, field_path, _(
            "'{name}' draws nothing (its shapes are empty, or hold path data the SVG reader "
            "drops)", name=path.name), _(PLAIN_SVG_FIX))
    substituted = _embed_svg_fonts(drawing)
    # renderPDF opens every drawing with its initial font (Helvetica unless told): name
    # an embedded one, so no unembedded font reference reaches the print file.
    drawing.initialFontName = _lato("Regular").name
    return VectorImage(path=path, drawing=drawing, width_pt=float(drawing.width),
                       height_pt=float(drawing.height),
                       digest=hashlib.sha256(data).hexdigest(), substituted_fonts=substituted)


def _draws_nothing(drawing) -> bool:
    """True when the drawing's shapes cover no area at all, or no finite one."""
    try:
        bounds = drawing.getBounds()
    except (ArithmeticError, ValueError, TypeError):
        return True
    if bounds is None or not all(math.isfinite(value) for value in bounds):
        return True
    return bounds[2] - bounds[0] <= 0 and bounds[3] - bounds[1] <= 0


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
    """Load an SVG, PNG or JPEG logo, told apart by content: an extension can lie (a JPEG
    saved as logo.png, an SVG renamed .png); the extension decides only for unknown bytes."""
    data = _read_bounded(path, file, field_path,
                         "logo" if path.suffix.lower() == ".svg" else "image")
    start = data.lstrip(LEADING_BYTES)
    raster = data.startswith(RASTER_SIGNATURES)
    if start.startswith(XML_START) or (path.suffix.lower() == ".svg" and not raster):
        return _vector(data, path, file, field_path)
    return _raster(data, path, file, field_path)
