"""Gallring per organisation: the schedule, the daily run, its dry run and its audit entries."""

from __future__ import annotations

import datetime as dt
import os
from io import StringIO
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.management import call_command
from django.utils import timezone

from lofte.cases.models import Case, CaseEvent
from lofte.cases.services import case_set_status
from lofte.core.models import AuditEntry, RetentionSchedule
from lofte.core.retention import retention_run, retention_schedule_update, schedule_for
from lofte.dialogues.models import ContactRequest
from lofte.dialogues.services import contact_request_create
from tests.cases.conftest import submit_fault
from tests.dialogues.campaign_fixtures import record

PHOTO = b"\xff\xd8\xff\xe0" + b"0" * 64


def closed_case(organisation, category, handler, *, days_ago: int, email: str = "ada@example.org", photo=False):
    case = submit_fault(organisation, category, email=email)
    if photo:
        case.photo.save(f"{case.reference}.jpg", ContentFile(PHOTO))
    case_set_status(case=case, by=handler, status=Case.Status.CLOSED, message="Lampan är lagad.")
    Case.objects.filter(pk=case.pk).update(closed_at=timezone.now() - dt.timedelta(days=days_ago))
    case.refresh_from_db()
    return case


def test_without_a_saved_schedule_the_defaults_match_what_residents_were_told(sjostad):
    schedule = schedule_for(sjostad)
    assert schedule.pk is None
    # The dialogue form says 90 days; the case form says contact details go 24 months after closing.
    assert schedule.contact_request_days == 90
    assert schedule.case_anonymise_days == 730
    # Whole cases are public records: kept until the municipality decides a period.
    assert schedule.case_delete_days is None and schedule.case_close_days is None


def test_the_admin_cannot_delete_cases_before_their_contact_details(sjostad, sjostad_admin):
    with pytest.raises(ValidationError) as error:
        retention_schedule_update(
            organisation=sjostad, by=sjostad_admin, values={"case_anonymise_days": 365, "case_delete_days": 30}
        )
    assert "case_delete_days" in error.value.message_dict
    assert not RetentionSchedule.objects.exists()
    assert not AuditEntry.objects.filter(action="retention.update").exists()


def test_the_admins_change_is_saved_and_audited_with_before_and_after(sjostad, sjostad_admin):
    retention_schedule_update(organisation=sjostad, by=sjostad_admin, values={"case_delete_days": 1825})
    assert RetentionSchedule.objects.get(organisation=sjostad).case_delete_days == 1825
    retention_schedule_update(organisation=sjostad, by=sjostad_admin, values={"case_delete_days": 3650})
    entry = AuditEntry.objects.filter(action="retention.update").first()
    assert entry.actor == sjostad_admin and entry.changes == {"case_delete_days": [1825, 3650]}


def test_contact_details_of_a_closed_case_go_after_the_period_but_the_case_stays(sjostad, street_lights, case_handler):
    old = closed_case(sjostad, street_lights, case_handler, days_ago=731)
    recent = closed_case(sjostad, street_lights, case_handler, days_ago=700)
    retention_run()
    old.refresh_from_db()
    recent.refresh_from_db()
    assert (old.reporter_name, old.reporter_email, old.consent_at) == ("", "", None)
    assert old.message == "Lampan är trasig."  # the public record is kept
    assert recent.reporter_email == "ada@example.org"
    entry = AuditEntry.objects.get(action="retention.case_anonymise")
    assert entry.target_id == str(old.pk) and entry.actor is None
    assert "ada@" not in str(entry.changes) and "Ada" not in entry.target_repr
    run = AuditEntry.objects.get(action="retention.run", organisation=sjostad)
    assert run.changes["counts"]["cases_anonymised"] == 1


def test_a_case_photo_is_deleted_from_disk_after_its_period(sjostad, street_lights, case_handler):
    case = closed_case(sjostad, street_lights, case_handler, days_ago=400, photo=True)
    path = case.photo.path
    assert os.path.exists(path)
    retention_run()
    case.refresh_from_db()
    assert not case.photo and not os.path.exists(path)
    assert case.reporter_email  # 400 days: the contact details are still within their 730
    assert AuditEntry.objects.filter(action="retention.case_photo_delete", target_id=str(case.pk)).exists()


def test_the_municipality_that_set_a_deletion_period_loses_the_whole_case_with_its_events(
    sjostad, sjostad_admin, street_lights, case_handler
):
    retention_schedule_update(organisation=sjostad, by=sjostad_admin, values={"case_delete_days": 1095})
    gone = closed_case(sjostad, street_lights, case_handler, days_ago=1100, photo=True)
    path = gone.photo.path
    kept = closed_case(sjostad, street_lights, case_handler, days_ago=800)
    reports = retention_run()
    report = next(r for r in reports if r.organisation == sjostad)
    assert report.counts["cases_deleted"] == 1
    # A case due for deletion is not first counted as anonymised or stripped of its photo.
    assert report.counts["cases_anonymised"] == 1 and report.counts["case_photos"] == 0
    assert not Case.objects.filter(pk=gone.pk).exists()
    assert not CaseEvent.objects.filter(case_id=gone.pk).exists()
    assert not os.path.exists(path)
    assert Case.objects.filter(pk=kept.pk, reporter_email="").exists()
    entry = AuditEntry.objects.get(action="retention.case_delete")
    assert entry.target_repr == gone.reference


def test_an_answered_case_nobody_touched_is_closed_and_the_resident_told(
    sjostad, sjostad_admin, street_lights, case_handler, django_capture_on_commit_callbacks
):
    retention_schedule_update(organisation=sjostad, by=sjostad_admin, values={"case_close_days": 30})
    answered = submit_fault(sjostad, street_lights, email="ada@example.org")
    case_set_status(case=answered, by=case_handler, status=Case.Status.FIXED)
    untouched = submit_fault(sjostad, street_lights)
    Case.objects.update(updated_at=timezone.now() - dt.timedelta(days=31))
    retention_run()
    answered.refresh_from_db()
    untouched.refresh_from_db()
    assert answered.status == Case.Status.CLOSED and answered.closed_at is not None
    reply = answered.events.filter(kind=CaseEvent.Kind.REPLY, public=True).last()
    assert "30 dagar" in reply.text
    # Nobody has looked at this one: it is never closed unseen.
    assert untouched.status == Case.Status.RECEIVED


def test_dialogue_contact_requests_follow_the_schedule_even_when_shortened(
    sjostad, sjostad_admin, campaign, dialogue_staff
):
    request = contact_request_create(
        campaign=campaign, dialogue=record(campaign, dialogue_staff), by=dialogue_staff, name="Anna", phone="070"
    )
    assert request.retain_until == timezone.localdate() + dt.timedelta(days=90)
    retention_schedule_update(organisation=sjostad, by=sjostad_admin, values={"contact_request_days": 10})
    ContactRequest.objects.filter(pk=request.pk).update(created_at=timezone.now() - dt.timedelta(days=11))
    retention_run()
    assert not ContactRequest.objects.exists()
    assert AuditEntry.objects.filter(action="contact_request.cull", target_id=str(request.pk)).exists()


def test_the_dry_run_reports_per_organisation_and_kind_and_changes_nothing(
    sjostad, grannby, street_lights, case_handler
):
    case = closed_case(sjostad, street_lights, case_handler, days_ago=800)
    audit_before = AuditEntry.objects.count()
    out = StringIO()
    call_command("cull_personal_data", "--dry-run", stdout=out)
    text = out.getvalue()
    assert "sjostad:\n" in text and "grannby:\n" in text
    assert "  cases_anonymised: 1 att göra" in text
    assert "Provkörning: inget ändrades." in text
    case.refresh_from_db()
    assert case.reporter_email == "ada@example.org"
    assert AuditEntry.objects.count() == audit_before


def test_a_run_killed_half_way_leaves_each_case_whole_and_the_rerun_finishes_once(sjostad, street_lights, case_handler):
    first = closed_case(sjostad, street_lights, case_handler, days_ago=800)
    second = closed_case(sjostad, street_lights, case_handler, days_ago=800)
    calls = 0
    from lofte.core import retention

    original = retention.audit_log

    def dies_on_the_second_case(**kwargs):
        nonlocal calls
        if kwargs["action"] == "retention.case_anonymise":
            calls += 1
            if calls == 2:
                raise KeyboardInterrupt  # the process is killed inside the second case's transaction
        return original(**kwargs)

    with mock.patch.object(retention, "audit_log", dies_on_the_second_case), pytest.raises(KeyboardInterrupt):
        retention_run()
    states = {c.pk: c.reporter_email for c in Case.objects.filter(pk__in=[first.pk, second.pk])}
    # One case is done and audited, the other untouched: nothing half-done.
    assert sorted(states.values()) == ["", "ada@example.org"]
    assert AuditEntry.objects.filter(action="retention.case_anonymise").count() == 1
    retention_run()
    retention_run()
    assert set(Case.objects.filter(pk__in=[first.pk, second.pk]).values_list("reporter_email", flat=True)) == {""}
    assert AuditEntry.objects.filter(action="retention.case_anonymise").count() == 2
    assert AuditEntry.objects.filter(action="retention.run").count() == 1


def test_dialogue_free_text_is_kept_by_default_and_goes_when_the_municipality_sets_a_period(
    sjostad, sjostad_admin, campaign, dialogue_staff
):
    old = record(campaign, dialogue_staff, conducted_at=timezone.now() - dt.timedelta(days=400))
    recent = record(campaign, dialogue_staff)
    retention_run()
    old.refresh_from_db()
    assert old.free_text == "Mörkt vid stationen på kvällen"  # anonymous and redacted: kept by default

    retention_schedule_update(organisation=sjostad, by=sjostad_admin, values={"dialogue_free_text_days": 365})
    retention_run()
    old.refresh_from_db()
    recent.refresh_from_db()
    assert old.free_text == "" and old.answers == {"feel_safe": 2, "why_unsafe": ""}
    assert recent.free_text == "Mörkt vid stationen på kvällen"
    entry = AuditEntry.objects.get(action="retention.dialogue_free_text")
    assert entry.target_id == str(old.pk) and "Mörkt" not in str(entry.changes)
