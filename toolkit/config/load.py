"""Read the campaign folder: brand.toml and each region.toml, validated, with their files.

Every problem is collected, so a coordinator sees all of them in one run.
"""

from __future__ import annotations

import tomllib
from pathlib import Path
from typing import Any

from toolkit.colour import (
    CONTRAST_NORMAL, MAX_TOTAL_INK, Colour, contrast_ratio, parse_hex,
)
from toolkit.config.assets import (
    FontFace, _read_bounded, load_font, load_logo, resolve_font,
)
from toolkit.config.common import MAX_ID_CHARS, check_tree, id_problem, inside
from toolkit.config.content import FILE_NAME_CUTOFF, REGION_TEMPLATES
from toolkit.config.explain import toml_error
from toolkit.config.looks import load_looks
from toolkit.config.messages import N_, _, did_you_mean
from toolkit.config.photos import load_photos
from toolkit.config.model import Brand, Campaign, Partner, Region
from toolkit.config.press import (
    MAX_DELTA_E, Press, default_press, delta_e00, lab_of_cmyk, lab_of_rgb, read_press,
    rgb_to_cmyk,
)
from toolkit.config.schema import (
    BRAND_SCHEMA,
    COLOUR_ROLES,
    DEFAULTS_SCHEMA,
    REGION_SCHEMA,
    cmyk_problem,
    validate,
)
from toolkit.config.socialmap import FILE_NAME as MAP_FILE
from toolkit.config.socialmap import NATIONAL_FILE, load_map
from toolkit.config.table import DEFAULTS_FILE, load_table
from toolkit.config.textfile import MAX_TEXT_BYTES, read_text
from toolkit.errors import Problems, ToolkitError, relative

BRAND_FILE = Path("assets/brand/brand.toml")
REGIONS_DIR = Path("assets/regions")
REGION_FILE = "region.toml"
# What a region copied from another keeps without a word (twin_regions).
TWIN_ORGANISATIONS = N_("organisations")
TWIN_PARTNERS = N_("partners")
# Text colour on background colour, as the designs use them; each must meet WCAG AA for
# body text, because every pair carries small text somewhere.
TEXT_PAIRS = (("light", "primary"), ("ink", "paper"), ("primary", "paper"), ("ink", "light"),
              ("ink", "accent"))


def read_toml(path: Path, root: Path, problems: Problems) -> dict[str, Any] | None:
    """Parse a TOML file; record a problem (with line number) and return None if it fails.

    An empty file (or one with only comments) is one problem, not one per missing key."""
    name = relative(path, root)
    try:
        text = read_text(path, name)
    except FileNotFoundError:
        problems.error(name, "", _("file not found"), _("create {file}", file=name))
        return None
    except ToolkitError as error:
        problems.absorb(error)
        return None
    try:
        data = tomllib.loads(text)
    except tomllib.TOMLDecodeError as error:
        explained = toml_error(error, text)
        problems.error(name, _("line {line}", line=explained.line), explained.message,
                       explained.fix)
        return None
    except RecursionError:  # tomllib recurses per level: '[[[[...' thousands deep
        problems.error(name, "", _("nests lists or tables too deeply"),
                       _("a campaign file nests a few levels: correct the brackets"))
        return None
    except ValueError as error:  # an integer of more than 4,300 digits
        problems.error(name, "", _("holds a value TOML cannot read ({reason})",
                                   reason=error), _("write numbers with a few digits"))
        return None
    if not data:
        problems.error(name, "", _("is empty"), _(
            "write its settings: see README, 'Changing the campaign', or copy the file from "
            "the example campaign"))
        return None
    return data


def load_colours(raw: dict, press: Press, file: str, problems: Problems) -> dict[str, Colour]:
    colours: dict[str, Colour] = {}
    for role, spec in raw.items():
        rgb = parse_hex(spec.get("hex"))
        if rgb is None:
            continue  # reported by the schema
        if spec.get("cmyk") is not None and cmyk_problem(spec["cmyk"]):
            continue  # reported by the schema (a value beyond 0..100 may not even divide)
        if spec.get("cmyk") is None:
            cmyk = rgb_to_cmyk(press, rgb)
            problems.warn(file, f"colours.{role}.cmyk", _(
                "missing; derived {cmyk} from {hex} for {press}", cmyk=_percent(cmyk),
                hex=spec["hex"], press=press.identifier),
                _("add the CMYK values from the brand guide"))
        else:
            cmyk = tuple(v / 100 for v in spec["cmyk"])
            _check_match(role, spec["hex"], rgb, cmyk, press, file, problems)
        colour = Colour(role, rgb, cmyk)  # type: ignore[arg-type]
        if colour.total_ink > MAX_TOTAL_INK + 1e-9:
            problems.error(file, f"colours.{role}.cmyk", _(
                "total ink {percent} % is above 300 %", percent=round(colour.total_ink * 100)),
                _("lower the CMYK values"))
        colours[role] = colour
    return colours


def _percent(cmyk: tuple[float, ...]) -> list[int]:
    return [round(value * 100) for value in cmyk]


def _check_match(role: str, hex_value: str, rgb: tuple[float, float, float],
                 cmyk: tuple[float, ...], press: Press, file: str, problems: Problems) -> None:
    """Warn when a colour's screen and print values look different on press (in Lab, through
    the output profile): someone changed one and not the other."""
    difference = delta_e00(lab_of_rgb(rgb), lab_of_cmyk(press, cmyk))
    if difference > MAX_DELTA_E:
        problems.warn(file, f"colours.{role}", _(
            "hex {hex} and cmyk {cmyk} differ by ΔE00 {difference} on {press} (more than "
            "{most}: screen and print would not look alike)", hex=hex_value,
            cmyk=str(_percent(cmyk)), difference=round(difference, 2), press=press.identifier,
            most=MAX_DELTA_E), _("give both from the brand guide; cmyk {cmyk} prints like {hex}",
                                 cmyk=str(_percent(rgb_to_cmyk(press, rgb))), hex=hex_value))


def load_press(raw: dict, root: Path, file: str, problems: Problems) -> Press:
    """Return the brand's printing condition ([press] profile), or the default FOGRA39."""
    if not raw.get("profile"):
        return default_press()
    where = "press.profile"
    try:
        path = inside(root, root / BRAND_FILE.parent, raw["profile"], file, where)
        data = _read_bounded(path, file, where, "colour profile")
        return read_press(data, raw.get("condition") or "Custom", "")
    except ToolkitError as error:
        problems.absorb(error)
    except ValueError as error:
        problems.error(file, where, _("'{name}' {problem}", name=raw["profile"],
                                      problem=str(error)), _(
            "name the print shop's CMYK output profile (.icc), e.g. PSO Coated v3 for FOGRA51"))
    return default_press()


def check_contrast(colours: dict[str, Colour], file: str, problems: Problems) -> None:
    """Refuse text/background pairs below WCAG 2.2 AA (4.5:1)."""
    for text, background in TEXT_PAIRS:
        if text not in colours or background not in colours:
            continue
        ratio = contrast_ratio(colours[text].rgb, colours[background].rgb)
        if ratio < CONTRAST_NORMAL:
            problems.error(file, f"colours.{text} on colours.{background}",
                           _("contrast {text} on {background} is {ratio}:1, below "
                             "{least}:1 (WCAG 2.2 AA)", text=colours[text].hex,
                             background=colours[background].hex, ratio=round(ratio, 2),
                             least=CONTRAST_NORMAL),
                           _("darken or lighten one of the two"))


def load_fonts(raw: dict, root: Path, file: str, problems: Problems) -> dict[str, FontFace]:
    fonts: dict[str, FontFace] = {}
    brand_dir = root / BRAND_FILE.parent
    for role, spec in raw.items():
        try:
            path = resolve_font(spec, brand_dir, file, f"fonts.{role}") \
                if spec.startswith("lato:") else \
                inside(root, brand_dir, spec, file, f"fonts.{role}")
            fonts[role] = load_font(path, file, f"fonts.{role}")
        except ToolkitError as error:
            problems.absorb(error)
    return fonts


def load_brand(root: Path, problems: Problems) -> Brand | None:
    file = relative(root / BRAND_FILE, root)
    data = read_toml(root / BRAND_FILE, root, problems)
    if data is None:
        return None
    raw = validate(data, BRAND_SCHEMA, file, problems)
    press = load_press(raw["press"], root, file, problems)
    colours = load_colours(raw["colours"], press, file, problems)
    if set(COLOUR_ROLES) <= set(colours):
        check_contrast(colours, file, problems)
    fonts = load_fonts(raw["fonts"], root, file, problems)
    campaign = raw["campaign"]
    check_hashtags(campaign.get("hashtags") or [], file, problems)
    if problems.errors:
        return None
    return Brand(
        name=campaign["name"], website=campaign["website"], tag=campaign["tag"],
        hashtags=tuple(campaign["hashtags"]), audiences=tuple(campaign["audiences"]),
        colours=colours, fonts=fonts, file=file, version=campaign["version"],
        date=campaign["date"], press=press,
    )


def check_hashtags(hashtags: list[str], file: str, problems: Problems) -> None:
    """Warn about a hashtag in lower case only: a screen reader reads '#ikmaakhetverschil'
    as one long word, '#IkMaakHetVerschil' word by word (CamelCase)."""
    for index, tag in enumerate(hashtags):
        if isinstance(tag, str) and tag[1:].isalpha() and tag[1:].islower():
            problems.warn(file, f"campaign.hashtags[{index}]", _(
                "{tag} is in lower case only: a screen reader reads it as one word",
                tag=repr(tag)), _("give every word a capital (CamelCase): '#MaakHetVerschil'"))


def load_region(root: Path, folder: Path, problems: Problems) -> Region | None:
    path = folder / REGION_FILE
    file = relative(path, root)
    wrong = id_problem(folder.name)
    if wrong:
        problems.error(relative(folder, root), "", _("region id {problem}", problem=wrong),
                       _("rename the folder with lower-case letters, digits and '-', at "
                         "most {most}", most=MAX_ID_CHARS))
        return None
    data = read_toml(path, root, problems)
    if data is None:
        return None
    count = len(problems.errors)
    raw = validate(data, REGION_SCHEMA, file, problems)
    partners = _partners(root, folder, raw, file, problems)
    photo, design_photos = load_photos(root, folder, raw["photos"], file, problems)
    social_map = load_map(folder / MAP_FILE, root, problems)
    check_overrides(root, folder, problems)
    if len(problems.errors) > count:
        return None
    if not partners:
        problems.warn(file, "partners", _("none yet: the materials show the partners' label "
                                          "with no partner under it"),
                      _("add a [[partners]] entry per partner"))
    if not raw["municipalities"] and not raw["credits"]["funding"]:
        problems.warn(file, "municipalities", _("none yet, and no credits.funding: the "
                                                "funding line names no municipality"),
                      _("list the region's municipalities, or write credits.funding"))
    if not social_map:
        problems.warn(relative(folder / MAP_FILE, root), "", _(
            "no organisations: the handreiking's sociale kaart lists only the national "
            "numbers"), _("add the region's organisations (see README, 'Sociale kaart')"))
    return Region(
        id=folder.name, name=raw["name"], landing_url=raw["landing_url"],
        contact=raw["contact"], municipalities=tuple(raw["municipalities"]),
        partners=partners, poster_photo=photo, file=file, social_map=social_map,
        example=raw["example"], partners_label=raw["credits"]["partners_label"],
        funding=raw["credits"]["funding"], print_contact=raw["print"]["contact"],
        print_quantities=tuple(sorted(raw["print"]["quantities"].items())),
        design_photos=design_photos,
    )


def check_overrides(root: Path, folder: Path, problems: Problems) -> None:
    """Each file in a region's templates/ overrides the campaign template of that name: a
    name no campaign template has is misspelt, and would change nothing."""
    overrides = folder / REGION_TEMPLATES
    if not overrides.is_dir():
        return
    known = sorted(path.name for path in (root / "templates").glob("*.j2"))
    for path in sorted(overrides.iterdir()):
        if path.name not in known:
            problems.error(relative(path, root), "", _(
                "no campaign template has this name, so this file changes nothing"),
                did_you_mean(path.name, known, FILE_NAME_CUTOFF))


def load_campaign(root: Path, region_ids: list[str] | None = None,
                  skip_bad_regions: bool = False) -> tuple[Campaign, Problems]:
    """Load and validate the campaign in root; raise ToolkitError listing every problem.

    Regions come from folders (assets/regions/<id>/region.toml) and from the optional
    table assets/regions.csv. With skip_bad_regions, a region folder with errors is left
    out (its errors in problems.skipped) as long as another region is good.
    """
    root = root.resolve()
    problems = Problems()
    check_tree(root, problems)
    problems.raise_if_any()  # nothing is read through a link that leads out
    brand = load_brand(root, problems)
    national_map = load_map(root / NATIONAL_FILE, root, problems)
    looks = load_looks(root, problems, read_toml)
    folders = sorted(p for p in (root / REGIONS_DIR).glob("*") if p.is_dir())
    wanted = set(region_ids) if region_ids else None
    selected = [f for f in folders if wanted is None or f.name in wanted]
    regions = []
    for folder in selected:
        count = len(problems.errors)
        regions.append(load_region(root, folder, problems))
        if skip_bad_regions and len(problems.errors) > count:
            problems.skipped[folder.name] = problems.errors[count:]
            del problems.errors[count:]
    twin_regions(root, [f for f in selected if f.name not in problems.skipped], folders,
                 problems)
    defaults = _table_defaults(root, problems)
    table_regions, table_ids = load_table(
        root, defaults, {f.name for f in folders}, problems,
        lambda raw: _partners(root, root / "assets", raw or {}, relative(
            root / DEFAULTS_FILE, root), problems), wanted)
    known = [folder.name for folder in folders] + table_ids
    for name in region_ids or []:
        if name not in known:
            problems.error("--region", name, _("no such region"), did_you_mean(name, known))
    if not known:
        problems.error(relative(root / REGIONS_DIR, root), "", _("no regions found"),
                       _("add a folder with a region.toml"))
    if problems.skipped and (problems.errors or not (any(regions) or table_regions)):
        problems.errors += [e for errors in problems.skipped.values() for e in errors]
        problems.skipped.clear()  # nothing good to build: every problem stops the run
    problems.raise_if_any()
    assert brand is not None
    everything = sorted([r for r in regions if r] + table_regions, key=lambda r: r.id)
    return Campaign(root=root, brand=brand, regions=tuple(everything), looks=looks,
                    national_map=national_map), problems


def _table_defaults(root: Path, problems: Problems) -> dict[str, Any] | None:
    path = root / DEFAULTS_FILE
    if not path.is_file():
        return None
    data = read_toml(path, root, problems)
    return None if data is None else validate(data, DEFAULTS_SCHEMA, relative(path, root),
                                              problems)


def _partners(root: Path, base: Path, raw: dict[str, Any], file: str,
              problems: Problems) -> tuple[Partner, ...]:
    partners = []
    for index, spec in enumerate(raw.get("partners", [])):
        where = f"partners[{index}].logo"
        logo = None
        if spec.get("logo"):
            try:
                logo = load_logo(inside(root, base, spec["logo"], file, where), file, where)
            except ToolkitError as error:
                problems.absorb(error)
        partners.append(Partner(name=spec.get("name") or "", logo=logo,
                                field=f"partners[{index}]"))
    return tuple(partners)


def _small_text(path: Path) -> str:
    """path's text, or '' when it cannot be read or is larger than a text input may be (a
    hostile file is refused where it is read for the build; never read it whole here)."""
    try:
        if path.is_symlink() or not path.is_file():  # a link out, a pipe: not read here
            return ""
        with path.open("rb") as stream:
            data = stream.read(MAX_TEXT_BYTES + 1)
        return "" if len(data) > MAX_TEXT_BYTES else data.decode("utf-8-sig")
    except (OSError, UnicodeDecodeError):
        return ""


def _fingerprint_of(folder: Path) -> tuple[str, str]:
    """What a copied region keeps of its original: the sociale kaart's rows (without
    comments and blank lines) and the partners' names."""
    lines = _small_text(folder / MAP_FILE).splitlines()[1:]
    rows = "\n".join(sorted(line.strip() for line in lines
                            if line.strip(" ;,") and not line.lstrip().startswith("#")))
    try:
        spec = tomllib.loads(_small_text(folder / REGION_FILE))
        partners = "\n".join(str(p.get("name")) for p in spec.get("partners", [])
                             if isinstance(p, dict))
    except (OSError, UnicodeDecodeError, ValueError, AttributeError, RecursionError):
        partners = ""
    return rows, partners


def twin_regions(root: Path, selected: list[Path], folders: list[Path],
                 problems: Problems) -> None:
    """Warn where a region's sociale kaart or partner list is another region's (a region
    made by copying a folder keeps the original's organisations without a word)."""
    if not selected:
        return
    prints = {folder: _fingerprint_of(folder) for folder in folders}
    for folder in selected:
        for other in folders:
            if other == folder:
                continue
            for index, (file, field, what) in enumerate((
                    (MAP_FILE, "", TWIN_ORGANISATIONS), (REGION_FILE, "partners", TWIN_PARTNERS))):
                mine = prints[folder][index]
                if mine and mine == prints[other][index]:
                    problems.warn(relative(folder / file, root), field, _(
                        "lists the same {what} as {file}", what=_(what),
                        file=relative(other / file, root)), _(
                        "list {region}'s own {what} (a region made by copying a folder keeps "
                        "the original's)", region=folder.name, what=_(what)))
