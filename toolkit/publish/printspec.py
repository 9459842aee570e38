"""The print specification: one Dutch A4 PDF per region (`drukspecificatie-<region>.pdf`)
with every print file the region has, so a print shop can quote and make it without a
call: file, trim size, pages, colour condition and bleed (read from the file itself),
suggested paper, finishing (cut, crease and fold positions in mm, glue, staples) and the
quantity the region's [print] table gives; the contact for questions when it names one.

Made, like the contact sheet, from what the output folder holds (the manifest's print
entries), so it always lists the files that are there. The words are in
templates/drukspecificatie.nl.j2; it is typeset with the handreiking's book style.
"""

from __future__ import annotations

import io
from typing import Any, Callable

import pikepdf

from toolkit.config import markup
from toolkit.config.content import Copy, CopyRenderer, template_context
from toolkit.config.markup import Heading, Paragraph, Span, Table
from toolkit.config.messages import _
from toolkit.config.model import Campaign, Region
from toolkit.formats import MM, PRINT_FORMATS, mm
from toolkit.layout.model import Document, Page
from toolkit.layout.text import Where
from toolkit.layout.typeset import Typesetter
from toolkit.products.book import Book, Grid
from toolkit.products.common import print_item
from toolkit.products.handreiking import book_styles
from toolkit.render.pdf import render_pdf
from toolkit.render.profiles import PRINT_CONDITION, SCREEN

TEMPLATE = "drukspecificatie.nl.j2"
PRODUCT = "printspec"
PAGE_FORMAT = "A4"
MARGINS_MM = (15, 15, 16, 20)  # inner, outer, top, bottom (footer below the frame)
WIDTHS = (0.30, 0.21, 0.17, 0.24, 0.08)  # file, size, paper, finishing, quantity
ORDER = ("poster", "deskcard", "cube", "handreiking")


def spec_name(region: Region) -> str:
    return f"{region.id}/drukspecificatie-{region.id}.pdf"


def spec_files(campaign: Campaign, copy: CopyRenderer, region: Region,
               entries: list[dict[str, Any]], read: Callable[[str], bytes]
               ) -> list[tuple[str, dict, bytes]]:
    """The region's print specification (none when it has no print files)."""
    printed = sorted((e for e in entries if e.get("region") == region.id
                      and e.get("media") == "print" and e["path"].endswith(".pdf")),
                     key=lambda e: (ORDER.index(e["product"]) if e["product"] in ORDER
                                    else len(ORDER), e["path"]))
    if not printed:
        return []
    quantities = dict(region.print_quantities)
    base = template_context(campaign.brand, region, item=_item({}, {}, 0))
    base["region"]["print_contact"] = region.print_contact
    rows, labels = [], None
    for entry in printed:
        item = _item(entry, _file_facts(read(entry["path"])),
                     quantities.get(print_item(entry["path"]), 0))
        labels = copy.render(TEMPLATE, {**base, "item": item})
        rows.append(_row(labels, item))
    document = _document(campaign, region, labels, rows)
    data = render_pdf(document, SCREEN)
    return [(spec_name(region), {"region": region.id, "product": PRODUCT, "format": "pdf",
                                 "media": "screen", "pages": len(document.pages),
                                 "items": [print_item(e["path"]) for e in printed]}, data)]


def _file_facts(data: bytes) -> dict[str, Any]:
    """What the file itself says: its output condition (when it declares one), its bleed
    and whether it carries crop marks (a MediaBox larger than its BleedBox)."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        page = pdf.pages[0]
        trim = [float(v) for v in page.get("/TrimBox", page.MediaBox)]
        bleed = [float(v) for v in page.get("/BleedBox", page.MediaBox)]
        media = [float(v) for v in page.MediaBox]
        condition = ""
        for intent in pdf.Root.get("/OutputIntents", []):
            # the short name a shop knows ('FOGRA39'); the long one is in the intent's Info
            condition = str(intent.get("/OutputConditionIdentifier")
                            or intent.get("/OutputCondition") or intent.get("/Info") or "")
    return {"condition": condition, "bleed_mm": round((trim[0] - bleed[0]) / MM, 1),
            "marks": media[2] - media[0] > bleed[2] - bleed[0] + 0.5}


def _item(entry: dict[str, Any], facts: dict[str, Any], quantity: int) -> dict[str, Any]:
    keys = ("product", "format", "trim_mm", "panels_mm", "folds_mm", "side_mm", "flap_mm")
    item = {key: entry.get(key) for key in keys}
    item.update(file=entry.get("path", "").split("/", 1)[-1], pages=entry.get("pages", 1),
                quantity=quantity, condition=f"CMYK, {facts.get('condition') or PRINT_CONDITION}",
                bleed_mm=facts.get("bleed_mm", 0.0), marks=facts.get("marks", False))
    item["trim_mm"] = item["trim_mm"] or [0, 0]
    return item


def _cell(text: str) -> tuple[tuple[Span, ...], ...]:
    """A cell's paragraphs (a blank line in the block), as plain text: never markup."""
    paragraphs = [" ".join(part.split()) for part in text.split("\n")]
    return tuple((Span(part),) for part in paragraphs if part)


def _row(copy: Copy, item: dict[str, Any]) -> tuple:
    folder, _slash, name = item["file"].rpartition("/")
    return (((Span(f"{folder}/", bold=True),), (Span(name),)), _cell(copy["item_size"]),
            _cell(copy["item_paper"]), _cell(copy["item_finishing"]),
            _cell(copy["item_quantity"]))


def _document(campaign: Campaign, region: Region, copy: Copy, rows: list) -> Document:
    style, furniture = book_styles(campaign.brand)
    width, height = PRINT_FORMATS[PAGE_FORMAT].size_pt
    inner, outer, top, bottom = (mm(value) for value in MARGINS_MM)
    grid = Grid(width, height, inner, outer, top, bottom, mirrored=False)
    where = Where(copy.template, "item_*", _("the print specification"))
    setter = Typesetter(style, grid.frame_width, where, numbered=False,
                        height=grid.frame_for(1).height)
    header = tuple(_cell(copy[f"column_{name}"]) for name in
                   ("file", "size", "paper", "finishing", "quantity"))
    blocks: list[markup.Block] = [
        Heading(1, copy["title"], "drukspecificatie"), Paragraph((Span(copy["intro"]),)),
        Heading(2, copy["files_title"], "bestanden"), Paragraph((Span(copy["general"]),)),
        Paragraph((Span(copy["die_note"]),)), Table(header, tuple(rows), WIDTHS),
        Paragraph((Span(copy["office_note"]),))]
    if copy["contact"]:  # only whom the region names: never a guessed contact
        blocks += [Heading(2, copy["contact_title"], "vragen"),
                   Paragraph((Span(copy["contact"]),))]
    chunks = [chunk for block in blocks for chunk in setter.block(block)]
    book = Book(grid, style, furniture, where)
    flow = book.flow(chunks, 1, where)
    pages = tuple(Page(width, height, (*items, *book.footer(number, copy["footer_title"])),
                       label=f"page {number}")
                  for number, items in enumerate(flow, start=1))
    return Document(title=copy["title"], subject=copy["subject"], pages=pages,
                    author=campaign.brand.name, keywords=campaign.brand.hashtags)
