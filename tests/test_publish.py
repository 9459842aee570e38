"""Previews, contact sheets, print packs and the download page, as a partner meets them:
open the ZIP, compare checksums, follow every link of the page."""

from __future__ import annotations

import hashlib
import io
import json
import zipfile
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit

import pytest
from PIL import Image
from pypdf import PdfReader

from tests.conftest import build_into, read_manifest
from toolkit.render.preview import PREVIEW_WIDTH_PX

REGIONS = ("maasdal", "midden-limburg")
EMAIL_LIMIT = 10_000_000  # what most mail servers still accept
PRODUCTS = {"poster", "social", "deskcard", "cube", "handreiking"}


def by_path(out: Path) -> dict[str, dict]:
    return {entry["path"]: entry for entry in read_manifest(out)}


def test_every_pdf_page_and_image_has_a_preview(built):
    entries = by_path(built)
    previews = [e for e in entries.values() if e["product"] == "preview"]
    covered = {(e["of"], e["page"]) for e in previews}
    for path, entry in entries.items():
        if entry["product"] not in PRODUCTS or path.endswith((".txt", ".csv")):
            continue
        pages = len(PdfReader(built / path).pages) if path.endswith(".pdf") else 1
        assert {(path, page) for page in range(1, pages + 1)} <= covered, path
    for entry in previews[:40]:
        with Image.open(built / entry["path"]) as image:
            assert image.width == PREVIEW_WIDTH_PX == entry["width_px"]
            assert image.height == entry["height_px"]


def test_preview_shows_the_trimmed_page(built):
    """A poster's preview is its trim box: teal to the top edge, no crop marks, no slug."""
    entry = next(e for e in read_manifest(built) if e["product"] == "preview"
                 and e["of"] == "maasdal/poster/poster-hulpverleners-A4.pdf")
    with Image.open(built / entry["path"]) as image:
        rgb = image.convert("RGB")
        assert abs(rgb.height - PREVIEW_WIDTH_PX * 297 / 210) <= 1
        red, green, blue = rgb.getpixel((rgb.width // 4, 2))
        assert red < 40 and green > 60 and blue > 70  # the brand's teal, not white slug


@pytest.mark.parametrize("region", REGIONS)
def test_pack_holds_every_file_of_the_region_with_matching_checksums(built, region):
    entries = by_path(built)
    pack = entries[f"packs/{region}.zip"]
    assert pack["product"] == "pack" and pack["region"] == region
    assert pack["bytes"] < EMAIL_LIMIT
    data = (built / pack["path"]).read_bytes()
    assert hashlib.sha256(data).hexdigest() == pack["sha256"]
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = archive.namelist()
        assert names[:2] == ["LEESMIJ.txt", "manifest.json"]
        assert names[2:] == sorted(names[2:])
        inner = json.loads(archive.read("manifest.json"))
        listed = {e["path"]: e for e in inner["files"]}
        wanted = {path for path, e in entries.items() if e.get("region") == region
                  and e["product"] not in ("preview", "pack", "portal")
                  and path != f"{region}/overzicht-{region}.png"}  # the PDF is packed
        assert {f"{region}/{name}" for name in listed} == wanted
        for name, entry in listed.items():
            member = archive.read(name)
            assert hashlib.sha256(member).hexdigest() == entry["sha256"] \
                == entries[f"{region}/{name}"]["sha256"], name
        assert {name.split("/")[0] for name in listed} >= {"poster", "social", "deskcard",
                                                            "cube"}
        for info in archive.infolist():
            assert info.date_time == (1980, 1, 1, 0, 0, 0)
        readme = archive.read("LEESMIJ.txt").decode("utf-8")
    assert "3 mm afloop" in readme and "korte zijde" in readme
    assert "poster/poster-buren-A4.pdf" in readme


def test_pack_is_deterministic(rebuilt, built):
    out = rebuilt  # built again from scratch, into its own folder
    for name in ("packs/maasdal.zip", "index.html", "regio-maasdal.html",
                 "maasdal/overzicht-maasdal.pdf"):
        assert (out / name).read_bytes() == (built / name).read_bytes(), name


@pytest.mark.parametrize("region", REGIONS)
def test_contact_sheet_shows_every_item(built, region):
    entries = by_path(built)
    sheet = entries[f"{region}/overzicht-{region}.pdf"]
    assert sheet["product"] == "contactsheet"
    reader = PdfReader(built / sheet["path"])
    assert len(reader.pages) == sheet["pages"] > 1  # as many A3 pages as it takes
    text = "".join(page.extract_text() for page in reader.pages)
    items = [p for p, e in entries.items() if e.get("region") == region
             and e["product"] in PRODUCTS and not p.endswith((".txt", ".csv"))
             and e.get("edition") != "office"]  # the sheet shows each design once
    # One thumbnail per page of every item (the handreiking's editions each page by page).
    pages = sum(entries[p].get("pages", 1) for p in items if p.endswith(".pdf")) + \
        sum(1 for p in items if not p.endswith(".pdf"))
    deskcard = f"{region}/deskcard/deskcard-duplex-A5-landscape.pdf"
    pages += len(PdfReader(built / deskcard).pages) - entries[deskcard].get("pages", 1)
    images = [image for page in reader.pages for image in page.images]
    assert len(images) == pages
    squashed = text.replace("\n", "")
    for name in {p.rsplit("/", 1)[-1] for p in items}:
        assert name in squashed, name
    png = entries[f"{region}/overzicht-{region}.png"]
    with Image.open(built / png["path"]) as image:
        assert image.size == (png["width_px"], png["height_px"])


class Page(HTMLParser):
    """Collects what a browser would fetch or follow, and the page's structure."""

    def __init__(self):
        super().__init__()
        self.links, self.images, self.headings, self.buttons = [], [], [], []
        self.lang = None

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "html":
            self.lang = attributes.get("lang")
        elif tag == "a":
            self.links.append(attributes.get("href"))
        elif tag == "img":
            self.images.append(attributes)
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            self.headings.append(int(tag[1]))
        elif tag == "button":
            self.buttons.append(attributes)


def _parsed(built, name: str) -> Page:
    page = Page()
    page.feed((built / name).read_text("utf-8"))
    assert page.lang == "nl", name
    assert page.headings[0] == 1, name
    assert all(b - a <= 1 for a, b in zip(page.headings, page.headings[1:])), name
    return page


def test_download_pages_links_images_and_structure(built):
    """index.html lists the regions, each with a page of its own (short on a phone) that
    links every file of the region; the brand's fonts travel with the pages."""
    index = _parsed(built, "index.html")
    pages = {region: _parsed(built, f"regio-{region}.html") for region in REGIONS}
    assert {f"regio-{region}.html" for region in REGIONS} <= set(index.links)
    entries = by_path(built)
    for region, page in pages.items():
        local = [link for link in page.links if not link.startswith(("http", "#", "tel:"))]
        assert len(local) > 100
        for link in local:
            assert (built / unquote(urlsplit(link).path)).is_file(), link
        for image in page.images:
            # The heading or the figcaption beside a thumbnail says what it shows.
            assert image.get("alt") == "", image
            assert (built / image["src"]).is_file()
        assert f"packs/{region}.zip" in page.links and f"packs/{region}.zip" in index.links
        mine = [p for p, e in entries.items() if e.get("region") == region
                and e["product"] in PRODUCTS]
        assert set(mine) <= set(page.links)
        captions = {e["caption"] for e in entries.values() if e["product"] == "social"
                    and "caption" in e and e["region"] == region}
        assert {b["data-text"] for b in page.buttons} == captions
    fonts = [e for e in entries.values() if e["path"].startswith("fonts/")]
    assert {e["path"] for e in fonts} >= {"fonts/Lato-Regular.ttf", "fonts/Lato-Bold.ttf",
                                          "fonts/OFL.txt"}
    assert all(e["product"] == "portal" and e["region"] is None for e in fonts)
    html = (built / "regio-maasdal.html").read_text("utf-8")
    assert 'src: url("fonts/Lato-Regular.ttf") format("truetype")' in html


def test_only_one_product_keeps_the_pack_complete(tmp_path):
    out = tmp_path / "out"
    assert build_into(out, "--region", "maasdal", "--only", "deskcard") == 0
    assert build_into(out, "--region", "maasdal", "--only", "poster") == 0
    with zipfile.ZipFile(out / "packs/maasdal.zip") as archive:
        names = set(archive.namelist())
    assert "poster/poster-buren-A4.pdf" in names
    assert "deskcard/deskcard-tent-A3.pdf" in names and "cube/cube-net-A3.pdf" in names
    previews = {e["of"] for e in read_manifest(out) if e["product"] == "preview"}
    assert "maasdal/deskcard/deskcard-tent-A3.pdf" in previews
    assert "maasdal/poster/poster-buren-A2.pdf" in previews
