"""Every write to a case: keyword-only, typed, in a transaction, a CaseEvent and an audit entry each.

The public forms, the handler's pages, the demo and (next) the Open311 API all call these.
"""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from lofte.cases.access import may_handle_cases
from lofte.cases.models import Case, CaseEvent, CaseKind, Category, HandlerGroup, RoutingRule
from lofte.cases.police_report import is_reportable
from lofte.cases.priority import promise_priority
from lofte.core.access import token_hash
from lofte.core.audit import audit_log, masked
from lofte.core.models import Area, Organisation, Place, User
from lofte.lib.geo import geometry_contains

MAX_NUMBER_ATTEMPTS = 20
# Case fields holding what a resident wrote: never copied into the audit log.
FREE_TEXT_KEYS = frozenset({"message", "public_text"})


@dataclass(frozen=True)
class Reporter:
    name: str = ""
    email: str = ""
    phone: str = ""
    consent: bool = False


@dataclass(frozen=True)
class Submitted:
    case: Case
    created: bool
    token: str | None  # the tracking link's token: known only at creation, only its hash is stored


def _event(
    case: Case,
    *,
    kind: str,
    by: User | None,
    before: dict[str, Any] | None = None,
    after: dict[str, Any] | None = None,
    text: str = "",
    public: bool = False,
    at: datetime | None = None,
) -> CaseEvent:
    event = CaseEvent.objects.create(
        case=case,
        kind=kind,
        actor=by,
        before=before or {},
        after=after or {},
        text=text,
        public=public,
        at=at or timezone.now(),
    )
    # The event keeps the resident's words (the edit of a public text, with its original); the log only that
    # they changed.
    changes = {
        key: [masked((before or {}).get(key)), masked(value)]
        if key in FREE_TEXT_KEYS
        else [(before or {}).get(key), value]
        for key, value in (after or {}).items()
    }
    audit_log(actor=by, action=f"case.{kind}", target=case, organisation=case.organisation, changes=changes)
    return event


def area_for_point(*, organisation: Organisation, lat: float, lng: float) -> Area | None:
    for area in Area.objects.filter(organisation=organisation, geometry__isnull=False):
        if geometry_contains(area.geometry, lat=lat, lng=lng):
            return area
    return None


def route(*, organisation: Organisation, category: Category | None, area: Area | None) -> HandlerGroup | None:
    """The group a new case goes to: a rule for both category and area, then one for the category, then one
    for the area, then the category's own group, then the rule for everything else (no category, no area:
    feedback lands there too), else none."""
    rules = list(RoutingRule.objects.filter(organisation=organisation).select_related("group"))

    def match(rule: RoutingRule) -> int:
        if rule.category_id not in (None, category.pk if category else None):
            return -1
        if rule.area_id not in (None, area.pk if area else None):
            return -1
        return (rule.category_id is not None) * 2 + (rule.area_id is not None)

    best = max(rules, key=match, default=None)
    if best is not None and match(best) > 0:
        return best.group
    if category is not None and category.group_id:
        return category.group
    rest = next((rule for rule in rules if rule.category_id is None and rule.area_id is None), None)
    return rest.group if rest is not None else None


def _allocate(case: Case) -> None:
    """Give the case the next number of its organisation and year. The unique constraint decides a race:
    the loser takes the next number inside a savepoint."""
    for _attempt in range(MAX_NUMBER_ATTEMPTS):
        last = Case.objects.filter(organisation=case.organisation, year=case.year).aggregate(m=Max("number"))["m"]
        case.number = (last or 0) + 1
        case.reference = f"{case.year}-{case.number:06d}"
        try:
            with transaction.atomic():
                case.save(force_insert=True)
            return
        except IntegrityError:
            if (
                case.idempotency_key
                and Case.objects.filter(organisation=case.organisation, idempotency_key=case.idempotency_key).exists()
            ):
                raise
            case.pk = None
    raise IntegrityError("no free case number")


@transaction.atomic
def case_submit(
    *,
    organisation: Organisation,
    kind: str,
    message: str,
    idempotency_key: uuid.UUID | None,
    category: Category | None = None,
    feedback_type: str = "",
    service: str = "",
    lat: float | None = None,
    lng: float | None = None,
    place: Place | None = None,
    address: str = "",
    photo: bytes | None = None,
    reporter: Reporter | None = None,
    language: str = "sv",
    by: User | None = None,
    received_at: datetime | None = None,
) -> Submitted:
    """Store a resident's feedback or fault report. A repeated idempotency key returns the first case (phones
    retry, people press send twice). `photo` must already be cleaned (lofte.lib.images.clean_photo).
    `received_at` is when a report made elsewhere arrived (an import, the demo); default now."""
    if idempotency_key is not None:
        existing = Case.objects.filter(organisation=organisation, idempotency_key=idempotency_key).first()
        if existing:
            return Submitted(existing, created=False, token=None)
    if category is not None and category.organisation_id != organisation.pk:
        raise ValidationError(_("Kategorin hör inte till organisationen."))
    if kind == CaseKind.FAULT and category is None:
        raise ValidationError(_("Välj en kategori."))
    if place is not None:
        if place.organisation_id != organisation.pk:
            raise ValidationError(_("Platsen hör inte till organisationen."))
        if lat is None and place.latitude is not None:
            lat, lng = place.latitude, place.longitude
    area = place.area if place is not None and place.area_id else None
    if area is None and lat is not None and lng is not None:
        area = area_for_point(organisation=organisation, lat=lat, lng=lng)
    reporter = reporter or Reporter()
    now = received_at or timezone.now()
    token = secrets.token_urlsafe(32)
    case = Case(
        organisation=organisation,
        kind=kind,
        category=category,
        feedback_type=feedback_type if kind == CaseKind.FEEDBACK else "",
        service=service,
        year=timezone.localdate(now).year,
        token_hash=token_hash(token),
        message=message,
        latitude=lat,
        longitude=lng,
        place=place,
        address=address,
        area=area,
        reporter_name=reporter.name,
        reporter_email=reporter.email,
        reporter_phone=reporter.phone,
        consent_at=now if reporter.consent and (reporter.name or reporter.email or reporter.phone) else None,
        language=language,
        idempotency_key=idempotency_key,
        group=route(organisation=organisation, category=category, area=area),
        due_at=Case.due_from(now, category),
        created_at=now,
    )
    try:
        _allocate(case)
    except IntegrityError:
        # The same key won a race with this very request: the first case stands.
        existing = Case.objects.get(organisation=organisation, idempotency_key=idempotency_key)
        return Submitted(existing, created=False, token=None)
    if photo:
        # A name nobody can guess, though photos are only ever served through the handler's view.
        case.photo.save(f"{case.reference}-{secrets.token_hex(8)}.jpg", ContentFile(photo), save=True)
    _event(case, kind=CaseEvent.Kind.SUBMITTED, by=by, after={"status": case.status}, public=True, at=now)
    if case.group_id:
        _event(case, kind=CaseEvent.Kind.ROUTED, by=None, after={"group": case.group_id}, at=now)
    _assess_priority(case, by=None, at=now)  # created in this very transaction: nobody else holds it
    if case.reporter_email:
        _mail_on_commit(case, CaseEvent.Kind.SUBMITTED)
    return Submitted(case, created=True, token=token)


def _mail_on_commit(case: Case, reason: str, event_id: int | None = None) -> None:
    from lofte.cases.tasks import send_case_email

    transaction.on_commit(lambda: send_case_email.enqueue(case_id=case.pk, reason=reason, event_id=event_id))


def _lock(case: Case) -> Case:
    return Case.objects.select_for_update(of=("self",)).select_related("organisation").get(pk=case.pk)


@transaction.atomic
def case_assign(*, case: Case, by: User, handler: User | None, group: HandlerGroup | None) -> Case:
    """Give the case to a handler and a group, or to none: both are set as given."""
    case = _lock(case)
    if handler is not None and not may_handle_cases(handler, case.organisation_id):
        raise ValidationError(_("%(name)s får inte handlägga organisationens ärenden.") % {"name": handler})
    if group is not None and group.organisation_id != case.organisation_id:
        raise ValidationError(_("Gruppen hör inte till organisationen."))
    before = {"assigned_to": case.assigned_to_id, "group": case.group_id}
    if before == {"assigned_to": getattr(handler, "pk", None), "group": getattr(group, "pk", None)}:
        return case
    case.assigned_to, case.group = handler, group
    case.save(update_fields=["assigned_to", "group", "updated_at"])
    _event(
        case,
        kind=CaseEvent.Kind.ASSIGNED,
        by=by,
        before=before,
        after={"assigned_to": case.assigned_to_id, "group": case.group_id},
    )
    return case


@transaction.atomic
def case_reply(*, case: Case, by: User | None, text: str) -> CaseEvent:
    """A message to the resident: on the tracking page, and by e-mail where an address was given."""
    if not text.strip():
        raise ValidationError(_("Skriv ett svar."))
    case = _lock(case)
    event = _event(case, kind=CaseEvent.Kind.REPLY, by=by, text=text.strip(), public=True)
    if case.first_reply_at is None:
        case.first_reply_at = event.at
        case.save(update_fields=["first_reply_at", "updated_at"])
    if case.reporter_email:
        _mail_on_commit(case, CaseEvent.Kind.REPLY, event.pk)
    return event


@transaction.atomic
def case_set_status(*, case: Case, by: User | None, status: str, message: str = "") -> Case:
    """Change the status. Closing always tells the resident what was done: `message` is required then and
    goes out as a reply, also to the reporters of every case merged into this one."""
    if status not in Case.Status.values:
        raise ValidationError(_("Okänd status."))
    case = _lock(case)
    if status == case.status:  # nothing to change, but a message written with it is still an answer
        if message.strip():
            case_reply(case=case, by=by, text=message)
        return case
    if status == Case.Status.CLOSED and not message.strip():
        raise ValidationError(_("Skriv vad som har gjorts: invånaren får alltid ett besked när ärendet avslutas."))
    before = {"status": case.status}
    case.status = status
    case.closed_at = timezone.now() if status == Case.Status.CLOSED else None
    case.save(update_fields=["status", "closed_at", "updated_at"])
    _event(case, kind=CaseEvent.Kind.STATUS, by=by, before=before, after={"status": status}, public=True)
    if message.strip():
        case_reply(case=case, by=by, text=message)
    elif case.reporter_email:
        _mail_on_commit(case, CaseEvent.Kind.STATUS)
    # The reporters of merged duplicates follow this case: the same status and the same message reach them.
    for merged in case.merged.all():
        case_set_status(case=merged, by=by, status=status, message=message)
    return case


@transaction.atomic
def case_note(*, case: Case, by: User, text: str) -> CaseEvent:
    if not text.strip():
        raise ValidationError(_("Skriv en anteckning."))
    return _event(case, kind=CaseEvent.Kind.NOTE, by=by, text=text.strip())


@transaction.atomic
def case_merge(*, case: Case, into: Case, by: User | None) -> Case:
    """Merge a duplicate into another case of the same organisation. Its reporter is told and follows the
    other case from then on: replies and the closing message reach them too."""
    case = _lock(case)
    if case.merged_into_id is not None:
        raise ValidationError(
            _("Ärendet är redan ihopslaget med ärende %(reference)s.") % {"reference": case.merged_into.reference}  # type: ignore[union-attr]
        )
    # A case is merged into one that is not itself merged: duplicates are one step from the case that is handled.
    into = _lock(into)
    if into.merged_into_id is not None:
        into = _lock(into.merged_into)  # type: ignore[arg-type]
    if case.pk == into.pk or case.organisation_id != into.organisation_id:
        raise ValidationError(_("Ärendet kan inte slås ihop med det ärendet."))
    # The duplicates of this case follow it to the other one, so their reporters hear what is done there.
    for duplicate in [*case.merged.select_for_update(), case]:
        _merge_one(duplicate, into=into, by=by)
    case.refresh_from_db()
    return case


def _merge_one(case: Case, *, into: Case, by: User | None) -> None:
    before = {"merged_into": case.merged_into_id}
    case.merged_into = into
    case.save(update_fields=["merged_into", "updated_at"])
    text = _("Ditt ärende handlar om samma sak som ärende %(reference)s och hanteras tillsammans med det.") % {
        "reference": into.reference
    }
    _event(
        case, kind=CaseEvent.Kind.MERGED, by=by, before=before, after={"merged_into": into.pk}, text=text, public=True
    )
    _event(into, kind=CaseEvent.Kind.MERGED, by=by, after={"merged_case": case.pk}, text=case.reference)
    if case.reporter_email:
        _mail_on_commit(case, CaseEvent.Kind.MERGED)


def _conversion_state(case: Case) -> dict[str, Any]:
    return {
        "kind": case.kind,
        "category": case.category_id,
        "feedback_type": case.feedback_type,
        "public_text": case.public_text,
    }


@transaction.atomic
def case_convert(*, case: Case, by: User, kind: str, category: Category | None = None, feedback_type: str = "") -> Case:
    """A fault report that is really feedback, or the reverse."""
    if kind not in CaseKind.values:
        raise ValidationError(_("Okänd typ."))
    if kind == CaseKind.FAULT and category is None:
        raise ValidationError(_("Välj en kategori för felanmälan."))
    if category is not None and category.organisation_id != case.organisation_id:
        raise ValidationError(_("Kategorin hör inte till organisationen."))
    if category is not None and not Category.objects.choosable().filter(pk=category.pk).exists():
        raise ValidationError(_("Välj en aktiv kategori utan underkategorier, som invånarna väljer bland."))
    case = _lock(case)
    before = _conversion_state(case)
    if case.kind == CaseKind.FEEDBACK and kind == CaseKind.FAULT and category is not None and not case.public_text:
        # Feedback is private and a fault report's words are public (Open311): the resident's words stay
        # unpublished, the category stands in until a handler writes what may be shown.
        case.public_text = category.name_sv
    case.kind, case.category = kind, category
    case.feedback_type = feedback_type if kind == CaseKind.FEEDBACK else ""
    case.due_at = Case.due_from(case.created_at, category)
    case.save(update_fields=["kind", "category", "feedback_type", "public_text", "due_at", "updated_at"])
    after = _conversion_state(case)
    _event(
        case,
        kind=CaseEvent.Kind.CONVERTED,
        by=by,
        before={k: v for k, v in before.items() if v != after[k]},
        after={k: v for k, v in after.items() if v != before[k]},
    )
    return case_assess_priority(case=case, by=by)


@transaction.atomic
def case_edit_public_text(*, case: Case, by: User, text: str) -> Case:
    """The resident's message as it may be published; the original message is never changed."""
    case = _lock(case)
    before = {"public_text": case.public_text}
    case.public_text = text.strip()
    case.save(update_fields=["public_text", "updated_at"])
    _event(case, kind=CaseEvent.Kind.PUBLIC_TEXT, by=by, before=before, after={"public_text": case.public_text})
    return case


@transaction.atomic
def case_set_diarienummer(*, case: Case, by: User, diarienummer: str) -> Case:
    case = _lock(case)
    before = {"diarienummer": case.diarienummer}
    case.diarienummer = diarienummer.strip()
    case.save(update_fields=["diarienummer", "updated_at"])
    _event(case, kind=CaseEvent.Kind.EDITED, by=by, before=before, after={"diarienummer": case.diarienummer})
    return case


@transaction.atomic
def case_assess_priority(*, case: Case, by: User | None, at: datetime | None = None) -> Case:
    """Flag (or unflag) a fault report inside a current promise's focus area (lofte.cases.priority), with the
    reason. Called on arrival and by every service that changes a case's category or place; a change of the
    flag is an event and an audit entry. Judged at the case's arrival: the hour a dark lamp was reported is
    what a focus area's times are about, not the hour a handler recategorised it."""
    return _assess_priority(_lock(case), by=by, at=at)


def _assess_priority(case: Case, *, by: User | None, at: datetime | None = None) -> Case:
    """The assessment on a case already locked (or just created, in this transaction)."""
    match = None
    if case.kind == CaseKind.FAULT and case.category is not None and case.category.theme:
        match = promise_priority(
            organisation_id=case.organisation_id,
            theme=case.category.theme,
            area_id=case.area_id,
            at=case.created_at,
        )
    priority, reason = match is not None, match.reason if match else ""
    focus_area_id = match.focus_area.pk if match else None
    if (case.priority, case.priority_reason, case.priority_focus_area_id) == (priority, reason, focus_area_id):
        return case
    before = {"priority": case.priority, "priority_reason": case.priority_reason}
    case.priority, case.priority_reason, case.priority_focus_area_id = priority, reason, focus_area_id
    case.save(update_fields=["priority", "priority_reason", "priority_focus_area", "updated_at"])
    _event(
        case,
        kind=CaseEvent.Kind.PRIORITY,
        by=by,
        before=before,
        after={"priority": priority, "priority_reason": reason},
        text=reason,
        at=at,
    )
    return case


@transaction.atomic
def case_mark_police_report_sent(*, case: Case, by: User, police_reference: str = "") -> CaseEvent:
    """The handler has sent the pre-filled police report (lofte.cases.police_report) on to the police.
    `police_reference` is the police's own number for it, when they gave one."""
    case = _lock(case)
    if not is_reportable(case):
        raise ValidationError(_("Polisanmälan finns bara för klotter och skadegörelse."))
    police_reference = police_reference.strip()
    if len(police_reference) > 60:
        raise ValidationError(_("Polisens diarienummer får vara högst 60 tecken."))
    return _event(
        case,
        kind=CaseEvent.Kind.POLICE_REPORT,
        by=by,
        after={"police_report_sent": True, "police_reference": police_reference},
        text=police_reference,
    )
