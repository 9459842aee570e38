"""The copy: a jinja2 environment over templates/, rendering named blocks to plain text.

Each product has one template file whose blocks are its text slots, e.g.
`{% block buren_kicker %}...{% endblock %}` in templates/poster.nl.j2. A block renders
with the campaign and region variables; whitespace is folded, and a blank line inside a
block separates paragraphs.

One source per message: a product template may `{% extends "messages.nl.j2" %}`, the
messages every product that carries them shows (an audience's kicker and headline, the
campaign line); a block the product template writes itself wins. A region may override
single blocks without ifs: a file of the same name in `assets/regions/<id>/templates/`
holding only the blocks that differ. The layers, most specific first: the region's
override of the product template, the product template, the region's override of the
messages, the messages. Every layer is read and rendered like any template: bounded,
UTF-8, inside the campaign folder, in the sandbox.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from difflib import SequenceMatcher
from functools import lru_cache
from pathlib import Path
from typing import Any, Callable

import jinja2
from jinja2 import nodes
from jinja2.loaders import split_template_path
from jinja2.sandbox import SecurityError

from toolkit.config.characters import clean, clean_lines
from toolkit.config.explain import jinja_error
from toolkit.config.markup import as_plain_text
from toolkit.config.messages import N_, _, closest, did_you_mean
from toolkit.config.model import Brand, Region
from toolkit.config.sandbox import MAX_BLOCK_CHARS, MAX_PAGE_LOOP_STEPS, CopyEnvironment
from toolkit.config.textfile import read_text
from toolkit.errors import InputError, Problems

__all__ = ["MAX_BLOCK_CHARS", "MAX_PAGE_LOOP_STEPS", "Copy", "CopyRenderer", "clean",
           "clean_lines", "make_environment", "template_context"]

LANGUAGE = "nl"
MISSPELT = 0.85  # a missing block this close to one that is there: probably misspelt
FILE_NAME_CUTOFF = 0.8  # a missing file this close to one that is there: probably misspelt
# A text slot (a headline, a step, a caption: every block but the handreiking's markup)
# holds at most this: the longest has about 250 characters, and fitting a longer text at
# every size a slot allows would take seconds per format (a minute at 100,000 characters).
MAX_SLOT_CHARS = 2_000
SANDBOX_FIX = N_("remove it: copy uses only the variables listed in the README")
REGION_PREFIX = "@region/"  # a region's overrides: '@region/<id>/poster.nl.j2'
REGION_TEMPLATES = "templates"  # the folder of a region's overrides, in its region folder
# What a template can get wrong while it renders, besides unknown variables.
RENDER_ERRORS = (SecurityError, OverflowError, ArithmeticError, LookupError, TypeError,
                 ValueError, RecursionError, jinja2.TemplateError)


class CampaignLoader(jinja2.BaseLoader):
    """Templates from the campaign's templates/ folder, read as every text input is:
    bounded in size, UTF-8 (an InputError naming the file otherwise)."""

    def __init__(self, templates: Path):
        self.templates = templates
        self.regions = templates.parent / "assets" / "regions"

    def get_source(self, environment: jinja2.Environment, template: str
                   ) -> tuple[str, str, Callable[[], bool]]:
        folder, name = self.templates, template
        if template.startswith(REGION_PREFIX):
            region, _slash, name = template.removeprefix(REGION_PREFIX).partition("/")
            folder = self.regions.joinpath(*split_template_path(region), REGION_TEMPLATES)
        path = folder.joinpath(*split_template_path(name))
        try:  # what a template includes or imports stays inside templates/ too
            if not path.resolve().is_relative_to(folder.resolve()):
                raise InputError(template_file(template), "", _("leaves the templates folder"),
                                 _("include only templates inside templates/"))
            text = read_text(path, template_file(template))
            status = path.stat()
            stamp = (status.st_mtime_ns, status.st_size)
        except (OSError, ValueError, RuntimeError):  # not there, NUL, too long, a loop
            raise jinja2.TemplateNotFound(template[:80]) from None

        def unchanged() -> bool:
            try:
                status = path.stat()
            except OSError:
                return False
            return (status.st_mtime_ns, status.st_size) == stamp
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


def template_file(name: str) -> str:
    """The file behind a template name, as messages name it."""
    if name.startswith(REGION_PREFIX):
        region, _slash, rest = name.removeprefix(REGION_PREFIX).partition("/")
        return f"assets/regions/{region}/{REGION_TEMPLATES}/{rest}"
    return f"templates/{name}"


@dataclass(frozen=True)
class Copy:
    """The rendered text slots of one template, by block name, and the file each block
    came from (the template, the messages it extends, a region's override)."""

    template: str
    blocks: dict[str, str]
    origin: dict[str, str] = field(default_factory=dict)

    def __getitem__(self, name: str) -> str:
        if name not in self.blocks:
            close = closest(name, [b for b in self.blocks if not b.startswith(name)])
            fix = _("add {{% block {name} %}}...{{% endblock %}}", name=name)
            if close and SequenceMatcher(None, name, close).ratio() >= MISSPELT:
                fix = _("there is a block '{choice}': if that is this one, name it '{name}'",
                        choice=close, name=name)
            raise InputError(self.template, name, _("block is missing"), fix)
        return self.blocks[name]

    def file_of(self, block: str) -> str:
        """The file the block is written in (for messages about its text)."""
        return self.origin.get(block, self.template)


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
        self.environment = shared_environment(templates)
        self.used: set[str] = set()
        self.copies: dict[str, Copy] = {}  # the last copy of each template, by file

    def render(self, name: str, context: dict[str, Any], raw: tuple[str, ...] = (),
               markup: tuple[str, ...] = ()) -> Copy:
        """Render every block of the template and the layers under and over it (see the
        module's docstring); blocks named in raw keep their lines (markup source). In raw
        and markup blocks, what {{ ... }} prints is plain text, never markup."""
        file = f"templates/{name}"
        layers = self.layers(name, (context.get("region") or {}).get("id"))
        functions: dict[str, list[Callable]] = {}  # the most specific first, for super()
        origin: dict[str, str] = {}
        for layer_file, template in reversed(layers):
            for block, function in template.blocks.items():
                functions.setdefault(block, []).insert(0, function)
                origin[block] = layer_file
        problems = Problems()
        _check_overrides(layers, problems)
        blocks: dict[str, str] = {}
        render_context = layers[0][1].new_context(context)
        render_context.blocks = functions
        for block, chain in functions.items():
            source = origin[block]
            try:
                self.environment.reset_block()
                self.environment.plain_values = block in raw or block in markup
                text = _bounded_join(chain[0](render_context))
                blocks[block] = clean_lines(text) if block in raw else clean(text)
                if block not in raw and len(blocks[block]) > MAX_SLOT_CHARS:
                    problems.error(source, block, _(
                        "is {length} characters long; a text slot holds at most {most}",
                        length=len(blocks[block]), most=MAX_SLOT_CHARS), _(
                        "shorten the text by {excess} characters",
                        excess=len(blocks[block]) - MAX_SLOT_CHARS))
            except _BlockTooLong:
                problems.error(source, block, _("renders to more than {most} characters",
                                                most=MAX_BLOCK_CHARS),
                               _("shorten the block, or check its loops"))
            except (jinja2.UndefinedError, *RENDER_ERRORS) as error:
                problems.absorb(_cannot_render(source, block, error, context))
            except MemoryError:  # under the workers' memory limit (toolkit.run.workers)
                problems.error(source, block, _("needs more memory than a block may take"),
                               _("shorten the block, or check its loops and filters"))
        problems.raise_if_any()
        self.copies[file] = Copy(template=file, blocks=blocks, origin=origin)
        return self.copies[file]

    def layers(self, name: str, region: str | None) -> list[tuple[str, jinja2.Template]]:
        """(file, template) of every layer of the copy of template name for region, the
        most specific first; each campaign template is recorded as used."""
        found: list[tuple[str, jinja2.Template]] = []
        current: str | None = name
        while current is not None and all(current != f for f, _t in found):
            override = self._override(region, current)
            if override is not None:
                found.append(override)
            self.used.add(current)  # what a product's files depend on (incremental builds)
            found.append((f"templates/{current}", self._load(current, f"templates/{current}")))
            current = self._parent(current)
        return found

    def text_of(self, file: str, block: str) -> str | None:
        """The rendered text of block as written in file (None if not rendered)."""
        for copy in self.copies.values():
            if block in copy.blocks and copy.file_of(block) == file:
                return copy.blocks[block]
        return None

    def _override(self, region: str | None, name: str) -> tuple[str, jinja2.Template] | None:
        if not region or not (self.templates.parent / "assets" / "regions" / region
                              / REGION_TEMPLATES / name).is_file():
            return None
        full = f"{REGION_PREFIX}{region}/{name}"
        return template_file(full), self._load(full, template_file(full))

    def _parent(self, name: str) -> str | None:
        """The template name extends, if it does (the loaded template is up to date)."""
        return _extends(self.environment, self.environment.get_template(name))

    def _load(self, name: str, file: str) -> jinja2.Template:
        return load_template(self.environment, name, file)


@lru_cache(maxsize=8)
def shared_environment(templates: Path) -> CopyEnvironment:
    """One environment per templates folder and process: a worker building many regions
    compiles each template once (jinja2 compiles it again when its file changes)."""
    return make_environment(templates)


@lru_cache(maxsize=512)
def _extends(environment: CopyEnvironment, template: jinja2.Template) -> str | None:
    """The template that template extends, read from its syntax tree once per version of
    its file (jinja2 gives a new Template when the file changes)."""
    tree = environment.parse(environment.loader.get_source(environment, template.name)[0])
    parents = [node.template.value for node in tree.find_all(nodes.Extends)
               if isinstance(node.template, nodes.Const)]
    return parents[0] if parents else None


def _check_overrides(layers: list[tuple[str, jinja2.Template]], problems: Problems) -> None:
    """A region's override may only replace blocks the layers under it have: a block it
    names that nothing has is misspelt (and would silently change nothing)."""
    for index, (file, template) in enumerate(layers):
        if not file.startswith("assets/"):
            continue
        below = {block for _f, lower in layers[index + 1:] for block in lower.blocks}
        for block in sorted(set(template.blocks) - below):
            problems.error(file, block, _("no such block in the campaign's templates, so "
                                          "this text is shown nowhere"),
                           did_you_mean(block, sorted(below)))


def load_template(environment: jinja2.Environment, name: str, file: str) -> jinja2.Template:
    try:
        return environment.get_template(name)
    except jinja2.TemplateNotFound:
        raise InputError(file, "", _("template not found"), _not_found_fix(environment, name,
                                                                           file)) from None
    except jinja2.TemplateSyntaxError as error:
        explained = jinja_error(error, error.source or "")
        raise InputError(file, _("line {line}", line=explained.line), explained.message,
                         explained.fix) from None


def _not_found_fix(environment: jinja2.Environment, name: str, file: str) -> str:
    """'did you mean' a template with a close name, else 'create' it."""
    loader = environment.loader
    folder = getattr(loader, "templates", None)
    names = sorted(p.name for p in folder.iterdir() if p.is_file()) \
        if isinstance(folder, Path) and folder.is_dir() else []
    close = closest(name, names, FILE_NAME_CUTOFF)
    if close:
        return _("did you mean '{choice}'? Or create {file}", choice=close, file=file)
    return _("create {file}", file=file)


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
        return _unknown_variable(file, block, error.message or "", context)
    return InputError(file, block, _("cannot be rendered: {reason}", reason=_reason(error)),
                      _(SANDBOX_FIX) if isinstance(error, (SecurityError, OverflowError))
                      else _("correct the expression in this block"))


UNDEFINED = re.compile(r"'([^']+)' is undefined")
NO_ATTRIBUTE = re.compile(r"'[^']*' has no attribute '([^']+)'")


def _unknown_variable(file: str, block: str, message: str, context: dict[str, Any]
                      ) -> InputError:
    """An unknown variable or field, with the known ones and a 'did you mean'."""
    names = list(context)
    fields = sorted({key for value in context.values() if isinstance(value, dict)
                     for key in value})
    fix = _("use one of: {names}", names=", ".join(f"{name}.*" for name in names))
    undefined, attribute = UNDEFINED.match(message), NO_ATTRIBUTE.match(message)
    if undefined:
        reason = _("'{name}' is undefined", name=undefined[1])
        close = closest(undefined[1], names)
    elif attribute:
        reason = _("there is no field '{name}'", name=attribute[1])
        close = closest(attribute[1], fields)
    else:
        reason, close = message, None
    if close:
        fix = _("{fix}; did you mean '{choice}'?", fix=fix, choice=close)
    return InputError(file, block, _("unknown variable ({reason})", reason=reason), fix)


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
        return _("'{name}' of a {kind} is not available to templates", name=unsafe[1],
                 kind=unsafe[2])
    return message.rstrip(".")
