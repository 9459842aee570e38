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

from toolkit.errors import LockedError, OutputError

MANIFEST = "manifest.json"
SHARD_MANIFEST = "manifest.shard-{k}-of-{n}.json"  # a shard's part, joined by `merge`
JOURNAL = ".toolkit-commit.json"
STAGING_PREFIX = ".staging-"
TEMPORARY_SUFFIX = ".tmp"
TEMPORARY_NAME = re.compile(r"^\..+\.\d+\.tmp$")  # atomic_write's: .<name>.<pid>.tmp
WRITE_FIX = "free some disk space or give another --out; the earlier files are unchanged"


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
        reason = f"the disk is full ({reason})"
    return OutputError(str(out), "", f"cannot write '{path}': {reason}", WRITE_FIX)


def entry_for(path: str, data: bytes, fields: dict[str, Any]) -> dict[str, Any]:
    """Return a manifest entry: path, the job's fields, size and checksum."""
    return {"path": path, **fields, "bytes": len(data),
            "sha256": hashlib.sha256(data).hexdigest()}


def read_manifest(out: Path, name: str = MANIFEST) -> list[dict[str, Any]]:
    """Return the entries of an existing manifest ([] if there is none or it is damaged)."""
    try:
        data = json.loads((out / name).read_text("utf-8"))
        files = data["files"]
        return [entry for entry in files if isinstance(entry, dict) and "path" in entry]
    except (OSError, ValueError, KeyError, TypeError):
        return []


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
                and entry["path"] not in written and (self.out / entry["path"]).is_file()]
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
        self.paths: list[str] = []  # in the order staged; a path staged twice: last wins

    def put(self, path: str, data: bytes, fields: dict[str, Any] | None = None
            ) -> dict[str, Any] | None:
        """Stage one file; return its manifest entry (None for files the manifest does not
        list: the manifest itself, the cache)."""
        target = self.folder / path
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
            raise OutputError(str(self.out), "", f"could not move the new files into place "
                              f"({error.strerror})", "build again: the next build finishes "
                              "the move first") from None
        journal.unlink()
        self.discard()

    def discard(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def _move(out: Path, folder: Path, paths: list[str]) -> None:
    for path in paths:
        source = folder / path
        if source.exists():  # moved already (a resumed commit) or never staged
            (out / path).parent.mkdir(parents=True, exist_ok=True)
            os.replace(source, out / path)


def recover(out: Path) -> bool:
    """Finish a commit that was interrupted, then remove what killed builds left (staging
    folders, temporary files). Call only while holding the folder's lock. Returns True
    when a commit was finished."""
    journal = out / JOURNAL
    finished = False
    if journal.is_file():
        try:
            data = json.loads(journal.read_text("utf-8"))
            folder, paths = out / data["staging"], list(data["paths"])
            if folder.parent != out or not folder.name.startswith(STAGING_PREFIX):
                raise ValueError(folder)
        except (OSError, ValueError, KeyError, TypeError):
            pass  # a damaged journal: the checksums make the next build redo what differs
        else:
            _move(out, folder, paths)
            finished = True
        journal.unlink()
    for folder in out.glob(f"{STAGING_PREFIX}*"):
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
        self._created: list[Path] = []  # folders this build made, deepest first

    def __enter__(self) -> "OutputFolder":
        self._created = [path for path in (self.out, *self.out.parents) if not path.exists()]
        try:
            self.out.mkdir(parents=True, exist_ok=True)
            descriptor = os.open(self.out, os.O_RDONLY | os.O_DIRECTORY)
        except OSError as error:
            raise OutputError(str(self.out), "", f"cannot create or open the output folder "
                              f"({error.strerror})", "give a folder you can write to") from None
        try:
            fcntl.flock(descriptor, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            os.close(descriptor)
            raise LockedError(str(self.out), "", "another build is writing into this "
                              "folder", "wait for it to finish, or give another --out") from None
        self._descriptor = descriptor
        _HELD.add(descriptor)
        recover(self.out)
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
