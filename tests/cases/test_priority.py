"""A fault report inside a current promise's focus area is flagged as a priority, with the reason, on arrival."""

from __future__ import annotations

import datetime as dt
import uuid
from zoneinfo import ZoneInfo

import pytest
from django.urls import reverse

from lofte.cases.models import Case, CaseEvent, CaseKind, Category
from lofte.cases.services import case_submit
from lofte.core.models import Area, AuditEntry, Place
from lofte.promises.models import Commitment, FocusArea, Promise
from lofte.promises.services import (
    commitment_create,
    focus_area_add,
    promise_approve,
    promise_create,
    promise_publish,
)

pytestmark = pytest.mark.django_db

STOCKHOLM = ZoneInfo("Europe/Stockholm")
YEAR = 2020
EVENING = dt.datetime(YEAR, 11, 12, 20, 15, tzinfo=STOCKHOLM)
MORNING = dt.datetime(YEAR, 11, 12, 8, 15, tzinfo=STOCKHOLM)
REASON = "Medborgarlöfte 2020, fokusområde Trygghet i centrum: belysning i Centrum, kväll, natt"


@pytest.fixture
def centrum(sjostad) -> Area:
    return Area.objects.create(organisation=sjostad, name="Centrum")


@pytest.fixture
def torget(sjostad, centrum) -> Place:
    return Place.objects.create(organisation=sjostad, area=centrum, name="Stora torget", latitude=58.5, longitude=13.15)


@pytest.fixture
def ekby_torg(sjostad) -> Place:
    ekby = Area.objects.create(organisation=sjostad, name="Ekby")
    return Place.objects.create(organisation=sjostad, area=ekby, name="Ekby torg", latitude=58.45, longitude=13.09)


def _focus(promise: Promise, analyst, **fields) -> FocusArea:  # noqa: ANN001
    focus = focus_area_add(promise=promise, by=analyst, **fields)
    commitment_create(
        focus_area=focus,
        by=analyst,
        what_sv="Byta trasig belysning inom en vecka",
        owner=Commitment.Owner.MUNICIPALITY,
        starts_on=dt.date(promise.start_year, 1, 1),
        ends_on=dt.date(promise.end_year, 12, 31),
        target_kind=Commitment.TargetKind.COUNT,
        target_value=10,
    )
    return focus


def _promise(partnership, sjostad, lpo_sjostad, analyst, police, centrum, *, publish: bool = True) -> Promise:
    promise = promise_create(partnership=partnership, by=analyst, start_year=YEAR, title_sv="Medborgarlöfte 2020")
    _focus(
        promise,
        analyst,
        theme="belysning",
        title_sv="Trygghet i centrum",
        areas=[centrum],
        times=["kväll", "natt"],
    )
    if publish:
        promise_approve(promise=promise, organisation=sjostad, by=analyst)
        promise_approve(promise=promise, organisation=lpo_sjostad, by=police)
        promise_publish(promise=promise, by=analyst)
    return promise


@pytest.fixture
def promise_2020(partnership, sjostad, lpo_sjostad, sjostad_analyst, police_analyst, centrum) -> Promise:
    return _promise(partnership, sjostad, lpo_sjostad, sjostad_analyst, police_analyst, centrum)


def _report(sjostad, category: Category, place: Place, at: dt.datetime) -> Case:
    return case_submit(
        organisation=sjostad,
        kind=CaseKind.FAULT,
        category=category,
        message="Lampan på torget är släckt.",
        idempotency_key=uuid.uuid4(),
        place=place,
        received_at=at,
    ).case


def test_a_dark_street_light_in_the_focus_area_in_the_evening_is_flagged_with_the_reason(
    sjostad, street_lights, torget, promise_2020
):
    case = _report(sjostad, street_lights, torget, EVENING)
    case.refresh_from_db()
    assert case.priority is True
    assert case.priority_reason == REASON
    assert case.priority_focus_area == promise_2020.focus_areas.get()
    event = case.events.get(kind=CaseEvent.Kind.PRIORITY)
    assert event.after == {"priority": True, "priority_reason": REASON} and event.at == EVENING
    entry = AuditEntry.objects.get(action="case.priority", target_id=str(case.pk))
    assert entry.changes["priority"] == [False, True]


def test_the_same_light_in_the_morning_elsewhere_or_of_another_theme_is_not_flagged(
    sjostad, street_lights, torget, ekby_torg, promise_2020
):
    litter = Category.objects.create(organisation=sjostad, slug="skrap", name_sv="Nedskräpning", theme="nedskrapning")
    morning = _report(sjostad, street_lights, torget, MORNING)
    elsewhere = _report(sjostad, street_lights, ekby_torg, EVENING)
    other_theme = _report(sjostad, litter, torget, EVENING)
    for case in (morning, elsewhere, other_theme):
        case.refresh_from_db()
        assert case.priority is False and case.priority_reason == ""
        assert not case.events.filter(kind=CaseEvent.Kind.PRIORITY).exists()


def test_a_draft_promise_or_one_out_of_period_flags_nothing(
    partnership, sjostad, lpo_sjostad, sjostad_analyst, police_analyst, centrum, street_lights, torget
):
    _promise(partnership, sjostad, lpo_sjostad, sjostad_analyst, police_analyst, centrum, publish=False)
    assert _report(sjostad, street_lights, torget, EVENING).priority is False
    Promise.objects.all().delete()
    _promise(partnership, sjostad, lpo_sjostad, sjostad_analyst, police_analyst, centrum)
    next_year = EVENING.replace(year=YEAR + 1)
    assert _report(sjostad, street_lights, torget, next_year).priority is False


def test_a_focus_area_without_areas_or_times_covers_the_whole_kommun(
    partnership, sjostad, lpo_sjostad, sjostad_analyst, police_analyst, street_lights, ekby_torg
):
    promise = promise_create(partnership=partnership, by=sjostad_analyst, start_year=YEAR, title_sv="Löfte 2020")
    _focus(promise, sjostad_analyst, theme="belysning", title_sv="Ljusare kommun")
    promise_approve(promise=promise, organisation=sjostad, by=sjostad_analyst)
    promise_approve(promise=promise, organisation=lpo_sjostad, by=police_analyst)
    promise_publish(promise=promise, by=sjostad_analyst)
    case = _report(sjostad, street_lights, ekby_torg, MORNING)
    assert case.priority is True
    assert case.priority_reason == "Löfte 2020, fokusområde Ljusare kommun: belysning i hela kommunen"


def test_recategorising_a_case_reassesses_the_flag_and_audits_who_did_it(
    login, case_handler, sjostad, street_lights, torget, promise_2020
):
    litter = Category.objects.create(organisation=sjostad, slug="skrap", name_sv="Nedskräpning", theme="nedskrapning")
    case = _report(sjostad, litter, torget, EVENING)
    assert case.priority is False
    client = login(case_handler)
    url = reverse("cases:case_convert", args=[sjostad.slug, case.reference])
    assert client.post(url, {"kind": CaseKind.FAULT, "category": street_lights.pk}).status_code == 302
    case.refresh_from_db()
    assert case.priority is True and case.priority_reason == REASON
    assert AuditEntry.objects.filter(action="case.priority", actor=case_handler, target_id=str(case.pk)).exists()
    client.post(url, {"kind": CaseKind.FAULT, "category": litter.pk})
    case.refresh_from_db()
    assert case.priority is False and case.priority_reason == "" and case.priority_focus_area is None
    assert case.events.filter(kind=CaseEvent.Kind.PRIORITY).count() == 2


def test_the_handler_filters_the_inbox_on_priorities_and_reads_the_reason_on_the_case(
    login, case_handler, sjostad, street_lights, torget, ekby_torg, promise_2020
):
    flagged = _report(sjostad, street_lights, torget, EVENING)
    plain = _report(sjostad, street_lights, ekby_torg, EVENING)
    client = login(case_handler)
    inbox = client.get(reverse("cases:organisation", args=[sjostad.slug]), {"status": "open", "priority": "on"})
    assert flagged.reference in inbox.text and plain.reference not in inbox.text
    assert inbox.context["counts"]["priority"] == 1
    page = client.get(flagged.get_absolute_url())
    assert "Prioriterat enligt medborgarlöftet" in page.text and REASON in page.text
