"""Read a CSV or Excel (.xlsx) file as municipalities have them: headers and rows of text, or a clear error.

Pure file reading, no domain: the file type is decided by content, never by the name; text encodings are
detected (UTF-8 with or without BOM, UTF-16 from Excel's "Unicode text", else Windows-1252/Latin-1 with a
notice); the delimiter is sniffed. An .xlsx file is a zip archive, so its member count and declared
uncompressed size are checked before it is read (zip bombs), and the cells read are counted: the cost of
reading is bounded by what is read, never by what the file claims. Nothing here ever evaluates a formula:
a cell is read as the text it holds.

Files as analysts have them: of a workbook only the visible sheets are offered (the active one first), the
header row is found below titles and blank rows (or given), a merged cell's value belongs to every row of
the range, and every row keeps the number the user sees (the line in a text editor, the row in Excel).
"""

from __future__ import annotations

import codecs
import csv
import datetime as dt
import io
import re
import zipfile
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from defusedxml import DefusedXmlException
from django.utils.formats import number_format
from django.utils.functional import Promise
from django.utils.translation import gettext, ngettext_lazy
from django.utils.translation import gettext_lazy as _

MAX_FILE_BYTES = 20 * 1024 * 1024
MAX_ROWS = 50_000
MAX_COLUMNS = 200
MAX_CELL_CHARS = 10_000
# An .xlsx of 50,000 rows of short answers unpacks to some tens of megabytes; a zip bomb to gigabytes.
MAX_XLSX_UNCOMPRESSED = 250 * 1024 * 1024
MAX_XLSX_MEMBERS = 2_000
MAX_XLSX_RATIO = 200  # one member unpacking to more than 200 times its packed size is not a spreadsheet
# Excel has 16,384 columns: a row with more cells was not written by a spreadsheet program.
MAX_CELLS_PER_ROW = 16_384
# Cells (and shared strings) read from one sheet before giving up: 50,000 rows of 40 answers, with room.
MAX_CELLS_READ = 2_500_000
MAX_MERGED_RANGES = 10_000
MAX_SHEETS_TRIED = 5  # other visible sheets looked at when the active one has no answers
# The header is looked for among the first non-blank rows (titles, dates and notes above it).
HEADER_SEARCH_ROWS = 30

DELIMITERS = ";,\t|"


class TableError(Exception):
    """A file that cannot be read as a table; the message is for the user, in Swedish."""

    def __init__(self, message: str | Promise) -> None:
        super().__init__(str(message))
        self.message = message


def megabytes(size: int) -> str:
    """A size as the user's language writes it: "21,0" in Swedish."""
    return number_format(size / 1024 / 1024, decimal_pos=1)


@dataclass
class TableRow:
    number: int  # the line a text editor shows (CSV) or the row number Excel shows (xlsx)
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
    sheets: list[str] = field(default_factory=list)  # a workbook's visible sheets, in the workbook's order
    sheet: str = ""  # the sheet read
    header_row: int = 1  # numbered like the rows

    def where(self, number: int) -> str:
        """A row named as the user finds it: "rad 7 i bladet" (Excel's row) or "rad 12 i filen" (the line)."""
        return where(self.kind, number)

    def column_values(self, index: int, limit: int | None = None) -> list[str]:
        rows = self.rows if limit is None else self.rows[:limit]
        return [row.values[index] for row in rows]


def where(kind: str, number: int) -> str:
    if kind == "xlsx":
        return gettext("rad %(row)s i bladet") % {"row": number}
    return gettext("rad %(row)s i filen") % {"row": number}


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


def read_table(data: bytes, filename: str = "", *, sheet: str = "", header_row: int | None = None) -> Table:
    """Read a CSV or .xlsx file into text headers and rows. Raises TableError with a message for the user.

    ``sheet`` names a visible sheet of a workbook (default: the active one); ``header_row`` is the header's
    number as the user sees it (default: found, see ``_header_index``)."""
    if len(data) > MAX_FILE_BYTES:
        raise TableError(
            _("Filen är för stor (%(size)s MB). Största tillåtna storlek är %(max)s MB.")
            % {"size": megabytes(len(data)), "max": MAX_FILE_BYTES // 1024 // 1024}
        )
    kind = sniff_kind(data)
    if kind != "xlsx":
        text, encoding, notices = decode_text(data)
        delimiter = sniff_delimiter(text)
        table = Table(headers=[], rows=[], notices=notices, kind="csv", encoding=encoding, delimiter=delimiter)
        _fill_table(table, _read_csv(text, delimiter), [], header_row)
        return table
    read = _read_xlsx(data, sheet)
    try:
        return _sheet_table(read, header_row)
    except TableError as error:
        if sheet or len(read.sheets) < 2:
            raise
        # The active sheet is often a cover or an instructions sheet: the answers are on another visible one.
        for other in [name for name in read.sheets if name != read.name][:MAX_SHEETS_TRIED]:
            other_read = _read_xlsx(data, other)  # a sheet past the cell budget ends the search with its error
            try:
                table = _sheet_table(other_read, header_row)
            except TableError:
                continue
            table.notices.insert(
                0,
                _("Bladet ”%(active)s” har inga svar: bladet ”%(name)s” läses in.")
                % {"active": read.name, "name": other},
            )
            return table
        names = ", ".join(f"”{n}”" for n in read.sheets)
        raise TableError(f"{error.message} " + _("Inget av bladen har svar: %(names)s.") % {"names": names}) from error


def _sheet_table(read: _Sheet, header_row: int | None) -> Table:
    table = Table(headers=[], rows=[], notices=list(read.notices), kind="xlsx", sheets=read.sheets, sheet=read.name)
    if not read.rows:
        raise TableError(_("Filen är tom."))
    _fill_table(table, read.rows, read.merges, header_row)
    return table


def _fill_table(
    table: Table, raw_rows: list[tuple[int, list[str]]], merges: list[tuple[int, int, int]], header_row: int | None
) -> None:
    kind = table.kind
    index = _header_index(raw_rows, header_row, kind)
    table.header_row, headers = raw_rows[index]
    if index and header_row is None:
        table.notices.append(
            _("Kolumnernas namn lästes från %(where)s; raderna ovanför läses inte in.")
            % {"where": table.where(table.header_row)}
        )
    body = raw_rows[index + 1 :]
    if len(body) > MAX_ROWS:
        raise TableError(_("Filen har fler än %(max)s rader. Dela upp den i flera filer.") % {"max": MAX_ROWS})
    _fill_merged(body, merges)
    _shape(table, headers, body)


def _header_index(raw_rows: list[tuple[int, list[str]]], header_row: int | None, kind: str) -> int:
    """Which of the non-blank rows holds the column names.

    Given a number, that row. Else the first row that looks like names over data: about as many filled
    cells as the widest rows have (a title or a "Sammanställd av" line has one or two), no name twice, and
    more words than numbers or dates (a year counts as a word). A file where no row looks so starts at its first row."""
    if header_row is not None:
        for index, (number, _cells) in enumerate(raw_rows):
            if number == header_row:
                return index
        raise TableError(
            _("%(where)s är tom eller finns inte. Välj raden som har kolumnernas namn.")
            % {"where": where(kind, header_row).capitalize()}
        )
    width = max(_filled(cells) for _number, cells in raw_rows[: HEADER_SEARCH_ROWS + 20])
    needed = max(min(2, width), (width + 1) // 2)
    for index, (_number, cells) in enumerate(raw_rows[:HEADER_SEARCH_ROWS]):
        values = [c.strip() for c in cells if c.strip()]
        if len(values) < needed or len({v.casefold() for v in values}) < len(values):
            continue
        # A year over a column is a name (Brå's wide exports: "Region;Brott;2018;2019;2020").
        if 2 * sum(1 for v in values if _DATA_LIKE.fullmatch(v) and not _YEAR.fullmatch(v)) >= len(values):
            continue
        return index
    return 0


_YEAR = re.compile(r"(19|20)\d{2}")
_DATA_LIKE = re.compile(r"[-+]?\d+([.,]\d+)?|\d{1,4}[-./]\d{1,2}[-./]\d{1,4}([ T].*)?|\d{1,2}:\d{2}(:\d{2})?")


def _filled(cells: list[str]) -> int:
    return sum(1 for c in cells if c.strip())


def _fill_merged(body: list[tuple[int, list[str]]], merges: list[tuple[int, int, int]]) -> None:
    """A merged cell's value belongs to every row of the range (a block of conversations at one place).

    Only downwards in the range's first column: the other columns of a merged range are the same cell
    seen wider, not other answers. Ranges that start in or above the header row are headings."""
    if not merges or not body:
        return
    position = {number: i for i, (number, _cells) in enumerate(body)}
    budget = MAX_CELLS_READ  # overlapping ranges (never from Excel) must not multiply the work
    for column, first, last in merges:
        start = position.get(first)
        if start is None:
            continue
        cells = body[start][1]
        value = cells[column] if column < len(cells) else ""
        if not value.strip():
            continue
        for number, row in body[start + 1 :]:
            if number > last:
                break
            budget -= 1
            if budget < 0:
                raise TableError(_("Excel-filen har fler sammanslagna celler än ett kalkylark med svar kan ha."))
            if column >= len(row):
                row.extend([""] * (column + 1 - len(row)))
            if not row[column].strip():
                row[column] = value


def fill_down(table: Table, columns: Iterable[int]) -> None:
    """A blank cell takes the value above it, in the columns asked for (a name written once per block)."""
    for column in columns:
        above = ""
        for row in table.rows:
            if row.values[column]:
                above = row.values[column]
            else:
                row.values[column] = above


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


def _read_csv(text: str, delimiter: str) -> list[tuple[int, list[str]]]:
    """The non-blank records, each with the line it starts on as a text editor counts lines: a quoted cell
    with line breaks makes one record of several lines, and the records after it keep their lines."""
    # A cell can be no longer than the file: long cells are reported per row by _shape (the cell is too
    # long), not by the csv module as a broken file.
    csv.field_size_limit(MAX_FILE_BYTES)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    rows: list[tuple[int, list[str]]] = []
    line = 1
    try:
        for record in reader:
            number, line = line, reader.line_num + 1
            if not any(cell.strip() for cell in record):
                continue
            if len(rows) >= MAX_ROWS + HEADER_SEARCH_ROWS:
                raise TableError(_("Filen har fler än %(max)s rader. Dela upp den i flera filer.") % {"max": MAX_ROWS})
            rows.append((number, record))
    except csv.Error as error:
        raise TableError(
            _("Filen går inte att läsa som CSV (%(where)s): kontrollera citattecknen.")
            % {"where": where("csv", reader.line_num)}
        ) from error
    if not rows:
        raise TableError(_("Filen är tom."))
    return rows


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


@dataclass
class _Sheet:
    name: str
    sheets: list[str]
    rows: list[tuple[int, list[str]]]
    merges: list[tuple[int, int, int]]  # (column index, first row, last row) of merged ranges
    notices: list[str | Promise]


def _read_xlsx(data: bytes, sheet: str) -> _Sheet:
    _check_zip(data)
    try:
        return _read_xlsx_streaming(data, sheet)
    except TableError:
        raise
    except DefusedXmlException as error:  # entities or a DTD in a small part, refused by defusedxml
        raise TableError(_("Excel-filen innehåller otillåtna XML-konstruktioner och läses inte in.")) from error
    except Exception as error:  # a part missing or malformed: the same to a user
        raise TableError(_("Excel-filen går inte att läsa. Spara om den i Excel som .xlsx.")) from error


_NS = "{http://schemas.openxmlformats.org/spreadsheetml/2006/main}"
_REL_NS = "{http://schemas.openxmlformats.org/officeDocument/2006/relationships}"
_CELL_REF = re.compile(r"([A-Z]{1,3})(\d+)")
_RANGE_REF = re.compile(r"([A-Z]{1,3})(\d+):([A-Z]{1,3})(\d+)")
_ROOT_START = re.compile(r"<[A-Za-z_]")
_DECLARED_ENCODING = re.compile(r"""^<\?xml[^>]*?encoding\s*=\s*["']([^"']*)["']""")
# What expat reads by itself; any other declared encoding goes through a codec this check cannot follow.
_XML_ENCODINGS = {"utf-8", "utf8", "utf-16", "utf16", "iso-8859-1", "latin-1", "latin1", "us-ascii", "ascii"}


def _xml_head_text(head: bytes) -> str:
    """The start of an XML part as text, in the encoding the parser will read it in (XML 1.0 appendix F)."""
    if head.startswith((codecs.BOM_UTF32_LE, codecs.BOM_UTF32_BE)):
        raise TableError(_("Excel-filen innehåller otillåtna XML-konstruktioner och läses inte in."))
    if head.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        encoding = "utf-16"
    elif head.startswith(b"<\x00"):
        encoding = "utf-16-le"
    elif head.startswith(b"\x00<"):
        encoding = "utf-16-be"
    else:
        encoding = "latin-1"  # UTF-8 and Latin-1 alike: the markup is ASCII
    return head[: len(head) - len(head) % 2 if encoding.startswith("utf-16") else None].decode(
        encoding, errors="replace"
    )


def _check_prolog(head: bytes) -> None:
    """A document type declaration (entities: the billion laughs) can only stand before the root element, so a
    part whose prolog holds one, whose root element does not start within the first 64 kB, or that declares
    an encoding the parser would translate through a codec, is refused. The prolog is read in the part's own
    encoding: in UTF-16 "<!DOCTYPE" is not the bytes b"<!DOCTYPE"."""
    text = _xml_head_text(head).lstrip("\ufeff")
    declared = _DECLARED_ENCODING.match(text)
    root = _ROOT_START.search(text)
    prolog = (text[: root.start()] if root else text).upper()
    if (
        root is None
        or "<!DOCTYPE" in prolog
        or "<!ENTITY" in prolog
        or (declared is not None and declared.group(1).strip().lower() not in _XML_ENCODINGS)
    ):
        raise TableError(_("Excel-filen innehåller otillåtna XML-konstruktioner och läses inte in."))


def _xml_elements(archive: zipfile.ZipFile, name: str) -> Iterator[Any]:
    """Elements of a large XML part as they end, parsed by the C parser in chunks; past the prolog check the
    fast parser is as safe as defusedxml and several times faster. The caller clears what it has read and
    counts the elements, so memory and time stay bounded by what it accepts."""
    from xml.etree.ElementTree import XMLPullParser  # noqa: PLC0415, S405 - prolog checked for DTDs first # nosec B405

    with archive.open(name) as handle:
        head = handle.read(65536)
        _check_prolog(head)
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


def _too_many_cells() -> TableError:
    return TableError(
        _(
            "Excel-filen har fler celler än ett kalkylark med svar kan ha (ofta tomma celler långt ut till höger "
            "eller nedåt). Markera de tomma kolumnerna och raderna efter dina data, ta bort dem och spara igen."
        )
    )


def _read_xlsx_streaming(data: bytes, sheet: str) -> _Sheet:
    """One visible sheet, read straight from the XML (workbook parts with defusedxml, the large parts with a
    streaming parser): shared strings, which styles are dates, the cells, the merged ranges. Hidden sheets
    (lists behind drop-downs, helper tables) are never read."""
    from defusedxml.ElementTree import fromstring  # noqa: PLC0415
    from openpyxl.styles.numbers import BUILTIN_FORMATS, is_date_format  # noqa: PLC0415
    from openpyxl.utils.datetime import CALENDAR_MAC_1904, CALENDAR_WINDOWS_1900, from_excel  # noqa: PLC0415

    notices: list[str | Promise] = []
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        names = set(archive.namelist())
        workbook = fromstring(archive.read("xl/workbook.xml"))
        entries = workbook.findall(f"{_NS}sheets/{_NS}sheet")
        if not entries:
            raise TableError(_("Excel-filen har inga blad."))
        visible = [e for e in entries if e.get("state", "visible") == "visible"]
        if not visible:
            raise TableError(_("Excel-filen har inga synliga blad."))
        visible_names = [e.get("name", "") for e in visible]
        view = workbook.find(f"{_NS}bookViews/{_NS}workbookView")
        active = int(view.get("activeTab", "0") or 0) if view is not None else 0
        if sheet:
            chosen = next((e for e in visible if e.get("name") == sheet), None)
            if chosen is None:
                raise TableError(
                    _("Excel-filen har inget synligt blad som heter ”%(name)s”. Bladen är: %(names)s.")
                    % {"name": sheet, "names": ", ".join(f"”{n}”" for n in visible_names)}
                )
        else:
            chosen = entries[active] if 0 <= active < len(entries) and entries[active] in visible else visible[0]
        name = chosen.get("name", "")
        if len(visible) > 1:
            notices.append(
                _("Filen har %(count)s blad. Bladet ”%(name)s” läses in; välj ett annat blad om svaren finns där.")
                % {"count": len(visible), "name": name}
            )
        if len(entries) > len(visible):
            notices.append(
                ngettext_lazy("%(count)s dolt blad läses inte in.", "%(count)s dolda blad läses inte in.", "count")
                % {"count": len(entries) - len(visible)}
            )
        properties = workbook.find(f"{_NS}workbookPr")
        epoch = CALENDAR_WINDOWS_1900
        if properties is not None and properties.get("date1904") in ("1", "true"):
            epoch = CALENDAR_MAC_1904
        rels = fromstring(archive.read("xl/_rels/workbook.xml.rels"))
        rel_id = chosen.get(f"{_REL_NS}id")
        target = next(r.get("Target") for r in rels if r.get("Id") == rel_id)
        sheet_path = target.lstrip("/") if target.startswith("/") else f"xl/{target}"
        shared: list[str] = []
        if "xl/sharedStrings.xml" in names:
            for element in _xml_elements(archive, "xl/sharedStrings.xml"):
                if element.tag == f"{_NS}si":
                    if len(shared) >= MAX_CELLS_READ:
                        raise _too_many_cells()
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
        rows: list[tuple[int, list[str]]] = []
        merges: list[tuple[int, int, int]] = []
        formulas = 0
        cells_read = row_cells = 0
        cells: list[str] = []
        # A cell ends before its row does: cells are counted (and cleared) as they come, so a row that
        # claims millions of cells is stopped after Excel's 16,384, not parsed to its end.
        for element in _xml_elements(archive, sheet_path):
            tag = element.tag
            if tag == f"{_NS}c":
                cells_read += 1
                row_cells += 1
                if cells_read > MAX_CELLS_READ or row_cells > MAX_CELLS_PER_ROW:
                    raise _too_many_cells()
                match = _CELL_REF.fullmatch(element.get("r", ""))
                index = _column_index(match.group(1)) if match else len(cells)
                # Inline rather than a helper: this runs once per cell.
                kind = element.get("t", "n")
                formula = element.find(f"{_NS}f")
                value_element = element.find(f"{_NS}v")
                raw = value_element.text if value_element is not None else None
                if formula is not None and formula.text:
                    text = "=" + formula.text
                    formulas += 1
                elif kind == "s":
                    text = shared[int(raw)] if raw is not None else ""
                elif kind == "inlineStr":
                    text = "".join(t.text or "" for t in element.iter(f"{_NS}t"))
                elif kind == "b":
                    text = "ja" if raw == "1" else "nej"
                elif kind in ("str", "e", "d"):
                    text = raw or ""
                elif raw is None:
                    text = ""
                elif int(element.get("s", "0")) in date_styles:
                    text = _cell_text(from_excel(float(raw), epoch))
                else:
                    text = _cell_text(float(raw))
                element.clear()
                if index >= MAX_COLUMNS:
                    if text.strip():
                        raise TableError(_("Filen har fler än %(max)s kolumner.") % {"max": MAX_COLUMNS})
                    continue
                if index >= len(cells):
                    cells.extend([""] * (index + 1 - len(cells)))
                cells[index] = text
            elif tag == f"{_NS}row":
                number = int(element.get("r", "0")) or (rows[-1][0] + 1 if rows else 1)
                element.clear()
                row_cells, done = 0, cells
                cells = []
                if not any(c.strip() for c in done):
                    continue
                if len(rows) >= MAX_ROWS + HEADER_SEARCH_ROWS or number > 2 * MAX_ROWS:
                    raise TableError(
                        _("Filen har fler än %(max)s rader. Dela upp den i flera filer.") % {"max": MAX_ROWS}
                    )
                rows.append((number, done))
            elif tag == f"{_NS}mergeCell":
                ref = _RANGE_REF.fullmatch(element.get("ref", ""))
                if ref and len(merges) < MAX_MERGED_RANGES:
                    column = _column_index(ref.group(1))
                    if column < MAX_COLUMNS:
                        merges.append((column, int(ref.group(2)), int(ref.group(4))))
    _formula_notice(notices, formulas)
    return _Sheet(name=name, sheets=visible_names, rows=rows, merges=merges, notices=notices)


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
                    _("Cellen i kolumn %(column)s är för lång: den har över %(max)s tecken.")
                    % {"column": headers[index], "max": MAX_CELL_CHARS}
                )
                row.values[index] = value[:MAX_CELL_CHARS]
        rows.append(row)
    if not rows:
        raise TableError(_("Filen har en rubrikrad men inga rader med svar."))
    table.headers = headers
    table.rows = rows
