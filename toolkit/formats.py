"""Every output format, named once: print trim sizes and social-media pixel sizes."""

from __future__ import annotations

from dataclasses import dataclass

MM = 72 / 25.4  # points per millimetre
PX = 0.75  # points per CSS pixel (96 px per inch): social pages are laid out at this scale


def mm(value: float) -> float:
    """Return millimetres in points."""
    return value * MM


@dataclass(frozen=True)
class PrintFormat:
    """A trim (finished) size, portrait, in millimetres."""

    name: str
    width_mm: float
    height_mm: float

    @property
    def size_pt(self) -> tuple[float, float]:
        return (mm(self.width_mm), mm(self.height_mm))


@dataclass(frozen=True)
class ScreenFormat:
    """A social-media image size in pixels."""

    name: str
    width_px: int
    height_px: int
    use: str

    @property
    def size_pt(self) -> tuple[float, float]:
        return (self.width_px * PX, self.height_px * PX)


PRINT_FORMATS: dict[str, PrintFormat] = {
    fmt.name: fmt
    for fmt in (
        PrintFormat("A5", 148, 210),
        PrintFormat("A5-landscape", 210, 148),
        PrintFormat("A4", 210, 297),
        PrintFormat("A3", 297, 420),
        PrintFormat("A2", 420, 594),
        PrintFormat("A1", 594, 841),
        PrintFormat("50x70", 500, 700),
    )
}

SCREEN_FORMATS: dict[str, ScreenFormat] = {
    fmt.name: fmt
    for fmt in (
        ScreenFormat("square", 1080, 1080, "Instagram / Facebook / LinkedIn feed"),
        ScreenFormat("portrait", 1080, 1350, "Instagram feed (4:5), Facebook feed"),
        ScreenFormat("story", 1080, 1920, "Instagram / Facebook stories, WhatsApp status"),
        ScreenFormat("link", 1200, 630, "Link preview, website share image"),
        ScreenFormat("landscape", 1600, 900, "X (16:9)"),
    )
}

# Print-shop numbers (../shared/SPECS.md).
BLEED_MM = 3.0
MAX_BLEED_MM = 5.0  # large formats are sometimes asked with 5 mm
ART_OVERHANG_MM = MAX_BLEED_MM  # full-bleed art is drawn this far past the trim, then clipped
SAFE_MM = 5.0
CUT_OVERHANG_MM = 3.0  # art runs this far past every cut line: a die cut drifts
OFFICE_MARGIN_MM = 5.0  # office printers leave this much of the paper's edge unprinted
CROP_MARK_OFFSET_MM = 3.0  # marks start this far outside the bleed edge
CROP_MARK_LENGTH_MM = 6.0
FOLD_DASH_MM = 1.0  # fold marks: dashed, unlike the solid crop marks
HAIRLINE_PT = 0.25
OVERPRINT_LINE_MAX_PT = 2.0  # solid black lines up to this width overprint colour
MIN_PRINT_PPI = 300
FLOOR_PRINT_PPI = 150
