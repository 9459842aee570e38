"""build(): the whole run, top to bottom.

    campaign folder -> validated campaign -> copy + layout per product and region
    -> (stop here on any problem: nothing written) -> render -> write -> manifest
"""

from __future__ import annotations

import time
from dataclasses import dataclass, field, replace
from pathlib import Path

from toolkit.catalog import CONTACT_SHEET, PORTAL, PRODUCTS
from toolkit.config import load_campaign
from toolkit.config.content import CopyRenderer
from toolkit.config.messages import N_, _
from toolkit.errors import Problem, Problems, ToolkitError
from toolkit.products import Job
from toolkit.publish.outputs import (
    MANIFEST,
    SHARD_MANIFEST,
    OutputFolder,
    Staging,
    Writer,
    read_manifest,
    take_set_aside,
)
from toolkit.products.schedule import default_year, past_posts
from toolkit.run.incremental import (
    CACHE, PUBLISH, Fingerprints, cached_warnings, fresh_pairs, key, load_cache,
    manifest_by_path, output_options, publish_fresh, save_cache,
)
from toolkit.run.pipeline import BuildOptions, prepare, products_for_items
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
    # regions left as they were for their input errors (the others were built): exit 2
    failed: dict[str, list[Problem]] = field(default_factory=dict)
    open_first: list[str] = field(default_factory=list)  # the page and contact sheets


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
    campaign, loaded = load_campaign(options.root, list(options.regions),
                                     skip_bad_regions=not options.strict)
    if options.shard:
        campaign = replace(campaign, regions=shard_of(campaign.regions, *options.shard))
    if options.items and not options.only:
        options = replace(options, only=products_for_items(options.items, PRODUCTS))
    wanted = options.only or PRODUCTS
    pairs = [(region.id, product) for region in campaign.regions for product in wanted]
    fingerprints = Fingerprints(options.root, output_options(
        options.bleed_mm, options.crop_marks, options.year))
    fresh = set() if options.force or options.check_only or options.strict \
        or options.items else fresh_pairs(
        options.out, fingerprints, pairs, manifest_by_path(options.out))
    manifest = SHARD_MANIFEST.format(k=options.shard[0], n=options.shard[1]) \
        if options.shard else MANIFEST
    task_list = tasks(options, [pair for pair in pairs if pair not in fresh],
                      read_manifest(options.out, manifest))
    progress = Progress(len(task_list), options.progress)
    staging = Staging(options.out)
    problems = Problems()
    failed: dict[str, list[Problem]] = dict(loaded.skipped)
    _schedule_warning(options, wanted, problems)
    for warning in cached_warnings(options.out, fresh):
        problems.warn(warning.file, warning.field, warning.message, warning.fix)
    rebuilt: set[tuple[str, str]] = set()
    templates: dict[tuple[str, str], set[str]] = {}
    warned: dict[tuple[str, str], list[Problem]] = {}
    staged: list[dict] = []
    try:
        for part in run(task_list, options.jobs):
            if part.errors and not options.strict:  # this region is left as it was
                failed.setdefault(part.regions[0], []).extend(part.errors)
                part = replace(part, files=[], previews=[], rebuilt=set(), templates={})
            problems.absorb(ToolkitError(part.errors if options.strict else []))
            for warning in part.warnings:
                problems.warn(warning.file, warning.field, warning.message, warning.fix)
            if not problems.errors and not options.check_only:
                for path, fields, data in part.files + part.previews:
                    staged.append(staging.put(path, data, fields))
            rebuilt |= part.rebuilt
            templates.update(part.templates)
            warned.update(part.pair_warnings)
            progress.update(len(part.files), ", ".join(part.regions))
        _stop_unless_some_built(failed, campaign, options, problems)
        for warning in take_set_aside():  # the output folder's bookkeeping, not used
            problems.warn(warning.file, warning.field, warning.message, warning.fix)
        result = BuildResult(warnings=problems.warnings, failed=failed)
        if options.check_only:
            result.seconds = time.perf_counter() - started
            return result
        writer = Writer(staging, rebuilt, manifest)
        for entry in sorted(staged, key=lambda entry: entry["path"]):
            writer.record(entry)
        if options.items:  # the items and their manifest entries; the rest stays
            writer.finish()
            return _done(result, writer, options, campaign, failed, started)
        entries = writer.merged_entries()
        publish_stale = options.force or not publish_fresh(options.out, fingerprints,
                                                           {e["path"]: e for e in entries})
        if rebuilt or publish_stale:
            # cannot be read, the page stays as it was.
            # Imported here: a rebuild with nothing to do never loads the renderers.
            from toolkit.publish.publish import publish, write_page
            everyone, unreadable = (campaign, {}) if not (options.regions or failed) \
                else _everyone(options.root)
            copy = CopyRenderer(campaign.templates)
            elsewhere = sorted(set(unreadable) - set(failed))
            if elsewhere:
                problems.warn(PORTAL, "", _(PAGE_KEPT, regions=", ".join(elsewhere)),
                              _("fix that region's inputs: a build of it names the problems"))
            if rebuilt:  # the workers made their regions' sheets and packs
                if not options.shard and not unreadable:
                    write_page(everyone, copy, entries, writer)
            else:  # only the publishing templates changed
                publish(everyone, copy, campaign.regions, entries, writer,
                        page=not (options.shard or unreadable))
            entries = writer.merged_entries()
            cache = load_cache(options.out)
            remember(cache, rebuilt, templates, entries, fingerprints, warned,
                      publish=not unreadable)
            # A shard's folder is merged into another: no cache there.
            writer.finish({} if options.shard else
                          {CACHE: save_cache(options.out, cache)})
    finally:
        staging.discard()
    return _done(result, writer, options, campaign, failed, started)


def _done(result: BuildResult, writer: Writer, options: BuildOptions, campaign,
          failed: dict[str, list[Problem]], started: float) -> BuildResult:
    result.entries = writer.entries
    result.files = len(writer.entries)
    result.bytes = sum(entry["bytes"] for entry in writer.entries)
    result.open_first = [str(options.out / e["path"]) for e in writer.entries
                         if e.get("product") not in ("preview",)] if options.items \
        else what_to_open(options.out, campaign, failed)
    result.seconds = time.perf_counter() - started
    return result


PAGE_KEPT = N_("not written again: region(s) {regions} cannot be read, so the page stays as "
               "it was")


def _schedule_warning(options: BuildOptions, wanted: tuple[str, ...],
                      problems: Problems) -> None:
    """Posts dated before today: judged on every run (today moves; the files do not)."""
    warning = past_posts(options.year or default_year()) if "social" in wanted else None
    if warning and options.strict:
        raise ToolkitError([Problem(warning.file, warning.field, _(
            "(strict) {message}", message=warning.message), warning.fix)])
    if warning:
        problems.warn(warning.file, warning.field, warning.message, warning.fix)


def _stop_unless_some_built(failed: dict[str, list[Problem]], campaign, options: BuildOptions,
                            problems: Problems) -> None:
    """Raise every problem when nothing can be written: a strict run or a check with any
    problem, or a build where every region failed."""
    every = [problem for errors in failed.values() for problem in errors]
    built = [region.id for region in campaign.regions if region.id not in failed]
    if options.check_only or not built:
        problems.absorb(ToolkitError(every))
    problems.raise_if_any()


def _everyone(root: Path) -> tuple:
    """Every region that can be read (for the page), and the errors of those that cannot."""
    everyone, loaded = load_campaign(root, skip_bad_regions=True)
    return everyone, loaded.skipped


def what_to_open(out: Path, campaign, failed: dict[str, list[Problem]]) -> list[str]:
    """The download page and the contact sheet of each region built, as paths."""
    sheets = [out / CONTACT_SHEET.format(region=region.id) for region in campaign.regions
              if region.id not in failed]
    return [str(path) for path in [out / PORTAL, *sheets] if path.is_file()]


def remember(cache: dict, rebuilt: set[tuple[str, str]],
              templates: dict[tuple[str, str], set[str]], entries: list[dict],
              fingerprints: Fingerprints, warned: dict[tuple[str, str], list[Problem]],
              publish: bool = True) -> None:
    """Record each rebuilt pair's fingerprint, templates, files and warnings, and the
    publish stage's (unless the page could not be written)."""
    paths: dict[tuple[str, str], list[str]] = {}
    for entry in entries:
        pair = (entry.get("region"), entry.get("source", entry.get("product")))
        paths.setdefault(pair, []).append(entry["path"])
    for pair in rebuilt:
        used = sorted(templates.get(pair, ()))
        cache["pairs"][key(*pair)] = {
            "fingerprint": fingerprints.pair(pair[0], used), "templates": used,
            "paths": sorted(paths.get(pair, [])),
            "warnings": [[w.file, w.field, w.message, w.fix] for w in warned.get(pair, [])]}
    if not publish:
        cache["pairs"].pop(PUBLISH, None)
        return
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
        raise ToolkitError([Problem(str(out), "", _("holds no shard manifests"),
                                    _("build with --shard K/N into this folder first"))])
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
    pages = [entry for entry in writer.entries if entry.get("product") == "portal"]
    result = BuildResult(entries=pages, files=len(pages))
    result.bytes = sum(entry["bytes"] for entry in pages)
    result.seconds = time.perf_counter() - started
    return result
