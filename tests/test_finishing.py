"""Finishing, as a print shop's prepress checks it: die lines in their own spot colours on
their own layer and never printed as art, no ink where glue goes, art past every cut line;
and the office editions, as someone printing at the office meets them: the page is the
paper and nothing reaches into the printer's unprintable margin."""

from __future__ import annotations

from pathlib import Path

import pikepdf
import pypdfium2
import pytest

from tests.conftest import MM, read_manifest
from toolkit.formats import CUT_OVERHANG_MM, OFFICE_MARGIN_MM
from toolkit.products import cube as cube_product
from toolkit.products import deskcard
from toolkit.render.dies import LAYER

REGIONS = ("maasdal", "midden-limburg")
CUBE = "cube/cube-net-A3.pdf"
TENT = "deskcard/deskcard-tent-A3.pdf"
CUBE_OFFICE = "cube/cube-net-office-A3.pdf"
TENT_OFFICE = "deskcard/deskcard-tent-office-A3.pdf"
SPOTS = {"CutContour", "Crease"}
PAINT = {"S", "s", "f", "F", "f*", "B", "B*", "b", "b*", "sh", "Tj", "TJ", "'", '"', "Do"}
DPI = 100


def _spot_names(page: pikepdf.Page) -> dict[str, str]:
    """Colour-space resource name -> Separation colorant name, for this page."""
    spaces = page.Resources.get("/ColorSpace", {})
    found = {}
    for name, space in spaces.items():
        if isinstance(space, pikepdf.Array) and space[0] == "/Separation":
            found[name] = str(space[1])[1:]
    return found


def paint_operations(path: Path) -> list[dict]:
    """Every painting operator of page 1 with the stroke and fill colorant in force (a
    Separation's name, else 'process'), whether it sits inside optional content, and the
    segments of the path it strokes (translations followed)."""
    with pikepdf.open(path) as pdf:
        page = pdf.pages[0]
        spots = _spot_names(page)
        properties = page.Resources.get("/Properties", {})
        ocgs = {str(k): v for k, v in properties.items()}
        state = {"stroke": "process", "fill": "process", "offset": (0.0, 0.0)}
        stack, marked, found, path_segments, current = [], [], [], [], None
        for operands, operator in pikepdf.parse_content_stream(page):
            op = str(operator)
            if op == "q":
                stack.append(dict(state))
            elif op == "Q":
                state = stack.pop()
            elif op == "cm":
                a, b, c, d, e, f = (float(v) for v in operands)
                state["offset"] = (state["offset"][0] + e, state["offset"][1] + f)
            elif op in ("BDC", "BMC"):
                tag = str(operands[0])
                layer = None
                if tag == "/OC" and len(operands) > 1:
                    layer = ocgs.get(str(operands[1]))
                marked.append(layer)
            elif op == "EMC":
                marked.pop()
            elif op == "CS":
                state["stroke"] = spots.get(str(operands[0]), "process")
            elif op == "cs":
                state["fill"] = spots.get(str(operands[0]), "process")
            elif op in ("K", "RG", "G"):
                state["stroke"] = "process"
            elif op in ("k", "rg", "g"):
                state["fill"] = "process"
            elif op == "m":
                current = _moved(operands, state)
            elif op == "l":
                end = _moved(operands, state)
                path_segments.append((current, end))
                current = end
            elif op in PAINT:
                layers = [layer for layer in marked if layer is not None]
                found.append({"op": op, "stroke": state["stroke"], "fill": state["fill"],
                              "layer": str(layers[-1].Name) if layers else None,
                              "segments": path_segments})
                path_segments = []
            elif op == "n":
                path_segments = []
        return found


def _moved(operands, state) -> tuple[float, float]:
    return (round(float(operands[0]) + state["offset"][0], 2),
            round(float(operands[1]) + state["offset"][1], 2))


@pytest.mark.parametrize("region", REGIONS)
@pytest.mark.parametrize("name", (CUBE, TENT))
def test_die_lines_are_spot_colours_on_their_own_layer(built, region, name):
    path = built / region / name
    with pikepdf.open(path) as pdf:
        layers = pdf.Root.OCProperties.OCGs
        assert [str(layer.Name) for layer in layers] == [LAYER]
        default = pdf.Root.OCProperties.D
        assert list(default.Order) == list(layers) and "/AS" not in default  # PDF/X-4
        assert layers[0].Usage.Print.PrintState == "/OFF"
    operations = paint_operations(path)
    on_layer = [o for o in operations if o["layer"] == LAYER]
    off_layer = [o for o in operations if o["layer"] != LAYER]
    # On the layer: strokes in the two spot colours, nothing else (no fills, no text).
    assert {o["stroke"] for o in on_layer} == SPOTS
    assert {o["op"] for o in on_layer} == {"S"}
    # Never printed as art: no spot colour anywhere off the layer.
    assert not [o for o in off_layer if o["stroke"] in SPOTS or o["fill"] in SPOTS]
    # And the black art lines of old are gone: no process-colour stroke lies on a die line.
    dies = {segment for o in on_layer for segment in o["segments"]}
    art = {segment for o in off_layer if o["op"] == "S" for segment in o["segments"]}
    assert not dies & art


def test_the_die_layer_follows_the_net(built):
    """The cube's CutContour is the net's outline (closed), its Crease every fold."""
    path = built / "maasdal" / CUBE
    with pikepdf.open(path) as pdf:
        trim = [float(v) for v in pdf.pages[0].TrimBox]
    by_spot: dict[str, set] = {"CutContour": set(), "Crease": set()}
    for operation in paint_operations(path):
        if operation["layer"] == LAYER:
            by_spot[operation["stroke"]] |= {_key(s, trim) for s in operation["segments"]}
    assert by_spot["Crease"] == {_key(s) for s in cube_product.fold_segments()}
    assert by_spot["CutContour"] == {_key(s) for s in cube_product.cut_segments()}
    ends: dict[tuple, int] = {}
    for segment in by_spot["CutContour"]:
        for point in segment:
            ends[point] = ends.get(point, 0) + 1
    assert all(count == 2 for count in ends.values()), "the cut is not one closed outline"


def _key(segment, trim=(0.0, 0.0)) -> tuple:
    return tuple(sorted((round(x - trim[0], 1), round(y - trim[1], 1)) for x, y in segment))


def render(path: Path, dpi: int = DPI):
    """Page 1 as RGB pixels, and a function from PDF user space (points) to a pixel."""
    document = pypdfium2.PdfDocument(str(path))
    page = document[0]
    height = page.get_height()
    image = page.render(scale=dpi / 72).to_pil().convert("RGB")

    def pixel(x: float, y: float) -> tuple[int, int, int]:
        return image.getpixel((int(x * dpi / 72), int((height - y) * dpi / 72)))
    return image, pixel


def _trim_origin(path: Path) -> tuple[float, float]:
    with pikepdf.open(path) as pdf:
        box = pdf.pages[0].get("/TrimBox") or pdf.pages[0].MediaBox
        return float(box[0]), float(box[1])


def _inside_polygon(point, polygon) -> bool:
    x, y = point
    inside = False
    for (x1, y1), (x2, y2) in zip(polygon, polygon[1:] + polygon[:1]):
        if (y1 > y) != (y2 > y) and x < x1 + (y - y1) * (x2 - x1) / (y2 - y1):
            inside = not inside
    return inside


def _distance_to_edges(point, polygon) -> float:
    best = float("inf")
    for (x1, y1), (x2, y2) in zip(polygon, polygon[1:] + polygon[:1]):
        dx, dy = x2 - x1, y2 - y1
        t = max(0.0, min(1.0, ((point[0] - x1) * dx + (point[1] - y1) * dy) / (dx * dx + dy * dy)))
        best = min(best, ((point[0] - x1 - t * dx) ** 2 + (point[1] - y1 - t * dy) ** 2) ** 0.5)
    return best


def _grid(box: tuple[float, float, float, float], step: float):
    x0, y0, x1, y1 = box
    y = y0
    while y <= y1:
        x = x0
        while x <= x1:
            yield x, y
            x += step
        y += step


WHITE = (255, 255, 255)


@pytest.mark.parametrize("region", REGIONS)
@pytest.mark.parametrize("name", (CUBE, CUBE_OFFICE))
def test_cube_glue_flaps_carry_no_ink(built, region, name):
    path = built / region / name
    _image, pixel = render(path)
    origin = _trim_origin(path)
    boxes = cube_product.face_boxes()
    checked = 0
    for face, edge in cube_product.FLAPS:
        polygon = list(cube_product.flap_polygon(boxes[face], edge))
        xs, ys = [p[0] for p in polygon], [p[1] for p in polygon]
        for point in _grid((min(xs), min(ys), max(xs), max(ys)), MM / 2):
            # Clear of the die line itself (a hairline on the flap's edges).
            if _inside_polygon(point, polygon) and _distance_to_edges(point, polygon) > 0.6 * MM:
                assert pixel(point[0] + origin[0], point[1] + origin[1]) == WHITE, (
                    face, edge, point)
                checked += 1
    assert checked > 7 * 400  # every flap, sampled every half millimetre


@pytest.mark.parametrize("region", REGIONS)
def test_tent_glue_strip_carries_no_ink(built, region):
    path = built / region / TENT
    image, pixel = render(path)
    with pikepdf.open(path) as pdf:
        trim = [float(v) for v in pdf.pages[0].TrimBox]
        bleed = [float(v) for v in pdf.pages[0].BleedBox]
    glue_top = trim[1] + deskcard.TENT_PANELS_MM[0] * MM
    # The strip and the bleed round it, clear of the crease and cut lines by 1 mm.
    area = (bleed[0] + 0.5 * MM, bleed[1] + 0.5 * MM, bleed[2] - 0.5 * MM, glue_top - MM)
    samples = [pixel(x, y) for x, y in _grid(area, MM)
               if abs(x - trim[0]) > MM and abs(x - trim[2]) > MM and abs(y - trim[1]) > MM]
    assert len(samples) > 4000
    assert set(samples) == {WHITE}
    # ...while the base above the crease is printed as before (the check can fail).
    assert pixel(trim[0] + 30 * MM, glue_top + 60 * MM) is not None


@pytest.mark.parametrize("region", REGIONS)
def test_cube_art_runs_3_mm_past_every_cut_edge(built, region):
    """Beside each face's cut edge, just inside the overhang, the face's own colour."""
    path = built / region / CUBE
    _image, pixel = render(path, dpi=200)
    origin = _trim_origin(path)
    checked = 0
    for name, box in cube_product.face_boxes().items():
        for edge in ("top", "bottom", "left", "right"):
            if cube_product._neighbour(name, edge) or (name, edge) in cube_product.FLAPS:
                continue
            (x1, y1), (x2, y2) = cube_product._edge(box, edge)
            out_x, out_y = cube_product._outward(edge)
            for share in (0.1, 0.5, 0.9):
                x = origin[0] + x1 + (x2 - x1) * share
                y = origin[1] + y1 + (y2 - y1) * share
                inside = pixel(x - out_x * MM, y - out_y * MM)
                beyond = pixel(x + out_x * (CUT_OVERHANG_MM - 0.5) * MM,
                               y + out_y * (CUT_OVERHANG_MM - 0.5) * MM)
                past = pixel(x + out_x * (CUT_OVERHANG_MM + 1) * MM,
                             y + out_y * (CUT_OVERHANG_MM + 1) * MM)
                assert _close(inside, beyond), (name, edge, share, inside, beyond)
                if inside != WHITE:
                    assert past == WHITE, (name, edge, "art runs too far")
                    checked += 1
    assert checked >= 9  # the top face's three cut edges are coloured


def _close(a, b, tolerance=6) -> bool:
    return all(abs(x - y) <= tolerance for x, y in zip(a, b))


# --- office editions ----------------------------------------------------------------------


def office_entries(out: Path) -> list[dict]:
    return [e for e in read_manifest(out) if e["media"] == "office"]


def test_office_editions_in_the_manifest(built):
    found = {(e["region"], e["product"], e["format"]) for e in office_entries(built)}
    for region in REGIONS:
        assert {(region, "poster", "office-A4"), (region, "poster", "office-A3"),
                (region, "deskcard", "tent-office-A3"), (region, "cube", "net-office-A3"),
                } <= found
    for entry in office_entries(built):
        assert entry["edition"] == "office" or entry["product"] == "handreiking"


def test_office_editions_fit_their_paper(built):
    """The page is the paper (no bleed, no marks), and nothing is drawn within 5 mm of its
    edge: the margin is paper-white when rendered, and every character lies inside."""
    margin = OFFICE_MARGIN_MM * MM
    for entry in office_entries(built):
        path = built / entry["path"]
        width, height = (v * MM for v in entry["trim_mm"])
        document = pypdfium2.PdfDocument(str(path))
        for index in range(len(document)):
            page = document[index]
            assert page.get_size() == pytest.approx((width, height), abs=1) or (
                page.get_size() == pytest.approx((height, width), abs=1)), entry["path"]
            image = page.render(scale=1).to_pil().convert("RGB")  # a pixel a point
            w, h = image.size
            border = int(margin) - 1  # whole pixels wholly inside the margin
            for strip in ((0, 0, w, border), (0, h - border, w, h), (0, 0, border, h),
                          (w - border, 0, w, h)):
                lowest = [low for low, _high in image.crop(strip).getextrema()]
                assert lowest == [255, 255, 255], (entry["path"], index, strip)
            text = page.get_textpage()
            for i in range(text.count_chars()):
                left, bottom, right, top = text.get_charbox(i)
                if right - left <= 0:
                    continue
                assert left >= margin and bottom >= margin, (entry["path"], i)
                assert right <= page.get_width() - margin and top <= page.get_height() - margin
        with pikepdf.open(path) as pdf:
            for page in pdf.pages:
                assert "/TrimBox" not in page and "/BleedBox" not in page
            assert "/OCProperties" not in pdf.Root  # the lines are drawn, to cut by hand


def test_office_tent_folds_inside_the_page(built):
    """The office tent's cut outline and folds lie inside the printable area, where the
    layout says; they are drawn (grey) for scissors and a ruler."""
    path = built / "maasdal" / TENT_OFFICE
    inset = deskcard.office_inset_mm() * MM
    edges = [inset]
    for panel in deskcard.office_panels_mm():
        edges.append(edges[-1] + panel * MM)
    _image, pixel = render(path, dpi=150)
    with pikepdf.open(path) as pdf:
        width = float(pdf.pages[0].MediaBox[2])
        height = float(pdf.pages[0].MediaBox[3])
    assert edges[-1] == pytest.approx(height - inset)
    for y in edges[1:3]:  # folds on paper (the ridge runs between the headers)
        row = [pixel(x, y + dy) for x in range(int(inset + MM), int(width - inset - MM))
               for dy in (-0.5, 0.0, 0.5)]
        assert any(p != WHITE and p[0] == p[1] == p[2] for p in row), y
