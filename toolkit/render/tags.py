"""Tagged PDF: marked content while drawing, the structure tree in the post-pass.

While reportlab draws, a Marker wraps every painted item in marked content: a tagged item
(one inside a Group with a Tag) as `/P <</MCID n>> BDC … EMC`, everything else (fills,
rules, ripples, running footers, crop and fold marks) as `/Artifact BMC … EMC`. It records
per page which element path each MCID and each link annotation belongs to.

The post-pass step `structure` turns that record into the structure tree (ISO 32000-1,
14.7-14.8; PDF/UA-1): StructTreeRoot > Document > elements in the order the product listed
them (its reading order), a ParentTree for pages and link annotations, MarkInfo, /Tabs /S
on pages with links, link annotations in their Link element (OBJR) with a /Contents name,
and for a document that claims it, pdfuaid:part 1 in the XMP packet.
"""

from __future__ import annotations

import re
import zlib
from contextvars import ContextVar
from dataclasses import dataclass, field

import pikepdf
from reportlab.pdfgen.canvas import Canvas

from toolkit.layout.model import Circle, Document, Line, Polygon, Rect, Tag, Text
from toolkit.render.profiles import Profile

SHAPES = (Rect, Circle, Polygon, Line)
SHAPE_ROLES = {"Figure", "Lbl"}  # where a shape is content (a logo drawn as shapes, a bullet)
ADDRESS_BREAKS = ("/", ".", "@")  # where a long address may break over lines
Path = tuple[Tag, ...]  # the tags of the groups around an item, outermost first


@dataclass
class PageMarks:
    """What one page holds, in drawing order: ('mcid', element path, text drawn) for each
    MCID (numbered in order) and ('link', element path, target) for each link annotation
    (in the order of the page's /Annots)."""

    events: list[tuple[str, Path, str]] = field(default_factory=list)
    mcids: int = 0


@dataclass
class Marks:
    pages: list[PageMarks] = field(default_factory=list)


# render_pdf() hands the record of the file being finished to the `structure` step.
RECORDED: ContextVar[Marks | None] = ContextVar("RECORDED", default=None)


def artifact_operator(kind: str = "") -> str:
    return f"/Artifact <</Type /{kind}>> BDC" if kind else "/Artifact BMC"


class Marker:
    """Opens and closes marked content on a canvas, recording what each MCID is."""

    def __init__(self, canvas: Canvas, page: PageMarks):
        self.canvas = canvas
        self.page = page

    def begin(self, path: Path, item) -> None:
        role = _content_role(path, item)
        if role is None:
            kind = next((tag.key for tag in path if tag.role == "Artifact"), "")
            self.canvas._code.append(artifact_operator(kind))  # reportlab has no BDC API
            return
        text = item.text if isinstance(item, Text) else ""
        self.canvas._code.append(f"/{role} <</MCID {self.page.mcids}>> BDC")
        self.page.events.append(("mcid", path, text))
        self.page.mcids += 1

    def element(self, path: Path) -> None:
        """A tagged group begins: its element exists even with nothing drawn (an empty
        table cell keeps its row's columns)."""
        if not any(tag.role == "Artifact" for tag in path):
            self.page.events.append(("element", path, ""))

    def begin_artifact(self, kind: str = "") -> None:
        self.canvas._code.append(artifact_operator(kind))

    def end(self) -> None:
        self.canvas._code.append("EMC")

    def link(self, path: Path, target: str) -> None:
        self.page.events.append(("link", path, target))


def _content_role(path: Path, item) -> str | None:
    """The role an item's marked content carries, or None for an artifact."""
    if not path or any(tag.role == "Artifact" for tag in path):
        return None
    role = path[-1].role
    if isinstance(item, SHAPES) and role not in SHAPE_ROLES:
        return None
    return role


@dataclass
class _Node:
    tag: Tag
    kids: list = field(default_factory=list)  # _Node, ('mcid', page, n), ('annot', page, i)
    text: list[str] = field(default_factory=list)

    def child(self, tag: Tag) -> _Node:
        last = self.kids[-1] if self.kids else None
        if isinstance(last, _Node) and (last.tag is tag or (
                tag.key and last.tag.role == tag.role and last.tag.key == tag.key)):
            return last  # the same group, or its element continued (the next line, page)
        node = _Node(tag)
        self.kids.append(node)
        return node


def _tree(marks: Marks) -> _Node:
    """The element tree in drawing order: one node per element, leaves are MCIDs and link
    annotations; every element knows the text inside it (a link's name)."""
    root = _Node(Tag("Document"))

    def nodes_for(path: Path) -> list[_Node]:
        nodes = [root]
        for tag in path:
            nodes.append(nodes[-1].child(tag))
        return nodes

    for page_index, page in enumerate(marks.pages):
        counts = {"mcid": 0, "link": 0, "element": 0}
        for what, path, text in page.events:
            number = counts[what]
            counts[what] += 1
            if what == "element":
                nodes_for(path)
                continue
            if what == "mcid":
                nodes = nodes_for(path)
                nodes[-1].kids.append(("mcid", page_index, number))
                for node in nodes[1:]:
                    node.text.append(text)
                continue
            inner = [i for i, tag in enumerate(path) if tag.role == "Link"]
            if inner:
                node = nodes_for(path[:inner[-1] + 1])[-1]
            else:  # a bare link area: its own Link element, named by its target
                node = nodes_for(path)[-1].child(Tag("Link", key=text))
            node.kids.append(("annot", page_index, number))
    return root


def _text_of(node: _Node) -> str:
    """The element's text; the parts of an address broken over lines joined again."""
    joined = ""
    for part in (" ".join(text.split()) for text in node.text):
        if joined and part and not joined.endswith(ADDRESS_BREAKS):
            joined += " "
        joined += part
    return joined


def structure(pdf: pikepdf.Pdf, document: Document, profile: Profile, properties: list) -> None:
    """Write the structure tree recorded while drawing (a post-pass step)."""
    marks = RECORDED.get()
    if marks is None:
        return
    root = _tree(marks)
    pages = [page.obj for page in pdf.pages]
    annotations = [page.get("/Annots") for page in pages]
    parent_tree: dict[int, object] = {}
    page_mcids: list[list] = [[None] * page.mcids for page in marks.pages]
    tree_root = pdf.make_indirect(pikepdf.Dictionary(Type=pikepdf.Name.StructTreeRoot))
    next_key = len(pages)
    counter = [0]

    def write(node: _Node, parent) -> pikepdf.Object:
        nonlocal next_key
        element = pdf.make_indirect(pikepdf.Dictionary(
            Type=pikepdf.Name.StructElem, S=pikepdf.Name("/" + node.tag.role), P=parent))
        kids = pikepdf.Array()
        first_page = None
        for kid in node.kids:
            if isinstance(kid, _Node):
                kids.append(write(kid, element))
                continue
            what, page_index, number = kid
            page = pages[page_index]
            if first_page is None:
                first_page = page_index
                element.Pg = page
            if what == "mcid":
                page_mcids[page_index][number] = element
                kids.append(number if page_index == first_page else pikepdf.Dictionary(
                    Type=pikepdf.Name.MCR, Pg=page, MCID=number))
            else:
                annot = annotations[page_index][number]
                annot.StructParent = next_key
                parent_tree[next_key] = element
                next_key += 1
                annot.Contents = pikepdf.String(_text_of(node) or node.tag.key)
                kids.append(pikepdf.Dictionary(Type=pikepdf.Name.OBJR, Pg=page, Obj=annot))
        element.K = kids
        _attributes(element, node, counter)
        return element

    element = write(root, tree_root)
    for index, page in enumerate(pages):
        page.StructParents = index
        parent_tree[index] = pikepdf.Array(page_mcids[index])
        if annotations[index] is not None:
            page.Tabs = pikepdf.Name.S  # tab through links in structure order
    numbers = pikepdf.Array()
    for key in sorted(parent_tree):
        numbers.extend([key, parent_tree[key]])
    tree_root.K = element
    tree_root.ParentTree = pdf.make_indirect(pikepdf.Dictionary(Nums=numbers))
    tree_root.ParentTreeNextKey = next_key
    pdf.Root.StructTreeRoot = tree_root
    pdf.Root.MarkInfo = pikepdf.Dictionary(Marked=True)
    if document.accessible:
        properties.append(("pdfuaid", "part", "1"))


NULL_MAPPING = re.compile(rb"^<[0-9A-Fa-f]+> <0000>\r?\n", re.MULTILINE)
CHAR_COUNT = re.compile(rb"(\d+) beginbfchar")


def unicode_maps(pdf: pikepdf.Pdf, document: Document, profile: Profile,
                 properties: list) -> None:
    """Drop the ToUnicode entries reportlab writes for a subset's unused codes (U+0000):
    every code maps to real text or to nothing (PDF/UA-1 7.21.7; a post-pass step)."""
    seen: set[tuple[int, int]] = set()
    for page in pdf.pages:
        fonts = page.obj.get("/Resources", {}).get("/Font", {})
        for font in fonts.values():
            if font.objgen in seen or "/ToUnicode" not in font:
                continue
            seen.add(font.objgen)
            data = font.ToUnicode.read_bytes()
            cleaned, dropped = NULL_MAPPING.subn(b"", data)
            if dropped:
                count = int(CHAR_COUNT.search(cleaned).group(1)) - dropped
                cleaned = CHAR_COUNT.sub(f"{count} beginbfchar".encode(), cleaned, count=1)
                # deflated here: the post-pass saves without compressing (finish.py)
                font.ToUnicode.write(zlib.compress(cleaned), filter=pikepdf.Name.FlateDecode)


def _attributes(element: pikepdf.Object, node: _Node, counter: list[int]) -> None:
    tag = node.tag
    if tag.role == "Figure":
        element.Alt = pikepdf.String(tag.alt or _text_of(node))
    if tag.role == "TH":
        element.A = pikepdf.Dictionary(O=pikepdf.Name.Table,
                                       Scope=pikepdf.Name("/" + (tag.scope or "Column")))
    if tag.role == "Note":  # PDF/UA-1 7.9: every Note has a unique ID
        counter[0] += 1
        element.ID = pikepdf.String(f"note-{counter[0]}")
