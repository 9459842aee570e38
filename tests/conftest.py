"""Shared fixtures: the project's own campaign, built once per session into a temp folder."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
from collections.abc import Callable
from pathlib import Path

import pytest
from hypothesis import HealthCheck, settings

from toolkit.run.cli import main

ROOT = Path(__file__).resolve().parent.parent
# The suite's messages are checked in English (the words the code is written in); the Dutch
# ones, the default for coordinators, in tests/test_messages.py (which sets --lang nl).
os.environ["TOOLKIT_LANG"] = "en"
MM = 72 / 25.4

# Property tests: "ci" (the default) runs a fixed, reproducible set of examples; "long"
# searches far wider, on demand (and keeps what fails in .hypothesis/ to replay first):
#   TOOLKIT_PROPERTY=long python -m pytest tests/test_slots_property.py
# (or HYPOTHESIS_PROFILE=long). Tests that set their own max_examples keep them.
_SLOW = [HealthCheck.too_slow, HealthCheck.data_too_large, HealthCheck.filter_too_much]
settings.register_profile("ci", max_examples=20, deadline=None, derandomize=True,
                          database=None, print_blob=True, suppress_health_check=_SLOW)
settings.register_profile("long", max_examples=2000, deadline=None,
                          suppress_health_check=_SLOW)
settings.load_profile(os.environ.get("HYPOTHESIS_PROFILE")
                      or ("long" if os.environ.get("TOOLKIT_PROPERTY") == "long" else "ci"))


def build_into(out: Path, *arguments: str, campaign: Path = ROOT) -> int:
    return main(["build", "--campaign", str(campaign), "--out", str(out), "-q", *arguments])


def read_manifest(out: Path) -> list[dict]:
    return json.loads((out / "manifest.json").read_text("utf-8"))["files"]


def shared_build(tmp_path_factory, name: str, build: Callable[[Path], int]) -> Path:
    """A build made once for the whole run and read by every test process (pytest-xdist
    runs the suite in two): the first process to ask builds it under a lock, the others
    wait for it and read the same folder. Tests must not write into it."""
    root = tmp_path_factory.getbasetemp()
    if os.environ.get("PYTEST_XDIST_WORKER"):
        root = root.parent  # the folder the workers' own temp folders share
    out, done = root / f"shared-{name}", root / f"shared-{name}.done"
    with open(root / f"shared-{name}.lock", "w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            shutil.rmtree(out, ignore_errors=True)
            assert build(out) == 0
            done.touch()
    return out


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """The default toolkit, built once with default settings (--jobs = cores)."""
    return shared_build(tmp_path_factory, "default", build_into)


# Files of a merged folder that a single build does not write (the shards' own manifests) or
# writes with other bookkeeping (the rebuild cache lists what each shard built).
SHARD_BOOKKEEPING = (".toolkit-cache.json",)


def _two_shards_merged(out: Path) -> int:
    """Build the default toolkit as shards 1/2 and 2/2, each in one process (--jobs 1) into
    its own folder, copy them together into out and merge them, as a CI matrix would."""
    for k in (1, 2):
        part = out.parent / f"{out.name}-shard{k}"
        code = build_into(part, "--shard", f"{k}/2", "--jobs", "1")
        if code:
            return code
        shutil.copytree(part, out, dirs_exist_ok=True)
    return main(["merge", "--out", str(out), "--campaign", str(ROOT)])


@pytest.fixture(scope="session")
def rebuilt(tmp_path_factory) -> Path:
    """The default toolkit built a second time, from scratch, another way: two shards, each
    on one process (--jobs 1), merged. Compared with `built` (one build, --jobs = cores), the
    same bytes show that the same input gives the same files, that one worker and two agree,
    and that shards merge into the single build (apart from SHARD_BOOKKEEPING and the
    shards' own manifest.shard* files)."""
    return shared_build(tmp_path_factory, "rebuilt", _two_shards_merged)


def same_files(folder: Path) -> dict[str, bytes]:
    """Every file of a build folder by relative path, without the shards' bookkeeping."""
    return {path.relative_to(folder).as_posix(): path.read_bytes()
            for path in sorted(folder.rglob("*")) if path.is_file()
            and path.name not in SHARD_BOOKKEEPING and not path.name.startswith("manifest.shard")}


@pytest.fixture
def campaign(tmp_path) -> Path:
    """A writable copy of the project's campaign folder (assets/ and templates/)."""
    root = tmp_path / "campaign"
    for name in ("assets", "templates"):
        shutil.copytree(ROOT / name, root / name)
    return root
