"""The output folder as untrusted input: it may be a synced or shared folder, or shard
folders copied together. Its manifest, cache and journal are checked before use (relative
paths inside --out, no '..', known products and regions) and set aside with a warning
when they fail; files are read from it only as regular files reached without a symbolic
link, so a planted link never makes the build read, pack or move a file outside --out.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import re
import stat
from pathlib import Path
from typing import Any

from toolkit.catalog import PRODUCTS
from toolkit.config.common import id_problem
from toolkit.config.messages import N_, _
from toolkit.errors import OutputError, Problem

KNOWN_PRODUCTS = frozenset((*PRODUCTS, "preview", "pack", "portal", "contactsheet",
                            "printspec"))
MAX_OUTPUT_PATH_CHARS = 400
SHA256 = re.compile(r"^[0-9a-f]{64}\Z")
# A manifest takes about 160 kB per region (2 regions: 316 kB), so 2,000 regions about
# 320 MB; a bookkeeping file beyond this was not written by a build (a planted or sparse
# file), and is set aside before it is read.
MAX_BOOKKEEPING_BYTES = 512 * 2**20
# Why a bookkeeping file (manifest, journal, cache) is not used.
SYMBOLIC_LINK = N_("it is a symbolic link")
SET_ASIDE: list[Problem] = []  # warnings about bookkeeping files that were not used


def safe_relative(path: Any) -> bool:
    """True for a relative path that stays inside the output folder: 'a/b.pdf', never
    '/x', '../x', 'a\\b', a hidden name, a NUL byte or an empty part."""
    if not isinstance(path, str) or not 0 < len(path) <= MAX_OUTPUT_PATH_CHARS \
            or "\\" in path or "\0" in path:
        return False
    return all(part and not part.startswith(".") for part in path.split("/"))


def entry_problem(entry: Any) -> str | None:
    """What makes a manifest entry unusable (a path outside --out, an unknown product or
    region), or None."""
    if not isinstance(entry, dict) or not safe_relative(entry.get("path")):
        path = entry.get("path") if isinstance(entry, dict) else entry
        return _("entry {path} is not a path inside the output folder",
                 path=repr(str(path)[:80]))
    region = entry.get("region")
    if entry.get("product") not in KNOWN_PRODUCTS or entry.get("source", PRODUCTS[0]) \
            not in PRODUCTS or (region is not None and (not isinstance(region, str)
                                                        or id_problem(region))):
        return _("entry '{path}' names an unknown product or region", path=entry["path"])
    if not SHA256.match(str(entry.get("sha256"))) or not isinstance(entry.get("bytes"), int):
        return _("entry '{path}' has no valid size and checksum", path=entry["path"])
    return None


def read_json(out: Path, name: str, damaged: str) -> Any:
    """The JSON value of the bookkeeping file out/name, read only when it is a regular
    file (never through a link, never a pipe that would block) of a sane size. Raises
    ValueError with the reason to set it aside (damaged when it is not JSON, or nests
    deeper than the decoder can go), or OSError (FileNotFoundError: there is none)."""
    try:
        descriptor = os.open(out / name, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise ValueError(_(SYMBOLIC_LINK)) from None
        raise
    with os.fdopen(descriptor, "rb") as handle:
        status = os.fstat(handle.fileno())
        if not stat.S_ISREG(status.st_mode):
            raise ValueError(_("it is not a regular file"))
        if status.st_size > MAX_BOOKKEEPING_BYTES:
            raise ValueError(_("it is larger than {most} MB",
                               most=MAX_BOOKKEEPING_BYTES // 2**20))
        data = handle.read(MAX_BOOKKEEPING_BYTES + 1)
    try:
        return json.loads(data.decode("utf-8"))
    except (ValueError, RecursionError):  # UnicodeDecodeError is a ValueError
        raise ValueError(damaged) from None


def set_aside(out: Path, name: str, reason: str) -> None:
    """Record that a bookkeeping file of the output folder was not used, and why."""
    problem = Problem(str(out / name), "", _("not used: {reason}", reason=reason), _(
        "the build rebuilds what it needs and writes the file anew; check who else writes "
        "into --out"))
    if problem not in SET_ASIDE:
        SET_ASIDE.append(problem)


def take_set_aside() -> list[Problem]:
    """The warnings recorded by set_aside() since the last call."""
    taken = list(SET_ASIDE)
    SET_ASIDE.clear()
    return taken


def output_file(out: Path, path: str) -> bool:
    """True when out/path is a regular file reached without any symbolic link."""
    if not safe_relative(path):
        return False
    current = out
    for part in path.split("/"):
        current = current / part
        try:
            if current.is_symlink():
                return False
        except OSError:
            return False
    return current.is_file()


HASH_CHUNK = 1 << 20


def as_written(out: Path, entry: dict[str, Any]) -> bool:
    """True when the output file of a manifest entry still holds the bytes the build wrote:
    a regular file reached without a symbolic link, of the entry's size and checksum. The
    size is compared first, so a file another writer grew or replaced (gigabytes, sparse)
    is not read to find that it changed; the checksum is computed in chunks."""
    path = entry.get("path")
    if not isinstance(path, str) or not output_file(out, path):
        return False
    digest = hashlib.sha256()
    try:
        descriptor = os.open(out / path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
        with os.fdopen(descriptor, "rb") as handle:
            if os.fstat(handle.fileno()).st_size != entry.get("bytes"):
                return False
            for block in iter(lambda: handle.read(HASH_CHUNK), b""):
                digest.update(block)
    except OSError:
        return False
    return digest.hexdigest() == entry.get("sha256")


def read_output(out: Path, entry: dict[str, Any]) -> bytes:
    """The bytes of the output file of a manifest entry, never through a symbolic link
    (OSError otherwise), and only when they are the bytes the build wrote: a file another
    writer replaced (a PDF swapped for something else in a shared folder, a huge sparse
    file) is never packed or read whole; it is an OutputError naming it."""
    path = entry["path"]
    if not output_file(out, path):
        raise FileNotFoundError(errno.ENOENT, "not a file inside the output folder", path)
    descriptor = os.open(out / path, os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK)
    with os.fdopen(descriptor, "rb") as handle:
        size = os.fstat(handle.fileno()).st_size
        data = handle.read(entry["bytes"] + 1) if size == entry["bytes"] else b""
    if size != entry["bytes"] or hashlib.sha256(data).hexdigest() != entry["sha256"]:
        raise OutputError(str(out / path), "", _(
            "has changed since the build wrote it (its size or checksum is not the one in "
            "manifest.json)"), _("build its product again (--only {product}): the build "
                                 "writes it anew", product=entry.get("source",
                                                                     entry["product"])))
    return data
