"""What a page of the layout model shows, and where, as a print shop or a reader would
check it: every item placed on the page (groups turned, moved and clipped as the renderer
does), and the ways text can go wrong there: outside the trim or its safe zone, cut off
by a clip, over a fold, on another line, over a logo or through a drawn line, or drawn
with characters its font does not have.
"""

from __future__ import annotations

import csv
import io
import math
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass

from toolkit.formats import SAFE_MM, mm
from toolkit.layout.impose import saddle_stitch_order
from toolkit.layout.model import Box, Group, Item, Line, Page, Picture, QRCode, Text, Vector
from toolkit.products import Job

BOOKLET_SAFE_MM = 8.0  # SPECS.md: text 8-10 mm inside a booklet's pages
STORY_COVERED = (0.20, 0.14)  # bottom, top: the app's bands on a story (SPECS.md)
TOLERANCE = 0.01  # points


# --- what a page draws, where ------------------------------------------------------------


@dataclass(frozen=True)
class Drawn:
    item: Item
    box: Box | None  # on the page (None for items without one)
    clip: Box | None  # what the enclosing groups let show, on the page
    points: tuple[tuple[float, float], ...] = ()  # a Line's ends, on the page


Transform = Callable[[float, float], tuple[float, float]]


def _identity(x: float, y: float) -> tuple[float, float]:
    return x, y


def _turned(group: Group, outer: Transform) -> Transform:
    """As the renderer draws a group: turn around the origin, then move by the offset."""
    angle = math.radians(group.rotate_deg)
    cos, sin = math.cos(angle), math.sin(angle)

    def transform(x: float, y: float) -> tuple[float, float]:
        dx, dy = (x - group.origin_x) * group.scale, (y - group.origin_y) * group.scale
        return outer(group.origin_x + group.offset_x + cos * dx - sin * dy,
                     group.origin_y + group.offset_y + sin * dx + cos * dy)
    return transform


def _box(box: Box, transform: Transform) -> Box:
    corners = [transform(x, y) for x in (box.x, box.right) for y in (box.y, box.top)]
    xs, ys = [c[0] for c in corners], [c[1] for c in corners]
    return Box(min(xs), min(ys), max(xs) - min(xs), max(ys) - min(ys))


def _intersect(a: Box | None, b: Box) -> Box:
    if a is None:
        return b
    x, y = max(a.x, b.x), max(a.y, b.y)
    return Box(x, y, max(min(a.right, b.right) - x, 0), max(min(a.top, b.top) - y, 0))


def flatten(items: Iterable[Item], transform: Transform = _identity,
            clip: Box | None = None) -> Iterator[Drawn]:
    for item in items:
        if isinstance(item, Group):
            inner = _turned(item, transform)
            inner_clip = clip if item.clip is None else _intersect(clip, _box(item.clip, inner))
            yield from flatten(item.items, inner, inner_clip)
        elif isinstance(item, Line):
            yield Drawn(item, None, clip, (transform(*item.start), transform(*item.end)))
        elif hasattr(item, "box"):
            yield Drawn(item, _box(item.box, transform), clip)
        else:
            yield Drawn(item, None, clip)


def drawn_pages(job: Job) -> list[str]:
    """The text of each page in reading order (a booklet's sheets put back in page order)."""
    if job.document is None:
        return []
    pages: list[tuple[Item, ...]] = [page.items for page in job.document.pages]
    if job.format.startswith("booklet"):
        halves = [(item,) for sheet in pages for item in sheet]  # two pages per side
        order = [number for side in saddle_stitch_order(len(halves)) for number in side]
        pages = [halves[order.index(number)] for number in range(1, len(halves) + 1)]
    return ["".join(d.item.text for d in flatten(items) if isinstance(d.item, Text))
            for items in pages]


def drawn_text(job: Job) -> str:
    return "".join(drawn_pages(job))


def listed_text(job: Job) -> str:
    """What a job carries besides its drawing: metadata, alt text, captions, text files."""
    parts: list[str] = []
    if job.document is not None:
        parts += [job.document.title, job.document.subject, *job.document.keywords]
    parts += [str(value) for value in job.meta.values()]
    if job.data is not None:
        text = job.data.decode("utf-8-sig")
        if job.path.endswith(".csv"):  # quoted fields: compare the values
            text = "\n".join("\n".join(row) for row in csv.reader(io.StringIO(text)))
        parts.append(text)
    return "\n".join(parts)


# --- the checks --------------------------------------------------------------------------


def safe_mm(job: Job) -> float:
    """How far text keeps from the edges of this job's pages (and of an imposed page)."""
    if job.product == "handreiking" and job.meta.get("edition") in ("print", "booklet"):
        return BOOKLET_SAFE_MM
    return SAFE_MM if job.media == "print" else 0.0


def _overlap(a: Box, b: Box) -> bool:
    return (min(a.right, b.right) - max(a.x, b.x) > TOLERANCE
            and min(a.top, b.top) - max(a.y, b.y) > TOLERANCE)


def _crosses(box: Box, start: tuple[float, float], end: tuple[float, float]) -> bool:
    """True when the segment passes through the inside of box (Liang-Barsky clipping)."""
    inner = box.inset(TOLERANCE)
    if inner.width <= 0 or inner.height <= 0:
        return False
    (x0, y0), (x1, y1) = start, end
    low, high = 0.0, 1.0
    for p, q in ((x0 - x1, x0 - inner.x), (x1 - x0, inner.right - x0),
                 (y0 - y1, y0 - inner.y), (y1 - y0, inner.top - y0)):
        if p == 0:
            if q < 0:
                return False
            continue
        t = q / p
        if p < 0:
            low = max(low, t)
        else:
            high = min(high, t)
    return low < high


def _describe(text: Text, box: Box) -> str:
    return (f"{text.text[:40]!r} ({text.size_pt:g} pt) at x {box.x:.1f}..{box.right:.1f}, "
            f"y {box.y:.1f}..{box.top:.1f}")


def page_problems(job: Job, page: Page) -> list[str]:
    """Every way text on this page escapes, collides or cannot be drawn."""
    safe = mm(safe_mm(job))
    drawn = list(flatten(page.items))
    texts = [d for d in drawn if isinstance(d.item, Text) and d.item.text]
    area = page.trim.inset(safe)
    if job.format == "story":  # the app's interface covers these bands
        bottom, top = (share * page.height for share in STORY_COVERED)
        area = Box(area.x, max(area.y, bottom), area.width, page.height - top - bottom)
    found = []
    for d in texts:
        text, box = d.item, d.box
        where = _describe(text, box)
        if not area.contains(box, TOLERANCE):
            found.append(f"outside the page's safe area {_limits(area)}: {where}")
        if d.clip is not None and not d.clip.inset(safe).contains(box, TOLERANCE):
            found.append(f"cut off (or in the safe zone) by its clip {_limits(d.clip)}: {where}")
        for fold in page.folds:
            low, high = (box.y, box.top) if fold.axis == "h" else (box.x, box.right)
            if low - safe < fold.at < high + safe:
                found.append(f"within {safe_mm(job):g} mm of the fold at {fold.at:.1f}: {where}")
        missing = text.font.missing(text.text)
        controls = [c for c in text.text if unicodedata.category(c) in ("Cc", "Zl", "Zp")]
        if missing or controls:
            found.append(f"characters without a glyph in {text.font.label}: "
                         f"{[*missing, *controls]!r} in {where}")
    visible = [d for d in texts if d.item.text.strip()]
    for index, a in enumerate(visible):
        for b in visible[index + 1:]:
            if _overlap(a.box, b.box):
                found.append(f"overlapping lines: {_describe(a.item, a.box)} and "
                             f"{_describe(b.item, b.box)}")
    for d in drawn:
        if isinstance(d.item, (Picture, Vector, QRCode)):
            for t in visible:
                if _overlap(t.box, d.box):
                    found.append(f"text over a {type(d.item).__name__.lower()} at "
                                 f"{_limits(d.box)}: {_describe(t.item, t.box)}")
        elif isinstance(d.item, Line):
            for t in visible:
                if _crosses(t.box, *d.points):
                    found.append(f"a line from {_point(d.points[0])} to {_point(d.points[1])} "
                                 f"runs through {_describe(t.item, t.box)}")
    return found


def _limits(box: Box) -> str:
    return f"x {box.x:.1f}..{box.right:.1f}, y {box.y:.1f}..{box.top:.1f}"


def _point(point: tuple[float, float]) -> str:
    return f"({point[0]:.1f}, {point[1]:.1f})"


def layout_problems(jobs: list[Job]) -> list[str]:
    """Checks 1-3 and 5 on every page of every job."""
    found = []
    for job in jobs:
        if job.document is None:
            continue
        for number, page in enumerate(job.document.pages, start=1):
            found += [f"{job.path} page {number} ({page.label}): {problem}"
                      for problem in page_problems(job, page)]
    return found
