"""A resident's rights: everything stored with their e-mail address (registerutdrag), and erasure of it where
the law allows.

Only what the resident gave can be found: cases with their address and the contact requests from dialogues
and web surveys. Dialogue answers are anonymous and cannot be found by anyone. Audit entries record that a
request was handled, by whom and how many rows it touched, never the address or what the resident wrote.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction
from django.utils import timezone

from lofte.cases.models import Case, CaseEvent
from lofte.core.audit import audit_log
from lofte.core.models import Organisation, User
from lofte.dialogues.models import ContactRequest, Dialogue

# The events that sent the resident an e-mail (lofte.cases.services._mail_on_commit): a record of what went out,
# since the mail itself is not kept.
MAILED_EVENTS = (CaseEvent.Kind.SUBMITTED, CaseEvent.Kind.REPLY, CaseEvent.Kind.MERGED)


@dataclass(frozen=True)
class ResidentData:
    organisation: Organisation
    email: str
    cases: list[Case]
    contact_requests: list[ContactRequest]

    @property
    def counts(self) -> dict[str, int]:
        return {"cases": len(self.cases), "contact_requests": len(self.contact_requests)}

    @property
    def found(self) -> bool:
        return bool(self.cases or self.contact_requests)


def resident_data(*, organisation: Organisation, email: str) -> ResidentData:
    """What the organisation stores with this address. Case-insensitive: people type their address differently."""
    email = email.strip()
    cases = list(
        Case.objects.filter(organisation=organisation, reporter_email__iexact=email)
        .select_related("category")
        .prefetch_related("events")
        .order_by("created_at", "pk")
    )
    requests = list(
        ContactRequest.objects.filter(campaign__partnership__municipality=organisation, email__iexact=email)
        .select_related("campaign", "dialogue")
        .order_by("created_at", "pk")
    )
    return ResidentData(organisation=organisation, email=email, cases=cases, contact_requests=requests)


def _at(value: dt.datetime | dt.date | None) -> str | None:
    return value.isoformat() if value is not None else None


def resident_export(data: ResidentData) -> dict[str, Any]:
    """The bundle handed to the resident: their own words and details, and what the municipality told them.
    Internal notes and who handled the case are not theirs (they are public records the resident may ask
    for under the offentlighetsprincipen, through the registrar)."""
    cases: list[dict[str, Any]] = []
    mails: list[dict[str, str | None]] = []
    for case in data.cases:
        visible = [event for event in case.events.all() if event.public]
        cases.append(
            {
                "reference": case.reference,
                "kind": case.get_kind_display(),
                "feedback_type": case.get_feedback_type_display() if case.feedback_type else None,
                "category": case.category.name_sv if case.category else None,
                "service": case.service or None,
                "status": case.get_status_display(),
                "received_at": _at(case.created_at),
                "closed_at": _at(case.closed_at),
                "message": case.message,
                "address": case.address or None,
                "latitude": case.latitude,
                "longitude": case.longitude,
                "photo": bool(case.photo),
                "name": case.reporter_name or None,
                "email": case.reporter_email or None,
                "phone": case.reporter_phone or None,
                "consent_at": _at(case.consent_at),
                "events": [
                    {
                        "at": _at(event.at),
                        "kind": event.get_kind_display(),
                        "status": event.status_label or None,
                        "text": event.text or None,
                    }
                    for event in visible
                ],
            }
        )
        mails.extend(
            {"at": _at(event.at), "case": case.reference, "reason": event.get_kind_display()}
            for event, following in zip(visible, [*visible[1:], None], strict=True)
            if event.kind in MAILED_EVENTS
            # A status change with a message goes out as the reply written with it, not as a mail of its own.
            or (event.kind == CaseEvent.Kind.STATUS and (following is None or following.kind != CaseEvent.Kind.REPLY))
        )
    return {
        "organisation": data.organisation.name,
        "email": data.email,
        "generated_at": timezone.now().isoformat(),
        "cases": cases,
        "contact_requests": [
            {
                "campaign": request.campaign.name,
                "channel": (Dialogue.Channel(request.dialogue.channel).label if request.dialogue is not None else None),
                "received_at": _at(request.created_at),
                "name": request.name,
                "email": request.email or None,
                "phone": request.phone or None,
                "message": request.message or None,
                "handled_at": _at(request.handled_at),
                "deleted_on": _at(request.retain_until),
            }
            for request in data.contact_requests
        ],
        "emails_sent": sorted(mails, key=lambda mail: mail["at"] or ""),
    }


def resident_data_viewed(*, data: ResidentData, by: User, exported: bool) -> None:
    """The log of a lookup or an export: the fact and the counts, never the address."""
    audit_log(
        actor=by,
        action="privacy.export" if exported else "privacy.lookup",
        target=data.organisation,
        organisation=data.organisation,
        changes=data.counts,
    )


@transaction.atomic
def resident_data_erase(*, organisation: Organisation, email: str, by: User) -> dict[str, int]:
    """Erasure where the law allows: the resident's name, address and phone go from every case (the case
    itself is a public record, kept until the retention schedule culls it) and their contact requests go
    entirely. Returns the counts."""
    data = resident_data(organisation=organisation, email=email)
    for case in data.cases:
        case.reporter_name = case.reporter_email = case.reporter_phone = ""
        case.consent_at = None
        case.save(update_fields=["reporter_name", "reporter_email", "reporter_phone", "consent_at", "updated_at"])
        audit_log(actor=by, action="privacy.case_erase", target=case, organisation=organisation)
    for request in data.contact_requests:
        audit_log(actor=by, action="privacy.contact_request_erase", target=request, organisation=organisation)
        request.delete()
    audit_log(actor=by, action="privacy.erase", target=organisation, organisation=organisation, changes=data.counts)
    return data.counts
