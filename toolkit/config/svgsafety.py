"""What an SVG logo may hold: shapes, text and gradients, nothing that reaches outside it.

A logo is drawn into print files on the build machine, so an SVG that refers to other files
or addresses (an <image>, a <use> of another file, a CSS @import or url()), runs a script,
or embeds web content is refused before svglib sees it; so is one with more elements than
any logo needs. svglib's own font lookup (a guessed file name searched on disk, then the
system's fc-match) is switched off: a logo's text falls back to a standard font, which the
loader replaces by the embedded Lato.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass
from typing import Any
from xml.etree.ElementTree import Element

from svglib.fonts import FontMap

from toolkit.config.messages import N_, _

MAX_SVG_ELEMENTS = 20_000  # a detailed logo has a few hundred; more is a stress file
MAX_SVG_DEPTH = 100  # elements inside elements: a logo nests a handful; svglib recurses
# A coordinate, size or scale beyond this is a broken or hostile file (scale(1e308),
# font-size="1e300"): drawn, it overflows to infinity. '#1e3000' (a colour) is no number.
MAX_SVG_NUMBER = 1e6
NUMBER = re.compile(r"(?<![#\w.])[-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?")
MAX_QUOTED_CHARS = 60  # a reference is quoted in a message up to this length
SCRIPT_ELEMENTS = frozenset({"script", "foreignObject", "iframe", "handler", "listener"})
EVENT_PREFIX = "on"  # onload=, onclick=, ...: script in an attribute
CSS_URL = re.compile(r"url\(\s*['\"]?\s*([^'\")]*)", re.IGNORECASE)
CSS_IMPORT = re.compile(r"@import\s+(?:url\()?\s*['\"]?([^'\");]*)", re.IGNORECASE)
EMBEDDED_IMAGE = re.compile(r"^\s*data:", re.IGNORECASE)
REFERENCE_FIX = N_("embed it, or export the logo again as plain SVG")
PLAIN_SVG_FIX = N_("export the logo again as plain SVG")


@dataclass(frozen=True)
class Refusal:
    message: str
    fix: str


def _local(name: Any) -> str:
    """'{http://www.w3.org/2000/svg}image' -> 'image'."""
    return str(name).rsplit("}", 1)[-1]


def _quoted(value: str) -> str:
    value = " ".join(value.split())
    return value if len(value) <= MAX_QUOTED_CHARS else value[:MAX_QUOTED_CHARS] + "..."


def _reference(value: str) -> Refusal:
    if EMBEDDED_IMAGE.match(value):
        # Its pixels would reach the print file in RGB and unchecked for resolution.
        return Refusal(_("embeds a raster image"), _(
            "give the logo as PNG or JPEG, or export it again as an SVG with vector shapes "
            "only"))
    return Refusal(_("refers to an outside file or address '{address}'",
                     address=_quoted(value)), _(REFERENCE_FIX))


def _outside(value: str) -> str | None:
    """The first url(...) in value that does not point inside the document (#id)."""
    for target in CSS_URL.findall(value):
        if not target.strip().startswith("#"):
            return target
    return None


def _extreme(value: str) -> str | None:
    """The first number in an attribute or style that no logo needs, or None."""
    for token in NUMBER.findall(value):
        number = float(token)
        if not math.isfinite(number) or abs(number) > MAX_SVG_NUMBER:
            return token
    return None


def _too_deep(root: Element) -> bool:
    """True when elements nest deeper than MAX_SVG_DEPTH (walked without recursion)."""
    stack = [(root, 1)]
    while stack:
        element, depth = stack.pop()
        if depth > MAX_SVG_DEPTH:
            return True
        stack.extend((child, depth + 1) for child in element)
    return False


def _use_target(element: Element) -> str | None:
    """The id a <use> copies ('#a' -> 'a'), or None for any other element."""
    if _local(element.tag) != "use":
        return None
    href = next((value for key, value in element.attrib.items() if _local(key) == "href"), "")
    return href.strip()[1:] if href.strip().startswith("#") else None


def _drawn(root: Element) -> Refusal | None:
    """Count the elements svglib draws once every <use> is expanded: a few hundred bytes
    of nested <use> can stand for a billion shapes ("use bomb"), and a <use> of itself
    loops. Memoised per element; recursion is bounded by the depth guard plus the hops."""
    by_id = {element.get("id"): element for element in root.iter() if element.get("id")}
    counted: dict[int, int] = {}
    busy: set[int] = set()

    def drawn(element: Element, depth: int) -> int:
        key = id(element)
        if key in counted:
            return counted[key]
        if key in busy or depth > MAX_SVG_DEPTH:
            raise RecursionError
        busy.add(key)
        total = 1 + sum(drawn(child, depth + 1) for child in element)
        target = by_id.get(_use_target(element) or "")
        if target is not None:
            total += drawn(target, depth + 1)
        busy.discard(key)
        counted[key] = total = min(total, MAX_SVG_ELEMENTS + 1)
        return total

    try:
        total = drawn(root, 1)
    except RecursionError:
        return Refusal(_("uses itself, or nests more than {most} deep through <use>",
                         most=MAX_SVG_DEPTH), _(PLAIN_SVG_FIX))
    if total > MAX_SVG_ELEMENTS:
        return Refusal(_("draws more than {most} elements once its <use> copies are counted",
                         most=MAX_SVG_ELEMENTS), _("simplify the logo, or give it as PNG"))
    return None


def refusal(root: Element) -> Refusal | None:
    """Why the SVG (parsed by defusedxml) cannot be used as a logo, or None."""
    if _too_deep(root):
        return Refusal(_("nests elements more than {most} deep", most=MAX_SVG_DEPTH),
                       _(PLAIN_SVG_FIX))
    for count, element in enumerate(root.iter(), start=1):
        if count > MAX_SVG_ELEMENTS:
            return Refusal(_("has more than {most} elements", most=MAX_SVG_ELEMENTS),
                           _("simplify the logo, or give it as PNG"))
        name = _local(element.tag)
        events = [_local(key) for key in element.attrib
                  if _local(key).lower().startswith(EVENT_PREFIX)]
        if name in SCRIPT_ELEMENTS or events:
            what = f"<{name}>" if name in SCRIPT_ELEMENTS else f"{events[0]}="
            return Refusal(_("contains a script or web content ({what})", what=what),
                           _(PLAIN_SVG_FIX))
        for key, value in element.attrib.items():
            if _local(key) == "href" and not value.strip().startswith("#"):
                return _reference(value)
            extreme = _extreme(value) if _local(key) != "id" else None
            if extreme is not None:
                return Refusal(_("holds the number {number} in {attribute}=, beyond what a "
                                 "logo needs ({most})", number=_quoted(extreme),
                                 attribute=_local(key), most=format(MAX_SVG_NUMBER, "g")),
                               _(PLAIN_SVG_FIX))
            target = _outside(value)
            if target is not None:
                return _reference(target)
        if name == "style" and element.text:
            imported = CSS_IMPORT.search(element.text)
            target = imported.group(1) if imported else _outside(element.text)
            if target is not None:
                return _reference(target)
    return _drawn(root)


class EmbeddedFontsOnly(FontMap):
    """svglib's font map without lookups on the machine: no font file searched by a
    guessed name, no fc-match process. Unknown families become the standard font."""

    def use_fontconfig(self, font_name: str, weight: str = "normal",
                       style: str = "normal") -> tuple[None, bool]:
        return None, False

    def register_font(self, font_family: str, font_path: str | None = None,
                      weight: str = "normal", style: str = "normal",
                      rlgFontName: str | None = None) -> tuple[str | None, bool]:  # noqa: N803
        if font_path is not None:  # svglib's guess such as 'arial.ttf', searched on disk
            return None, False
        return super().register_font(font_family, None, weight, style, rlgFontName)
