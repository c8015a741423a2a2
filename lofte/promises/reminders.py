"""E-mail reminders to the owners of quiet commitments: no activity logged for the promise's reminder weeks.

``commitment_reminders_due`` (run daily by ``send_promise_reminders``) decides which commitments are quiet and
records one reminder per commitment and period; a unique constraint decides, so a second run the same day, or
two runs at once, record nothing more. Each recorded reminder is sent by the task queue
(``tasks.send_commitment_reminder``), which calls ``commitment_reminder_send``; a reminder already sent is never
sent again.
"""

from __future__ import annotations

import datetime as dt
from functools import partial
from typing import Any

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.mail import send_mail
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from lofte.core.audit import audit_log
from lofte.core.models import Membership, Partnership, User
from lofte.core.roles import Action, Role
from lofte.promises.models import Activity, Commitment, CommitmentReminder, Promise
from lofte.promises.selectors import published_promises

ACTIVE = [Commitment.Status.PLANNED, Commitment.Status.ONGOING]


def period_start(*, starts_on: dt.date, today: dt.date, weeks: int) -> dt.date:
    """The first day of the block of ``weeks`` weeks (counted from the commitment's start) that holds today."""
    length = weeks * 7
    return starts_on + dt.timedelta(days=(today - starts_on).days // length * length)


def _owner_organisations(commitment: Commitment, partnership: Partnership) -> list[int]:
    if commitment.owner == Commitment.Owner.POLICE:
        return [partnership.police_area_id]
    if commitment.owner == Commitment.Owner.BOTH:
        return [partnership.municipality_id, partnership.police_area_id]
    # The municipality coordinates the promise, also for a named partner without an account here.
    return [partnership.municipality_id]


def reminder_recipients(commitment: Commitment, partnership: Partnership) -> list[str]:
    """The commitment's contact person while still a member of the partnership; else the owning party's
    members who may edit promises (its administrators and analysts)."""
    contact = commitment.contact
    members = Membership.objects.filter(organisation_id__in=partnership.organisation_ids(), user__is_active=True)
    if contact is not None and contact.is_active and contact.email and members.filter(user=contact).exists():
        return [contact.email]
    editors = members.filter(
        organisation_id__in=_owner_organisations(commitment, partnership),
        role__in=[role for role in Role if role.may(Action.EDIT_PROMISES)],
    ).select_related("user")
    return sorted({m.user.email for m in editors if m.user.email})


def quiet_commitments(*, today: dt.date) -> list[tuple[Commitment, dt.date | None]]:
    """Running commitments of the newest published version of each promise whose last done activity (in any
    version) is older than the promise's reminder weeks, with that day (None: nothing logged yet)."""
    found = []
    for promise in published_promises():
        if not promise.reminder_weeks:
            continue
        commitments = list(
            Commitment.objects.filter(
                focus_area__promise=promise, status__in=ACTIVE, starts_on__lte=today, ends_on__gte=today
            ).select_related("contact", "focus_area__promise__partnership")
        )
        last = dict(
            Activity.objects.done()
            .filter(commitment__lineage__in=[c.lineage for c in commitments], occurred_on__lte=today)
            .values("commitment__lineage")
            .annotate(last=Max("occurred_on"))
            .values_list("commitment__lineage", "last")
        )
        quiet_after = dt.timedelta(weeks=promise.reminder_weeks)
        for commitment in commitments:
            since = last.get(commitment.lineage) or commitment.starts_on
            if today - since >= quiet_after:
                found.append((commitment, last.get(commitment.lineage)))
    return found


def commitment_reminders_due(*, today: dt.date | None = None) -> list[CommitmentReminder]:
    """Record a reminder for every quiet commitment that has none in its current period, and queue each to be
    sent. Running it again (the same day, or by two workers) records and sends nothing more."""
    from lofte.promises.tasks import send_commitment_reminder  # noqa: PLC0415 - tasks import this module

    today = today or timezone.localdate()
    created = []
    for commitment, _last in quiet_commitments(today=today):
        promise = commitment.focus_area.promise
        recipients = reminder_recipients(commitment, promise.partnership)
        if not recipients:
            continue
        start = period_start(starts_on=commitment.starts_on, today=today, weeks=promise.reminder_weeks)
        try:
            with transaction.atomic():
                reminder = CommitmentReminder.objects.create(
                    lineage=commitment.lineage, period_start=start, commitment=commitment, recipients=recipients
                )
        except IntegrityError:
            continue  # already reminded in this period
        transaction.on_commit(partial(send_commitment_reminder.enqueue, reminder_id=reminder.pk))
        created.append(reminder)
    return created


@transaction.atomic
def promise_set_reminder_weeks(*, promise: Promise, by: User, weeks: int) -> Promise:
    """How many quiet weeks before the owners are reminded (0: never). A follow-up setting, not the promise's
    content: it changes in any state without a new version or new approvals."""
    if not 0 <= weeks <= 52:
        raise ValidationError({"weeks": _("Skriv ett antal veckor mellan 0 och 52.")})
    before = promise.reminder_weeks
    Promise.objects.filter(pk=promise.pk).update(reminder_weeks=weeks)
    promise.reminder_weeks = weeks
    audit_log(
        actor=by,
        action="promise.reminder_weeks",
        target=promise,
        organisation=promise.partnership.municipality,
        changes={"reminder_weeks": [before, weeks]},
    )
    return promise


def commitment_reminder_send(*, reminder: CommitmentReminder) -> bool:
    """Send one recorded reminder, once: the row is locked and marked sent in the same transaction."""
    with transaction.atomic():
        reminder = (
            CommitmentReminder.objects.select_for_update()
            .select_related("commitment__focus_area__promise__partnership")
            .get(pk=reminder.pk)
        )
        if reminder.sent_at is not None:
            return False
        commitment = reminder.commitment
        promise = commitment.focus_area.promise
        last = (
            Activity.objects.done()
            .filter(commitment__lineage=commitment.lineage)
            .aggregate(last=Max("occurred_on"))["last"]
        )
        context: dict[str, Any] = {
            "commitment": commitment,
            "promise": promise,
            "weeks": promise.reminder_weeks,
            "last": last,
            "log_url": settings.SITE_URL.rstrip("/")
            + reverse("promises:activity_new", args=[promise.partnership.slug, promise.pk, commitment.pk]),
            "calendar_url": settings.SITE_URL.rstrip("/")
            + reverse("promises:calendar", args=[promise.partnership.slug, promise.pk]),
        }
        subject = _("Påminnelse: inga aktiviteter loggade på %(weeks)s veckor – %(what)s") % {
            "weeks": promise.reminder_weeks,
            "what": commitment.what_sv[:60],
        }
        send_mail(subject, render_to_string("promises/email/reminder.txt", context), None, reminder.recipients)
        reminder.sent_at = timezone.now()
        reminder.save(update_fields=["sent_at"])
    return True


__all__ = ["promise_set_reminder_weeks", "commitment_reminder_send", "commitment_reminders_due", "quiet_commitments"]
