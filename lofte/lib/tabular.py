"""Read a CSV or Excel (.xlsx) file as municipalities have them: headers and rows of text, or a clear error.

Pure file reading, no domain: the file type is decided by content, never by the name; text encodings are
detected (UTF-8 with or without BOM, UTF-16 from Excel's "Unicode text", else Windows-1252/Latin-1 with a
notice); the delimiter is sniffed. An .xlsx file is a zip archive, so its member count and declared
uncompressed size are checked before openpyxl opens it (zip bombs), and rows and columns are capped.
Nothing here ever evaluates a formula: a cell is read as the text it holds.
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _
from django.utils.translation import ngettext_lazy

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ROWS = 50_000
MAX_COLUMNS = 200
MAX_CELL_CHARS = 10_000
# An .xlsx of 50,000 rows of short answers unpacks to some tens of megabytes; a zip bomb to gigabytes.
MAX_XLSX_UNCOMPRESSED = 250 * 1024 * 1024
MAX_XLSX_MEMBERS = 2_000
MAX_XLSX_RATIO = 200  # one member unpacking to more than 200 times its packed size is not a spreadsheet

DELIMITERS = ";,\t|"


class TableError(Exception):
    """A file that cannot be read as a table; the message is for the user, in Swedish."""

    def __init__(self, message: str | Promise) -> None:
        super().__init__(str(message))
        self.message = message


@dataclass
class TableRow:
    number: int  # the row number a spreadsheet program shows; the header row is 1
    values: list[str]
    problems: list[str | Promise] = field(default_factory=list)


@dataclass
class Table:
    headers: list[str]
    rows: list[TableRow]
    notices: list[str | Promise] = field(default_factory=list)
    kind: str = "csv"  # "csv" or "xlsx"
    encoding: str = ""
    delimiter: str = ""

    def column_values(self, index: int, limit: int | None = None) -> list[str]:
        rows = self.rows if limit is None else self.rows[:limit]
        return [row.values[index] for row in rows]


def column_letter(index: int) -> str:
    """0 -> A, 25 -> Z, 26 -> AA: how Excel names a column, so errors point where users look."""
    letters = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        letters = chr(65 + rest) + letters
    return letters


def sniff_kind(data: bytes) -> str:
    """'xlsx' or 'csv' from the bytes themselves; TableError for anything else."""
    if not data or not data.strip(b" \t\r\n\x00\xef\xbb\xbf\xff\xfe"):
        raise TableError(_("Filen är tom."))
    if data.startswith(b"PK\x03\x04"):
        return "xlsx"
    if data.startswith(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"):
        raise TableError(
            _("Filen är i det gamla Excel-formatet (.xls). Öppna den i Excel och spara som .xlsx eller CSV.")
        )
    if data.startswith((b"%PDF", b"\x89PNG", b"\xff\xd8\xff", b"GIF8", b"\x1f\x8b", b"Rar!", b"7z\xbc\xaf")):
        raise TableError(_("Filen är inte ett kalkylark. Välj en CSV-fil eller en Excel-fil (.xlsx)."))
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "csv"
    head = data[:4096]
    if b"\x00" in head:
        raise TableError(_("Filen är inte ett kalkylark. Välj en CSV-fil eller en Excel-fil (.xlsx)."))
    if head.lstrip().lower().startswith((b"<!doctype html", b"<html", b"<?xml")):
        raise TableError(_("Filen är en webbsida eller XML, inte ett kalkylark. Välj en CSV- eller Excel-fil."))
    return "csv"


def read_table(data: bytes, filename: str = "") -> Table:
    """Read a CSV or .xlsx file into text headers and rows. Raises TableError with a message for the user."""
    if len(data) > MAX_FILE_BYTES:
        raise TableError(
            _("Filen är för stor (%(size)s MB). Största tillåtna storlek är %(max)s MB.")
            % {"size": round(len(data) / 1024 / 1024, 1), "max": MAX_FILE_BYTES // 1024 // 1024}
        )
    kind = sniff_kind(data)
    if kind == "xlsx":
        headers, raw_rows, notices = _read_xlsx(data)
        table = Table(headers=[], rows=[], notices=notices, kind="xlsx")
    else:
        text, encoding, notices = decode_text(data)
        delimiter = sniff_delimiter(text)
        headers, raw_rows = _read_csv(text, delimiter)
        table = Table(headers=[], rows=[], notices=notices, kind="csv", encoding=encoding, delimiter=delimiter)
    _shape(table, headers, raw_rows)
    return table


def decode_text(data: bytes) -> tuple[str, str, list[str | Promise]]:
    """The text and the encoding it was in. UTF-8 is the default; old Excel exports are Windows-1252."""
    if data.startswith(codecs.BOM_UTF8):
        return data[len(codecs.BOM_UTF8) :].decode("utf-8", errors="replace"), "utf-8-sig", []
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        try:
            return data.decode("utf-16"), "utf-16", []
        except UnicodeDecodeError as error:
            raise TableError(_("Filen säger att den är UTF-16 men går inte att läsa som det.")) from error
    try:
        return data.decode("utf-8"), "utf-8", []
    except UnicodeDecodeError:
        pass
    try:
        text, encoding = data.decode("cp1252"), "cp1252"
    except UnicodeDecodeError:
        text, encoding = data.decode("latin-1"), "latin-1"
    notice = _(
        "Filen var inte i UTF-8 och lästes som Windows-1252 (Latin-1). Kontrollera att å, ä och ö ser rätt ut "
        "i förhandsgranskningen."
    )
    return text, encoding, [notice]


def sniff_delimiter(text: str) -> str:
    sample = "\n".join(text[:65536].splitlines()[:50])
    try:
        return csv.Sniffer().sniff(sample, delimiters=DELIMITERS).delimiter
    except csv.Error:
        pass
    first = text.split("\n", 1)[0]
    counts = {d: first.count(d) for d in DELIMITERS}
    best = max(counts, key=lambda d: counts[d])
    return best if counts[best] else ";"


def _read_csv(text: str, delimiter: str) -> tuple[list[str], list[tuple[int, list[str]]]]:
    # Excel counts a quoted cell with line breaks as one row; so do we (record numbers, not line numbers).
    csv.field_size_limit(MAX_CELL_CHARS * 10)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, list[str]]] = []
    headers: list[str] | None = None
    try:
        for number, record in enumerate(reader, start=1):
            if headers is None:
                if not any(cell.strip() for cell in record):
                    continue  # blank lines before the header
                headers = record
                continue
            if len(rows) >= MAX_ROWS:
                raise TableError(_("Filen har fler än %(max)s rader. Dela upp den i flera filer.") % {"max": MAX_ROWS})
            rows.append((number, record))
    except csv.Error as error:
        raise TableError(
            _("Filen går inte att läsa som CSV (rad %(row)s): kontrollera citattecknen.") % {"row": reader.line_num}
        ) from error
    if headers is None:
        raise TableError(_("Filen är tom."))
    return headers, rows


def _check_zip(data: bytes) -> None:
    try:
        archive = zipfile.ZipFile(io.BytesIO(data))
    except (zipfile.BadZipFile, ValueError) as error:
        raise TableError(_("Filen ser ut som en Excel-fil men är trasig. Spara om den i Excel.")) from error
    with archive:
        members = archive.infolist()
        if len(members) > MAX_XLSX_MEMBERS:
            raise TableError(_("Excel-filen har för många delar för att vara ett vanligt kalkylark."))
        total = 0
        for member in members:
            total += member.file_size
            if member.file_size > 1024 * 1024 and member.file_size > MAX_XLSX_RATIO * max(member.compress_size, 1):
                raise TableError(_("Excel-filen packas upp till orimligt mycket data och läses inte in."))
        if total > MAX_XLSX_UNCOMPRESSED:
            raise TableError(_("Excel-filen packas upp till orimligt mycket data och läses inte in."))
        names = {m.filename for m in members}
        if "xl/workbook.xml" not in names:
            raise TableError(_("Filen är ett zip-arkiv men inte en Excel-fil (.xlsx)."))


def _read_xlsx(data: bytes) -> tuple[list[str], list[tuple[int, list[str]]], list[str | Promise]]:
    _check_zip(data)
    try:
        return _read_xlsx_streaming(data)
    except TableError:
        raise
    except Exception:  # noqa: S110 - an unusual but valid workbook: openpyxl knows more corners of the format
        pass
    return _read_xlsx_openpyxl(data)


_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_CELL_REF = re.compile(r"([A-Z]{1,3})(\d+)")


_ROOT_START = re.compile(rb"<[A-Za-z_]")


def _xml_elements(archive: zipfile.ZipFile, name: str) -> Iterator[Any]:
    """Elements of a large XML part as they end, parsed by the C parser in chunks.

    A document type declaration (entities: the billion laughs) can only stand before the root element, so a
    part whose prolog holds one, or whose root element does not start within the first 64 kB, is refused;
    past that check the fast parser is as safe as defusedxml and several times faster.
    """
    from xml.etree.ElementTree import XMLPullParser  # noqa: PLC0415, S405 - prolog checked for DTDs below

    with archive.open(name) as handle:
        head = handle.read(65536)
        root = _ROOT_START.search(head)
        prolog = (head[: root.start()] if root else head).upper()
        if root is None or b"<!DOCTYPE" in prolog or b"<!ENTITY" in prolog:
            raise TableError(_("Excel-filen innehåller otillåtna XML-konstruktioner och läses inte in."))
        parser: XMLPullParser[Any] = XMLPullParser(events=("end",))
        chunk = head
        while chunk:
            parser.feed(chunk)
            # The stubs admit 1-tuples in read_events(); it only ever yields (event, element) pairs.
            for _event, element in parser.read_events():  # type: ignore[misc]
                yield element
            chunk = handle.read(1024 * 1024)
        parser.close()
        for _event, element in parser.read_events():  # type: ignore[misc]  # (event, element) pairs, as above
            yield element


def _column_index(letters: str) -> int:
    index = 0
    for ch in letters:
        index = index * 26 + ord(ch) - 64
    return index - 1


def _read_xlsx_streaming(data: bytes) -> tuple[list[str], list[tuple[int, list[str]]], list[str | Promise]]:
    """The first sheet, read straight from the XML with a streaming parser (defusedxml: no entities, no DTDs).

    openpyxl's read-only mode takes seconds per 10,000 rows without lxml; this reads only what a table needs
    (shared strings, which styles are dates, the cells) and leaves anything unusual to openpyxl.
    """
    from defusedxml.ElementTree import fromstring  # noqa: PLC0415
    from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format  # noqa: PLC0415
    from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel  # noqa: PLC0415

    notices: list[str | Promise] = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())
        workbook = fromstring(archive.read("xl/workbook.xml"))
        sheets = workbook.findall(f"{_NS}sheets/{_NS}sheet")
        if not sheets:
            raise TableError(_("Excel-filen har inga blad."))
        first = sheets[0]
        if len(sheets) > 1:
            notices.append(
                _("Filen har %(count)s blad. Bara det första, ”%(name)s”, läses in.")
                % {"count": len(sheets), "name": first.get("name", "")}
            )
        properties = workbook.find(f"{_NS}workbookPr")
        epoch = CALENDAR_WINDOWS_1900
        if properties is not None and properties.get("date1904") in ("1", "true"):
            epoch = CALENDAR_MAC_1904
        rels = fromstring(archive.read("xl/_rels/workbook.xml.rels"))
        rel_id = first.get(f"{_REL_NS}id")
        target = next(r.get("Target") for r in rels if r.get("Id") == rel_id)
        sheet_path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        shared: list[str] = []
        if "xl/sharedStrings.xml" in names:
            for element in _xml_elements(archive, "xl/sharedStrings.xml"):
                if element.tag == f"{_NS}si":
                    shared.append(
                        "".join(t.text or "" for t in element.iter(f"{_NS}t") if not _inside_phonetic(element, t))
                    )
                    element.clear()
        date_styles: set[int] = set()
        if "xl/styles.xml" in names:
            styles = fromstring(archive.read("xl/styles.xml"))
            custom = {int(f.get("numFmtId", "0")): f.get("formatCode", "") for f in styles.iter(f"{_NS}numFmt")}
            xfs = styles.find(f"{_NS}cellXfs")
            for index, xf in enumerate(xfs if xfs is not None else []):
                fmt_id = int(xf.get("numFmtId", "0"))
                code = custom.get(fmt_id) or BUILTIN_FORMATS.get(fmt_id, "")
                if code and is_date_format(code):
                    date_styles.add(index)
        headers: list[str] | None = None
        rows: list[tuple[int, list[str]]] = []
        formulas = 0
        for element in _xml_elements(archive, sheet_path):
            if element.tag != f"{_NS}row":
                continue
            number = int(element.get("r", "0")) or (rows[-1][0] + 1 if rows else 1)
            cells: list[str] = []
            for position, cell in enumerate(element.iter(f"{_NS}c")):
                match = _CELL_REF.fullmatch(cell.get("r", ""))
                index = _column_index(match.group(1)) if match else position
                kind = cell.get("t", "n")
                formula = cell.find(f"{_NS}f")
                value_element = cell.find(f"{_NS}v")
                raw = value_element.text if value_element is not None else None
                if formula is not None and formula.text:
                    text = "=" + formula.text
                    formulas += 1
                elif kind == "s":
                    text = shared[int(raw)] if raw is not None else ""
                elif kind == "inlineStr":
                    text = "".join(t.text or "" for t in cell.iter(f"{_NS}t"))
                elif kind == "b":
                    text = "ja" if raw == "1" else "nej"
                elif kind in ("str", "e", "d"):
                    text = raw or ""
                elif raw is None:
                    text = ""
                elif int(cell.get("s", "0")) in date_styles:
                    text = _cell_text(from_excel(float(raw), epoch))
                else:
                    text = _cell_text(float(raw))
                if index >= MAX_COLUMNS:
                    if text.strip():
                        raise TableError(_("Filen har fler än %(max)s kolumner.") % {"max": MAX_COLUMNS})
                    continue
                if index >= len(cells):
                    cells.extend([""] * (index + 1 - len(cells)))
                cells[index] = text
            element.clear()
            if headers is None:
                if any(c.strip() for c in cells):
                    headers = cells
                continue
            if len(rows) >= MAX_ROWS or number > 2 * MAX_ROWS:
                raise TableError(_("Filen har fler än %(max)s rader. Dela upp den i flera filer.") % {"max": MAX_ROWS})
            rows.append((number, cells))
    if headers is None:
        raise TableError(_("Filen är tom."))
    _formula_notice(notices, formulas)
    return headers, rows, notices


def _inside_phonetic(si: Any, t: Any) -> bool:
    """Japanese phonetic hints (<rPh>) are not part of the cell's text."""
    return any(t in list(ph.iter()) for ph in si.iter(f"{_NS}rPh"))


def _formula_notice(notices: list[str | Promise], formulas: int) -> None:
    if formulas:
        notices.append(
            ngettext_lazy(
                "%(count)s cell innehöll en formel. Formeln räknas inte ut utan läses in som text.",
                "%(count)s celler innehöll formler. Formlerna räknas inte ut utan läses in som text.",
                "count",
            )
            % {"count": formulas}
        )


def _read_xlsx_openpyxl(data: bytes) -> tuple[list[str], list[tuple[int, list[str]]], list[str | Promise]]:
    import openpyxl  # noqa: PLC0415 - only files that passed the zip checks reach openpyxl

    notices: list[str | Promise] = []
    try:
        # read_only streams the sheet; data_only=False so a formula arrives as its text and is never evaluated.
        workbook = openpyxl.load_workbook(io.BytesIO(data), read_only=True, data_only=False)
    except Exception as error:  # openpyxl raises many kinds for broken files; all mean the same to a user
        raise TableError(_("Excel-filen går inte att öppna. Spara om den i Excel som .xlsx.")) from error
    try:
        sheets = workbook.worksheets
        if not sheets:
            raise TableError(_("Excel-filen har inga blad."))
        sheet = sheets[0]
        if len(sheets) > 1:
            notices.append(
                _("Filen har %(count)s blad. Bara det första, ”%(name)s”, läses in.")
                % {"count": len(sheets), "name": sheet.title}
            )
        headers: list[str] | None = None
        rows: list[tuple[int, list[str]]] = []
        formulas = 0
        for number, values in enumerate(sheet.iter_rows(max_col=MAX_COLUMNS + 1, values_only=True), start=1):
            cells = [_cell_text(v) for v in values]
            formulas += sum(1 for v in values if isinstance(v, str) and v.startswith("=") and len(v) > 1)
            if headers is None:
                if not any(c.strip() for c in cells):
                    continue
                headers = cells
                continue
            if len(rows) >= MAX_ROWS or number > 2 * MAX_ROWS:
                raise TableError(_("Filen har fler än %(max)s rader. Dela upp den i flera filer.") % {"max": MAX_ROWS})
            rows.append((number, cells))
    except TableError:
        raise
    except Exception as error:
        raise TableError(_("Excel-filen går inte att läsa. Spara om den i Excel som .xlsx.")) from error
    finally:
        workbook.close()
    if headers is None:
        raise TableError(_("Filen är tom."))
    _formula_notice(notices, formulas)
    return headers, rows, notices


def _cell_text(value: object) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "ja" if value else "nej"
    if isinstance(value, dt.datetime):
        if value.time() == dt.time(0, 0):
            return value.date().isoformat()
        return value.strftime("%Y-%m-%d %H:%M" if value.second == 0 else "%Y-%m-%d %H:%M:%S")
    if isinstance(value, dt.date):
        return value.isoformat()
    if isinstance(value, dt.time):
        return value.strftime("%H:%M")
    if isinstance(value, float):
        return str(int(value)) if value.is_integer() else str(value)
    if isinstance(value, Decimal):
        return format(value.normalize(), "f")
    return str(value)


def _shape(table: Table, headers: list[str], raw_rows: list[tuple[int, list[str]]]) -> None:
    """Trim, check the header row and give every row exactly one value per column."""
    headers = [h.strip().lstrip("\ufeff") for h in headers]
    while headers and not headers[-1]:
        headers.pop()
    if not headers:
        raise TableError(_("Filen har ingen rubrikrad. Första raden ska ha kolumnernas namn."))
    if len(headers) > MAX_COLUMNS:
        raise TableError(_("Filen har fler än %(max)s kolumner.") % {"max": MAX_COLUMNS})
    width = len(headers)
    for index, header in enumerate(headers):
        if not header:
            headers[index] = str(_("Kolumn %(letter)s") % {"letter": column_letter(index)})
    seen: dict[str, int] = {}
    duplicates: list[str] = []
    for header in headers:
        key = header.casefold()
        seen[key] = seen.get(key, 0) + 1
        if seen[key] == 2:
            duplicates.append(header)
    if duplicates:
        raise TableError(
            _("Rubrikraden har samma kolumnnamn flera gånger: %(names)s. Ge varje kolumn ett eget namn.")
            % {"names": ", ".join(f"”{d}”" for d in duplicates)}
        )
    rows: list[TableRow] = []
    for number, record in raw_rows:
        values = [str(v).strip() for v in record]
        if not any(values):
            continue
        row = TableRow(number=number, values=values[:width] + [""] * (width - len(values)))
        extra = [v for v in values[width:] if v]
        if extra:
            row.problems.append(
                _("Raden har fler värden (%(count)s) än filen har kolumner (%(width)s).")
                % {"count": width + len(extra), "width": width}
            )
        for index, value in enumerate(row.values):
            if len(value) > MAX_CELL_CHARS:
                row.problems.append(
                    _("Kolumn %(column)s har över %(max)s tecken.") % {"column": headers[index], "max": MAX_CELL_CHARS}
                )
                row.values[index] = value[:MAX_CELL_CHARS]
        rows.append(row)
    if not rows:
        raise TableError(_("Filen har en rubrikrad men inga rader med svar."))
    table.headers = headers
    table.rows = rows
