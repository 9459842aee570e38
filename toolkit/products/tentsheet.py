"""The tent card's sheet: its panels and folds in mm, in print and on office paper.

Geometry only (no drawing), shared by the desk card, the print specification and tests.
"""

from __future__ import annotations

from toolkit.formats import CUT_OVERHANG_MM, OFFICE_MARGIN_MM, PRINT_FORMATS

TENT_SHEET = "A3"
# The tent sheet from the bottom up, in mm: glue strip, base, face 2, face 1 (sums to A3).
TENT_PANELS_MM = (20.0, 120.0, 140.0, 140.0)


def tent_folds(form: str) -> dict[str, list[float]]:
    """The tent's panels (face 1, face 2, base, glue strip) and its folds, in mm from the
    sheet's top edge: for the print shop's specification and the manifest."""
    office = form == "office"
    panels = list(reversed(office_panels_mm() if office else TENT_PANELS_MM))
    edge = office_inset_mm() if office else 0.0
    folds = []
    for panel in panels[:-1]:
        edge += panel
        folds.append(round(edge, 1))
    return {"panels_mm": [round(panel, 1) for panel in panels], "folds_mm": folds}


def office_panels_mm() -> tuple[float, ...]:
    """The tent's panels on office paper (glue strip first): the glue strip as in print,
    the others scaled alike to fit the printable area less the art's overhang."""
    room = PRINT_FORMATS[TENT_SHEET].height_mm - 2 * (OFFICE_MARGIN_MM + CUT_OVERHANG_MM)
    glue, *rest = TENT_PANELS_MM
    factor = (room - glue) / sum(rest)
    return (glue, *(panel * factor for panel in rest))


def office_inset_mm() -> float:
    """How far the office tent's cut line lies inside the paper's edge."""
    return OFFICE_MARGIN_MM + CUT_OVERHANG_MM
