"""Imposition: pages of a saddle-stitched booklet placed two-up on sheets, and a page
fitted to office paper. Pure.

Order (../shared/SPECS.md): for n pages (n a multiple of 4), sheet k holds pages
(n-2k+2, 2k-1) on its front and (2k, n-2k+1) on its back. Printed duplex (flip on the
short edge), stacked, folded and stapled, the sheets give the booklet in reading order.
"""

from __future__ import annotations

from dataclasses import replace

from toolkit.layout.model import Anchor, Group, Item, Link, Page, Rect

PAGES_PER_SHEET = 4


def saddle_stitch_order(count: int) -> list[tuple[int, int]]:
    """Return (left, right) page numbers (1-based) of each sheet side, front then back."""
    if count <= 0 or count % PAGES_PER_SHEET:
        raise ValueError(f"a saddle-stitched booklet needs a multiple of 4 pages, not {count}")
    sides = []
    for k in range(1, count // PAGES_PER_SHEET + 1):
        sides.append((count - 2 * k + 2, 2 * k - 1))
        sides.append((2 * k, count - 2 * k + 1))
    return sides


def _paper_only(items: tuple[Item, ...]) -> tuple[Item, ...]:
    """Drop what only a screen uses (links, bookmarks); keep everything that prints."""
    kept: list[Item] = []
    for item in items:
        if isinstance(item, (Link, Anchor)):
            continue
        if isinstance(item, Group):
            item = replace(item, items=_paper_only(item.items))
        kept.append(item)
    return tuple(kept)


def _placed(page: Page, x: float, y: float) -> Group:
    """One page as a group on the sheet, clipped to its trim (no bleed on office paper)."""
    background = (Rect(page.trim, page.background),) if page.background is not None else ()
    return Group((*background, *_paper_only(page.items)), offset_x=x, offset_y=y,
                 clip=page.trim)


def impose_two_up(pages: tuple[Page, ...], sheet_width: float, sheet_height: float,
                  label: str) -> tuple[Page, ...]:
    """Place pages two-up, side by side and centred, on sheets in saddle-stitch order."""
    page_w, page_h = pages[0].width, pages[0].height
    if 2 * page_w > sheet_width + 1e-6 or page_h > sheet_height + 1e-6:
        raise ValueError("two pages do not fit side by side on the sheet")
    left_x = (sheet_width - 2 * page_w) / 2
    y = (sheet_height - page_h) / 2
    sheets = []
    for index, (left, right) in enumerate(saddle_stitch_order(len(pages))):
        side = "front" if index % 2 == 0 else "back"
        sheets.append(Page(sheet_width, sheet_height, (
            _placed(pages[left - 1], left_x, y), _placed(pages[right - 1], left_x + page_w, y)),
            label=f"{label} sheet {index // 2 + 1} {side}: pages {left}|{right}"))
    return tuple(sheets)


def fit_to_paper(page: Page, paper_width: float, paper_height: float, margin: float,
                 label: str) -> Page:
    """An office edition of page: the page is the paper. The page's trim (no bleed) is
    scaled down to fit inside the paper less margin on every side (the printer's
    unprintable edge) and centred; the paper around it stays blank."""
    scale = min(1.0, (paper_width - 2 * margin) / page.width,
                (paper_height - 2 * margin) / page.height)
    x = (paper_width - page.width * scale) / 2
    y = (paper_height - page.height * scale) / 2
    background = (Rect(page.trim, page.background),) if page.background is not None else ()
    return Page(paper_width, paper_height, (Group(
        (*background, *_paper_only(page.items)), offset_x=x, offset_y=y, clip=page.trim,
        scale=scale),), label=label)
