"""Background work of the cases app: thin, takes ids, calls a service."""

from __future__ import annotations

from django.tasks import task

from lofte.cases.emails import case_email_send
from lofte.cases.models import Case, CaseEvent


@task()
def send_case_email(*, case_id: int, reason: str, event_id: int | None = None) -> bool:
    """Mail the resident: the receipt, a reply, a status change or a merge."""
    case = Case.objects.filter(pk=case_id).select_related("organisation").first()
    event = CaseEvent.objects.filter(pk=event_id).first() if event_id else None
    return case is not None and case_email_send(case=case, reason=reason, event=event)
