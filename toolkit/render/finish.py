"""The PDF post-pass: what reportlab cannot write, added once with pikepdf for every PDF.

render_pdf() hands its bytes here. Each step takes the open pikepdf.Pdf, the Document and
the Profile, and may add to the XMP properties; the packet is written last, then the file
is saved deterministically (same input, same bytes: no timestamps, ids from content).
"""

from __future__ import annotations

import io
from collections.abc import Callable

import pikepdf

from toolkit.layout.model import Document
from toolkit.render.pdfx import pdfx_metadata, subset_tags
from toolkit.render.dies import die_layer
from toolkit.render.profiles import Profile
from toolkit.render.tags import structure, unicode_maps
from toolkit.render.xmp import Property, packet

LANGUAGE = "nl-NL"

Step = Callable[[pikepdf.Pdf, Document, Profile, list[Property]], None]


def _basic_metadata(pdf: pikepdf.Pdf, document: Document, profile: Profile,
                    properties: list[Property]) -> None:
    properties.extend([
        ("dc", "title", {"x-default": document.title}),
        ("dc", "creator", (document.author,)),
        ("dc", "description", {"x-default": document.subject}),
        ("dc", "language", (LANGUAGE,)),
        ("pdf", "Producer", str(pdf.docinfo.get("/Producer", ""))),
        ("pdf", "Keywords", ", ".join(document.keywords)),
        ("xmp", "CreatorTool", str(pdf.docinfo.get("/Creator", ""))),
    ])


# die_layer changes page content; pdfx_metadata last: its id is a hash of the content.
STEPS: list[Step] = [_basic_metadata, structure, unicode_maps, die_layer, subset_tags,
                     pdfx_metadata]


def finish_pdf(data: bytes, document: Document, profile: Profile) -> bytes:
    """Return data with the post-pass steps applied and an XMP packet in the catalogue."""
    with pikepdf.open(io.BytesIO(data)) as pdf:
        properties: list[Property] = []
        for step in STEPS:
            step(pdf, document, profile, properties)
        stream = pikepdf.Stream(pdf, packet(properties))
        stream.Type = pikepdf.Name.Metadata
        stream.Subtype = pikepdf.Name.XML
        pdf.Root.Metadata = pdf.make_indirect(stream)
        out = io.BytesIO()
        # reportlab's streams come deflated already; compress_streams=True made qpdf take
        # 4x as long for 0.1 % of the bytes (measured, #22). A step's new stream should
        # come deflated itself (the XMP packet stays plain text, as PDF/A wants).
        pdf.save(out, deterministic_id=True, compress_streams=False,
                 object_stream_mode=pikepdf.ObjectStreamMode.preserve)
        return out.getvalue()
