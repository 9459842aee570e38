"""After the products: previews, contact sheets, print packs and the download page.

These are made from what the output folder holds once the products are written (this
run's files and earlier ones the manifest still lists), so a build of one product or one
region still leaves complete packs and a complete page.
"""

from __future__ import annotations

import io
from typing import Any, Callable

from PIL import Image

from toolkit.config.content import (
    MAX_PAGE_LOOP_STEPS, Copy, CopyRenderer, make_environment, render_whole, template_context,
)
from toolkit.catalog import CONTACT_SHEET
from toolkit.config.model import Campaign, Region
from toolkit.products import Job
from toolkit.publish.contactsheet import Thumb, contact_sheet, human_size
from toolkit.publish.outputs import Writer, entry_for, read_output
from toolkit.publish.pack import pack_bytes, packed
from toolkit.publish.portal import page_fonts, portal_html
from toolkit.publish.printspec import PRODUCT as PRINTSPEC
from toolkit.publish.printspec import spec_files
from toolkit.render.pdf import render_pdf
from toolkit.render.preview import encode_preview, image_preview, pdf_previews
from toolkit.render.profiles import SCREEN
from toolkit.render.raster import pages_png

LABELS_TEMPLATE = "pack.nl.j2"
README_TEMPLATE = "leesmij.nl.txt.j2"
PREVIEW_DIR = "previews"
PACK_DIR = "packs"
SHEET_PRODUCTS = ("poster", "social", "deskcard", "cube", "handreiking")
SHEET_BY_SHAPE = ("social",)  # on the contact sheet, grouped by format (square, story …)


def preview_files(rendered: list[tuple[Job, bytes]], thumbnails: dict[str, Image.Image]
                  ) -> list[tuple[str, dict, bytes]]:
    """A thumbnail of every page of every PDF and of every image rendered (images shrunk
    while their pixels were in memory, not decoded again)."""
    files: list[tuple[str, dict, bytes]] = []
    for job, data in rendered:
        if job.kind == "text":
            continue
        if job.kind == "pdf":
            images = pdf_previews(data)
        else:
            images = [thumbnails.get(job.path) or image_preview(data)]
        stem = job.path.rsplit(".", 1)[0]
        for page, image in enumerate(images, start=1):
            files.append((f"{PREVIEW_DIR}/{stem}-{page}.png", {
                "region": job.region, "product": "preview", "format": "png",
                "media": "screen", "of": job.path, "source": job.product, "page": page,
                "width_px": image.width, "height_px": image.height}, encode_preview(image)))
    return files


def publish(campaign: Campaign, copy: CopyRenderer, regions: tuple[Region, ...],
            entries: list[dict[str, Any]], writer: Writer, page: bool = True) -> None:
    """Contact sheet and pack for each of regions, then the page for all (used when only
    the publishing inputs changed; a build's workers publish their own regions)."""
    out = writer.out
    by_path = {entry["path"]: entry for entry in entries}
    for region in regions:
        for path, fields, data in region_files(campaign, copy, region, entries,
                                               lambda path: read_output(out, by_path[path])):
            writer.write(path, data, fields)
    if page:
        write_page(campaign, copy, writer.merged_entries(), writer)


def region_files(campaign: Campaign, copy: CopyRenderer, region: Region,
                 entries: list[dict[str, Any]], read: Callable[[str], bytes]
                 ) -> list[tuple[str, dict, bytes]]:
    """The region's contact sheet (PDF and PNG) and its pack, from its entries (files read
    through read). Pure: values in, files out."""
    labels = copy.render(LABELS_TEMPLATE, template_context(campaign.brand, region))
    mine = sorted((e for e in entries if e.get("region") == region.id
                   and e.get("product") not in ("contactsheet", "pack", PRINTSPEC)),
                  key=lambda e: e["path"])
    made = _sheet(campaign, region, labels, mine, read)
    made += spec_files(campaign, copy, region, mine, read)
    made_data = {path: data for path, _fields, data in made}
    sheet_entries = [entry_for(path, data, fields) for path, fields, data in made]
    files = [(e, made_data.get(e["path"]) or read(e["path"]))
             for e in sorted(mine + sheet_entries, key=lambda e: e["path"])
             if packed(e, region.id)]
    readme = _readme(campaign, region, labels, [e for e, _ in files])
    pack = (f"{PACK_DIR}/{region.id}.zip", {
        "region": region.id, "product": "pack", "format": "zip", "media": "screen",
        "files": len(files)}, pack_bytes(region.id, files, readme))
    return [*made, pack]


def write_page(campaign: Campaign, copy: CopyRenderer, entries: list[dict[str, Any]],
               writer: Writer) -> None:
    """The download pages over every entry (index.html and one per region), with the
    brand's fonts beside them."""
    def labels_for(region: Region) -> Copy:
        return copy.render(LABELS_TEMPLATE, template_context(campaign.brand, region))
    fonts = []
    for path, face, data in page_fonts(campaign):  # the fonts go with the page, not in packs
        writer.write(path, data, {"region": None, "product": "portal",
                                  "format": path.rsplit(".", 1)[-1], "media": "screen"})
        if face:
            fonts.append({"path": path, **face})
    for path, html in portal_html(campaign, entries, labels_for, fonts).items():
        writer.write(path, html, {"region": None, "product": "portal", "format": "html",
                                  "media": "screen"})


def _sheet(campaign: Campaign, region: Region, labels: Copy, mine: list[dict[str, Any]],
           read: Callable[[str], bytes]) -> list[tuple[str, dict, bytes]]:
    """The contact sheet as a PDF and a PNG of its pages one under the other (none when
    there is nothing to show)."""
    document = _sheet_document(campaign, region, labels, mine, read)
    if document is None:
        return []
    stem = CONTACT_SHEET.format(region=region.id).removesuffix(".pdf")
    fields = {"region": region.id, "product": "contactsheet", "media": "screen"}
    pdf = render_pdf(document, SCREEN)
    sizes = [(round(page.width / SHEET_PT_PER_PX), round(page.height / SHEET_PT_PER_PX))
             for page in document.pages]
    # Memory: the thumbnails go before the pages are drawn into pixels (the peak of a
    # region's build); the pages are mapped to one palette and deflated as one image,
    # never pasted into one (a tall RGB canvas was most of a worker's peak).
    del document
    png = pages_png(pdf, sizes, SHEET_PT_PER_PX, SHEET_PALETTE_REDUCE)
    size = (sizes[0][0], sum(height for _width, height in sizes))
    return [(f"{stem}.pdf", {**fields, "format": "pdf", "pages": len(sizes)}, pdf),
            (f"{stem}.png", {**fields, "format": "png", "width_px": size[0],
                             "height_px": size[1]}, png)]


def _sheet_document(campaign: Campaign, region: Region, labels: Copy,
                    mine: list[dict[str, Any]], read: Callable[[str], bytes]):
    """The contact sheet's pages (None when there is nothing to show); the previews read
    for it are let go once shrunk to the sheet's size."""
    previews: dict[str, dict[int, str]] = {}
    for e in mine:
        if e.get("product") == "preview":
            previews.setdefault(e["of"], {})[e.get("page", 1)] = e["path"]
    sections = []
    for product in SHEET_PRODUCTS:
        thumbs: list[Thumb] = []
        cards: dict[str, list[dict[str, Any]]] = {}  # editions of one design share a card
        # Office editions repeat a design shown here already: the sheet stays light.
        ordered = [e for e in mine if e.get("product") == product
                   and e.get("edition") != "office"]
        if product in SHEET_BY_SHAPE:  # rows of one shape: even rows, less empty paper
            ordered.sort(key=lambda e: (e.get("format", ""), e["path"]))
        for entry in ordered:
            cards.setdefault(entry.get("card") or entry["path"], []).append(entry)
        for editions in cards.values():
            for entry in _edition_order(editions):
                pages = previews.get(entry["path"], {})
                detail = (labels[f"edition_{entry['edition']}"] if len(editions) > 1 else
                          f"{entry['format']} · {human_size(entry['bytes'])}")
                group = (entry["path"] if len(pages) > 1 else
                         entry["format"] if product in SHEET_BY_SHAPE else product)
                thumbs += [_thumb(read(pages[page]), entry["path"].rsplit("/", 1)[-1],
                                  f"{page}/{len(pages)} · {detail}" if len(pages) > 1
                                  else detail, group) for page in sorted(pages)]
        if thumbs:
            sections.append((labels[f"product_{product}"], thumbs))
    return contact_sheet(campaign.brand, region, labels, sections) if sections else None


EDITION_ORDER = ("screen", "print", "booklet")


def _edition_order(editions: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """A card's editions as a reader meets them: screen, print, booklet."""
    return sorted(editions, key=lambda e: (EDITION_ORDER.index(e["edition"])
                                           if e.get("edition") in EDITION_ORDER else 0,
                                           e["path"]))


def _thumb(data: bytes, name: str, detail: str, group: str) -> Thumb:
    # Kept as stored (palette: a byte a pixel, a quarter of RGB in Pillow) until the
    # sheet shrinks it: a region's 150 thumbnails in RGB were 120 MB of a worker's peak.
    stored = Image.open(io.BytesIO(data))  # in memory: nothing to close
    stored.load()
    return Thumb(stored if stored.mode in ("P", "RGB") else stored.convert("RGB"), name,
                 detail, group)


SHEET_PT_PER_PX = 0.75  # the contact sheet's PNG: 96 dpi, its pages one under the other
SHEET_PALETTE_REDUCE = 8  # its palette learnt from the pages at 1/8 size: as good, 4 % smaller


def _readme(campaign: Campaign, region: Region, labels: Copy,
            files: list[dict[str, Any]]) -> str:
    environment = make_environment(campaign.templates, max_loop_steps=MAX_PAGE_LOOP_STEPS,
                                   trim_blocks=True, lstrip_blocks=True,
                                   keep_trailing_newline=True)
    products = []
    groups: dict[str, dict[str, Any]] = {}
    for entry in files:
        product = entry["product"]
        if product not in groups:
            products.append(product)
            label = labels.blocks.get(f"product_{product}", product)
            groups[product] = {"product": product, "label": label, "files": []}
        groups[product]["files"].append({
            "name": entry["path"].split("/", 1)[-1], "format": entry["format"],
            "size": human_size(entry["bytes"]), "media": entry.get("media")})
    ordered = sorted(groups.values(), key=lambda g: (
        SHEET_PRODUCTS.index(g["product"]) if g["product"] in SHEET_PRODUCTS else 99,
        g["product"]))
    names = [file for group in ordered for file in group["files"]]
    context = template_context(
        campaign.brand, region, groups=ordered, products=products,
        office=[f["name"] for f in names if f["media"] == "office"],
        printed=[f["name"] for f in names if f["media"] == "print"],
        spec=next((f["name"] for f in names if f["name"].startswith("drukspecificatie")), ""))
    return render_whole(environment, README_TEMPLATE, context)
