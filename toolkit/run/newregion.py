"""`make_toolkit.py new-region <id> --name "..."`: a new region folder in one command.

It writes assets/regions/<id>/region.toml (every field a coordinator fills in, explained in
Dutch comments, with values that build as they are), an empty sociale-kaart.csv (its
header and a comment line) and logos/. Both files come from the campaign's templates
(new-region.toml.nl.j2, new-region.csv.nl.j2), so their Dutch lives with the other copy.
"""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import jinja2

from toolkit.config.common import id_problem
from toolkit.config.content import make_environment
from toolkit.config.messages import _
from toolkit.errors import OneProblem, relative

REGIONS = Path("assets/regions")
TEMPLATES = (("region.toml", "new-region.toml.nl.j2"),
             ("sociale-kaart.csv", "new-region.csv.nl.j2"))
DEFAULT_WEBSITE = "https://maakhetverschilvooreenkind.nl"


def _toml_string(value: str) -> str:
    """A TOML basic string (JSON's escapes are TOML's for these characters)."""
    return json.dumps(value, ensure_ascii=False)


def _website(root: Path) -> str:
    try:
        brand = tomllib.loads((root / "assets/brand/brand.toml").read_text("utf-8"))
        website = str(brand["campaign"]["website"])
        return website if website.startswith("https://") else f"https://{website}"
    except (OSError, ValueError, KeyError, TypeError):
        return DEFAULT_WEBSITE


def new_region(root: Path, region_id: str, name: str) -> list[Path]:
    """Write the new region's folder; return the files and folder made. Refuses a bad or
    existing id, and an empty name, naming the fix."""
    wrong = id_problem(region_id)
    if wrong:
        raise OneProblem("new-region", "id", wrong, _(
            "use lower-case letters, digits and '-', like 'noord-limburg'"))
    if not name.strip() or "\n" in name:
        raise OneProblem("new-region", "--name", _("is empty or spans lines"), _(
            "give the region's name as printed, like --name \"Noord-Limburg\""))
    folder = root / REGIONS / region_id
    if folder.exists():
        raise OneProblem(relative(folder, root), "", _("already exists"),
                         _("choose another id, or edit that region's region.toml"))
    website = _website(root)
    values = {"id": region_id, "name": name.strip(), "name_toml": _toml_string(name.strip()),
              "website": website, "website_toml": _toml_string(website)}
    environment = make_environment(root / "templates", keep_trailing_newline=True)
    texts = {}
    for file, template in TEMPLATES:
        try:
            texts[file] = environment.get_template(template).render(values).strip("\n") + "\n"
        except jinja2.TemplateNotFound:
            raise OneProblem(f"templates/{template}", "", _("not found"), _(
                "copy it from the toolkit's own templates/ folder")) from None
    (folder / "logos").mkdir(parents=True)
    for file, text in texts.items():
        (folder / file).write_text(text, "utf-8")
    return [folder / file for file in texts] + [folder / "logos"]
