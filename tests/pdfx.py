"""A PDF/X-4 preflight of our own (ISO 15930-7, the rules a print shop's preflight checks
first), and the content-stream and ink readers the print tests share.

pdfx_problems(path) returns what is wrong, as sentences; an empty list is a pass.
"""

from __future__ import annotations

import io
import math
import re
import shutil
import subprocess
import tempfile
from pathlib import Path

import pikepdf
from PIL import Image, ImageCms

XMP_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}([+-]\d{2}:\d{2}|Z)$")
UUID = re.compile(r"^uuid:[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$")
RGB_OPERATORS = {"rg", "RG"}
FONT_FILES = ("/FontFile", "/FontFile2", "/FontFile3")


def pdfx_problems(path: Path) -> list[str]:
    """Every PDF/X-4 rule the file breaks."""
    problems: list[str] = []
    try:
        pdf = pikepdf.open(path)
    except pikepdf.PasswordError:
        return ["encrypted"]
    with pdf:
        if pdf.is_encrypted:
            problems.append("encrypted")
        if tuple(map(int, pdf.pdf_version.split("."))) < (1, 6):
            problems.append(f"PDF version {pdf.pdf_version} is below 1.6")
        if "/ID" not in pdf.trailer or len(pdf.trailer.ID) != 2:
            problems.append("no /ID in the trailer")
        problems += _intent_problems(pdf)
        problems += _metadata_problems(pdf)
        for number, page in enumerate(pdf.pages, 1):
            problems += [f"page {number}: {p}" for p in _page_problems(page)]
        problems += _object_problems(pdf)
    return problems


def _intent_problems(pdf: pikepdf.Pdf) -> list[str]:
    intents = [i for i in pdf.Root.get("/OutputIntents", []) if i.get("/S") == "/GTS_PDFX"]
    if len(intents) != 1:
        return [f"{len(intents)} PDF/X output intents, not one"]
    intent, problems = intents[0], []
    if not str(intent.get("/OutputConditionIdentifier", "")):
        problems.append("output intent without OutputConditionIdentifier")
    identifier = str(intent.get("/OutputConditionIdentifier", ""))
    if identifier != "Custom" and str(intent.get("/RegistryName", "")) != "http://www.color.org":
        problems.append(f"registered condition {identifier} without RegistryName color.org")
    profile = intent.get("/DestOutputProfile")
    if profile is None:
        return problems + ["output intent without DestOutputProfile"]
    if profile.get("/N") != 4:
        problems.append("DestOutputProfile is not /N 4")
    try:
        cms = ImageCms.ImageCmsProfile(io.BytesIO(profile.read_bytes())).profile
        if cms.xcolor_space.strip() != "CMYK" or cms.device_class != "prtr":
            problems.append(f"DestOutputProfile is {cms.xcolor_space} {cms.device_class}")
    except (OSError, ImageCms.PyCMSError):
        problems.append("DestOutputProfile is not an ICC profile")
    return problems


def _metadata_problems(pdf: pikepdf.Pdf) -> list[str]:
    if "/Metadata" not in pdf.Root:
        return ["no XMP metadata"]
    meta = pdf.open_metadata()
    info = pdf.docinfo
    problems = []
    if meta.get("pdfxid:GTS_PDFXVersion") != "PDF/X-4":
        problems.append(f"XMP pdfxid:GTS_PDFXVersion is {meta.get('pdfxid:GTS_PDFXVersion')!r}")
    if "/GTS_PDFXVersion" in info and str(info.GTS_PDFXVersion) != "PDF/X-4":
        problems.append("Info GTS_PDFXVersion disagrees with XMP")
    if meta.get("pdf:Trapped") not in ("True", "False"):
        problems.append("XMP pdf:Trapped is neither True nor False")
    if "/Trapped" in info and str(info.Trapped)[1:] != meta.get("pdf:Trapped"):
        problems.append("Info Trapped disagrees with XMP")
    if not meta.get("dc:title"):
        problems.append("no dc:title")
    for key in ("xmp:CreateDate", "xmp:ModifyDate", "xmp:MetadataDate"):
        if not XMP_DATE.match(str(meta.get(key, ""))):
            problems.append(f"{key} missing or not a date: {meta.get(key)!r}")
    for key, info_key in (("xmp:CreateDate", "/CreationDate"), ("xmp:ModifyDate", "/ModDate")):
        if info_key in info and _info_date(str(info[info_key])) != str(meta.get(key, ""))[:19]:
            problems.append(f"Info {info_key} disagrees with {key}")
    for key in ("xmpMM:DocumentID", "xmpMM:InstanceID"):
        if not UUID.match(str(meta.get(key, ""))):
            problems.append(f"{key} is not a uuid: {meta.get(key)!r}")
    return problems


def _info_date(text: str) -> str:
    """'D:20261201000000+00'00'' as '2026-12-01T00:00:00'."""
    digits = text[2:16]
    return (f"{digits[0:4]}-{digits[4:6]}-{digits[6:8]}T{digits[8:10]}:{digits[10:12]}:"
            f"{digits[12:14]}")


def _page_problems(page: pikepdf.Page) -> list[str]:
    obj = page.obj
    if "/TrimBox" not in obj or "/BleedBox" not in obj:
        return ["no TrimBox or BleedBox"]
    media, bleed, trim = (_box(obj[key]) for key in ("/MediaBox", "/BleedBox", "/TrimBox"))
    problems = []
    if not _within(trim, bleed):
        problems.append("TrimBox not within BleedBox")
    if not _within(bleed, media):
        problems.append("BleedBox not within MediaBox")
    if obj.get("/Annots"):
        problems.append("annotations on a print page")
    for operands, operator in content_operations(page):
        if str(operator) in RGB_OPERATORS or (str(operator) in ("cs", "CS")
                                              and operands[0] == "/DeviceRGB"):
            problems.append(f"DeviceRGB colour ({operator})")
            break
    return problems


def _box(array) -> tuple[float, ...]:
    return tuple(float(value) for value in array)


def _within(inner, outer, tolerance=0.01) -> bool:
    return (inner[0] >= outer[0] - tolerance and inner[1] >= outer[1] - tolerance
            and inner[2] <= outer[2] + tolerance and inner[3] <= outer[3] + tolerance)


def _object_problems(pdf: pikepdf.Pdf) -> list[str]:
    problems = set()
    for obj in pdf.objects:
        if not isinstance(obj, (pikepdf.Dictionary, pikepdf.Stream)):
            continue
        if obj.get("/Subtype") == "/PS" or obj.get("/Subtype2") == "/PS":
            problems.add("PostScript XObject")
        if obj.get("/ColorSpace") == "/DeviceRGB":
            problems.add("DeviceRGB image or colour space")
        if obj.get("/Type") == "/ExtGState" or "/TR" in obj or "/TR2" in obj:
            for key in ("/TR", "/TR2"):
                if key in obj and obj[key] != "/Default":
                    problems.add("transfer function")
        if obj.get("/Type") == "/Font" and obj.get("/Subtype") not in ("/Type0", "/Type3"):
            descriptor = obj.get("/FontDescriptor")
            if descriptor is None or not any(key in descriptor for key in FONT_FILES):
                problems.add(f"font {obj.get('/BaseFont')} not embedded")
        if obj.get("/Encrypt") is not None:
            problems.add("encryption dictionary")
    return sorted(problems)


def content_operations(page: pikepdf.Page):
    """(operands, operator) of the page's content stream and of the forms it draws."""
    yield from pikepdf.parse_content_stream(page)
    for name, xobject in page.obj.get("/Resources", {}).get("/XObject", {}).items():
        if xobject.get("/Subtype") == "/Form":
            yield from pikepdf.parse_content_stream(xobject)


TEXT_OPERATORS = ("Tj", "TJ", "'", '"')
PAINT_OPERATORS = ("f", "F", "f*", "B", "B*", "b", "b*", "S", "s")


def painted_text(page: pikepdf.Page, operators=TEXT_OPERATORS) -> list[dict]:
    """Each text-showing (or other painting) operation with the fill colour and overprint
    state it paints in: {'cmyk': fill (c, m, y, k) or None, 'stroke': the same for strokes,
    'op': bool, 'OP': bool, 'OPM': int, 'operator': str}."""
    states = page.obj.get("/Resources", {}).get("/ExtGState", {})
    state = {"cmyk": None, "stroke": None, "op": False, "OP": False, "OPM": 0}
    stack, shown = [], []
    for operands, operator in pikepdf.parse_content_stream(page):
        name = str(operator)
        if name == "q":
            stack.append(dict(state))
        elif name == "Q":
            state = stack.pop()
        elif name in ("k", "K"):
            state["cmyk" if name == "k" else "stroke"] = tuple(round(float(v), 4)
                                                               for v in operands)
        elif name == "gs":
            for key, value in states[operands[0]].items():
                if key in ("/op", "/OP", "/OPM"):
                    state[key[1:]] = bool(value) if key != "/OPM" else int(value)
        elif name in operators:
            shown.append(dict(state, operator=name))
    return shown


def pixels(image: Image.Image) -> list:
    """Every pixel, in order (Pillow 13 renamed getdata)."""
    return list(getattr(image, "get_flattened_data", image.getdata)())


def max_ink_per_page(paths: list[Path], resolution_dpi: float) -> dict[Path, list[float]]:
    """The highest total ink (C+M+Y+K, percent) of any pixel inside each page's BleedBox
    (crop marks outside it are registration black, 400 % by design), from a CMYK raster by
    Ghostscript (tiff32nc honours overprint), at a low resolution; one gs run for all."""
    pages = []
    for path in paths:
        with pikepdf.open(path) as pdf:
            pages += [(path, _box(page.obj.MediaBox),
                       _box(page.obj.get("/BleedBox", page.obj.MediaBox))) for page in pdf.pages]
    totals: dict[Path, list[float]] = {path: [] for path in paths}
    with tempfile.TemporaryDirectory() as work:
        subprocess.run([shutil.which("gs"), "-q", "-dNOPAUSE", "-dBATCH", "-dSAFER",
                        "-sDEVICE=tiff32nc", f"-r{resolution_dpi}",
                        f"-sOutputFile={work}/page-%04d.tif", *map(str, paths)], check=True,
                       capture_output=True)
        rasters = sorted(Path(work).glob("page-*.tif"))
        assert len(rasters) == len(pages), (len(rasters), len(pages))
        for raster, (path, media, bleed) in zip(rasters, pages):
            with Image.open(raster) as image:
                scale = image.width / (media[2] - media[0])
                # inset by a pixel: a pixel the bleed edge cuts holds marks' ink too
                area = (math.ceil((bleed[0] - media[0]) * scale) + 1,
                        math.ceil((media[3] - bleed[3]) * scale) + 1,
                        math.floor((bleed[2] - media[0]) * scale) - 1,
                        math.floor((media[3] - bleed[1]) * scale) - 1)
                totals[path].append(max(map(sum, pixels(image.crop(area)))) / 2.55)
    return totals
