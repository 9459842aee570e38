"""The one writer: atomic files, the manifest that lists them, and the output folder's
guard against interrupted and concurrent builds.

A build never writes into place while it runs. Every file goes to a staging folder
(`OUT/.staging-<pid>/`); only when the whole build has succeeded is it committed:

1. a journal (`OUT/.toolkit-commit.json`) lists every staged path, manifest last;
2. the manifest is rewritten without the entries of the files about to be replaced;
3. each staged file is renamed into place (each rename atomic), the new manifest last;
4. the journal and the staging folder are removed.

So at every moment each output file is the old one or the new one, whole, and every entry
of manifest.json matches its file. A build killed in step 3 leaves the journal; the next
build (under the lock) finishes the moves before anything else, and a build killed
earlier leaves only a staging folder, which the next build removes. One build at a time
holds the output folder (an flock on the folder itself); a second one stops at once.
"""

from __future__ import annotations

import errno
import fcntl
import hashlib
import json
import os
import re
import shutil
from pathlib import Path
from typing import Any, Iterable

from toolkit.config.messages import N_, _
from toolkit.errors import LockedError, OutputError
from toolkit.publish.untrusted import (
    entry_problem,
    output_file,
    read_json,
    read_output,
    safe_relative,
    set_aside,
    take_set_aside,
)

__all__ = ["output_file", "read_output", "safe_relative", "set_aside", "take_set_aside"]

MANIFEST = "manifest.json"
SHARD_MANIFEST = "manifest.shard-{k}-of-{n}.json"  # a shard's part, joined by `merge`
JOURNAL = ".toolkit-commit.json"
STAGING_PREFIX = ".staging-"
TEMPORARY_SUFFIX = ".tmp"
CACHE_NAME = ".toolkit-cache.json"  # written by toolkit.run.incremental, moved last
SHARD_NAME = re.compile(r"^manifest\.shard-\d+-of-\d+\.json\Z")
TEMPORARY_NAME = re.compile(r"^\..+\.\d+\.tmp$")  # atomic_write's: .<name>.<pid>.tmp
STAGING_NAME = re.compile(r"^\.staging-\d+\Z")
WRITE_FIX = N_("free some disk space or give another --out; the earlier files are unchanged")


def _write_file(path: Path, data: bytes, sync: bool) -> None:
    """The one place that writes an output's bytes (to a temporary or staging path)."""
    with open(path, "wb") as handle:
        handle.write(data)
        if sync:
            handle.flush()
            os.fsync(handle.fileno())


def atomic_write(path: Path, data: bytes) -> None:
    """Write data to path through a temporary file and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}{TEMPORARY_SUFFIX}")
    try:
        _write_file(temporary, data, sync=True)
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def cannot_write(out: Path, path: str, error: OSError) -> OutputError:
    """The message for a write of path (in out) that failed: a full disk, a file size
    limit, no permission."""
    reason = error.strerror or str(error)
    if error.errno in (errno.ENOSPC, errno.EDQUOT):
        reason = _("the disk is full ({reason})", reason=reason)
    return OutputError(str(out), "", _("cannot write '{path}': {reason}", path=path,
                                       reason=reason), _(WRITE_FIX))


def entry_for(path: str, data: bytes, fields: dict[str, Any]) -> dict[str, Any]:
    """Return a manifest entry: path, the job's fields, size and checksum."""
    return {"path": path, **fields, "bytes": len(data),
            "sha256": hashlib.sha256(data).hexdigest()}


def read_manifest(out: Path, name: str = MANIFEST) -> list[dict[str, Any]]:
    """Return the entries of an existing manifest: [] if there is none, or (with a
    warning) if it is damaged or any entry is not to be trusted."""
    not_ours = _("it is not a manifest the toolkit wrote")
    try:
        files = read_json(out, name, not_ours)["files"]
        if not isinstance(files, list):
            raise TypeError(files)
    except OSError:
        return []  # none yet
    except ValueError as error:
        set_aside(out, name, str(error))
        return []
    except (KeyError, TypeError):
        set_aside(out, name, not_ours)
        return []
    for entry in files:
        problem = entry_problem(entry)
        if problem is not None:
            set_aside(out, name, problem)
            return []
    return files


def _check_no_links(out: Path, path: str) -> None:
    """Refuse to write through a symbolic link in the output folder (it could lead out)."""
    current = out
    for part in path.split("/")[:-1]:
        current = current / part
        if current.is_symlink():
            raise OutputError(str(out), "", _(
                "'{path}' is a symbolic link; the build does not write through links",
                path=current.relative_to(out)),
                _("remove the link (the build writes a real folder there)"))


def manifest_bytes(entries: Iterable[dict[str, Any]]) -> bytes:
    ordered = sorted(entries, key=lambda entry: entry["path"])
    return (json.dumps({"files": ordered}, ensure_ascii=False, indent=2) + "\n").encode("utf-8")


class Writer:
    """Collects a build's files and keeps the manifest in step; files go to staging.

    rebuilt holds the (region, product) pairs this run produces: earlier entries for those
    pairs (and previews of their files) are replaced; other earlier entries are kept while
    their file still exists.
    """

    def __init__(self, staging: "Staging", rebuilt: set[tuple[str, str]],
                 manifest: str = MANIFEST, earlier: bool = True):
        self.staging = staging
        self.out = staging.out
        self.rebuilt = rebuilt
        self.manifest = manifest
        self._entries: dict[str, dict[str, Any]] = {}  # by path: the last write wins
        self._earlier = read_manifest(self.out, manifest) if earlier else []

    def write(self, path: str, data: bytes, fields: dict[str, Any]) -> dict[str, Any]:
        entry = self.staging.put(path, data, fields)
        self._entries[path] = entry
        return entry

    def record(self, entry: dict[str, Any]) -> None:
        """Add the entry of a file staged (or already in place) under its path."""
        self._entries[entry["path"]] = entry

    def merged_entries(self) -> list[dict[str, Any]]:
        """This run's entries plus the earlier ones that still stand."""
        written = self._entries
        kept = [entry for entry in self._earlier
                if (entry.get("region"), entry.get("source", entry.get("product")))
                not in self.rebuilt
                and entry["path"] not in written and output_file(self.out, entry["path"])]
        return kept + self.entries

    @property
    def entries(self) -> list[dict[str, Any]]:
        """This run's entries, in the order first written."""
        return list(self._entries.values())

    def finish(self, extra: dict[str, bytes] | None = None) -> None:
        """Stage the manifest (and extra files such as the cache, moved after it), then
        commit every staged file into the output folder."""
        self.staging.put(self.manifest, manifest_bytes(self.merged_entries()))
        for path, data in (extra or {}).items():
            self.staging.put(path, data)
        self.staging.commit(self.manifest, tuple(extra or ()))


class Staging:
    """Files of a build that is still running, under OUT/.staging-<pid>/; see the module
    docstring for how they are committed. Memory stays bounded: files wait on disk."""

    def __init__(self, out: Path):
        self.out = out
        self.folder = out / f"{STAGING_PREFIX}{os.getpid()}"
        if self.folder.is_symlink():  # planted where this build would stage: not followed
            self.folder.unlink()
        self.paths: list[str] = []  # in the order staged; a path staged twice: last wins

    def put(self, path: str, data: bytes, fields: dict[str, Any] | None = None
            ) -> dict[str, Any] | None:
        """Stage one file; return its manifest entry (None for files the manifest does not
        list: the manifest itself, the cache)."""
        target = self.folder / path
        if not (safe_relative(path) or path in (MANIFEST, CACHE_NAME)
                or SHARD_NAME.match(path)):
            raise OutputError(str(self.out), "", _(
                "'{path}' is not a path inside the output folder", path=path[:80]),
                _("report this: it is a bug"))
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            _write_file(target, data, sync=False)
        except OSError as error:
            raise cannot_write(self.out, path, error) from None
        if path not in self.paths:
            self.paths.append(path)
        return None if fields is None else entry_for(path, data, fields)

    def commit(self, manifest: str, last: tuple[str, ...] = ()) -> None:
        """Move every staged file into place: journal, shrunk manifest, moves (the manifest,
        then last, at the end), clean-up."""
        if not self.paths:
            self.discard()
            return
        tail = [path for path in (manifest, *last) if path in self.paths]
        order = sorted(path for path in self.paths if path not in tail) + tail
        for path in order:  # before anything moves: a link stops the build, whole
            _check_no_links(self.out, path)
        journal = self.out / JOURNAL
        replaced = set(order)
        shrunk = [e for e in read_manifest(self.out, manifest) if e["path"] not in replaced]
        for path, data in ((JOURNAL, json.dumps({"staging": self.folder.name,
                                                 "paths": order}).encode("utf-8")),
                           (manifest, manifest_bytes(shrunk))):
            try:
                atomic_write(self.out / path, data)
            except OSError as error:
                journal.unlink(missing_ok=True)
                self.discard()
                raise cannot_write(self.out, path, error) from None
        try:
            _move(self.out, self.folder, order)
        except OSError as error:
            raise OutputError(str(self.out), "", _(
                "could not move the new files into place ({reason})", reason=error.strerror),
                _("build again: the next build finishes the move first")) from None
        journal.unlink()
        self.discard()

    def discard(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def _move(out: Path, folder: Path, paths: list[str]) -> int:
    """Move each staged path into place; return how many were moved."""
    moved = 0
    for path in paths:
        source = folder / path
        if source.is_file() and not source.is_symlink():  # not moved already (a resumed
            _check_no_links(out, path)  # commit) or never staged
            (out / path).parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, out / path)
            moved += 1
    return moved


def _journal(out: Path) -> tuple[Path, list[str]] | None:
    """The staging folder and paths of an interrupted commit, when the journal can be
    trusted (set aside with a warning otherwise)."""
    try:
        data = read_json(out, JOURNAL, _("it is not a journal the toolkit wrote"))
        folder, paths = data["staging"], data["paths"]
        if not isinstance(paths, list):
            raise TypeError(paths)
        if not (isinstance(folder, str) and STAGING_NAME.match(folder)) \
                or (out / folder).is_symlink():
            raise ValueError(_("its staging folder is not one a build makes"))
        unsafe = [path for path in paths if not safe_relative(path)
                  and path not in (MANIFEST, CACHE_NAME)
                  and not SHARD_NAME.match(str(path))]
        if unsafe:
            raise ValueError(_("path {path} is not inside the output folder",
                               path=repr(str(unsafe[0])[:80])))
    except (OSError, ValueError, KeyError, TypeError) as error:
        reason = str(error) if isinstance(error, ValueError) \
            else _("it is not a journal the toolkit wrote")
        set_aside(out, JOURNAL, reason)
        return None
    return out / folder, paths


def recover(out: Path) -> int | None:
    """Finish a commit that was interrupted, then remove what killed builds left (staging
    folders, temporary files). Call only while holding the folder's lock. Returns the
    number of files moved when a commit was finished, else None."""
    journal = out / JOURNAL
    finished = None
    if journal.is_file() or journal.is_symlink():
        trusted = _journal(out)
        if trusted is not None:  # a damaged journal: the checksums redo what differs
            finished = _move(out, *trusted)
        journal.unlink()
    for folder in out.glob(f"{STAGING_PREFIX}*"):
        if folder.is_symlink():
            folder.unlink()
        else:
            shutil.rmtree(folder, ignore_errors=True)
    for temporary in out.rglob(f".*{TEMPORARY_SUFFIX}"):
        if TEMPORARY_NAME.match(temporary.name) and temporary.is_file():
            temporary.unlink(missing_ok=True)
    return finished


_HELD: set[int] = set()  # descriptors of locked output folders, closed in forked workers


def _close_in_child() -> None:
    for descriptor in _HELD:
        os.close(descriptor)  # the parent's lock stays: it holds its own descriptor
    _HELD.clear()


os.register_at_fork(after_in_child=_close_in_child)


class OutputFolder:
    """The output folder, held by one build at a time (`with OutputFolder(out):`).

    Entering creates the folder if needed, takes an exclusive lock on it (refusing at once
    with LockedError if another build holds it), and recovers from an interrupted build.
    Leaving releases the lock, and removes the folders this build created that stayed
    empty (a refused first build leaves nothing behind).
    """

    def __init__(self, out: Path):
        self.out = out
        self._descriptor: int | None = None
        self.recovered: int | None = None  # files an interrupted commit moved on entering
        self._created: list[Path] = []  # folders this build made, deepest first

    def __enter__(self) -> "OutputFolder":
        self._created = [path for path in (self.out, *self.out.parents) if not path.exists()]
        try:
            self.out.mkdir(parents=True, exist_ok=True)
            descriptor = os.open(self.out, os.O_RDONLY | os.O_DIRECTORY)
        except OSError as error:
            raise OutputError(str(self.out), "", _(
                "cannot create or open the output folder ({reason})", reason=error.strerror),
                _("give a folder you can write to")) from None
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(descriptor)
            raise LockedError(str(self.out), "", _(
                "another build is writing into this folder"),
                _("wait for it to finish, or give another --out")) from None
        self._descriptor = descriptor
        _HELD.add(descriptor)
        self.recovered = recover(self.out)
        return self

    def __exit__(self, *_exc) -> None:
        for folder in self._created:
            if any(folder.iterdir()):
                break
            folder.rmdir()
        if self._descriptor is not None:
            _HELD.discard(self._descriptor)
            os.close(self._descriptor)  # releases the lock
            self._descriptor = None
