"""Logo rows, QR codes and colour maths."""

from __future__ import annotations

from pathlib import Path

import font_lato
import pytest

from toolkit.colour import Colour, contrast_ratio, parse_hex
from toolkit.config.assets import load_font
from toolkit.config.model import Partner
from toolkit.errors import TextDoesNotFit
from toolkit.layout.logos import LogoRowSpec, logo_row
from toolkit.layout.model import Box
from toolkit.layout.text import Where
from toolkit.products.common import cover_crop, tagged_url

BOLD = load_font(Path(font_lato.font_directory) / "Lato-Bold.ttf", "", "")
INK = Colour("ink", (0, 0, 0), (0, 0, 0, 1))
WHERE = Where("assets/regions/x/region.toml", "partners", "a test")


def partners(count: int) -> tuple[Partner, ...]:
    names = ["MET ggz", "Centrum voor Jeugd en Gezin Midden-Limburg", "Wel.kom", "Synthese"]
    return tuple(Partner(names[i % len(names)], None, f"partners[{i}]") for i in range(count))


def test_logo_row_wraps_and_stays_in_its_box():
    box = Box(0, 0, 300, 80)
    spec = LogoRowSpec(24, 12, 12, 6, BOLD, INK)
    _, placed = logo_row(partners(8), box, spec, WHERE)
    assert len(placed) == 8
    rows = {round(p.box.y + p.box.height / 2, 3) for p in placed}
    assert len(rows) >= 2
    for item in placed:
        assert box.contains(item.box)


def test_logo_row_refuses_what_cannot_fit():
    with pytest.raises(TextDoesNotFit):
        logo_row(partners(40), Box(0, 0, 200, 20), LogoRowSpec(18, 15, 10, 4, BOLD, INK), WHERE)


def test_contrast_ratio_reference_values():
    assert contrast_ratio((0, 0, 0), (1, 1, 1)) == pytest.approx(21.0)
    assert contrast_ratio(parse_hex("#777777"), (1, 1, 1)) == pytest.approx(4.48, abs=0.01)


def test_cover_crop_keeps_aspect():
    class Photo:
        aspect = 1.5
    left, bottom, right, top = cover_crop(Photo(), Box(0, 0, 100, 100))
    assert (right - left) * 1.5 == pytest.approx(top - bottom)


def test_tagged_url():
    url = tagged_url("https://x.nl/a", "poster", "print", "camp", "buren")
    assert url == ("https://x.nl/a?utm_source=poster&utm_medium=print&utm_campaign=camp"
                   "&utm_content=buren")
