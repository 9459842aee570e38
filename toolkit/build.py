"""build(): the whole run, top to bottom.

    campaign folder -> validated campaign -> copy + layout per product and region
    -> (stop here on any problem: nothing written) -> render -> write -> manifest
"""

from __future__ import annotations

import datetime
import multiprocessing
from concurrent.futures import ProcessPoolExecutor
import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from toolkit.config import load_campaign
from toolkit.content import CopyRenderer
from PIL import Image

from toolkit.config.model import Campaign
from toolkit.errors import Problem, Problems, ToolkitError, did_you_mean
from toolkit.catalog import PRODUCTS
from toolkit.incremental import (
    CACHE, PUBLISH, Fingerprints, fresh_pairs, key, load_cache, manifest_by_path,
    output_options, publish_fresh, save_cache,
)
from toolkit.outputs import Writer, atomic_write
from toolkit.publish import Published, preview_files, publish
from toolkit.layout.model import Document
from toolkit.products import BuildContext, Job, registry
from toolkit.render.pdf import render_pdf
from toolkit.render.raster import encode, rasterise, shared_palette
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


@dataclass
class BuildResult:
    files: int = 0
    bytes: int = 0
    seconds: float = 0.0
    warnings: list[Problem] = field(default_factory=list)
    entries: list[dict] = field(default_factory=list)


@dataclass(frozen=True)
class Plan:
    campaign: Campaign
    copy: CopyRenderer
    jobs: list[Job]
    warnings: list[Problem]
    templates: dict[tuple[str, str], set[str]]  # what each (region, product) rendered


def prepare(options: BuildOptions) -> Plan:
    """Load, validate and lay out everything; raise ToolkitError listing every problem."""
    campaign, problems = load_campaign(options.root, list(options.regions))
    products = registry()
    wanted = options.only or tuple(products)
    for name in wanted:
        if name not in products:
            problems.error("--only", name, "no such product", did_you_mean(name, tuple(products)))
    problems.raise_if_any()
    copy = CopyRenderer(campaign.templates)
    context = BuildContext(campaign=campaign, copy=copy,
                           print_profile=print_profile(options.bleed_mm, options.crop_marks),
                           problems=problems, year=options.year or datetime.date.today().year)
    jobs: list[Job] = []
    seen: set[str] = set()
    templates: dict[tuple[str, str], set[str]] = {}
    for region in campaign.regions:
        for name in wanted:
            copy.used.clear()
            for job in products[name](region, context):
                templates.setdefault((job.region, job.product), set()).update(copy.used)
                if job.path not in seen:
                    seen.add(job.path)
                    jobs.append(job)
    problems.raise_if_any()
    if options.strict and problems.warnings:
        raise ToolkitError([Problem(w.file, w.field, f"(strict) {w.message}", w.fix)
                            for w in problems.warnings])
    return Plan(campaign, copy, jobs, problems.warnings, templates)


def plan(options: BuildOptions) -> tuple[list[Job], list[Problem]]:
    """The jobs a build would render, and its warnings (for checks and tests)."""
    prepared = prepare(options)
    return prepared.jobs, prepared.warnings


RASTER_BATCH = 40  # pages rasterised from one PDF: fonts embedded once, memory bounded


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
    RGB image by path, for its preview).

    Images are drawn as pages of one PDF per batch (fonts subset once, not per image),
    then rasterised page by page; a design's formats share one palette.
    """
    results: dict[int, bytes] = {}
    for batch in _batches(jobs):
        pages = tuple(page for index in batch for page in jobs[index].document.pages)
        first = jobs[batch[0]].document
        combined = Document(first.title, first.subject, pages, first.author)
        images = dict(zip(batch, rasterise(combined, [jobs[index].size_px for index in batch])))
        for family in _families(jobs, batch):
            palette = shared_palette([images[index] for index in family])
            for index in family:
                results[index] = encode(images[index], jobs[index].kind, palette)
                if images_out is not None:
                    images_out[jobs[index].path] = images[index]
    for index, job in enumerate(jobs):
        if job.data is not None:
            results[index] = job.data
        elif index not in results:
            assert job.document is not None and job.profile is not None
            results[index] = render_pdf(job.document, job.profile)
    return [results[index] for index in range(len(jobs))]


@dataclass
class Part:
    """What one worker hands back: rendered files and previews, or the problems found."""

    regions: tuple[str, ...]
    files: list[tuple[str, dict, bytes]] = field(default_factory=list)
    previews: list[tuple[str, dict, bytes]] = field(default_factory=list)
    first_previews: dict[str, Image.Image] = field(default_factory=dict)
    rebuilt: set[tuple[str, str]] = field(default_factory=set)
    templates: dict[tuple[str, str], set[str]] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)
    errors: list[Problem] = field(default_factory=list)


def render_part(options: BuildOptions) -> Part:
    """Lay out, render and preview options.regions (a worker's share of the build)."""
    part = Part(options.regions)
    try:
        prepared = prepare(options)
    except ToolkitError as error:
        part.errors = error.problems
        return part
    part.warnings = prepared.warnings
    if options.check_only:
        return part
    raster: dict[str, Image.Image] = {}
    rendered = list(zip(prepared.jobs, render_all(prepared.jobs, raster)))
    for job, data in rendered:
        part.files.append((job.path, {"region": job.region, "product": job.product,
                                      "format": job.format, "media": job.media, **job.meta},
                           data))
        part.rebuilt.add((job.region, job.product))
    part.previews, part.first_previews = preview_files(rendered, raster)
    part.templates = prepared.templates
    return part


def _shares(options: BuildOptions, stale: list[tuple[str, str]],
            workers: int) -> list[BuildOptions]:
    """Split the stale (region, product) pairs over the workers: regions that need the same
    products go together, dealt round-robin over the sorted ids (stable)."""
    wanted: dict[str, list[str]] = {}
    for region, product in stale:
        wanted.setdefault(region, []).append(product)
    groups: dict[tuple[str, ...], list[str]] = {}
    for region in sorted(wanted):
        groups.setdefault(tuple(wanted[region]), []).append(region)
    shares = []
    for products, regions in groups.items():
        count = max(1, min(workers, len(regions)))
        shares += [replace(options, regions=tuple(regions[i::count]), only=products)
                   for i in range(count)]
    return shares


def _run(shares: list[BuildOptions], workers: int) -> list[Part]:
    if workers == 1 or len(shares) <= 1:
        return [render_part(share) for share in shares]
    context = multiprocessing.get_context("fork")  # workers inherit the imported modules
    with ProcessPoolExecutor(max_workers=min(workers, len(shares)), mp_context=context) as pool:
        return list(pool.map(render_part, shares))


def build(options: BuildOptions) -> BuildResult:
    """Run a whole build; nothing is written unless every input is good. Pairs of (region,
    product) whose inputs did not change since the last build are not rebuilt."""
    started = time.perf_counter()
    campaign, _problems = load_campaign(options.root, list(options.regions))
    wanted = options.only or PRODUCTS
    pairs = [(region.id, product) for region in campaign.regions for product in wanted]
    fingerprints = Fingerprints(options.root, output_options(
        options.bleed_mm, options.crop_marks, options.year))
    earlier = manifest_by_path(options.out)
    fresh = set() if options.force or options.check_only or options.strict else fresh_pairs(
        options.out, fingerprints, pairs, earlier)
    stale = [pair for pair in pairs if pair not in fresh]
    parts = _run(_shares(options, stale, options.jobs), options.jobs)
    problems = Problems()
    for part in parts:
        problems.absorb(ToolkitError(part.errors))
        for warning in part.warnings:
            problems.warn(warning.file, warning.field, warning.message, warning.fix)
    problems.raise_if_any()
    result = BuildResult(warnings=problems.warnings)
    if options.check_only:
        result.seconds = time.perf_counter() - started
        return result
    rebuilt = set().union(*(part.rebuilt for part in parts))
    writer = Writer(options.out, rebuilt)
    published = Published({}, {})
    for part in parts:
        for path, fields, data in sorted(part.files + part.previews, key=lambda f: f[0]):
            writer.write(path, data, fields)
            published.data[path] = data
        published.previews.update(part.first_previews)
    entries = writer.merged_entries()
    cache = load_cache(options.out)
    if rebuilt or options.force or not publish_fresh(options.out, fingerprints,
                                                    {e["path"]: e for e in entries}):
        # The page lists every region, also those this run did not build.
        everyone = campaign if not options.regions else load_campaign(options.root)[0]
        touched = {region for region, _product in rebuilt} or {r.id for r in campaign.regions}
        publish(everyone, CopyRenderer(campaign.templates),
                tuple(r for r in campaign.regions if r.id in touched), entries, published,
                writer)
        entries = writer.merged_entries()
        _remember(cache, parts, entries, fingerprints)
        writer.finish()
        atomic_write(options.out / CACHE, save_cache(options.out, cache))
    result.entries = writer.entries
    result.files = len(writer.entries)
    result.bytes = sum(entry["bytes"] for entry in writer.entries)
    result.seconds = time.perf_counter() - started
    return result


def _remember(cache: dict, parts: list[Part], entries: list[dict],
              fingerprints: Fingerprints) -> None:
    """Record each rebuilt pair's fingerprint, templates and files, and the publish stage's."""
    paths: dict[tuple[str, str], list[str]] = {}
    for entry in entries:
        pair = (entry.get("region"), entry.get("source", entry.get("product")))
        paths.setdefault(pair, []).append(entry["path"])
    for part in parts:
        for pair in part.rebuilt:
            templates = sorted(part.templates.get(pair, ()))
            cache["pairs"][key(*pair)] = {
                "fingerprint": fingerprints.pair(pair[0], templates), "templates": templates,
                "paths": sorted(paths.get(pair, []))}
    published = [e["path"] for e in entries
                 if e.get("product") in ("pack", "portal", "contactsheet")]
    cache["pairs"][PUBLISH] = {"fingerprint": fingerprints.publish(entries),
                               "paths": sorted(published)}
