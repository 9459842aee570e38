"""Social-media images: every design in every platform format, with alt text and captions.

Each image is a page of the same layout model as the print products, drawn by the same
renderer (screen profile) and rasterised to its exact pixel size. Vertical formats stack
the message under the motif; the wide formats set it beside the motif. In the story
format no text or logo enters the top 14 % or the bottom 20 %, where the app draws.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, replace

from toolkit.config.content import Copy, template_context
from toolkit.config.messages import _
from toolkit.config.model import Brand, Region
from toolkit.errors import TextDoesNotFit
from toolkit.formats import ART_OVERHANG_MM, PX, SCREEN_FORMATS, mm
from toolkit.layout.breaks import plain
from toolkit.layout.logos import LogoRowSpec, logo_row
from toolkit.layout.model import Box, Circle, Document, Item, Line, Page, Rect, Text, leaves
from toolkit.layout.text import FitSpec, Where, fit, place
from toolkit.products import BuildContext, Job
from toolkit.products.common import Composing, check_design_names, tagged_url
from toolkit.products.compositions import (
    Field,
    Hero,
    draw,
    field_colours,
    look_of,
    ripples_on,
)
from toolkit.products.design import MessageCopy, MessageStyle, Slot, message_stack
from toolkit.products.schedule import LEAD_IN_DAYS, WEEK_DAYS, week_dates
from toolkit.products.socialtext import (
    ALT_BLOCKS, PLATFORM, PRODUCT, SHORT_ALT_PLATFORMS, Drawn, alt_too_long, caption_files,
    check_alt_carries, texts,
)

TEMPLATE = "social.nl.j2"
META_TEMPLATE = "social_meta.nl.j2"
FACTORS = ("begrip", "gewoon-leven", "vertrouwenspersoon")
# A link in the text of an Instagram post or story cannot be tapped: their captions point
# to the link in the bio or the story's link sticker (social_meta.nl.j2) instead.
UNCLICKABLE = ("instagram", "instagram-story")
MIN_LOGO_PX = 48  # below this a logo is not legible on a phone: leave the row out


@dataclass(frozen=True)
class SocialScale:
    """The design's numbers for one format, in pixels."""

    margin_px: float
    kicker_px: float
    headline_max_px: float
    headline_min_px: float
    body_max_px: float
    body_min_px: float
    line_px: float
    logo_px: float
    label_px: float
    logo_rows: int
    wide: bool  # text beside the motif instead of under it
    covered_top: float = 0.0  # fraction of the height the app covers
    covered_bottom: float = 0.0


SCALES: dict[str, SocialScale] = {
    "square": SocialScale(70, 26, 84, 48, 34, 26, 30, 52, 22, 2, False),
    "portrait": SocialScale(72, 28, 92, 52, 36, 27, 31, 52, 22, 2, False),
    "story": SocialScale(80, 30, 104, 56, 40, 28, 34, 56, 24, 3, False, 0.14, 0.20),
    "link": SocialScale(52, 20, 60, 36, 26, 21, 24, 48, 18, 1, True),
    "landscape": SocialScale(66, 24, 78, 44, 32, 24, 28, 52, 21, 2, True),
}
BODY_MEASURE_EM = 30
GAP_PX = 22
TALL_GAPS = (1.6, 2.0)  # gaps (in GAP_PX) above the band and below the campaign line
WIDE_GAPS = (1.0, 1.0)
BAR_PX = (70, 8)
STICKER_PX = 190  # story: room above the partners for the app's link sticker
MESSAGE_SHARE = (0.62, 0.70)  # of the height above the band the message may take (story)
BUBBLE = (0.46, 0.11)  # the signals design's chat bubble: width, height (of the width)


def px(value: float) -> float:
    return value * PX


def designs(brand: Brand) -> list[str]:
    """The series: protective factors, audiences, signals, the seven days of the week."""
    return [*FACTORS, *brand.audiences, "signalen",
            *(f"week-{day}" for day in range(1, WEEK_DAYS + 1))]


def schedule(brand: Brand, year: int) -> dict[str, datetime.date]:
    """A posting date per design: the week's own days, and weekdays leading up to it."""
    week = week_dates(year)
    dates = {f"week-{day + 1}": date for day, date in enumerate(week)}
    others = [d for d in designs(brand) if d not in dates]
    start = week[0] - datetime.timedelta(days=LEAD_IN_DAYS)
    weekdays = [start + datetime.timedelta(days=i) for i in range(LEAD_IN_DAYS)
                if (start + datetime.timedelta(days=i)).weekday() < 5]
    for index, design in enumerate(others):
        dates[design] = weekdays[index % len(weekdays)]
    return dates


def build(region: Region, context: BuildContext) -> list[Job]:
    """Return every image job and the two caption files of one region."""
    brand = context.campaign.brand
    year = context.year
    dates = schedule(brand, year)
    week = {date: day for day, date in enumerate(week_dates(year), start=1)}
    jobs: list[Job] = []
    rows: list[dict] = []
    check_design_names(region, context.campaign.looks, PRODUCT, designs(brand),
                       context.problems)
    for design in designs(brand):
        for name in SCREEN_FORMATS:
            with context.collecting():
                job, row = _image(region, design, name, dates[design],
                                  week.get(dates[design]) if design.startswith("week") else None,
                                  context)
                jobs.append(job)
                rows.append(row)
    with context.collecting():
        jobs += caption_files(region, rows, context)
    return jobs


def _image(region: Region, design: str, name: str, date: datetime.date, day: int | None,
           context: BuildContext) -> tuple[Job, dict]:
    brand = context.campaign.brand
    fmt = SCREEN_FORMATS[name]
    week = {"day": day, "date": date} if day else {"day": 0, "date": date}
    values = template_context(brand, region, design=design, format=name, week=week)
    copy = context.copy.render(TEMPLATE, values)
    look = look_of(context.campaign.looks, PRODUCT, design)
    photo = region.photo_for(PRODUCT, design)
    if photo is not None:  # the region's own photo for this design
        look = replace(look, composition="photo")
    page, drawn = social_page(brand, region, copy, design, name, day, look)
    link = tagged_url(region.landing_url, source=PLATFORM[name], medium="social",
                      campaign=brand.tag, content=design)
    slots = _slots(copy, design, day is not None)
    hero = _hero_words(copy, design, day, None)
    meta = context.copy.render(META_TEMPLATE, {
        **values, "kicker": slots["kicker"], "headline": slots["headline"],
        "body": slots["body"], "caption": copy[f"{block(design)}_caption"], "link": link,
        "platform": PLATFORM[name], "link_clickable": PLATFORM[name] not in UNCLICKABLE,
        "composition": look.composition if look.composition != "day" or day else "statement",
        "pictogram": look.pictogram.path.stem if look.pictogram else "",
        "hero": {key: text for key, (text, _where) in hero.items()},
        "photo": {"alt": photo.alt, "decorative": not photo.alt} if photo else None,
        "drawn": drawn.context()})
    for name_of_block, limit in ALT_BLOCKS.items():
        if len(meta[name_of_block]) > limit:
            raise alt_too_long(copy, meta, name_of_block, drawn, design, name, limit)
    check_alt_carries(meta, drawn, design, context.problems)
    alt = meta["alt_short" if PLATFORM[name] in SHORT_ALT_PLATFORMS else "alt"]
    document = Document(title=slots["headline"], subject=meta["alt"], pages=(page,),
                        author=brand.name)
    path = f"{region.id}/{PRODUCT}/{design}/{design}-{name}.png"
    job = Job(path=path, region=region.id, product=PRODUCT, format=name, media="screen",
              document=document, profile=None, kind="png",
              size_px=(fmt.width_px, fmt.height_px),
              meta={"design": design, "width_px": fmt.width_px, "height_px": fmt.height_px,
                    "alt": alt, "alt_long": meta["alt"], "caption": meta["caption"],
                    "platform": PLATFORM[name], "date": date.isoformat()})
    return job, {"design": design, "format": name, "path": path, "date": date,
                 "caption": meta["caption"], "alt": alt, "link": link, "meta": meta}


def block(design: str) -> str:
    """Template block prefix of a design ('gewoon-leven' -> 'gewoon_leven')."""
    return design.replace("-", "_")


def _slots(copy: Copy, design: str, in_week: bool) -> dict[str, str]:
    prefix = "week" if in_week else block(design)
    return {"kicker": plain(copy[f"{prefix}_kicker"]),  # forced breaks are for the image
            "headline": plain(copy[f"{block(design)}_headline"]),
            "body": plain(copy[f"{block(design)}_body"])}


@dataclass(frozen=True)
class Canvas(Composing):
    """Shared values while composing one image."""

    brand: Brand
    copy: Copy
    scale: SocialScale
    width: float
    height: float
    design: str
    format: str

    @property
    def medium(self) -> str:
        return _("the {format} image", format=self.format)

    @property
    def safe(self) -> Box:
        """The area text and logos may use: margins, and out of the story's covered zones."""
        margin = px(self.scale.margin_px)
        bottom = max(margin, self.height * self.scale.covered_bottom + margin / 2)
        top = self.height - max(margin, self.height * self.scale.covered_top + margin / 2)
        return Box(margin, bottom, self.width - 2 * margin, top - bottom)


def social_page(brand: Brand, region: Region, copy: Copy, design: str, name: str,
                day: int | None, look) -> tuple[Page, Drawn]:
    """Compose one image: paper band with partners, message, and the design's hero; and
    the words drawn on it, for the alt text."""
    width, height = SCREEN_FORMATS[name].size_pt
    canvas = Canvas(brand, copy, SCALES[name], width, height, design, name)
    field = field_colours(brand, look, day, f"social.{design}")
    band_items, band_top, partners = _partner_band(canvas, region)
    safe = canvas.safe
    column_width = safe.width * (0.58 if canvas.scale.wide else 1.0)
    gaps = WIDE_GAPS if canvas.scale.wide else TALL_GAPS  # wide formats are short of height
    sticker = px(STICKER_PX) if canvas.scale.covered_bottom else 0.0
    column = Box(safe.x, band_top + px(GAP_PX) * gaps[0] + sticker, column_width,
                 safe.top - band_top)
    wordmark = _wordmark(canvas, safe, field)
    wordmark_bottom = min(item.box.y for item in leaves(tuple(wordmark)))
    limit = wordmark_bottom - px(GAP_PX) * gaps[1]
    if not canvas.scale.wide:
        limit = min(limit, band_top + (safe.top - band_top) * MESSAGE_SHARE[bool(sticker)])
    message, top = message_stack(brand, _style(canvas, field),
                                 _message_copy(canvas, region, day is not None), column, limit)
    gap = px(GAP_PX)
    if canvas.scale.wide:
        hero_box = Box(column.right + gap * 2, band_top + gap, safe.right - column.right - gap * 2,
                       safe.top - band_top - gap)
    else:
        hero_box = Box(safe.x, top + gap * 1.5, safe.width, wordmark_bottom - gap - top - gap * 1.5)
    clear = tuple(item.box for item in leaves((*message, *wordmark))
                  if hasattr(item, "box")) + (
        Box(-width, -height, width * 3, band_top + height),)  # and the partner band
    photo = region.photo_for(PRODUCT, design) if look.composition == "photo" else None
    area = _photo_area(canvas, hero_box, band_top) if photo else hero_box
    hero = Hero(area, clear, gap, field, brand, look, _hero_words(copy, design, day, canvas),
                photo=photo)
    items = [*draw(hero)]
    if canvas.scale.covered_bottom:  # the motif carries on through the story's bottom zone
        zone_top = safe.y - px(canvas.scale.margin_px) / 2 - gap
        items += ripples_on(hero, width * 0.82, 0.0, zone_top * 0.25, zone_top)
    if design == "signalen":
        items += _chat_bubble(canvas, hero_box, field)
    drawn = Drawn(texts(items), texts(wordmark), texts(message), *partners)
    items += [*wordmark, *message, *band_items]
    return Page(width, height, tuple(items), background=field.background,
                label=f"{design} {name}"), drawn


def _photo_area(canvas: Canvas, hero: Box, band_top: float) -> Box:
    """A photo runs off the edges: across and up in the tall formats (the campaign name
    then stands on a plate), up and to the right in the wide ones (beside the message)."""
    overhang = mm(ART_OVERHANG_MM)
    left = hero.x if canvas.scale.wide else -overhang
    bottom = band_top if canvas.scale.wide else hero.y
    return Box(left, bottom, canvas.width + overhang - left, canvas.height + overhang - bottom)


def _hero_words(copy: Copy, design: str, day: int | None, canvas: Canvas | None) -> dict:
    """The hero's own words (figure, question, day), each with where it comes from."""
    prefix = block(design)
    found = {}
    for key in ("figure", "figure_text", "question"):
        if f"{prefix}_{key}" in copy.blocks:
            name = f"{prefix}_{key}"
            found[key] = (copy[name], canvas.where(name) if canvas else None)
    if day:
        found["day"] = (str(day), canvas.where("week_kicker") if canvas else None)
        found["marker"] = (copy["week_marker"], canvas.where("week_marker") if canvas else None)
    return found


def _style(canvas: Canvas, field: Field) -> MessageStyle:
    scale = canvas.scale
    return MessageStyle(px(scale.kicker_px), px(scale.headline_max_px), px(scale.headline_min_px),
                        1.0, px(scale.body_max_px), px(scale.body_min_px), BODY_MEASURE_EM,
                        px(GAP_PX), px(BAR_PX[0]), px(BAR_PX[1]), px(scale.line_px),
                        text=field.text, bar=field.mark)


def _message_copy(canvas: Canvas, region: Region, in_week: bool) -> MessageCopy:
    copy, design = canvas.copy, block(canvas.design)
    prefix = "week" if in_week else design

    def slot(block: str) -> Slot:
        return Slot(copy[block], canvas.where(block))
    return MessageCopy(slot(f"{prefix}_kicker"), slot(f"{design}_headline"),
                       slot(f"{design}_body"), slot("week_date") if in_week else None,
                       slot("cta_url"))


def _wordmark(canvas: Canvas, safe: Box, field: Field) -> list[Item]:
    """The campaign name, top left (inside the safe area)."""
    size = px(canvas.scale.kicker_px)
    block = fit(canvas.copy["campaign_line"], FitSpec(canvas.brand.fonts["heavy"], size,
                size * 0.8, leading=1.1, max_lines=2, hyphenate=False, balance=True),
                safe.width * 0.45, size * 3, canvas.where("campaign_line"))
    return list(place(block, Box(safe.x, safe.top - block.height, safe.width * 0.45,
                                 block.height), field.text))


def _chat_bubble(canvas: Canvas, hero: Box, field: Field) -> list[Item]:
    """A message bubble with '#rotdag' and an angry face, drawn in vector, at the foot of
    the hero box (beside the motif's dot)."""
    brand = canvas.brand
    width = min(canvas.width * BUBBLE[0] * (0.7 if canvas.scale.wide else 1.0), hero.width)
    height = width * BUBBLE[1] / BUBBLE[0]
    box = Box(hero.x, hero.y + height * 0.2, width, height)
    paper, ink = brand.colours["paper"], brand.colours["ink"]
    if field.background == paper or field.background == brand.colours["light"]:
        paper, ink = brand.colours["primary"], brand.colours["light"]
    face = height * 0.32
    face_x, face_y = box.right - height * 0.55, box.y + height / 2
    text_box = Box(box.x + height * 0.35, box.y + height * 0.2,
                   face_x - face - box.x - height * 0.45, height * 0.6)
    text = fit(canvas.copy["signalen_message"], FitSpec(brand.fonts["bold"], height * 0.42,
               height * 0.25, max_lines=1, hyphenate=False), text_box.width, text_box.height,
               canvas.where("signalen_message"))
    return [Rect(box, paper, radius=height * 0.3),
            *place(text, text_box, ink, valign="middle"),
            *_angry_face(face_x, face_y, face, brand.colours["accent"], brand.colours["ink"])]


def _angry_face(x: float, y: float, r: float, fill, ink) -> list[Item]:
    """An angry emoji in vector: face, frowning brows, eyes, a turned-down mouth."""
    stroke = r * 0.12
    return [
        Circle(x, y, r, fill=fill),
        Line((x - r * 0.55, y + r * 0.42), (x - r * 0.15, y + r * 0.22), ink, stroke),
        Line((x + r * 0.55, y + r * 0.42), (x + r * 0.15, y + r * 0.22), ink, stroke),
        Circle(x - r * 0.33, y + r * 0.02, r * 0.11, fill=ink),
        Circle(x + r * 0.33, y + r * 0.02, r * 0.11, fill=ink),
        Line((x - r * 0.35, y - r * 0.52), (x, y - r * 0.38), ink, stroke),
        Line((x, y - r * 0.38), (x + r * 0.35, y - r * 0.52), ink, stroke),
    ]


def _partner_band(canvas: Canvas, region: Region) -> tuple[list[Item], float, tuple]:
    """Paper band along the bottom with the partner row, when the logos stay legible; and
    its words: the label's lines, the lines of each partner drawn as words, the number of
    logos."""
    brand, scale, safe = canvas.brand, canvas.scale, canvas.safe
    ink = brand.colours["ink"]
    overhang = mm(ART_OVERHANG_MM)
    gap = px(GAP_PX)
    label = fit(canvas.copy["partners_label"], FitSpec(brand.fonts["bold"], px(scale.label_px),
                px(scale.label_px),
                max_lines=1, hyphenate=False), safe.width, safe.height,
                canvas.where("partners_label"))
    rows_height = scale.logo_rows * px(scale.logo_px) + (scale.logo_rows - 1) * gap * 0.6
    spec = LogoRowSpec(px(scale.logo_px), px(MIN_LOGO_PX), gap * 1.4, gap * 0.6,
                       brand.fonts["bold"], ink, valign="bottom")
    try:
        logos, placed = logo_row(region.partners, Box(safe.x, safe.y, safe.width, rows_height),
                                 spec, Where(region.file, "partners", canvas.medium))
    except TextDoesNotFit:
        logos, placed = (), ()  # not legible at this size: the caption names the partners
    if not placed:
        band_top = safe.y - px(scale.margin_px) / 2
        return [Rect(Box(-overhang, -overhang, canvas.width + 2 * overhang,
                         band_top + overhang), brand.colours["primary"])], band_top, \
            ((), (), 0)
    used_top = max(p.box.top for p in placed)
    items: list[Item] = list(place(label, Box(safe.x, used_top + gap * 0.6, safe.width,
                                               label.height), ink, valign="bottom"))
    band_top = used_top + gap * 0.6 + label.height + gap
    bottom = -overhang
    if scale.covered_bottom:  # story: the field runs on under the app's zone, art too
        bottom = safe.y - px(scale.margin_px) / 2
    band = Rect(Box(-overhang, bottom, canvas.width + 2 * overhang, band_top - bottom),
                brand.colours["paper"])
    words = texts(logos)
    names = tuple(tuple(line for line in words if _inside(line, logo.box))
                  for logo in placed if logo.partner.logo is None)
    partners = (texts(items), names, sum(1 for logo in placed if logo.partner.logo))
    return [band, *items, *logos], band_top, partners


def _inside(line: Text, box: Box) -> bool:
    """True when line's baseline starts inside box (a partner drawn as words)."""
    return box.x - 1 <= line.x <= box.right + 1 and box.y - 1 <= line.y <= box.top + 1
