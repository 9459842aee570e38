"""Incremental builds: rebuild a (region, product) only when something that goes into its
files changed.

A fingerprint is a hash of everything a (region, product) is made from: the toolkit's own
code and version, the font package's version, every file of the brand and of the region,
the templates the product actually rendered (recorded during its last build), and the
options that change output (bleed, crop marks, year). It is kept beside the output in
`.toolkit-cache.json`. A pair is skipped only when its fingerprint matches *and* every file
it wrote is still there with the checksum the manifest gives: a stale, damaged or missing
cache, or a touched output, leads to a rebuild, never to a wrong file.

This module stays light (no reportlab, no Pillow): a build with nothing to do answers
before the drawing code is even imported.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
import re
import tomllib
from importlib import metadata
from pathlib import Path
from typing import Any

import toolkit
from toolkit.catalog import PRODUCTS
from toolkit.config.common import id_problem
from toolkit.config.messages import N_, _
from toolkit.errors import Problem
from toolkit.products.schedule import default_year
from toolkit.publish.outputs import (
    CACHE_NAME,
    JOURNAL,
    STAGING_PREFIX,
    read_json,
    read_manifest,
    safe_relative,
    set_aside,
)
from toolkit.publish.untrusted import as_written

CACHE = CACHE_NAME
CACHE_VERSION = 1
PUBLISH = "(publish)"  # the key of the packs, sheets and page
PUBLISH_TEMPLATES = ("pack.nl.j2", "leesmij.nl.txt.j2", "portal.nl.html.j2",
                     "drukspecificatie.nl.j2")
NOT_A_CACHE = N_("it is not a cache the toolkit wrote")


def _hash_files(paths: list[Path], base: Path) -> str:
    digest = hashlib.sha256()
    for path in sorted(paths):
        digest.update(str(path.relative_to(base)).encode() + b"\0")
        try:
            digest.update(path.read_bytes())
        except OSError:
            digest.update(b"(unreadable)")
        digest.update(b"\0")
    return digest.hexdigest()


def _tree(folder: Path) -> list[Path]:
    return [path for path in folder.rglob("*") if path.is_file()] if folder.is_dir() else []


def code_fingerprint() -> str:
    """The toolkit's own source and the versions of the packages whose output it embeds."""
    package = Path(toolkit.__file__).parent
    source = [*package.rglob("*.py"), *package.rglob("*.icc")]  # the default press profile
    digest = hashlib.sha256(_hash_files(source, package).encode())
    for name in ("font-lato", "reportlab", "pillow", "pypdfium2", "svglib", "pikepdf",
                 "deflate"):
        try:
            digest.update(f"{name}={metadata.version(name)}".encode())
        except metadata.PackageNotFoundError:
            digest.update(f"{name}=none".encode())
    digest.update(toolkit.__version__.encode())
    return digest.hexdigest()


class Fingerprints:
    """Computes and caches the parts of fingerprints for one campaign folder."""

    def __init__(self, root: Path, options: dict[str, Any]):
        self.root = root.resolve()
        self.options = json.dumps(options, sort_keys=True)
        self._code = code_fingerprint()
        assets = self.root / "assets"  # the brand and the national sociale kaart
        self._brand = _hash_files(_tree(assets / "brand") + _tree(assets / "national"),
                                  self.root)
        self._regions: dict[str, str] = {}

    def region(self, region: str) -> str:
        if region not in self._regions:
            folder = self.root / "assets" / "regions" / region
            if folder.is_dir():
                self._regions[region] = _hash_files(_tree(folder), self.root)
            else:
                self._regions[region] = self._table_region(region)
        return self._regions[region]

    def _table_region(self, region: str) -> str:
        """A region of assets/regions.csv: its row, its logo, the shared defaults."""
        assets = self.root / "assets"
        row = table_rows(self.root).get(region, {})
        files = [assets / row["logo"]] if row.get("logo") else []
        defaults = assets / "regions-defaults.toml"
        if defaults.is_file():
            files.append(defaults)
            try:
                spec = tomllib.loads(defaults.read_text("utf-8"))
                files += [assets / p["logo"] for p in spec.get("partners", [])
                          if isinstance(p, dict) and p.get("logo")]
            except (ValueError, OSError):
                pass
        digest = hashlib.sha256(json.dumps(row, sort_keys=True).encode())
        digest.update(_hash_files([f for f in files if f.is_file()], self.root).encode())
        return digest.hexdigest()

    def templates(self, names: list[str]) -> str:
        folder = self.root / "templates"
        return _hash_files([folder / name for name in names], self.root)

    def pair(self, region: str, templates: list[str]) -> str:
        parts = (self._code, self._brand, self.region(region), self.templates(templates),
                 self.options)
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()

    def publish(self, entries: list[dict[str, Any]]) -> str:
        files = sorted((e["path"], e["sha256"]) for e in entries
                       if e.get("product") not in ("pack", "portal", "contactsheet",
                                                   "printspec"))
        # The region files too: the print specification quotes their [print] table.
        regions = sorted({e["region"] for e in entries if e.get("region")})
        parts = (self._code, self._brand, self.templates(list(PUBLISH_TEMPLATES)),
                 json.dumps(files), *(self.region(region) for region in regions))
        return hashlib.sha256("\n".join(parts).encode()).hexdigest()


def output_options(bleed_mm: float, crop_marks: bool, year: int | None) -> dict[str, Any]:
    """The options that change what a file looks like."""
    return {"bleed_mm": bleed_mm, "crop_marks": crop_marks,
            "year": year or default_year()}


TEMPLATE_NAME = re.compile(r"^[A-Za-z0-9_-][A-Za-z0-9_.-]*\Z")


def _cache_problem(pairs: Any) -> str | None:
    """What makes the cache's pairs untrustworthy (a path outside --out, a template
    outside templates/, an unknown region or product), or None."""
    if not isinstance(pairs, dict):
        return _(NOT_A_CACHE)
    for name, entry in pairs.items():
        region, _slash, product = str(name).partition("/")
        if name != PUBLISH and (id_problem(region) or product not in PRODUCTS):
            return _("'{name}' is not a known region and product", name=str(name)[:80])
        if not isinstance(entry, dict) or not all(
                isinstance(entry.get(part, []), list) for part in ("paths", "templates",
                                                                    "warnings")):
            return _("the entry of '{name}' is damaged", name=name)
        if not all(isinstance(w, list) and len(w) == 4 and all(isinstance(t, str) for t in w)
                   for w in entry.get("warnings", [])):
            return _("the warnings of '{name}' are damaged", name=name)
        bad = [p for p in entry.get("paths", []) if not safe_relative(p)]
        bad += [t for t in entry.get("templates", [])
                if not (isinstance(t, str) and TEMPLATE_NAME.match(t) and ".." not in t)]
        if bad:
            return _("'{name}' is not a file of the output or templates folder",
                     name=str(bad[0])[:80])
    return None


def load_cache(out: Path) -> dict[str, Any]:
    """The cache of fingerprints: empty when there is none; set aside with a warning
    when it is damaged or cannot be trusted."""
    empty = {"version": CACHE_VERSION, "pairs": {}}
    if not (out / CACHE).exists() and not (out / CACHE).is_symlink():
        return empty
    try:
        data = read_json(out, CACHE, _(NOT_A_CACHE))
        if not isinstance(data, dict) or data.get("version") != CACHE_VERSION:
            return empty  # an older toolkit's cache: rebuilt without a word
        problem = _cache_problem(data.get("pairs"))
        if problem:
            raise ValueError(problem)
        return data
    except (OSError, ValueError) as error:
        set_aside(out, CACHE, str(error) if type(error) is ValueError
                  else _(NOT_A_CACHE))
    return empty


def save_cache(out: Path, cache: dict[str, Any]) -> bytes:
    return (json.dumps(cache, indent=1, sort_keys=True) + "\n").encode("utf-8")


def key(region: str, product: str) -> str:
    return f"{region}/{product}"


def intact(out: Path, paths: list[str], manifest: dict[str, dict[str, Any]]) -> bool:
    """True when every path is in the manifest and the file on disk has its checksum."""
    return all(path in manifest and as_written(out, manifest[path]) for path in paths)


def fresh_pairs(out: Path, fingerprints: Fingerprints, pairs: list[tuple[str, str]],
                manifest: dict[str, dict[str, Any]]) -> set[tuple[str, str]]:
    """The pairs whose cached fingerprint still holds and whose files are intact."""
    cache = load_cache(out)["pairs"]
    fresh = set()
    for region, product in pairs:
        entry = cache.get(key(region, product))
        if not isinstance(entry, dict) or not entry.get("paths"):
            continue
        if entry.get("fingerprint") != fingerprints.pair(region, entry.get("templates", [])):
            continue
        if intact(out, entry["paths"], manifest):
            fresh.add((region, product))
    return fresh


def cached_warnings(out: Path, pairs: set[tuple[str, str]] | list[tuple[str, str]]
                    ) -> list[Problem]:
    """The warnings recorded when these pairs' files were made (said again on every
    build that takes the files from the cache), in pair order, each once."""
    cache = load_cache(out)["pairs"]
    warnings: list[Problem] = []
    for pair in sorted(pairs):
        for file, field, message, fix in cache.get(key(*pair), {}).get("warnings", []):
            if Problem(file, field, message, fix) not in warnings:
                warnings.append(Problem(file, field, message, fix))
    return warnings


def publish_fresh(out: Path, fingerprints: Fingerprints,
                  manifest: dict[str, dict[str, Any]]) -> bool:
    entry = load_cache(out)["pairs"].get(PUBLISH)
    if not isinstance(entry, dict):
        return False
    entries = list(manifest.values())
    return (entry.get("fingerprint") == fingerprints.publish(entries)
            and intact(out, entry.get("paths", []), manifest))


def table_rows(root: Path) -> dict[str, dict[str, str]]:
    """The rows of assets/regions.csv by id (read leniently: validation is the loader's)."""
    path = root / "assets" / "regions.csv"
    try:
        text = path.read_bytes().decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return {}
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    rows = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    return {str(row.get("id") or "").strip(): {str(k): str(v) for k, v in row.items()}
            for row in rows}


def region_ids(root: Path) -> list[str]:
    folder = root.resolve() / "assets" / "regions"
    folders = [p.name for p in folder.glob("*") if p.is_dir()] if folder.is_dir() else []
    return sorted(set(folders) | set(table_rows(root.resolve())))


def manifest_by_path(out: Path) -> dict[str, dict[str, Any]]:
    return {entry["path"]: entry for entry in read_manifest(out)}


def nothing_to_do(root: Path, out: Path, regions: tuple[str, ...], products: tuple[str, ...],
                  options: dict[str, Any]) -> list[Problem] | None:
    """The warnings kept with the cache when every wanted (region, product) and the
    publish stage are up to date (and no interrupted build left work to finish or clean
    up); None when there is work to do."""
    if not (out / CACHE).is_file() or (out / JOURNAL).exists() \
            or next(out.glob(f"{STAGING_PREFIX}*"), None) is not None:
        return None
    wanted_regions = list(regions) or region_ids(root)
    manifest = manifest_by_path(out)
    fingerprints = Fingerprints(root, options)
    pairs = [(r, p) for r in wanted_regions for p in products]
    if len(fresh_pairs(out, fingerprints, pairs, manifest)) != len(pairs):
        return None
    if not publish_fresh(out, fingerprints, manifest):
        return None
    return cached_warnings(out, pairs)
