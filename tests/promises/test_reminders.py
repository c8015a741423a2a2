"""E-mail reminders about quiet commitments: to the owner, at most once per commitment and period."""

from __future__ import annotations

import datetime as dt
import io
import uuid

import pytest
from django.core.management import call_command

from lofte.promises.models import Commitment, CommitmentReminder, Promise
from lofte.promises.reminders import commitment_reminders_due, period_start
from lofte.promises.services import activity_log


@pytest.fixture
def immediate_tasks(settings):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}


def _run(day: str, capture) -> str:
    out = io.StringIO()
    with capture(execute=True):
        call_command("send_promise_reminders", f"--date={day}", stdout=out)
    return out.getvalue()


def test_the_daily_run_twice_reminds_the_police_owner_once(
    published,
    commitment,
    police_analyst,
    sjostad_analyst,
    immediate_tasks,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    activity_log(
        commitment=commitment,
        by=police_analyst,
        occurred_on=dt.date(2021, 2, 1),
        what="Besök",
        idempotency_key=uuid.uuid4(),
    )
    assert _run("2021-03-10", django_capture_on_commit_callbacks) == "1 reminders queued\n"
    assert _run("2021-03-10", django_capture_on_commit_callbacks) == "0 reminders queued\n"
    assert len(mailoutbox) == 1
    mail = mailoutbox[0]
    # Owned by the police: the police area's editors are reminded, not the municipality's.
    assert mail.to == [police_analyst.email] and "4 veckor" in mail.subject
    assert "2021-02-01" in mail.body and "/logga/" in mail.body
    reminder = CommitmentReminder.objects.get()
    assert reminder.lineage == commitment.lineage and reminder.sent_at is not None
    assert reminder.period_start == period_start(starts_on=dt.date(2021, 1, 1), today=dt.date(2021, 3, 10), weeks=4)
    # The next period, still quiet: one more.
    _run("2021-04-20", django_capture_on_commit_callbacks)
    assert len(mailoutbox) == 2 and CommitmentReminder.objects.count() == 2


def test_a_commitment_with_recent_activity_or_a_contact_person(
    published,
    commitment,
    police_analyst,
    dialogue_staff,
    immediate_tasks,
    mailoutbox,
    django_capture_on_commit_callbacks,
):
    activity_log(
        commitment=commitment,
        by=police_analyst,
        occurred_on=dt.date(2021, 3, 1),
        what="Besök",
        idempotency_key=uuid.uuid4(),
    )
    _run("2021-03-10", django_capture_on_commit_callbacks)
    assert mailoutbox == [] and not CommitmentReminder.objects.exists()
    Commitment.objects.filter(pk=commitment.pk).update(contact=dialogue_staff)
    _run("2021-04-20", django_capture_on_commit_callbacks)
    assert [m.to for m in mailoutbox] == [[dialogue_staff.email]]


def test_no_reminders_when_the_promise_turns_them_off_or_the_commitment_is_done(
    published, commitment, immediate_tasks, mailoutbox
):
    Promise.objects.filter(pk=published.pk).update(reminder_weeks=0)
    assert commitment_reminders_due(today=dt.date(2021, 6, 1)) == []
    Promise.objects.filter(pk=published.pk).update(reminder_weeks=4)
    Commitment.objects.filter(pk=commitment.pk).update(status="done")
    assert commitment_reminders_due(today=dt.date(2021, 6, 1)) == []
    assert mailoutbox == []


def test_a_draft_promise_sends_no_reminders(draft, commitment, immediate_tasks, mailoutbox):
    assert commitment_reminders_due(today=dt.date(2021, 6, 1)) == []


def test_a_coordinator_sets_the_reminder_weeks_on_the_steering_page(login, published, sjostad_analyst, reader):
    url = f"/medborgarloften/{published.partnership.slug}/{published.pk}/styrgrupp/"
    assert login(reader).post(url, {"weeks": "2"}).status_code == 403
    client = login(sjostad_analyst)
    assert client.post(url, {"weeks": "99"}).status_code == 400
    assert client.post(url, {"weeks": "2"}).status_code == 302
    published.refresh_from_db()
    assert published.reminder_weeks == 2 and published.status == "published"
