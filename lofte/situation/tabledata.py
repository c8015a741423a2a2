"""Reading the partnership sources' files: columns found by the names people give them, cells parsed the way
Swedish spreadsheets write them (decimal commas, spaces between thousands, dates with or without a time).

Every problem is collected with the row named as the user sees it ("rad 7 i bladet" in a workbook, "rad 12 i
filen" in a CSV), so one run of a file lists every error; the services store nothing while any is left.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from zoneinfo import ZoneInfo

from django.utils.translation import gettext as _

from lofte.core.models import Area
from lofte.lib.tabular import Table, TableRow

STOCKHOLM = ZoneInfo("Europe/Stockholm")
HEADER_SEARCH_ROWS = 10


class ImportRejected(Exception):
    """A file the importer will not store: `errors` lists every problem, each naming its row."""

    def __init__(self, errors: Sequence[str]) -> None:
        super().__init__("; ".join(errors[:3]))
        self.errors = list(errors)


def where(kind: str, number: int) -> str:
    if kind == "xlsx":
        return _("rad %(row)s i bladet") % {"row": number}
    return _("rad %(row)s i filen") % {"row": number}


def row_error(table: Table, row: TableRow, message: str) -> str:
    return f"{where(table.kind, row.number).capitalize()}: {message}"


def header_key(header: str) -> str:
    """ "Per 100 000 inv." and "per_100000_inv", "Område" and "omrade" compare alike: letters and digits only,
    case and Swedish letters' dots and rings ignored (files typed on foreign keyboards)."""
    return re.sub(r"[^0-9a-z]", "", header.casefold().translate(_FOLD))


_FOLD = str.maketrans("åäöéüæø", "aaoeuao")


@dataclass
class Columns:
    """Which column (index) holds each field; absent optional fields are missing from `index`."""

    index: dict[str, int]
    headers: list[str]
    rows: list[TableRow]

    def get(self, row: TableRow, field: str) -> str:
        position = self.index.get(field)
        return row.values[position].strip() if position is not None and position < len(row.values) else ""

    def has(self, field: str) -> bool:
        return field in self.index


def _match(headers: Sequence[str], names: Mapping[str, Sequence[str]]) -> dict[str, int]:
    keys = [header_key(h) for h in headers]
    found: dict[str, int] = {}
    for field, aliases in names.items():
        wanted = [header_key(a) for a in aliases]
        for alias in wanted:  # the first alias that names a column wins, so order aliases most specific first
            if alias in keys and keys.index(alias) not in found.values():
                found[field] = keys.index(alias)
                break
    return found


def find_columns(table: Table, names: Mapping[str, Sequence[str]], required: Sequence[str]) -> Columns:
    """The columns of `names` (field -> accepted headers), from the header row or, in a file that starts
    with a title or notes, from the first of its next rows that names every required column."""
    candidates: list[tuple[list[str], list[TableRow]]] = [(table.headers, table.rows)]
    for position, row in enumerate(table.rows[:HEADER_SEARCH_ROWS]):
        candidates.append((row.values, table.rows[position + 1 :]))
    for headers, rows in candidates:
        found = _match(headers, names)
        if all(field in found for field in required):
            return Columns(found, list(headers), rows)
    missing = [names[field][0] for field in required if field not in _match(table.headers, names)]
    raise ImportRejected(
        [
            _("Filen saknar kolumnerna %(missing)s. Rubrikraden har: %(headers)s.")
            % {
                "missing": ", ".join(f"”{m}”" for m in missing),
                "headers": ", ".join(f"”{h}”" for h in table.headers if h),
            }
        ]
    )


_SPACES = re.compile(r"[\s\u00a0\u202f']")


def parse_number(text: str) -> float:
    """ "1 234,5", "1234.5", "12,0" -> float; ValueError for anything else (never a thousands comma guess)."""
    cleaned = _SPACES.sub("", text)
    if cleaned.count(",") == 1 and "." not in cleaned:
        cleaned = cleaned.replace(",", ".")
    if not re.fullmatch(r"[-+]?\d+(\.\d+)?", cleaned):
        raise ValueError(text)
    return float(cleaned)


def parse_count(text: str) -> int:
    value = parse_number(text)
    if value < 0 or not value.is_integer():
        raise ValueError(text)
    return int(value)


_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})|(\d{1,2})/(\d{1,2})/(\d{4})|(\d{4})(\d{2})(\d{2})")
_TIME = re.compile(r"(\d{1,2})[:.](\d{2})(?:[:.](\d{2}))?")


def parse_datetime(text: str, time_text: str = "") -> dt.datetime:
    """ "2020-03-14 22:15", "2020-03-14T22:15:00", "14/3/2020 22.15", "20200314" (+ a separate time cell):
    an aware datetime, Swedish local time unless the text gives an offset. ValueError for anything else."""
    text = text.strip()
    try:
        parsed = dt.datetime.fromisoformat(text)
    except ValueError:
        parsed = None
    if parsed is not None and parsed.tzinfo is not None and not time_text:
        return parsed.astimezone(dt.UTC)
    match = _DATE.match(text)
    if not match:
        raise ValueError(text)
    groups = match.groups()
    if groups[0]:
        year, month, day = int(groups[0]), int(groups[1]), int(groups[2])
    elif groups[3]:
        day, month, year = int(groups[3]), int(groups[4]), int(groups[5])
    else:
        year, month, day = int(groups[6]), int(groups[7]), int(groups[8])
    rest = (time_text or text[match.end() :]).strip().lstrip("T").strip()
    hour = minute = second = 0
    if rest:
        time_match = _TIME.fullmatch(rest)
        if not time_match:
            raise ValueError(text)
        hour, minute, second = int(time_match[1]), int(time_match[2]), int(time_match[3] or 0)
    # In UTC: Python never finds a local time in the autumn's repeated hour equal to the same instant in
    # another zone (PEP 495), so a re-import would see the database's UTC value as changed.
    return dt.datetime(year, month, day, hour, minute, second, tzinfo=STOCKHOLM).astimezone(dt.UTC)


def area_lookup(areas: Sequence[Area]) -> dict[str, Area]:
    """Area by name or code, case and spacing ignored."""
    lookup: dict[str, Area] = {}
    for area in areas:
        lookup[" ".join(area.name.split()).casefold()] = area
        if area.code:
            lookup.setdefault(area.code.strip().casefold(), area)
    return lookup


def find_area(lookup: Mapping[str, Area], text: str) -> Area | None:
    return lookup.get(" ".join(text.split()).casefold())


def kommun_names(name: str) -> set[str]:
    """The ways a file may name the partnership's kommun: "Sjöstads kommun", "Sjöstad", "sjöstads"."""
    base = " ".join(name.split()).casefold()
    names = {base}
    for suffix in (" kommun", " stad"):
        if base.endswith(suffix):
            short = base.removesuffix(suffix)
            stem = short.removesuffix("s")
            names |= {stem, stem + "s", stem + suffix, stem + "s" + suffix}
    return names
