"""XMP metadata packets: one deterministic writer for every PDF (PDF/X and PDF/UA read it).

A packet is built from (prefix, name, value) properties; prefixes are the namespaces below.
Values are plain strings, or a tuple of strings for an ordered list (rdf:Seq), or a dict
{language: text} for a language alternative (rdf:Alt, e.g. dc:title).
"""

from __future__ import annotations

from xml.sax.saxutils import escape

NAMESPACES = {
    "dc": "http://purl.org/dc/elements/1.1/",
    "xmp": "http://ns.adobe.com/xap/1.0/",
    "xmpMM": "http://ns.adobe.com/xap/1.0/mm/",
    "pdf": "http://ns.adobe.com/pdf/1.3/",
    "pdfx": "http://ns.adobe.com/pdfx/1.3/",
    "pdfxid": "http://www.npes.org/pdfx/ns/id/",
    "pdfuaid": "http://www.aiim.org/pdfua/ns/id/",
}
LISTS = {("dc", "creator"): "Seq", ("dc", "subject"): "Bag", ("dc", "language"): "Bag"}
ALTERNATIVES = {("dc", "title"), ("dc", "description"), ("dc", "rights")}

Property = tuple[str, str, "str | tuple[str, ...] | dict[str, str]"]


def packet(properties: list[Property]) -> bytes:
    """Return an XMP packet (UTF-8, with its xpacket wrapper) holding properties in order."""
    used = sorted({prefix for prefix, _, _ in properties})
    declarations = "".join(f'\n    xmlns:{p}="{NAMESPACES[p]}"' for p in used)
    body = "".join(_property(prefix, name, value) for prefix, name, value in properties)
    text = (
        '<?xpacket begin="\ufeff" id="W5M0MpCehiHzreSzNTczkc9d"?>\n'
        '<x:xmpmeta xmlns:x="adobe:ns:meta/">\n'
        ' <rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#">\n'
        f'  <rdf:Description rdf:about=""{declarations}>\n'
        f"{body}"
        "  </rdf:Description>\n"
        " </rdf:RDF>\n"
        "</x:xmpmeta>\n"
        '<?xpacket end="w"?>'
    )
    return text.encode("utf-8")


def _property(prefix: str, name: str, value) -> str:
    tag = f"{prefix}:{name}"
    if (prefix, name) in ALTERNATIVES:
        if isinstance(value, str):
            value = {"x-default": value}
        items = "".join(f'<rdf:li xml:lang="{escape(lang)}">{escape(text)}</rdf:li>'
                        for lang, text in value.items())
        return f"   <{tag}><rdf:Alt>{items}</rdf:Alt></{tag}>\n"
    if (prefix, name) in LISTS:
        kind = LISTS[(prefix, name)]
        values = (value,) if isinstance(value, str) else value
        items = "".join(f"<rdf:li>{escape(v)}</rdf:li>" for v in values)
        return f"   <{tag}><rdf:{kind}>{items}</rdf:{kind}></{tag}>\n"
    return f"   <{tag}>{escape(value)}</{tag}>\n"
