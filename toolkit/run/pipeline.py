"""One task's work, below both build() and the workers: prepare() loads, checks and lays
out every (region, product) asked for; render_all() turns the jobs into file bytes.

build() calls these for a --jobs 1 build and the workers for theirs (see
toolkit.run.workers), so every file is made by the same code, whatever the number of
processes.
"""

from __future__ import annotations

import difflib
from dataclasses import dataclass
from pathlib import Path

from PIL import Image

from toolkit.config import load_campaign
from toolkit.config.content import CopyRenderer
from toolkit.config.messages import _, did_you_mean
from toolkit.config.model import Campaign, Region
from toolkit.errors import Problem, Problems, TextDoesNotFit, ToolkitError
from toolkit.layout.model import Document
from toolkit.products import BuildContext, Job, registry
from toolkit.products.common import check_print_quantities
from toolkit.products.schedule import default_year
from toolkit.render.profiles import print_profile


@dataclass(frozen=True)
class BuildOptions:
    root: Path
    out: Path
    regions: tuple[str, ...] = ()
    only: tuple[str, ...] = ()
    bleed_mm: float = 3.0
    crop_marks: bool = True
    check_only: bool = False
    strict: bool = False
    year: int | None = None
    jobs: int = 1  # worker processes
    force: bool = False  # rebuild everything, whatever the cache says
    progress: bool = False  # a progress bar (terminal) or lines (log) on stderr
    shard: tuple[int, int] | None = None  # (k, n): build the k-th of n stable parts
    items: tuple[str, ...] = ()  # only these files (name, stem or path as in the manifest)


@dataclass(frozen=True)
class Plan:
    campaign: Campaign
    copy: CopyRenderer
    jobs: list[Job]
    warnings: list[Problem]
    templates: dict[tuple[str, str], set[str]]  # what each (region, product) rendered
    # the warnings about each (region, product)'s inputs: kept with its cache entry, so
    # a build that takes its files from the cache says them again
    pair_warnings: dict[tuple[str, str], list[Problem]]


def prepare(options: BuildOptions) -> Plan:
    """Load, validate and lay out everything; raise ToolkitError listing every problem."""
    campaign, problems = load_campaign(options.root, list(options.regions))
    products = registry()
    wanted = options.only or tuple(products)
    for name in wanted:
        if name not in products:
            problems.error("--only", name, _("no such product"),
                           did_you_mean(name, tuple(products)))
    problems.raise_if_any()
    copy = CopyRenderer(campaign.templates)
    context = BuildContext(campaign=campaign, copy=copy,
                           print_profile=print_profile(
                               options.bleed_mm, options.crop_marks, campaign.brand.press,
                               (campaign.brand.version, campaign.brand.date)),
                           problems=problems, year=options.year or default_year())
    jobs: list[Job] = []
    seen: set[str] = set()
    templates: dict[tuple[str, str], set[str]] = {}
    loaded = list(problems.warnings)  # the brand's and the region's own
    pair_warnings: dict[tuple[str, str], list[Problem]] = {}
    for region in campaign.regions:
        count = len(problems.errors)
        region_jobs: list[Job] = []
        for name in wanted:
            copy.used.clear()
            earlier, problems.warnings = problems.warnings, []
            made = {name}
            for job in products[name](region, context):
                made.add(job.product)
                templates.setdefault((job.region, job.product), set()).update(copy.used)
                region_jobs.append(job)
                if job.path not in seen:
                    seen.add(job.path)
                    jobs.append(job)
            for product in made:
                pair_warnings[(region.id, product)] = loaded + problems.warnings
            problems.warnings = earlier + [w for w in problems.warnings if w not in earlier]
        # all of the region's print files are known (none was stopped by an error)
        if set(wanted) == set(products) and len(problems.errors) == count:
            check_print_quantities(region, [(job.media, job.path) for job in region_jobs],
                                   problems)
        blame_region(region, copy, problems, count)
    if options.items:
        jobs = _only_items(jobs, options.items, problems)
    problems.raise_if_any()
    if options.strict and problems.warnings:
        raise ToolkitError([Problem(w.file, w.field, _("(strict) {message}",
                                                       message=w.message), w.fix)
                            for w in problems.warnings])
    return Plan(campaign, copy, jobs, problems.warnings, templates, pair_warnings)


def item_names(path: str) -> tuple[str, str, str]:
    """The names an item answers to: its path, its file name, and its file name's stem."""
    name = path.rsplit("/", 1)[-1]
    return path, name, name.rsplit(".", 1)[0]


def _only_items(jobs: list[Job], items: tuple[str, ...], problems: Problems) -> list[Job]:
    """The jobs named by --item; a problem, listing close names, for a name none has."""
    chosen = [job for job in jobs if set(item_names(job.path)) & set(items)]
    known = sorted({item_names(job.path)[2] for job in jobs})
    for item in items:
        if not any(item in item_names(job.path) for job in jobs):
            close = difflib.get_close_matches(item, known, n=5, cutoff=0.5)
            problems.error("--item", item, _("no such item"), _(
                "close names: {names}", names=", ".join(close)) if close else _(
                "the names are the files' names in manifest.json, like poster-buren-A4"))
    return chosen


def products_for_items(items: tuple[str, ...], products: tuple[str, ...]) -> tuple[str, ...]:
    """The products whose files the items name (a file name starts with its product's
    name; a social image starts with its design's)."""
    return tuple(sorted({next((p for p in products if item_names(item)[2].startswith(
        f"{p}-")), "social") for item in items}))


BLAME_SHARE = 3  # a value that is a third of a block's text or more is why it is long
BLAME_MIN_CHARS = 20


def _region_values(region: Region) -> list[tuple[str, str]]:
    """(key, value) of the region's printed settings, keyed as its file names them."""
    row = "" if region.file.endswith("region.toml") else f"{region.partners[0].field}: "
    values = [("name", region.name), ("contact", region.contact),
              ("credits.partners_label", region.partners_label),
              ("credits.funding", region.funding)]
    values += [(f"municipalities[{index}]", name)
               for index, name in enumerate(region.municipalities)]
    return [(row + key, value) for key, value in values if value]


def blame_region(region: Region, copy: CopyRenderer, problems: Problems, start: int) -> None:
    """For each block that does not fit (problems after start) because of a long value
    from region.toml or the region table, a problem against that key too."""
    for problem in list(problems.errors[start:]):
        text = copy.text_of(problem.file, problem.field.split(",")[0].split(" + ")[0])
        if problem.kind != TextDoesNotFit.KIND or not text:
            continue
        for key, value in _region_values(region):
            if value in text and len(value) >= max(BLAME_MIN_CHARS, len(text) // BLAME_SHARE):
                problems.error(region.file, key, _(
                    "is too long for {file}: {block} ({length} characters; the text does "
                    "not fit even at its smallest size)", file=problem.file,
                    block=problem.field, length=len(value)), _("shorten it"))


RASTER_BATCH = 40  # pages rasterised from one PDF: fonts embedded once, memory bounded
THUMBNAIL_PALETTE_REDUCE = 2  # the thumbnails are 400 px wide: at 200 px, as good a palette


def _families(jobs: list[Job], indices) -> list[list[int]]:
    """Raster jobs grouped by family (one design of one region, every format), in order."""
    families: dict[str, list[int]] = {}
    for index in indices:
        job = jobs[index]
        if job.kind in ("png", "jpeg"):
            families.setdefault(f"{job.region}/{job.meta.get('design', job.path)}",
                                []).append(index)
    return list(families.values())


def _batches(jobs: list[Job]) -> list[list[int]]:
    """Whole families per batch, about RASTER_BATCH pages each."""
    batches: list[list[int]] = [[]]
    for family in _families(jobs, range(len(jobs))):
        if len(batches[-1]) >= RASTER_BATCH:
            batches.append([])
        batches[-1].extend(family)
    return [batch for batch in batches if batch]


def render_all(jobs: list[Job], images_out: dict[str, Image.Image] | None = None
               ) -> list[bytes]:
    """Return the bytes of every job's file, in order (and, if asked, each raster job's
    thumbnail by path, for its preview: mapped to its family's palette, a byte a pixel).

    Images are drawn as pages of one PDF per batch (fonts subset once, not per image),
    then rasterised page by page; a design's formats share one palette.
    """
    # Imported here: a rebuild with nothing to render never loads reportlab's canvas,
    # pikepdf or pdfium (a third of a no-change rebuild's time).
    from toolkit.render.pdf import render_pdf
    from toolkit.render.preview import PREVIEW_WIDTH_PX
    from toolkit.render.profiles import SCREEN
    from toolkit.render.raster import encode, iter_pages, shared_palette, to_palette

    results: dict[int, bytes] = {}
    for batch in _batches(jobs):
        pages = tuple(page for index in batch for page in jobs[index].document.pages)
        first = jobs[batch[0]].document
        combined = Document(first.title, first.subject, pages, first.author)
        pages_out = iter_pages(render_pdf(combined, SCREEN, finish=False),
                               [jobs[index].size_px for index in batch],
                               thumbnail_width_px=PREVIEW_WIDTH_PX if images_out is not None
                               else 0)
        for family in _families(jobs, batch):  # a family's pages follow each other
            drawn = [next(pages_out) for _index in family]  # one family in memory at once
            # The palette is learnt from the thumbnails (drawn anyway, at a third of the
            # size) at half their size: 3x cheaper than shrinking the full images, 1 % more
            # bytes (measured over the default social set).
            palette = (shared_palette([thumbnail for _image, thumbnail in drawn],
                                      THUMBNAIL_PALETTE_REDUCE) if images_out is not None
                       else shared_palette([image for image, _thumbnail in drawn]))
            for index, (image, thumbnail) in zip(family, drawn):
                results[index] = encode(image, jobs[index].kind, palette)
                if images_out is not None:  # memory: a byte a pixel, one family at a time
                    images_out[jobs[index].path] = to_palette(thumbnail, palette)
    for index, job in enumerate(jobs):
        if job.data is not None:
            results[index] = job.data
        elif index not in results:
            assert job.document is not None and job.profile is not None
            results[index] = render_pdf(job.document, job.profile)
    return [results[index] for index in range(len(jobs))]
