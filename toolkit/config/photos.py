"""A region's photos, read from region.toml's [photos] table: the posters' photo and a
photo per design, each with a focal point the cover crop keeps in the frame, and alt text
(or marked decorative: screen readers skip it).

    [photos.design.social.buren]          # named as in assets/brand/designs.toml
    file = "photos/buren.jpg"
    focus = [0.3, 0.4]                    # from the left, from the top (default: the centre)
    alt = "Een buurvrouw zwaait naar een jongen op de stoep."

The short form `poster = "photos/poster.jpg"` is a decorative photo, centred.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from toolkit.config.assets import load_raster
from toolkit.config.common import inside
from toolkit.config.messages import N_, _
from toolkit.config.model import RegionPhoto
from toolkit.config.schema import Option, Table, validate
from toolkit.errors import Problems, ToolkitError

CENTRE = (0.5, 0.5)
MAX_ALT_CHARS = 250  # one or two sentences: the alt text of the whole image has a limit


def _focus(value: list) -> str | None:
    if len(value) == 2 and all(0 <= number <= 1 for number in value):
        return None
    return _("{value} is not a focal point; write two fractions from 0 to 1, from the left "
             "and from the top, e.g. [0.5, 0.4]", value=repr(value)[:60])


def _alt(value: str) -> str | None:
    if len(value) <= MAX_ALT_CHARS:
        return None
    return _("is {count} characters long; say what the photo shows in at most {most}",
             count=len(value), most=MAX_ALT_CHARS)


PHOTO = Table(
    {
        "file": Option(str, N_("The photo (JPEG/PNG), relative to the region folder.")),
        "focus": Option(list, N_("The focal point, [from the left, from the top] as fractions "
                                 "from 0 to 1: the crop keeps it in the frame."),
                        default=list(CENTRE), item_kind=(int, float),  # type: ignore[arg-type]
                        check=_focus),
        "alt": Option(str, N_("What the photo shows, for people who cannot see it."),
                      default="", printed=True, check=_alt),
        "decorative": Option(bool, N_("true for a photo that only sets a mood (no alt text)."),
                             default=False),
    },
    N_("A photo with its focal point and alt text."),
)


def load_photos(root: Path, folder: Path, raw: dict, file: str, problems: Problems
                ) -> tuple[RegionPhoto | None, tuple[tuple[str, RegionPhoto], ...]]:
    """The posters' photo (or None) and each design's own: ('social/<design>', photo).
    raw: the validated [photos] table ({} when it was not a table)."""
    poster = None
    if raw.get("poster") is not None:
        value, field = raw["poster"], "photos.poster.file"
        if isinstance(value, str):  # the short form: a backdrop, as the posters' photo was
            value, field = {"file": value, "decorative": True}, "photos.poster"
        poster = _photo(root, folder, value, file, "photos.poster", problems, field)
    designs: list[tuple[str, RegionPhoto]] = []
    for product in ("social", "poster"):
        for name, value in sorted((raw.get("design") or {}).get(product, {}).items()):
            photo = _photo(root, folder, value, file, f"photos.design.{product}.{name}",
                           problems)
            if photo is not None:
                designs.append((f"{product}/{name}", photo))
    return poster, tuple(designs)


def _photo(root: Path, folder: Path, value: Any, file: str, where: str,
           problems: Problems, field: str = "") -> RegionPhoto | None:
    """One photo: where is its table's key path, field the key that names its file."""
    field = field or f"{where}.file"
    count = len(problems.errors)
    spec = validate(value, PHOTO, file, problems, where)
    if spec.get("file") is None:
        return None
    if not spec["alt"].strip() and not spec["decorative"]:
        problems.error(file, f"{where}.alt", _("is missing: every photo needs alt text"), _(
            "say in one sentence what the photo shows (alt = \"...\"), or write decorative = "
            "true for a photo that only sets a mood"))
    elif spec["alt"].strip() and spec["decorative"]:
        problems.error(file, f"{where}.decorative", _("a decorative photo has no alt text"),
                       _("remove alt, or remove decorative = true"))
    try:
        image = load_raster(inside(root, folder, spec["file"], file, field), file, field)
    except ToolkitError as error:
        problems.absorb(error)
        return None
    if len(problems.errors) > count:
        return None
    focus = (float(spec["focus"][0]), float(spec["focus"][1]))
    return RegionPhoto(image, focus, "" if spec["decorative"] else spec["alt"].strip(), where)
