"""Keep the message catalog in step with the code: `python tools/messages.py`.

Finds every message the code gives (`_()`, `_n()`, `N_()` in toolkit/), adds the new ones
to toolkit/locale/nl/LC_MESSAGES/toolkit.po with an empty translation, marks those whose
English changed as fuzzy (their old Dutch kept as a hint), drops those no longer used, and
lists what still needs Dutch. Write the Dutch in the .po file (any text editor, or Poedit)
and run the script again until it lists nothing; tests/test_messages.py checks the same.
Needs Babel (in the `test` extra).
"""

from __future__ import annotations

import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
PACKAGE = ROOT / "toolkit"
CATALOG = PACKAGE / "locale" / "nl" / "LC_MESSAGES" / "toolkit.po"
KEYWORDS = {"_": None, "N_": None, "_n": (1, 2)}


def extracted() -> Catalog:
    """Every message of the code, with the places it is used."""
    template = Catalog(project="toolkit", fuzzy=False)
    for file, line, message, comments, context in extract_from_dir(
            PACKAGE, method_map=[("**.py", "python")], keywords=KEYWORDS,
            comment_tags=("TRANSLATORS:",), strip_comment_tags=True):
        template.add(message, None, [(f"toolkit/{file}", line)], auto_comments=comments,
                     context=context)
    return template


def untranslated(catalog: Catalog) -> list[str]:
    """The message ids that have no Dutch (or only a fuzzy one)."""
    missing = []
    for message in catalog:
        if not message.id:
            continue
        strings = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.fuzzy or not all(strings):
            missing.append(message.id if isinstance(message.id, str) else message.id[0])
    return missing


def main() -> int:
    if CATALOG.is_file():
        with CATALOG.open("rb") as stream:
            catalog = read_po(stream, locale="nl")
    else:
        catalog = Catalog(locale="nl", project="toolkit", fuzzy=False)
    template = extracted()
    template.creation_date = catalog.creation_date  # no change unless a message changed
    catalog.update(template, no_fuzzy_matching=False)
    catalog.obsolete.clear()
    CATALOG.parent.mkdir(parents=True, exist_ok=True)
    with CATALOG.open("wb") as stream:
        # Sorted by message, without line numbers: a change to the code leaves the file
        # alone, and two branches that add messages merge without conflicts.
        write_po(stream, catalog, width=96, sort_output=True, no_location=True,
                 include_previous=True)
    missing = untranslated(catalog)
    for message in missing:
        print(f"no Dutch yet: {message}")
    print(f"{CATALOG.relative_to(ROOT)}: {len(catalog)} messages, {len(missing)} without Dutch")
    return 1 if missing else 0


if __name__ == "__main__":
    sys.exit(main())
