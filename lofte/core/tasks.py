"""Background work of the core app: thin, takes ids, calls a service."""

from __future__ import annotations

from django.tasks import task

from lofte.core.models import EmailChange, Invitation
from lofte.core.retention import retention_run
from lofte.core.services import email_change_send, invitation_send


@task()
def send_invitation(*, invitation_id: int) -> bool:
    """Mail an invitation's link: outside the request, so the add form answers as fast for every address."""
    invitation = Invitation.objects.filter(pk=invitation_id).first()
    return invitation is not None and invitation_send(invitation=invitation)


@task()
def send_email_change(*, change_id: int) -> bool:
    """Mail the link that confirms an account's new e-mail address."""
    change = EmailChange.objects.filter(pk=change_id).first()
    return change is not None and email_change_send(change=change)


@task()
def cull_personal_data() -> dict[str, dict[str, int]]:
    """The daily gallring, for installations that start it from the task worker rather than the timer: the
    same service as `manage.py cull_personal_data`. Returns the counts per organisation and kind."""
    return {report.organisation.slug: report.counts for report in retention_run()}
