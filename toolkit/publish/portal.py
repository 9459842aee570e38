"""The download page: OUT/index.html, static, in Dutch, from templates/portal.nl.html.j2.

Everything on it comes from the manifest (what exists, its size, its thumbnail, alt text
and captions) and the campaign (names, colours, landing URLs): the page grows with the
products without a change here.
"""

from __future__ import annotations

from typing import Any

from toolkit.config.content import MAX_PAGE_LOOP_STEPS, Copy, make_environment, render_whole
from toolkit.config.model import Campaign
from toolkit.formats import SCREEN_FORMATS
from toolkit.publish.contactsheet import human_size

TEMPLATE = "portal.nl.html.j2"
PRODUCT_ORDER = ("poster", "deskcard", "cube", "handreiking")  # social has its own section
FORMAT_ORDER = tuple(SCREEN_FORMATS)
KINDS = {".pdf": "PDF", ".png": "PNG", ".jpg": "JPEG", ".txt": "tekst", ".csv": "CSV",
         ".zip": "ZIP"}


def _kind(path: str) -> str:
    return next((kind for suffix, kind in KINDS.items() if path.endswith(suffix)), "bestand")


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
    groups = []
    for product in PRODUCT_ORDER:
        files = sorted(by_product.get(product, []), key=lambda e: e["path"])
        if files:
            groups.append({"label": labels[f"product_{product}"],
                           "items": _cards(files, thumbs)})
    social = _social(by_product.get("social", []), thumbs)
    social_files = {e["format"]: {"path": e["path"], "size": human_size(e["bytes"])}
                    for e in by_product.get("social", []) if "design" not in e}
    pack = next((e for e in by_product.get("pack", [])), None)
    sheet = next((e for e in by_product.get("contactsheet", []) if e["path"].endswith(".pdf")),
                 None)
    spec = next((e for e in by_product.get("printspec", [])), None)
    return {"id": region.id, "name": region.name, "landing_url": region.landing_url,
            "spec_pdf": spec and {"path": spec["path"], "size": human_size(spec["bytes"])},
            "example": region.example,
            "contact": region.contact, "groups": groups, "social": social,
            "social_files": social_files,
            "pack": pack and {"path": pack["path"], "size": human_size(pack["bytes"])},
            "sheet_pdf": sheet and {"path": sheet["path"], "size": human_size(sheet["bytes"])}}


def _cards(files: list[dict[str, Any]], thumbs) -> list[dict[str, Any]]:
    """One card per design: the files that differ only in format (a poster in A4, A3
    and A2) share a card, its thumbnail and a download link per format."""
    cards: dict[str, dict[str, Any]] = {}
    for entry in files:
        stem = entry["path"].rsplit("/", 1)[-1].rsplit(".", 1)[0]
        name = entry.get("card") or stem.removesuffix(f"-{entry['format']}")
        card = cards.setdefault(name, {"name": name.replace("-", " "), "thumb": None,
                                       "files": []})
        if entry.get("edition") == "screen":  # editions of one design: the screen's cover
            card["thumb"] = thumbs.get(entry["path"]) or card["thumb"]
        card["thumb"] = card["thumb"] or thumbs.get(entry["path"])
        card["files"].append({"path": entry["path"], "format": entry["format"],
                              "edition": entry.get("edition"),
                              "kind": _kind(entry["path"]), "size": human_size(entry["bytes"])})
    return list(cards.values())


def _social(entries: list[dict[str, Any]], thumbs) -> list[dict[str, Any]]:
    """One card per design: its square thumbnail, alt text, caption and five formats."""
    designs: dict[str, dict[str, Any]] = {}
    for entry in sorted(entries, key=lambda e: e["path"]):
        if "design" not in entry:
            continue
        card = designs.setdefault(entry["design"], {
            "design": entry["design"], "alt": entry["alt"], "caption": entry["caption"],
            "date": entry.get("date"), "thumb": None, "formats": []})
        if entry["format"] == "square":
            card["thumb"] = thumbs.get(entry["path"])
            card["caption"] = entry["caption"]
        card["formats"].append({
            "format": entry["format"], "path": entry["path"], "size": human_size(entry["bytes"]),
            "pixels": f"{entry['width_px']}×{entry['height_px']}", "platform": entry["platform"],
            "caption": entry["caption"]})
    for card in designs.values():
        card["formats"].sort(key=lambda item: FORMAT_ORDER.index(item["format"])
                             if item["format"] in FORMAT_ORDER else len(FORMAT_ORDER))
    return sorted(designs.values(), key=lambda card: (card["date"] or "", card["design"]))


def portal_html(campaign: Campaign, entries: list[dict[str, Any]], labels_for) -> bytes:
    """Render index.html for every region in the campaign that has files."""
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
    html = render_whole(environment, TEMPLATE, {
        "campaign": {"name": brand.name, "website": brand.website, "hashtags": brand.hashtags},
        "colours": {role: colour.hex for role, colour in brand.colours.items()},
        "regions": regions})
    return html.encode("utf-8")
