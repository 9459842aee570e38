"""PDF/X-4 (ISO 15930-7) for print files, and font subset tags from content, as post-pass
steps (render/finish.py).

A print file names its printing condition once: one OutputIntent (/S /GTS_PDFX) holding the
output profile the colours were separated for (config/press.py). The Info dictionary and
the XMP packet say "PDF/X-4" and "not trapped" alike; dates come from the campaign's edition
(brand.toml [campaign] date), ids from the file's content, so the bytes stay deterministic.
"""

from __future__ import annotations

import hashlib
import re
import uuid
import zlib

import pikepdf

from toolkit.config.press import REGISTRY
from toolkit.layout.model import Document
from toolkit.render.profiles import Profile
from toolkit.render.xmp import Property

PDFX_VERSION = "PDF/X-4"
FALLBACK_DATE = (2000, 1)  # an edition without a readable date: reportlab's invariant date
# brand.toml's date is written as printed ('december 2026'): months in Dutch or English.
MONTHS = {name: number for number, names in enumerate((
    ("januari", "january", "jan"), ("februari", "february", "feb"), ("maart", "march", "mrt"),
    ("april", "apr"), ("mei", "may"), ("juni", "june", "jun"), ("juli", "july", "jul"),
    ("augustus", "august", "aug"), ("september", "sep", "sept"),
    ("oktober", "october", "okt", "oct"), ("november", "nov"), ("december", "dec")),
    start=1) for name in names}
TAG_LETTERS = 6


def edition_date(text: str) -> tuple[int, int]:
    """(year, month) of an edition date as printed ('december 2026', '2026-12'); the first
    month of the year when no month is named, FALLBACK_DATE when no year is."""
    year = re.search(r"\b(\d{4})\b", text)
    if not year:
        return FALLBACK_DATE
    numeric = re.search(r"\b\d{4}-(\d{1,2})\b", text)
    words = [MONTHS[word] for word in re.findall(r"[a-z]+", text.lower()) if word in MONTHS]
    month = int(numeric.group(1)) if numeric else (words[0] if words else 1)
    return int(year.group(1)), min(max(month, 1), 12)


def _content_digest(pdf: pikepdf.Pdf, document: Document) -> bytes:
    digest = hashlib.sha256(document.title.encode())
    for page in pdf.pages:
        for stream in page.obj.Contents.as_list() if isinstance(
                page.obj.Contents, pikepdf.Array) else [page.obj.Contents]:
            digest.update(stream.read_raw_bytes())
    return digest.digest()


def pdfx_metadata(pdf: pikepdf.Pdf, document: Document, profile: Profile,
                  properties: list[Property]) -> None:
    """Make a print file PDF/X-4: output intent, Info keys, XMP identification."""
    if not profile.is_print or profile.press is None:
        return
    press = profile.press
    # deflated here: the post-pass saves without compressing (finish.py)
    icc = pikepdf.Stream(pdf, zlib.compress(press.icc, 9))
    icc.Filter = pikepdf.Name.FlateDecode
    icc.N = 4
    intent = pikepdf.Dictionary(
        Type=pikepdf.Name.OutputIntent, S=pikepdf.Name.GTS_PDFX,
        OutputConditionIdentifier=pikepdf.String(press.identifier),
        OutputCondition=pikepdf.String(press.condition),
        Info=pikepdf.String(press.description or press.condition),
        DestOutputProfile=pdf.make_indirect(icc))
    if press.identifier != "Custom":
        intent.RegistryName = pikepdf.String(REGISTRY)
    pdf.Root.OutputIntents = pikepdf.Array([pdf.make_indirect(intent)])
    year, month = edition_date(profile.edition[1])
    info_date = f"D:{year:04d}{month:02d}01000000+00'00'"
    xmp_date = f"{year:04d}-{month:02d}-01T00:00:00+00:00"
    pdf.docinfo.GTS_PDFXVersion = pikepdf.String(PDFX_VERSION)
    pdf.docinfo.Trapped = pikepdf.Name("/False")
    pdf.docinfo.CreationDate = pikepdf.String(info_date)
    pdf.docinfo.ModDate = pikepdf.String(info_date)
    digest = _content_digest(pdf, document)
    document_id = uuid.UUID(bytes=digest[:16], version=4)
    instance_id = uuid.UUID(bytes=hashlib.sha256(digest + b"instance").digest()[:16],
                            version=4)
    properties.extend([
        ("pdfxid", "GTS_PDFXVersion", PDFX_VERSION),
        ("pdf", "Trapped", "False"),
        ("xmp", "CreateDate", xmp_date),
        ("xmp", "ModifyDate", xmp_date),
        ("xmp", "MetadataDate", xmp_date),
        ("xmpMM", "DocumentID", f"uuid:{document_id}"),
        ("xmpMM", "InstanceID", f"uuid:{instance_id}"),
        ("xmpMM", "VersionID", profile.edition[0] or "1"),
        ("xmpMM", "RenditionClass", "default"),
    ])


def subset_tags(pdf: pikepdf.Pdf, document: Document, profile: Profile,
                properties: list[Property]) -> None:
    """Name every embedded font subset by its content: six capitals from a hash of the font
    file, instead of reportlab's AAAAAA+ for all (two different subsets of one font would
    share a name, which a RIP may cache as one font)."""
    for obj in _fonts(pdf):
        descriptor = obj.get("/FontDescriptor")
        base = str(obj.get("/BaseFont", ""))
        if descriptor is None or not re.match(r"^/[A-Z]{6}\+", base):
            continue
        file = next((descriptor[key] for key in ("/FontFile2", "/FontFile3", "/FontFile")
                     if key in descriptor), None)
        if file is None:
            continue
        tag = _tag(hashlib.sha256(file.read_bytes()).digest())
        name = pikepdf.Name(f"/{tag}+{base[8:]}")
        obj.BaseFont = name
        descriptor.FontName = name


def _fonts(pdf: pikepdf.Pdf) -> list[pikepdf.Dictionary]:
    """Every font the pages (and the forms they draw) use, each once."""
    found: dict[tuple[int, int], pikepdf.Dictionary] = {}
    resources = [page.obj.get("/Resources") for page in pdf.pages]
    while resources:
        current = resources.pop()
        if current is None:
            continue
        for font in current.get("/Font", {}).values():
            found.setdefault(font.objgen, font)
        for xobject in current.get("/XObject", {}).values():
            if xobject.get("/Subtype") == pikepdf.Name.Form and xobject.objgen not in found:
                found[xobject.objgen] = None  # visited
                resources.append(xobject.get("/Resources"))
    return [font for font in found.values() if font is not None]


def _tag(digest: bytes) -> str:
    return "".join(chr(ord("A") + byte % 26) for byte in digest[:TAG_LETTERS])
