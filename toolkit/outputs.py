"""The one writer: atomic files and the manifest that lists them with their checksums.

Every file goes to a temporary name in the same folder and is renamed into place, so a
reader (or a build killed half-way) sees the old file or the new one, never half of one.
"""

from __future__ import annotations

import hashlib
import json
import os
from pathlib import Path
from typing import Any, Iterable

MANIFEST = "manifest.json"
SHARD_MANIFEST = "manifest.shard-{k}-of-{n}.json"  # a shard's part, joined by `merge`


def atomic_write(path: Path, data: bytes) -> None:
    """Write data to path through a temporary file and a rename."""
    path.parent.mkdir(parents=True, exist_ok=True)
    temporary = path.with_name(f".{path.name}.{os.getpid()}.tmp")
    try:
        with open(temporary, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


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
    """Writes rendered files into the output folder and keeps the manifest in step.

    rebuilt holds the (region, product) pairs this run produces: earlier entries for those
    pairs (and previews of their files) are replaced; other earlier entries are kept while
    their file still exists.
    """

    def __init__(self, out: Path, rebuilt: set[tuple[str, str]], manifest: str = MANIFEST):
        self.out = out
        self.rebuilt = rebuilt
        self.manifest = manifest
        self._entries: dict[str, dict[str, Any]] = {}  # by path: the last write wins
        self._earlier = read_manifest(out, manifest)

    def write(self, path: str, data: bytes, fields: dict[str, Any]) -> dict[str, Any]:
        atomic_write(self.out / path, data)
        entry = entry_for(path, data, fields)
        self._entries[path] = entry
        return entry

    def record(self, entry: dict[str, Any]) -> None:
        """Add the entry of a file already in place (moved from staging)."""
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

    def finish(self) -> None:
        """Write the manifest."""
        atomic_write(self.out / self.manifest, manifest_bytes(self.merged_entries()))


class Staging:
    """Files of a build that is still running: written under OUT/.staging-<pid>/, moved
    into place one by one (each move atomic) only once the whole build has succeeded, so
    a failed build leaves the earlier outputs as they were and memory stays bounded."""

    def __init__(self, out: Path):
        self.out = out
        self.folder = out / f".staging-{os.getpid()}"
        self.staged: list[tuple[str, dict[str, Any]]] = []

    def put(self, path: str, data: bytes, fields: dict[str, Any]) -> None:
        target = self.folder / path
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_bytes(data)
        self.staged.append((path, entry_for(path, data, fields)))

    def commit(self, writer: "Writer") -> None:
        for path, entry in sorted(self.staged):
            (self.out / path).parent.mkdir(parents=True, exist_ok=True)
            os.replace(self.folder / path, self.out / path)
            writer.record(entry)
        self.discard()

    def discard(self) -> None:
        import shutil

        shutil.rmtree(self.folder, ignore_errors=True)
