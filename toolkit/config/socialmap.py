"""The sociale kaart: whom a professional can call, from CSV tables.

`assets/national/sociale-kaart.csv` holds the national numbers (every region's handreiking
lists them); `assets/regions/<id>/sociale-kaart.csv` holds the region's own organisations.
Columns: organisation, offer, audience (required), area, phone, website, email (optional:
leave a field empty rather than guess it; a row without any contact is a warning, since
nobody can be referred from it). Comma or semicolon separated, with or without
a BOM. A bad row is named by its row number.
"""

from __future__ import annotations

import re
from pathlib import Path

from toolkit.config.messages import N_, _
from toolkit.config.model import MapEntry
from toolkit.config.table import read_rows
from toolkit.errors import Problems, relative

FILE_NAME = "sociale-kaart.csv"
NATIONAL_FILE = Path("assets/national") / FILE_NAME
REQUIRED = ("organisation", "offer", "audience")
OPTIONAL = ("area", "phone", "website", "email")
CONTACTS = ("phone", "website", "email")
# The handreiking sets the map as a table in the book: 300 organisations fill some 60 pages,
# beyond which the book is no longer a handreiking (and its layout would take minutes).
MAX_MAP_ROWS = 300
# Dutch numbers as people write them: 0800-2000, 043 123 45 67, +31 43 1234567, 113.
PHONE = re.compile(r"^\+?\d(?:[ -]?\d)*\Z")
PHONE_DIGITS = (3, 13)
WEBSITE = re.compile(r"^(?:https://)?(?:[a-z0-9](?:[a-z0-9-]*[a-z0-9])?\.)+[a-z]{2,}"
                     r"(?:/[A-Za-z0-9._~/%-]*)?\Z", re.IGNORECASE)
EMAIL = re.compile(r"^[A-Za-z0-9._%+-]+@(?:[a-z0-9-]+\.)+[a-z]{2,}\Z", re.IGNORECASE)
FORMATS = {
    "phone": N_("write it as digits with spaces or '-', like 0800-2000 or 043 123 45 67"),
    "website": N_("write it as 'voorbeeld.nl' or 'https://voorbeeld.nl/pad'"),
    "email": N_("write it as 'naam@voorbeeld.nl'"),
}


def _valid(column: str, value: str) -> bool:
    if column == "phone":
        digits = sum(char.isdigit() for char in value)
        return bool(PHONE.match(value)) and PHONE_DIGITS[0] <= digits <= PHONE_DIGITS[1]
    return bool((WEBSITE if column == "website" else EMAIL).match(value))


def load_map(path: Path, root: Path, problems: Problems) -> tuple[MapEntry, ...]:
    """Return the table's entries in file order; record a problem for each bad row."""
    if not path.is_file():
        return ()
    file = relative(path, root)
    entries = []
    for number, row in read_rows(path, root, problems, REQUIRED, OPTIONAL, MAX_MAP_ROWS):
        if not any(row.values()):
            continue  # a spreadsheet's empty row (';;;;;')
        where = _("row {number}", number=number)
        bad = False
        for column in REQUIRED:
            if not row[column]:
                problems.error(file, f"{where}: {column}", _("is empty"),
                               _("fill in the {column}", column=column))
                bad = True
        for column in CONTACTS:
            if row[column] and not _valid(column, row[column]):
                problems.error(file, f"{where}: {column}", _(
                    "'{value}' is not a valid {column}", value=row[column], column=column),
                    _(FORMATS[column]))
                bad = True
        if not bad and not any(row[column] for column in CONTACTS):
            problems.warn(file, f"{where}: {row['organisation']}", _(
                "has no phone, website or e-mail: from this row nobody can be referred"),
                _("add a contact the organisation publishes itself"))
        if not bad:
            entries.append(MapEntry(**row, source=f"{file}: {where}"))
    return tuple(entries)
