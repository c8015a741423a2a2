"""The case services: stored state, events and audit for every change."""

from __future__ import annotations

import uuid

import pytest
from django.core.exceptions import ValidationError
from django.db.models import QuerySet

from lofte.cases.models import Case, CaseEvent, CaseKind, Category, HandlerGroup, RoutingRule
from lofte.cases.selectors import case_for_token, haversine_m, nearby_open_cases
from lofte.cases.services import (
    case_assign,
    case_convert,
    case_edit_public_text,
    case_merge,
    case_note,
    case_reply,
    case_set_status,
    case_submit,
)
from lofte.core.models import Area, AuditEntry
from tests.cases.conftest import submit_fault

pytestmark = pytest.mark.django_db


def test_pressing_send_twice_creates_one_case(sjostad, street_lights):
    key = uuid.uuid4()
    first = submit_fault(sjostad, street_lights, key=key)
    second = submit_fault(sjostad, street_lights, key=key)
    assert first.pk == second.pk
    assert Case.objects.count() == 1
    assert CaseEvent.objects.filter(kind=CaseEvent.Kind.SUBMITTED).count() == 1


def test_reference_numbers_follow_each_other_per_organisation_and_year(sjostad, grannby, street_lights):
    a, b = submit_fault(sjostad, street_lights), submit_fault(sjostad, street_lights)
    other = case_submit(organisation=grannby, kind=CaseKind.FEEDBACK, message="Bra!", idempotency_key=uuid.uuid4())
    assert b.number == a.number + 1
    assert a.reference == f"{a.year}-{a.number:06d}"
    assert other.case.number == 1


def test_a_reference_number_taken_by_a_concurrent_submission_goes_to_the_next(sjostad, street_lights, monkeypatch):
    """Two submissions read the same highest number: the unique constraint refuses the second, which takes
    the next number instead of failing or duplicating."""
    first = submit_fault(sjostad, street_lights)
    real = QuerySet.aggregate
    calls = {"n": 0}

    def stale(self, *args, **kwargs):
        calls["n"] += 1
        if calls["n"] == 1:
            return {"m": first.number - 1}  # what a concurrent request saw before `first` committed
        return real(self, *args, **kwargs)

    monkeypatch.setattr(QuerySet, "aggregate", stale)
    second = submit_fault(sjostad, street_lights)
    assert calls["n"] == 2
    assert second.number == first.number + 1
    assert Case.objects.values("reference").distinct().count() == 2


def test_the_tracking_token_is_stored_only_as_a_hash_and_finds_its_case(sjostad, street_lights):
    submitted = case_submit(
        organisation=sjostad,
        kind=CaseKind.FAULT,
        category=street_lights,
        message="Mörkt",
        idempotency_key=None,
        lat=58.5,
        lng=13.15,
    )
    case = Case.objects.get()
    assert submitted.token and len(submitted.token) >= 40
    assert submitted.token not in case.token_hash
    assert case_for_token(submitted.token) == case
    assert case_for_token(submitted.token[:-1] + ("A" if submitted.token[-1] != "A" else "B")) is None
    assert case_for_token("") is None


def test_the_token_is_compared_in_constant_time(sjostad, street_lights, monkeypatch):
    import hmac

    from lofte.cases import selectors

    compared = []
    real = hmac.compare_digest
    monkeypatch.setattr(selectors.hmac, "compare_digest", lambda a, b: compared.append((a, b)) or real(a, b))
    token = case_submit(organisation=sjostad, kind=CaseKind.FEEDBACK, message="Hej", idempotency_key=None).token
    assert case_for_token(token) is not None
    assert compared


def test_a_new_case_is_routed_by_area_and_category_and_gets_its_due_date(sjostad, street_lights):
    area = Area.objects.create(
        organisation=sjostad,
        name="Centrum",
        geometry={
            "type": "Polygon",
            "coordinates": [[[13.1, 58.4], [13.2, 58.4], [13.2, 58.6], [13.1, 58.6], [13.1, 58.4]]],
        },
    )
    night = HandlerGroup.objects.create(organisation=sjostad, name="Centrumgruppen")
    RoutingRule.objects.create(organisation=sjostad, category=street_lights, area=area, group=night)
    case = submit_fault(sjostad, street_lights)
    assert case.area == area
    assert case.group == night
    assert (case.due_at - case.created_at).days == 5
    outside = submit_fault(sjostad, street_lights, lat=58.7, lng=13.5)
    assert outside.group == street_lights.group
    assert CaseEvent.objects.filter(case=case, kind=CaseEvent.Kind.ROUTED).exists()


def test_every_change_is_a_case_event_and_an_audit_entry(sjostad, street_lights, dark_light, case_handler):
    other = submit_fault(sjostad, street_lights)
    before = AuditEntry.objects.count()
    case_assign(case=dark_light, by=case_handler, handler=case_handler, group=None)
    case_set_status(case=dark_light, by=case_handler, status=Case.Status.IN_PROGRESS)
    case_note(case=dark_light, by=case_handler, text="Beställt byte av armatur.")
    case_reply(case=dark_light, by=case_handler, text="Vi byter lampan i veckan.")
    case_edit_public_text(case=dark_light, by=case_handler, text="Trasig lampa vid torget.")
    case_merge(case=other, into=dark_light, by=case_handler)
    feedback = case_convert(
        case=submit_fault(sjostad, street_lights),
        by=case_handler,
        kind=CaseKind.FEEDBACK,
        feedback_type=Case.FeedbackType.QUESTION,
    )
    kinds = list(dark_light.events.values_list("kind", flat=True))
    for kind in ("assigned", "status", "note", "reply", "public_text", "merged"):
        assert kind in kinds
    assert AuditEntry.objects.count() - before >= 9
    status_entry = AuditEntry.objects.get(action="case.status", target_id=str(dark_light.pk))
    assert status_entry.changes == {"status": ["mottagen", "under_behandling"]}
    assert status_entry.actor == case_handler
    dark_light.refresh_from_db()
    assert dark_light.message == "Lampan är trasig."
    assert dark_light.public_text == "Trasig lampa vid torget."
    assert dark_light.first_reply_at is not None
    assert feedback.kind == CaseKind.FEEDBACK and feedback.category is None and feedback.due_at is None


def test_closing_needs_a_message_and_it_reaches_every_merged_reporter(
    sjostad, street_lights, dark_light, case_handler, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
    duplicate = submit_fault(sjostad, street_lights, email="bo@example.org")
    case_merge(case=duplicate, into=dark_light, by=case_handler)
    with pytest.raises(ValidationError):
        case_set_status(case=dark_light, by=case_handler, status=Case.Status.CLOSED)
    with django_capture_on_commit_callbacks(execute=True):
        case_set_status(case=dark_light, by=case_handler, status=Case.Status.CLOSED, message="Lampan är bytt.")
    dark_light.refresh_from_db()
    duplicate.refresh_from_db()
    assert dark_light.closed_at is not None
    assert duplicate.status == Case.Status.CLOSED
    assert duplicate.events.filter(kind=CaseEvent.Kind.REPLY, text="Lampan är bytt.", public=True).exists()
    recipients = [m.to[0] for m in mailoutbox]
    assert "ada@example.org" in recipients and "bo@example.org" in recipients
    assert any("Lampan är bytt." in m.body for m in mailoutbox)


def test_nearby_open_cases_are_within_the_categorys_distance(sjostad, street_lights, dark_light):
    litter = Category.objects.create(
        organisation=sjostad, slug="skrap", name_sv="Nedskräpning", duplicate_distance_m=100
    )
    submit_fault(sjostad, litter)
    near = nearby_open_cases(street_lights, 58.5035 + 0.0002, 13.1577)  # about 22 m north
    assert [n.case for n in near] == [dark_light]
    assert 20 < near[0].distance_m < 25
    assert nearby_open_cases(street_lights, 58.5035 + 0.0004, 13.1577) == []  # about 44 m
    assert round(haversine_m(58.0, 13.0, 59.0, 13.0)) == 111195


def test_a_category_of_another_organisation_is_refused(grannby, street_lights):
    with pytest.raises(ValidationError):
        case_submit(
            organisation=grannby, kind=CaseKind.FAULT, category=street_lights, message="x", idempotency_key=uuid.uuid4()
        )


def test_fault_reports_are_a_source_of_the_lagesbild_without_merged_duplicates(
    partnership, sjostad, street_lights, dark_light, case_handler
):
    from lofte.situation.sources import case_rows

    duplicate = submit_fault(sjostad, street_lights)
    case_merge(case=duplicate, into=dark_light, by=case_handler)
    case_submit(organisation=sjostad, kind=CaseKind.FEEDBACK, message="Bra", idempotency_key=uuid.uuid4())
    rows = list(case_rows(partnership, dark_light.created_at.year))
    assert [row.ref for row in rows] == [f"case:{dark_light.pk}"]
    assert rows[0].theme == "belysning"  # "Gatubelysning" in the shipped case mapping


def test_a_categorys_own_theme_decides_its_lagesbild_theme(partnership, sjostad):
    from lofte.situation.sources import case_rows

    graffiti = Category.objects.create(
        organisation=sjostad, slug="klotter", name_sv="Klotter och skadegörelse", theme="skadegorelse"
    )
    case = submit_fault(sjostad, graffiti)
    rows = list(case_rows(partnership, case.created_at.year))
    assert [(row.ref, row.theme) for row in rows] == [(f"case:{case.pk}", "skadegorelse")]


def test_a_case_cannot_be_merged_back_into_its_own_duplicate_and_stays_in_the_work_queue(
    sjostad, street_lights, dark_light, case_handler
):
    duplicate = submit_fault(sjostad, street_lights)
    case_merge(case=duplicate, into=dark_light, by=case_handler)
    with pytest.raises(ValidationError, match="kan inte slås ihop"):
        case_merge(case=dark_light, into=duplicate, by=case_handler)
    dark_light.refresh_from_db()
    assert dark_light.merged_into is None
    assert dark_light in Case.objects.open()
    assert not dark_light.events.filter(kind=CaseEvent.Kind.MERGED, public=True).exists()


def test_a_case_already_merged_is_not_merged_again(sjostad, street_lights, dark_light, case_handler):
    duplicate, third = submit_fault(sjostad, street_lights), submit_fault(sjostad, street_lights)
    case_merge(case=duplicate, into=dark_light, by=case_handler)
    with pytest.raises(ValidationError, match=f"redan ihopslaget med ärende {dark_light.reference}"):
        case_merge(case=duplicate, into=third, by=case_handler)
    duplicate.refresh_from_db()
    assert duplicate.merged_into == dark_light


def test_merging_a_case_takes_its_duplicates_along_so_their_reporters_hear_the_outcome(
    sjostad, street_lights, dark_light, case_handler
):
    duplicate, main = submit_fault(sjostad, street_lights), submit_fault(sjostad, street_lights)
    case_merge(case=duplicate, into=dark_light, by=case_handler)
    case_merge(case=dark_light, into=main, by=case_handler)
    duplicate.refresh_from_db()
    assert duplicate.merged_into == main
    assert sorted(main.merged.values_list("pk", flat=True)) == sorted([dark_light.pk, duplicate.pk])
    assert duplicate.events.filter(kind=CaseEvent.Kind.MERGED, public=True, text__contains=main.reference).exists()
    case_set_status(case=main, by=case_handler, status=Case.Status.CLOSED, message="Lampan är bytt.")
    duplicate.refresh_from_db()
    assert duplicate.status == Case.Status.CLOSED
