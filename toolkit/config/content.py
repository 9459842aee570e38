"""The copy: a jinja2 environment over templates/, rendering named blocks to plain text.

Each product has one template file whose blocks are its text slots, e.g.
`{% block buren_headline %}...{% endblock %}` in templates/poster.nl.j2. A block renders
with the campaign and region variables; whitespace is folded, and a blank line inside a
block separates paragraphs.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Callable

import jinja2
from jinja2.loaders import split_template_path
from jinja2.sandbox import SecurityError

from toolkit.config.characters import clean, clean_lines
from toolkit.config.markup import as_plain_text
from toolkit.config.model import Brand, Region
from toolkit.config.sandbox import MAX_BLOCK_CHARS, MAX_PAGE_LOOP_STEPS, CopyEnvironment
from toolkit.config.textfile import read_text
from toolkit.errors import InputError, Problems

__all__ = ["MAX_BLOCK_CHARS", "MAX_PAGE_LOOP_STEPS", "Copy", "CopyRenderer", "clean",
           "clean_lines", "make_environment", "template_context"]

LANGUAGE = "nl"
# A text slot (a headline, a step, a caption: every block but the handreiking's markup)
# holds at most this: the longest has about 250 characters, and fitting a longer text at
# every size a slot allows would take seconds per format (a minute at 100,000 characters).
MAX_SLOT_CHARS = 2_000
SANDBOX_FIX = "remove it: copy uses only the variables listed in the README"
# What a template can get wrong while it renders, besides unknown variables.
RENDER_ERRORS = (SecurityError, OverflowError, ArithmeticError, LookupError, TypeError,
                 ValueError, RecursionError, jinja2.TemplateError)


class CampaignLoader(jinja2.BaseLoader):
    """Templates from the campaign's templates/ folder, read as every text input is:
    bounded in size, UTF-8 (an InputError naming the file otherwise)."""

    def __init__(self, templates: Path):
        self.templates = templates

    def get_source(self, environment: jinja2.Environment, template: str
                   ) -> tuple[str, str, Callable[[], bool]]:
        path = self.templates.joinpath(*split_template_path(template))
        try:  # what a template includes or imports stays inside templates/ too
            if not path.resolve().is_relative_to(self.templates.resolve()):
                raise InputError(f"templates/{template}", "", "leaves the templates folder",
                                 "include only templates inside templates/")
            text = read_text(path, f"templates/{template}")
            modified = path.stat().st_mtime_ns
        except (OSError, ValueError, RuntimeError):  # not there, NUL, too long, a loop
            raise jinja2.TemplateNotFound(template[:80]) from None

        def unchanged() -> bool:
            try:
                return path.stat().st_mtime_ns == modified
            except OSError:
                return False
        return text, str(path), unchanged


def make_environment(templates: Path, **options: Any) -> CopyEnvironment:
    """The sandboxed environment every template of the campaign is rendered in (options:
    jinja2's, and max_loop_steps)."""
    settings = {"autoescape": False, "keep_trailing_newline": False,
                "finalize": _printed_value, **options}
    return CopyEnvironment(loader=CampaignLoader(templates), undefined=jinja2.StrictUndefined,
                           **settings)


@jinja2.pass_context  # (not folded into constants when a template is compiled)
def _printed_value(context: jinja2.runtime.Context, value: Any) -> Any:
    """What {{ ... }} prints: in a markup block, as plain text (a region called '**X**' or
    '[x](javascript:...)' is printed as written, never bold or a link)."""
    if getattr(context.environment, "plain_values", False) and isinstance(value, str):
        return as_plain_text(value)
    return value


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
        "campaign": {"name": brand.name, "website": brand.website, "hashtags": brand.hashtags,
                     "version": brand.version, "date": brand.date},
        "region": {
            "id": region.id, "name": region.name, "landing_url": region.landing_url,
            "contact": region.contact, "municipalities": list(region.municipalities),
            "partners": [partner.name for partner in region.partners],
            "example": region.example, "partners_label": region.partners_label,
            "funding": region.funding,
        },
        **extra,
    }


class CopyRenderer:
    """Renders a template's blocks, caching compiled templates per process."""

    def __init__(self, templates: Path):
        self.templates = templates
        self.environment = make_environment(templates)
        self.used: set[str] = set()
        self.copies: dict[str, Copy] = {}  # the last copy of each template, by file

    def render(self, name: str, context: dict[str, Any], raw: tuple[str, ...] = (),
               markup: tuple[str, ...] = ()) -> Copy:
        """Render every block; blocks named in raw keep their lines (markup source). In raw
        and markup blocks, what {{ ... }} prints is plain text, never markup."""
        self.used.add(name)  # what a product's files depend on (incremental builds)
        file = f"templates/{name}"
        template = self._load(name, file)
        blocks: dict[str, str] = {}
        problems = Problems()
        render_context = template.new_context(context)
        for block, function in template.blocks.items():
            try:
                self.environment.reset_block()
                self.environment.plain_values = block in raw or block in markup
                text = _bounded_join(function(render_context))
                blocks[block] = clean_lines(text) if block in raw else clean(text)
                if block not in raw and len(blocks[block]) > MAX_SLOT_CHARS:
                    problems.error(file, block, f"is {len(blocks[block]):,} characters long; "
                                   f"a text slot holds at most {MAX_SLOT_CHARS:,}",
                                   "shorten the text")
            except _BlockTooLong:
                problems.error(file, block, f"renders to more than {MAX_BLOCK_CHARS:,} "
                               "characters", "shorten the block, or check its loops")
            except (jinja2.UndefinedError, *RENDER_ERRORS) as error:
                problems.absorb(_cannot_render(file, block, error, context))
            except MemoryError:  # under the workers' memory limit (toolkit.run.workers)
                problems.error(file, block, "needs more memory than a block may take",
                               "shorten the block, or check its loops and filters")
        problems.raise_if_any()
        self.copies[file] = Copy(template=file, blocks=blocks)
        return self.copies[file]

    def _load(self, name: str, file: str) -> jinja2.Template:
        return load_template(self.environment, name, file)


def load_template(environment: jinja2.Environment, name: str, file: str) -> jinja2.Template:
    try:
        return environment.get_template(name)
    except jinja2.TemplateNotFound:
        raise InputError(file, "", "template not found", f"create {file}") from None
    except jinja2.TemplateSyntaxError as error:
        raise InputError(file, f"line {error.lineno}", f"template syntax error: "
                         f"{error.message}", "correct the jinja2 syntax") from None


def render_whole(environment: jinja2.Environment, name: str, context: dict[str, Any]) -> str:
    """Render a whole template (the download page, a pack's LEESMIJ), refusing what the
    sandbox refuses with the same messages as a block."""
    file = f"templates/{name}"
    template = load_template(environment, name, file)
    environment.reset_block()
    environment.plain_values = False  # a page or LEESMIJ is not markup
    try:
        return template.render(context)
    except (jinja2.UndefinedError, *RENDER_ERRORS) as error:
        raise _cannot_render(file, "", error, context) from None


def _cannot_render(file: str, block: str, error: Exception, context: dict[str, Any]
                   ) -> InputError:
    if isinstance(error, jinja2.UndefinedError):
        return InputError(file, block, f"unknown variable ({error.message})",
                          "use one of: " + ", ".join(f"{name}.*" for name in context))
    return InputError(file, block, f"cannot be rendered: {_reason(error)}",
                      SANDBOX_FIX if isinstance(error, (SecurityError, OverflowError))
                      else "correct the expression in this block")


class _BlockTooLong(Exception):
    pass


def _bounded_join(pieces) -> str:
    """Join a block's output, stopping as soon as it is longer than a block may be."""
    parts: list[str] = []
    length = 0
    for piece in pieces:
        length += len(piece)
        if length > MAX_BLOCK_CHARS:
            raise _BlockTooLong()
        parts.append(piece)
    return "".join(parts)


UNSAFE_ATTRIBUTE = re.compile(r"access to attribute '(.*)' of '(.*)' object is unsafe")


def _reason(error: Exception) -> str:
    """The error's own words (jinja2's sandbox message made plain)."""
    message = str(error) or type(error).__name__
    unsafe = UNSAFE_ATTRIBUTE.match(message)
    if unsafe:
        return f"'{unsafe[1]}' of a {unsafe[2]} is not available to templates"
    return message.rstrip(".")
