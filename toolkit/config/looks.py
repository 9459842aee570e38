"""How each design looks, chosen in the campaign's files: `assets/brand/designs.toml`.

Every social design and every poster audience names its composition (from the library in
toolkit/products/compositions.py), its colour field and, where the composition shows one,
a pictogram from `assets/pictograms/`. A coordinator changes a design's look there, never
in code. Designs the file does not name get the default look.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from toolkit.config.assets import VectorImage, _read_bounded, _vector
from toolkit.config.common import inside
from toolkit.config.messages import N_, _, did_you_mean
from toolkit.config.schema import Option, Table, TableMap, validate
from toolkit.errors import Problems, ToolkitError, relative

LOOKS_FILE = Path("assets/brand/designs.toml")
PICTOGRAMS = Path("assets/pictograms")
COMPOSITIONS = ("statement", "pictogram", "figure", "question", "day")
FIELDS = ("dark", "light", "accent", "day")  # 'day': a colour step per day of the week
DEFAULT = ("statement", "dark")


def _one_of(names: tuple[str, ...]):
    def check(value: str) -> str | None:
        if value in names:
            return None
        return _("is not one of {names}", names=", ".join(names)) + _hint(value, names)
    return check


def _hint(value: str, names: tuple[str, ...]) -> str:
    hint = did_you_mean(value, list(names))
    return f" ({hint})" if hint else ""


LOOK = Table(
    {
        # The names as in COMPOSITIONS (a message id is one literal: the catalog holds it).
        "composition": Option(str, N_("The layout: statement, pictogram, figure, question "
                                      "or day."), check=_one_of(COMPOSITIONS)),
        "field": Option(str, N_("The colour field: dark (primary), light, accent, or day (a "
                                "step per day of the week)."), default="dark",
                        check=_one_of(FIELDS)),
        "pictogram": Option(str, N_("A pictogram from assets/pictograms/ (its name without "
                                    ".svg)."), default=""),
    },
    N_("The look of one design."),
)
LOOKS_SCHEMA = Table(
    {
        "social": TableMap(LOOK, N_("Social designs by name (begrip, buren, week-3, ...).")),
        "poster": TableMap(LOOK, N_("Posters by audience.")),
    },
    str(LOOKS_FILE),
    required=False,
)


@dataclass(frozen=True)
class Look:
    composition: str
    field: str
    pictogram: VectorImage | None = None


DEFAULT_LOOK = Look(*DEFAULT)


def load_looks(root: Path, problems: Problems, read_toml) -> dict[str, Look]:
    """Looks by 'social/<design>' and 'poster/<audience>'; {} without the file.
    read_toml: the loader's TOML reader (passed in: load.py imports this module)."""
    path = root / LOOKS_FILE
    if not path.is_file():
        return {}
    file = relative(path, root)
    data = read_toml(path, root, problems)
    if data is None:
        return {}
    raw = validate(data, LOOKS_SCHEMA, file, problems)
    looks: dict[str, Look] = {}
    for product in ("social", "poster"):
        for name, spec in (raw.get(product) or {}).items():
            field_path = f"{product}.{name}.pictogram"
            pictogram = None
            if spec.get("pictogram"):
                pictogram = _pictogram(root, spec["pictogram"], file, field_path, problems)
            looks[f"{product}/{name}"] = Look(spec["composition"], spec["field"], pictogram)
    return looks


def _pictogram(root: Path, name: str, file: str, field_path: str,
               problems: Problems) -> VectorImage | None:
    folder = root / PICTOGRAMS
    known = sorted(p.stem for p in folder.glob("*.svg")) if folder.is_dir() else []
    if name not in known:
        problems.error(file, field_path, _("no pictogram '{name}' in {folder}", name=name,
                                           folder=PICTOGRAMS),
                       did_you_mean(name, known) or _("copy its SVG into that folder"))
        return None
    try:
        path = inside(root, folder, f"{name}.svg", file, field_path)
        data = _read_bounded(path, file, field_path, "logo")
        # Icon sets paint in 'currentColor': the renderer replaces every colour by the
        # design's own, so any solid colour will do here.
        return _vector(data.replace(b"currentColor", b"#000000"), path, file, field_path)
    except ToolkitError as error:
        problems.absorb(error)
        return None
