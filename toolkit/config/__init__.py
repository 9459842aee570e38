"""Inputs: everything a coordinator edits, read and checked on the way in.

The first stage of the pipeline. brand.toml and region.toml against the schema (schema.py,
load.py), the region table and the sociale kaart (table.py, socialmap.py), fonts, logos and
photos (assets.py; svgsafety.py for SVG logos), text files (textfile.py), the characters
text may hold (characters.py), the copy from the templates (content.py, run in the jinja2
sandbox of sandbox.py) and the handreiking's markup (markup.py). Out come frozen values
(model.py). A new input check goes in the module that reads that input.

Imports only the package root (errors, colour, formats); common.py holds what the loaders
share, so none of them imports another back.
"""

from typing import Any

__all__ = ["Brand", "Campaign", "Partner", "Region", "load_campaign"]


def __getattr__(name: str) -> Any:
    """The loader and the model, imported when first asked for: a module that needs only
    the messages (toolkit.config.messages), like a rebuild with nothing to do, does not
    load reportlab, svglib and jinja2 with them."""
    if name == "load_campaign":
        from toolkit.config.load import load_campaign
        return load_campaign
    if name in __all__:
        from toolkit.config import model
        return getattr(model, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
