"""Messages for coordinators, in their language: Dutch unless English is asked for.

Every message the toolkit prints is written in English in the code, wrapped in `_()`
(or `_n()` for a count), with named placeholders: `_("is {length} characters long",
length=n)`. The Dutch words come from a gettext catalog, `toolkit/locale/nl/LC_MESSAGES/
toolkit.po`, committed as text and read when the first message is needed: no build step,
no compiled `.mo` file to keep in step (the catalog is small; reading it takes a few ms).

The language: `--lang` on the command line, else the environment variable TOOLKIT_LANG,
else Dutch, whatever the machine's locale (a coordinator's laptop may well be set to
English; the materials and the people reading the messages are Dutch).

Numbers given as placeholders are written the language's way (`1.000` and `2,5` in Dutch),
so a message id holds no format specification; a literal brace is doubled (`{{%`). A
message that is a module constant is marked with `N_()` (so the catalog test finds it)
and translated where it is used.
"""

from __future__ import annotations

import difflib
import json
import os
from contextlib import contextmanager
from functools import cache
from pathlib import Path
from typing import Iterator

LANGUAGES = ("nl", "en")
DEFAULT_LANGUAGE = "nl"
ENVIRONMENT_VARIABLE = "TOOLKIT_LANG"
SOURCE_LANGUAGE = "en"  # the language the message ids are written in
DOMAIN = "toolkit"
LOCALE_FOLDER = Path(__file__).resolve().parent.parent / "locale"
# How a language writes numbers: (thousands separator, decimal separator).
NUMBER_MARKS = {"nl": (".", ","), "en": (",", ".")}

_chosen: list[str | None] = [None]  # set by the command line (--lang) for one run


def language() -> str:
    """The language messages are given in now: --lang, else TOOLKIT_LANG, else Dutch."""
    if _chosen[0]:
        return _chosen[0]
    wanted = os.environ.get(ENVIRONMENT_VARIABLE, "").strip().lower()[:2]
    return wanted if wanted in LANGUAGES else DEFAULT_LANGUAGE


@contextmanager
def speaking(code: str | None) -> Iterator[None]:
    """Give messages in language code (None: the environment's choice) inside the block."""
    before = _chosen[0]
    _chosen[0] = code if code in LANGUAGES else None
    try:
        yield
    finally:
        _chosen[0] = before


def N_(message: str) -> str:  # noqa: N802 (gettext's name for "mark, translate later")
    """Mark a message for the catalog without translating it yet (a module constant)."""
    return message


def _(message: str, /, **values: object) -> str:
    """The message in the current language, with its placeholders filled in."""
    return _fill(catalog(language()).get(message) or message, values)


def _n(singular: str, plural: str, count: int, /, **values: object) -> str:
    """The singular or plural message for count (also given as the placeholder {count})."""
    forms = catalog(language()).get((singular, plural))
    chosen = (forms or (singular, plural))[0 if count == 1 else 1]
    return _fill(chosen or (singular if count == 1 else plural), {"count": count, **values})


def _fill(text: str, values: dict[str, object]) -> str:
    return text.format(**{name: number(value) if isinstance(value, (int, float))
                          and not isinstance(value, bool) else value
                          for name, value in values.items()})


def quoted(value: str, most: int = 60) -> str:
    """A value quoted in a message, cut to its first characters: a 90,000-letter 'word'
    is named, not printed whole."""
    return value if len(value) <= most else value[:most] + "..."


def number(value: float) -> str:
    """A number as the current language writes it: 1.250 and 2,5 in Dutch."""
    thousands, decimal = NUMBER_MARKS[language()]
    if isinstance(value, float) and not value.is_integer():
        text = f"{value:,.2f}".rstrip("0").rstrip(".")
    else:
        text = f"{int(value):,}"
    return text.translate(str.maketrans({",": thousands, ".": decimal}))


def did_you_mean(word: str, choices: list[str] | tuple[str, ...] | set[str],
                 cutoff: float = 0.6) -> str:
    """'did you mean 'x'?' for the closest choice, else the list of the valid ones."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=cutoff)
    if close:
        return _("did you mean '{choice}'?", choice=close[0])
    return _("expected one of: {choices}", choices=", ".join(sorted(choices)))


def closest(word: str, choices: list[str] | tuple[str, ...] | set[str],
            cutoff: float = 0.6) -> str | None:
    """The choice closest to word (a misspelling of it), or None. File names share their
    endings ('.nl.j2', '.svg'): for them a higher cutoff keeps 'pack' from 'poster'."""
    close = difflib.get_close_matches(word, list(choices), n=1, cutoff=cutoff)
    return close[0] if close else None


Entry = str | tuple[str, str]


@cache
def catalog(code: str) -> dict[Entry, object]:
    """The translations of language code: msgid -> msgstr, (singular, plural) -> forms."""
    path = LOCALE_FOLDER / code / "LC_MESSAGES" / f"{DOMAIN}.po"
    if code == SOURCE_LANGUAGE or not path.is_file():
        return {}
    return read_po(path.read_text("utf-8"))


def read_po(text: str) -> dict[Entry, object]:
    """The translated entries of a gettext .po file (fuzzy and empty ones left out)."""
    entries: dict[Entry, object] = {}
    for chunk in text.split("\n\n"):
        fields: dict[str, str] = {}
        key = ""
        fuzzy = False
        for line in chunk.splitlines():
            line = line.strip()
            if line.startswith("#,") and "fuzzy" in line:
                fuzzy = True
            if not line or line.startswith("#"):
                continue
            if line.startswith('"'):
                fields[key] += json.loads(line)  # a .po string's escapes are JSON's
            else:
                key, _space, quoted = line.partition(" ")
                fields[key] = json.loads(quoted)
        if fuzzy or not fields.get("msgid"):
            continue
        if "msgid_plural" in fields:
            forms = (fields.get("msgstr[0]", ""), fields.get("msgstr[1]", ""))
            if all(forms):
                entries[(fields["msgid"], fields["msgid_plural"])] = forms
        elif fields.get("msgstr"):
            entries[fields["msgid"]] = fields["msgstr"]
    return entries
