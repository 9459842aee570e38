"""The configuration schema, declared once: every option with its type, default and meaning.

`validate()` walks a parsed TOML document against a schema and reports every problem at
once (unknown keys with a "did you mean", missing keys, wrong types), each with its key
path, in the style of MkDocs' config validation.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Callable

from toolkit.colour import parse_hex
from toolkit.config.characters import RIGHT_TO_LEFT_FIX, one_line, right_to_left
from toolkit.config.common import MAX_ID_CHARS, id_problem
from toolkit.config.messages import N_, _, did_you_mean
from toolkit.errors import Problems

REQUIRED = object()
# Items in one TOML list ([[partners]], municipalities, hashtags): a region names a few
# dozen at most; laying out thousands grows with their square (20,000 partners: minutes).
MAX_LIST_ITEMS = 200
# \Z, not $: a value with a trailing newline ("https://x.nl\n") is not a match.
URL = re.compile(r"^https://[a-z0-9.-]+\.[a-z]{2,}(/[A-Za-z0-9._~/-]*)?\Z")


@dataclass(frozen=True)
class Option:
    """One scalar or list option."""

    kind: type | tuple[type, ...]
    doc: str
    default: Any = REQUIRED
    item_kind: type | None = None  # for lists: the type of each item
    check: Callable[[Any], str | None] | None = None  # returns what is wrong, or None
    printed: bool = False  # text set on the page: cleaned like copy, left-to-right only


@dataclass(frozen=True)
class Table:
    """A TOML table with known keys."""

    options: dict[str, "Option | Table | TableList | TableMap"]
    doc: str
    required: bool = True


@dataclass(frozen=True)
class TableList:
    """An array of tables ([[name]]), each with the same keys."""

    table: Table
    doc: str
    required: bool = True


@dataclass(frozen=True)
class TableMap:
    """A table whose keys are names chosen by the user, each holding the same kind of table."""

    table: Table
    doc: str
    required_keys: tuple[str, ...] = ()


def _hex_colour(value: str) -> str | None:
    return None if parse_hex(value) else _("{value} is not a colour; write it as '#RRGGBB'",
                                           value=repr(value))


def cmyk_problem(value: list) -> str | None:
    if len(value) != 4 or not all(isinstance(v, (int, float)) and 0 <= v <= 100 for v in value):
        return _("{value} is not a CMYK value; write four percentages, e.g. [100, 30, 35, 35]",
                 value=repr(value))
    return None


def _url(value: str) -> str | None:
    if URL.match(value):
        return None
    return _("{value} is not a web address; write it as 'https://example.nl/path'",
             value=repr(value))


def _hashtag(value: list) -> str | None:
    bad = [tag for tag in value if not re.match(r"^#\w+\Z", tag)]
    return _("not hashtags: {tags}; write them as '#word'", tags=", ".join(bad)) \
        if bad else None


def _slugs(value: list) -> str | None:
    bad = [problem for problem in map(id_problem, value) if problem]
    return _("{problem}; use lower-case letters, digits and '-', at most {most}",
             problem=bad[0], most=MAX_ID_CHARS) if bad else None


MAX_QUANTITY = 1_000_000


def _quantities(value: dict) -> str | None:
    for name, count in value.items():
        whole = isinstance(count, int) and not isinstance(count, bool)
        if not whole or not 1 <= count <= MAX_QUANTITY:
            name, shown = name[:80], repr(count)[:40]  # a message stays readable
            return _("{name} = {shown}: a quantity is a whole number from 1 to {most}; write "
                     "it as \"{name}\" = 50", name=name, shown=shown, most=MAX_QUANTITY)
    return None


def _nonempty(value: str) -> str | None:
    return None if value.strip() else _("is empty; write some text")


COLOUR = Table(
    {
        "hex": Option(str, N_("Screen colour as '#RRGGBB'."), check=_hex_colour),
        "cmyk": Option(
            list,
            N_("Print colour in percent [C, M, Y, K] from the brand guide; derived (with a "
               "warning) when left out."),
            default=None,
            item_kind=(int, float),  # type: ignore[arg-type]
            check=cmyk_problem,
        ),
    },
    N_("A brand colour."),
)

COLOUR_ROLES = ("primary", "accent", "light", "ink", "paper")

BRAND_SCHEMA = Table(
    {
        "campaign": Table(
            {
                "name": Option(str, N_("Campaign name as printed."), check=_nonempty,
                               printed=True),
                "website": Option(str, N_("Campaign website, as printed (no https://)."),
                                  check=_nonempty, printed=True),
                "tag": Option(str, N_("Campaign tag for links (utm_campaign)."),
                              check=lambda v: _slugs([v])),
                "hashtags": Option(list, N_("Hashtags for captions."), item_kind=str,
                                   check=_hashtag),
                "audiences": Option(
                    list, N_("Audiences, each with a poster; copy per audience in templates/."),
                    item_kind=str, check=_slugs,
                ),
                "version": Option(str, N_("Edition of the materials, as printed in the "
                                  "handreiking's colophon (e.g. '1.1')."), default="1.0",
                                  printed=True),
                "date": Option(str, N_("When this edition appeared, as printed (e.g. 'december "
                               "2026')."), default="", printed=True),
            },
            N_("The campaign."),
        ),
        "colours": TableMap(
            COLOUR,
            N_("Brand colours by role: primary (large areas), accent (motif), light (text on "
            "primary), ink (text on paper), paper (background of text areas)."),
            required_keys=COLOUR_ROLES,
        ),
        "press": Table(
            {
                "profile": Option(str, N_("The print shop's CMYK output profile (.icc), "
                                          "relative to the brand folder; default: coated "
                                          "FOGRA39."), default=None),
                "condition": Option(str, N_("The printing condition's registered name for "
                                            "PDF/X, e.g. 'FOGRA51' (default: 'Custom')."),
                                    default=None, check=_nonempty),
            },
            N_("The printing condition: the output profile print files are separated for."),
            required=False,
        ),
        "fonts": Table(
            {
                "regular": Option(str, N_("Body text font: 'lato:Regular' or a TTF/OTF path."),
                                  default="lato:Regular"),
                "bold": Option(str, N_("Bold font."), default="lato:Bold"),
                "heavy": Option(str, N_("Headline font."), default="lato:Black"),
            },
            N_("Fonts: 'lato:<style>' from the font-lato package, or a file relative to the brand "
            "folder."),
            required=False,
        ),
    },
    "assets/brand/brand.toml",
)

PARTNER = Table(
    {
        "name": Option(str, N_("Organisation name (also its wordmark when there is no logo)."),
                       check=_nonempty, printed=True),
        "logo": Option(str, N_("Logo file (SVG, PNG, JPEG) relative to the region folder."),
                       default=None),
    },
    N_("A partner in the co-branding row."),
)

REGION_SCHEMA = Table(
    {
        "name": Option(str, N_("Region name as printed."), check=_nonempty, printed=True),
        "landing_url": Option(str, N_("Landing page the materials point to (https://...)."),
                              check=_url),
        "contact": Option(str, N_("Contact line printed on the materials."), check=_nonempty,
                          printed=True),
        "municipalities": Option(list, N_("Municipalities of the region."), item_kind=str,
                                 printed=True),
        "partners": TableList(PARTNER, N_("Partner organisations, in the order shown.")),
        "example": Option(bool, N_("A fictional region that shows what a region can change: "
                          "marked as an example and listed last."), default=False),
        "credits": Table(
            {"partners_label": Option(str, N_("Line above the partners (default: the "
                                      "templates' 'Een campagne van')."), default="",
                                      printed=True),
             "funding": Option(str, N_("Funding line (default: the templates' line naming the "
                               "municipalities)."), default="", printed=True)},
            N_("Credit lines the partners and funders have agreed to."),
            required=False,
        ),
        "photos": Table(
            {"poster": Option((str, dict), N_("Photo for the posters: a file (JPEG/PNG, "
                              "decorative) or a table with file, focus and alt."),
                              default=None),
             "design": Table(
                 {"social": Option(dict, N_("A photo per social design: [photos.design."
                                   "social.<design>] with file, focus and alt."), default={}),
                  "poster": Option(dict, N_("A photo per poster audience: [photos.design."
                                   "poster.<audience>] with file, focus and alt."), default={})},
                 N_("Photos for single designs, named as in assets/brand/designs.toml."),
                 required=False)},
            N_("Optional photos."),
            required=False,
        ),
        "print": Table(
            {"contact": Option(str, N_("Whom the print shop asks about this order (a name, a "
                                       "phone or an e-mail address the person agreed to "
                                       "give); printed in the print specification."),
                               default="", printed=True),
             "quantities": Option(dict, N_("Copies per print file, keyed by its name without "
                                           "'.pdf': \"poster-buren-A3\" = 50."), default={},
                                  check=_quantities)},
            N_("The print order: stated in the print specification."),
            required=False,
        ),
    },
    "assets/regions/<id>/region.toml",
)

DEFAULTS_SCHEMA = Table(
    {
        "contact": Option(str, N_("Contact line for rows of assets/regions.csv without one."),
                          default="", printed=True),
        "partners": TableList(PARTNER, N_("Partners shown after each row's own name or logo "
                              "(logo paths relative to assets/).")),
    },
    "assets/regions-defaults.toml",
)

TYPE_NAMES = {str: N_("text"), int: N_("a whole number"), float: N_("a number"),
              list: N_("a list"), dict: N_("a table"), bool: N_("true or false")}


def _type_name(kind: Any) -> str:
    if isinstance(kind, tuple):
        return _(" or ").join(_(TYPE_NAMES[k]) if k in TYPE_NAMES else k.__name__
                              for k in kind)
    return _(TYPE_NAMES[kind]) if kind in TYPE_NAMES else getattr(kind, "__name__", str(kind))


def _described(value: Any) -> str:
    """'text 'x'' for a single value, just the type for a list or table."""
    if isinstance(value, (list, dict)):
        return _type_name(type(value))
    return f"{_type_name(type(value))} {value!r}"


def _is(value: Any, kind: Any) -> bool:
    if isinstance(value, bool) and kind is not bool:
        return False
    return isinstance(value, kind)


def validate(data: Any, schema: Table, file: str, problems: Problems, path: str = "") -> dict:
    """Check data against schema, record problems, and return it with defaults filled in."""
    if not isinstance(data, dict):
        problems.error(file, path or "(top)", _("expected a table, got {value}",
                                                  value=_described(data)))
        return {}
    result: dict[str, Any] = {}
    for key in data:
        if key not in schema.options:
            problems.error(file, _join(path, key), _("unknown key"),
                           did_you_mean(key, tuple(schema.options)))
    for key, spec in schema.options.items():
        where = _join(path, key)
        if key not in data:
            result[key] = _missing(spec, file, where, problems)
            continue
        result[key] = _validate_value(data[key], spec, file, where, problems)
    return result


def _join(path: str, key: str) -> str:
    return f"{path}.{key}" if path else key


def _missing(spec: Any, file: str, where: str, problems: Problems) -> Any:
    if isinstance(spec, Option):
        if spec.default is REQUIRED:
            problems.error(file, where, _("is missing"), _("add {key} ({meaning})", key=where,
                                                             meaning=_(spec.doc)))
        return None if spec.default is REQUIRED else spec.default
    if isinstance(spec, Table):
        if spec.required:
            problems.error(file, where, _("is missing"), _(
                "add a [{key}] table ({meaning})", key=where, meaning=_(spec.doc)))
            return {}
        return validate({}, spec, file, problems, where)
    if isinstance(spec, TableList):
        if spec.required:
            problems.error(file, where, _("is missing"), _(
                "add [[{key}]] entries ({meaning})", key=where, meaning=_(spec.doc)))
        return []
    problems.error(file, where, _("is missing"), _("add a [{key}] table ({meaning})",
                                                   key=where, meaning=_(spec.doc)))
    return {}


def _validate_value(value: Any, spec: Any, file: str, where: str, problems: Problems) -> Any:
    if isinstance(spec, Table):
        return validate(value, spec, file, problems, where)
    if isinstance(spec, TableList):
        if not isinstance(value, list):
            problems.error(file, where, _("expected a list of tables ([[{key}]]), got "
                                          "{value}", key=where, value=_described(value)))
            return []
        if _too_many(value, file, where, problems):
            return []
        return [validate(item, spec.table, file, problems, f"{where}[{index}]")
                for index, item in enumerate(value)]
    if isinstance(spec, TableMap):
        return _validate_map(value, spec, file, where, problems)
    return _validate_option(value, spec, file, where, problems)


def _validate_map(value: Any, spec: TableMap, file: str, where: str, problems: Problems) -> dict:
    if not isinstance(value, dict):
        problems.error(file, where, _("expected a table, got {value}",
                                      value=_described(value)))
        return {}
    for key in spec.required_keys:
        if key not in value:
            problems.error(file, f"{where}.{key}", _("is missing"), _(
                "add [{key}]", key=where + "." + key))
    return {key: validate(item, spec.table, file, problems, f"{where}.{key}")
            for key, item in value.items()}


def _validate_option(value: Any, spec: Option, file: str, where: str, problems: Problems) -> Any:
    if not _is(value, spec.kind):
        problems.error(file, where, _("expected {kind}, got {value}",
                                      kind=_type_name(spec.kind),
                                      value=_type_name(type(value)) + " " + repr(value)))
        return spec.default if spec.default is not REQUIRED else None
    if isinstance(value, list) and _too_many(value, file, where, problems):
        return []
    if spec.item_kind is not None:
        wrong = [item for item in value if not _is(item, spec.item_kind)]
        if wrong:
            problems.error(file, where, _("expected a list of {kind}, found {value}",
                                          kind=_type_name(spec.item_kind),
                                          value=repr(wrong[0])))
            return []
    if spec.printed:
        value = _printed(value, file, where, problems)
    if spec.check is not None:
        message = spec.check(value)
        if message:
            problems.error(file, where, message)
    return value


def _too_many(value: list, file: str, where: str, problems: Problems) -> bool:
    if len(value) <= MAX_LIST_ITEMS:
        return False
    problems.error(file, where, _("has {count} items; a list holds at most {most}",
                                  count=len(value), most=MAX_LIST_ITEMS),
                   _("keep the ones the materials need"))
    return True


def _printed(value: str | list[str], file: str, where: str, problems: Problems
             ) -> str | list[str]:
    """The text cleaned as copy is (invisible and control characters out, on one line);
    a problem for right-to-left script."""
    cleaned = [one_line(text) for text in ([value] if isinstance(value, str) else value)]
    for text in cleaned:  # after cleaning: a right-to-left mark is removed, not refused
        backwards = right_to_left(text)
        if backwards:
            problems.error(file, where, backwards, _(RIGHT_TO_LEFT_FIX))
    return cleaned[0] if isinstance(value, str) else cleaned
