"""The copy: a jinja2 environment over templates/, rendering named blocks to plain text.

Each product has one template file whose blocks are its text slots, e.g.
`{% block buren_headline %}...{% endblock %}` in templates/poster.nl.j2. A block renders
with the campaign and region variables; whitespace is folded, and a blank line inside a
block separates paragraphs.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import jinja2

from toolkit.config.model import Brand, Region
from toolkit.errors import InputError, Problems

LANGUAGE = "nl"
PARAGRAPH_BREAK = re.compile(r"\n\s*\n")
# Invisible characters that Word and web pages paste along; they have no place in print.
INVISIBLE = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"), None)


def make_environment(templates: Path) -> jinja2.Environment:
    return jinja2.Environment(
        loader=jinja2.FileSystemLoader(str(templates)),
        undefined=jinja2.StrictUndefined,
        autoescape=False,
        keep_trailing_newline=False,
    )


def clean(text: str) -> str:
    """Fold whitespace, keep paragraph breaks, drop invisible characters, compose accents."""
    text = unicodedata.normalize("NFC", text.translate(INVISIBLE))
    paragraphs = [" ".join(part.split()) for part in PARAGRAPH_BREAK.split(text.strip())]
    return "\n".join(part for part in paragraphs if part)


def clean_lines(text: str) -> str:
    """Like clean, but keep the line structure (for blocks written in markup)."""
    text = unicodedata.normalize("NFC", text.translate(INVISIBLE))
    return "\n".join(line.rstrip() for line in text.strip("\n").splitlines()).strip()


@dataclass(frozen=True)
class Copy:
    """The rendered text slots of one template, by block name."""

    template: str
    blocks: dict[str, str]

    def __getitem__(self, name: str) -> str:
        if name not in self.blocks:
            raise InputError(self.template, name, "block is missing",
                             f"add {{% block {name} %}}...{{% endblock %}}")
        return self.blocks[name]


def template_context(brand: Brand, region: Region, **extra: Any) -> dict[str, Any]:
    """Return the variables every template sees."""
    return {
        "campaign": {"name": brand.name, "website": brand.website, "hashtags": brand.hashtags},
        "region": {
            "id": region.id, "name": region.name, "landing_url": region.landing_url,
            "contact": region.contact, "municipalities": list(region.municipalities),
            "partners": [partner.name for partner in region.partners],
        },
        **extra,
    }


class CopyRenderer:
    """Renders a template's blocks, caching compiled templates per process."""

    def __init__(self, templates: Path):
        self.templates = templates
        self.environment = make_environment(templates)
        self.used: set[str] = set()

    def render(self, name: str, context: dict[str, Any], raw: tuple[str, ...] = ()) -> Copy:
        """Render every block; blocks named in raw keep their lines (markup source)."""
        self.used.add(name)  # what a product's files depend on (incremental builds)
        file = f"templates/{name}"
        template = self._load(name, file)
        blocks: dict[str, str] = {}
        problems = Problems()
        render_context = template.new_context(context)
        for block, function in template.blocks.items():
            try:
                text = "".join(function(render_context))
                blocks[block] = clean_lines(text) if block in raw else clean(text)
            except jinja2.UndefinedError as error:
                problems.error(file, block, f"unknown variable ({error.message})",
                               "use one of: " + ", ".join(f"{name}.*" for name in context))
        problems.raise_if_any()
        return Copy(template=file, blocks=blocks)

    def _load(self, name: str, file: str) -> jinja2.Template:
        try:
            return self.environment.get_template(name)
        except jinja2.TemplateNotFound:
            raise InputError(file, "", "template not found", f"create {file}") from None
        except jinja2.TemplateSyntaxError as error:
            raise InputError(file, f"line {error.lineno}", f"template syntax error: "
                             f"{error.message}", "correct the jinja2 syntax") from None
        except UnicodeDecodeError:
            raise InputError(file, "", "is not UTF-8 text", "save the file as UTF-8") from None
