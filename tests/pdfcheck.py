"""What a print shop's preflight looks at, as helpers: boxes, fonts, colour operators, text."""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path

import pypdfium2 as pdfium
from pypdf import PdfReader
from pypdf.generic import ContentStream

RGB_OPERATORS = {"rg", "RG"}
GREY_OPERATORS = {"g", "G"}
GENERIC_OPERATORS = {"sc", "SC", "scn", "SCN", "cs", "CS"}


@dataclass(frozen=True)
class Boxes:
    media: tuple[float, ...]
    bleed: tuple[float, ...] | None
    trim: tuple[float, ...] | None


def boxes(page) -> Boxes:
    def get(name):
        return tuple(float(v) for v in page[name]) if name in page else None
    return Boxes(get("/MediaBox"), get("/BleedBox"), get("/TrimBox"))


def inside(inner, outer, tolerance=0.01) -> bool:
    return (inner[0] >= outer[0] - tolerance and inner[1] >= outer[1] - tolerance
            and inner[2] <= outer[2] + tolerance and inner[3] <= outer[3] + tolerance)


def _streams(reader: PdfReader):
    """Every content stream of every page, and of every form XObject they use."""
    seen = set()
    for page in reader.pages:
        yield page.get_contents(), page
        yield from _forms(page.get("/Resources"), reader, seen)


def _forms(resources, reader, seen):
    if not resources:
        return
    resources = resources.get_object()
    xobjects = resources.get("/XObject")
    if not xobjects:
        return
    for ref in xobjects.get_object().values():
        key = getattr(ref, "idnum", id(ref))
        if key in seen:
            continue
        seen.add(key)
        form = ref.get_object()
        if form.get("/Subtype") == "/Form":
            yield ContentStream(form, reader), form
            yield from _forms(form.get("/Resources"), reader, seen)


def colour_operators(path: Path) -> set[str]:
    """All colour-setting operators used anywhere in the file."""
    reader = PdfReader(path)
    found = set()
    for stream, _ in _streams(reader):
        if stream is None:
            continue
        for _, operator in stream.operations:
            op = operator.decode("latin-1")
            if op in RGB_OPERATORS | GREY_OPERATORS | GENERIC_OPERATORS | {"k", "K"}:
                found.add(op)
    return found


def image_colour_spaces(path: Path) -> set[str]:
    reader = PdfReader(path)
    spaces = set()
    for page in reader.pages:
        xobjects = page["/Resources"].get("/XObject", {})
        for ref in xobjects.values():
            obj = ref.get_object()
            if obj.get("/Subtype") == "/Image":
                spaces.add(str(obj["/ColorSpace"]))
    return spaces


def fonts(path: Path) -> list[dict]:
    """Every font resource: its name, subtype and whether its program is embedded."""
    reader = PdfReader(path)
    found = []
    for page in reader.pages:
        resources = page["/Resources"]
        for ref in resources.get("/Font", {}).values():
            font = ref.get_object()
            descriptor = font.get("/FontDescriptor")
            descriptor = descriptor.get_object() if descriptor else {}
            embedded = any(key in descriptor for key in ("/FontFile", "/FontFile2", "/FontFile3"))
            found.append({"name": str(font["/BaseFont"]), "subtype": str(font["/Subtype"]),
                          "embedded": embedded,
                          "subset": bool(re.match(r"^/[A-Z]{6}\+", str(font["/BaseFont"])))})
    return found


@dataclass(frozen=True)
class Char:
    char: str
    left: float
    bottom: float
    right: float
    top: float


def characters(path: Path, page_index: int = 0) -> list[Char]:
    """Every drawn character with its box, in PDF user space (MediaBox coordinates)."""
    pdf = pdfium.PdfDocument(str(path))
    page = pdf[page_index]
    text_page = page.get_textpage()
    found = []
    for index in range(text_page.count_chars()):
        char = text_page.get_text_range(index, 1)
        if not char.strip():
            continue
        left, bottom, right, top = text_page.get_charbox(index)
        found.append(Char(char, left, bottom, right, top))
    return found


def page_text(path: Path, page_index: int = 0) -> str:
    pdf = pdfium.PdfDocument(str(path))
    return pdf[page_index].get_textpage().get_text_range()


def render(path: Path, page_index: int = 0, scale: float = 1.0):
    """Render a page to a PIL image (pixel (0,0) is the MediaBox's top-left corner)."""
    pdf = pdfium.PdfDocument(str(path))
    return pdf[page_index].render(scale=scale).to_pil().convert("RGB")


def char_angles(path: Path, page_index: int = 0) -> list[tuple[Char, float]]:
    """Every drawn character with its rotation in degrees (0 upright, 180 turned)."""
    import math

    import pypdfium2.raw as raw

    pdf = pdfium.PdfDocument(str(path))
    text_page = pdf[page_index].get_textpage()
    found = []
    for index in range(text_page.count_chars()):
        char = text_page.get_text_range(index, 1)
        if not char.strip():
            continue
        angle = math.degrees(raw.FPDFText_GetCharAngle(text_page.raw, index)) % 360
        left, bottom, right, top = text_page.get_charbox(index)
        found.append((Char(char, left, bottom, right, top), round(angle)))
    return found


def line_segments(path: Path, page_index: int = 0) -> list[dict]:
    """Every stroked straight segment (m ... l S) with its dash pattern, in MediaBox
    coordinates (only translations in cm are followed: what the renderer uses for marks)."""
    reader = PdfReader(str(path))
    page = reader.pages[page_index]
    content = ContentStream(page.get_contents(), reader)
    stack, offset, dash, current, found = [], [0.0, 0.0], [], None, []
    transformed = False  # under a scale or rotation: coordinates not followed, skipped
    for operands, operator in content.operations:
        op = operator.decode("latin-1")
        if op == "q":
            stack.append((list(offset), list(dash), transformed))
        elif op == "Q":
            offset, dash, transformed = stack.pop() if stack else ([0.0, 0.0], [], False)
        elif op == "cm":
            a, b, c, d, e, f = (float(v) for v in operands)
            if (a, b, c, d) == (1.0, 0.0, 0.0, 1.0):
                offset = [offset[0] + e, offset[1] + f]
            else:
                transformed = True
        elif op == "d":
            dash = [float(v) for v in operands[0]]
        elif op == "m":
            current = (float(operands[0]) + offset[0], float(operands[1]) + offset[1])
        elif op == "l" and current is not None and not transformed:
            end = (float(operands[0]) + offset[0], float(operands[1]) + offset[1])
            found.append({"start": current, "end": end, "dash": list(dash)})
            current = end
    return found
