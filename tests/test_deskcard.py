"""The desk card (duplex and tent) and the desk cube, checked as a print shop and a
person folding them would: boxes, fonts, CMYK, the right text on the right face, the
turned faces really turned, text clear of folds and edges, folds where the panels meet."""

from __future__ import annotations

from pathlib import Path

import pytest
from pypdf import PdfReader

from tests.conftest import MM, read_manifest
from tests.pdfcheck import (
    boxes, char_angles, characters, colour_operators, fonts, inside, line_segments, page_text,
)
from toolkit.products import cube as cube_product
from toolkit.products import deskcard

REGIONS = ("maasdal", "midden-limburg")
BLEED = 3 * MM
SAFE = 5 * MM
DUPLEX = "deskcard/deskcard-duplex-A5-landscape.pdf"
TENT = "deskcard/deskcard-tent-A3.pdf"
CUBE = "cube/cube-net-A3.pdf"
KINDCHECK_LEADS = ("Vraag naar kinderen", "Zijn de kinderen veilig?",
                   "Zorgen, geen onveiligheid?", "Signalen van onveiligheid?", "Volg de meldcode",
                   "Leg het vast")
MELDCODE_LEADS = ("Breng signalen in kaart", "Overleg met een collega",
                  "Ga in gesprek met je cliënt", "Weeg het geweld", "Beslis")
STEP_5_QUESTIONS = ("Is melden nodig?", "Kun je ook hulp bieden of organiseren?",
                    "nooit in plaats ervan")


def folded(text: str) -> str:
    """Page text with line breaks and hyphenation undone."""
    return " ".join(text.replace("-\r\n", "").replace("\ufffe", "").split())


def files(out: Path, region: str) -> dict[str, Path]:
    return {name: out / region / path for name, path in
            (("duplex", DUPLEX), ("tent", TENT), ("cube", CUBE))}


def test_manifest_lists_the_three_sheets(built):
    entries = {(e["region"], e["product"], e["format"]): e for e in read_manifest(built)}
    for region in REGIONS:
        duplex = entries[(region, "deskcard", "duplex-A5-landscape")]
        tent = entries[(region, "deskcard", "tent-A3")]
        cube = entries[(region, "cube", "net-A3")]
        assert duplex["trim_mm"] == [210, 148] and duplex["pages"] == 2
        assert tent["trim_mm"] == [297, 420] and cube["trim_mm"] == [297, 420]
        for entry in (duplex, tent, cube):
            assert entry["media"] == "print"
            assert (built / entry["path"]).stat().st_size == entry["bytes"]


@pytest.mark.parametrize("region", REGIONS)
def test_boxes_fonts_and_cmyk(built, region):
    for name, path in files(built, region).items():
        reader = PdfReader(path)
        for page in reader.pages:
            box = boxes(page)
            trim, bleed = box.trim, box.bleed
            assert bleed == pytest.approx((trim[0] - BLEED, trim[1] - BLEED, trim[2] + BLEED,
                                           trim[3] + BLEED), abs=0.01)
            assert inside(trim, bleed) and inside(bleed, box.media)
        # Process CMYK; the tent's and cube's die lines in spot colours (test_finishing).
        assert colour_operators(path) - {"CS", "SCN"} <= {"k", "K"}, name
        for font in fonts(path):
            assert font["embedded"] and font["subset"], (name, font)
        assert reader.trailer["/Root"]["/Lang"] == "nl-NL"


@pytest.mark.parametrize("region", REGIONS)
def test_duplex_sides_carry_their_own_steps(built, region):
    path = files(built, region)["duplex"]
    front, back = folded(page_text(path, 0)), folded(page_text(path, 1))
    assert "Hoe voer je de Kindcheck uit?" in front
    assert all(lead in front for lead in KINDCHECK_LEADS)
    assert "Stappenplan meldcode" in back and "0800-2000" in back
    assert all(lead in back for lead in MELDCODE_LEADS)
    assert all(question in back for question in STEP_5_QUESTIONS)
    assert "0800-2000" not in front and "Kindcheck uit" not in back
    for text in (front, back):
        assert "Een campagne van" in text and "Maak het verschil voor een kind" in text
    contact = {"maasdal": "wijkteam", "midden-limburg": "Centrum voor Jeugd en Gezin"}
    assert contact[region] in front and contact[region] in back


def test_body_text_is_at_least_9_pt(built):
    from pypdf import PdfReader as Reader

    sizes = []
    for form in (DUPLEX, TENT):
        reader = Reader(built / "maasdal" / form)
        for page in reader.pages:
            page.extract_text(visitor_text=lambda text, cm, tm, font, size: sizes.append(
                (text, size * (tm[3] if tm[3] else 1) * (cm[3] if cm[3] else 1))))
    # Labels are not body text: the campaign line over the title, 'Een campagne van',
    # the glue strip's word and the partners' wordmarks (logos).
    labels = ("Maak het verschil voor een kind", "Een campagne van", "lijmen",
              "Wijkteam", "Maasdal", "Jeugdpunt", "Heuvelrand", "Bibliotheek")
    body = [(abs(size), text) for text, size in sizes
            if text.strip() and not any(text.strip() in label or label in text
                                        for label in labels)]
    assert len(body) > 30
    assert min(body)[0] >= 9 - 0.01, min(body)


def _panels(path: Path) -> tuple[tuple[float, ...], list[float]]:
    trim = boxes(PdfReader(path).pages[0]).trim
    edges = [trim[1]]
    for panel in deskcard.TENT_PANELS_MM:
        edges.append(edges[-1] + panel * MM)
    return trim, edges


@pytest.mark.parametrize("region", REGIONS)
def test_tent_top_face_is_turned_and_holds_the_kindcheck(built, region):
    path = files(built, region)["tent"]
    trim, edges = _panels(path)
    face_1 = (trim[0], edges[3], trim[2], edges[4])
    face_2 = (trim[0], edges[2], trim[2], edges[3])
    top, middle = [], []
    for char, angle in char_angles(path):
        box = (char.left, char.bottom, char.right, char.top)
        if inside(box, face_1, 0.5):
            top.append((char.char, angle))
        elif inside(box, face_2, 0.5):
            middle.append((char.char, angle))
    assert len(top) > 200 and len(middle) > 200
    assert {angle for _c, angle in top} == {180}, "face 1 must be printed turned"
    assert {angle for _c, angle in middle} == {0}, "face 2 must be printed upright"
    # Turned text is read in reverse order of extraction; compare letter sets per face.
    top_text = "".join(c for c, _a in top)
    middle_text = "".join(c for c, _a in middle)
    assert "0800-2000" in middle_text and "0800-2000" not in top_text
    assert "Kindcheck" in top_text[::-1] or "Kindcheck" in top_text


@pytest.mark.parametrize("region", REGIONS)
def test_tent_text_keeps_clear_of_folds_and_edges(built, region):
    path = files(built, region)["tent"]
    trim, edges = _panels(path)
    panels = [(trim[0] + SAFE, low + SAFE, trim[2] - SAFE, high - SAFE)
              for low, high in zip(edges, edges[1:])]
    chars = characters(path)
    assert len(chars) > 400
    for char in chars:
        box = (char.left, char.bottom, char.right, char.top)
        assert any(inside(box, panel, 0.5) for panel in panels), (char, "outside every panel")


@pytest.mark.parametrize("region", REGIONS)
def test_tent_fold_marks_sit_on_the_panel_edges_in_the_slug(built, region):
    path = files(built, region)["tent"]
    trim, edges = _panels(path)
    bleed = boxes(PdfReader(path).pages[0]).bleed
    dashed = [s for s in line_segments(path) if s["dash"]]
    heights = sorted({round(s["start"][1], 2) for s in dashed})
    assert heights == pytest.approx([round(e, 2) for e in edges[1:-1]], abs=0.05)
    for segment in dashed:
        (x1, y1), (x2, y2) = segment["start"], segment["end"]
        assert y1 == pytest.approx(y2)  # horizontal
        assert max(x1, x2) <= bleed[0] or min(x1, x2) >= bleed[2], "fold mark in the art"
    assert len(dashed) == 2 * (len(edges) - 2)  # both sides of every fold


def test_tent_without_crop_marks_has_no_slug_marks(tmp_path):
    from tests.conftest import build_into

    out = tmp_path / "out"
    assert build_into(out, "--only", "deskcard", "--region", "maasdal", "--no-crop-marks") == 0
    assert not [s for s in line_segments(out / "maasdal" / TENT) if s["dash"]]


@pytest.mark.parametrize("region", REGIONS)
def test_cube_faces_text_orientation_and_safe_zone(built, region):
    path = files(built, region)["cube"]
    trim = boxes(PdfReader(path).pages[0]).trim
    faces = {name: (trim[0] + box.x, trim[1] + box.y, trim[0] + box.right, trim[1] + box.top)
             for name, box in cube_product.face_boxes().items()}
    text_by_face: dict[str, list[tuple[str, int]]] = {name: [] for name in faces}
    loose = []
    for char, angle in char_angles(path):
        box = (char.left, char.bottom, char.right, char.top)
        home = next((name for name, face in faces.items() if inside(box, face, 0.5)), None)
        if home is None:
            loose.append(char.char)
            continue
        face = faces[home]
        safe = (face[0] + SAFE, face[1] + SAFE, face[2] - SAFE, face[3] - SAFE)
        assert inside(box, safe, 0.5), (home, char)
        text_by_face[home].append((char.char, angle))
    # Only the instructions under the net are outside the faces.
    assert "".join(loose).startswith("Knip")
    for name, chars in text_by_face.items():
        assert chars or name == "bottom" and region == "maasdal", name
        want = 180 if name == "back" else 0
        assert {angle for _c, angle in chars} <= {want}, name
    words = {name: "".join(c for c, _a in chars) for name, chars in text_by_face.items()}
    assert "0800-2000" in words["right"]
    assert "Kindcheck" in words["top"]
    assert "Maakhetverschil" in words["front"]
    assert "Wateenkindhelpt" in words["left"]
