"""The studio: the chosen regions' items as a gallery in the browser, rebuilt as the
coordinator edits (`make_toolkit.py studio`).

The studio keeps its own output folder (default `studio/`) and one warm process: fonts,
logos and compiled templates stay loaded between refreshes. A refresh goes product by
product (the gallery fills as each is ready). The incremental engine says which (region,
product) pairs are stale (toolkit.run.incremental); of those, every item is laid out
again, but only an item whose layout changed is rendered, previewed and written: its
layout digest (a hash of its page description) is kept in its manifest entry. So a
changed headline re-renders the posters that show it, not all eighteen.

No contact sheets, packs or download page: the studio is for looking, `build` for handing
out. Errors and warnings are kept with the item and slot they concern (see
`toolkit.publish.studiopage`) and shown there.
"""

from __future__ import annotations

import hashlib
import io
import pickle
import sys
import threading
import time
import traceback
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

from toolkit.catalog import PRODUCTS
from toolkit.config.assets import FontFace, RasterImage, VectorImage
from toolkit.config.messages import N_, _
from toolkit.errors import Problem, ToolkitError
from toolkit.products import Job
from toolkit.publish.outputs import MANIFEST, OutputFolder, Staging, Writer, read_manifest
from toolkit.publish.publish import preview_files
from toolkit.run.build import remember
from toolkit.run.incremental import (
    CACHE, Fingerprints, cached_warnings, fresh_pairs, load_cache, manifest_by_path,
    output_options, save_cache,
)
from toolkit.run.pipeline import BuildOptions, prepare, render_all

LAYOUT = "layout"  # the manifest field holding an item's layout digest
WATCHED = ("assets", "templates")


class _Digester(pickle.Pickler):
    """Pickles a page description with fonts and images by identity (their content is
    in the pair's fingerprint): fast, and the same for the same layout."""

    def persistent_id(self, obj: Any) -> Any:
        if isinstance(obj, FontFace):
            return ("font", obj.name, str(obj.path))
        if isinstance(obj, (RasterImage, VectorImage)):
            return ("image", obj.digest)
        return None


def layout_digest(job: Job) -> str:
    """A hash of everything that makes the item's bytes."""
    buffer = io.BytesIO()
    _Digester(buffer, protocol=4).dump((job.document, job.profile, job.data, job.size_px,
                                        job.kind, job.meta))
    return hashlib.sha256(buffer.getvalue()).hexdigest()


@dataclass
class StudioState:
    """What the page shows: the version (bumped by every refresh that changed something),
    whether a refresh runs, and the problems of the last refresh of each product."""

    version: int = 0
    building: bool = True
    problems: dict[str, list[tuple[str, Problem]]] = field(default_factory=dict)
    seconds: dict[str, float] = field(default_factory=dict)  # the last refresh per product
    cpu_seconds: dict[str, float] = field(default_factory=dict)  # (this thread's CPU time)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def snapshot(self) -> dict[str, Any]:
        with self.lock:
            return {"version": self.version, "building": self.building,
                    "seconds": {name: round(value, 3) for name, value in self.seconds.items()},
                    "cpu_seconds": {name: round(value, 3)
                                    for name, value in self.cpu_seconds.items()}}


class Studio:
    """The studio's folder, brought up to date by refresh()."""

    def __init__(self, root: Path, out: Path, regions: tuple[str, ...],
                 products: tuple[str, ...] = ()):
        self.root = root.resolve()
        self.out = out
        self.regions = regions
        self.products = products or PRODUCTS
        self.options = BuildOptions(root=self.root, out=out, regions=regions, jobs=1)
        self.state = StudioState()
        self.laid_out: set[str] = set()  # products whose texts this process has fitted
        self._listing: tuple[tuple[int, int], list[dict[str, Any]]] | None = None

    def refresh(self, products: tuple[str, ...] = ()) -> int:
        """Bring every product up to date, one after another; return the files written."""
        products = products or self.products
        written = 0
        with self.state.lock:
            self.state.building = True
        try:
            fingerprints = Fingerprints(self.root, output_options(
                self.options.bleed_mm, self.options.crop_marks, self.options.year))
            for product in products:
                started, cpu = time.perf_counter(), time.thread_time()
                try:
                    count, problems = self._refresh_product(product, fingerprints)
                except Exception as error:  # noqa: BLE001 (a bug must not end the studio)
                    traceback.print_exc()
                    count, problems = 0, [("error", Problem(
                        "(toolkit)", product, _("internal error: {error}", error=repr(error)),
                        _("report it; the other products go on")))]
                with self.state.lock:
                    if count or problems != self.state.problems.get(product, []):
                        self.state.version += 1
                    self.state.problems[product] = problems
                    self.state.seconds[product] = time.perf_counter() - started
                    self.state.cpu_seconds[product] = time.thread_time() - cpu
                written += count
        finally:
            with self.state.lock:
                self.state.building = False
                self.state.version += 1
        return written

    def _refresh_product(self, product: str, fingerprints: Fingerprints
                         ) -> tuple[int, list[tuple[str, Problem]]]:
        pairs = [(region, product) for region in self.regions]
        try:
            with OutputFolder(self.out):
                manifest = manifest_by_path(self.out)
                fresh = fresh_pairs(self.out, fingerprints, pairs, manifest)
                warnings = cached_warnings(self.out, fresh)
                stale = [pair for pair in pairs if pair not in fresh]
                if not stale:
                    return 0, [("warning", w) for w in warnings]
                self.laid_out.add(product)
                plan = prepare(replace(self.options, regions=tuple(r for r, _p in stale),
                                       only=(product,)))
                count = self._write(plan, stale, manifest, fingerprints)
        except ToolkitError as error:
            return 0, [("error", problem) for problem in error.problems]
        return count, [("warning", w) for w in [*warnings, *plan.warnings]]

    def _write(self, plan, stale: list[tuple[str, str]], manifest: dict[str, dict],
               fingerprints: Fingerprints) -> int:
        """Render the items whose layout changed; keep the others' files and entries."""
        digests = {job.path: layout_digest(job) for job in plan.jobs}
        changed = [job for job in plan.jobs if manifest.get(job.path, {}).get(LAYOUT)
                   != digests[job.path] or not (self.out / job.path).is_file()]
        kept = {job.path for job in plan.jobs} - {job.path for job in changed}
        raster: dict = {}
        rendered = list(zip(changed, render_all(changed, raster)))
        staging = Staging(self.out)
        try:
            rebuilt = {(job.region, job.product) for job in plan.jobs} | set(stale)
            writer = Writer(staging, rebuilt, MANIFEST, earlier=False)
            for entry in manifest.values():  # other pairs, unchanged items, their previews
                pair = (entry.get("region"), entry.get("source", entry.get("product")))
                if pair not in rebuilt or entry["path"] in kept or entry.get("of") in kept:
                    writer.record(entry)
            for job, data in rendered:
                writer.record(staging.put(job.path, data, {
                    "region": job.region, "product": job.product, "format": job.format,
                    "media": job.media, **job.meta, LAYOUT: digests[job.path]}))
            for path, fields, data in preview_files(rendered, raster):
                writer.record(staging.put(path, data, fields))
            entries = writer.merged_entries()
            cache = load_cache(self.out)
            remember(cache, rebuilt, plan.templates, entries, fingerprints,
                     plan.pair_warnings, publish=False)
            writer.finish({CACHE: save_cache(self.out, cache)})
        finally:
            staging.discard()
        return len(rendered)

    def warm(self) -> None:
        """Lay out each product not laid out yet, writing nothing: the fonts, images and
        fitted texts stay in memory, so the first change after a restart is quick too."""
        for product in self.products:
            if product not in self.laid_out:
                self.laid_out.add(product)
                try:
                    prepare(replace(self.options, only=(product,)))
                except ToolkitError:
                    pass  # the refresh shows the problems

    def entries(self) -> list[dict[str, Any]]:
        """The studio folder's manifest (read again only when it changed), for the page
        and the file server."""
        try:
            status = (self.out / MANIFEST).stat()
            stamp = (status.st_mtime_ns, status.st_size)
        except OSError:
            stamp = (0, 0)
        if self._listing is None or self._listing[0] != stamp:
            self._listing = (stamp, [entry for entry in read_manifest(self.out)
                                     if not self.regions or entry.get("region")
                                     in self.regions])
        return self._listing[1]


def first_region(root: Path) -> tuple[str, ...]:
    """The default: the first real (not example) region, else the first."""
    from toolkit.config import load_campaign

    campaign, _problems = load_campaign(root, skip_bad_regions=True)
    real = [region.id for region in campaign.regions if not region.example]
    return ((real or [region.id for region in campaign.regions])[0],)


def watch(studio: Studio, stop: threading.Event, on_change=None) -> None:
    """Refresh now, then whenever a file under assets/ or templates/ is saved, until stop
    is set."""
    import watchfiles

    paths = [studio.root / name for name in WATCHED if (studio.root / name).is_dir()]
    studio.refresh()
    studio.warm()
    studio.refresh()  # what was saved while the studio warmed up
    for _changes in watchfiles.watch(*paths, stop_event=stop, debounce=400, step=30,
                                     raise_interrupt=False):
        studio.refresh()
        if on_change:
            on_change()


def studio(root: Path, out: Path, regions: tuple[str, ...], port: int | None,
           products: tuple[str, ...] = ()) -> int:
    """Run the studio until interrupted; return the exit code."""
    from toolkit.config.messages import did_you_mean
    from toolkit.errors import OneProblem
    from toolkit.run.studioserver import DEFAULT_PORT, serve

    chosen = regions or first_region(root)
    if regions:  # refused before anything starts, with a suggestion
        from toolkit.config import load_campaign

        load_campaign(root, list(regions), skip_bad_regions=True)
    for name in products:
        if name not in PRODUCTS:
            raise OneProblem("--only", name, _("no such product"), did_you_mean(name, PRODUCTS))
    instance = Studio(root, out, chosen, products)
    stop = threading.Event()
    server = serve(instance, DEFAULT_PORT if port is None else port)
    url = f"http://127.0.0.1:{server.server_address[1]}/"
    print(_(READY, url=url, regions=", ".join(chosen), out=out), flush=True)
    threads = [threading.Thread(target=server.serve_forever, daemon=True),
               threading.Thread(target=watch, args=(instance, stop), daemon=True)]
    for thread in threads:
        thread.start()
    try:
        while threads[1].is_alive():
            threads[1].join(0.5)
    except KeyboardInterrupt:
        print(_(STOPPED), file=sys.stderr)
    finally:
        stop.set()
        server.shutdown()
        server.server_close()
    return 0


READY = N_("studio for {regions} at {url} (files in {out}; Ctrl+C stops it)")
STOPPED = N_("studio stopped")
