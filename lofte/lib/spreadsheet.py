"""Write CSV and .xlsx files that are safe to open in Excel or LibreOffice.

A cell starting with =, +, -, @, a tab or a carriage return can be run as a formula by a spreadsheet
program (CSV/formula injection, OWASP): in CSV such text gets a leading apostrophe; in .xlsx it is written
as a typed text cell (never a formula) with the quote-prefix style, so the text itself is unchanged.
CSV is written for a Swedish Excel: UTF-8 with a byte-order mark and semicolons (Swedish Excel uses
the comma as decimal separator).
"""

from __future__ import annotations

import csv
import datetime as dt
import io
from collections.abc import Iterable, Iterator, Sequence

DANGEROUS_PREFIXES = ("=", "+", "-", "@", "\t", "\r")
BOM = "\ufeff"
CSV_DELIMITER = ";"


def escape_cell(value: object) -> object:
    """Text that a spreadsheet could take for a formula gets a leading apostrophe; numbers stay numbers."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, int | float):
        return value
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value
    text = str(value)
    if text.startswith(DANGEROUS_PREFIXES):
        return "'" + text
    return text


def _xlsx_value(value: object) -> object:
    """The value as an .xlsx cell holds it: like escape_cell but without the apostrophe (see xlsx_bytes)."""
    if isinstance(value, str):
        return value
    return escape_cell(value)


def _csv_text(value: object) -> str:
    value = escape_cell(value)
    if isinstance(value, dt.datetime):
        return value.strftime("%Y-%m-%d %H:%M")
    if isinstance(value, dt.date | dt.time):
        return value.isoformat()
    return str(value)


class _Echo:
    def write(self, value: str) -> str:
        return value


def csv_lines(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> Iterator[str]:
    """The CSV file as an iterator of lines, BOM first: for a StreamingHttpResponse."""
    writer = csv.writer(_Echo(), delimiter=CSV_DELIMITER, lineterminator="\r\n")
    yield BOM + writer.writerow([_csv_text(h) for h in headers])
    for row in rows:
        yield writer.writerow([_csv_text(v) for v in row])


def csv_bytes(headers: Sequence[str], rows: Iterable[Sequence[object]]) -> bytes:
    return "".join(csv_lines(headers, rows)).encode("utf-8")


def xlsx_bytes(headers: Sequence[str], rows: Iterable[Sequence[object]], *, title: str = "Blad1") -> bytes:
    """An .xlsx workbook with one sheet. Every text cell is written as text, never as a formula."""
    from openpyxl import Workbook  # noqa: PLC0415
    from openpyxl.cell import WriteOnlyCell  # noqa: PLC0415
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE  # noqa: PLC0415
    from openpyxl.styles import Font  # noqa: PLC0415

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet(title=_sheet_title(title))
    bold = Font(bold=True)

    def cell(value: object, *, header: bool = False) -> WriteOnlyCell:
        # No apostrophe here (that is for CSV): an .xlsx cell has a type, and a text cell is never a formula.
        value = _xlsx_value(value)
        if isinstance(value, str):
            value = ILLEGAL_CHARACTERS_RE.sub("", value)
        if isinstance(value, dt.datetime) and value.tzinfo is not None:
            value = value.replace(tzinfo=None)  # Excel has no time zones; callers pass local time
        c = WriteOnlyCell(sheet, value=value)
        if isinstance(value, str):
            c.data_type = "s"  # never "f": a string is a string
            if value.startswith(DANGEROUS_PREFIXES):
                # quotePrefix: the spreadsheet keeps it text even when someone edits the cell.
                c.quotePrefix = True
        if header:
            c.font = bold
        return c

    sheet.append([cell(h, header=True) for h in headers])
    for row in rows:
        sheet.append([cell(v) for v in row])
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def _sheet_title(title: str) -> str:
    cleaned = "".join(ch for ch in title if ch not in "[]:*?/\\")[:31]
    return cleaned or "Blad1"
