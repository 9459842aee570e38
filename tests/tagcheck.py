"""What a screen reader (and a PDF/UA checker) meets in a PDF, as helpers: the structure
tree with each element's text, the marked content of every page, and what paints outside it.

Read from the file: pikepdf for the tree and the content streams, pdfium for the text of
each marked-content sequence (as an extractor decodes it, through the fonts' ToUnicode).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

import pikepdf
import pypdfium2 as pdfium
from pypdfium2 import raw

# Operators that put ink on the page (ISO 32000-1, tables 59, 107, 87, 77).
PAINTING = {"S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "Tj", "TJ", "'", '"', "Do", "sh",
            "INLINE IMAGE"}


@dataclass
class Element:
    role: str
    alt: str = ""
    scope: str = ""
    contents: list[tuple[int, int]] = field(default_factory=list)  # (page index, MCID)
    annotations: list[dict] = field(default_factory=list)  # /Contents, /StructParent
    kids: list[Element] = field(default_factory=list)
    text: str = ""  # the text of its own marked content
    order: list = field(default_factory=list)  # kids and ((page, MCID), text), in order

    def walk(self):
        yield self
        for kid in self.kids:
            yield from kid.walk()

    def reading(self):
        """((page, MCID), text) of its marked content and its kids', in tree order."""
        for part in self.order:
            if isinstance(part, Element):
                yield from part.reading()
            else:
                yield part

    def all_text(self) -> str:
        return " ".join(part for part in (self.text, *(k.all_text() for k in self.kids))
                        if part)


def mcid_text(path: Path) -> dict[tuple[int, int], str]:
    """(page index, MCID) -> the text pdfium extracts from that marked content."""
    found: dict[tuple[int, int], str] = {}
    document = pdfium.PdfDocument(path)
    for index in range(len(document)):
        page = document[index]
        text_page = page.get_textpage()
        for obj in page.get_objects(max_depth=1):
            mcid = raw.FPDFPageObj_GetMarkedContentID(obj.raw)
            if mcid < 0 or obj.type != raw.FPDF_PAGEOBJ_TEXT:
                continue
            size = raw.FPDFTextObj_GetText(obj.raw, text_page.raw, None, 0)
            buffer = (raw.FPDF_WCHAR * size)()
            raw.FPDFTextObj_GetText(obj.raw, text_page.raw, buffer, size)
            text = bytes(buffer).decode("utf-16-le").rstrip("\x00")
            key = (index, mcid)
            found[key] = f"{found[key]} {text}" if key in found else text
    document.close()
    return found


def structure(path: Path) -> Element:
    """The structure tree's Document element, every element with its text."""
    texts = mcid_text(path)
    with pikepdf.open(path) as pdf:
        pages = {page.obj.objgen: index for index, page in enumerate(pdf.pages)}
        root = pdf.Root.StructTreeRoot
        return _element(root.K, None, pages, texts)


def _element(obj, page, pages, texts) -> Element:
    element = Element(str(obj.S)[1:], alt=str(obj.get("/Alt", "")))
    if "/A" in obj and "/Scope" in obj.A:
        element.scope = str(obj.A.Scope)[1:]
    if "/Pg" in obj:
        page = pages[obj.Pg.objgen]
    kids = obj.get("/K")
    kids = list(kids) if isinstance(kids, pikepdf.Array) else [kids]
    parts = []
    for kid in kids:
        if isinstance(kid, int) or kid.get("/Type") == "/MCR":
            key = (page, kid) if isinstance(kid, int) else (pages[kid.Pg.objgen],
                                                            int(kid.MCID))
            element.contents.append(key)
            parts.append(texts.get(key, ""))
            element.order.append((key, parts[-1]))
        elif kid.get("/Type") == "/OBJR":
            element.annotations.append({"name": str(kid.Obj.get("/Contents", "")),
                                        "struct_parent": kid.Obj.get("/StructParent"),
                                        "objgen": kid.Obj.objgen})
        else:
            element.kids.append(_element(kid, page, pages, texts))
            element.order.append(element.kids[-1])
    element.text = " ".join(p for p in parts if p)
    return element


def outline(element: Element, depth: int = 0, width: int = 70) -> list[str]:
    """The tree as an indented outline, as a screen reader walks it: each element's role,
    attributes and text; text and child elements in their order."""
    extra = f" alt={element.alt!r}" if element.alt else ""
    extra += f" scope={element.scope}" if element.scope else ""
    for annotation in element.annotations:
        extra += f" [link {annotation['name']!r}]"
    lines = [f"{'  ' * depth}{element.role}{extra}"]
    for part in element.order:
        if isinstance(part, Element):
            lines += outline(part, depth + 1, width)
        elif part[1].strip():
            lines.append(f"{'  ' * (depth + 1)}\"{part[1][:width]}\"")
    return lines


def unmarked_painting(path: Path) -> list[tuple[int, str]]:
    """(page number, operator) of every painting operator outside both a tagged (MCID)
    sequence and an artifact: what a screen reader can neither read nor skip."""
    found = []
    with pikepdf.open(path) as pdf:
        for number, page in enumerate(pdf.pages, start=1):
            stack: list[bool] = []  # per open sequence: tagged or artifact
            for operands, operator in pikepdf.parse_content_stream(page):
                op = str(operator)
                if op in ("BMC", "BDC"):
                    tag = str(operands[0])
                    props = operands[1] if len(operands) > 1 else None
                    marked = tag == "/Artifact" or (
                        isinstance(props, pikepdf.Dictionary) and "/MCID" in props)
                    stack.append(marked)
                elif op == "EMC":
                    stack.pop()
                elif op in PAINTING and not any(stack):
                    found.append((number, op))
    return found
