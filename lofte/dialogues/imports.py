"""Import of dialogues from CSV and Excel files: upload, map columns, validate every row, store in bulk.

The wizard's steps and the `import_dialogues` command call these services and nothing else:
`dialogue_import_upload` (read and keep the file), `dialogue_import_preview` (first rows and the mapping),
`dialogue_import_set_mapping` (remember it for the next file with the same headers),
`dialogue_import_validate` (every row, errors by row and column) and `dialogue_import_run` (store).

Nothing is stored until the whole file is valid, unless the user asks for only the valid rows. Each row
gets an idempotency key from the campaign and the row's own normalised content (plus which occurrence of
identical content it is), not from its position: importing the same file again adds nothing, and a file
re-exported with new rows added adds only those rows. Rows are validated with the same `validate_answers`
and `clean_attributes` as every other way in, and their free text is redacted the same way as
`dialogue_record` does before `bulk_create` writes them in batches inside one transaction.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import re
import uuid
from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from lofte.core.audit import audit_log
from lofte.core.models import Membership, Place, User
from lofte.dialogues.answers import clean_attributes, load_questionnaire, validate_answers
from lofte.dialogues.models import AgeBand, Campaign, ColumnMapping, Dialogue, ImportBatch, Question
from lofte.dialogues.services import place_and_area, redact_answers
from lofte.lib.tabular import Table, TableError, column_letter, read_table

# Files with more rows than this are imported by the task worker while the page polls.
BACKGROUND_THRESHOLD = 2_000
BATCH_SIZE = 500
MAX_STORED_ERRORS = 500
IDEMPOTENCY_NAMESPACE = uuid.UUID("5b0f6a52-8d3e-4c1e-9a57-6f1f0c7e2d11")

# Targets a column can map to besides the questions ("q:<key>").
ATTRIBUTE_TARGETS: dict[str, Promise] = {
    "conducted_date": gettext_lazy("Datum för samtalet"),
    "conducted_time": gettext_lazy("Klockslag för samtalet"),
    "place": gettext_lazy("Plats för samtalet"),
    "age_band": gettext_lazy("Ålder"),
    "gender": gettext_lazy("Kön"),
    "relation": gettext_lazy("Relation till platsen"),
    "home_area": gettext_lazy("Bostadsområde"),
    "target_group": gettext_lazy("Målgrupp"),
    "interviewer": gettext_lazy("Intervjuare"),
}

# Header words municipalities use, normalised (lower case, letters and digits only).
HEADER_SYNONYMS: dict[str, set[str]] = {
    "conducted_date": {"datum", "date", "samtalsdatum", "dag", "tidpunkt", "datumochtid", "datumtid"},
    "conducted_time": {"klockslag", "klockan", "kl", "tid", "time", "tidpådygnet"},
    "place": {
        "plats",
        "samtalsplats",
        "platsförsamtalet",
        "platsfördialogen",
        "place",
        "location",
        "var",
        "dialogplats",
        "platsförsamtal",
    },
    "age_band": {"ålder", "åldersgrupp", "ålderskategori", "age", "ageband", "åldersintervall"},
    "gender": {"kön", "gender", "sex", "könsidentitet"},
    "relation": {"relation", "relationtillplatsen", "relationtillområdet", "koppling"},
    "home_area": {
        "bostadsområde",
        "hemområde",
        "borområde",
        "boendeområde",
        "homearea",
        "bostadsort",
        "borivilketområde",
    },
    "target_group": {"målgrupp", "grupp", "targetgroup"},
    "interviewer": {
        "intervjuare",
        "intervjuadav",
        "samtalsledare",
        "interviewer",
        "personal",
        "antecknatav",
        "registreradav",
        "dialogförare",
    },
}

GENDER_WORDS = {
    "woman": {"k", "kv", "kvinna", "kvinnor", "tjej", "flicka", "f", "female", "woman", "dam"},
    "man": {"m", "man", "män", "kille", "pojke", "male", "herre"},
    "other": {"annat", "annan", "icke-binär", "ickebinär", "other", "x"},
    "undisclosed": {"vill ej uppge", "vill inte uppge", "ej svar", "uppgift saknas", "-", "?", "vet ej"},
}
RELATION_WORDS = {
    "lives": {"bor", "boende", "bor här", "bor i området", "lives"},
    "works": {"arbetar", "jobbar", "arbetar här", "jobbar här", "works"},
    "studies": {"studerar", "pluggar", "elev", "studerar här", "går i skolan", "studies"},
    "visits": {"besöker", "besökare", "besöker platsen", "på besök", "visits"},
    "undisclosed": {"vill ej uppge", "vill inte uppge", "-", "?"},
}
TIME_WORDS = {
    "morning": {"morgon", "morgnar", "morgonen", "förmiddag", "förmiddagar", "tidig morgon", "fm"},
    "day": {"dag", "dagtid", "dagen", "dagar", "eftermiddag", "eftermiddagar", "em", "lunch"},
    "evening": {"kväll", "kvällar", "kvällen", "kvällstid", "på kvällen", "på kvällarna", "sen kväll"},
    "night": {"natt", "nätter", "natten", "nattetid", "på natten", "på nätterna", "sent"},
    "weekday": {"vardag", "vardagar", "veckodag", "veckodagar", "i veckan"},
    "weekend": {"helg", "helger", "helgen", "helgerna", "på helgen", "lördag", "söndag", "fredag"},
}
_WORD_TO_TIME = {word: value for value, words in TIME_WORDS.items() for word in words}
_AGE_BANDS = [
    (0, 15, "0-15"),
    (16, 19, "16-19"),
    (20, 29, "20-29"),
    (30, 44, "30-44"),
    (45, 64, "45-64"),
    (65, 79, "65-79"),
    (80, 200, "80-"),
]
_DATE_FORMATS = ["%Y-%m-%d", "%Y/%m/%d", "%d/%m/%Y", "%d.%m.%Y", "%d-%m-%Y", "%Y%m%d", "%d/%m/%y", "%d.%m.%y"]
_ISO_DATE_RE = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})")
_TIME_RE = re.compile(r"^(?:kl\.?\s*)?(\d{1,2})(?:[:.](\d{2}))?(?::(\d{2}))?$")


class ImportRefused(Exception):
    """The import was not run: the message says why (in Swedish). Nothing was stored."""


class ImportFileGone(ImportRefused):
    """The batch's uploaded file is no longer kept (culled after IMPORT_FILE_RETENTION_DAYS, or already
    imported): the user has to upload it again."""

    def __init__(self) -> None:
        super().__init__(_("Filen finns inte längre kvar. Ladda upp den igen."))


@dataclass
class RowError:
    row: int
    column: str
    message: str

    def as_dict(self) -> dict[str, Any]:
        return {"row": self.row, "column": self.column, "message": self.message}


@dataclass
class PreparedRow:
    number: int
    key: uuid.UUID
    answers: dict[str, Any]
    attributes: dict[str, Any]
    conducted_at: dt.datetime
    place: Place | None
    recorded_by: User | None


@dataclass
class Preview:
    headers: list[str]
    rows: list[list[str]]
    total_rows: int
    notices: list[str]
    mapping: dict[str, str]
    targets: list[tuple[str, str]]
    saved_mapping: bool


@dataclass
class Validation:
    rows: list[PreparedRow] = field(default_factory=list)
    errors: list[RowError] = field(default_factory=list)
    error_rows: int = 0
    notices: list[str] = field(default_factory=list)


@dataclass
class ImportResult:
    imported: int
    duplicates: int
    skipped_invalid: int


# Reading, mapping -------------------------------------------------------------------------------------


def normalise_header(header: str) -> str:
    return "".join(ch for ch in header.casefold() if ch.isalnum())


def header_signature(headers: Iterable[str]) -> str:
    """The same set of column names in any order gives the same signature."""
    return hashlib.sha256("\x1f".join(sorted(normalise_header(h) for h in headers)).encode()).hexdigest()


def mapping_targets(campaign: Campaign) -> list[tuple[str, str]]:
    """(target, label) choices for a column: every question of the campaign, then the respondent attributes."""
    targets = [(f"q:{q.key}", _("Fråga: %(text)s") % {"text": q.text_sv}) for q in campaign.questions.all()]
    targets += [(key, str(label)) for key, label in ATTRIBUTE_TARGETS.items()]
    return targets


def missing_required_questions(campaign: Campaign, mapping: Mapping[str, str]) -> list[Question]:
    """The campaign's required questions that no column of the file is mapped to: every row will lack them."""
    mapped = {target[2:] for target in mapping.values() if target and target.startswith("q:")}
    return [q for q in campaign.questions.all() if q.required and q.key not in mapped]


def missing_required_notice(questions: list[Question]) -> str:
    names = ", ".join(f"”{q.text_sv}”" for q in questions)
    return ngettext(
        "Den obligatoriska frågan %(questions)s har ingen kolumn i filen, så varje rad saknar svar på den. "
        "Koppla en kolumn till frågan, eller gör frågan frivillig i enkäten.",
        "De obligatoriska frågorna %(questions)s har ingen kolumn i filen, så varje rad saknar svar på dem. "
        "Koppla en kolumn till varje fråga, eller gör frågorna frivilliga i enkäten.",
        len(questions),
    ) % {"questions": names}


def auto_mapping(campaign: Campaign, headers: list[str]) -> dict[str, str]:
    """A first guess from the column names: question keys and wording, and the usual attribute names."""
    known: dict[str, str] = {}
    for question in campaign.questions.all():
        for name in (question.key, question.text_sv, question.text_en):
            if name:
                known.setdefault(normalise_header(name), f"q:{question.key}")
    for target, words in HEADER_SYNONYMS.items():
        for word in words:
            known.setdefault(word, target)
    for target, label in ATTRIBUTE_TARGETS.items():
        known.setdefault(normalise_header(str(label)), target)
    mapping: dict[str, str] = {}
    used: set[str] = set()
    for header in headers:
        target = known.get(normalise_header(header), "")
        if target and target not in used:
            mapping[header] = target
            used.add(target)
        else:
            mapping[header] = ""
    return mapping


def saved_mapping(campaign: Campaign, headers: list[str]) -> dict[str, str] | None:
    saved = ColumnMapping.objects.filter(
        partnership_id=campaign.partnership_id, signature=header_signature(headers)
    ).first()
    if saved is None:
        return None
    valid = {target for target, _label in mapping_targets(campaign)}
    by_norm = {normalise_header(h): t for h, t in saved.mapping.items()}
    return {h: (t if (t := by_norm.get(normalise_header(h), "")) in valid else "") for h in headers}


def read_batch_table(batch: ImportBatch) -> Table:
    """The batch's table; ImportFileGone once its file has been culled."""
    if not batch.file:
        raise ImportFileGone
    try:
        with batch.file.open("rb") as handle:
            data = handle.read()
    except FileNotFoundError as error:
        raise ImportFileGone from error
    return read_table(data, batch.filename)


# Services ---------------------------------------------------------------------------------------------


@transaction.atomic
def dialogue_import_upload(*, campaign: Campaign, by: User | None, filename: str, data: bytes) -> ImportBatch:
    """Read the file (TableError if it is not a readable table: nothing is kept) and keep it for the wizard.
    The mapping starts from the one saved for files with the same headers, else from a guess."""
    table = read_table(data, filename)
    sha256 = hashlib.sha256(data).hexdigest()
    mapping = saved_mapping(campaign, table.headers) or auto_mapping(campaign, table.headers)
    notices = [str(n) for n in table.notices]
    earlier = ImportBatch.objects.filter(campaign=campaign, sha256=sha256, status=ImportBatch.Status.DONE).first()
    if earlier is not None:
        notices.append(
            _("Samma fil importerades redan %(date)s. Rader som redan finns hoppas över, inget dubbleras.")
            % {"date": timezone.localtime(earlier.finished_at or earlier.created_at).strftime("%Y-%m-%d %H:%M")}
        )
    batch = ImportBatch(
        campaign=campaign,
        filename=filename[:255] or "fil",
        sha256=sha256,
        headers=table.headers,
        mapping=mapping,
        notices=notices,
        total_rows=len(table.rows),
        created_by=by if by is not None and by.is_authenticated else None,
    )
    batch.file.save(f"{sha256[:16]}.{table.kind}", ContentFile(data), save=False)
    batch.save()
    audit_log(
        actor=by,
        action="dialogue_import.upload",
        target=batch,
        organisation=campaign.partnership.municipality,
        changes={"filename": batch.filename, "sha256": sha256, "rows": batch.total_rows},
    )
    return batch


def dialogue_import_preview(*, batch: ImportBatch, limit: int = 10) -> Preview:
    table = read_batch_table(batch)
    saved = ColumnMapping.objects.filter(
        partnership_id=batch.campaign.partnership_id, signature=header_signature(table.headers)
    ).exists()
    return Preview(
        headers=table.headers,
        rows=[row.values for row in table.rows[:limit]],
        total_rows=len(table.rows),
        notices=list(batch.notices),
        mapping={h: batch.mapping.get(h, "") for h in table.headers},
        targets=mapping_targets(batch.campaign),
        saved_mapping=saved,
    )


@transaction.atomic
def dialogue_import_set_mapping(*, batch: ImportBatch, by: User | None, mapping: Mapping[str, str]) -> ImportBatch:
    """Check and keep the column mapping; remember it for the next file with the same headers."""
    campaign = batch.campaign
    valid = {target for target, _label in mapping_targets(campaign)}
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, str] = {}
    seen: dict[str, str] = {}
    for header in batch.headers:
        target = (mapping.get(header) or "").strip()
        if target and target not in valid:
            errors[header] = [_("Okänt val för kolumnen ”%(column)s”.") % {"column": header}]
            continue
        if target and target in seen:
            errors[header] = [
                _("Kolumnerna ”%(first)s” och ”%(second)s” är kopplade till samma sak. Välj bara en.")
                % {"first": seen[target], "second": header}
            ]
            continue
        if target:
            seen[target] = header
        cleaned[header] = target
    if not errors and not any(t.startswith("q:") for t in cleaned.values()):
        errors["__all__"] = [_("Koppla minst en kolumn till en fråga i enkäten.")]
    if errors:
        raise ValidationError(errors)
    batch.mapping = cleaned
    batch.save(update_fields=["mapping"])
    ColumnMapping.objects.update_or_create(
        partnership_id=campaign.partnership_id,
        signature=header_signature(batch.headers),
        defaults={
            "campaign": campaign,
            "headers": batch.headers,
            "mapping": cleaned,
            "updated_by": by if by is not None and by.is_authenticated else None,
        },
    )
    return batch


def dialogue_import_validate(*, batch: ImportBatch) -> Validation:
    """Validate every row with the saved mapping and keep the counts and errors on the batch."""
    table = read_batch_table(batch)
    validation = validate_table(campaign=batch.campaign, table=table, mapping=batch.mapping)
    batch.total_rows = len(table.rows)
    batch.valid_rows = len(validation.rows)
    batch.error_rows = validation.error_rows
    batch.errors = [e.as_dict() for e in validation.errors[:MAX_STORED_ERRORS]]
    batch.notices = _merge(batch.notices, validation.notices)
    batch.status = ImportBatch.Status.VALIDATED
    batch.save(update_fields=["total_rows", "valid_rows", "error_rows", "errors", "notices", "status"])
    return validation


def dialogue_import_run(*, campaign: Campaign, by: User | None, batch: ImportBatch, only_valid: bool) -> ImportResult:
    """Store the batch's rows. With errors and not ``only_valid`` nothing is stored (ImportRefused).
    Rows already imported into the campaign (same content) are skipped."""
    if batch.campaign_id != campaign.pk:
        raise ValueError("the batch belongs to another campaign")
    if batch.status == ImportBatch.Status.DONE:
        return ImportResult(imported=0, duplicates=batch.duplicate_rows, skipped_invalid=0)
    try:
        validation = dialogue_import_validate(batch=batch)
    except ImportFileGone as error:
        dialogue_import_fail(batch=batch, message=str(error))
        raise
    except TableError as error:
        dialogue_import_fail(batch=batch, message=str(error.message))
        raise ImportRefused(str(error.message)) from error
    if validation.error_rows and not only_valid:
        batch.status = ImportBatch.Status.VALIDATED
        batch.save(update_fields=["status"])
        raise ImportRefused(
            ngettext(
                "Filen har fel på %(count)s rad. Inget har sparats. Rätta filen och ladda upp den igen, "
                "eller välj att importera bara de giltiga raderna.",
                "Filen har fel på %(count)s rader. Inget har sparats. Rätta filen och ladda upp den igen, "
                "eller välj att importera bara de giltiga raderna.",
                validation.error_rows,
            )
            % {"count": validation.error_rows}
        )
    if not validation.rows:
        dialogue_import_fail(batch=batch, message=_("Filen har inga giltiga rader att importera."))
        raise ImportRefused(_("Filen har inga giltiga rader att importera."))
    with transaction.atomic():
        imported, duplicates = _store(campaign, validation.rows)
        batch.imported_rows = imported
        batch.duplicate_rows = duplicates
        batch.only_valid = only_valid
        batch.status = ImportBatch.Status.DONE
        batch.finished_at = timezone.now()
        batch.save(update_fields=["imported_rows", "duplicate_rows", "only_valid", "status", "finished_at"])
        audit_log(
            actor=by,
            action="dialogue.import",
            target=batch,
            organisation=campaign.partnership.municipality,
            changes={
                "imported": imported,
                "duplicates": duplicates,
                "skipped_invalid": validation.error_rows,
                "sha256": batch.sha256,
            },
        )
    # The file holds residents' words before redaction: once stored, it is not kept.
    if batch.file:
        batch.file.delete(save=True)
    return ImportResult(imported=imported, duplicates=duplicates, skipped_invalid=validation.error_rows)


def dialogue_import_mark_queued(*, batch: ImportBatch, only_valid: bool) -> ImportBatch:
    batch.status = ImportBatch.Status.QUEUED
    batch.only_valid = only_valid
    batch.save(update_fields=["status", "only_valid"])
    return batch


def dialogue_import_fail(*, batch: ImportBatch, message: str) -> None:
    """Record that the import stopped, and why, so the waiting page can say so."""
    batch.status = ImportBatch.Status.FAILED
    batch.notices = _merge(batch.notices, [message])
    batch.finished_at = timezone.now()
    batch.save(update_fields=["status", "notices", "finished_at"])


def _merge(existing: list[str], new: Iterable[str]) -> list[str]:
    merged = list(existing)
    for item in new:
        if item not in merged:
            merged.append(item)
    return merged


def _store(campaign: Campaign, rows: list[PreparedRow]) -> tuple[int, int]:
    existing: set[uuid.UUID] = set()
    keys = [row.key for row in rows]
    for start in range(0, len(keys), BATCH_SIZE):
        existing.update(
            Dialogue.objects.filter(
                campaign=campaign, idempotency_key__in=keys[start : start + BATCH_SIZE]
            ).values_list("idempotency_key", flat=True)
        )
    spec = load_questionnaire(campaign)
    new_rows = [row for row in rows if row.key not in existing]
    now = timezone.now()
    objects = []
    for row in new_rows:
        stored, free_text = redact_answers(row.answers, spec)
        place, area = place_and_area(stored, spec, row.place)
        objects.append(
            Dialogue(
                campaign=campaign,
                idempotency_key=row.key,
                channel=Dialogue.Channel.IMPORT,
                conducted_at=row.conducted_at,
                recorded_by=row.recorded_by,
                place=place,
                area=area,
                answers=stored,
                free_text=free_text,
                created_at=now,
                updated_at=now,
                **row.attributes,
            )
        )
    for start in range(0, len(objects), BATCH_SIZE):
        # ignore_conflicts: a concurrent import of the same rows is decided by the unique constraint.
        Dialogue.objects.bulk_create(objects[start : start + BATCH_SIZE], ignore_conflicts=True)
    return len(objects), len(rows) - len(new_rows)


# Row validation --------------------------------------------------------------------------------------


def validate_table(*, campaign: Campaign, table: Table, mapping: Mapping[str, str]) -> Validation:
    """Every row checked against the campaign's questionnaire: prepared rows and errors by row and column."""
    spec = load_questionnaire(campaign)
    validation = Validation()
    column_of: dict[str, int] = {}
    header_of: dict[str, str] = {}
    for index, header in enumerate(table.headers):
        target = mapping.get(header, "")
        if target:
            column_of[target] = index
            header_of[target] = header
    questions = spec.by_key

    def unmapped_column(target: str) -> str:
        question = questions.get(target[2:]) if target.startswith("q:") else None
        if question is not None:
            return _("ingen kolumn för frågan ”%(question)s”") % {"question": question.text_sv}
        label = ATTRIBUTE_TARGETS.get(target)
        return _("ingen kolumn för %(what)s") % {"what": label} if label is not None else ""

    interviewers = _interviewer_index(campaign) if "interviewer" in column_of else {}
    default_time = None
    if "conducted_date" not in column_of:
        default_time = timezone.make_aware(dt.datetime.combine(campaign.starts_on, dt.time(12, 0)))
        validation.notices.append(
            _("Filen har ingen kolumn för datum: samtalen får omgångens startdatum %(date)s.")
            % {"date": campaign.starts_on.isoformat()}
        )
    occurrences: Counter[str] = Counter()
    normalised_headers = [normalise_header(h) for h in table.headers]
    unknown_interviewers = 0
    attribute_results: dict[tuple[str, ...], dict[str, Any] | ValidationError] = {}
    for row in table.rows:
        errors: list[RowError] = [RowError(row.number, "", str(p)) for p in row.problems]

        def cell(target: str, values: list[str] = row.values) -> str:
            index = column_of.get(target)
            return values[index] if index is not None else ""

        def column(target: str) -> str:
            index = column_of.get(target)
            if index is None:
                return unmapped_column(target)
            return f"{header_of[target]} ({column_letter(index)})"

        raw_answers: dict[str, Any] = {}
        for target in column_of:
            if target.startswith("q:"):
                key = target[2:]
                value = cell(target)
                question = questions.get(key)
                if question is not None and question.kind == Question.Kind.TIME:
                    value = _normalise_time_answer(value)
                raw_answers[key] = value
        answers: dict[str, Any] = {}
        try:
            answers = validate_answers(campaign, raw_answers, spec=spec)
        except ValidationError as error:
            for key, messages in error.message_dict.items():
                errors += [RowError(row.number, column(f"q:{key}"), m) for m in messages]
        raw_attributes = {
            "age_band": _normalise_age(cell("age_band")),
            "gender": _normalise_word(cell("gender"), GENDER_WORDS),
            "relation": _normalise_word(cell("relation"), RELATION_WORDS),
            "home_area": cell("home_area"),
            "target_group": cell("target_group"),
        }
        # Attribute values repeat from row to row (a handful of ages, genders, areas): check each once.
        attributes_key = tuple(raw_attributes.values())
        if attributes_key not in attribute_results:
            try:
                attribute_results[attributes_key] = clean_attributes(campaign, raw_attributes, spec=spec)
            except ValidationError as error:
                attribute_results[attributes_key] = error
        attributes: dict[str, Any] = {}
        result = attribute_results[attributes_key]
        if isinstance(result, ValidationError):
            for name, messages in result.message_dict.items():
                errors += [RowError(row.number, column(name), m) for m in messages]
        else:
            attributes = dict(result)
        conducted_at = default_time
        if default_time is None:
            try:
                conducted_at = _parse_when(cell("conducted_date"), cell("conducted_time"))
            except ValueError as error:
                target = "conducted_time" if str(error) == "time" else "conducted_date"
                errors.append(RowError(row.number, column(target), _message_for_when(str(error))))
        place = None
        if cell("place"):
            place = spec.place_names.get(cell("place").strip().lower())
            if place is None:
                errors.append(
                    RowError(
                        row.number,
                        column("place"),
                        _(
                            "Platsen ”%(value)s” finns inte bland kommunens platser. Lägg till den under "
                            "Administration eller skriv platsens namn som det står där."
                        )
                        % {"value": cell("place")},
                    )
                )
        recorded_by = None
        if cell("interviewer"):
            recorded_by = interviewers.get(cell("interviewer").strip().casefold())
            if recorded_by is None:
                unknown_interviewers += 1
        if errors:
            validation.error_rows += 1
            validation.errors += errors
            continue
        digest = _row_digest(normalised_headers, row.values)
        occurrences[digest] += 1
        row_key = uuid.uuid5(IDEMPOTENCY_NAMESPACE, f"{campaign.pk}:{digest}:{occurrences[digest]}")
        validation.rows.append(
            PreparedRow(
                number=row.number,
                key=row_key,
                answers=answers,
                attributes=attributes,
                conducted_at=conducted_at,  # type: ignore[arg-type]
                place=place,
                recorded_by=recorded_by,
            )
        )
    if unknown_interviewers:
        validation.notices.append(
            _("%(count)s rader har en intervjuare som inte är personal i samverkan. Namnen sparas inte.")
            % {"count": unknown_interviewers}
        )
    return validation


def _row_digest(normalised_headers: list[str], values: list[str]) -> str:
    """The row's content, independent of column order, case and spacing: the base of its idempotency key."""
    content = "\x1e".join(
        sorted(
            f"{header}\x1f{' '.join(value.casefold().split())}"
            for header, value in zip(normalised_headers, values, strict=True)
        )
    )
    return hashlib.sha256(content.encode()).hexdigest()


def _interviewer_index(campaign: Campaign) -> dict[str, User]:
    """Staff of the partnership by full name, user name and e-mail; a name two people share matches no one."""
    index: dict[str, User | None] = {}
    memberships = Membership.objects.filter(organisation_id__in=campaign.partnership.organisation_ids()).select_related(
        "user"
    )
    for membership in memberships:
        user = membership.user
        names = {user.get_full_name(), user.username, user.email, user.email.split("@")[0]}
        for name in {n.strip().casefold() for n in names if n and n.strip()}:
            if name in index and index[name] is not None and index[name] != user:
                index[name] = None
            else:
                index.setdefault(name, user)
    return {name: user for name, user in index.items() if user is not None}


def _normalise_word(value: str, words: dict[str, set[str]]) -> str:
    wanted = " ".join(value.strip().casefold().split())
    for code, options in words.items():
        if wanted in options:
            return code
    return value


def _normalise_age(value: str) -> str:
    text = value.strip().casefold().replace("år", "").replace("–", "-").replace("—", "-").strip()
    if not text:
        return ""
    if text.isdigit():
        age = int(text)
        for low, high, code in _AGE_BANDS:
            if low <= age <= high:
                return code
        return value
    match = re.fullmatch(r"(\d{1,3})\s*-\s*(\d{1,3})", text)
    if match:
        low, high = int(match.group(1)), int(match.group(2))
        for band_low, band_high, code in _AGE_BANDS:
            if band_low <= low and high <= band_high:
                return code
        return value
    if re.fullmatch(r"(80\s*\+|80\s*-|över 80|80 eller äldre)", text):
        return AgeBand.AGE_80.value
    if re.fullmatch(r"(under 16|-15|0-15|yngre än 16)", text):
        return AgeBand.UNDER_16.value
    return _normalise_word(value, {"undisclosed": GENDER_WORDS["undisclosed"]})


def _normalise_time_answer(value: str) -> str:
    """ "Kvällar och helger" → "evening;weekend": the ways people write times of day, as the question's codes."""
    if not value.strip():
        return value
    parts = [p for p in re.split(r"\s*(?:[;,|/\n+&]|\boch\b)\s*", value.strip().casefold()) if p]
    codes = []
    for part in parts:
        code = _WORD_TO_TIME.get(" ".join(part.split()))
        if code is None:
            return value  # let validate_answers explain what is not an option
        codes.append(code)
    return ";".join(codes)


def _parse_when(date_text: str, time_text: str) -> dt.datetime:
    date_text, time_text = date_text.strip(), time_text.strip()
    if not date_text:
        raise ValueError("missing")
    day: dt.date | None = None
    clock: dt.time | None = None
    if re.fullmatch(r"\d{5}(\.\d+)?", date_text) and 20000 <= float(date_text) <= 80000:
        # An Excel serial day number, as a CSV saved from Excel sometimes holds.
        moment = dt.datetime(1899, 12, 30) + dt.timedelta(days=float(date_text))  # noqa: DTZ001 - made aware below
        day, clock = moment.date(), (moment.time() if moment.time() != dt.time(0) else None)
    else:
        date_part, _sep, rest = date_text.replace("T", " ").partition(" ")
        iso = _ISO_DATE_RE.fullmatch(date_part)
        if iso:
            try:
                day = dt.date(int(iso.group(1)), int(iso.group(2)), int(iso.group(3)))
            except ValueError:
                raise ValueError("date") from None
        for fmt in _DATE_FORMATS if day is None else ():
            try:
                day = dt.datetime.strptime(date_part, fmt).date()  # noqa: DTZ007 - a date only, made aware below
                break
            except ValueError:
                continue
        if day is None:
            raise ValueError("date")
        if rest.strip():
            clock = _parse_clock(rest.strip())
    if time_text:
        clock = _parse_clock(time_text)
    moment = dt.datetime.combine(day, clock or dt.time(12, 0))
    return timezone.make_aware(moment)


def _parse_clock(text: str) -> dt.time:
    text = text.strip().casefold()
    if re.fullmatch(r"\d{4}", text):
        text = f"{text[:2]}:{text[2:]}"
    match = _TIME_RE.fullmatch(text)
    if not match:
        raise ValueError("time")
    hour, minute, second = int(match.group(1)), int(match.group(2) or 0), int(match.group(3) or 0)
    if hour > 23 or minute > 59 or second > 59:
        raise ValueError("time")
    return dt.time(hour, minute, second)


def _message_for_when(problem: str) -> str:
    if problem == "missing":
        return _("Datum saknas.")
    if problem == "time":
        return _("Klockslaget går inte att läsa. Skriv till exempel 18:30.")
    return _("Datumet går inte att läsa. Skriv till exempel 2020-05-14.")


IMPORT_FILE_RETENTION_DAYS = 7


@transaction.atomic
def import_files_cull(*, older_than_days: int = IMPORT_FILE_RETENTION_DAYS) -> int:
    """Gallring: uploaded files of imports that were never finished hold unredacted answers; delete them
    after ``older_than_days``. The batch and its counts stay, so the history of the import is kept."""
    cutoff = timezone.now() - dt.timedelta(days=older_than_days)
    stale = ImportBatch.objects.filter(created_at__lt=cutoff).exclude(file="").select_related("campaign__partnership")
    culled = 0
    for batch in stale:
        batch.file.delete(save=False)
        batch.file = ""
        batch.save(update_fields=["file"])
        audit_log(
            actor=None, action="import.file_cull", target=batch, organisation=batch.campaign.partnership.municipality
        )
        culled += 1
    return culled
