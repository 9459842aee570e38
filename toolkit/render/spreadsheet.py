"""CSV files a person opens in a spreadsheet: written so that no cell runs as a formula.

Excel, LibreOffice and Google Sheets run a cell that starts with '=', '+', '-' or '@' (and,
after a tab or carriage return, what follows) as a formula: a caption pasted from
somewhere could then fetch data or start a program on the planner's computer. As OWASP's
CSV-injection guidance says, such a cell is prefixed with a single quote, which the
spreadsheet shows as text; the csv module quotes separators and quote characters.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"  # Excel reads a CSV as UTF-8 only with it


def neutralised(cell: object) -> str:
    """The cell as text that a spreadsheet shows and never runs."""
    text = str(cell)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def csv_bytes(rows: Iterable[Iterable[object]]) -> bytes:
    """UTF-8 CSV (with BOM, CRLF lines) of rows, every cell neutralised."""
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\r\n")
    for row in rows:
        writer.writerow([neutralised(cell) for cell in row])
    return (BOM + buffer.getvalue()).encode("utf-8")
