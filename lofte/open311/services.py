"""Every write of the Open311 API: keys, and requests and updates through the cases services."""

from __future__ import annotations

import secrets
import uuid
from dataclasses import dataclass, field
from datetime import timedelta

from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from lofte.cases.models import Case, CaseKind, Category
from lofte.cases.services import Reporter, case_reply, case_set_status, case_submit
from lofte.core.access import token_hash
from lofte.core.audit import audit_log
from lofte.core.models import Organisation, Place, User
from lofte.open311.access import is_jurisdiction
from lofte.open311.models import DEFAULT_RATE_LIMIT, ApiKey, Submission, Update

KEY_PREFIX = "o311_"
LAST_USED_RESOLUTION = timedelta(minutes=1)  # last use is written at most once a minute per key


@dataclass(frozen=True)
class NewKey:
    api_key: ApiKey
    key: str  # shown once: only its hash is stored


@transaction.atomic
def api_key_create(
    *,
    organisation: Organisation,
    name: str,
    by: User | None,
    rate_limit: int = DEFAULT_RATE_LIMIT,
    may_update: bool = False,
) -> NewKey:
    if not is_jurisdiction(organisation):
        raise ValidationError(_("Bara en kommun med kommunkod tar emot ärenden genom Open311."))
    if not name.strip():
        raise ValidationError(_("Ange ett namn på nyckeln."))
    if rate_limit < 1:
        raise ValidationError(_("Gränsen måste vara minst ett anrop per minut."))
    key = KEY_PREFIX + secrets.token_urlsafe(32)
    api_key = ApiKey.objects.create(
        organisation=organisation,
        name=name.strip(),
        key_hash=token_hash(key),
        prefix=key[: len(KEY_PREFIX) + 4],
        rate_limit=rate_limit,
        may_update=may_update,
        created_by=by,
    )
    audit_log(
        actor=by,
        action="open311_key.create",
        target=api_key,
        organisation=organisation,
        changes={"name": [None, api_key.name], "rate_limit": [None, rate_limit], "may_update": [None, may_update]},
    )
    return NewKey(api_key, key)


@transaction.atomic
def api_key_revoke(*, api_key: ApiKey, by: User | None) -> ApiKey:
    """A revoked key is refused at once; it stays listed so the audit trail and its requests keep their name."""
    api_key = ApiKey.objects.select_for_update().get(pk=api_key.pk)
    if api_key.revoked_at is not None:
        return api_key
    api_key.revoked_at = timezone.now()
    api_key.save(update_fields=["revoked_at"])
    audit_log(
        actor=by,
        action="open311_key.revoke",
        target=api_key,
        organisation=api_key.organisation,
        changes={"revoked_at": [None, api_key.revoked_at.isoformat()]},
    )
    return api_key


def api_key_mark_used(*, api_key: ApiKey) -> None:
    now = timezone.now()
    if api_key.last_used_at is None or now - api_key.last_used_at >= LAST_USED_RESOLUTION:
        ApiKey.objects.filter(pk=api_key.pk).update(last_used_at=now)
        api_key.last_used_at = now


@dataclass(frozen=True)
class RequestInput:
    """A POST requests call, already parsed and checked for form by the view (lofte.open311.protocol)."""

    kind: str
    category: Category | None = None
    feedback_type: str = ""
    service: str = ""
    description: str = ""
    lat: float | None = None
    lng: float | None = None
    address: str = ""
    place: Place | None = None
    photo: bytes | None = None
    media_urls: list[str] = field(default_factory=list)
    attributes: dict[str, str | list[str]] = field(default_factory=dict)
    reporter: Reporter = field(default_factory=Reporter)
    device_id: str = ""
    account_id: str = ""
    language: str = "sv"
    # The client's Idempotency-Key header: a retry with the same key finds the first request instead of a second.
    idempotency_key: str = ""


# Namespaces a client's own idempotency keys per API key, so two clients' keys never meet.
IDEMPOTENCY_NAMESPACE = uuid.UUID("8f4b2a56-3c1d-4e0a-9b7e-5d2c6f1a0b93")


@transaction.atomic
def request_submit(*, api_key: ApiKey, data: RequestInput) -> Submission:
    """A service request from a client application: an ordinary case of the key's organisation. With an
    idempotency key, a retry (the client never saw the answer) returns the first request, stored once."""
    key = uuid.uuid5(IDEMPOTENCY_NAMESPACE, f"{api_key.pk}:{data.idempotency_key}") if data.idempotency_key else None
    submitted = case_submit(
        organisation=api_key.organisation,
        kind=data.kind,
        category=data.category,
        feedback_type=data.feedback_type,
        service=data.service,
        message=data.description,
        idempotency_key=key,
        lat=data.lat,
        lng=data.lng,
        place=data.place,
        address=data.address,
        photo=data.photo,
        reporter=data.reporter,
        language=data.language,
    )
    if not submitted.created:
        existing = Submission.objects.filter(case=submitted.case, api_key=api_key).first()
        if existing is not None:
            return existing
    submission = Submission.objects.create(
        case=submitted.case,
        api_key=api_key,
        token=secrets.token_hex(12),
        media_urls=data.media_urls,
        attributes=data.attributes,
        device_id=data.device_id,
        account_id=data.account_id,
    )
    audit_log(
        actor=None,
        action="open311.request",
        target=submitted.case,
        organisation=api_key.organisation,
        changes={"api_key": [None, api_key.pk]},
    )
    return submission


# mySociety's statuses (FixMyStreet's map_state), and Open311's two, to a case status.
UPDATE_STATUSES = {
    "open": Case.Status.RECEIVED,
    "reopen": Case.Status.RECEIVED,
    "for_triage": Case.Status.RECEIVED,
    "in_progress": Case.Status.IN_PROGRESS,
    "action_scheduled": Case.Status.IN_PROGRESS,
    "investigating": Case.Status.IN_PROGRESS,
    "internal_referral": Case.Status.IN_PROGRESS,
    "fixed": Case.Status.FIXED,
    "closed": Case.Status.CLOSED,
    "duplicate": Case.Status.CLOSED,
    "not_councils_responsibility": Case.Status.CLOSED,
    "no_further_action": Case.Status.CLOSED,
    "cancelled": Case.Status.CLOSED,
}


def update_status(value: str) -> str | None:
    return UPDATE_STATUSES.get(value.strip().lower().replace(" ", "_"))


@dataclass(frozen=True)
class Applied:
    update: Update
    created: bool


@transaction.atomic
def request_update(*, api_key: ApiKey, case: Case, update_id: str, status: str, description: str) -> Applied:
    """A status update or answer from the municipality's own system. The same update_id from the same key is
    applied once (systems retry); the resident is told as when a handler does it."""
    if not api_key.may_update:
        raise PermissionError
    if case.organisation_id != api_key.organisation_id:
        raise ValidationError(_("Ärendet finns inte."))
    existing = Update.objects.filter(api_key=api_key, update_id=update_id).select_related("event").first()
    if existing:
        return Applied(existing, created=False)
    new_status = update_status(status)
    if new_status is None:
        raise ValidationError(_("Okänd status: %(status)s") % {"status": status})
    if case.kind == CaseKind.FEEDBACK and new_status == Case.Status.FIXED:
        new_status = Case.Status.ANSWERED
    before = case.events.order_by("-pk").values_list("pk", flat=True).first() or 0
    if new_status != case.status:
        case_set_status(case=case, by=None, status=new_status, message=description)
    elif description.strip():
        case_reply(case=case, by=None, text=description)
    event = case.events.filter(pk__gt=before).order_by("-pk").first()
    if event is None:
        raise ValidationError(_("Uppdateringen ändrar ingenting: ange en ny status eller en beskrivning."))
    try:
        with transaction.atomic():
            update = Update.objects.create(api_key=api_key, update_id=update_id, event=event)
    except IntegrityError:
        # The same update won a race with this one; its effect stands and this one is undone.
        transaction.set_rollback(True)
        return Applied(Update.objects.get(api_key=api_key, update_id=update_id), created=False)
    return Applied(update, created=True)
