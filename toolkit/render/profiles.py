"""Output profiles: how a page description becomes a file (colour space, bleed, marks)."""

from __future__ import annotations

from dataclasses import dataclass

from toolkit.config.press import Press, default_press
from toolkit.formats import BLEED_MM, CROP_MARK_LENGTH_MM, CROP_MARK_OFFSET_MM, mm


@dataclass(frozen=True)
class Profile:
    """print: CMYK, bleed, marks, boxes. screen: RGB, trim only, links and viewer title."""

    name: str
    colour_space: str  # 'cmyk' or 'rgb'
    bleed_mm: float
    crop_marks: bool
    max_image_ppi: int  # more pixels than this per inch only add weight
    press: Press | None = None  # print: the printing condition colours are separated for
    edition: tuple[str, str] = ("", "")  # the campaign's version and date (PDF/X metadata)

    @property
    def bleed(self) -> float:
        return mm(self.bleed_mm)

    @property
    def slug(self) -> float:
        """Space outside the bleed for crop marks (zero without marks)."""
        if not self.crop_marks:
            return 0.0
        return mm(CROP_MARK_OFFSET_MM + CROP_MARK_LENGTH_MM) + 1.0

    @property
    def is_print(self) -> bool:
        return self.colour_space == "cmyk"


def print_profile(bleed_mm: float = BLEED_MM, crop_marks: bool = True,
                  press: Press | None = None, edition: tuple[str, str] = ("", "")) -> Profile:
    return Profile("print", "cmyk", bleed_mm, crop_marks, PRINT_MAX_PPI,
                   press or default_press(), edition)


PRINT_MAX_PPI = 450  # 1.5 x the 300 ppi a press needs
SCREEN_MAX_PPI = 200  # twice a 96 dpi screen: sharp on high-density displays too
SCREEN = Profile("screen", "rgb", 0.0, False, SCREEN_MAX_PPI)
OFFICE_MAX_PPI = 300  # what an office printer resolves
# Printed at the office (the handreiking's booklet): RGB, no bleed or marks.
OFFICE = Profile("office", "rgb", 0.0, False, OFFICE_MAX_PPI)

# The print condition the CMYK values are meant for, named once. Where a print file
# declares an output intent, the print specification quotes the file instead.
PRINT_CONDITION = "FOGRA39 (ISO Coated v2)"
