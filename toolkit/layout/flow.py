"""Flowing a long text over pages: chunks in, pages of items out. Pure.

A product turns its blocks into chunks: a line of a paragraph, a heading, a table row, a
call-out box. Each chunk knows its height, the space it wants above it (dropped at the top
of a page) and how to draw itself at a given place. Pagination then keeps together what
belongs together:

- keep_with_next joins a chunk to the next: a heading to the first lines of its text, the
  first line of a paragraph to the second (no orphan) and the last line to the one before
  (no widow);
- page_break_before starts a new page (a chapter);
- repeat: a table row that opens a page brings its table's header along.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Callable

from toolkit.layout.model import Box, Item

Draw = Callable[[float, float], tuple[Item, ...]]  # (left x, top y) -> items


@dataclass(frozen=True)
class Chunk:
    height: float
    draw: Draw
    space_before: float = 0.0
    keep_with_next: bool = False
    page_break_before: bool = False
    repeat: "Chunk | None" = None


def keep_lines(draws: list[Draw], line_height: float, space_before: float,
               keep_last_with_next: bool = False) -> list[Chunk]:
    """One chunk per line of a paragraph, with its widow and orphan rules: the first two
    and the last two lines stay together (a paragraph of up to four lines never splits
    into a single line and the rest)."""
    count = len(draws)
    chunks = []
    for index, draw in enumerate(draws):
        keep = index == 0 or index == count - 2 or (index == count - 1 and keep_last_with_next)
        chunks.append(Chunk(line_height, draw, space_before if index == 0 else 0.0,
                            keep_with_next=keep and (index < count - 1 or keep_last_with_next)))
    return chunks


def _groups(chunks: list[Chunk]) -> list[list[Chunk]]:
    groups: list[list[Chunk]] = []
    joined = False
    for chunk in chunks:
        if joined and not chunk.page_break_before:
            groups[-1].append(chunk)
        else:
            groups.append([chunk])
        joined = chunk.keep_with_next
    return groups


def _height(group: list[Chunk], at_top: bool) -> float:
    return sum(chunk.height + (0.0 if at_top and i == 0 else chunk.space_before)
               for i, chunk in enumerate(group))


class Paginator:
    """Places chunks on pages whose text frame frame_for(page number) gives."""

    def __init__(self, frame_for: Callable[[int], Box], first_page: int):
        self.frame_for = frame_for
        self.first_page = first_page
        self.pages: list[list[Item]] = []
        self.cursor = 0.0  # distance from the frame's top already used
        self._new_page()

    def _new_page(self) -> None:
        self.pages.append([])
        self.cursor = 0.0

    @property
    def frame(self) -> Box:
        return self.frame_for(self.first_page + len(self.pages) - 1)

    @property
    def at_top(self) -> bool:
        return not self.pages[-1]

    def _fits(self, height: float) -> bool:
        return self.cursor + height <= self.frame.height + 1e-6

    def _place(self, chunk: Chunk) -> None:
        if not self.at_top:
            self.cursor += chunk.space_before
        self.pages[-1].extend(chunk.draw(self.frame.x, self.frame.top - self.cursor))
        self.cursor += chunk.height

    def _open_page(self, first: Chunk) -> None:
        self._new_page()
        if first.repeat is not None:
            self._place(first.repeat)

    def add(self, chunks: list[Chunk]) -> list[list[Item]]:
        for group in _groups(chunks):
            self._add_group(group)
        return self.pages

    def _add_group(self, group: list[Chunk]) -> None:
        if group[0].page_break_before and not self.at_top:
            self._new_page()
        if not self._fits(_height(group, self.at_top)) and not self.at_top:
            self._open_page(group[0])
        # A group taller than a page (a very long table cell, say) breaks where it must.
        for chunk in group:
            if not self._fits(self._needs(chunk)):
                if self.at_top:
                    raise ChunkTooTall(chunk.height, self.frame.height)
                self._open_page(chunk)
                if not self._fits(self._needs(chunk)):  # the repeated header took the room
                    raise ChunkTooTall(self.cursor + self._needs(chunk), self.frame.height)
            self._place(chunk)

    def _needs(self, chunk: Chunk) -> float:
        return chunk.height + (0.0 if self.at_top else chunk.space_before)


class ChunkTooTall(Exception):
    """A single chunk (a table row, a call-out) is taller than a page's text frame."""

    def __init__(self, height: float, room: float):
        super().__init__(f"{height:.0f} pt tall, the page has room for {room:.0f} pt")
        self.height = height
        self.room = room
