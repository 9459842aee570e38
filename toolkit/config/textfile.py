"""Reading the campaign's text files (TOML, CSV, templates): bounded in size, UTF-8 only.

A coordinator's editor may save "Unicode" (UTF-16, Windows' name for it) or a legacy code
page; each is named with the fix, instead of failing later on garbled text. A file far
larger than any campaign file is refused before it is read whole.
"""

from __future__ import annotations

import codecs
from pathlib import Path

from toolkit.config.messages import N_, _
from toolkit.errors import InputError

MAX_TEXT_BYTES = 1024 * 1024  # the largest campaign file, the handreiking, is about 13 kB
UTF16_BOMS = (codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)
UTF16_SNIFF_BYTES = 64  # UTF-16 without a BOM: every other byte of Latin text is a NUL
TOO_LARGE_FIX = N_("a campaign file is far smaller: check that this is the right file")
SAVE_AS_UTF8 = N_("save the file as UTF-8")


def read_text(path: Path, file: str, save_as: str = SAVE_AS_UTF8) -> str:
    """Return the text of path (a BOM is fine); raise InputError naming file otherwise.

    Raises FileNotFoundError when there is no such file, for the caller to name.
    """
    if not path.exists():
        raise FileNotFoundError(path)
    if not path.is_file():
        raise InputError(file, "", _("is not a regular file"), _("replace it by a text file"))
    try:
        with path.open("rb") as stream:
            data = stream.read(MAX_TEXT_BYTES + 1)
    except OSError as error:
        raise InputError(file, "", _("cannot be read ({reason})", reason=error.strerror),
                         _("check the file's permissions")) from None
    if len(data) > MAX_TEXT_BYTES:
        raise InputError(file, "", _("is larger than {size} kB", size=MAX_TEXT_BYTES // 1024),
                         _(TOO_LARGE_FIX))
    if _utf16(data):
        raise InputError(file, "", _("is UTF-16 text"), _(save_as))
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise InputError(file, "", _("is not UTF-8 text (byte {position})",
                                     position=str(error.start)), _(save_as)) from None


def _utf16(data: bytes) -> bool:
    if data.startswith(UTF16_BOMS):
        return True
    head = data[:UTF16_SNIFF_BYTES]
    return len(head) >= 2 and (head[1::2].count(0) > len(head) // 4
                               or head[0::2].count(0) > len(head) // 4)
