"""Shared fixtures: the project's own campaign, built once per session into a temp folder."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest

from toolkit.cli import main

ROOT = Path(__file__).resolve().parent.parent
MM = 72 / 25.4


def build_into(out: Path, *arguments: str, campaign: Path = ROOT) -> int:
    return main(["build", "--campaign", str(campaign), "--out", str(out), "-q", *arguments])


def read_manifest(out: Path) -> list[dict]:
    return json.loads((out / "manifest.json").read_text("utf-8"))["files"]


@pytest.fixture(scope="session")
def built(tmp_path_factory) -> Path:
    """The default toolkit, built once with default settings."""
    out = tmp_path_factory.mktemp("default")
    assert build_into(out) == 0
    return out


@pytest.fixture
def campaign(tmp_path) -> Path:
    """A writable copy of the project's campaign folder (assets/ and templates/)."""
    root = tmp_path / "campaign"
    for name in ("assets", "templates"):
        shutil.copytree(ROOT / name, root / name)
    return root
