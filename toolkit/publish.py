"""After the products: previews, contact sheets, print packs and the download page.

These are made from what the output folder holds once the products are written (this
run's files and earlier ones the manifest still lists), so a build of one product or one
region still leaves complete packs and a complete page.
"""

from __future__ import annotations

import io
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import jinja2
from PIL import Image

from toolkit.config.model import Campaign, Region
from toolkit.content import Copy, CopyRenderer, template_context
from toolkit.contactsheet import Thumb, contact_sheet, human_size
from toolkit.outputs import Writer
from toolkit.pack import pack_bytes, packed
from toolkit.portal import portal_html
from toolkit.products import Job
from toolkit.render.pdf import render_pdf
from toolkit.render.preview import encode_preview, image_preview, pdf_previews, shrink
from toolkit.render.profiles import SCREEN
from toolkit.render.raster import encode, rasterise_pdf

LABELS_TEMPLATE = "pack.nl.j2"
README_TEMPLATE = "leesmij.nl.txt.j2"
PREVIEW_DIR = "previews"
PACK_DIR = "packs"
PORTAL = "index.html"
SHEET_PRODUCTS = ("poster", "social", "deskcard", "cube", "handreiking")


@dataclass
class Published:
    """What this run has in memory: file bytes and first-page previews, by path."""

    data: dict[str, bytes]
    previews: dict[str, Image.Image]


def preview_files(rendered: list[tuple[Job, bytes]], raster: dict[str, Image.Image]
                  ) -> tuple[list[tuple[str, dict, bytes]], dict[str, Image.Image]]:
    """A thumbnail of every page of every PDF and of every image rendered (images from the
    pixels still in memory, not decoded again); and each file's first thumbnail."""
    files: list[tuple[str, dict, bytes]] = []
    firsts: dict[str, Image.Image] = {}
    for job, data in rendered:
        if job.kind == "text":
            continue
        if job.kind == "pdf":
            images = pdf_previews(data)
        else:
            images = [shrink(raster[job.path]) if job.path in raster else image_preview(data)]
        stem = job.path.rsplit(".", 1)[0]
        for page, image in enumerate(images, start=1):
            files.append((f"{PREVIEW_DIR}/{stem}-{page}.png", {
                "region": job.region, "product": "preview", "format": "png",
                "media": "screen", "of": job.path, "source": job.product, "page": page,
                "width_px": image.width, "height_px": image.height}, encode_preview(image)))
            if page == 1:
                firsts[job.path] = image
    return files, firsts


def publish(campaign: Campaign, copy: CopyRenderer, regions: tuple[Region, ...],
            entries: list[dict[str, Any]], published: Published, writer: Writer,
            page: bool = True) -> None:
    """Contact sheet and pack for each region built this run, then the page for all."""
    out = writer.out
    for region in regions:
        labels = copy.render(LABELS_TEMPLATE, template_context(campaign.brand, region))
        mine = sorted((e for e in entries if e.get("region") == region.id),
                      key=lambda e: e["path"])
        _sheet(campaign, region, labels, mine, published, writer)
    entries = writer.merged_entries()
    for region in regions:
        labels = copy.render(LABELS_TEMPLATE, template_context(campaign.brand, region))
        files = [(e, published.data.get(e["path"]) or (out / e["path"]).read_bytes())
                 for e in sorted(entries, key=lambda e: e["path"]) if packed(e, region.id)]
        readme = _readme(campaign, region, labels, [e for e, _ in files])
        writer.write(f"{PACK_DIR}/{region.id}.zip", pack_bytes(region.id, files, readme), {
            "region": region.id, "product": "pack", "format": "zip", "media": "screen",
            "files": len(files)})
    if page:
        write_page(campaign, copy, writer.merged_entries(), writer)


def write_page(campaign: Campaign, copy: CopyRenderer, entries: list[dict[str, Any]],
               writer: Writer) -> None:
    """The download page over every entry."""
    def labels_for(region: Region) -> Copy:
        return copy.render(LABELS_TEMPLATE, template_context(campaign.brand, region))
    writer.write(PORTAL, portal_html(campaign, entries, labels_for), {
        "region": None, "product": "portal", "format": "html", "media": "screen"})


def _thumb(entry: dict[str, Any], published: Published, out: Path,
           preview_paths: dict[str, str]) -> Image.Image | None:
    image = published.previews.get(entry["path"])
    if image is None and entry["path"] in preview_paths:
        with Image.open(out / preview_paths[entry["path"]]) as stored:
            image = stored.convert("RGB")
    return image


def _sheet(campaign: Campaign, region: Region, labels: Copy, mine: list[dict[str, Any]],
           published: Published, writer: Writer) -> None:
    """The contact sheet as a PDF and a PNG of it."""
    preview_paths = {e["of"]: e["path"] for e in mine
                     if e.get("product") == "preview" and e.get("page") == 1}
    sections = []
    for product in SHEET_PRODUCTS:
        thumbs = []
        for entry in (e for e in mine if e.get("product") == product):
            image = _thumb(entry, published, writer.out, preview_paths)
            if image is not None:
                name = entry["path"].rsplit("/", 1)[-1]
                thumbs.append(Thumb(image, name, f"{entry['format']} · "
                                                 f"{human_size(entry['bytes'])}"))
        if thumbs:
            sections.append((labels[f"product_{product}"], thumbs))
    if not sections:
        return
    document = contact_sheet(campaign.brand, region, labels, sections)
    stem = f"{region.id}/overzicht-{region.id}"
    fields = {"region": region.id, "product": "contactsheet", "media": "screen"}
    pdf = render_pdf(document, SCREEN)
    writer.write(f"{stem}.pdf", pdf, {**fields, "format": "pdf"})
    page = document.pages[0]
    size = (round(page.width / SHEET_PT_PER_PX), round(page.height / SHEET_PT_PER_PX))
    png = encode(rasterise_pdf(pdf, [size], SHEET_PT_PER_PX)[0], "png")
    writer.write(f"{stem}.png", png, {**fields, "format": "png", "width_px": size[0],
                                      "height_px": size[1]})


SHEET_PT_PER_PX = 0.5  # the contact sheet's PNG: 144 dpi, sharp enough to read captions


def _readme(campaign: Campaign, region: Region, labels: Copy,
            files: list[dict[str, Any]]) -> str:
    environment = jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(campaign.templates)), autoescape=False,
        undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True,
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
            "size": human_size(entry["bytes"])})
    ordered = sorted(groups.values(), key=lambda g: (
        SHEET_PRODUCTS.index(g["product"]) if g["product"] in SHEET_PRODUCTS else 99,
        g["product"]))
    context = template_context(campaign.brand, region, groups=ordered,
                               products=products)
    return environment.get_template(README_TEMPLATE).render(context)
