"""Helpers the config modules share: below load.py, table.py and socialmap.py, so that
none of them has to import another back."""

from __future__ import annotations

from pathlib import Path

from toolkit.errors import InputError


def inside(root: Path, base: Path, value: str, file: str, field_path: str) -> Path:
    """Return base/value, refusing paths that leave the campaign folder (../, absolute, links)."""
    candidate = Path(value)
    resolved = (base / candidate).resolve()
    if candidate.is_absolute() or not resolved.is_relative_to(root.resolve()):
        raise InputError(file, field_path, f"path '{value}' leaves the campaign folder",
                         "put the file inside the campaign folder and give a relative path")
    return base / candidate
