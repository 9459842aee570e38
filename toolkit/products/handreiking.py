"""The handreiking: a typeset A5 guide for professionals who work with parents.

One source (templates/handreiking.nl.j2, in markup; the sociale kaart from CSV files),
three editions per region:

- screen: RGB, bookmarks open in the viewer, links (contents entries, web, tel:), centred
  frame;
- print: CMYK with bleed and crop marks, mirrored margins (wider on the binding side),
  padded to a multiple of four pages with notes pages before the back page;
- booklet: the print edition's pages two-up on A4 landscape in saddle-stitch order, for
  duplex printing at the office.

Pages: cover, contents, the chapters (each on a new page), [notes], colophon.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cached_property

from toolkit.colour import mix
from toolkit.config import markup
from toolkit.config.content import Copy, template_context
from toolkit.config.messages import _
from toolkit.config.model import Brand, MapEntry, Region
from toolkit.errors import InputError, TextDoesNotFit
from toolkit.formats import ART_OVERHANG_MM, PRINT_FORMATS, mm
from toolkit.layout.flow import Chunk
from toolkit.layout.impose import impose_two_up
from toolkit.layout.logos import LogoRowSpec, logo_row
from toolkit.layout.model import Box, Circle, Document, Item, Page, Rect, tagged
from toolkit.layout.rich import TextStyle
from toolkit.layout.text import Where, fit, place
from toolkit.layout.typeset import BookStyle, Entry, Typesetter
from toolkit.products import BuildContext, Job
from toolkit.products.book import Book, Furniture, Grid, anchors, padding
from toolkit.products.common import Composing, check_logo_resolution
from toolkit.products.design import ripples
from toolkit.render.profiles import OFFICE, SCREEN

TEMPLATE = "handreiking.nl.j2"
PRODUCT = "handreiking"
MARKUP_BLOCKS = ("body", "colophon")
INLINE_BLOCKS = ("map_contact_note", "map_regional_empty")  # one line of inline markup
MAP_DIRECTIVE = "sociale-kaart"
PAGE_FORMAT = "A5"
SHEET_FORMAT = "A4"  # the booklet's sheets, landscape
EDITIONS = {"screen": PAGE_FORMAT, "print": PAGE_FORMAT, "booklet": f"booklet-{SHEET_FORMAT}"}
FILE_SIZES = {"screen": PAGE_FORMAT, "print": PAGE_FORMAT, "booklet": SHEET_FORMAT}
CONTENTS_KEY = "inhoud"
TITLE_BLOCK = "cover_title"  # the cover's heading (H1); its other lines are paragraphs
MAP_WIDTHS = {True: (0.34, 0.42, 0.24), False: (0.34, 0.66)}  # with / without contacts


@dataclass(frozen=True)
class BookScale:
    """The handreiking's numbers: margins in mm, type in pt."""

    inner_mm: float = 18  # binding side: >= 10 mm plus room for the staples' creep
    outer_mm: float = 14
    top_mm: float = 16
    bottom_mm: float = 20
    footer_baseline_mm: float = 10
    footer_pt: float = 7.5
    footer_gap_mm: float = 6
    body_pt: float = 9.5
    body_leading: float = 13.6
    chapter_pt: float = 19
    chapter_leading: float = 22
    number_pt: float = 24
    number_leading: float = 30
    section_pt: float = 11.5
    section_leading: float = 15
    table_pt: float = 8.5
    table_leading: float = 11.4
    contents_leading: float = 15
    paragraph_space: float = 6.8  # half a line
    chapter_bar_mm: tuple[float, float] = (12, 1.6)
    chapter_space_after: float = 13.6
    section_space_before: float = 13.6
    section_space_after: float = 3.4
    list_indent_mm: float = 5.5
    item_space: float = 3.4
    bullet_radius: float = 1.5
    cell_pad_mm: tuple[float, float] = (1.8, 1.5)
    cell_paragraph_space: float = 2.5
    block_space: float = 10
    callout_pad_mm: float = 3.5
    callout_bar_mm: float = 1.4
    rule_pt: float = 0.5
    contents_columns_mm: tuple[float, float, float] = (7, 10, 5)  # number, page, indent
    notes_pitch_mm: float = 8
    tint: float = 0.10  # the call-out and zebra fill: this much primary on paper


SCALE = BookScale()


@dataclass(frozen=True)
class CoverLine:
    """One text slot of the cover, set from the top down."""

    block: str
    role: str
    max_pt: float
    min_pt: float
    max_lines: int
    leading: float
    space_after_em: float
    width: float = 1.0  # share of the column


@dataclass(frozen=True)
class CoverScale:
    margin_mm: float = 14
    lines: tuple[CoverLine, ...] = (
        CoverLine("cover_kicker", "bold", 9, 9, 2, 1.3, 0.9),
        CoverLine("cover_title", "heavy", 30, 20, 4, 1.12, 1.4, width=0.86),
        CoverLine("cover_subtitle", "regular", 12, 12, 4, 1.3, 1.4),
        CoverLine("cover_region", "bold", 10, 10, 1, 1.3, 0.9))
    band_mm: float = 44  # the paper band with the partners, at the foot
    band_margin_mm: float = 11
    label_pt: float = 7.5
    label_gap_mm: float = 3
    logo_mm: float = 9
    logo_min_mm: float = 5
    logo_gap_mm: tuple[float, float] = (5, 2.5)
    dot_mm: float = 7
    dot_inset_margins: float = 2.2  # the dot's centre, in margins from the right edge
    dot_height: float = 0.45  # share of the free height
    rings: int = 6
    rings_reach: float = 0.75  # outer ring radius, as a share of the free height


COVER = CoverScale()


def build(region: Region, context: BuildContext) -> list[Job]:
    """The screen, print and booklet editions for one region."""
    jobs: list[Job] = []
    with context.collecting():
        brand = context.campaign.brand
        copy = context.copy.render(TEMPLATE, template_context(brand, region),
                                   raw=MARKUP_BLOCKS, markup=INLINE_BLOCKS)
        handbook = Handbook(brand, region, copy, context)
        screen = handbook.pages("screen")
        printed = handbook.pages("print")
        width, height = PRINT_FORMATS[SHEET_FORMAT].size_pt
        sheets = impose_two_up(printed, height, width, "booklet")
        size, sheet = PRINT_FORMATS[PAGE_FORMAT], PRINT_FORMATS[SHEET_FORMAT]
        trim = [size.width_mm, size.height_mm]
        editions = (("screen", screen, SCREEN, trim), ("print", printed,
                    context.print_profile, trim),
                    ("booklet", sheets, OFFICE, [sheet.height_mm, sheet.width_mm]))
        for edition, pages, profile, sheet_mm in editions:
            document = Document(title=copy["document_title"], subject=copy["document_subject"],
                                pages=pages, author=brand.name, keywords=brand.hashtags,
                                show_outline=edition == "screen",
                                accessible=edition == "screen")
            jobs.append(Job(
                path=f"{region.id}/{PRODUCT}/{PRODUCT}-{edition}-{FILE_SIZES[edition]}.pdf",
                region=region.id, product=PRODUCT, format=EDITIONS[edition],
                media="print" if edition == "print" else "screen", document=document,
                profile=profile, meta={"edition": edition, "pages": len(pages),
                                       "trim_mm": sheet_mm, "card": PRODUCT}))
    return jobs


@dataclass(frozen=True)
class Content:
    body: list[Chunk]
    closing: list[Chunk]  # the colophon, on the back page
    entries: list[Entry]  # the headings, for the contents
    cover: tuple[Item, ...]


@dataclass(frozen=True)
class Handbook(Composing):
    brand: Brand
    region: Region
    copy: Copy
    context: BuildContext

    @property
    def medium(self) -> str:
        return _("the A5 handreiking")

    @cached_property
    def styles(self) -> tuple[BookStyle, Furniture]:
        return book_styles(self.brand)

    def grid(self, edition: str) -> Grid:
        width, height = PRINT_FORMATS[PAGE_FORMAT].size_pt
        s = SCALE
        return Grid(width, height, mm(s.inner_mm), mm(s.outer_mm), mm(s.top_mm),
                    mm(s.bottom_mm), mirrored=edition != "screen")

    @cached_property
    def content(self) -> Content:
        """What both editions share: the same frame width gives the same lines, so the text
        is set (and the cover composed) once and only paginated per edition."""
        style, _furniture = self.styles
        frame = self.grid("screen").frame_for(1)
        width, height = frame.width, frame.height
        body = Typesetter(style, width, self.where("body"), height=height)
        body_chunks = self._typeset(body, "body")
        closing = Typesetter(style, width, self.where("colophon"), numbered=False,
                             height=height)
        closing_chunks = self._typeset(closing, "colophon")
        return Content(body_chunks, closing_chunks, body.entries + closing.entries,
                       tuple(self.cover()))

    def pages(self, edition: str) -> tuple[Page, ...]:
        """Cover, contents, chapters, [notes,] colophon: page numbers known before the
        contents is set, so its numbers are the real ones."""
        grid = self.grid(edition)
        book = Book(grid, *self.styles, self.where("contents_title"))
        content = self.content
        body_chunks, closing_chunks, entries = content.body, content.closing, content.entries
        contents_heading = self.heading(1, "contents_title", CONTENTS_KEY)
        # Set once to learn how many pages the contents takes, then with the numbers.
        contents_count = len(book.contents(contents_heading, entries, {}, 2))
        first = 2 + contents_count
        flow = book.flow(body_chunks, first, self.where("body"))
        notes = padding(first + len(flow)) if edition == "print" else 0
        back = first + len(flow) + notes
        tail = book.flow(closing_chunks, back, self.where("colophon"))
        if len(tail) != 1:
            raise book_error(self.where("colophon"), _("fills more than its one page"))
        numbers = anchors(flow, first) | anchors(tail, back)
        contents = book.contents(contents_heading, entries, numbers, 2)
        footer = self.copy["footer_title"]
        pages = [Page(grid.width, grid.height, content.cover,
                      background=self.brand.colours["primary"], label="cover")]
        for number, items in enumerate([*contents, *flow], start=2):
            pages.append(Page(grid.width, grid.height,
                              (*items, *book.footer(number, footer)), label=f"page {number}"))
        notes_heading = self.heading(1, "notes_title", "notes")
        for number in range(first + len(flow), back):
            items = book.notes(number, notes_heading, self.copy["notes_text"],
                               self.where("notes_title"), self.where("notes_text"))
            pages.append(Page(grid.width, grid.height, (*items, *book.footer(number, footer)),
                              label=f"notes {number}"))
        pages.append(Page(grid.width, grid.height, tuple(tail[0]), label="colophon"))
        return tuple(pages)

    def heading(self, level: int, block: str, key: str) -> markup.Heading:
        """A heading from a plain block; an empty one would leave an empty bookmark (and a
        contents entry of no lines, whose page number lands on the entry above)."""
        if not self.copy[block]:
            raise InputError(self.copy.file_of(block), block,
                             _("is empty: a heading needs a title"), _("write the title"))
        return markup.Heading(level, self.copy[block], key)

    def _typeset(self, setter: Typesetter, field: str) -> list[Chunk]:
        """The chunks of a markup block, the sociale kaart filled in where the body asks;
        a problem in the kaart names the block it comes from."""
        chunks: list[Chunk] = []
        for block in markup.parse(self.copy[field], self.copy.template, field):
            if not isinstance(block, markup.Directive):
                chunks += setter.block(block)
                continue
            if block.name != MAP_DIRECTIVE or field != "body":
                raise book_error(self.where(field), _(
                    "[[{name}]] is not a generated part of the {block}", name=block.name,
                    block=field), _("use [[{name}]] in the body", name=MAP_DIRECTIVE))
            for part, origin in self.social_map():
                setter.where = self.where(origin)
                chunks += setter.block(part)
            setter.where = self.where(field)
        return chunks

    def social_map(self) -> list[tuple[markup.Block, str]]:
        """The national numbers, then the region's organisations, as tables; each with the
        block it is written in (the tables' labels: 'map_*')."""
        copy = self.copy
        blocks: list[tuple[markup.Block, str]] = [
            (self.heading(2, "map_national_title", "landelijk"), "map_national_title"),
            (self._map_table(self.context.campaign.national_map), "map_*"),
            (self.heading(2, "map_regional_title", "in-de-regio"), "map_regional_title")]
        regional = self.region.social_map
        if regional:
            blocks.append((self._map_table(regional), "map_*"))
            if not all(_contacts(entry) for entry in regional):
                note = markup.inline(copy["map_contact_note"], copy.template,
                                     "map_contact_note")
                blocks.append((markup.Paragraph(note), "map_contact_note"))
        else:
            blocks.append((markup.Paragraph(markup.inline(copy["map_regional_empty"], copy.template,
                                                              "map_regional_empty")),
                           "map_regional_empty"))
        return blocks

    def _map_table(self, entries: tuple[MapEntry, ...]) -> markup.Table:
        copy = self.copy
        with_contacts = any(_contacts(entry) for entry in entries)
        header = [copy["map_column_organisation"], copy["map_column_offer"]]
        header += [copy["map_column_contact"]] if with_contacts else []
        rows = []
        for entry in entries:
            offer = [(markup.Span(entry.offer),),
                     (markup.Span(copy["map_audience_label"] + " ", bold=True),
                      markup.Span(entry.audience))]
            if entry.area:
                offer.append((markup.Span(copy["map_area_label"] + " ", bold=True),
                              markup.Span(entry.area)))
            row = [((markup.Span(entry.organisation, bold=True),),), tuple(offer)]
            if with_contacts:
                row.append(tuple((span,) for span in _contacts(entry)))
            rows.append(tuple(row))
        return markup.Table(tuple(((markup.Span(cell),),) for cell in header), tuple(rows),
                            MAP_WIDTHS[with_contacts])

    def cover(self) -> list[Item]:
        """Brand colour with the ripple motif, the title, and the partners on a paper band."""
        c, colours = COVER, self.brand.colours
        width, height = PRINT_FORMATS[PAGE_FORMAT].size_pt
        margin, overhang = mm(c.margin_mm), mm(ART_OVERHANG_MM)
        column = width - 2 * margin
        band_top = mm(c.band_mm)
        cursor = height - margin
        items: list[Item] = []
        for line in c.lines:
            spec = self.spec(line.role, line.max_pt, line.min_pt, leading=line.leading,
                             max_lines=line.max_lines, hyphenate=False,
                             balance=line.role == "heavy")
            block = fit(self.copy[line.block], spec, column * line.width, cursor - band_top,
                        self.where(line.block))
            items.append(tagged("H1" if line.block == TITLE_BLOCK else "P", place(
                block, Box(margin, cursor - block.height, column, block.height),
                colours["light"])))
            cursor -= block.height + block.size_pt * line.space_after_em
        room = cursor - band_top  # the motif fills what the text leaves
        centre = (width - margin * c.dot_inset_margins, band_top + room * c.dot_height)
        radius = mm(c.dot_mm)
        art = ripples(self.brand, *centre, radius, room * c.rings_reach, c.rings)
        art.append(Circle(*centre, radius, fill=colours["accent"]))
        band = Rect(Box(-overhang, -overhang, width + 2 * overhang, band_top + overhang),
                    colours["paper"])
        partners = Box(margin, mm(c.band_margin_mm), column, band_top - 2 * mm(c.band_margin_mm))
        return art + items + [band] + self._partners(partners)

    def _partners(self, box: Box) -> list[Item]:
        c, colours = COVER, self.brand.colours
        label = fit(self.copy["cover_partners_label"], self.spec(
            "bold", c.label_pt, max_lines=1, hyphenate=False), box.width, box.height,
            self.where("cover_partners_label"))
        items: list[Item] = [tagged("P", place(label, box, colours["ink"]))]
        logos = Box(box.x, box.y, box.width, box.height - label.height - mm(c.label_gap_mm))
        spec = LogoRowSpec(mm(c.logo_mm), mm(c.logo_min_mm), mm(c.logo_gap_mm[0]),
                           mm(c.logo_gap_mm[1]), self.brand.fonts["bold"], colours["ink"])
        logo_items, placed = logo_row(self.region.partners, logos, spec,
                                      Where(self.region.file, "partners", self.medium))
        check_logo_resolution(placed, self.region, self.medium, self.context.problems)
        return items + list(logo_items)


def book_styles(brand: Brand) -> tuple[BookStyle, Furniture]:
    """The book style and furniture of the handreiking (and the print specification)."""
    s, colours, fonts = SCALE, brand.colours, brand.fonts
    ink, primary, paper = colours["ink"], colours["primary"], colours["paper"]

    def text(size: float, leading: float, regular: str = "regular",
             colour=ink) -> TextStyle:
        return TextStyle(fonts[regular], fonts["bold"] if regular == "regular"
                         else fonts[regular], size, leading, colour, primary)

    fill = mix(primary, paper, s.tint, f"primary {round(s.tint * 100)}%")
    style = BookStyle(
        body=text(s.body_pt, s.body_leading),
        chapter=text(s.chapter_pt, s.chapter_leading, "heavy", primary),
        chapter_number=text(s.number_pt, s.number_leading, "heavy", primary),
        section=text(s.section_pt, s.section_leading, "bold", primary),
        table=text(s.table_pt, s.table_leading),
        table_head=TextStyle(fonts["bold"], fonts["bold"], s.table_pt, s.table_leading,
                             paper, paper),
        paragraph_space=s.paragraph_space, chapter_bar=tuple(map(mm, s.chapter_bar_mm)),
        chapter_space_after=s.chapter_space_after,
        section_space_before=s.section_space_before,
        section_space_after=s.section_space_after, list_indent=mm(s.list_indent_mm),
        item_space=s.item_space, bullet_radius=s.bullet_radius,
        cell_pad_x=mm(s.cell_pad_mm[0]), cell_pad_y=mm(s.cell_pad_mm[1]),
        cell_paragraph_space=s.cell_paragraph_space, block_space=s.block_space,
        callout_pad=mm(s.callout_pad_mm), callout_bar=mm(s.callout_bar_mm),
        rule_pt=s.rule_pt, accent=colours["accent"], fill=fill, head_fill=primary,
        rule=mix(primary, paper, 3 * s.tint, "rule"))
    number_mm, page_mm, indent_mm = s.contents_columns_mm
    furniture = Furniture(
        footer=text(s.footer_pt, s.footer_pt), footer_baseline=mm(s.footer_baseline_mm),
        footer_gap=mm(s.footer_gap_mm),
        contents=text(s.body_pt, s.contents_leading), contents_number_width=mm(number_mm),
        contents_page_width=mm(page_mm), contents_section_indent=mm(indent_mm),
        notes_pitch=mm(s.notes_pitch_mm), contents_chapter_space=s.paragraph_space,
        rule_pt=s.rule_pt, rule=style.rule)
    return style, furniture


def _contacts(entry: MapEntry) -> tuple[markup.Span, ...]:
    """The entry's known contact details as links; unknown ones are left out."""
    spans = []
    if entry.phone:
        spans.append(markup.Span(entry.phone, url=markup.tel_url(entry.phone)))
    if entry.website:
        site = entry.website.removeprefix("https://")
        spans.append(markup.Span(site, url=f"https://{site}"))
    if entry.email:
        spans.append(markup.Span(entry.email, url=f"mailto:{entry.email}"))
    return tuple(spans)


def book_error(where: Where, message: str, fix: str | None = None) -> TextDoesNotFit:
    return TextDoesNotFit(where.file, where.field, _("{problem} in {where}", problem=message,
                                                     where=where.context),
                          fix or _("shorten the text"))
