"""A region's photos per design: cover-cropped around their focal point, drawn only in
their own design (the photo composition), with alt text or marked decorative."""

from __future__ import annotations

import json
from pathlib import Path

import pikepdf
import pytest
from PIL import Image, ImageChops, ImageDraw

from tests.conftest import build_into, read_manifest
from tests.pdfcheck import render
from tests.tagcheck import structure, unmarked_painting
from toolkit.config.assets import RasterImage
from toolkit.layout.model import Box
from toolkit.products.common import cover_crop
from toolkit.run.cli import main

REGION = "assets/regions/maasdal/region.toml"
SPOT = (0.3, 0.08)  # where the marked spot sits in the photo: from the left, from the top
SPOT_RGB = (255, 0, 255)  # magenta and lime: colours no brand role, logo or tint has
LIME_G = 235
BUREN_ALT = "Een buurvrouw zwaait naar een jongen op de stoep."
PHOTOS = f"""
[photos.design.social.buren]
file = "photos/spot.jpg"
focus = [{SPOT[0]}, {SPOT[1]}]
alt = "{BUREN_ALT}"

[photos.design.social.docenten]    # centred: the crop of a wide frame cuts the spot off
file = "photos/spot.jpg"
decorative = true

[photos.design.social.signalen]    # its chat bubble stands on the photo
file = "photos/spot.jpg"
alt = "Een grijsgroen vlak met een paarse stip."

[photos.design.poster.buren]
file = "photos/spot.jpg"
focus = [{SPOT[0]}, {SPOT[1]}]
alt = "{BUREN_ALT}"

[photos.design.poster.vrijwilligers]
file = "photos/spot.jpg"
decorative = true
"""


def _spot_photo(folder: Path) -> None:
    """A 3:2 photo in lime with a magenta spot at SPOT: easy to find in any rendering."""
    width, height = 2700, 1800  # under 300 ppi on A2 (a warning): the crop is what counts
    image = Image.new("RGB", (width, height))
    for y in range(0, height, 50):  # bands of lime, so the photo is not one flat colour
        ImageDraw.Draw(image).rectangle((0, y, width, y + 50), fill=(90 + y // 33, 255, 0))
    x, y = SPOT[0] * width, SPOT[1] * height
    ImageDraw.Draw(image).ellipse((x - 62, y - 62, x + 62, y + 62), fill=SPOT_RGB)
    folder.mkdir(exist_ok=True)
    image.save(folder / "spot.jpg", quality=92)


def _with_photos(campaign: Path, photos: str) -> None:
    _spot_photo(campaign / "assets/regions/maasdal/photos")
    path = campaign / REGION
    path.write_text(path.read_text() + photos)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    """Maasdal's posters and social images, with the photos above, built once for the run
    (shared by the test processes, like the session build)."""
    import shutil

    from tests.conftest import ROOT, shared_build

    def build(out: Path) -> int:
        campaign = out.parent / "photos-campaign"
        shutil.rmtree(campaign, ignore_errors=True)
        for name in ("assets", "templates"):
            shutil.copytree(ROOT / name, campaign / name)
        _with_photos(campaign, PHOTOS)
        return build_into(out, "--region", "maasdal", "--only", "social", "--only", "poster",
                          campaign=campaign)

    return shared_build(tmp_path_factory, "photos", build)


def _mask(image: Image.Image, red: tuple, green: tuple, blue: tuple) -> Image.Image:
    """White where each channel lies in its (low, high) range."""
    channels = image.convert("RGB").split()
    mask = Image.new("L", image.size, 255)
    for channel, (low, high) in zip(channels, (red, green, blue)):
        mask = ImageChops.multiply(mask, channel.point(
            lambda v, low=low, high=high: 255 if low <= v <= high else 0))
    return mask


def _spot(image: Image.Image, printed: bool = False) -> tuple[float, float] | None:
    """The marked spot's centre as fractions of the image, or None when it is not there
    (printed: separated for the press, magenta comes out duller)."""
    mask = _mask(image, (150, 255), (0, 125), (150, 255)) if printed else \
        _mask(image, (200, 255), (0, 70), (200, 255))
    if mask.histogram()[255] < 20:
        return None
    left, top, right, bottom = mask.getbbox()
    return (left + right) / 2 / image.width, (top + bottom) / 2 / image.height


def _lime_share(image: Image.Image) -> float:
    mask = _mask(image, (0, 220), (LIME_G, 255), (0, 60))
    return mask.histogram()[255] / (image.width * image.height)


@pytest.mark.parametrize("aspect", [0.4, 0.8, 1.0, 1.5, 2.7])
@pytest.mark.parametrize("focus", [(0.5, 0.5), (0.3, 0.12), (0.0, 1.0), (0.9, 0.35)])
def test_the_crop_keeps_the_focus_as_central_as_the_photo_allows(aspect, focus):
    photo = RasterImage(Path("x.jpg"), Image.new("RGB", (3000, 2000)), "x")
    left, bottom, right, top = cover_crop(photo, Box(0, 0, 100 * aspect, 100), focus)
    assert 0 <= left < right <= 1 and 0 <= bottom < top <= 1
    shown = (right - left) * 3000 / ((top - bottom) * 2000)
    assert shown == pytest.approx(aspect)  # no distortion
    x, y = focus[0], 1 - focus[1]  # the crop counts from the bottom
    assert left <= x <= right and bottom <= y <= top
    for low, high, at in ((left, right, x), (bottom, top, y)):
        centred = abs((low + high) / 2 - at) < 1e-9
        assert centred or low == 0 or high == 1, "off centre while the photo had room"


def test_the_crop_keeps_the_marked_spot_in_every_format(built):
    for path in sorted((built / "maasdal/social/buren").glob("*.png")):
        spot = _spot(Image.open(path))
        assert spot is not None, f"{path.name}: the focal point was cropped away"
    # the square's photo runs across the whole width: the spot stays at its own x
    square = _spot(Image.open(built / "maasdal/social/buren/buren-square.png"))
    assert square[0] == pytest.approx(SPOT[0], abs=0.03)
    # a centred crop of the same photo in the same frame cuts the spot off: the focus counts
    docenten = Image.open(built / "maasdal/social/docenten/docenten-square.png")
    assert _lime_share(docenten) > 0.1 and _spot(docenten) is None
    poster = render(built / "maasdal/poster/poster-buren-A3.pdf", scale=0.4)
    assert _spot(poster, printed=True) is not None


def test_a_design_photo_appears_only_in_its_design(built):
    for path in sorted((built / "maasdal/social").glob("*/*.png")):
        has_photo = _lime_share(Image.open(path)) > 0.05
        assert has_photo == (path.parent.name in ("buren", "docenten", "signalen")), path.name
    for path in sorted((built / "maasdal/poster").glob("poster-*-A3.pdf")):
        if "office" in path.name:
            continue
        with pikepdf.open(path) as pdf:
            photos = [o for o in pdf.objects if isinstance(o, pikepdf.Stream)
                      and o.get("/Subtype") == "/Image" and "/DCTDecode" in str(o.get("/Filter"))]
        wanted = 1 if path.name in ("poster-buren-A3.pdf", "poster-vrijwilligers-A3.pdf") else 0
        assert len(photos) == wanted, path.name


def test_a_photo_has_alt_text_or_is_marked_decorative(built):
    alts = {(row["design"], row["format"]): row["alt_long"]
            for row in read_manifest(built) if row.get("product") == "social" and "design" in row}
    assert alts[("buren", "square")].startswith(f"Foto: {BUREN_ALT} Tekst:")
    assert alts[("docenten", "square")].startswith("Een sfeerfoto. Tekst:")
    assert not any("Foto" in alt for (design, _), alt in alts.items()
                   if design not in ("buren", "docenten", "signalen"))
    # In the PDF the photo is a Figure with the region's words; a decorative one an artifact.
    figures = [e.alt for e in structure(built / "maasdal/poster/poster-buren-A3.pdf").walk()
               if e.role == "Figure"]
    assert BUREN_ALT in figures
    decorative = built / "maasdal/poster/poster-vrijwilligers-A3.pdf"
    assert not [e for e in structure(decorative).walk() if e.role == "Figure"
                and e.alt not in ("Wijkteam Maasdal", "Jeugdpunt Heuvelrand")]
    assert unmarked_painting(decorative) == []


@pytest.mark.parametrize("photo, field, words", [
    ('file = "photos/spot.jpg"\nfocus = [1.3, 0.4]\nalt = "Een kind."',
     "photos.design.social.buren.focus", "not a focal point"),
    ('file = "photos/spot.jpg"\nfocus = [0.5]\nalt = "Een kind."',
     "photos.design.social.buren.focus", "not a focal point"),
    ('file = "photos/spot.jpg"\nfocus = "midden"\nalt = "Een kind."',
     "photos.design.social.buren.focus", "expected a list"),
    ('file = "photos/spot.jpg"\nfocus = [0.5, 0.4]',
     "photos.design.social.buren.alt", "needs alt text"),
    ('file = "photos/spot.jpg"\nalt = "Een kind."\ndecorative = true',
     "photos.design.social.buren.decorative", "has no alt text"),
])
def test_a_bad_photo_is_refused_naming_the_field(campaign, capsys, tmp_path, photo, field,
                                                  words):
    _with_photos(campaign, f"\n[photos.design.social.buren]\n{photo}\n")
    assert build_into(tmp_path / "out", "--region", "maasdal", "--only", "poster",
                      campaign=campaign) == 2
    err = capsys.readouterr().err
    assert f"{REGION}: {field}:" in err and words in err, err
    assert "Traceback" not in err and not (tmp_path / "out").exists()


def test_a_photo_for_an_unknown_design_is_named(campaign, capsys, tmp_path):
    _with_photos(campaign, '\n[photos.design.poster.bueren]\nfile = "photos/spot.jpg"\n'
                           'decorative = true\n')
    assert build_into(tmp_path / "out", "--region", "maasdal", "--only", "poster",
                      campaign=campaign) == 2
    err = capsys.readouterr().err
    assert f"{REGION}: photos.design.poster.bueren:" in err and "'buren'" in err, err
    assert not (tmp_path / "out").exists()


def test_the_short_form_is_still_a_decorative_poster_photo(campaign):
    _with_photos(campaign, '\n[photos]\nposter = "photos/spot.jpg"\n')
    assert main(["check", "--campaign", str(campaign), "--region", "maasdal"]) == 0
    from toolkit.config.load import load_campaign

    region = next(r for r in load_campaign(campaign)[0].regions if r.id == "maasdal")
    photo = region.photo_for("poster", "docenten")
    assert photo is not None and photo.alt == "" and photo.focus == (0.5, 0.5)
    assert region.photo_for("social", "docenten") is None
    assert json.dumps(photo.field) == '"photos.poster"'


def test_text_beside_a_photo_keeps_its_contrast(tmp_path):
    """The photo designs' every line against the pixels under it (the campaign name stands
    on the field's plate, never on the photo), as the campaign's contrast test measures."""
    import shutil

    from tests import slotcheck
    from tests.conftest import ROOT
    from tests.test_compositions import contrast_failures
    from toolkit.config import load_campaign
    from toolkit.errors import Problems
    from toolkit.formats import PX
    from toolkit.products import BuildContext, registry
    from toolkit.render.profiles import print_profile

    campaign = tmp_path / "campaign"
    for name in ("assets", "templates"):
        shutil.copytree(ROOT / name, campaign / name)
    _with_photos(campaign, PHOTOS)
    loaded, problems = load_campaign(campaign, ["maasdal"])
    assert not problems.errors
    context = BuildContext(campaign=loaded, copy=slotcheck.renderer(),
                           print_profile=print_profile(), problems=Problems(),
                           year=slotcheck.YEAR)
    jobs = [job for job in registry()["social"](loaded.regions[0], context)
            if job.document is not None
            and job.meta.get("design") in ("buren", "docenten", "signalen")]
    assert len(jobs) == 15
    failures = [failure for job in jobs for failure in contrast_failures(job, PX)]
    assert failures == []


def test_a_design_photo_is_a_table_with_its_alt_text(campaign, capsys):
    _with_photos(campaign, '\n[photos.design]\nsocial = {buren = "photos/spot.jpg"}\n')
    assert main(["check", "--campaign", str(campaign), "--region", "maasdal"]) == 2
    err = capsys.readouterr().err
    assert f"{REGION}: photos.design.social.buren: expected a table" in err, err
