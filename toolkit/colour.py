"""Colours with a screen value (sRGB) and a print value (CMYK), and WCAG contrast maths."""

from __future__ import annotations

import re
from dataclasses import dataclass

HEX_PATTERN = re.compile(r"^#[0-9a-fA-F]{6}\Z")
# WCAG 2.2, success criterion 1.4.3: minimum contrast for normal and large text.
CONTRAST_NORMAL = 4.5
CONTRAST_LARGE = 3.0
LARGE_TEXT_PT = 18.0
LARGE_BOLD_TEXT_PT = 14.0
MAX_TOTAL_INK = 3.0  # 300 %: what coated offset and digital presses accept.


@dataclass(frozen=True)
class Colour:
    """A brand colour: sRGB for screens, CMYK (0..1 each) for print."""

    name: str
    rgb: tuple[float, float, float]
    cmyk: tuple[float, float, float, float]

    @property
    def hex(self) -> str:
        return "#" + "".join(f"{round(channel * 255):02X}" for channel in self.rgb)

    @property
    def total_ink(self) -> float:
        return sum(self.cmyk)


def parse_hex(text: str) -> tuple[float, float, float] | None:
    """Return the sRGB triple (0..1) of '#RRGGBB', or None if text is not such a colour."""
    if not isinstance(text, str) or not HEX_PATTERN.match(text):
        return None
    return tuple(int(text[i : i + 2], 16) / 255 for i in (1, 3, 5))  # type: ignore[return-value]


def linear(channel: float) -> float:
    """Linearise one sRGB channel (0..1), as WCAG defines it."""
    if channel <= 0.04045:
        return channel / 12.92
    return ((channel + 0.055) / 1.055) ** 2.4


def luminance(rgb: tuple[float, float, float]) -> float:
    """Return the WCAG relative luminance of an sRGB colour."""
    red, green, blue = (linear(channel) for channel in rgb)
    return 0.2126 * red + 0.7152 * green + 0.0722 * blue


def contrast_ratio(first: tuple[float, float, float], second: tuple[float, float, float]) -> float:
    """Return the WCAG contrast ratio (1..21) between two sRGB colours."""
    lighter, darker = sorted((luminance(first), luminance(second)), reverse=True)
    return (lighter + 0.05) / (darker + 0.05)


def required_contrast(size_pt: float, bold: bool) -> float:
    """Return the minimum WCAG ratio for text of this size and weight."""
    large = size_pt >= LARGE_TEXT_PT or (bold and size_pt >= LARGE_BOLD_TEXT_PT)
    return CONTRAST_LARGE if large else CONTRAST_NORMAL


def mix(colour: Colour, paper: Colour, amount: float, name: str) -> Colour:
    """Return a tint: amount (0..1) of colour on paper, in both colour spaces."""
    rgb = tuple(p + (c - p) * amount for c, p in zip(colour.rgb, paper.rgb))
    cmyk = tuple(round(c * amount, 4) for c in colour.cmyk)
    return Colour(name, rgb, cmyk)  # type: ignore[arg-type]
