"""Many regions from one table: `assets/regions.csv`, with shared defaults in
`assets/regions-defaults.toml`. A national campaign lists its 342 municipalities as rows
instead of 342 folders.

Columns: id, name, landing_url (required), logo, contact (optional). A row's region shows
its own name (or logo) first in the partner row, then the defaults' partners; a row
without a contact line takes the default one. Comma or semicolon separated (Dutch Excel
saves with ';'), with or without a BOM. Bad rows are named by their row number.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path
from typing import Any

from toolkit.config.assets import load_logo
from toolkit.config.characters import RIGHT_TO_LEFT_FIX, one_line, right_to_left
from toolkit.config.common import MAX_ID_CHARS, id_problem, inside
from toolkit.config.messages import N_, _, closest
from toolkit.config.model import Partner, Region
from toolkit.config.schema import URL
from toolkit.config.textfile import read_text
from toolkit.errors import Problems, ToolkitError, relative

TABLE_FILE = Path("assets/regions.csv")
DEFAULTS_FILE = Path("assets/regions-defaults.toml")
REQUIRED = ("id", "name", "landing_url")
OPTIONAL = ("logo", "contact")
DELIMITERS = ";,"
# A national campaign lists 342 municipalities; many more rows are a wrong file, and each
# row becomes a region with its own build.
MAX_TABLE_ROWS = 2_000
SAVE_AS = N_("save it as 'CSV UTF-8' (in Excel: Save As, 'CSV UTF-8 (comma delimited)')")


def read_rows(path: Path, root: Path, problems: Problems, required: tuple[str, ...] = REQUIRED,
              optional: tuple[str, ...] = OPTIONAL, max_rows: int = MAX_TABLE_ROWS
              ) -> list[tuple[int, dict[str, str]]]:
    """(row number, row) for each data row; problems for a file that cannot be read.

    Comma or semicolon separated, with or without a BOM; every column named in the header
    must be one of required + optional, and every required one must be there. A row with
    fewer fields than the header leaves the last columns empty; a line break inside a
    quoted cell becomes a space. A row whose first cell starts with '#' is a comment.
    """
    file = relative(path, root)
    columns = required + optional
    try:
        text = read_text(path, file, SAVE_AS)
    except ToolkitError as error:
        problems.absorb(error)
        return []
    except OSError as error:
        problems.error(file, "", _("cannot be read ({reason})", reason=error.strerror),
                       _("check the file"))
        return []
    if not text.strip():
        problems.error(file, "", _("is empty"), _("the first row names the columns: "
                                                  "{columns}", columns=", ".join(columns)))
        return []
    first = text.split("\n", 1)[0]
    delimiter = ";" if first.count(";") > first.count(",") else ","
    reader = csv.DictReader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows = []
    try:
        header = [c.strip() for c in reader.fieldnames or []]
        if not _good_header(header, file, required, optional, problems):
            return []
        for number, raw in enumerate(reader, start=2):
            if number - 1 > max_rows:
                problems.error(file, _("row {number}", number=number), _(
                    "the table has more than {most} rows", most=max_rows),
                    _("split it, or keep only the rows that are used"))
                return []
            if str(raw.get(reader.fieldnames[0]) or "").lstrip().startswith("#"):
                continue  # a comment line (a new region's file explains itself)
            row = _cells(raw, file, number, columns, problems)
            if row is not None:
                rows.append((number, row))
    except csv.Error as error:
        problems.error(file, _("line {line}", line=reader.line_num), _(
            "is not a readable table ({reason})", reason=error),
            _("check the quotes on that line"))
        return []
    return rows


def _good_header(header: list[str], file: str, required: tuple[str, ...],
                 optional: tuple[str, ...], problems: Problems) -> bool:
    doubled = sorted({c for c in header if header.count(c) > 1})
    if doubled:  # csv.DictReader would keep the last cell of each silently
        problems.error(file, _("header"), _("column(s) named twice: {columns}",
                                            columns=", ".join(doubled)),
                       _("give every column one header, and remove the copy"))
    missing = [c for c in required if c not in header]
    unknown = [c for c in header if c not in required + optional]
    if missing:
        problems.error(file, _("header"), _("missing column(s): {columns}",
                                            columns=", ".join(missing)),
                       _("the first row names the columns: {columns}",
                         columns=", ".join(required + optional)))
    if unknown:
        problems.error(file, _("header"), _("unknown column(s): {columns}",
                                            columns=", ".join(unknown)),
                       _("use only: {columns}", columns=", ".join(required + optional))
                       if len(unknown) > 1 else _unknown_fix(unknown[0], required + optional))
    return not (missing or unknown or doubled)


def _unknown_fix(column: str, known: tuple[str, ...]) -> str:
    """'did you mean' for a misspelt column, else the columns there may be."""
    close = closest(column, known)
    if close:
        return _("did you mean '{choice}'?", choice=close)
    return _("use only: {columns}", columns=", ".join(known))


def _cells(raw: dict, file: str, number: int, columns: tuple[str, ...],
           problems: Problems) -> dict[str, str] | None:
    """The row's cells by column, cleaned like copy; None (and a problem) for a bad row."""
    if None in raw:
        problems.error(file, _("row {number}", number=number),
                       _("has more fields than the header"),
                       _("remove the extra separators or quote the text"))
        return None
    values = {key.strip(): one_line(value or "") for key, value in raw.items()}
    row = {column: values.get(column, "") for column in columns}
    bad = False
    for column, value in row.items():
        backwards = right_to_left(value)
        if backwards:
            problems.error(file, _("row {number}", number=number) + f": {column}", backwards,
                           _(RIGHT_TO_LEFT_FIX))
            bad = True
    return None if bad else row


def load_table(root: Path, defaults: dict[str, Any] | None, taken: set[str],
               problems: Problems, load_partners, wanted: set[str] | None
               ) -> tuple[list[Region], list[str]]:
    """The table's regions (those wanted, or all) and every id it lists."""
    path = root / TABLE_FILE
    if not path.is_file():
        return [], []
    file = relative(path, root)
    defaults = defaults or {}
    regions, ids = [], []
    for number, row in read_rows(path, root, problems):
        ids.append(row["id"])
        if wanted is not None and row["id"] not in wanted:
            continue
        region = _region(root, file, number, row, defaults, taken, problems, load_partners)
        if region is not None:
            taken.add(region.id)
            regions.append(region)
    return regions, ids


def _region(root: Path, file: str, number: int, row: dict[str, str], defaults: dict,
            taken: set[str], problems: Problems, load_partners) -> Region | None:
    where = _("row {number}", number=number)
    count = len(problems.errors)
    for column in REQUIRED:
        if not row[column]:
            problems.error(file, f"{where}: {column}", _("is empty"),
                           _("fill in the {column}", column=column))
    wrong = id_problem(row["id"]) if row["id"] else None
    if wrong:
        problems.error(file, f"{where}: id", wrong, _(
            "use lower-case letters, digits and '-', at most {most}", most=MAX_ID_CHARS))
    elif row["id"] in taken:
        problems.error(file, f"{where}: id", _("'{id}' is used twice", id=row["id"]),
                       _("give every region its own id"))
    if row["landing_url"] and not URL.match(row["landing_url"]):
        problems.error(file, f"{where}: landing_url", _(
            "'{value}' is not a web address", value=row["landing_url"]),
            _("write it as 'https://example.nl/path'"))
    contact = row.get("contact") or defaults.get("contact", "")
    if not contact:
        problems.error(file, f"{where}: contact", _("is empty and there is no default"),
                       _("fill it in, or set 'contact' in {file}", file=DEFAULTS_FILE))
    logo = None
    if row.get("logo"):
        try:
            logo = load_logo(inside(root, root / "assets", row["logo"], file, f"{where}: logo"),
                             file, f"{where}: logo")
        except ToolkitError as error:
            problems.absorb(error)
    if len(problems.errors) > count:
        return None
    own = Partner(name=row["name"], logo=logo, field=where)
    return Region(id=row["id"], name=row["name"], landing_url=row["landing_url"],
                  contact=contact, municipalities=(row["name"],),
                  partners=(own, *load_partners(defaults)), poster_photo=None, file=file)
