"""Background work of the promises app: thin, takes ids, calls a service."""

from __future__ import annotations

from django.tasks import task

from lofte.promises.models import CommitmentReminder
from lofte.promises.reminders import commitment_reminder_send, commitment_reminders_due


@task()
def send_commitment_reminder(*, reminder_id: int) -> bool:
    reminder = CommitmentReminder.objects.filter(pk=reminder_id).first()
    return reminder is not None and commitment_reminder_send(reminder=reminder)


@task()
def record_commitment_reminders() -> int:
    """The daily run, when started from the queue rather than the command."""
    return len(commitment_reminders_due())
