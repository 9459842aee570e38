"""QR codes from reportlab's own QR widget, as a module matrix the renderers draw."""

from __future__ import annotations

from functools import lru_cache

from reportlab.graphics.barcode.qr import QrCodeWidget

from toolkit.colour import Colour
from toolkit.layout.model import Box, QRCode

QUIET_ZONE_MODULES = 4  # ISO/IEC 18004 asks for four modules of white around the symbol
ERROR_CORRECTION = "M"  # survives a scuffed poster corner


@lru_cache(maxsize=256)
def qr_modules(data: str) -> tuple[tuple[bool, ...], ...]:
    """Return the dark/light module matrix of data."""
    widget = QrCodeWidget(data, barLevel=ERROR_CORRECTION)
    widget.qr.make()
    return tuple(tuple(bool(cell) for cell in row) for row in widget.qr.modules)


def qr_code(data: str, box: Box, colour: Colour) -> QRCode:
    """Return a QR item filling the square box (quiet zone inside it)."""
    side = min(box.width, box.height)
    square = Box(box.x, box.top - side, side, side)
    return QRCode(square, qr_modules(data), colour, QUIET_ZONE_MODULES, data)
