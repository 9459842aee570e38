"""Helpers the config modules share: below load.py, table.py and socialmap.py, so that
none of them has to import another back.

Containment is checked where input enters, in two places: check_tree() walks assets/ and
templates/ before anything is read (a symlink out of the campaign folder, a symlink loop,
a name no system can hold is refused wherever it is), and inside() checks every path a
setting names (logos, photos, fonts, the table's logo).
"""

from __future__ import annotations

import os
import re
from pathlib import Path

from toolkit.config.messages import N_, _
from toolkit.errors import InputError, Problems

CAMPAIGN_FOLDERS = ("assets", "templates")
MAX_PATH_CHARS = 1024  # a path in a setting longer than this is not a campaign file
MAX_NAME_BYTES = 255  # one file or folder name, on every common file system
MAX_ID_CHARS = 64  # region ids and audiences become folder and file names
# Names Windows cannot create (whatever the extension): an output folder named after a
# region 'con' could not be copied to a coordinator's laptop. Refused on every system.
RESERVED_NAMES = frozenset({"con", "prn", "aux", "nul", *(f"com{n}" for n in range(10)),
                            *(f"lpt{n}" for n in range(10))})
SLUG = re.compile(r"[a-z0-9]+(?:-[a-z0-9]+)*")
LEAVES_FIX = N_("put the file inside the campaign folder and give a relative path")


def id_problem(value: str) -> str | None:
    """What is wrong with value as a region id or audience (a folder or file name), or None."""
    if not SLUG.fullmatch(value):
        return _("'{value}' is not a simple name", value=_shown(value))
    if len(value) > MAX_ID_CHARS:
        return _("'{value}' is longer than {most} characters", value=_shown(value),
                 most=MAX_ID_CHARS)
    if value in RESERVED_NAMES:
        return _("'{value}' is a name Windows reserves for a device", value=value)
    return None


def _shown(value: str) -> str:
    value = value.replace("\0", "\\0").replace("\n", "\\n")
    return value if len(value) <= 80 else value[:80] + "..."


def inside(root: Path, base: Path, value: str, file: str, field_path: str) -> Path:
    """Return base/value, refusing paths that leave the campaign folder (../, absolute,
    links), hold a NUL byte, are too long to open, or run into a symlink loop."""
    long_name = any(len(part.encode()) > MAX_NAME_BYTES for part in value.split("/"))
    if "\0" in value or len(value) > MAX_PATH_CHARS or long_name:
        shown = _shown(value)
        if "\0" in value:
            what = _("path '{path}' holds a NUL byte", path=shown)
        elif len(value) > MAX_PATH_CHARS:
            what = _("path '{path}' is longer than {most} characters", path=shown,
                     most=str(MAX_PATH_CHARS))
        else:
            what = _("path '{path}' has a file or folder name longer than {most} bytes, "
                     "which no file system holds", path=shown, most=MAX_NAME_BYTES)
        raise InputError(file, field_path, what, _("give the file's relative path"))
    candidate = Path(value)
    try:
        resolved = (base / candidate).resolve()
    except RuntimeError:  # Python 3.11: 'Symlink loop from ...'
        raise InputError(file, field_path, _("path '{path}' is a symlink loop",
                                             path=_shown(value)),
                         _("replace the link by the file itself")) from None
    except OSError as error:
        raise InputError(file, field_path, _("path '{path}' cannot be opened ({reason})",
                                             path=_shown(value), reason=error.strerror),
                         _("give a shorter relative path")) from None
    if candidate.is_absolute() or not resolved.is_relative_to(root.resolve()):
        raise InputError(file, field_path, _("path '{path}' leaves the campaign folder",
                                             path=_shown(value)), _(LEAVES_FIX))
    return base / candidate


def check_tree(root: Path, problems: Problems) -> None:
    """Refuse every symlink in assets/ and templates/ that leads out of the campaign
    folder or into a loop, before any file there is read."""
    root = root.resolve()
    for name in CAMPAIGN_FOLDERS:
        if (root / name).is_symlink():  # os.walk follows the top folder itself
            count = len(problems.errors)
            _check_link(root, root / name, problems)
            if len(problems.errors) > count:
                continue  # leads out: nothing under it is looked at
        for folder, folders, files in os.walk(root / name, followlinks=False):
            for entry in sorted(folders + files):
                path = Path(folder) / entry
                if path.is_symlink():
                    _check_link(root, path, problems)


def _check_link(root: Path, path: Path, problems: Problems) -> None:
    file = path.relative_to(root).as_posix()
    try:
        target = path.resolve(strict=True)
    except RuntimeError:
        problems.error(file, "", _("is a symlink loop"),
                       _("replace the link by the file itself"))
        return
    except OSError:
        problems.error(file, "", _("is a symlink to '{target}', which does not exist",
                                   target=os.readlink(path)),
                       _("replace the link by the file itself"))
        return
    if not target.is_relative_to(root):
        problems.error(file, "", _("is a symlink that leaves the campaign folder (to "
                                   "'{target}')", target=target),
                       _("copy the file into the campaign folder instead"))
