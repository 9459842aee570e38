"""Social-media images: every design in every platform format, with alt text and captions.

Each image is a page of the same layout model as the print products, drawn by the same
renderer (screen profile) and rasterised to its exact pixel size. Vertical formats stack
the message under the motif; the wide formats set it beside the motif. In the story
format no text or logo enters the top 14 % or the bottom 20 %, where the app draws.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass

from toolkit.config.content import Copy, template_context
from toolkit.config.model import Brand, Region
from toolkit.errors import InputError, TextDoesNotFit
from toolkit.formats import ART_OVERHANG_MM, PX, SCREEN_FORMATS, mm
from toolkit.layout.logos import LogoRowSpec, logo_row
from toolkit.layout.model import Box, Circle, Document, Item, Line, Page, Rect
from toolkit.layout.text import FitSpec, Where, fit, place
from toolkit.products import BuildContext, Job
from toolkit.products.common import Composing, tagged_url
from toolkit.products.design import MessageCopy, MessageStyle, Slot, message_stack, ripples
from toolkit.render.spreadsheet import csv_bytes

TEMPLATE = "social.nl.j2"
META_TEMPLATE = "social_meta.nl.j2"
PRODUCT = "social"
FACTORS = ("begrip", "gewoon-leven", "vertrouwenspersoon")
WEEK_DAYS = 7
WEEK_ANCHOR = (11, 20)  # the week of 20 November: international day of children's rights
LEAD_IN_DAYS = 14  # the other designs are scheduled in the two weeks before the week
MAX_ALT_CHARACTERS = 250
PLATFORM = {"square": "instagram", "portrait": "facebook", "story": "instagram-story",
            "link": "linkedin", "landscape": "x"}
POST_TIME = "09:00"  # a morning slot; schedulers let a person move it
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
DOT = 0.11  # of the image's smaller side
RING_COUNT = 4
BUBBLE = (0.46, 0.11)  # the signals design's chat bubble: width, height (of the width)


def px(value: float) -> float:
    return value * PX


def designs(brand: Brand) -> list[str]:
    """The series: protective factors, audiences, signals, the seven days of the week."""
    return [*FACTORS, *brand.audiences, "signalen",
            *(f"week-{day}" for day in range(1, WEEK_DAYS + 1))]


def week_dates(year: int) -> list[datetime.date]:
    """Monday to Sunday of the week that holds 20 November."""
    anchor = datetime.date(year, *WEEK_ANCHOR)
    monday = anchor - datetime.timedelta(days=anchor.weekday())
    return [monday + datetime.timedelta(days=offset) for offset in range(WEEK_DAYS)]


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
    for design in designs(brand):
        for name in SCREEN_FORMATS:
            with context.collecting():
                job, row = _image(region, design, name, dates[design],
                                  week.get(dates[design]) if design.startswith("week") else None,
                                  context)
                jobs.append(job)
                rows.append(row)
    with context.collecting():
        jobs += _caption_files(region, rows, context)
    return jobs


def _image(region: Region, design: str, name: str, date: datetime.date, day: int | None,
           context: BuildContext) -> tuple[Job, dict]:
    brand = context.campaign.brand
    fmt = SCREEN_FORMATS[name]
    week = {"day": day, "date": date} if day else {"day": 0, "date": date}
    values = template_context(brand, region, design=design, format=name, week=week)
    copy = context.copy.render(TEMPLATE, values)
    page = social_page(brand, region, copy, design, name, day is not None)
    link = tagged_url(region.landing_url, source=PLATFORM[name], medium="social",
                      campaign=brand.tag, content=design)
    slots = _slots(copy, design, day is not None)
    meta = context.copy.render(META_TEMPLATE, {
        **values, "kicker": slots["kicker"], "headline": slots["headline"],
        "body": slots["body"], "caption": copy[f"{block(design)}_caption"], "link": link})
    alt = meta["alt"]
    if len(alt) > MAX_ALT_CHARACTERS:
        raise _alt_too_long(copy, meta, design, slots, alt)
    document = Document(title=slots["headline"], subject=alt, pages=(page,), author=brand.name)
    path = f"{region.id}/{PRODUCT}/{design}/{design}-{name}.png"
    job = Job(path=path, region=region.id, product=PRODUCT, format=name, media="screen",
              document=document, profile=None, kind="png",
              size_px=(fmt.width_px, fmt.height_px),
              meta={"design": design, "width_px": fmt.width_px, "height_px": fmt.height_px,
                    "alt": alt, "caption": meta["caption"], "platform": PLATFORM[name],
                    "date": date.isoformat()})
    return job, {"design": design, "format": name, "path": path, "date": date,
                 "caption": meta["caption"], "alt": alt, "link": link, "meta": meta}


def _alt_too_long(copy: Copy, meta: Copy, design: str, slots: dict[str, str],
                  alt: str) -> InputError:
    """Name what makes the alt text too long: the headline and body it repeats, or the
    alt block's own words when they are most of it."""
    own = len(alt) - len(slots["headline"]) - len(slots["body"])
    if own > MAX_ALT_CHARACTERS // 2:
        return InputError(meta.template, "alt", f"makes an alt text of {len(alt)} characters "
                          f"for '{design}' ({own} of its own), more than "
                          f"{MAX_ALT_CHARACTERS}", "shorten the alt block's own words")
    prefix = block(design)
    return InputError(copy.template, f"{prefix}_headline + {prefix}_body",
                      f"make an alt text of {len(alt)} characters for '{design}', more than "
                      f"{MAX_ALT_CHARACTERS}", "shorten the headline or body (the alt text "
                      "repeats them)")


def block(design: str) -> str:
    """Template block prefix of a design ('gewoon-leven' -> 'gewoon_leven')."""
    return design.replace("-", "_")


def _slots(copy: Copy, design: str, in_week: bool) -> dict[str, str]:
    prefix = "week" if in_week else block(design)
    return {"kicker": copy[f"{prefix}_kicker"], "headline": copy[f"{block(design)}_headline"],
            "body": copy[f"{block(design)}_body"]}


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
        return f"the {self.format} image"

    @property
    def safe(self) -> Box:
        """The area text and logos may use: margins, and out of the story's covered zones."""
        margin = px(self.scale.margin_px)
        bottom = max(margin, self.height * self.scale.covered_bottom + margin / 2)
        top = self.height - max(margin, self.height * self.scale.covered_top + margin / 2)
        return Box(margin, bottom, self.width - 2 * margin, top - bottom)


def social_page(brand: Brand, region: Region, copy: Copy, design: str, name: str,
                in_week: bool) -> Page:
    """Compose one image: paper band with partners, message, motif."""
    width, height = SCREEN_FORMATS[name].size_pt
    canvas = Canvas(brand, copy, SCALES[name], width, height, design, name)
    band_items, band_top = _partner_band(canvas, region)
    safe = canvas.safe
    column_width = safe.width * (0.62 if canvas.scale.wide else 1.0)
    gaps = WIDE_GAPS if canvas.scale.wide else TALL_GAPS  # wide formats are short of height
    column = Box(safe.x, band_top + px(GAP_PX) * gaps[0], column_width,
                 safe.top - band_top)
    limit = safe.top - _wordmark_height(canvas, safe) - px(GAP_PX) * gaps[1]
    if not canvas.scale.wide:
        limit = min(limit, band_top + (safe.top - band_top) * 0.78)
    message, top = message_stack(brand, _style(canvas), _message_copy(canvas, region, in_week),
                                 column, limit)
    motif = _motif(canvas, top, safe, column.right + px(GAP_PX))
    items = [*motif, *_wordmark(canvas, safe), *message, *band_items]
    return Page(width, height, tuple(items), background=brand.colours["primary"],
                label=f"{design} {name}")


def _style(canvas: Canvas) -> MessageStyle:
    scale = canvas.scale
    return MessageStyle(px(scale.kicker_px), px(scale.headline_max_px), px(scale.headline_min_px),
                        1.0, px(scale.body_max_px), px(scale.body_min_px), BODY_MEASURE_EM,
                        px(GAP_PX), px(BAR_PX[0]), px(BAR_PX[1]), px(scale.line_px))


def _message_copy(canvas: Canvas, region: Region, in_week: bool) -> MessageCopy:
    copy, design = canvas.copy, block(canvas.design)
    prefix = "week" if in_week else design

    def slot(block: str) -> Slot:
        return Slot(copy[block], canvas.where(block))
    return MessageCopy(slot(f"{prefix}_kicker"), slot(f"{design}_headline"),
                       slot(f"{design}_body"), slot("week_date") if in_week else None,
                       slot("cta_url"))


def _wordmark_height(canvas: Canvas, safe: Box) -> float:
    return px(canvas.scale.kicker_px) * 1.25 * 2


def _wordmark(canvas: Canvas, safe: Box) -> list[Item]:
    """The campaign name, top left (inside the safe area)."""
    size = px(canvas.scale.kicker_px)
    block = fit(canvas.copy["campaign_line"], FitSpec(canvas.brand.fonts["heavy"], size,
                size * 0.8, leading=1.1, max_lines=2, hyphenate=False, balance=True),
                safe.width * 0.45, size * 3, canvas.where("campaign_line"))
    return list(place(block, Box(safe.x, safe.top - block.height, safe.width * 0.45,
                                 block.height), canvas.brand.colours["light"]))


def _motif(canvas: Canvas, message_top: float, safe: Box, free_x: float) -> list[Item]:
    """Ripples around the accent dot, top right; the signals design adds a chat bubble."""
    brand, width, height = canvas.brand, canvas.width, canvas.height
    radius = min(width, height) * DOT
    if canvas.scale.wide:
        centre_x, centre_y = width * 0.84, height * 0.62
        outer = min(width * 0.30, height * 0.62)
    else:
        centre_x = width * 0.80
        centre_y = (message_top + height) / 2 + (height - message_top) * 0.12
        outer = min(width * 0.42, max(centre_y - message_top - px(GAP_PX), radius * 1.4))
    items = ripples(brand, centre_x, centre_y, radius, outer, RING_COUNT)
    items.append(Circle(centre_x, centre_y, radius, fill=brand.colours["accent"]))
    if canvas.design == "signalen":
        items += _chat_bubble(canvas, centre_x, centre_y, radius, safe,
                              free_x if canvas.scale.wide else safe.x)
    return items


def _chat_bubble(canvas: Canvas, centre_x: float, centre_y: float, radius: float,
                 safe: Box, free_x: float) -> list[Item]:
    """A message bubble with '#rotdag' and an angry face, drawn in vector, right of free_x
    (in the wide formats the message column ends there)."""
    brand = canvas.brand
    right = min(centre_x + radius * 0.6, safe.right)
    width = min(canvas.width * BUBBLE[0] * (0.7 if canvas.scale.wide else 1.0), right - free_x)
    height = width * BUBBLE[1] / BUBBLE[0]
    box = Box(right - width, centre_y - radius - height * 0.55, width, height)
    paper, ink = brand.colours["paper"], brand.colours["ink"]
    face = height * 0.32
    face_x, face_y = box.right - height * 0.55, box.y + height / 2
    text_box = Box(box.x + height * 0.35, box.y + height * 0.2,
                   face_x - face - box.x - height * 0.45, height * 0.6)
    text = fit(canvas.copy["signalen_message"], FitSpec(brand.fonts["bold"], height * 0.42,
               height * 0.25, max_lines=1, hyphenate=False), text_box.width, text_box.height,
               canvas.where("signalen_message"))
    return [Rect(box, paper, radius=height * 0.3),
            *place(text, text_box, ink, valign="middle"),
            *_angry_face(face_x, face_y, face, brand.colours["accent"], ink)]


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


def _partner_band(canvas: Canvas, region: Region) -> tuple[list[Item], float]:
    """Paper band along the bottom with the partner row, when the logos stay legible."""
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
                                 spec, Where(region.file, "partners", f"the {canvas.format} image"))
    except TextDoesNotFit:
        logos, placed = (), ()  # not legible at this size: the caption names the partners
    if not placed:
        band_top = safe.y - px(scale.margin_px) / 2
        return [Rect(Box(-overhang, -overhang, canvas.width + 2 * overhang,
                         band_top + overhang), brand.colours["primary"])], band_top
    used_top = max(p.box.top for p in placed)
    items: list[Item] = list(place(label, Box(safe.x, used_top + gap * 0.6, safe.width,
                                               label.height), ink, valign="bottom"))
    band_top = used_top + gap * 0.6 + label.height + gap
    band = Rect(Box(-overhang, -overhang, canvas.width + 2 * overhang, band_top + overhang),
                brand.colours["paper"])
    return [band, *items, *logos], band_top


def _caption_files(region: Region, rows: list[dict], context: BuildContext) -> list[Job]:
    """A text file a person pastes from, and a CSV for a scheduler's bulk upload."""
    if not rows:
        return []
    meta = rows[0]["meta"]
    by_design: dict[str, list[dict]] = {}
    for row in rows:
        by_design.setdefault(row["design"], []).append(row)
    lines = [meta["captions_title"], "", meta["captions_intro"], ""]
    for design, group in by_design.items():
        first = group[0]
        lines += ["=" * 72, f"{meta['captions_design']}: {design}",
                  f"{meta['captions_date']}: {first['date'].isoformat()}",
                  f"{meta['captions_alt']}: {first['alt']}", ""]
        for row in group:  # the link carries the platform: one caption per platform
            lines += ["-" * 24, f"{PLATFORM[row['format']]}: {row['path'].split('/', 1)[1]}",
                      "", row["caption"], ""]
    text = "\n".join(lines).encode("utf-8")
    schedule = [["date", "time", "message", "link", "image", "alt_text", "platform"]]
    schedule += [[row["date"].isoformat(), POST_TIME, row["caption"], row["link"],
                  row["path"].split("/", 1)[1], row["alt"], PLATFORM[row["format"]]]
                 for row in rows]
    return [
        Job(path=f"{region.id}/{PRODUCT}/teksten.txt", region=region.id, product=PRODUCT,
            format="captions", media="screen", document=None, profile=None, kind="text",
            data=text),
        Job(path=f"{region.id}/{PRODUCT}/planning.csv", region=region.id, product=PRODUCT,
            format="schedule", media="screen", document=None, profile=None, kind="text",
            data=csv_bytes(schedule)),  # no cell can run as a formula
    ]
