"""A promise's commitments as a table: one format for CSV and .xlsx, written by the export and read by the import.

The columns (``COLUMNS``, documented in docs/medborgarlofte.md) are the same both ways, so an exported file
imported again changes nothing, and a file exported from last year's promise starts this year's draft. The
file is read by ``lofte.lib.tabular`` (bounded reading of hostile .xlsx, encodings, delimiters) and written by
``lofte.lib.spreadsheet`` (formula injection neutralised). Every row is checked before anything is stored:
one wrong row and nothing is written, and each error names the row as the user finds it (the line of the
CSV file, the row of the sheet), the column and what is wrong, in Swedish.
"""

from __future__ import annotations

import datetime as dt
import re
import unicodedata
import uuid
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from lofte.analysis.selectors import theme_labels
from lofte.core.models import Area, Membership, Place, User
from lofte.lib.spreadsheet import DANGEROUS_PREFIXES, csv_bytes, xlsx_bytes
from lofte.lib.tabular import Table, TableError, column_letter, read_table
from lofte.promises.models import Commitment, Promise
from lofte.promises.services import _validate_commitment, commitment_create, commitment_update, focus_area_add

# The format's column names: a contract (docs/medborgarlofte.md), never translated.
COLUMNS = [
    "id",
    "fokusområde",
    "tema",
    "huvudåtagande",
    "vad",
    "vad (engelska)",
    "ansvarig",
    "annan part",
    "områden",
    "platser",
    "start",
    "slut",
    "måltyp",
    "målvärde",
    "mått",
    "utgångsvärde",
    "status",
    "kontaktperson",
]
REQUIRED = {"fokusområde", "vad", "ansvarig", "start", "slut", "måltyp"}
LIST_SEPARATOR = ";"
MAX_IMPORT_ROWS = 500  # a promise has tens of commitments; hundreds is a wrong file

OWNER_WORDS = {
    Commitment.Owner.POLICE: {"police", "polisen", "polis"},
    Commitment.Owner.MUNICIPALITY: {"municipality", "kommunen", "kommun"},
    Commitment.Owner.BOTH: {"both", "bada", "polisenochkommunen", "kommunenochpolisen"},
    Commitment.Owner.PARTNER: {"partner", "annanpart", "annan"},
}
TARGET_WORDS = {
    Commitment.TargetKind.COUNT: {"count", "antal"},
    Commitment.TargetKind.YES_NO: {"yesno", "janej", "genomfortsenastettdatum", "genomfort"},
    Commitment.TargetKind.SURVEY: {"survey", "matt", "matning", "mattitrygghetsmatningen"},
}
STATUS_WORDS = {
    Commitment.Status.PLANNED: {"planned", "planerat", "planerad"},
    Commitment.Status.ONGOING: {"ongoing", "pagar"},
    Commitment.Status.DONE: {"done", "genomfort", "klart"},
    Commitment.Status.CANCELLED: {"cancelled", "avbrutet", "avbruten"},
}
# Written as the first word of each list: readable in the file, and read back by the same table.
OWNER_OUT = {Commitment.Owner.POLICE: "polisen", Commitment.Owner.MUNICIPALITY: "kommunen",
             Commitment.Owner.BOTH: "båda", Commitment.Owner.PARTNER: "annan part"}  # fmt: skip
TARGET_OUT = {Commitment.TargetKind.COUNT: "antal", Commitment.TargetKind.YES_NO: "ja/nej",
              Commitment.TargetKind.SURVEY: "mått"}  # fmt: skip
STATUS_OUT = {Commitment.Status.PLANNED: "planerat", Commitment.Status.ONGOING: "pågår",
              Commitment.Status.DONE: "genomfört", Commitment.Status.CANCELLED: "avbrutet"}  # fmt: skip
_DATE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]00:00(?::00)?)?")


def _word(text: str) -> str:
    """ "Båda", "BADA " and "båda" alike: folded to ASCII letters."""
    return "".join(c for c in unicodedata.normalize("NFKD", text.casefold()) if c.isascii() and c.isalnum())


# Export ---------------------------------------------------------------------------------------------------


def _number(value: float | None) -> int | float | str:
    if value is None:
        return ""
    return int(value) if float(value).is_integer() else value


def export_rows(promise: Promise) -> list[list[Any]]:
    commitments = (
        Commitment.objects.filter(focus_area__promise=promise)
        .select_related("focus_area", "parent", "contact")
        .prefetch_related("areas", "places")
        .order_by("focus_area__position", "focus_area__pk", "parent_id", "position", "pk")
    )
    # Parents before their children, so a file read top to bottom never names a parent not yet seen.
    ordered = sorted(commitments, key=lambda c: (c.focus_area.position, c.focus_area.pk, c.parent_id is not None))
    return [
        [
            str(c.lineage),
            c.focus_area.title_sv,
            c.focus_area.theme,
            str(c.parent.lineage) if c.parent else "",
            c.what_sv,
            c.what_en,
            OWNER_OUT[Commitment.Owner(c.owner)],
            c.partner_name,
            f"{LIST_SEPARATOR} ".join(a.name for a in c.areas.all()),
            f"{LIST_SEPARATOR} ".join(p.name for p in c.places.all()),
            c.starts_on.isoformat(),
            c.ends_on.isoformat(),
            TARGET_OUT[Commitment.TargetKind(c.target_kind)],
            _number(c.target_value),
            c.survey_item,
            _number(c.baseline_value),
            STATUS_OUT[Commitment.Status(c.status)],
            c.contact.email if c.contact else "",
        ]
        for c in ordered
    ]


def export_csv(promise: Promise) -> bytes:
    return csv_bytes(COLUMNS, export_rows(promise))


def export_xlsx(promise: Promise) -> bytes:
    return xlsx_bytes(COLUMNS, export_rows(promise), title=_("Åtaganden"))


# Import ---------------------------------------------------------------------------------------------------


@dataclass
class RowError:
    where: str  # "rad 7 i bladet", "rad 12 i filen"
    column: str  # "vad (E)"
    message: str


@dataclass
class ImportRow:
    number: int
    where: str
    key: str
    focus_title: str
    theme: str
    parent_key: str
    fields: dict[str, Any]
    areas: list[Area]
    places: list[Place]
    existing: Commitment | None = None


@dataclass
class ImportResult:
    errors: list[RowError] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    created: int = 0
    updated: int = 0
    focus_areas_created: int = 0


class _Row:
    """One row's cells by column name, collecting errors that name the cell."""

    def __init__(self, table: Table, index: dict[str, int], values: list[str], number: int) -> None:
        self.table, self.index, self.values, self.number = table, index, values, number
        self.where = table.where(number)
        self.errors: list[RowError] = []

    def get(self, name: str) -> str:
        position = self.index.get(name)
        if position is None or position >= len(self.values):
            return ""
        text = self.values[position].strip()
        # The export writes an apostrophe before text a spreadsheet could run as a formula: read it back as written.
        if text.startswith("'") and text[1:2] and text[1:].startswith(DANGEROUS_PREFIXES):
            text = text[1:]
        return text

    def error(self, name: str, message: str) -> None:
        position = self.index.get(name)
        header = self.table.headers[position] if position is not None else name
        letter = f" ({column_letter(position)})" if position is not None else ""
        self.errors.append(RowError(where=self.where, column=f"{header}{letter}", message=message))


def _choice(row: _Row, name: str, words: dict[Any, set[str]], message: str, default: Any = None) -> Any:
    text = row.get(name)
    if not text:
        return default
    folded = _word(text)
    for value, options in words.items():
        if folded == _word(str(value)) or folded in options:
            return value
    row.error(name, message % {"value": text})
    return default


def _date(row: _Row, name: str) -> dt.date | None:
    text = row.get(name)
    match = _DATE.fullmatch(text)
    if match:
        try:
            return dt.date(int(match[1]), int(match[2]), int(match[3]))
        except ValueError:
            pass
    row.error(name, _("”%(value)s” är inget datum. Skriv det som 2021-03-31.") % {"value": text})
    return None


def _uuid(text: str) -> uuid.UUID | None:
    try:
        return uuid.UUID(text)
    except ValueError:
        return None


def _years_later(day: dt.date | None, years: int) -> dt.date | None:
    """The same day ``years`` later (28 February for a 29th in a year without one)."""
    if day is None or not years:
        return day
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def _float(row: _Row, name: str) -> float | None:
    text = row.get(name).replace("\u00a0", "").replace(" ", "").replace(",", ".")
    if not text:
        return None
    try:
        value = float(text)
    except ValueError:
        row.error(name, _("”%(value)s” är inget tal.") % {"value": row.get(name)})
        return None
    if value != value or value in (float("inf"), float("-inf")):  # NaN and infinity are not targets
        row.error(name, _("”%(value)s” är inget tal.") % {"value": row.get(name)})
        return None
    return value


def _names(row: _Row, name: str, known: dict[str, Any], message: str) -> list[Any]:
    found = []
    for part in row.get(name).split(LIST_SEPARATOR):
        part = part.strip()
        if not part:
            continue
        item = known.get(part.casefold())
        if item is None:
            row.error(name, message % {"value": part})
        else:
            found.append(item)
    return found


def _read(data: bytes, filename: str) -> tuple[Table | None, list[RowError]]:
    try:
        return read_table(data, filename), []
    except TableError as error:
        return None, [RowError(where=_("filen"), column="", message=str(error.message))]


def validate(promise: Promise, data: bytes, filename: str = "") -> tuple[list[ImportRow], ImportResult]:
    """Read and check every row; nothing is stored. The rows come back ready for ``import_commitments``."""
    result = ImportResult()
    table, errors = _read(data, filename)
    if table is None:
        result.errors = errors
        return [], result
    result.notices = [str(n) for n in table.notices]
    index: dict[str, int] = {}
    wanted = {_word(name): name for name in COLUMNS}
    for position, header in enumerate(table.headers):
        name = wanted.get(_word(header))
        if name and name not in index:
            index[name] = position
    missing = [name for name in COLUMNS if name in REQUIRED and name not in index]
    if missing:
        result.errors.append(
            RowError(
                where=table.where(table.header_row),
                column="",
                message=_("Kolumnerna %(names)s saknas. Börja från en exporterad fil: den har alla kolumner.")
                % {"names": ", ".join(f"”{n}”" for n in missing)},
            )
        )
        return [], result
    if len(table.rows) > MAX_IMPORT_ROWS:
        result.errors.append(
            RowError(
                where=_("filen"),
                column="",
                message=_("Filen har fler än %(max)s åtaganden.") % {"max": MAX_IMPORT_ROWS},
            )
        )
        return [], result

    partnership = promise.partnership
    organisations = partnership.organisation_ids()
    areas = {a.name.casefold(): a for a in Area.objects.filter(organisation_id__in=organisations)}
    places = {p.name.casefold(): p for p in Place.objects.filter(organisation_id__in=organisations)}
    contacts = {
        m.user.email.casefold(): m.user
        for m in Membership.objects.filter(organisation_id__in=organisations).select_related("user")
        if m.user.email and m.user.is_active
    }
    themes = theme_labels(partnership)
    theme_words = {_word(str(k)): k for k in themes} | {_word(str(v)): k for k, v in themes.items()}
    focus_areas = {f.title_sv.casefold(): f for f in promise.focus_areas.all()}
    existing = {str(c.lineage): c for c in Commitment.objects.filter(focus_area__promise=promise)}
    # A commitment of an earlier promise (last year's file starting this year's draft) keeps its days of the
    # year: its dates move by whole years into this promise's period, where a commitment's dates must lie.
    earlier = dict(
        Commitment.objects.filter(
            focus_area__promise__partnership=partnership, focus_area__promise__start_year__lt=promise.start_year
        ).values_list("lineage", "focus_area__promise__start_year")
    )
    rows: list[ImportRow] = []
    keys: dict[str, ImportRow] = {}
    for table_row in table.rows:
        if not any(v.strip() for v in table_row.values):
            continue
        row = _Row(table, index, table_row.values, table_row.number)
        for problem in table_row.problems:
            row.errors.append(RowError(where=row.where, column="", message=str(problem)))
        for name in REQUIRED:
            if not row.get(name):
                row.error(name, _("Fältet får inte vara tomt."))
        key = row.get("id")
        if key and key in keys:
            row.error("id", _("Samma id finns redan på %(where)s.") % {"where": keys[key].where})
        theme_text = row.get("tema")
        theme = theme_words.get(_word(theme_text)) if theme_text else None
        if theme_text and theme is None:
            row.error("tema", _("Okänt tema ”%(value)s”.") % {"value": theme_text})
        focus_title = row.get("fokusområde")
        if focus_title and focus_title.casefold() not in focus_areas and not theme_text:
            row.error("tema", _("Fokusområdet ”%(value)s” finns inte än: skriv dess tema.") % {"value": focus_title})
        parent_key = row.get("huvudåtagande")
        if parent_key:
            parent = keys.get(parent_key)
            if parent is None:
                row.error("huvudåtagande", _("Inget åtagande ovanför har id ”%(value)s”.") % {"value": parent_key})
            elif parent.parent_key:
                row.error("huvudåtagande", _("Delåtaganden kan inte ha egna delåtaganden."))
            elif parent.focus_title.casefold() != focus_title.casefold():
                row.error("huvudåtagande", _("Ett delåtagande hör till samma fokusområde som sitt åtagande."))
        owner = _choice(
            row,
            "ansvarig",
            OWNER_WORDS,
            _("Okänd ansvarig ”%(value)s”: skriv polisen, kommunen, båda eller annan part."),
        )
        target_kind = _choice(
            row, "måltyp", TARGET_WORDS, _("Okänd måltyp ”%(value)s”: skriv antal, ja/nej eller mått.")
        )
        status = _choice(
            row,
            "status",
            STATUS_WORDS,
            _("Okänd status ”%(value)s”: skriv planerat, pågår, genomfört eller avbrutet."),
            Commitment.Status.PLANNED,
        )
        starts_on = _date(row, "start") if row.get("start") else None
        ends_on = _date(row, "slut") if row.get("slut") else None
        if key and key not in existing and (source_year := earlier.get(_uuid(key))) is not None:
            starts_on = _years_later(starts_on, promise.start_year - source_year)
            ends_on = _years_later(ends_on, promise.start_year - source_year)
        target_value = _float(row, "målvärde")
        baseline_value = _float(row, "utgångsvärde")
        contact = None
        if row.get("kontaktperson"):
            contact = contacts.get(row.get("kontaktperson").casefold())
            if contact is None:
                row.error(
                    "kontaktperson",
                    _("Ingen i samverkan har e-postadressen ”%(value)s”.") % {"value": row.get("kontaktperson")},
                )
        area_list = _names(row, "områden", areas, _("Okänt område ”%(value)s”."))
        place_list = _names(row, "platser", places, _("Okänd plats ”%(value)s”."))
        if len(row.get("vad")) > 2000:
            row.error("vad", _("Texten är för lång (högst 2 000 tecken)."))
        if len(row.get("annan part")) > 200:
            row.error("annan part", _("Texten är för lång (högst 200 tecken)."))
        if len(row.get("mått")) > 60:
            row.error("mått", _("Texten är för lång (högst 60 tecken)."))
        fields = {
            "what_sv": row.get("vad"),
            "what_en": row.get("vad (engelska)"),
            "owner": owner,
            "partner_name": row.get("annan part"),
            "starts_on": starts_on,
            "ends_on": ends_on,
            "target_kind": target_kind,
            "target_value": target_value,
            "survey_item": row.get("mått"),
            "baseline_value": baseline_value,
            "status": status,
            "contact": contact,
        }
        if not row.errors:
            # The same rules as the drafting form (a partner named, a count above zero, dates in order).
            probe = Commitment(**{k: v for k, v in fields.items() if k != "contact"})
            try:
                _validate_commitment(probe, promise=promise)
            except ValidationError as error:
                names = {"starts_on": "start", "ends_on": "slut", "partner_name": "annan part",
                         "target_value": "målvärde", "survey_item": "mått",
                         "baseline_value": "utgångsvärde"}  # fmt: skip
                for name, messages in error.message_dict.items():
                    for message in messages:
                        row.error(names.get(name, "vad"), message)
        item = ImportRow(
            number=row.number,
            where=row.where,
            key=key,
            focus_title=focus_title,
            theme=str(theme or ""),
            parent_key=parent_key,
            fields=fields,
            areas=area_list,
            places=place_list,
            existing=existing.get(key),
        )
        if key:
            keys[key] = item
        result.errors.extend(row.errors)
        rows.append(item)
    if not rows and not result.errors:
        result.errors.append(RowError(where=_("filen"), column="", message=_("Filen har inga åtaganden.")))
    return rows, result


def import_commitments(*, promise: Promise, by: User, data: bytes, filename: str = "") -> ImportResult:
    """Store every row of the file as a commitment of the draft ``promise``, or nothing when any row is wrong.

    A row whose id is the id of one of this promise's commitments updates it; any other row is a new
    commitment (an id from another promise only links children to their parent within the file). A focus
    area named in the file that the promise lacks is added with the row's theme."""
    if promise.status != Promise.Status.DRAFT:
        result = ImportResult()
        result.errors.append(RowError(where="", column="", message=_("Åtaganden importeras bara till ett utkast.")))
        return result
    rows, result = validate(promise, data, filename)
    if result.errors:
        return result
    try:
        with transaction.atomic():
            _store(promise=promise, by=by, rows=rows, result=result)
    except ValidationError as error:
        # A rule only the database state could tell (a row changed by someone else meanwhile): nothing kept.
        result.errors.append(RowError(where=_("filen"), column="", message=" ".join(error.messages)))
        result.created = result.updated = result.focus_areas_created = 0
    return result


def _store(*, promise: Promise, by: User, rows: list[ImportRow], result: ImportResult) -> None:
    focus_areas = {f.title_sv.casefold(): f for f in promise.focus_areas.all()}
    stored: dict[str, Commitment] = {}
    for row in rows:
        focus = focus_areas.get(row.focus_title.casefold())
        if focus is None:
            focus = focus_area_add(promise=promise, by=by, theme=row.theme, title_sv=row.focus_title)
            focus_areas[row.focus_title.casefold()] = focus
            result.focus_areas_created += 1
        parent = stored.get(row.parent_key) if row.parent_key else None
        fields = dict(row.fields)
        if row.existing is not None and row.existing.focus_area_id == focus.pk:
            commitment = commitment_update(
                commitment=row.existing, by=by, areas=row.areas, places=row.places, parent=parent, **fields
            )
            result.updated += 1
        else:
            status = fields.pop("status")
            commitment = commitment_create(
                focus_area=focus, by=by, parent=parent, areas=row.areas, places=row.places, **fields
            )
            if status != commitment.status:
                commitment = commitment_update(commitment=commitment, by=by, status=status)
            result.created += 1
        if row.key:
            stored[row.key] = commitment
