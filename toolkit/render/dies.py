"""Die lines: where a sheet is cut and creased, for the finisher, never printed as art.

In a print file each kind is stroked in its own Separation colour, `CutContour` (cut) and
`Crease` (fold), the names cutting plotters and finishing workflows look for. The strokes
overprint, so they never knock a hairline out of the art under them, and they sit inside
marked content `/OC /Die BDC ... EMC`: one optional-content group, the layer 'Dieline',
that die_layer() (a step of the PDF post-pass, render/finish.py) creates and lists in the
catalogue's /OCProperties. The layer is shown when the file is opened (the shop and the
designer see the die) and marked as not for printing (/Usage /Print /PrintState /OFF);
a separating RIP puts the two spot colours on separations of their own, which go to the
cutter and the creaser, not to a plate. PDF/X-4 forbids the /AS auto-state key in the
configuration, so none is written.

Office and screen files draw the same lines as thin grey strokes (cut solid, crease
dashed): there a person cuts and folds by hand.
"""

from __future__ import annotations

import pikepdf
from reportlab.lib.colors import CMYKColorSep, Color, _enforceCMYK
from reportlab.pdfgen.canvas import Canvas

from toolkit.formats import FOLD_DASH_MM, HAIRLINE_PT, mm
from toolkit.layout.model import Die, Document, Group, Item

# kind -> (spot colour name, alternate CMYK for proofs and screens)
SPOTS = {"cut": ("CutContour", (0.0, 1.0, 0.0, 0.0)),
         "crease": ("Crease", (1.0, 0.0, 0.0, 0.0))}
LAYER = "Dieline"  # the optional-content group's name, as a viewer's layer panel shows it
PROPERTY = "Die"  # the marked-content tag's name in each page's /Properties
HAND_LINE = Color(0.45, 0.45, 0.45)  # office and screen: cut and fold by hand
HAND_LINE_PT = 0.5


def print_colours(colour):
    """The canvas's colour check for print files: process CMYK as reportlab's own 'cmyk'
    check has it, and the die lines' spot colours kept (its 'sep_cmyk' would also turn
    registration black, 1/1/1/1, into K only: its RGB equivalent is a grey)."""
    if isinstance(colour, CMYKColorSep):
        return colour
    return _enforceCMYK(colour)


def draw_die(canvas: Canvas, die: Die, is_print: bool) -> None:
    """Stroke die's segments: on the die layer in its spot colour for print, grey else."""
    if is_print:  # reportlab knows no optional content: the operators go in as they are
        canvas._code.append(f"/OC /{PROPERTY} BDC")
    canvas.saveState()
    if is_print:
        name, alternate = SPOTS[die.kind]
        canvas.setStrokeColor(CMYKColorSep(*alternate, spotName=name))
        canvas.setStrokeOverprint(True)
        canvas.setOverprintMask(1)
        canvas.setLineWidth(HAIRLINE_PT)
    else:
        canvas.setStrokeColor(HAND_LINE)
        canvas.setLineWidth(HAND_LINE_PT)
        if die.kind == "crease":
            canvas.setDash([mm(FOLD_DASH_MM) * 2, mm(FOLD_DASH_MM) * 2])
    path = canvas.beginPath()
    for start, end in die.segments:
        path.moveTo(*start)
        path.lineTo(*end)
    canvas.drawPath(path, stroke=1, fill=0)
    canvas.restoreState()
    if is_print:
        canvas._code.append("EMC")


def has_die(items: tuple[Item, ...]) -> bool:
    return any(isinstance(item, Die) or isinstance(item, Group) and has_die(item.items)
               for item in items)


def die_layer(pdf: pikepdf.Pdf, document: Document, profile, properties: list) -> None:
    """Post-pass step: the optional-content group the die lines of a print file sit in."""
    pages = [index for index, page in enumerate(document.pages) if has_die(page.items)]
    if not profile.is_print or not pages:
        return
    ocg = pdf.make_indirect(pikepdf.Dictionary(
        Type=pikepdf.Name.OCG, Name=pikepdf.String(LAYER),
        Usage=pikepdf.Dictionary(
            Print=pikepdf.Dictionary(PrintState=pikepdf.Name.OFF),
            View=pikepdf.Dictionary(ViewState=pikepdf.Name.ON))))
    for index in pages:
        resources = pdf.pages[index].Resources
        found = resources.get("/Properties")
        if found is None:
            found = pikepdf.Dictionary()
            resources.Properties = found
        found[f"/{PROPERTY}"] = ocg
    pdf.Root.OCProperties = pikepdf.Dictionary(
        OCGs=pikepdf.Array([ocg]),
        D=pikepdf.Dictionary(Name=pikepdf.String(LAYER), Order=pikepdf.Array([ocg]),
                             ON=pikepdf.Array([ocg]), OFF=pikepdf.Array()))
