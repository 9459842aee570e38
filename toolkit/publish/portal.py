"""The download page: OUT/index.html (the regions) and a page per region,
OUT/regio-<id>.html, static, in Dutch, from templates/portal.nl.html.j2; the brand's text
fonts beside them (OUT/fonts/), so the page is set in the brand's letter everywhere.

Everything on it comes from the manifest (what exists, its size, its thumbnail, alt text
and captions) and the campaign (names, colours, landing URLs). The page gets raw keys
(product, format, edition, design, platform, file type) and the template's label tables
turn them into Dutch: a new product, format or edition needs a label there, not code here
(without one the key is shown, with its hyphens as spaces).
"""

from __future__ import annotations

import datetime
from pathlib import Path
from typing import Any

from toolkit.config.content import MAX_PAGE_LOOP_STEPS, Copy, make_environment, render_whole
from toolkit.config.model import Campaign
from toolkit.formats import SCREEN_FORMATS
from toolkit.publish.contactsheet import human_size

TEMPLATE = "portal.nl.html.j2"
INDEX = "index.html"
REGION_PAGE = "regio-{id}.html"
FONT_DIR = "fonts"
PAGE_FONTS = {"regular": 400, "bold": 700}  # brand font role -> CSS weight the page uses
FONT_LICENCES = ("OFL.txt", "LICENSE.txt")  # travels with the font files when beside them
PRODUCT_ORDER = ("poster", "deskcard", "cube", "handreiking")  # social has its own section
FORMAT_ORDER = tuple(SCREEN_FORMATS)


def _kind(path: str) -> str:
    """The file type as the label tables know it: the suffix ('pdf', 'png')."""
    return path.rsplit(".", 1)[-1].lower() if "." in path.rsplit("/", 1)[-1] else ""


def _file(entry: dict[str, Any]) -> dict[str, Any]:
    return {"path": entry["path"], "format": entry.get("format"),
            "edition": entry.get("edition"), "media": entry.get("media"),
            "kind": _kind(entry["path"]), "size": human_size(entry["bytes"]),
            "pages": entry.get("pages")}


def _thumbs(entries: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Source path -> its first preview (path, width, height)."""
    found: dict[str, dict[str, Any]] = {}
    for entry in sorted(entries, key=lambda e: (e["path"])):
        if entry.get("product") == "preview" and entry.get("page", 1) == 1:
            found[entry["of"]] = {"path": entry["path"], "width": entry["width_px"],
                                  "height": entry["height_px"]}
    return found


def _region_context(region, mine: list[dict[str, Any]], labels: Copy,
                    thumbs: dict[str, dict[str, Any]]) -> dict[str, Any]:
    by_product: dict[str, list[dict[str, Any]]] = {}
    for entry in mine:
        by_product.setdefault(entry["product"], []).append(entry)
    order = [*PRODUCT_ORDER, *sorted(set(by_product) - set(PRODUCT_ORDER) - {
        "social", "preview", "pack", "contactsheet", "portal"})]  # a new product shows too
    groups = []
    for product in order:
        files = sorted(by_product.get(product, []), key=lambda e: e["path"])
        if files:
            label = labels[f"product_{product}"] if f"product_{product}" in labels.blocks \
                else product
            groups.append({"product": product, "label": label,
                           "items": _cards(product, files, thumbs)})
    social = _social(by_product.get("social", []), thumbs)
    social_files = {e["format"]: _file(e) for e in by_product.get("social", [])
                    if "design" not in e}
    pack = next((e for e in by_product.get("pack", [])), None)
    sheet = next((e for e in by_product.get("contactsheet", []) if e["path"].endswith(".pdf")),
                 None)
    spec = next((e for e in by_product.get("printspec", [])), None)
    return {"id": region.id, "name": region.name, "landing_url": region.landing_url,
            "spec_pdf": spec and _file(spec),
            "example": region.example, "page": REGION_PAGE.format(id=region.id),
            "contact": region.contact, "groups": groups, "social": social,
            "social_files": social_files, "pack": pack and _file(pack),
            "sheet_pdf": sheet and _file(sheet)}


def _cards(product: str, files: list[dict[str, Any]], thumbs) -> list[dict[str, Any]]:
    """One card per design: the files that differ only in format (a poster in A4, A3
    and A2) or edition share a card, its thumbnail and a download link per file."""
    cards: dict[str, dict[str, Any]] = {}
    for entry in files:
        stem = entry["path"].rsplit("/", 1)[-1].rsplit(".", 1)[0]
        name = entry.get("card") or stem.removesuffix(f"-{entry['format']}")
        card = cards.setdefault(name, {"name": name, "product": product, "thumb": None,
                                       "files": []})
        if entry.get("edition") == "screen":  # editions of one design: the screen's cover
            card["thumb"] = thumbs.get(entry["path"]) or card["thumb"]
        card["thumb"] = card["thumb"] or thumbs.get(entry["path"])
        card["files"].append(_file(entry))
    return list(cards.values())


def _social(entries: list[dict[str, Any]], thumbs) -> list[dict[str, Any]]:
    """One card per design: its square thumbnail, alt texts, caption and five formats."""
    designs: dict[str, dict[str, Any]] = {}
    for entry in sorted(entries, key=lambda e: e["path"]):
        if "design" not in entry:
            continue
        date = entry.get("date")
        card = designs.setdefault(entry["design"], {
            "design": entry["design"], "alt": entry.get("alt_long", entry["alt"]),
            "alt_short": entry["alt"], "caption": entry["caption"],
            "date": datetime.date.fromisoformat(date) if date else None,
            "thumb": None, "formats": []})
        if entry["format"] == "square":
            card["thumb"] = thumbs.get(entry["path"])
            card["caption"] = entry["caption"]
        if len(entry["alt"]) < len(card["alt_short"]):
            card["alt_short"] = entry["alt"]  # the shortest platform's alt describes the thumb
        card["formats"].append({**_file(entry), "width": entry["width_px"],
                                "height": entry["height_px"], "platform": entry["platform"],
                                "caption": entry["caption"]})
    for card in designs.values():
        card["formats"].sort(key=lambda item: FORMAT_ORDER.index(item["format"])
                             if item["format"] in FORMAT_ORDER else len(FORMAT_ORDER))
    return sorted(designs.values(), key=lambda card: (card["date"] or datetime.date.min,
                                                      card["design"]))


def page_fonts(campaign: Campaign) -> list[tuple[str, dict[str, Any], bytes]]:
    """The brand's regular and bold font files (and their licence, when it lies beside
    them) for OUT/fonts/: (path, its @font-face fields, bytes)."""
    files: list[tuple[str, dict[str, Any], bytes]] = []
    folders: list[Path] = []
    for role, weight in PAGE_FONTS.items():
        face = campaign.brand.fonts[role]
        family = face.path.stem.split("-")[0]
        files.append((f"{FONT_DIR}/{face.path.name}", {"family": family, "weight": weight,
                                                       "format": "truetype"},
                      face.path.read_bytes()))
        folders.append(face.path.parent)
    for folder in dict.fromkeys(folders):
        for name in FONT_LICENCES:
            if (folder / name).is_file():
                files.append((f"{FONT_DIR}/{name}", {}, (folder / name).read_bytes()))
    return files


def portal_html(campaign: Campaign, entries: list[dict[str, Any]], labels_for,
                fonts: list[dict[str, Any]]) -> dict[str, bytes]:
    """Render index.html and a page per region that has files: path -> HTML."""
    environment = make_environment(campaign.templates, max_loop_steps=MAX_PAGE_LOOP_STEPS,
                                   autoescape=True, trim_blocks=True, lstrip_blocks=True)
    thumbs = _thumbs(entries)
    by_region: dict[Any, list[dict[str, Any]]] = {}
    for entry in entries:
        by_region.setdefault(entry.get("region"), []).append(entry)
    regions = [_region_context(region, by_region[region.id], labels_for(region), thumbs)
               for region in sorted(campaign.regions, key=lambda r: r.example)
               if region.id in by_region]  # real regions first, examples last
    brand = campaign.brand
    common = {
        "campaign": {"name": brand.name, "website": brand.website, "hashtags": brand.hashtags},
        "colours": {role: colour.hex for role, colour in brand.colours.items()},
        "fonts": fonts, "regions": regions}
    pages = {INDEX: render_whole(environment, TEMPLATE, {**common, "region": None})}
    for region in regions:
        pages[region["page"]] = render_whole(environment, TEMPLATE, {**common,
                                                                     "region": region})
    return {path: html.encode("utf-8") for path, html in pages.items()}
