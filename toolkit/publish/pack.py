"""Print packs: one ZIP per region with every file partners use, a Dutch LEESMIJ.txt and
the region's part of the manifest. Deterministic: fixed timestamps, sorted names, fixed
permissions and compression, so the same files give the same ZIP bytes."""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

from toolkit.config.messages import _
from toolkit.errors import OutputError
from toolkit.publish.untrusted import safe_relative

ZIP_EPOCH = (1980, 1, 1, 0, 0, 0)  # the earliest date a ZIP can hold
FILE_MODE = 0o644 << 16
ALREADY_COMPRESSED = (".pdf", ".png", ".jpg", ".jpeg", ".zip")
DEFLATE_LEVEL = 9
README_NAME = "LEESMIJ.txt"
MANIFEST_NAME = "manifest.json"
PACKED_OUT = ("preview", "pack", "portal")  # thumbnails serve the page; a pack is not packed


def packed(entry: dict[str, Any], region: str) -> bool:
    """True when entry belongs in region's pack. The contact sheet goes as its PDF only:
    the PNG shows the same pages (it serves the web) and would take 1.1 MB of the 10 MB a
    pack may weigh to be e-mailed."""
    if entry.get("product") == "contactsheet" and entry.get("format") == "png":
        return False
    return entry.get("region") == region and entry.get("product") not in PACKED_OUT


def inner_name(path: str, region: str) -> str:
    """A file's name inside the pack: its path without the region folder."""
    prefix = f"{region}/"
    return path[len(prefix):] if path.startswith(prefix) else path


def pack_bytes(region: str, files: list[tuple[dict[str, Any], bytes]], readme: str) -> bytes:
    """Return the ZIP: the files under their product folders, LEESMIJ.txt, manifest.json."""
    entries = sorted(files, key=lambda item: item[0]["path"])
    part = [{**entry, "path": inner_name(entry["path"], region)} for entry, _data in entries]
    manifest = json.dumps({"region": region, "files": part}, ensure_ascii=False,
                          indent=2) + "\n"
    members = [(README_NAME, readme.encode("utf-8")),
               (MANIFEST_NAME, manifest.encode("utf-8")),
               *((inner_name(entry["path"], region), data) for entry, data in entries)]
    unsafe = [name for name, _data in members if not safe_relative(name)]
    if unsafe:  # a member '../x' or '/x' would be written outside where it is unpacked
        raise OutputError(region, "", _("'{name}' is not a safe name in a ZIP",
                                        name=unsafe[0][:80]),
                          _("remove the output folder's manifest.json and build again"))
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        for name, data in members:
            info = zipfile.ZipInfo(name, ZIP_EPOCH)
            info.external_attr = FILE_MODE
            info.create_system = 3  # unix: the mode above is read as unix permissions
            stored = name.lower().endswith(ALREADY_COMPRESSED)
            info.compress_type = zipfile.ZIP_STORED if stored else zipfile.ZIP_DEFLATED
            archive.writestr(info, data, compresslevel=None if stored else DEFLATE_LEVEL)
    return buffer.getvalue()
