"""build(): the whole run, top to bottom.

    campaign folder -> validated campaign -> copy + layout per product and region
    -> (stop here on any problem: nothing written) -> render -> write -> manifest
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from toolkit.catalog import PRODUCTS
from toolkit.config import load_campaign
from toolkit.config.content import CopyRenderer
from toolkit.errors import Problem, Problems, ToolkitError
from toolkit.products import Job
from toolkit.publish.outputs import (
    MANIFEST, SHARD_MANIFEST, OutputFolder, Staging, Writer, read_manifest, take_set_aside,
)
from toolkit.run.incremental import (
    CACHE, PUBLISH, Fingerprints, fresh_pairs, key, load_cache, manifest_by_path,
    output_options, publish_fresh, save_cache,
)
from toolkit.run.pipeline import BuildOptions, prepare
from toolkit.run.progress import Progress
from toolkit.run.workers import run, tasks


@dataclass
class BuildResult:
    files: int = 0
    bytes: int = 0
    seconds: float = 0.0
    warnings: list[Problem] = field(default_factory=list)
    entries: list[dict] = field(default_factory=list)
    recovered: int | None = None  # files an interrupted build's commit moved first


def plan(options: BuildOptions) -> tuple[list[Job], list[Problem]]:
    """The jobs a build would render, and its warnings (for checks and tests)."""
    prepared = prepare(options)
    return prepared.jobs, prepared.warnings


def build(options: BuildOptions) -> BuildResult:
    """Run a whole build; nothing is written unless every input is good. Pairs of (region,
    product) whose inputs did not change since the last build are not rebuilt.

    A check reads the output folder (to know what is fresh) but never creates or locks
    it; a build holds it for the whole run (see toolkit.publish.outputs)."""
    take_set_aside()  # (a run in the same process: only this build's warnings)
    if options.check_only:
        return _build(options)
    with OutputFolder(options.out) as folder:
        result = _build(options)
    result.recovered = folder.recovered
    return result


def _build(options: BuildOptions) -> BuildResult:
    started = time.perf_counter()
    campaign, _problems = load_campaign(options.root, list(options.regions))
    if options.shard:
        campaign = replace(campaign, regions=shard_of(campaign.regions, *options.shard))
    wanted = options.only or PRODUCTS
    pairs = [(region.id, product) for region in campaign.regions for product in wanted]
    fingerprints = Fingerprints(options.root, output_options(
        options.bleed_mm, options.crop_marks, options.year))
    fresh = set() if options.force or options.check_only or options.strict else fresh_pairs(
        options.out, fingerprints, pairs, manifest_by_path(options.out))
    manifest = SHARD_MANIFEST.format(k=options.shard[0], n=options.shard[1]) \
        if options.shard else MANIFEST
    task_list = tasks(options, [pair for pair in pairs if pair not in fresh],
                      read_manifest(options.out, manifest))
    progress = Progress(len(task_list), options.progress)
    staging = Staging(options.out)
    problems = Problems()
    rebuilt: set[tuple[str, str]] = set()
    templates: dict[tuple[str, str], set[str]] = {}
    staged: list[dict] = []
    try:
        for part in run(task_list, options.jobs):
            problems.absorb(ToolkitError(part.errors))
            for warning in part.warnings:
                problems.warn(warning.file, warning.field, warning.message, warning.fix)
            if not problems.errors and not options.check_only:
                for path, fields, data in part.files + part.previews:
                    staged.append(staging.put(path, data, fields))
            rebuilt |= part.rebuilt
            templates.update(part.templates)
            progress.update(len(part.files), ", ".join(part.regions))
        problems.raise_if_any()
        for warning in take_set_aside():  # the output folder's bookkeeping, not used
            problems.warn(warning.file, warning.field, warning.message, warning.fix)
        result = BuildResult(warnings=problems.warnings)
        if options.check_only:
            result.seconds = time.perf_counter() - started
            return result
        writer = Writer(staging, rebuilt, manifest)
        for entry in sorted(staged, key=lambda entry: entry["path"]):
            writer.record(entry)
        entries = writer.merged_entries()
        publish_stale = options.force or not publish_fresh(options.out, fingerprints,
                                                           {e["path"]: e for e in entries})
        if rebuilt or publish_stale:
            # The page lists every region, also those this run did not build.
            # Imported here: a rebuild with nothing to do never loads the renderers.
            from toolkit.publish.publish import publish, write_page
            everyone = campaign if not options.regions else load_campaign(options.root)[0]
            copy = CopyRenderer(campaign.templates)
            if rebuilt:  # the workers made their regions' sheets and packs
                if not options.shard:
                    write_page(everyone, copy, entries, writer)
            else:  # only the publishing templates changed
                publish(everyone, copy, campaign.regions, entries, writer,
                        page=not options.shard)
            entries = writer.merged_entries()
            cache = load_cache(options.out)
            _remember(cache, rebuilt, templates, entries, fingerprints)
            # A shard's folder is merged into another: no cache there.
            writer.finish({} if options.shard else
                          {CACHE: save_cache(options.out, cache)})
    finally:
        staging.discard()
    result.entries = writer.entries
    result.files = len(writer.entries)
    result.bytes = sum(entry["bytes"] for entry in writer.entries)
    result.seconds = time.perf_counter() - started
    return result


def _remember(cache: dict, rebuilt: set[tuple[str, str]],
              templates: dict[tuple[str, str], set[str]], entries: list[dict],
              fingerprints: Fingerprints) -> None:
    """Record each rebuilt pair's fingerprint, templates and files, and the publish stage's."""
    paths: dict[tuple[str, str], list[str]] = {}
    for entry in entries:
        pair = (entry.get("region"), entry.get("source", entry.get("product")))
        paths.setdefault(pair, []).append(entry["path"])
    for pair in rebuilt:
        used = sorted(templates.get(pair, ()))
        cache["pairs"][key(*pair)] = {
            "fingerprint": fingerprints.pair(pair[0], used), "templates": used,
            "paths": sorted(paths.get(pair, []))}
    published = [e["path"] for e in entries
                 if e.get("product") in ("pack", "portal", "contactsheet")]
    cache["pairs"][PUBLISH] = {"fingerprint": fingerprints.publish(entries),
                               "paths": sorted(published)}


def shard_of(regions: tuple, k: int, n: int) -> tuple:
    """The k-th (1-based) of n stable parts of the regions: every n-th in id order."""
    ordered = sorted(regions, key=lambda region: region.id)
    return tuple(ordered[k - 1::n])


def merge(root: Path, out: Path) -> BuildResult:
    """Join the shards' manifests in out into one manifest and write the download page."""
    started = time.perf_counter()
    campaign, _problems = load_campaign(root)
    parts = sorted(out.glob(SHARD_MANIFEST.format(k="*", n="*")))
    if not parts:
        raise ToolkitError([Problem(str(out), "", "holds no shard manifests",
                                    "build with --shard K/N into this folder first")])
    from toolkit.publish.publish import write_page

    with OutputFolder(out):
        entries: dict[str, dict] = {e["path"]: e for e in read_manifest(out)}
        for part in parts:
            entries.update({e["path"]: e for e in read_manifest(out, part.name)})
        staging = Staging(out)
        try:
            writer = Writer(staging, set(), earlier=False)
            for entry in entries.values():
                if entry.get("product") != "portal":
                    writer.record(entry)
            write_page(campaign, CopyRenderer(campaign.templates), writer.merged_entries(),
                       writer)
            writer.finish()
        finally:
            staging.discard()
    result = BuildResult(entries=[writer.entries[-1]], files=1)
    result.bytes = writer.entries[-1]["bytes"]
    result.seconds = time.perf_counter() - started
    return result
