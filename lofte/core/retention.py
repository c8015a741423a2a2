"""Gallring: each organisation's retention schedule, and the daily run that applies it.

What is due is a queryset per kind (`due`), so the dry-run report and the run count the same rows. The run
handles one object per transaction and re-checks it under a lock: a run killed half-way leaves every object
either done (and audited) or untouched, and the next run finishes the rest once. Audit entries hold ids,
references and counts, never what a resident wrote or who they are.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.core.files.storage import Storage
from django.db import models, transaction
from django.db.models import ProtectedError, Q
from django.utils import timezone, translation
from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from lofte.analysis.models import DialogueCoding
from lofte.cases.models import Case
from lofte.cases.services import case_set_status
from lofte.core.audit import audit_log, snapshot
from lofte.core.models import Organisation, RetentionSchedule, User
from lofte.dialogues.models import ContactRequest, Dialogue, ImportBatch


@dataclass(frozen=True)
class RetentionKind:
    key: str  # the contract: the report's lines and the audit entry's counts use it
    field: str  # the RetentionSchedule field holding its period
    label: Promise
    done: Promise  # what happens to a row when its period has passed


# In the order the run applies them: a case is closed before its photo and contact details can expire, and
# a case due to be deleted is not first anonymised (see due()).
KINDS: tuple[RetentionKind, ...] = (
    RetentionKind("contact_requests", "contact_request_days", _("Kontaktönskemål från dialoger"), _("raderas")),
    RetentionKind("import_files", "import_file_days", _("Uppladdade importfiler"), _("raderas")),
    RetentionKind("dialogue_free_text", "dialogue_free_text_days", _("Fritextsvar i dialoger"), _("tas bort")),
    RetentionKind("cases_closed", "case_close_days", _("Åtgärdade och besvarade ärenden"), _("avslutas")),
    RetentionKind("cases_deleted", "case_delete_days", _("Hela ärenden"), _("raderas")),
    RetentionKind("case_photos", "case_photo_days", _("Foton i ärenden"), _("raderas")),
    RetentionKind("cases_anonymised", "case_anonymise_days", _("Kontaktuppgifter i ärenden"), _("tas bort")),
)
KIND_BY_KEY = {kind.key: kind for kind in KINDS}


def schedule_for(organisation: Organisation) -> RetentionSchedule:
    """The organisation's saved schedule, or the defaults (unsaved) when its administrator never changed them."""
    schedule = RetentionSchedule.objects.filter(organisation=organisation).first()
    return schedule or RetentionSchedule(organisation=organisation)


def retention_schedule_update(
    *, organisation: Organisation, by: User, values: dict[str, int | None]
) -> RetentionSchedule:
    """Save the schedule (validated: a whole case never goes before its photo or contact details)."""
    with transaction.atomic():
        schedule = schedule_for(organisation)
        created = schedule.pk is None
        fields = [kind.field for kind in KINDS]
        before = snapshot(schedule, fields)
        for name in fields:
            if name in values:
                setattr(schedule, name, values[name])
        schedule.full_clean()
        schedule.save()
        changes = {key: [before[key], value] for key, value in snapshot(schedule, fields).items()}
        changes = {key: pair for key, pair in changes.items() if created or pair[0] != pair[1]}
        audit_log(actor=by, action="retention.update", target=schedule, organisation=organisation, changes=changes)
    return schedule


# --- What is due ----------------------------------------------------------------------------------------


def _before(now: dt.datetime, days: int | None) -> dt.datetime | None:
    return None if days is None else now - dt.timedelta(days=days)


def due(*, schedule: RetentionSchedule, kind: str, now: dt.datetime) -> models.QuerySet[Any]:
    """The rows of `kind` in the schedule's organisation whose period has passed at `now`."""
    organisation = schedule.organisation
    cutoff = _before(now, getattr(schedule, KIND_BY_KEY[kind].field))
    if kind == "contact_requests":
        # retain_until was promised to the resident when they asked; a shorter schedule since then also applies.
        expired = Q(retain_until__lt=timezone.localdate(now)) | Q(created_at__lt=cutoff)
        return ContactRequest.objects.filter(expired, campaign__partnership__municipality=organisation)
    if kind == "import_files":
        return ImportBatch.objects.filter(
            campaign__partnership__municipality=organisation, created_at__lt=cutoff
        ).exclude(file="")
    if cutoff is None:
        return Case.objects.none()
    if kind == "dialogue_free_text":
        return Dialogue.objects.filter(
            campaign__partnership__municipality=organisation, conducted_at__lt=cutoff
        ).exclude(free_text="")
    cases = Case.objects.filter(organisation=organisation)
    if kind == "cases_closed":
        # Only cases the municipality has answered or fixed: a case nobody has looked at is never closed unseen.
        return cases.open().filter(status__in=[Case.Status.FIXED, Case.Status.ANSWERED], updated_at__lt=cutoff)
    closed = cases.filter(closed_at__lt=cutoff)
    if kind == "cases_deleted":
        return closed
    delete_cutoff = _before(now, schedule.case_delete_days)
    if delete_cutoff is not None:
        closed = closed.exclude(closed_at__lt=delete_cutoff)
    if kind == "case_photos":
        return closed.exclude(photo="")
    if kind == "cases_anonymised":
        return closed.filter(
            ~Q(reporter_name="") | ~Q(reporter_email="") | ~Q(reporter_phone="") | Q(consent_at__isnull=False)
        )
    raise KeyError(kind)


# --- Doing it -------------------------------------------------------------------------------------------


@dataclass
class RetentionReport:
    organisation: Organisation
    counts: dict[str, int] = field(default_factory=dict)
    skipped: int = 0  # rows another record still points at (PROTECT): kept, and counted on every run

    @property
    def total(self) -> int:
        return sum(self.counts.values())


def _delete_file(storage: Storage, name: str | None) -> None:
    """Inside the row's transaction, after its write: a run killed before the commit leaves the row pointing
    at a missing file (the next run clears it again), never a resident's photo or file without its row."""
    if name:
        storage.delete(name)


def _close(case: Case, schedule: RetentionSchedule) -> None:
    with translation.override(case.language or "sv"):
        message = gettext(
            "Ärendet avslutas eftersom det inte har hänt något i det på %(days)s dagar. Hör av dig till oss om "
            "felet finns kvar eller om du har fler frågor."
        ) % {"days": schedule.case_close_days}
    case_set_status(case=case, by=None, status=Case.Status.CLOSED, message=message)


def _delete_case(case: Case, schedule: RetentionSchedule) -> None:
    audit_log(
        actor=None,
        action="retention.case_delete",
        target=case,
        organisation=case.organisation,
        changes={"closed_at": str(case.closed_at), "events": case.events.count()},
    )
    photo, storage = case.photo.name, case.photo.storage
    case.delete()
    _delete_file(storage, photo)


def _delete_photo(case: Case, schedule: RetentionSchedule) -> None:
    photo, storage = case.photo.name, case.photo.storage
    case.photo = ""
    case.save(update_fields=["photo"])
    audit_log(actor=None, action="retention.case_photo_delete", target=case, organisation=case.organisation)
    _delete_file(storage, photo)


def _anonymise(case: Case, schedule: RetentionSchedule) -> None:
    case.reporter_name = case.reporter_email = case.reporter_phone = ""
    case.consent_at = None
    case.save(update_fields=["reporter_name", "reporter_email", "reporter_phone", "consent_at"])
    audit_log(actor=None, action="retention.case_anonymise", target=case, organisation=case.organisation)


def _cull_contact_request(request: ContactRequest, schedule: RetentionSchedule) -> None:
    audit_log(
        actor=None,
        action="contact_request.cull",
        target=request,
        organisation=schedule.organisation,
        changes={"retain_until": str(request.retain_until)},
    )
    request.delete()


def _cull_import_file(batch: ImportBatch, schedule: RetentionSchedule) -> None:
    name, storage = batch.file.name, batch.file.storage
    batch.file = ""
    batch.save(update_fields=["file"])
    audit_log(actor=None, action="import.file_cull", target=batch, organisation=schedule.organisation)
    _delete_file(storage, name)


def _clear_free_text(dialogue: Dialogue, schedule: RetentionSchedule) -> None:
    """The resident's own words go; the choices, the place, the themes and every count made from them stay."""
    free_text = dialogue.free_text
    answers = {}
    for key, value in dialogue.answers.items():
        if isinstance(value, dict) and "text" in value:
            value = {**value, "text": ""}
        elif isinstance(value, str) and value.strip() and value in free_text:
            value = ""
        answers[key] = value
    dialogue.answers, dialogue.free_text = answers, ""
    dialogue.save(update_fields=["answers", "free_text"])
    # The engine's trigger words are taken from the text.
    DialogueCoding.objects.filter(dialogue=dialogue).update(triggers={})
    audit_log(actor=None, action="retention.dialogue_free_text", target=dialogue, organisation=schedule.organisation)


ACTIONS: dict[str, Callable[[Any, RetentionSchedule], None]] = {
    "contact_requests": _cull_contact_request,
    "import_files": _cull_import_file,
    "dialogue_free_text": _clear_free_text,
    "cases_closed": _close,
    "cases_deleted": _delete_case,
    "case_photos": _delete_photo,
    "cases_anonymised": _anonymise,
}


def _apply(
    queryset: models.QuerySet[Any],
    action: Callable[[Any, RetentionSchedule], None],
    schedule: RetentionSchedule,
    report: RetentionReport,
    key: str,
) -> None:
    done = 0
    for pk in list(queryset.values_list("pk", flat=True)):
        try:
            with transaction.atomic():
                # Re-read under a lock: a handler may have reopened the case since the list was taken.
                row = queryset.select_for_update(of=("self",)).filter(pk=pk).first()
                if row is None:
                    continue
                action(row, schedule)
        except ProtectedError:
            report.skipped += 1
            continue
        done += 1
    report.counts[key] = done


def retention_run(
    *, dry_run: bool = False, now: dt.datetime | None = None, organisations: list[Organisation] | None = None
) -> list[RetentionReport]:
    """Apply every organisation's schedule, or with `dry_run` only count what is due; returns one report per
    organisation. A run that did anything ends with one `retention.run` audit entry per organisation, counts
    per kind."""
    now = now or timezone.now()
    reports = []
    for organisation in organisations or Organisation.objects.order_by("slug"):
        schedule = schedule_for(organisation)
        report = RetentionReport(organisation)
        for kind in KINDS:
            queryset = due(schedule=schedule, kind=kind.key, now=now)
            if dry_run:
                report.counts[kind.key] = queryset.count()
            else:
                _apply(queryset, ACTIONS[kind.key], schedule, report, kind.key)
        if not dry_run and report.total:
            audit_log(
                actor=None,
                action="retention.run",
                target=organisation,
                organisation=organisation,
                changes={"counts": report.counts, "skipped": report.skipped},
            )
        reports.append(report)
    return reports
