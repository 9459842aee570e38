"""The desk card (bureauzetter): side 1 the Kindcheck, side 2 the meldcode's five steps.

One face design, two print forms:

- duplex: two pages at A5 landscape (page 1 Kindcheck, page 2 meldcode), for print shops
  that put desk cards on a stand;
- tent: one A3 sheet imposed for folding into a standing triangle. From the top of the
  sheet: face 1 (turned 180 degrees), face 2, the base and a glue strip. Both faces have
  their header at the ridge, so both read upright once folded. Folds are marked in the
  slug, next to the crop marks, not through the art.

A face: a brand-colour header (campaign name, title), numbered steps in columns (the
meldcode side ends with the Veilig Thuis call-out), and a footer with the region's
contact line and partners.
"""

from __future__ import annotations

import math
from dataclasses import dataclass

from toolkit.config.content import Copy, template_context
from toolkit.config.messages import _
from toolkit.config.model import Brand, Region
from toolkit.errors import TextDoesNotFit
from toolkit.formats import (
    ART_OVERHANG_MM, CUT_OVERHANG_MM, PRINT_FORMATS, mm,
)
from toolkit.layout.logos import LogoRowSpec, logo_row
from toolkit.layout.model import (
    Box, Circle, Die, Document, Fold, Group, Item, Line, Link, Page, Rect, Tag, tagged,
)
from toolkit.layout.qr import qr_code
from toolkit.layout.text import SetText, Where, fit, place
from toolkit.products import BuildContext, Job
from toolkit.products.common import Composing, check_logo_resolution, tagged_url
from toolkit.products.tentsheet import (
    TENT_PANELS_MM, TENT_SHEET, office_inset_mm, office_panels_mm, tent_folds,
)
from toolkit.render.profiles import OFFICE, SCREEN

TEMPLATE = "deskcard.nl.j2"
PRODUCT = "deskcard"
SIDES = ("kindcheck", "meldcode")
HOTLINE_SIDE = "meldcode"
DUPLEX_SIZE = "A5-landscape"
# screen: the duplex pages in RGB, tagged and PDF/UA-1, for partners' websites;
# office: the tent on A3 office paper.
FORMS = {"duplex": f"duplex-{DUPLEX_SIZE}", "tent": f"tent-{TENT_SHEET}",
         "screen": f"screen-{DUPLEX_SIZE}", "office": f"tent-office-{TENT_SHEET}"}


@dataclass(frozen=True)
class DeskScale:
    """The face design's numbers for one form."""

    margin_mm: float  # text and logos keep this far from the face's edges and folds
    header_mm: float
    campaign_pt: float
    title_max_pt: float
    title_min_pt: float
    intro_pt: float
    step_max_pt: float
    step_min_pt: float  # body text on a desk card: at least 9 pt
    number_mm: float
    columns: int
    gap_mm: float
    contact_pt: float
    label_pt: float
    logo_mm: float
    logo_min_mm: float
    hotline_pt: float
    qr_mm: float  # the QR code to the region's page, beside the contact line


SCALES = {
    "duplex": DeskScale(8, 27, 8, 19, 14, 11, 13, 9, 7.5, 2, 4, 9, 7, 7, 4.5, 28, 17),
    "tent": DeskScale(9, 30, 8.5, 22, 15, 11.5, 13.5, 9, 8, 3, 4.5, 9.5, 7.5, 8, 5, 32, 19),
    # The tent inside an office printer's margins: 4 % smaller panels, tighter margins.
    "office": DeskScale(7, 27, 8.5, 21, 15, 11, 13, 9, 7.5, 3, 4, 9.5, 7.5, 7.5, 5, 30, 18),
}
LEADING_STEP = 1.28
LEADING_TITLE = 1.08
RULE_PT = 0.75
HOTLINE_RADIUS_MM = 2.5
TRACKING_EM = 0.06


def build(region: Region, context: BuildContext) -> list[Job]:
    """The duplex card, the tent card and (a desk companion) the cube."""
    from toolkit.products import cube

    jobs = []
    for form in FORMS:
        with context.collecting():
            jobs.append(_job(region, form, context))
    return jobs + cube.build(region, context)


def _job(region: Region, form: str, context: BuildContext) -> Job:
    brand = context.campaign.brand
    layout = "tent" if form == "office" else form  # the office tent: the tent's copy
    copy = context.copy.render(TEMPLATE, template_context(brand, region, form=layout))
    duplex = form in ("duplex", "screen")  # screen: the duplex layout in RGB
    if duplex:
        pages = duplex_pages(brand, region, copy, context, form)
    else:
        pages = {"tent": tent_pages, "office": office_tent_pages}[form](brand, region, copy,
                                                                       context)
    document = Document(title=copy["document_title"], subject=copy["document_subject"],
                        pages=pages, author=brand.name, keywords=brand.hashtags,
                        accessible=form == "screen")
    size = PRINT_FORMATS[DUPLEX_SIZE if duplex else TENT_SHEET]
    meta = {"trim_mm": [size.width_mm, size.height_mm], "pages": len(pages)}
    edition = {"screen": "web", "office": "office"}.get(form)
    return Job(path=f"{region.id}/{PRODUCT}/{PRODUCT}-{FORMS[form]}.pdf", region=region.id,
               product=PRODUCT, format=FORMS[form],
               media={"screen": "screen", "office": "office"}.get(form, "print"),
               document=document,
               profile={"screen": SCREEN, "office": OFFICE}.get(form, context.print_profile),
               meta=meta | ({"edition": edition} if edition else {})
               | ({} if duplex else tent_folds(form)))




@dataclass(frozen=True)
class Face(Composing):
    """Shared values while composing one face of the card."""

    brand: Brand
    region: Region
    copy: Copy
    scale: DeskScale
    form: str
    side: str
    context: BuildContext

    @property
    def medium(self) -> str:
        return _("the {form} desk card", form=self.layout)

    @property
    def layout(self) -> str:
        """The screen edition is the duplex layout: a problem with it is reported once."""
        return "duplex" if self.form == "screen" else self.form

    @property
    def gap(self) -> float:
        return mm(self.scale.gap_mm)


def duplex_pages(brand: Brand, region: Region, copy: Copy, context: BuildContext,
                 form: str = "duplex") -> tuple[Page, ...]:
    """Page 1 the Kindcheck, page 2 the meldcode; the headers run into the bleed."""
    width, height = PRINT_FORMATS[DUPLEX_SIZE].size_pt
    overhang = mm(ART_OVERHANG_MM)
    pages = []
    for side in SIDES:
        face = Face(brand, region, copy, SCALES["duplex"], form, side, context)
        items = face_items(face, Box(0, 0, width, height), (overhang, overhang, overhang))
        pages.append(Page(width, height, tuple(items), background=brand.colours["paper"],
                          label=f"{side} duplex"))
    return tuple(pages)


def tent_pages(brand: Brand, region: Region, copy: Copy,
               context: BuildContext) -> tuple[Page, ...]:
    """One sheet: glue strip, base, face 2 (meldcode), face 1 (Kindcheck, turned); the art
    runs into the bleed, the folds are marked in the slug."""
    width, height = PRINT_FORMATS[TENT_SHEET].size_pt
    items, edges = _tent(brand, region, copy, context, width, TENT_PANELS_MM,
                         mm(ART_OVERHANG_MM))
    folds = tuple(Fold("h", y) for y in edges[1:-1])
    return (Page(width, height, tuple(items), label="tent", folds=folds),)






def office_tent_pages(brand: Brand, region: Region, copy: Copy,
                      context: BuildContext) -> tuple[Page, ...]:
    """The tent on A3 paper for the office: the page is the paper; the tent is laid out
    (not shrunk: desk-card text stays at least 9 pt) inside the printable area, its art
    3 mm past its cut line, the cut and fold lines drawn on the page."""
    width, height = PRINT_FORMATS[TENT_SHEET].size_pt
    inset = mm(office_inset_mm())
    items, _edges = _tent(brand, region, copy, context, width - 2 * inset,
                          office_panels_mm(), mm(CUT_OVERHANG_MM), SCALES["office"])
    return (Page(width, height, (Group(tuple(items), offset_x=inset, offset_y=inset),),
                 label="tent office"),)


def _tent(brand: Brand, region: Region, copy: Copy, context: BuildContext, width: float,
          panels_mm: tuple[float, ...], overhang: float,
          scale: DeskScale = SCALES["tent"]) -> tuple[list[Item], list[float]]:
    """The tent's items from its lower-left corner, and its panels' edges from the bottom.
    overhang: how far art runs past the cut line (the sheet's edge)."""
    edges = [0.0]
    for panel in panels_mm:
        edges.append(edges[-1] + mm(panel))
    glue, base, face_2, face_1 = (Box(0, edges[i], width, edges[i + 1] - edges[i])
                                  for i in range(4))
    sides = {side: Face(brand, region, copy, scale, "tent", side, context) for side in SIDES}
    # The faces' headers meet at the ridge (no bleed there); left and right run off.
    upright = face_items(sides["meldcode"], face_2, (overhang, 0.0, overhang))
    turned = face_items(sides["kindcheck"], face_1, (overhang, 0.0, overhang))
    centre = (face_1.x + face_1.width / 2, face_1.y + face_1.height / 2)
    # The paper colour on the printed panels only: the glue strip carries no ink at all.
    paper = Rect(Box(-overhang, base.y, width + 2 * overhang, edges[-1] + overhang - base.y),
                 brand.colours["paper"])
    top = edges[-1]
    outline = (((0.0, 0.0), (width, 0.0)), ((width, 0.0), (width, top)),
               ((width, top), (0.0, top)), ((0.0, top), (0.0, 0.0)))
    items: list[Item] = [  # in reading order: face 1, face 2, the folding instructions
        paper,
        Group(tuple(turned), 180.0, *centre),
        *upright,
        *_base(sides["meldcode"], base),
        Die("cut", outline),
        Die("crease", tuple(((0.0, y), (width, y)) for y in edges[1:-1])),
    ]
    return items, edges


def _base(face: Face, base: Box) -> list[Item]:
    """The base carries the folding instructions (the glue strip below it stays blank)."""
    ink = face.brand.colours["ink"]
    inner = base.inset(mm(face.scale.margin_mm))
    text = fit(face.copy["tent_base"], face.spec("regular", face.scale.intro_pt,
               face.scale.step_min_pt, leading=LEADING_STEP), inner.width * 0.6, inner.height,
               face.where("tent_base"))
    return [tagged("P", place(text, inner, ink, valign="middle"))]


def face_items(face: Face, box: Box, bleed: tuple[float, float, float]) -> list[Item]:
    """Compose one face inside box. bleed: how far the header runs past the box's left,
    top and right edges (into the bleed where that edge is the trim, 0 at a fold)."""
    scale, colours = face.scale, face.brand.colours
    margin = mm(scale.margin_mm)
    inner = box.inset(margin)
    header_bottom = box.top - mm(scale.header_mm)
    left, top, right = bleed
    items: list[Item] = [Rect(Box(box.x - left, header_bottom, box.width + left + right,
                                  box.top + top - header_bottom), colours["primary"])]
    items += _header(face, Box(inner.x, header_bottom + margin * 0.6, inner.width,
                               inner.top - header_bottom - margin * 0.6))
    footer, footer_top = _footer(face, inner)
    body = Box(inner.x, footer_top + face.gap, inner.width,
               header_bottom - margin * 0.8 - footer_top - face.gap)
    items += _body(face, body)
    return items + footer


def _header(face: Face, box: Box) -> list[Item]:
    scale, light = face.scale, face.brand.colours["light"]
    campaign = fit(face.copy["campaign_line"], face.spec("bold", scale.campaign_pt,
                   max_lines=1, hyphenate=False, tracking_em=TRACKING_EM), box.width,
                   box.height, face.where("campaign_line"))
    room = box.height - campaign.height - face.gap * 0.6
    title = fit(face.copy[f"{face.side}_title"], face.spec(
        "heavy", scale.title_max_pt, scale.title_min_pt, leading=LEADING_TITLE, max_lines=2,
        hyphenate=False, balance=True), box.width, room, face.where(f"{face.side}_title"))
    return [tagged("P", place(campaign, box, light)),
            tagged("H1", place(title, Box(box.x, box.y, box.width, room), light,
                               valign="bottom"))]


def _footer(face: Face, inner: Box) -> tuple[list[Item], float]:
    """Partners along the bottom, the label and the contact line and the region's address
    above them, a QR code to that page at the right of all three; a rule above."""
    scale, brand = face.scale, face.brand
    ink, primary = brand.colours["ink"], brand.colours["primary"]
    side = mm(scale.qr_mm)
    text_width = inner.width - side - face.gap * 2
    where = Where(face.region.file, "partners", face.medium)
    spec = LogoRowSpec(mm(scale.logo_mm), mm(scale.logo_min_mm), face.gap * 1.6, face.gap * 0.5,
                       brand.fonts["bold"], ink, valign="bottom")
    logos, placed = logo_row(face.region.partners, Box(inner.x, inner.y, text_width,
                                                        2 * mm(scale.logo_mm) + face.gap),
                             spec, where)
    if face.form != "screen":  # a print's resolution
        check_logo_resolution(placed, face.region, face.medium, face.context.problems)
    cursor = max(p.box.top for p in placed) + face.gap * 0.5 if placed else inner.y
    label = fit(face.copy["partners_label"], face.spec("bold", scale.label_pt, max_lines=1,
                hyphenate=False), text_width, inner.height, face.where("partners_label"))
    # Set bottom-up, read top-down: address, contact line, label, partners.
    label_items = tagged("P", place(label, Box(inner.x, cursor, text_width, label.height),
                                    ink, valign="bottom"))
    cursor += label.height + face.gap * 0.8
    contact = fit(face.copy["contact"], face.spec("regular", scale.contact_pt,
                  scale.step_min_pt, leading=LEADING_STEP, max_lines=2), text_width,
                  inner.height / 4, face.where("contact"))
    contact_items = tagged("P", place(contact, Box(inner.x, cursor, text_width,
                                                   contact.height), ink, valign="bottom"))
    cursor += contact.height + face.gap * 0.4
    url = fit(face.copy["cta_url"], face.spec("bold", scale.contact_pt * 1.15,
              scale.contact_pt, max_lines=1, hyphenate=False), text_width, inner.height / 4,
              face.where("cta_url"))
    screen = face.form == "screen"
    link = tagged_url(face.region.landing_url, source=PRODUCT,
                      medium="screen" if screen else "print", campaign=brand.tag,
                      content=face.form)
    address = place(url, Box(inner.x, cursor, text_width, url.height), primary,
                    valign="bottom")
    if screen:  # on a screen the address is a link (underlined), not a QR code
        area = Box(inner.x, cursor, address[0].width, url.height)
        address = (tagged("Link", (*address, Link(area, url=link)), link, underline=True),)
    items: list[Item] = [tagged("P", address), contact_items, label_items, *logos]
    cursor = max(cursor + url.height, inner.y + side) + face.gap * 0.8
    if not screen:
        items.append(qr_code(link, Box(inner.right - side, inner.y, side, side), ink))
    items.append(Line((inner.x, cursor), (inner.right, cursor), primary, RULE_PT))
    return items, cursor


@dataclass(frozen=True)
class Cell:
    """One entry of the steps grid, set at one size: its items are made when placed."""

    height: float
    draw: object  # callable(top_left_x, top_y, width) -> list[Item]


def _steps(face: Face) -> list[tuple[str, str]]:
    """The side's numbered steps as (lead block, text block), in order."""
    found = []
    while f"{face.side}_step_{len(found) + 1}_lead" in face.copy.blocks:
        number = len(found) + 1
        found.append((f"{face.side}_step_{number}_lead", f"{face.side}_step_{number}_text"))
    return found


def _body(face: Face, box: Box) -> list[Item]:
    """Intro (if any), then the steps in columns (down, then across), at the largest
    common size from the scale's range that fits; a clear error if none does."""
    scale = face.scale
    steps = _steps(face)
    intro_block = f"{face.side}_intro"
    cells_count = len(steps) + (face.side == HOTLINE_SIDE)
    rows = math.ceil(cells_count / scale.columns)
    columns = math.ceil(cells_count / rows)
    column_width = (box.width - (columns - 1) * face.gap * 1.5) / columns
    size = scale.step_max_pt
    while size >= scale.step_min_pt - 1e-9:
        items: list[Item] = []
        top = box.top
        if intro_block in face.copy.blocks:
            intro = fit(face.copy[intro_block], face.spec("regular", size, size,
                        leading=LEADING_STEP), box.width, box.height, face.where(intro_block))
            items.append(tagged("P", place(intro, Box(box.x, top - intro.height, box.width,
                                                      intro.height),
                                           face.brand.colours["ink"])))
            top -= intro.height + face.gap
        narrow, needed = None, None
        listing = Tag("L", f"steps-{face.side}")  # the steps: one ordered list
        try:
            cells = [_step_cell(face, number, blocks, size, column_width, listing)
                     for number, blocks in enumerate(steps, start=1)]
        except TextDoesNotFit as error:  # a word wider than its column, at this size
            cells, narrow = None, error
        if cells is not None:
            if face.side == HOTLINE_SIDE:
                cells.append(_hotline_cell(face, size, column_width))
            columns_cells = [cells[i * rows:(i + 1) * rows] for i in range(columns)]
            needed = max(sum(c.height for c in col) + face.gap * (len(col) - 1)
                         for col in columns_cells)
            if needed <= top - box.y + 1e-6:
                for index, column in enumerate(columns_cells):
                    x = box.x + index * (column_width + face.gap * 1.5)
                    cursor = top
                    for cell in column:
                        items += cell.draw(x, cursor, column_width)
                        cursor -= cell.height + face.gap
                return items
        size = round(size - 0.25, 3)
    if narrow is not None:  # even at the smallest size: name the step and the word
        raise narrow
    blamed = f"{face.side}_step_*"
    message = _("the steps do not fit {where} at the {size} pt minimum", where=face.medium,
                size=scale.step_min_pt)
    fix = _("shorten the steps")
    if needed is not None and needed <= box.height + 1e-6:  # they would, without the intro
        blamed = f"{intro_block} + {blamed}"
        message = _("the intro and the steps together do not fit {where} at the {size} pt "
                    "minimum", where=face.medium, size=scale.step_min_pt)
        fix = _("shorten the intro or the steps")
    raise TextDoesNotFit(face.copy.template, blamed, message, fix)


def _step_cell(face: Face, number: int, blocks: tuple[str, str], size: float,
               width: float, listing: Tag) -> Cell:
    """A number in a brand-colour disc; the lead in bold, the text under it."""
    colours = face.brand.colours
    disc = mm(face.scale.number_mm)
    text_width = width - disc - face.gap
    huge = 10_000.0
    lead = fit(face.copy[blocks[0]], face.spec("bold", size, size, leading=LEADING_STEP,
               hyphenate=False), text_width, huge, face.where(blocks[0]))
    text = fit(face.copy[blocks[1]], face.spec("regular", size, size, leading=LEADING_STEP),
               text_width, huge, face.where(blocks[1]))
    figure = fit(str(number), face.spec("heavy", size * 1.2, size * 1.2, max_lines=1,
                 hyphenate=False), disc, disc, face.where(blocks[0]))
    height = max(disc, lead.height + face.gap * 0.25 + text.height)

    def draw(x: float, top: float, _width: float) -> list[Item]:
        text_x = x + disc + face.gap
        label = Group((Circle(x + disc / 2, top - disc / 2, disc / 2, fill=colours["primary"]),
                       *place(figure, Box(x, top - disc, disc, disc), colours["light"],
                              align="centre", valign="middle")), tag=Tag("Lbl"))
        body = tagged("LBody", (
            tagged("P", place(lead, Box(text_x, top - lead.height, text_width, lead.height),
                              colours["ink"])),
            tagged("P", place(text, Box(text_x, top - lead.height - face.gap * 0.25
                                        - text.height, text_width, text.height),
                              colours["ink"]))))
        return [Group((tagged("LI", (label, body)),), tag=listing)]
    return Cell(height, draw)


def _hotline_cell(face: Face, size: float, width: float) -> Cell:
    """Veilig Thuis and its number, large, on the accent colour; 112 for acute danger."""
    colours, scale = face.brand.colours, face.scale
    pad = face.gap * 0.9
    inner = width - 2 * pad

    def one(block: str, role: str, pt: float) -> SetText:
        return fit(face.copy[block], face.spec(role, pt, pt * 0.7, max_lines=1,
                   hyphenate=False), inner, 10_000.0, face.where(block))
    label = one("hotline_label", "bold", size * 1.1)
    number = one("hotline_number", "heavy", scale.hotline_pt)
    note = one("hotline_note", "regular", size)
    emergency = one("emergency", "bold", size * 1.1)
    parts = (label, number, note, emergency)
    height = sum(p.height for p in parts) + face.gap * 0.3 * 2 + 2 * pad

    def draw(x: float, top: float, _width: float) -> list[Item]:
        items: list[Item] = [Rect(Box(x, top - height, width, height), colours["accent"],
                                  radius=mm(HOTLINE_RADIUS_MM))]
        cursor = top - pad
        for part in parts:
            items.append(tagged("P", place(part, Box(x + pad, cursor - part.height, inner,
                                                     part.height), colours["ink"])))
            cursor -= part.height + face.gap * 0.3
        return [tagged("Note", items)]  # a call-out
    return Cell(height, draw)
