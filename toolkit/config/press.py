"""The printing condition: a CMYK output profile and every colour conversion through it.

All conversions run in LittleCMS (Pillow's ImageCms), relative colorimetric with black
point compensation, from the image's embedded profile (sRGB when it has none). One rule is
added on top, because a profile's own black generation puts greys on four plates: pixels
that are neutral in the source (R, G and B within NEUTRAL_SPREAD levels of each other:
a* and b* about 0, in any RGB profile whose white is neutral) are printed on K only, at
the K value the profile's K-only ramp gives for their lightness; up to MIXED_SPREAD the
K-only and the profile's values are blended, so a photo shows no edge. Single colours (SVG
logos, derived brand values) are converted as one-pixel images on the same path, so a
logo's black is the same as PNG and as SVG.
"""

from __future__ import annotations

import bisect
import hashlib
import io
import math
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

from PIL import Image, ImageChops, ImageCms, ImageMath

from toolkit.colour import MAX_TOTAL_INK
from toolkit.config.messages import _

DEFAULT_PROFILE = Path(__file__).resolve().parent.parent / "data" / "FOGRA39-300.icc"
DEFAULT_IDENTIFIER = "FOGRA39"
DEFAULT_CONDITION = "Coated FOGRA39 (ISO 12647-2:2004/Amd 1), offset on coated paper"
REGISTRY = "http://www.color.org"
NEUTRAL_SPREAD = 3  # max(R, G, B) - min(R, G, B) up to this: a neutral pixel, K only
MIXED_SPREAD = 10  # from here on the profile's separation alone
MAX_DELTA_E = 5.0  # ΔE00 between a brand colour's screen and print value
LAB_SCALE = 255 / 100  # Pillow's 8-bit LAB: L* 0..100 as 0..255, a* and b* offset by 128
LAB_OFFSET = 128
INTENT = ImageCms.Intent.RELATIVE_COLORIMETRIC
BPC = ImageCms.Flags.BLACKPOINTCOMPENSATION

Lab = tuple[float, float, float]


@dataclass(frozen=True)
class Press:
    """A printing condition: the output profile (ICC bytes) and how PDF/X names it."""

    identifier: str  # OutputConditionIdentifier, e.g. 'FOGRA39'
    condition: str  # what the print shop reads (the intent's Info)
    description: str  # the profile's own description
    digest: str  # sha256 of the ICC bytes: equal presses compare by it
    icc: bytes = field(repr=False, compare=False)


def read_press(data: bytes, identifier: str, condition: str) -> Press:
    """Return the Press of ICC bytes; raise ValueError saying what the bytes are instead."""
    try:
        profile = ImageCms.ImageCmsProfile(io.BytesIO(data))
    except (OSError, ImageCms.PyCMSError):
        raise ValueError(_("is not an ICC colour profile")) from None
    cms = profile.profile
    if cms.xcolor_space.strip() != "CMYK" or cms.device_class != "prtr":
        raise ValueError(_("is a {space} '{kind}' profile, not a CMYK output (printer) profile",
                           space=cms.xcolor_space.strip(), kind=cms.device_class))
    description = (cms.profile_description or "").strip()
    return Press(identifier, condition or description, description,
                 hashlib.sha256(data).hexdigest(), data)


@lru_cache(maxsize=1)
def default_press() -> Press:
    return read_press(DEFAULT_PROFILE.read_bytes(), DEFAULT_IDENTIFIER, DEFAULT_CONDITION)


# Transforms are costly to build (tens of ms): one per (source, press) per process.
@lru_cache(maxsize=8)
def _cms(icc: bytes | None) -> ImageCms.ImageCmsProfile:
    if icc is None:
        return ImageCms.ImageCmsProfile(ImageCms.createProfile("sRGB"))
    return ImageCms.ImageCmsProfile(io.BytesIO(icc))


@lru_cache(maxsize=16)
def _transform(source: bytes | None, target: bytes | None, modes: tuple[str, str],
               bpc: bool) -> ImageCms.ImageCmsTransform:
    def profile(icc):
        return ImageCms.createProfile("LAB") if icc == b"LAB" else _cms(icc)
    return ImageCms.buildTransform(profile(source), profile(target), *modes,
                                   renderingIntent=INTENT, flags=BPC if bpc else 0)


def _to_lab(source: bytes | None, mode: str) -> ImageCms.ImageCmsTransform:
    return _transform(source, b"LAB", (mode, "LAB"), False)


@lru_cache(maxsize=4)
def _k_ramp(press: Press) -> list[int]:
    """K (0..255) for each 8-bit L of the source: its luminance scaled between paper and
    100 % K (black point compensation towards K-only black), found on the K-only ramp."""
    ramp = Image.new("CMYK", (256, 1))
    ramp.putdata([(0, 0, 0, k) for k in range(256)])
    lightness = [pixel[0] / LAB_SCALE for pixel in
                 _pixels(_to_lab(press.icc, "CMYK").apply(ramp))]
    luminance = [_luminance(value) for value in lightness]
    darkest, rising = luminance[-1], luminance[::-1]  # rising[j]: K = 255 - j
    table = []
    for level in range(256):
        wanted = darkest + _luminance(level / LAB_SCALE) * (1 - darkest)
        j = min(bisect.bisect_left(rising, wanted), 255)
        if j and wanted - rising[j - 1] < rising[j] - wanted:
            j -= 1  # the nearer of the two neighbours
        table.append(255 - j)
    return table


def _pixels(image: Image.Image) -> list:
    """Every pixel, in order (Pillow 13 renamed getdata)."""
    return list(getattr(image, "get_flattened_data", image.getdata)())


def _luminance(lightness: float) -> float:
    """CIE Y (0..1) of L*: the inverse of the L* curve."""
    scaled = (lightness + 16) / 116
    return scaled ** 3 if scaled ** 3 > 216 / 24389 else lightness * 27 / 24389


@lru_cache(maxsize=8)
def _k_table(press: Press, icc: bytes | None) -> list[int]:
    """K (0..255) for each grey level g (R = G = B = g) of the source profile."""
    greys = Image.new("RGB", (256, 1))
    greys.putdata([(level, level, level) for level in range(256)])
    ramp = _k_ramp(press)
    return [ramp[pixel[0]] for pixel in _pixels(_to_lab(icc, "RGB").apply(greys))]


def _neutral_weight(spread: int) -> int:
    """255 for a neutral pixel's channel spread, 0 for a chromatic one, a ramp between."""
    if spread <= NEUTRAL_SPREAD:
        return 255
    if spread >= MIXED_SPREAD:
        return 0
    return round(255 * (MIXED_SPREAD - spread) / (MIXED_SPREAD - NEUTRAL_SPREAD))


NEUTRAL_LUT = [_neutral_weight(value) for value in range(256)]


def separate(press: Press, picture: Image.Image, icc: bytes | None = None) -> Image.Image:
    """Return picture (RGB, with its embedded profile icc or sRGB) as CMYK for press."""
    cmyk = _transform(icc, press.icc, ("RGB", "CMYK"), True).apply(picture)
    red, green, blue = picture.split()
    spread = ImageChops.subtract(ImageChops.lighter(ImageChops.lighter(red, green), blue),
                                 ImageChops.darker(ImageChops.darker(red, green), blue))
    weight = spread.point(NEUTRAL_LUT)
    if weight.getbbox() is None:
        return cmyk  # not one neutral pixel
    empty = Image.new("L", picture.size, 0)
    black = picture.convert("L").point(_k_table(press, icc))  # for a grey: its level
    return Image.composite(Image.merge("CMYK", (empty, empty, empty, black)), cmyk, weight)


def keep_or_separate(press: Press, picture: Image.Image) -> Image.Image:
    """Return a CMYK image (a partner's file, separated already) as it is when it stays
    within the press's total ink; otherwise read it through the press profile and separate
    it again, so no pixel goes over the limit."""
    channels = [channel.convert("I") for channel in picture.split()]
    total = ImageMath.lambda_eval(lambda names: names["c"] + names["m"] + names["y"]
                                  + names["k"], c=channels[0], m=channels[1], y=channels[2],
                                  k=channels[3])
    if total.getextrema()[1] <= MAX_TOTAL_INK * 255:
        return picture
    rgb = _transform(press.icc, None, ("CMYK", "RGB"), False).apply(picture)
    return separate(press, rgb)


@lru_cache(maxsize=512)
def rgb_to_cmyk(press: Press, rgb: tuple[float, float, float]) -> tuple[float, ...]:
    """Return the CMYK (0..1, whole percents) an sRGB colour (0..1) prints as on press."""
    pixel = Image.new("RGB", (1, 1), tuple(round(channel * 255) for channel in rgb))
    return tuple(round(value / 2.55) / 100 for value in separate(press, pixel).getpixel((0, 0)))


def lab_of_rgb(rgb: tuple[float, float, float]) -> Lab:
    """CIELAB (D50) of an sRGB colour (0..1)."""
    pixel = Image.new("RGB", (1, 1), tuple(round(channel * 255) for channel in rgb))
    return _lab(_to_lab(None, "RGB").apply(pixel).getpixel((0, 0)))


def lab_of_cmyk(press: Press, cmyk: tuple[float, ...]) -> Lab:
    """CIELAB (D50, relative to the paper) of a CMYK colour (0..1) printed on press."""
    pixel = Image.new("CMYK", (1, 1), tuple(round(value * 255) for value in cmyk))
    return _lab(_to_lab(press.icc, "CMYK").apply(pixel).getpixel((0, 0)))


def _lab(pixel: tuple[int, int, int]) -> Lab:
    return (pixel[0] / LAB_SCALE, pixel[1] - LAB_OFFSET, pixel[2] - LAB_OFFSET)


def delta_e00(first: Lab, second: Lab) -> float:
    """The CIEDE2000 colour difference (Sharma, Wu and Dalal 2005)."""
    (l1, a1, b1), (l2, a2, b2) = first, second
    c_mean = (math.hypot(a1, b1) + math.hypot(a2, b2)) / 2
    g = 0.5 * (1 - math.sqrt(c_mean ** 7 / (c_mean ** 7 + 25 ** 7)))
    a1, a2 = a1 * (1 + g), a2 * (1 + g)
    c1, c2 = math.hypot(a1, b1), math.hypot(a2, b2)
    h1 = math.degrees(math.atan2(b1, a1)) % 360 if c1 else 0.0
    h2 = math.degrees(math.atan2(b2, a2)) % 360 if c2 else 0.0
    delta_h = 0.0 if not (c1 and c2) else (h2 - h1 + 180) % 360 - 180
    big_delta_h = 2 * math.sqrt(c1 * c2) * math.sin(math.radians(delta_h / 2))
    l_mean, c_mean = (l1 + l2) / 2, (c1 + c2) / 2
    h_mean = h1 + h2 if not (c1 and c2) else \
        (h1 + h2) / 2 + (180 if abs(h1 - h2) > 180 else 0)
    t = (1 - 0.17 * math.cos(math.radians(h_mean - 30))
         + 0.24 * math.cos(math.radians(2 * h_mean))
         + 0.32 * math.cos(math.radians(3 * h_mean + 6))
         - 0.20 * math.cos(math.radians(4 * h_mean - 63)))
    s_l = 1 + 0.015 * (l_mean - 50) ** 2 / math.sqrt(20 + (l_mean - 50) ** 2)
    s_c = 1 + 0.045 * c_mean
    s_h = 1 + 0.015 * c_mean * t
    r_t = (-2 * math.sqrt(c_mean ** 7 / (c_mean ** 7 + 25 ** 7))
           * math.sin(math.radians(60 * math.exp(-(((h_mean % 360) - 275) / 25) ** 2))))
    terms = ((l2 - l1) / s_l, (c2 - c1) / s_c, big_delta_h / s_h)
    return math.sqrt(sum(term ** 2 for term in terms) + r_t * terms[1] * terms[2])
