"""Draw a Document to PDF bytes with reportlab, for print (CMYK, bleed, marks) or screen.

Print rules applied here, once, for every product (../shared/SPECS.md): the bleed is drawn
(not scaled: reportlab's cropMarks/bleedWidth would scale the page), TrimBox/BleedBox/
MediaBox on every page, crop marks outside the bleed in registration black, CMYK only.
"""

from __future__ import annotations

import copy
import io
import math
from functools import lru_cache

from PIL import Image
from reportlab import rl_config
from reportlab.graphics import renderPDF
from reportlab.graphics.shapes import Group as DrawingGroup
from reportlab.lib.colors import CMYKColor, Color
from reportlab.lib.utils import ImageReader
from reportlab.pdfgen.canvas import Canvas

from toolkit import __version__
from toolkit.colour import Colour
from toolkit.config.assets import RasterImage, VectorImage
from toolkit.config.characters import SOFT_HYPHEN
from toolkit.config.press import Press, keep_or_separate, rgb_to_cmyk, separate
from toolkit.formats import (
    CROP_MARK_LENGTH_MM, CROP_MARK_OFFSET_MM, FOLD_DASH_MM, HAIRLINE_PT, mm,
)
from toolkit.layout.model import (
    Anchor, Circle, Die, Document, Group, Item, Line, Link, Page, Picture, Polygon, QRCode, Rect,
    Text, Vector, walk_text,
)
from toolkit.render.dies import draw_die, print_colours
from toolkit.render.finish import finish_pdf
from toolkit.render.overprint import Backdrop, is_coloured
from toolkit.render.profiles import Profile
from toolkit.render.tags import RECORDED, Marker, Marks, PageMarks

LANGUAGE = "nl-NL"
CREATOR = f"toolkit {__version__}"
REGISTRATION = CMYKColor(1, 1, 1, 1)
POINTS_PER_INCH = 72
JPEG_QUALITY = 90
UNDERLINE_OFFSET_EM = 0.12  # a link's underline: this far below the baseline
UNDERLINE_WIDTH_EM = 0.06  # and this thick
# Binary streams: ASCII85 would make every image 25 % larger and slower to write.
rl_config.useA85 = 0  # crop marks print on every separation


def render_pdf(document: Document, profile: Profile, finish: bool = True) -> bytes:
    """Return the PDF bytes of document under profile (deterministic: invariant=1).
    finish=False skips the post-pass: for a PDF that is only rasterised, never written."""
    buffer = io.BytesIO()
    texts = [text for page in document.pages for text in walk_text(page.items)]
    # reportlab opens every page with its initial font (Helvetica, never embedded): name
    # one of ours so the file references no font it does not embed.
    initial = texts[0].font.name if texts else None
    canvas = Canvas(buffer, invariant=1, pageCompression=1, lang=LANGUAGE,
                    enforceColorSpace=print_colours if profile.is_print else None,
                    pdfVersion=(1, 6), initialFontName=initial)
    canvas.setTitle(document.title)
    canvas.setAuthor(document.author)
    canvas.setSubject(document.subject)
    canvas.setCreator(CREATOR)
    canvas.setKeywords(", ".join(document.keywords))
    canvas.setViewerPreference("DisplayDocTitle", "true")
    marks = Marks()
    for page in document.pages:
        marks.pages.append(PageMarks())
        _draw_page(canvas, page, profile, Marker(canvas, marks.pages[-1]))
    if document.show_outline:
        canvas.showOutline()  # open the bookmarks panel with the document
    canvas.save()
    if not finish:  # only rasterised, never written: no post-pass
        return buffer.getvalue()
    token = RECORDED.set(marks)  # for the post-pass's structure tree
    try:
        return finish_pdf(buffer.getvalue(), document, profile)
    finally:
        RECORDED.reset(token)


def _draw_page(canvas: Canvas, page: Page, profile: Profile, marker: Marker) -> None:
    bleed, slug = profile.bleed, profile.slug
    offset = bleed + slug
    media = (page.width + 2 * offset, page.height + 2 * offset)
    canvas.setPageSize(media)
    trim = (offset, offset, offset + page.width, offset + page.height)
    bleed_box = (slug, slug, media[0] - slug, media[1] - slug)
    if profile.is_print:
        canvas.setTrimBox(trim)
        canvas.setBleedBox(bleed_box)
    canvas.saveState()
    canvas.translate(offset, offset)
    clip = canvas.beginPath()
    clip.rect(-bleed, -bleed, page.width + 2 * bleed, page.height + 2 * bleed)
    canvas.clipPath(clip, stroke=0, fill=0)
    painter = Painter(canvas, profile, page, marker)
    if page.background is not None:
        marker.begin_artifact()
        if profile.is_print and is_coloured(page.background):
            painter.backdrop.paint_page()
        painter.fill(page.background)
        canvas.rect(-bleed, -bleed, page.width + 2 * bleed, page.height + 2 * bleed,
                    stroke=0, fill=1)
        marker.end()
    for item in page.items:
        painter.draw(item)
    canvas.restoreState()
    if profile.crop_marks:
        marker.begin_artifact()
        _crop_marks(canvas, page, offset, bleed)
        marker.end()
    canvas.showPage()


def _crop_marks(canvas: Canvas, page: Page, offset: float, bleed: float) -> None:
    """Hairline marks on the trim lines, starting outside the bleed (never inside it)."""
    start = bleed + mm(CROP_MARK_OFFSET_MM)
    length = mm(CROP_MARK_LENGTH_MM)
    canvas.saveState()
    canvas.translate(offset, offset)
    canvas.setStrokeColor(REGISTRATION)
    canvas.setLineWidth(HAIRLINE_PT)
    for x in (0.0, page.width):
        for y in (0.0, page.height):
            out_x = -1 if x == 0 else 1
            out_y = -1 if y == 0 else 1
            canvas.line(x + out_x * start, y, x + out_x * (start + length), y)
            canvas.line(x, y + out_y * start, x, y + out_y * (start + length))
    canvas.setDash([mm(FOLD_DASH_MM), mm(FOLD_DASH_MM)])
    for fold in page.folds:  # dashed, on the fold's line, in the slug on both sides
        for side in (-1, 1):
            if fold.axis == "h":
                edge = 0.0 if side < 0 else page.width
                canvas.line(edge + side * start, fold.at, edge + side * (start + length),
                            fold.at)
            else:
                edge = 0.0 if side < 0 else page.height
                canvas.line(fold.at, edge + side * start, fold.at,
                            edge + side * (start + length))
    canvas.restoreState()


class Painter:
    """Draws layout items on a canvas in the profile's colour space."""

    def __init__(self, canvas: Canvas, profile: Profile, page: Page, marker: Marker):
        self.canvas = canvas
        self.profile = profile
        self.page = page
        self.marker = marker
        self.tags: list = []  # the tags of the groups being drawn, outermost first
        self.backdrop = Backdrop()  # what is coloured so far: black overprints it

    def colour(self, colour: Colour) -> Color:
        if self.profile.is_print:
            return CMYKColor(*colour.cmyk)
        return Color(*colour.rgb)

    def fill(self, colour: Colour) -> None:
        self.canvas.setFillColor(self.colour(colour))

    def stroke(self, colour: Colour, width: float) -> None:
        self.canvas.setStrokeColor(self.colour(colour))
        self.canvas.setLineWidth(width)

    def draw(self, item: Item) -> None:
        """Draw item as marked content: tagged inside a tagged group, else an artifact."""
        draw = getattr(self, f"_draw_{type(item).__name__.lower()}")
        if isinstance(item, (Group, Link, Anchor)):
            draw(item)
            return
        self.marker.begin(tuple(self.tags), item)
        draw(item)
        self.marker.end()
        if self.profile.is_print:
            self.backdrop.paint(item)
        if isinstance(item, Text) and self.tags and self.tags[-1].underline:
            self._underline(item)

    def _underline(self, item: Text) -> None:
        """A link's text is underlined in its own colour: not told apart by colour alone."""
        offset = item.size_pt * UNDERLINE_OFFSET_EM
        self.marker.begin_artifact()
        self._draw_line(Line((item.x, item.y - offset), (item.x + item.width, item.y - offset),
                             item.colour, item.size_pt * UNDERLINE_WIDTH_EM))
        self.marker.end()

    def _black_on_colour(self, item: Text | Line | Vector) -> bool:
        """Whether item overprints: solid black on colour, in print (render/overprint.py)."""
        return self.profile.is_print and self.backdrop.overprints(item)

    def _overprint(self) -> None:
        # reportlab writes each of these as an ExtGState; Q (restoreState) ends them.
        self.canvas._setFillOverprint(True)
        self.canvas._setStrokeOverprint(True)
        self.canvas._setOverprintMask(1)

    def _paint_flags(self, fill: Colour | None, stroke: Colour | None, width: float) -> dict:
        if fill is not None:
            self.fill(fill)
        if stroke is not None:
            self.stroke(stroke, width)
        return {"fill": int(fill is not None), "stroke": int(stroke is not None)}

    def _draw_rect(self, item: Rect) -> None:
        box = item.box
        flags = self._paint_flags(item.fill, item.stroke, item.stroke_pt)
        if item.radius:
            self.canvas.roundRect(box.x, box.y, box.width, box.height, item.radius, **flags)
        else:
            self.canvas.rect(box.x, box.y, box.width, box.height, **flags)

    def _draw_circle(self, item: Circle) -> None:
        flags = self._paint_flags(item.fill, item.stroke, item.stroke_pt)
        # A closed path: the stroke's two ends are joined, so no seam shows at 3 o'clock.
        path = self.canvas.beginPath()
        path.circle(item.centre_x, item.centre_y, item.radius)
        path.close()
        self.canvas.drawPath(path, **flags)

    def _draw_polygon(self, item: Polygon) -> None:
        flags = self._paint_flags(item.fill, item.stroke, item.stroke_pt)
        path = self.canvas.beginPath()
        path.moveTo(*item.points[0])
        for point in item.points[1:]:
            path.lineTo(*point)
        path.close()
        self.canvas.drawPath(path, **flags)

    def _draw_line(self, item: Line) -> None:
        self.canvas.saveState()
        if self._black_on_colour(item):
            self._overprint()
        self.stroke(item.colour, item.width_pt)
        if item.dash_pt:
            self.canvas.setDash(list(item.dash_pt))
        self.canvas.line(*item.start, *item.end)
        self.canvas.restoreState()

    def _draw_die(self, item: Die) -> None:
        draw_die(self.canvas, item, self.profile.is_print)

    def _draw_text(self, item: Text) -> None:
        overprint = self._black_on_colour(item)
        if overprint:
            self.canvas.saveState()
            self._overprint()
        text = self.canvas.beginText(item.x, item.y)
        text.setFont(item.font.name, item.size_pt)
        text.setFillColor(self.colour(item.colour))
        text.setCharSpace(item.tracking_pt)  # Tc outlives BT/ET: always set it
        text.textOut(item.text.replace(SOFT_HYPHEN, ""))  # a break hint, not a glyph
        self.canvas.drawText(text)
        if overprint:
            self.canvas.restoreState()

    def _draw_picture(self, item: Picture) -> None:
        # More pixels than a press can use only make the file heavier: cap the resolution.
        limit_px = math.ceil(item.box.width / POINTS_PER_INCH * self.profile.max_image_ppi)
        reader = prepared_image(item.image, item.crop, self.profile.colour_space, limit_px,
                                item.photo, self.profile.press)
        mask = None if self.profile.is_print else "auto"
        box = item.box
        self.canvas.drawImage(reader, box.x, box.y, box.width, box.height, mask=mask)

    def _draw_vector(self, item: Vector) -> None:
        ink = None if item.colour is None else (
            item.colour.cmyk if self.profile.is_print else item.colour.rgb)
        drawing = prepared_drawing(item.image, self.profile.colour_space, ink,
                                   self.profile.press, self._black_on_colour(item))
        box = item.box
        self.canvas.saveState()
        self.canvas.translate(box.x, box.y)
        self.canvas.scale(box.width / item.image.width_pt, box.height / item.image.height_pt)
        renderPDF.draw(drawing, self.canvas, 0, 0)
        self.canvas.restoreState()

    def _draw_qrcode(self, item: QRCode) -> None:
        count = len(item.modules) + 2 * item.quiet_modules
        module = item.box.width / count
        top = item.box.top - item.quiet_modules * module
        left = item.box.x + item.quiet_modules * module
        self.fill(item.colour)
        path = self.canvas.beginPath()
        for row_index, row in enumerate(item.modules):
            for start, length in _dark_runs(row):  # one rectangle per run: 5x fewer
                path.rect(left + start * module, top - (row_index + 1) * module,
                          length * module, module)
        self.canvas.drawPath(path, stroke=0, fill=1)

    def _draw_link(self, item: Link) -> None:
        # PDF/X allows no annotations on the printed area: links are for screens only.
        if self.profile.is_print:
            return
        box = item.box
        rect = (box.x, box.y, box.right, box.top)
        self.marker.link(tuple(self.tags), item.url or item.destination)
        if item.destination:
            self.canvas.linkRect("", item.destination, rect, relative=1, thickness=0)
        else:
            self.canvas.linkURL(item.url, rect, relative=1, thickness=0)

    def _draw_anchor(self, item: Anchor) -> None:
        self.canvas.bookmarkPage(item.key, fit="Fit")
        if item.level is not None:
            self.canvas.addOutlineEntry(item.title, item.key, level=item.level)

    def _draw_group(self, item: Group) -> None:
        if item.tag is not None:
            self.tags.append(item.tag)
            self.marker.element(tuple(self.tags))
        if item.moves:
            self._draw_moved(item)
        else:
            for child in item.items:
                self.draw(child)
        if item.tag is not None:
            self.tags.pop()

    def _draw_moved(self, item: Group) -> None:
        self.canvas.saveState()
        self.backdrop.push(item.offset_x, item.offset_y, item.rotate_deg,
                           (item.origin_x, item.origin_y))
        self.canvas.translate(item.offset_x + item.origin_x, item.offset_y + item.origin_y)
        self.canvas.rotate(item.rotate_deg)
        if item.scale != 1.0:
            self.canvas.scale(item.scale, item.scale)
        self.canvas.translate(-item.origin_x, -item.origin_y)
        if item.clip is not None:
            clip = self.canvas.beginPath()
            clip.rect(item.clip.x, item.clip.y, item.clip.width, item.clip.height)
            self.canvas.clipPath(clip, stroke=0, fill=0)
        for child in item.items:
            self.draw(child)
        self.backdrop.pop()
        self.canvas.restoreState()


def _dark_runs(row: tuple[bool, ...]) -> list[tuple[int, int]]:
    """Return (start, length) of each run of dark modules in a QR row."""
    runs, start = [], None
    for index, dark in enumerate((*row, False)):
        if dark and start is None:
            start = index
        elif not dark and start is not None:
            runs.append((start, index - start))
            start = None
    return runs


# A region's logos and photo at their few sizes; small, so a worker building hundreds of
# regions (each with its own logos, and a contact sheet of thumbnails) stays bounded.
IMAGE_CACHE_SIZE = 24


@lru_cache(maxsize=IMAGE_CACHE_SIZE)
def prepared_image(image: RasterImage, crop: tuple[float, float, float, float],
                   colour_space: str, limit_px: int, photo: bool,
                   press: Press | None = None) -> ImageReader:
    """Crop, downsample and convert once per process: CMYK (flattened on white, separated
    for the press from the image's own profile: config/press.py) for print.

    A photo is handed over as JPEG bytes, which reportlab embeds as they are (DCTDecode):
    encoded once, not deflated again in every file that uses it.
    """
    picture = image.cmyk if colour_space == "cmyk" and image.cmyk is not None else image.image
    if crop != (0.0, 0.0, 1.0, 1.0):
        left, bottom, right, top = crop
        w, h = picture.size
        picture = picture.crop((round(left * w), round((1 - top) * h), round(right * w),
                                round((1 - bottom) * h)))
    if picture.width > limit_px:
        height = max(1, round(picture.height * limit_px / picture.width))
        picture = picture.resize((limit_px, height), Image.Resampling.LANCZOS, reducing_gap=3.0)
    if colour_space == "cmyk" and picture.mode == "CMYK":
        picture = keep_or_separate(press, picture)
    elif colour_space == "cmyk":
        if picture.mode == "RGBA":
            flat = Image.new("RGB", picture.size, (255, 255, 255))
            flat.paste(picture, mask=picture.getchannel("A"))
            picture = flat
        picture = separate(press, picture, image.icc)
    if photo:
        buffer = io.BytesIO()
        picture.convert("CMYK" if colour_space == "cmyk" else "RGB").save(
            buffer, "JPEG", quality=JPEG_QUALITY, optimize=True)
        buffer.seek(0)
        return ImageReader(buffer)
    return ImageReader(picture)


@lru_cache(maxsize=IMAGE_CACHE_SIZE)
def prepared_drawing(image: VectorImage, colour_space: str,
                     ink: tuple[float, ...] | None = None, press: Press | None = None,
                     overprint: bool = False):
    """Return the SVG drawing, its colours converted to CMYK for print; a pictogram (ink
    given) has every painted colour replaced by that brand colour, already in the
    profile's colour space, and overprints when asked (solid black on colour)."""
    if ink is not None:  # CMYK (4 values) for print, RGB (3) for screens
        drawing = copy.deepcopy(image.drawing)
        _recolour(drawing, CMYKColor(*ink) if len(ink) == 4 else Color(*ink))
        if overprint:  # renderPDF resets the canvas's overprint: the drawing must carry it
            drawing.fillOverprint = drawing.strokeOverprint = True
            drawing.overprintMask = 1
        return drawing
    if colour_space != "cmyk":
        return image.drawing
    drawing = copy.deepcopy(image.drawing)
    _to_cmyk(drawing, press)
    return drawing


def _recolour(node, ink: Color) -> None:
    for attribute in ("fillColor", "strokeColor"):
        if isinstance(getattr(node, attribute, None), Color):
            setattr(node, attribute, ink)
    for child in getattr(node, "contents", []):
        _recolour(child, ink)


def _to_cmyk(node, press: Press) -> None:
    """Each colour of the drawing separated as a one-pixel image is: the same black as the
    logo's PNG."""
    for attribute in ("fillColor", "strokeColor"):
        value = getattr(node, attribute, None)
        if isinstance(value, Color) and not isinstance(value, CMYKColor):
            cmyk = rgb_to_cmyk(press, (value.red, value.green, value.blue))
            setattr(node, attribute, CMYKColor(*cmyk, alpha=value.alpha))
    if isinstance(node, DrawingGroup) or hasattr(node, "contents"):
        for child in getattr(node, "contents", []):
            _to_cmyk(child, press)
