"""Tagged PDF, checked as a screen-reader user and a PDF/UA auditor would: the screen
editions pass a PDF/UA-1 validator (page-validation, no Java); every PDF has a structure
tree; headings, tables, lists, figures and links are what they say; nothing paints outside
tagged content or an artifact; the tree reads in the order the page does."""

from __future__ import annotations

import re
from itertools import pairwise
from pathlib import Path

import page
import pikepdf
import pypdfium2 as pdfium
from pypdfium2 import raw
import pytest

from tests.conftest import read_manifest
from tests.tagcheck import Element, mcid_text, outline, structure, unmarked_painting

REGIONS = ("maasdal", "midden-limburg")
SCREEN_FILES = ("handreiking/handreiking-screen-A5.pdf",
                "deskcard/deskcard-screen-A5-landscape.pdf")
HANDREIKING = "handreiking/handreiking-screen-A5.pdf"
HEADING = re.compile(r"H([1-6])$")


def pdfs(out: Path) -> list[Path]:
    return [out / e["path"] for e in read_manifest(out) if e["path"].endswith(".pdf")]


@pytest.fixture(scope="module")
def trees(built) -> dict[Path, Element]:
    return {path: structure(path) for path in pdfs(built)}


@pytest.mark.parametrize("region", REGIONS)
@pytest.mark.parametrize("name", SCREEN_FILES)
def test_screen_editions_pass_pdf_ua_1(built, region, name):
    report = page.validate_pdf(built / region / name, profile="ua1")
    failed = sorted({f"{f.rule_id}: {f.message}" for f in report.failures})
    assert report.is_compliant and not failed, "\n".join(failed)
    with pikepdf.open(built / region / name) as pdf:
        assert str(pdf.open_metadata().get("pdfuaid:part")) == "1"


def test_only_the_screen_editions_claim_pdf_ua(built):
    for path in pdfs(built):
        with pikepdf.open(path) as pdf:
            claims = pdf.open_metadata().get("pdfuaid:part") is not None
        assert claims == path.name.startswith(("handreiking-screen", "deskcard-screen")), path


def test_every_pdf_is_tagged_with_language_and_title(built):
    for path in pdfs(built):
        with pikepdf.open(path) as pdf:
            root = pdf.Root
            assert "/StructTreeRoot" in root and root.MarkInfo.Marked is True, path
            assert str(root.Lang) == "nl-NL", path
            assert pdf.open_metadata().get("dc:title"), path
            tree = root.StructTreeRoot
            assert int(tree.ParentTreeNextKey) >= len(pdf.pages), path
            for number, pdf_page in enumerate(pdf.pages):
                assert int(pdf_page.obj.StructParents) == number, path


def test_no_content_is_left_untagged(built):
    """Every painting operator is in tagged content (an MCID) or an artifact: crop and fold
    marks, backgrounds, rules and running footers included."""
    for path in pdfs(built):
        assert unmarked_painting(path) == [], path


def test_headings_start_at_h1_and_skip_no_level(trees):
    for path, tree in trees.items():
        levels = [int(HEADING.match(e.role).group(1)) for e in tree.walk()
                  if HEADING.match(e.role)]
        assert levels and levels[0] == 1, path
        for before, after in pairwise(levels):
            assert after <= before + 1, (path, levels)
        for element in tree.walk():
            if HEADING.match(element.role):
                assert element.all_text().strip(), (path, "an empty heading")


def test_tables_have_header_cells_with_scope(trees):
    # Not the booklet: its pages are tagged in sheet order, where a table may begin with
    # the rows that continue it on the next page (their repeated header is an artifact).
    tables = [(path, e) for path, tree in trees.items() for e in tree.walk()
              if e.role == "Table" and "booklet" not in path.name]
    assert tables  # the sociale kaart
    for path, table in tables:
        rows = table.kids
        assert rows and all(row.role == "TR" for row in rows), path
        assert {cell.role for cell in rows[0].kids} == {"TH"}, path
        assert all(cell.scope == "Column" for cell in rows[0].kids), path
        for row in rows[1:]:
            assert {cell.role for cell in row.kids} == {"TD"}, path
            assert len(row.kids) == len(rows[0].kids), path


def test_lists_are_list_items_with_label_and_body(trees):
    lists = [(path, e) for path, tree in trees.items() for e in tree.walk() if e.role == "L"]
    assert lists
    for path, listing in lists:
        assert listing.kids and all(item.role == "LI" for item in listing.kids), path
        for item in listing.kids:
            assert [kid.role for kid in item.kids] == ["Lbl", "LBody"], path
            assert item.kids[1].all_text().strip(), path


def test_every_figure_has_alternative_text(trees):
    figures = [(path, e) for path, tree in trees.items() for e in tree.walk()
               if e.role == "Figure"]
    assert figures  # partner logos, contact-sheet thumbnails
    for path, figure in figures:
        assert figure.alt.strip(), path


def test_every_link_is_in_a_link_element_with_a_name(built, trees):
    count = 0
    for path, tree in trees.items():
        linked = {a["objgen"]: a for e in tree.walk() if e.role == "Link"
                  for a in e.annotations}
        assert all(a["name"].strip() for a in linked.values()), path
        with pikepdf.open(path) as pdf:
            for pdf_page in pdf.pages:
                annotations = pdf_page.obj.get("/Annots", [])
                if len(annotations):
                    assert pdf_page.obj.Tabs == pikepdf.Name.S, path
                for annotation in annotations:
                    assert annotation.objgen in linked, (path, annotation.get("/Rect"))
                    count += 1
    assert count > 20  # contents entries, phone numbers, web addresses


def test_running_footer_and_page_numbers_are_artifacts(built):
    """The footer is drawn on every numbered page, outside the structure tree."""
    for region in REGIONS:
        path = built / region / HANDREIKING
        tagged = " ".join(mcid_text(path).values())
        document = pdfium.PdfDocument(path)
        for index in range(1, len(document) - 1):  # between the cover and the colophon
            pdf_page = document[index]
            text_page = pdf_page.get_textpage()
            artifacts = [_text(obj, text_page) for obj in pdf_page.get_objects(max_depth=1)
                         if obj.type == raw.FPDF_PAGEOBJ_TEXT
                         and raw.FPDFPageObj_GetMarkedContentID(obj.raw) < 0]
            assert str(index + 1) in artifacts, (region, index + 1, artifacts)
            footer = max(artifacts, key=len)
            assert footer not in tagged, footer
        document.close()


def test_structure_order_is_the_reading_order(built):
    """Per page, the tagged texts in structure-tree order are found, in that order, in the
    page's text as pdfium extracts it, and what lies between them is the page's artifacts
    (footer, repeated table header): a screen reader reads what the eye reads."""
    for region in REGIONS:
        path = built / region / HANDREIKING
        order: dict[int, list[str]] = {}
        for (page_index, _mcid), text in structure(path).reading():
            order.setdefault(page_index, []).append(_squeeze(text))
        document = pdfium.PdfDocument(path)
        for index in range(len(document)):
            pdf_page = document[index]
            text_page = pdf_page.get_textpage()
            extracted = _squeeze(text_page.get_text_range())
            artifacts = sum(len(_squeeze(_text(obj, text_page)))
                            for obj in pdf_page.get_objects(max_depth=1)
                            if obj.type == raw.FPDF_PAGEOBJ_TEXT
                            and raw.FPDFPageObj_GetMarkedContentID(obj.raw) < 0)
            cursor, skipped = 0, 0
            for piece in order.get(index, []):
                found = extracted.find(piece, cursor)
                assert found >= 0, (region, index + 1, piece, extracted[cursor:cursor + 80])
                skipped += found - cursor
                cursor = found + len(piece)
            assert skipped + len(extracted) - cursor == artifacts, (region, index + 1)
        document.close()


def test_links_are_underlined(built):
    """Web, phone and e-mail links are told apart by more than colour: a line under the
    text, across the link's width, in the text's colour."""
    path = built / "maasdal" / HANDREIKING
    scale = 4
    document = pdfium.PdfDocument(path)
    checked = 0
    with pikepdf.open(path) as pdf:
        for index, pdf_page in enumerate(pdf.pages):
            uris = [a for a in pdf_page.obj.get("/Annots", []) if "/A" in a]
            if not uris:
                continue
            image = document[index].render(scale=scale).to_pil().convert("L")
            height = image.height
            for annotation in uris:
                x0, y0, x1, y1 = (float(v) * scale for v in annotation.Rect)
                rows = range(round(height - y1), round(height - y0))
                columns = range(round(x0) + 1, round(x1) - 1)
                assert any(sum(image.getpixel((x, y)) < 160 for x in columns)
                           >= 0.9 * len(columns) for y in rows), (index + 1, annotation.Rect)
                checked += 1
    document.close()
    assert checked >= 10


def test_the_handreiking_reads_as_an_outline(built):
    """The tree as a screen reader meets it: the cover's title first, the contents as
    linked entries, chapters as H1 with their sections as H2, the colophon last."""
    tree = structure(built / "maasdal" / HANDREIKING)
    lines = outline(tree)
    roles = [line.strip().split(" ")[0] for line in lines if not line.strip().startswith('"')]
    assert roles[:3] == ["Document", "P", "H1"]
    assert roles.count("TOC") == 1 and roles.count("TOCI") >= 10
    headings = [e.all_text() for e in tree.walk() if e.role == "H1"]
    assert headings[-1].startswith("Colofon")
    assert any(e.role == "Note" for e in tree.walk())


def test_screen_desk_card_is_listed_packed_and_offered(built):
    entries = {(e["region"], e["product"], e["format"]): e for e in read_manifest(built)}
    for region in REGIONS:
        entry = entries[(region, "deskcard", "screen-A5-landscape")]
        assert entry["media"] == "screen" and entry["edition"] == "web"
        assert entry["pages"] == 2
        with pikepdf.open(built / entry["path"]) as pdf:
            assert "/TrimBox" not in pdf.pages[0].obj  # a screen file: no print boxes
        page_html = (built / f"regio-{region}.html").read_text("utf-8")
        assert f"{region}/deskcard/deskcard-screen-A5-landscape.pdf" in page_html
        assert "Voor op je website" in page_html


def _text(obj, text_page) -> str:
    size = raw.FPDFTextObj_GetText(obj.raw, text_page.raw, None, 0)
    buffer = (raw.FPDF_WCHAR * size)()
    raw.FPDFTextObj_GetText(obj.raw, text_page.raw, buffer, size)
    return bytes(buffer).decode("utf-16-le").rstrip("\x00")


def _squeeze(text: str) -> str:
    return re.sub(r"[\s\ufffe\x02]+", "", text)
