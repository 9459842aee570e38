"""The poster series: one poster per audience, in A4, A3 and A2 from one design.

The design: a brand-colour field with the campaign's motif (ripples spreading from a dot:
one person's attention reaches further than you think) and the audience's headline; a
paper-white band below with the call to action, a QR code and the partners. The layout
adapts to the format through the scale table below: type sizes follow reading distance,
the body keeps a readable measure, an A2 gets more rings, logos wrap only where needed.
"""

from __future__ import annotations

from dataclasses import dataclass, replace

from toolkit.config.content import Copy, template_context
from toolkit.config.messages import _
from toolkit.config.model import Brand, Region, RegionPhoto
from toolkit.formats import ART_OVERHANG_MM, OFFICE_MARGIN_MM, PRINT_FORMATS, SAFE_MM, mm
from toolkit.layout.impose import fit_to_paper
from toolkit.layout.logos import LogoRowSpec, logo_row
from toolkit.layout.model import (
    Box, Circle, Document, Group, Item, Line, Page, Picture, Rect, leaves, tagged,
)
from toolkit.layout.qr import qr_code
from toolkit.layout.text import SetText, Where, fit, place
from toolkit.products import BuildContext, Job
from toolkit.render.profiles import OFFICE
from toolkit.products.common import (
    Composing,
    check_design_names,
    check_logo_resolution,
    check_photo_resolution,
    cover_crop,
    tagged_url,
)
from toolkit.products.compositions import Field, Hero, draw, field_colours, look_of
from toolkit.products.design import MessageCopy, MessageStyle, Slot, message_stack, ripples

TEMPLATE = "poster.nl.j2"
PRODUCT = "poster"


@dataclass(frozen=True)
class PosterScale:
    """The design's numbers for one format."""

    margin_mm: float
    gap_mm: float
    wordmark_pt: float
    kicker_pt: float
    headline_max_pt: float
    headline_min_pt: float
    headline_width: float  # fraction of the content width
    body_max_pt: float
    body_min_pt: float
    body_measure_em: float  # body line length in ems of its size: ~55-65 characters
    fact_figure_pt: float
    fact_text_pt: float
    cta_heading_pt: float
    cta_text_pt: float
    url_pt: float
    qr_mm: float
    logo_row_mm: float
    logo_row_min_mm: float
    label_pt: float
    funding_pt: float
    ring_count: int


SCALES: dict[str, PosterScale] = {
    "A4": PosterScale(12, 4, 15, 11, 60, 34, 1.0, 14, 11, 30, 30, 10, 15, 11, 13, 26, 10, 6,
                      8.5, 7.5, 4),
    "A3": PosterScale(16, 5.5, 21, 15, 84, 48, 0.94, 19.5, 15, 30, 42, 14, 21, 15, 18, 36, 13,
                      8, 12, 10, 5),
    "A2": PosterScale(22, 7.5, 29, 21, 116, 66, 0.88, 27, 21, 29, 58, 19.5, 29, 21, 25, 50,
                      17, 11, 16.5, 13.5, 6),
}
FORMATS = tuple(SCALES)
OFFICE_FORMATS = ("A4", "A3")  # the paper an office printer takes
LEADING_SMALL = 1.3
WORDMARK_WIDTH = 0.36  # of the page width, clear of the ripples
MESSAGE_SHARE = 0.62  # the message may take this much of the colour field's height
DOT_RADIUS = 0.13  # of the page width: the accent dot with the key figure
MIN_DOT_RADIUS = 0.10
DOT_SHARE = 0.42  # of the outer ring's radius
FACT_SQUARE = 1.36  # side of the square in the dot that holds the figure, in radii
MAX_RING_RADIUS = 0.46  # of the page width
RING_REACH = 0.82  # of the motif zone's height: the rings run off the top edge
RING_CENTRE_X = 0.77  # of the page width
KICKER_BAR = (12, 1.4)  # mm: the accent bar above the audience line
RULE_PT = 0.75
HERO_FIGURE_WIDTH = 0.62  # of the content width: the key figure; the pictogram beside it
MARKS_UNDER_URL = 0.9  # wordmarks stay below the web address's size (marks never shout)


def build(region: Region, context: BuildContext) -> list[Job]:
    """Return one job per audience and format, and per office paper size one file with
    every audience's poster on its own page (fonts and logos once: packs stay small)."""
    brand = context.campaign.brand
    jobs = []
    check_design_names(region, context.campaign.looks, PRODUCT, list(brand.audiences),
                       context.problems)
    for audience in brand.audiences:
        for name in FORMATS:
            with context.collecting():
                jobs.append(_poster(region, audience, name, context))
    if len(jobs) == len(brand.audiences) * len(FORMATS):  # else an error is reported
        for name in OFFICE_FORMATS:
            jobs.append(_office(region, name, [job for job in jobs if job.format == name],
                                context))
    return jobs


def _office(region: Region, name: str, posters: list[Job], context: BuildContext) -> Job:
    """The posters of one format on office paper of that size: the page is the paper,
    the design scaled to fit inside the printer's margin, no bleed or marks, RGB."""
    brand = context.campaign.brand
    audiences = [job.meta["audience"] for job in posters]
    copy = context.copy.render(TEMPLATE, template_context(
        brand, region, audience=audiences[0], format=name))
    paper = PRINT_FORMATS[name]
    pages = tuple(fit_to_paper(job.document.pages[0], *paper.size_pt, mm(OFFICE_MARGIN_MM),
                               f"{job.meta['audience']} office") for job in posters)
    document = Document(title=copy["office_title"], subject=copy["office_subject"],
                        pages=pages, author=brand.name, keywords=brand.hashtags)
    return Job(path=f"{region.id}/{PRODUCT}/{PRODUCT}-office-{name}.pdf", region=region.id,
               product=PRODUCT, format=f"office-{name}", media="office", document=document,
               profile=OFFICE, meta={"trim_mm": [paper.width_mm, paper.height_mm],
                                     "pages": len(pages), "audiences": audiences,
                                     "edition": "office"})


def _poster(region: Region, audience: str, name: str, context: BuildContext) -> Job:
    brand = context.campaign.brand
    values = template_context(brand, region, audience=audience, format=name)
    copy = context.copy.render(TEMPLATE, values)
    page = poster_page(brand, region, copy, audience, name, context)
    document = Document(title=copy["document_title"], subject=copy["document_subject"],
                        pages=(page,), author=brand.name, keywords=brand.hashtags)
    fmt = PRINT_FORMATS[name]
    return Job(
        path=f"{region.id}/{PRODUCT}/{PRODUCT}-{audience}-{name}.pdf",
        region=region.id, product=PRODUCT, format=name, media="print",
        document=document, profile=context.print_profile,
        meta={"trim_mm": [fmt.width_mm, fmt.height_mm], "audience": audience},
    )


@dataclass(frozen=True)
class Frame(Composing):
    """Shared values while composing one poster."""

    brand: Brand
    copy: Copy
    scale: PosterScale
    width: float
    height: float
    content: Box
    audience: str
    format: str

    @property
    def medium(self) -> str:
        return _("the {format} poster", format=self.format)

    @property
    def gap(self) -> float:
        return mm(self.scale.gap_mm)


def poster_page(brand: Brand, region: Region, copy: Copy, audience: str, name: str,
                context: BuildContext) -> Page:
    """Compose one poster page: footer band bottom-up, then the colour field top-down."""
    scale = SCALES[name]
    width, height = PRINT_FORMATS[name].size_pt
    margin = mm(scale.margin_mm)
    frame = Frame(brand, copy, scale, width, height,
                  Box(margin, margin, width - 2 * margin, height - 2 * margin), audience, name)
    look = look_of(context.campaign.looks, PRODUCT, audience)
    field = field_colours(brand, look, None, f"poster.{audience}")
    footer, band_top = _footer(frame, region, context)
    field_items = _field(frame, region, band_top, context, look, field)
    overhang = mm(ART_OVERHANG_MM)
    band = Rect(Box(-overhang, -overhang, width + 2 * overhang, band_top + overhang),
                brand.colours["paper"])
    edge = []
    if field.background == brand.colours["light"]:  # light on paper: mark the band's edge
        edge = [Line((-overhang, band_top), (width + overhang, band_top),
                     brand.colours["primary"], RULE_PT * 2)]
    return Page(width, height, (band, *edge, *field_items, *footer),
                background=field.background, label=f"{audience} {name}")


def _footer(frame: Frame, region: Region, context: BuildContext) -> tuple[list[Item], float]:
    """The paper band: call to action with QR code, partners, funding line."""
    brand, scale, copy, content = frame.brand, frame.scale, frame.copy, frame.content
    ink, primary = brand.colours["ink"], brand.colours["primary"]
    parts: list[list[Item]] = []  # set bottom-up, read top-down
    funding = fit(copy["funding"], frame.spec("regular", scale.funding_pt,
                  leading=LEADING_SMALL, max_lines=2), content.width, content.height,
                  frame.where("funding"))
    parts.append([tagged("P", place(funding, Box(content.x, content.y, content.width,
                                                 funding.height), ink, valign="bottom"))])
    cursor = content.y + funding.height + frame.gap
    logos_box = Box(content.x, cursor, content.width, 2 * mm(scale.logo_row_mm) + frame.gap)
    row_spec = LogoRowSpec(mm(scale.logo_row_mm), mm(scale.logo_row_min_mm), 2 * frame.gap,
                           frame.gap, brand.fonts["bold"], ink, valign="bottom",
                           max_type_pt=scale.url_pt * MARKS_UNDER_URL)
    logo_items, placed = logo_row(region.partners, logos_box, row_spec,
                                  Where(region.file, "partners", frame.medium))
    check_logo_resolution(placed, region, frame.medium, context.problems)
    parts.append(list(logo_items))
    cursor = max(p.box.top for p in placed) + frame.gap * 0.6 if placed else cursor
    label = fit(copy["partners_label"], frame.spec("bold", scale.label_pt, max_lines=1),
                content.width, content.height, frame.where("partners_label"))
    parts.append([tagged("P", place(label, Box(content.x, cursor, content.width, label.height),
                                    ink, valign="bottom"))])
    cursor += label.height + frame.gap
    parts.append([Line((content.x, cursor), (content.right, cursor), primary, RULE_PT)])
    cursor += frame.gap
    helpline_items, helpline_height = _helpline(frame, cursor)
    parts.append(helpline_items)
    cursor += helpline_height + frame.gap * 1.4
    cta_items, cta_height = _call_to_action(frame, region, cursor)
    parts.append(cta_items)
    return [item for part in reversed(parts) for item in part], \
        cursor + cta_height + frame.gap * 1.6


def _helpline(frame: Frame, bottom: float) -> tuple[list[Item], float]:
    """Who to call, across the band: the audience's own line or the shared one."""
    scale, copy, content = frame.scale, frame.copy, frame.content
    block = f"{frame.audience}_helpline"
    block = block if block in copy.blocks else "helpline"
    text = fit(copy[block], frame.spec("bold", scale.cta_text_pt, scale.cta_text_pt * 0.8,
               leading=LEADING_SMALL, max_lines=3), content.width, content.height / 8,
               frame.where(block))
    return ([tagged("P", place(text, Box(content.x, bottom, content.width, text.height),
                               frame.brand.colours["ink"], valign="bottom"))], text.height)


def _call_to_action(frame: Frame, region: Region, bottom: float) -> tuple[list[Item], float]:
    """Heading, text and address on the left; the QR code (tagged URL) on the right."""
    brand, scale, copy, content = frame.brand, frame.scale, frame.copy, frame.content
    ink, primary = brand.colours["ink"], brand.colours["primary"]
    side = mm(scale.qr_mm)
    qr_label = fit(copy["qr_label"], frame.spec("regular", scale.label_pt * 0.9,
                   scale.label_pt * 0.75, max_lines=1, hyphenate=False), side * 1.25, side,
                   frame.where("qr_label"))
    height = side + qr_label.height + frame.gap * 0.4
    url = tagged_url(region.landing_url, source=PRODUCT, medium="print",
                     campaign=brand.tag, content=frame.audience)
    # The QR code repeats the address printed beside it: decoration to a screen reader.
    code = qr_code(url, Box(content.right - side, bottom + height - side, side, side), ink)
    label_box = Box(content.right - qr_label.width, bottom, qr_label.width, qr_label.height)
    label = tagged("P", place(qr_label, label_box, ink, align="right", valign="bottom"))
    column = Box(content.x, bottom, content.width - side - 2 * frame.gap, height)
    heading = fit(copy["cta_heading"], frame.spec("heavy", scale.cta_heading_pt,
                  scale.cta_heading_pt * 0.8, max_lines=1), column.width, column.height,
                  frame.where("cta_heading"))
    address = fit(copy["cta_url"], frame.spec("bold", scale.url_pt, scale.url_pt * 0.7,
                  max_lines=1, hyphenate=False), column.width, column.height,
                  frame.where("cta_url"))
    room = column.height - heading.height - address.height - 2 * frame.gap * 0.6
    text = fit(copy["cta_text"], frame.spec("regular", scale.cta_text_pt,
               scale.cta_text_pt * 0.8, leading=LEADING_SMALL), column.width, room,
               frame.where("cta_text"))
    text_top = column.top - heading.height - frame.gap * 0.6
    items: list[Item] = [
        tagged("H2", place(heading, column, ink)),
        tagged("P", place(text, Box(column.x, column.y, column.width, text_top - column.y),
                          ink)),
        tagged("P", place(address, Box(column.x, column.y, column.width, address.height),
                          primary, valign="bottom")),
        label, code]
    return items, height


def _field(frame: Frame, region: Region, band_top: float, context: BuildContext, look,
           field: Field) -> list[Item]:
    """The colour field: the message stands on the band; above it the audience's hero (its
    pictogram or the key figure), or the campaign's ripples and the '1 op de 4' dot."""
    width, height = frame.width, frame.height
    message_bottom = band_top + frame.gap * 2
    message_limit = band_top + (height - band_top) * MESSAGE_SHARE
    message, message_top = _message(frame, message_bottom, message_limit, field)
    motif_bottom = message_top + frame.gap * 2
    wordmark = _wordmark(frame, width * WORDMARK_WIDTH - frame.content.x, field)
    photo = region.photo_for(PRODUCT, frame.audience)
    if photo is None and look.composition in ("pictogram", "figure"):
        hero = _hero(frame, look, field, message, wordmark, motif_bottom)
        words = [item for item in hero if isinstance(item, Group) and item.tag is not None]
        art = [item for item in hero if item not in words]
        return [*art, *wordmark, *words, *message]  # read: wordmark, figure, message
    outer = min(width * MAX_RING_RADIUS, (height - motif_bottom) * RING_REACH)
    radius = max(width * MIN_DOT_RADIUS, min(width * DOT_RADIUS, outer * DOT_SHARE))
    fact = _fact_text(frame, radius)
    # The dot may run off the top edge with its rings, its figure may not: a tall message
    # pushes the motif up, and the dot then stops where the figure meets the safe zone.
    centre_x = width * RING_CENTRE_X
    centre_y = min(motif_bottom + outer, height - mm(SAFE_MM) - _fact_height(frame, fact) / 2)
    items: list[Item] = []
    if photo is not None:
        items += _photo(frame, region, photo, Box(width * WORDMARK_WIDTH + frame.gap,
                                                  motif_bottom, width, height), context)
    else:
        items += ripples(frame.brand, centre_x, centre_y, radius, outer, frame.scale.ring_count)
    items.append(Circle(centre_x, centre_y, radius, fill=frame.brand.colours["accent"]))
    # Read top-down: the wordmark, the figure in the dot, the message.
    return items + wordmark + _fact(frame, centre_x, centre_y, radius, fact) + message


def _hero(frame: Frame, look, field: Field, message: list[Item], wordmark: list[Item],
          bottom: float) -> list[Item]:
    """The audience's identity in the field: its pictogram on a large disc (with the key
    figure as a line under the wordmark), or the key figure set huge."""
    content, gap = frame.content, frame.gap
    clear = tuple(item.box for item in leaves((*message, *wordmark))
                  if hasattr(item, "box"))
    wordmark_bottom = min(box.y for box in clear if box.y > bottom) if clear else content.top
    if look.composition == "figure":
        box = Box(content.x, bottom, content.width * HERO_FIGURE_WIDTH,
                  wordmark_bottom - gap * 2 - bottom)
        words = {"figure": (frame.copy["fact_figure"], frame.where("fact_figure")),
                 "figure_text": (frame.copy["fact_text"], frame.where("fact_text"))}
        items = draw(Hero(box, clear, gap * 2, field, frame.brand, look, words,
                          frame.scale.ring_count))
        if look.pictogram is not None:  # the audience's mark beside the figure
            side = min(content.right - box.right, box.height)
            disc = Box(content.right - side, bottom + (box.height - side) / 2, side, side)
            items += draw(Hero(disc, clear, gap * 2, field, frame.brand,
                               replace(look, composition="pictogram"), {}, 0))
        return items
    left = frame.width * WORDMARK_WIDTH
    box = Box(left, bottom, frame.width - left, frame.height - mm(SAFE_MM) - bottom)
    items = draw(Hero(box, clear, gap * 2, field, frame.brand, look, {},
                      frame.scale.ring_count))
    return items + _fact_line(frame, field, wordmark)


def _fact_line(frame: Frame, field: Field, wordmark: list[Item]) -> list[Item]:
    """'1 op de 4 kinderen groeit op met zorgen thuis' under the wordmark."""
    content, scale = frame.content, frame.scale
    width = frame.width * WORDMARK_WIDTH - content.x
    text = fit(f"{frame.copy['fact_figure']} {frame.copy['fact_text']}", frame.spec(
        "bold", scale.wordmark_pt * 0.8, scale.wordmark_pt * 0.6, leading=1.15, max_lines=3,
        hyphenate=False, balance=True), width, content.height / 6,
        frame.where("fact_figure + fact_text"))
    top = min(item.box.y for item in leaves(tuple(wordmark)) if hasattr(item, "box")) \
        - frame.gap * 1.5
    bar = Rect(Box(content.x, top - frame.gap * 0.3, mm(KICKER_BAR[0]), mm(KICKER_BAR[1])),
               field.mark)
    top -= frame.gap
    return [bar, tagged("P", place(text, Box(content.x, top - text.height, width, text.height),
                                   field.text))]


def _photo(frame: Frame, region: Region, photo: RegionPhoto, area: Box,
           context: BuildContext) -> list[Item]:
    """The photo, cover-cropped around its focal point into the top-right frame that runs
    into the bleed: a Figure with its alt text, or decoration when it is decorative."""
    overhang = mm(ART_OVERHANG_MM)
    box = Box(area.x, area.y, frame.width - area.x + overhang, frame.height - area.y + overhang)
    crop = cover_crop(photo.image, box, photo.focus)
    check_photo_resolution(photo, crop, box, region, frame.medium, context.problems)
    picture = Picture(box, photo.image, crop, alt=photo.alt, photo=True)
    return [tagged("Figure", (picture,), alt=photo.alt) if photo.alt else picture]


def _fact_text(frame: Frame, radius: float) -> tuple[SetText, SetText]:
    """'1 op 4' and its line, set to fit the square inscribed in the dot."""
    scale, copy = frame.scale, frame.copy
    side = radius * FACT_SQUARE
    figure = fit(copy["fact_figure"], frame.spec("heavy", scale.fact_figure_pt,
                 scale.fact_figure_pt * 0.6, max_lines=1, hyphenate=False), side, side / 2,
                 frame.where("fact_figure"))
    text = fit(copy["fact_text"], frame.spec("bold", scale.fact_text_pt,
               scale.fact_text_pt * 0.7, leading=1.15, hyphenate=False, balance=True), side,
               side - figure.height - frame.gap * 0.4, frame.where("fact_text"))
    return figure, text


def _fact_height(frame: Frame, fact: tuple[SetText, SetText]) -> float:
    return fact[0].height + frame.gap * 0.4 + fact[1].height


def _fact(frame: Frame, centre_x: float, centre_y: float, radius: float,
          fact: tuple[SetText, SetText]) -> list[Item]:
    """The figure and its line, centred in the dot."""
    ink = frame.brand.colours["ink"]
    figure, text = fact
    side = radius * FACT_SQUARE
    square = Box(centre_x - side / 2, centre_y - side / 2, side, side)
    top = centre_y + _fact_height(frame, fact) / 2
    return [tagged("P", (  # '1 op 4' and its line read as one sentence
        *place(figure, Box(square.x, top - figure.height, side, figure.height), ink,
               align="centre"),
        *place(text, Box(square.x, square.y, side, top - figure.height - frame.gap * 0.4
                         - square.y), ink, align="centre")))]


def _wordmark(frame: Frame, width: float, field: Field) -> list[Item]:
    """The campaign's name and the region, top left."""
    scale, copy, content = frame.scale, frame.copy, frame.content
    light = field.text
    name = fit(copy["campaign_line"], frame.spec("heavy", scale.wordmark_pt,
               scale.wordmark_pt * 0.75, leading=1.1, max_lines=2, hyphenate=False,
               balance=True), width, content.height / 4, frame.where("campaign_line"))
    region = fit(copy["region_line"], frame.spec("regular", scale.wordmark_pt * 0.8,
                 scale.wordmark_pt * 0.6, max_lines=1, hyphenate=False), width,
                 content.height / 8, frame.where("region_line"))
    region_top = content.top - name.height - frame.gap * 0.5
    return [tagged("P", place(name, Box(content.x, content.top - name.height, width,
                                        name.height), light)),
            tagged("P", place(region, Box(content.x, region_top - region.height, width,
                                          region.height), light))]


def _message(frame: Frame, bottom: float, limit: float,
             field: Field) -> tuple[list[Item], float]:
    """Kicker, headline and body standing on the paper band; returns items and their top."""
    scale, content, audience = frame.scale, frame.content, frame.audience
    style = MessageStyle(
        scale.kicker_pt, scale.headline_max_pt, scale.headline_min_pt, scale.headline_width,
        scale.body_max_pt, scale.body_min_pt, scale.body_measure_em, frame.gap,
        *(mm(value) for value in KICKER_BAR), text=field.text, bar=field.mark)
    copy = MessageCopy(*(Slot(frame.copy[f"{audience}_{slot}"], frame.where(f"{audience}_{slot}"))
                         for slot in ("kicker", "headline", "body")))
    return message_stack(frame.brand, style, copy, Box(content.x, bottom, content.width,
                                                       content.height), limit)
