"""Spreading a build over processes: one task per region (and set of stale products),
handed to a pool of N workers; results stream back as they finish, so the parent holds
one region's files at a time whatever the number of regions.

Workers are forked: they inherit the imported modules, and keep their fonts, logos and
compiled templates between tasks. Every task is laid out and rendered by the same code as
a --jobs 1 build, so the bytes are the same.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import resource
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field, replace
from typing import Iterator

from toolkit.config.messages import N_, _
from toolkit.errors import Problem, ToolkitError

# The address space of one worker. A worker of the default campaign peaks near 300 MB
# (VmPeak, measured), a 342-region run near 500 MB: 2 GiB leaves room for any legal
# input, while a runaway allocation ends as a MemoryError (reported as a bad input naming
# the block or region) instead of a swapping machine or the kernel's OOM killer.
MAX_WORKER_BYTES = 2 * 1024**3
MEMORY_FIX = N_("shorten or simplify the input named; a region's materials need far less "
                "memory")


def limit_memory(limit: int = MAX_WORKER_BYTES) -> None:
    """Cap this process's address space (the pool's initializer for every worker)."""
    _soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    if hard == resource.RLIM_INFINITY or hard > limit:
        resource.setrlimit(resource.RLIMIT_AS, (limit, hard))


# glibc keeps freed image-sized buffers in the heap: a worker's resident memory climbed by
# 100-200 MB it no longer used. malloc_trim before each task hands it back. (A fixed
# mmap threshold kept it lower still, but cost 2.5 s of page faults per region: measured.)
def _libc():
    try:
        libc = ctypes.CDLL(None)  # the running process's own symbols: no file opened
        return libc if hasattr(libc, "malloc_trim") else None
    except OSError:  # not glibc (musl, macOS): nothing to trim
        return None


def release_memory() -> None:
    """Hand the heap's free memory back to the system (glibc), between tasks."""
    libc = _libc()
    if libc is not None:
        libc.malloc_trim(0)


@dataclass
class Part:
    """What one task hands back: rendered files and previews, or the problems found."""

    regions: tuple[str, ...]
    files: list[tuple[str, dict, bytes]] = field(default_factory=list)
    previews: list[tuple[str, dict, bytes]] = field(default_factory=list)
    rebuilt: set[tuple[str, str]] = field(default_factory=set)
    templates: dict[tuple[str, str], set[str]] = field(default_factory=dict)
    warnings: list[Problem] = field(default_factory=list)
    pair_warnings: dict[tuple[str, str], list[Problem]] = field(default_factory=dict)
    errors: list[Problem] = field(default_factory=list)


def render_part(task: tuple) -> Part:
    """Lay out, render and preview options.regions x options.only (one task), then the
    region's contact sheet and pack from these files and the earlier ones that stand. A
    MemoryError (under the workers' limit) is a problem naming the region."""
    options, earlier = task
    release_memory()  # what the task before left behind
    try:
        return _render_part(options, earlier)
    except MemoryError:
        where = ", ".join(options.regions)
        return Part(options.regions, errors=[Problem(
            _("region {name}", name=where), ", ".join(options.only), _(
                "needs more memory than a region's materials may take ({most} GiB)",
                most=MAX_WORKER_BYTES // 1024**3), _(MEMORY_FIX))])


def _render_part(options, earlier: list[dict]) -> Part:
    from PIL import Image

    from toolkit.publish.outputs import entry_for, output_file, read_output
    from toolkit.publish.publish import preview_files, region_files
    from toolkit.run.pipeline import prepare, render_all

    part = Part(options.regions)
    try:
        prepared = prepare(options)
    except ToolkitError as error:
        part.errors = error.problems
        return part
    part.warnings = prepared.warnings
    part.pair_warnings = prepared.pair_warnings
    if options.check_only:
        return part
    raster: dict[str, Image.Image] = {}
    rendered = list(zip(prepared.jobs, render_all(prepared.jobs, raster)))
    for job, data in rendered:
        part.files.append((job.path, {"region": job.region, "product": job.product,
                                      "format": job.format, "media": job.media, **job.meta},
                           data))
        if not options.items:  # one item: the pair's other files stay as they are
            part.rebuilt.add((job.region, job.product))
    part.previews = preview_files(rendered, raster)
    if options.items:
        return part
    part.templates = prepared.templates
    fresh = {path: (fields, data) for path, fields, data in part.files + part.previews}
    entries = [e for e in earlier if e["path"] not in fresh
               and (e.get("region"), e.get("source", e.get("product"))) not in part.rebuilt
               and output_file(options.out, e["path"])]
    entries += [entry_for(path, data, fields) for path, (fields, data) in fresh.items()]

    by_path = {entry["path"]: entry for entry in entries}

    def read(path: str) -> bytes:
        return fresh[path][1] if path in fresh else read_output(options.out, by_path[path])
    try:  # the publishing templates (sheet labels, LEESMIJ) are copy too
        for region in prepared.campaign.regions:
            part.files += region_files(prepared.campaign, prepared.copy, region, entries, read)
    except ToolkitError as error:
        part.errors = error.problems
    return part


def tasks(options, stale: list[tuple[str, str]], earlier: list[dict]) -> list[tuple]:
    """One task per region, with the products stale there and the region's earlier
    manifest entries, in region order (stable)."""
    wanted: dict[str, list[str]] = {}
    for region, product in stale:
        wanted.setdefault(region, []).append(product)
    by_region: dict[str, list[dict]] = {}
    for entry in earlier:
        by_region.setdefault(entry.get("region"), []).append(entry)
    return [(replace(options, regions=(region,), only=tuple(products)),
             by_region.get(region, []))
            for region, products in sorted(wanted.items())]


def run(task_list: list, workers: int) -> Iterator[Part]:
    """Yield each task's Part, in task order."""
    if workers == 1 or len(task_list) <= 1:
        for task in task_list:
            yield render_part(task)
        return
    context = multiprocessing.get_context("fork")
    with ProcessPoolExecutor(max_workers=min(workers, len(task_list)),
                             mp_context=context, initializer=limit_memory) as pool:
        yield from pool.map(render_part, task_list)
