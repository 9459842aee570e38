"""Text slots as the property tests see them: every block of every template a product
renders, where each ends up, a way to put any text into one block through the real
pipeline, and what must then hold of the text: whole where it is used, or an error naming
the block (the checks of the pages themselves are in pagecheck.py).

The text goes in at the template: the block's compiled jinja function is swapped for one
that yields the text, so content.py cleans and validates it exactly as it would a
coordinator's copy, and the product lays it out as in a build (layout only, no PDF).
"""

from __future__ import annotations

import fnmatch
import re
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from functools import cache
from itertools import chain

from tests.conftest import ROOT
from tests.pagecheck import drawn_pages, drawn_text, listed_text
from toolkit.config import load_campaign
from toolkit.config.content import CopyRenderer, clean, clean_lines
from toolkit.config.markup import Callout, Heading, ListBlock, Paragraph, Table, inline, parse
from toolkit.config.model import Campaign, Region
from toolkit.errors import Problem, Problems, ToolkitError
from toolkit.products import BuildContext, Job, registry
from toolkit.render.profiles import print_profile

REGIONS = ("maasdal", "midden-limburg")  # their partner rows differ (3 and 8 partners)
YEAR = 2025
IGNORED = re.compile(r"[\s\-\u00ad]")  # line breaks and hyphenation add or drop these
SENTINEL = "Zqx{}Z"  # a word no template holds; short, so never hyphenated or split


# --- the campaign, once ------------------------------------------------------------------


@cache
def campaign() -> Campaign:
    loaded, problems = load_campaign(ROOT, list(REGIONS))
    assert not problems.errors, problems.errors
    return loaded


def region(region_id: str) -> Region:
    return next(r for r in campaign().regions if r.id == region_id)


class SpyRenderer(CopyRenderer):
    """The real renderer, noting which blocks each template keeps as markup (raw) and,
    while rendered is a dict, every text each block rendered to (the default campaign's
    check)."""

    def __init__(self, templates):
        super().__init__(templates)
        self.raw: dict[str, set[str]] = {}
        self.rendered: dict[tuple[str, str], set[str]] | None = None

    def render(self, name, context, raw=(), markup=()):
        self.raw.setdefault(name, set()).update(raw)
        copy = super().render(name, context, raw, markup)
        if self.rendered is not None:
            for block, text in copy.blocks.items():  # by the template it is written in
                written = copy.file_of(block).removeprefix("templates/")
                self.rendered.setdefault((written, block), set()).add(text)
        return copy


@cache
def renderer() -> SpyRenderer:
    """One renderer for the whole module: templates compiled once, fonts loaded once."""
    return SpyRenderer(campaign().templates)


# --- putting a text into a block ---------------------------------------------------------

Edit = Callable[[Callable], Callable]  # original block function -> replacement


def replace_with(text: str) -> Edit:
    return lambda _original: (lambda _context: iter((text,)))


def append(text: str) -> Edit:
    return lambda original: (lambda context: chain(original(context), (text,)))


@contextmanager
def injected(edits: dict[tuple[str, str], Edit]) -> Iterator[None]:
    """Swap the compiled functions of (template, block) for the edited ones, then restore."""
    environment = renderer().environment
    saved = []
    try:
        for (name, block), edit in edits.items():
            template = environment.get_template(name)
            saved.append((template, block, template.blocks[block]))
            template.blocks[block] = edit(template.blocks[block])
        yield
    finally:
        for template, block, original in reversed(saved):
            template.blocks[block] = original


@dataclass
class Built:
    jobs: list[Job] | None
    error: ToolkitError | None
    warnings: list[Problem]


def build(product: str, region_id: str, edits: dict[tuple[str, str], Edit] | None = None
          ) -> Built:
    """Lay out one product for one region as build.prepare() does; errors are returned."""
    copy = renderer()
    context = BuildContext(campaign=campaign(), copy=copy, print_profile=print_profile(),
                           problems=Problems(), year=YEAR)
    copy.used.clear()
    with injected(edits or {}):
        try:
            jobs = registry()[product](region(region_id), context)
            context.problems.raise_if_any()
        except ToolkitError as error:
            return Built(None, error, context.problems.warnings)
    return Built(jobs, None, context.problems.warnings)


# --- which blocks there are, and where each is drawn -------------------------------------


@dataclass(frozen=True)
class Slot:
    template: str
    block: str
    markup: bool  # written in the handreiking's markup (kept line by line)
    drawn: dict[str, frozenset[str]]  # region -> paths of the jobs that draw it
    listed: dict[str, frozenset[str]]  # region -> paths of jobs that carry it undrawn
    setup: tuple[tuple[str, str], ...] = ()  # markup blocks to lengthen so it is drawn

    @property
    def file(self) -> str:
        return f"templates/{self.template}"

    def __repr__(self) -> str:  # what hypothesis prints for a falsifying example
        return f"{self.template}:{self.block}"


EXTRA_CHAPTER = "\n\n# Zqx extra\n\nZqx extra."  # one page more: the print edition's
# notes pages (padding to a multiple of four) appear only for some page counts


def _runs(names: dict[str, list[str]], raw: dict[str, set[str]]):
    """Per template: edits that put a sentinel in each of its blocks (markup blocks get one
    appended), the other templates as written (one template's text may pass through
    another's: a caption through the caption frame); then the variants with one markup
    block a chapter longer."""
    for name, blocks in names.items():
        sentinels = {(name, block): SENTINEL.format(_letters(index))
                     for index, block in enumerate(blocks)}
        markup = [key for key in sentinels if key[1] in raw.get(name, ())]

        def edits(longer: tuple[str, str] | None, sentinels=sentinels, markup=markup) -> dict:
            result = {}
            for key, word in sentinels.items():
                if key == longer:
                    result[key] = append(EXTRA_CHAPTER)  # as setup_edits() lengthens it
                elif key in markup:
                    result[key] = append(f"\n\n{word}")
                else:
                    result[key] = replace_with(word)
            return result
        yield None, edits(None), sentinels
        for key in markup:
            yield key, edits(key), sentinels


def _letters(number: int) -> str:
    letters = ""
    while True:
        number, rest = divmod(number, 26)
        letters += chr(ord("a") + rest)
        if not number:
            return letters


@cache
def slots(product: str) -> tuple[Slot, ...]:
    """Every block of every template the product renders, with where it ends up."""
    environment = renderer().environment
    found: dict[tuple[str, str], dict] = {}
    for region_id in REGIONS:
        default = build(product, region_id)
        assert default.error is None, f"the default campaign fails: {default.error}"
        names = {name: list(environment.get_template(name).blocks)
                 for name in sorted(renderer().used)}
        for longer, edits, sentinels in _runs(names, renderer().raw):
            result = build(product, region_id, edits)
            if result.error is not None:
                assert longer is not None, f"sentinels do not build: {result.error}"
                continue  # a markup block that cannot grow (the colophon: one page)
            for key, word in sentinels.items():
                entry = found.setdefault(key, {"drawn": {}, "listed": {}, "setup": set()})
                drawn = {job.path for job in result.jobs if word in drawn_text(job)}
                listed = {job.path for job in result.jobs if word in listed_text(job)}
                if longer is None:
                    entry["drawn"][region_id] = drawn
                    entry["listed"][region_id] = listed - drawn
                elif drawn and not entry["drawn"][region_id]:
                    entry["setup"].add(longer)  # drawn only when that block is longer
                    entry["drawn"][region_id] = drawn
    raw = renderer().raw
    return tuple(Slot(name, block, block in raw.get(name, ()),
                      {r: frozenset(p) for r, p in entry["drawn"].items() if p},
                      {r: frozenset(p) for r, p in entry["listed"].items() if p},
                      tuple(sorted(entry["setup"])))
                 for (name, block), entry in sorted(found.items()))


def used_slots(product: str) -> tuple[Slot, ...]:
    """The slots whose text ends up somewhere in this product's files."""
    return tuple(slot for slot in slots(product) if slot.drawn or slot.listed)


def setup_edits(slot: Slot) -> dict[tuple[str, str], Edit]:
    return {key: append(EXTRA_CHAPTER) for key in slot.setup}


# --- the text arrives whole, errors name the block ------------------------------------


def folded(text: str) -> str:
    """Text as compared: without whitespace, hyphens and soft hyphens."""
    return IGNORED.sub("", text)


def visible_markup(source: str, file: str, block: str) -> str:
    """The text a reader sees of markup source: headings, paragraphs, items, cells."""
    spans = []
    for part in parse(source, file, block):
        if isinstance(part, Heading):
            spans.append(part.text)
        elif isinstance(part, Paragraph):
            spans += [span.text for span in part.spans]
        elif isinstance(part, ListBlock):
            spans += [span.text for item in part.items for span in item]
        elif isinstance(part, Callout):
            spans += [span.text for paragraph in part.paragraphs for span in paragraph]
        elif isinstance(part, Table):
            for row in ((part.header,) if part.header else ()) + part.rows:
                spans += [span.text for cell in row for paragraph in cell for span in paragraph]
    return "".join(spans)


def _subsequence(needle: str, pages: list[str]) -> bool:
    rest = iter("".join(pages))
    return all(char in rest for char in needle)


def _runs_on(needle: str, pages: list[str]) -> bool:
    """True when needle stands whole on a page, or runs on from a page to the next ones
    (running text: a page's footer comes between)."""
    if not needle:
        return True
    for start in range(len(pages)):
        rest = needle
        for page in pages[start:]:
            taken = _longest_prefix(rest, page)
            if taken == len(rest):
                return True
            if taken == 0:
                break
            rest = rest[taken:]
    return False


def _longest_prefix(text: str, page: str) -> int:
    """The length of the longest start of text found in page (binary search: a start is
    found whenever a longer one is)."""
    low, high = 0, min(len(text), len(page))
    while low < high:
        middle = (low + high + 1) // 2
        if text[:middle] in page:
            low = middle
        else:
            high = middle - 1
    return low


def shown(slot: Slot, cleaned: str, pages: list[str]) -> bool:
    """True when a block's (cleaned) text is drawn whole on the folded pages: a plain
    block's text as written or read as inline markup (the sociale kaart's notes), in one
    piece or running on over pages; markup's every line in order (between contents,
    chapter numbers and footers)."""
    if slot.markup:
        return _subsequence(folded(visible_markup(cleaned, slot.file, slot.block)), pages)
    forms = {folded(cleaned), folded("".join(span.text for span in inline(cleaned)))}
    return any(_runs_on(form, pages) for form in forms)


def cut_problems(slot: Slot, region_id: str, text: str, jobs: list[Job]) -> list[str]:
    """Check 4: the injected text arrives whole, in order, wherever the slot is used."""
    by_path = {job.path: job for job in jobs}
    cleaned = clean_lines(text) if slot.markup else clean(text)
    found = []
    for path in sorted(slot.drawn.get(region_id, ())):
        assert path in by_path, f"{path} no longer made"
        if not shown(slot, cleaned, [folded(page) for page in drawn_pages(by_path[path])]):
            found.append(f"{path}: the text of {slot!r} is not drawn whole: "
                         f"{folded(cleaned)[:80]!r}")
    for path in sorted(slot.listed.get(region_id, ())):
        if not shown(slot, cleaned, [folded(listed_text(by_path[path]))]):
            found.append(f"{path}: the text of {slot!r} is not carried whole: "
                         f"{folded(cleaned)[:80]!r}")
    return found


def names_the_slot(problem: Problem, slot: Slot) -> bool:
    """The problem points at the template file and the block: 'body, line 12' (markup),
    'begrip_headline + begrip_body' (judged together), 'kindcheck_step_*' (a pattern)."""
    named = problem.field.split(",")[0].split(" + ")
    return (problem.file == slot.file
            and any(fnmatch.fnmatchcase(slot.block, name) for name in named)
            and bool(problem.message.strip()) and bool(problem.fix.strip()))
