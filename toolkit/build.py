"""build(): the whole run, top to bottom.

    campaign folder -> validated campaign -> copy + layout per product and region
    -> (stop here on any problem: nothing written) -> render -> write -> manifest
"""

from __future__ import annotations

import datetime
import time
from dataclasses import dataclass, field
from pathlib import Path

from toolkit.config import load_campaign
from toolkit.content import CopyRenderer
from toolkit.config.model import Campaign
from toolkit.errors import Problem, ToolkitError, did_you_mean
from toolkit.outputs import Writer
from toolkit.publish import previews, publish
from toolkit.layout.model import Document
from toolkit.products import BuildContext, Job, registry
from toolkit.render.pdf import render_pdf
from toolkit.render.raster import encode, rasterise
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
    for region in campaign.regions:
        for name in wanted:
            for job in products[name](region, context):
                if job.path not in seen:
                    seen.add(job.path)
                    jobs.append(job)
    problems.raise_if_any()
    if options.strict and problems.warnings:
        raise ToolkitError([Problem(w.file, w.field, f"(strict) {w.message}", w.fix)
                            for w in problems.warnings])
    return Plan(campaign, copy, jobs, problems.warnings)


def plan(options: BuildOptions) -> tuple[list[Job], list[Problem]]:
    """The jobs a build would render, and its warnings (for checks and tests)."""
    prepared = prepare(options)
    return prepared.jobs, prepared.warnings


RASTER_BATCH = 40  # pages rasterised from one PDF: fonts embedded once, memory bounded


def render_all(jobs: list[Job]) -> list[bytes]:
    """Return the bytes of every job's file, in order.

    Images are drawn as pages of one PDF per batch (fonts subset once, not per image),
    then rasterised page by page.
    """
    results: dict[int, bytes] = {}
    raster = [index for index, job in enumerate(jobs) if job.kind in ("png", "jpeg")]
    for start in range(0, len(raster), RASTER_BATCH):
        batch = raster[start:start + RASTER_BATCH]
        pages = tuple(page for index in batch for page in jobs[index].document.pages)
        first = jobs[batch[0]].document
        combined = Document(first.title, first.subject, pages, first.author)
        images = rasterise(combined, [jobs[index].size_px for index in batch])
        for index, image in zip(batch, images):
            results[index] = encode(image, jobs[index].kind)
    for index, job in enumerate(jobs):
        if job.data is not None:
            results[index] = job.data
        elif index not in results:
            assert job.document is not None and job.profile is not None
            results[index] = render_pdf(job.document, job.profile)
    return [results[index] for index in range(len(jobs))]


def build(options: BuildOptions) -> BuildResult:
    """Run a whole build; nothing is written unless every input is good."""
    started = time.perf_counter()
    prepared = prepare(options)
    jobs = prepared.jobs
    result = BuildResult(warnings=prepared.warnings)
    if options.check_only:
        result.seconds = time.perf_counter() - started
        return result
    rendered = list(zip(jobs, render_all(jobs)))
    writer = Writer(options.out, {(job.region, job.product) for job in jobs})
    for job, data in rendered:
        fields = {"region": job.region, "product": job.product, "format": job.format,
                  "media": job.media, **job.meta}
        writer.write(job.path, data, fields)
    published = previews(rendered, writer)
    # The page lists every region, also those this run did not build.
    everyone = prepared.campaign if not options.regions else load_campaign(options.root)[0]
    publish(everyone, prepared.copy, prepared.campaign.regions, writer.merged_entries(),
            published, writer)
    writer.finish()
    result.entries = writer.entries
    result.files = len(writer.entries)
    result.bytes = sum(entry["bytes"] for entry in writer.entries)
    result.seconds = time.perf_counter() - started
    return result
