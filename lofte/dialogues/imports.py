"""Import of dialogues from CSV and Excel files: upload, choose sheet and header row, map columns, validate
every row, store in bulk, and undo.

The wizard's steps and the `import_dialogues` command call these services and nothing else:
`dialogue_import_upload` (read and keep the file; a large file is kept by `dialogue_import_receive` and read
by the task worker with `dialogue_import_read`), `dialogue_import_set_layout` (another sheet or header row),
`dialogue_import_set_mapping` (the columns and which to fill down), `dialogue_import_validate` (every row,
errors by row and column), `dialogue_import_run` (store; only then is the mapping remembered for the next
file with the same headers) and `dialogue_import_undo` (remove what an import stored).
`dialogue_import_check` reads, maps and validates in the same way and writes nothing (--dry-run).

Nothing is stored until the whole file is valid, unless the user asks for only the valid rows. Each row
gets an idempotency key from the campaign and the row's own normalised content (plus which occurrence of
identical content it is), not from its position: importing the same file again adds nothing, and a file
re-exported with new rows added adds only those rows. So the same file with another mapping would add
nothing either: it replaces the earlier import instead, when the user asks. Free text is redacted the same
way as `dialogue_record` does before `bulk_create` writes the rows in batches inside one transaction.
"""

from __future__ import annotations

import hashlib
import uuid
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from lofte.core.audit import audit_log
from lofte.core.models import User
from lofte.dialogues.answers import load_questionnaire
from lofte.dialogues.import_rows import (
    ATTRIBUTE_TARGETS,
    PreparedRow,
    RowError,
    Validation,
    auto_mapping,
    clean_mapping,
    header_signature,
    mapping_targets,
    missing_required_notice,
    missing_required_questions,
    normalise_header,
    saved_mapping,
    validate_table,
)
from lofte.dialogues.models import Campaign, ColumnMapping, Dialogue, ImportBatch
from lofte.dialogues.selectors import corrected_dialogues, uncorrected_dialogues
from lofte.dialogues.services import place_and_area, redact_answers
from lofte.lib.tabular import MAX_FILE_BYTES, Table, TableError, fill_down, megabytes, read_table, sniff_kind

__all__ = [
    "ATTRIBUTE_TARGETS",
    "RowError",
    "auto_mapping",
    "missing_required_notice",
    "missing_required_questions",
    "normalise_header",
    "saved_mapping",
]

# Files with more rows than this are imported by the task worker while the page polls.
BACKGROUND_THRESHOLD = 2_000
# Files larger than this are read and checked by the task worker too: never parsed in a request.
BACKGROUND_BYTES = 1024 * 1024
BATCH_SIZE = 500
MAX_STORED_ERRORS = 500
PREVIEW_ROWS = 10


class ImportRefused(Exception):
    """The import was not run: the message says why (in Swedish). Nothing was stored."""


class ImportFileGone(ImportRefused):
    """The batch's uploaded file is no longer kept (culled after the retention
    schedule's import_file_days, or already imported): the user has to upload it again."""

    def __init__(self) -> None:
        super().__init__(_("Filen finns inte längre kvar. Ladda upp den igen."))


@dataclass
class Preview:
    headers: list[str]
    rows: list[list[str]]
    row_numbers: list[int]  # as the user sees them (Table.where)
    total_rows: int
    notices: list[str]
    mapping: dict[str, str]
    targets: list[tuple[str, str]]
    saved_mapping: bool
    fill_down: list[str]


@dataclass
class ImportResult:
    imported: int
    duplicates: int
    skipped_invalid: int


@dataclass
class Check:
    """What a dry run found: the table, the mapping used and every row's validation."""

    table: Table
    mapping: dict[str, str]
    validation: Validation


# Reading ---------------------------------------------------------------------------------------------


def _read_file(batch: ImportBatch, *, sheet: str, header_row: int | None) -> Table:
    if not batch.file:
        raise ImportFileGone
    try:
        with batch.file.open("rb") as handle:
            data = handle.read()
    except FileNotFoundError as error:
        raise ImportFileGone from error
    return read_table(data, batch.filename, sheet=sheet, header_row=header_row)


def read_batch_table(batch: ImportBatch) -> Table:
    """The batch's table as its sheet, header row and fill-down columns say; ImportFileGone once culled."""
    table = _read_file(batch, sheet=batch.sheet, header_row=batch.header_row)
    fill_down(table, [i for i, header in enumerate(table.headers) if header in batch.fill_down])
    return table


def _earlier_imports(batch: ImportBatch) -> QuerySet[ImportBatch]:
    return ImportBatch.objects.filter(
        campaign_id=batch.campaign_id, sha256=batch.sha256, status=ImportBatch.Status.DONE
    ).exclude(pk=batch.pk)


def earlier_import(batch: ImportBatch) -> ImportBatch | None:
    """An import of the same file (same content) into the same campaign that is still in place: the latest
    that stored rows, since a repeat of the file stores none (its rows are already there)."""
    earlier = _earlier_imports(batch).order_by("-finished_at", "-pk")
    return earlier.filter(imported_rows__gt=0).first() or earlier.first()


def in_background(batch: ImportBatch, *, rows: int = BACKGROUND_THRESHOLD, size: int = BACKGROUND_BYTES) -> bool:
    """Whether the batch's file is worked on by the task worker rather than in the request."""
    return batch.size > size or batch.total_rows > rows


def _apply_table(batch: ImportBatch, table: Table) -> None:
    """The batch as the table was read: layout, headers, first rows, a mapping to start from, notices."""
    campaign = batch.campaign
    batch.sheet, batch.sheets, batch.header_row = table.sheet, table.sheets, table.header_row
    batch.headers = table.headers
    batch.preview = [{"row": row.number, "values": row.values} for row in table.rows[:PREVIEW_ROWS]]
    batch.total_rows = len(table.rows)
    batch.mapping = saved_mapping(campaign, table.headers) or auto_mapping(campaign, table.headers)
    batch.fill_down = [h for h in batch.fill_down if h in table.headers]
    notices = [str(n) for n in table.notices]
    earlier = earlier_import(batch)
    if earlier is not None:
        notices.append(
            _(
                "Samma fil importerades redan %(date)s. Rader som redan finns hoppas över, inget dubbleras. Hade "
                "den importen fel koppling kan du ersätta den när du importerar."
            )
            % {"date": timezone.localtime(earlier.finished_at or earlier.created_at).strftime("%Y-%m-%d %H:%M")}
        )
    batch.notices = notices
    batch.errors, batch.valid_rows, batch.error_rows = [], 0, 0
    batch.status = ImportBatch.Status.UPLOADED


def _new_batch(campaign: Campaign, by: User | None, filename: str, data: bytes) -> ImportBatch:
    return ImportBatch(
        campaign=campaign,
        filename=filename[:255] or "fil",
        sha256=hashlib.sha256(data).hexdigest(),
        size=len(data),
        created_by=by if by is not None and by.is_authenticated else None,
    )


def _keep(batch: ImportBatch, by: User | None, data: bytes, kind: str) -> None:
    batch.file.save(f"{batch.sha256[:16]}.{kind}", ContentFile(data), save=False)
    batch.save()
    audit_log(
        actor=by,
        action="dialogue_import.upload",
        target=batch,
        organisation=batch.campaign.partnership.municipality,
        changes={"filename": batch.filename, "sha256": batch.sha256, "rows": batch.total_rows},
    )


# Services ---------------------------------------------------------------------------------------------


@transaction.atomic
def dialogue_import_upload(
    *, campaign: Campaign, by: User | None, filename: str, data: bytes, sheet: str = "", header_row: int | None = None
) -> ImportBatch:
    """Read the file (TableError if it is not a readable table: nothing is kept) and keep it for the wizard.
    The mapping starts from the one saved for files with the same headers, else from a guess."""
    table = read_table(data, filename, sheet=sheet, header_row=header_row)
    batch = _new_batch(campaign, by, filename, data)
    _apply_table(batch, table)
    _keep(batch, by, data, table.kind)
    return batch


@transaction.atomic
def dialogue_import_receive(*, campaign: Campaign, by: User | None, filename: str, data: bytes) -> ImportBatch:
    """Keep a large file unread (status "reading") for the task worker's `dialogue_import_read`; only what
    costs nothing is checked here (its size and what kind of file it is)."""
    if len(data) > MAX_FILE_BYTES:
        raise TableError(
            _("Filen är för stor (%(size)s MB). Största tillåtna storlek är %(max)s MB.")
            % {"size": megabytes(len(data)), "max": MAX_FILE_BYTES // 1024 // 1024}
        )
    kind = sniff_kind(data)
    batch = _new_batch(campaign, by, filename, data)
    batch.status = ImportBatch.Status.READING
    _keep(batch, by, data, kind)
    return batch


def dialogue_import_read(*, batch: ImportBatch) -> ImportBatch:
    """Read a kept file with the batch's sheet and header row (the task worker, for large files). A file
    that cannot be read fails the batch with the reason, for the waiting page."""
    try:
        table = _read_file(batch, sheet=batch.sheet, header_row=batch.header_row)
    except TableError as error:
        dialogue_import_fail(batch=batch, message=str(error.message))
        return batch
    _apply_table(batch, table)
    batch.save()
    return batch


def dialogue_import_set_layout(*, batch: ImportBatch, sheet: str, header_row: int | None) -> ImportBatch:
    """Read the file again from another sheet or header row (None: find it). TableError leaves the batch as
    it was. The mapping starts again from the new headers."""
    table = _read_file(batch, sheet=sheet, header_row=header_row)
    _apply_table(batch, table)
    batch.save()
    return batch


def dialogue_import_queue_layout(*, batch: ImportBatch, sheet: str, header_row: int | None) -> ImportBatch:
    """As `dialogue_import_set_layout`, for the task worker: the batch waits in "reading"."""
    batch.sheet, batch.header_row, batch.status = sheet, header_row, ImportBatch.Status.READING
    batch.save(update_fields=["sheet", "header_row", "status"])
    return batch


def dialogue_import_preview(*, batch: ImportBatch) -> Preview:
    """What the mapping step shows, from what was kept when the file was read: no file is parsed."""
    if not batch.file:
        raise ImportFileGone
    saved = ColumnMapping.objects.filter(
        partnership_id=batch.campaign.partnership_id, signature=header_signature(batch.headers)
    ).exists()
    return Preview(
        headers=list(batch.headers),
        rows=[row["values"] for row in batch.preview],
        row_numbers=[row["row"] for row in batch.preview],
        total_rows=batch.total_rows,
        notices=list(batch.notices),
        mapping={h: batch.mapping.get(h, "") for h in batch.headers},
        targets=mapping_targets(batch.campaign),
        saved_mapping=saved,
        fill_down=list(batch.fill_down),
    )


@transaction.atomic
def dialogue_import_set_mapping(
    *, batch: ImportBatch, by: User | None, mapping: Mapping[str, str], fill_down: Iterable[str] = ()
) -> ImportBatch:
    """Check and keep the column mapping and the columns to fill down. Remembered for the next file with the
    same headers only when the import is run: a mapping tried and left is not a mapping used."""
    batch.mapping = clean_mapping(batch.campaign, batch.headers, mapping)
    wanted = set(fill_down)
    batch.fill_down = [h for h in batch.headers if h in wanted]
    batch.save(update_fields=["mapping", "fill_down"])
    return batch


def dialogue_import_validate(*, batch: ImportBatch) -> Validation:
    """Validate every row with the batch's mapping and keep the counts and errors on the batch."""
    table = read_batch_table(batch)
    validation = validate_table(campaign=batch.campaign, table=table, mapping=batch.mapping)
    batch.total_rows = len(table.rows)
    batch.valid_rows = len(validation.rows)
    batch.error_rows = validation.error_rows
    batch.errors = [e.as_dict() for e in validation.errors[:MAX_STORED_ERRORS]]
    batch.notices = _merge(batch.notices, validation.notices)
    if batch.status != ImportBatch.Status.RUNNING:
        # A run validates first and stays "running" until it has stored the rows (the waiting page, and a run a
        # killed worker left, which is resumed as running: lofte/core/recovery.py).
        batch.status = ImportBatch.Status.VALIDATED
    batch.save(update_fields=["total_rows", "valid_rows", "error_rows", "errors", "notices", "status"])
    return validation


def dialogue_import_mark_checking(*, batch: ImportBatch) -> ImportBatch:
    batch.status = ImportBatch.Status.CHECKING
    batch.save(update_fields=["status"])
    return batch


def dialogue_import_check(
    *,
    campaign: Campaign,
    data: bytes,
    filename: str = "",
    sheet: str = "",
    header_row: int | None = None,
    mapping: Mapping[str, str] | None = None,
    use_saved: bool = True,
    fill_down_columns: Iterable[str] = (),
) -> Check:
    """Read, map and validate a file as an import would, and write nothing at all: not the file, not a batch,
    not the mapping, not the audit log. ``mapping`` None: the saved one for these headers (``use_saved``),
    else a guess from the headers."""
    table = read_table(data, filename, sheet=sheet, header_row=header_row)
    chosen = mapping if mapping is not None else saved_mapping(campaign, table.headers) if use_saved else None
    cleaned = clean_mapping(campaign, table.headers, chosen or auto_mapping(campaign, table.headers))
    wanted = set(fill_down_columns)
    fill_down(table, [i for i, header in enumerate(table.headers) if header in wanted])
    validation = validate_table(campaign=campaign, table=table, mapping=cleaned)
    return Check(table=table, mapping=cleaned, validation=validation)


def dialogue_import_run(
    *, campaign: Campaign, by: User | None, batch: ImportBatch, only_valid: bool, replace: ImportBatch | None = None
) -> ImportResult:
    """Store the batch's rows. With errors and not ``only_valid`` nothing is stored (ImportRefused).
    Rows already imported into the campaign (same content) are skipped, except those of ``replace``: an
    earlier import of the same file, undone in the same transaction. Only now is the mapping remembered for
    the next file with the same headers."""
    if batch.campaign_id != campaign.pk:
        raise ValueError("the batch belongs to another campaign")
    if replace is not None and (replace.campaign_id != campaign.pk or replace.sha256 != batch.sha256):
        raise ValueError("only an import of the same file into the same campaign can be replaced")
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
        if replace is not None:
            # Every import of this file still in place: the rows of the file may be spread over several
            # (a repeat stores none, an import of only the valid rows with another mapping stores others).
            for earlier in _earlier_imports(batch).order_by("pk"):
                dialogue_import_undo(batch=earlier, by=by)
        imported, duplicates = _store(campaign, batch, validation.rows)
        batch.imported_rows = imported
        batch.duplicate_rows = duplicates
        batch.only_valid = only_valid
        batch.status = ImportBatch.Status.DONE
        batch.finished_at = timezone.now()
        batch.save(update_fields=["imported_rows", "duplicate_rows", "only_valid", "status", "finished_at"])
        ColumnMapping.objects.update_or_create(
            partnership_id=campaign.partnership_id,
            signature=header_signature(batch.headers),
            defaults={
                "campaign": campaign,
                "headers": batch.headers,
                "mapping": batch.mapping,
                "updated_by": by if by is not None and by.is_authenticated else None,
            },
        )
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
                "replaced": replace.pk if replace is not None else None,
            },
        )
    # The file holds residents' words before redaction: once stored, it is not kept.
    if batch.file:
        batch.file.delete(save=True)
    return ImportResult(imported=imported, duplicates=duplicates, skipped_invalid=validation.error_rows)


@transaction.atomic
def dialogue_import_undo(*, batch: ImportBatch, by: User | None) -> int:
    """Remove the dialogues an import stored (and their analysis), so that a wrong mapping can be put right
    by importing again; returns how many were removed. Rows it skipped as already there belong to the import
    that stored them.

    Dialogues someone corrected after the import are kept (still linked to the batch, so
    ``corrected_import_count`` says how many): a correction is a person's work on the resident's answer, and
    undoing a mapping must not silently throw it away. Importing the file again skips their rows."""
    batch = ImportBatch.objects.select_for_update().select_related("campaign__partnership").get(pk=batch.pk)
    if batch.status != ImportBatch.Status.DONE:
        raise ImportRefused(_("Bara en genomförd import kan ångras."))
    dialogues = Dialogue.objects.filter(import_batch=batch)
    kept = corrected_dialogues(dialogues).count()
    _total, by_model = uncorrected_dialogues(dialogues).delete()
    removed = by_model.get(Dialogue._meta.label, 0)
    batch.status = ImportBatch.Status.UNDONE
    batch.undone_at = timezone.now()
    batch.save(update_fields=["status", "undone_at"])
    audit_log(
        actor=by,
        action="dialogue_import.undo",
        target=batch,
        organisation=batch.campaign.partnership.municipality,
        changes={"removed": removed, "kept_corrected": kept, "sha256": batch.sha256, "filename": batch.filename},
    )
    return removed


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


def _store(campaign: Campaign, batch: ImportBatch, rows: list[PreparedRow]) -> tuple[int, int]:
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
                import_batch=batch,
                idempotency_key=row.key,
                channel=Dialogue.Channel.IMPORT,
                conducted_at=row.conducted_at,
                recorded_by=row.recorded_by,
                place=place,
                area=row.area or area,
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
