"""Duplicate suggestions: the same category, within the category's distance AND its time window, for the
handler (with a one-click merge) and for the resident ("is it one of these?") alike."""

from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.urls import reverse
from django.utils import timezone

from lofte.cases.models import Case, CaseEvent
from lofte.cases.selectors import nearby_open_cases
from tests.cases.conftest import submit_fault

pytestmark = pytest.mark.django_db

# About 11 m apart in latitude.
HERE = (58.5035, 13.1577)
NEAR = (58.5036, 13.1577)


def _age(case: Case, days: int) -> Case:
    Case.objects.filter(pk=case.pk).update(created_at=timezone.now() - dt.timedelta(days=days))
    case.refresh_from_db()
    return case


def test_an_old_open_case_at_the_same_place_is_not_suggested(sjostad, street_lights):
    street_lights.duplicate_days = 14
    street_lights.save()
    old = _age(submit_fault(sjostad, street_lights, lat=NEAR[0], lng=NEAR[1]), 40)
    recent = _age(submit_fault(sjostad, street_lights, lat=NEAR[0], lng=NEAR[1]), 3)
    found = [n.case for n in nearby_open_cases(street_lights, *HERE)]
    assert found == [recent]
    assert old.is_open


def test_suggestions_are_ranked_by_distance_and_time(sjostad, street_lights):
    # Distance and age count as shares of the category's limits (30 m, 30 days).
    near_old = _age(submit_fault(sjostad, street_lights, lat=NEAR[0], lng=NEAR[1]), 5)
    far_new = _age(submit_fault(sjostad, street_lights, lat=58.50375, lng=13.1577), 0)  # ~28 m
    same_spot_new = _age(submit_fault(sjostad, street_lights, lat=HERE[0], lng=HERE[1]), 1)
    near_older = _age(submit_fault(sjostad, street_lights, lat=NEAR[0], lng=NEAR[1]), 25)
    ranked = [n.case for n in nearby_open_cases(street_lights, *HERE)]
    assert ranked == [same_spot_new, near_old, far_new, near_older]


def test_the_handler_sees_suggestions_in_the_window_around_the_case_and_merges_with_one_click(
    login, case_handler, sjostad, street_lights
):
    first = _age(submit_fault(sjostad, street_lights, lat=NEAR[0], lng=NEAR[1], email="ada@example.org"), 2)
    second = submit_fault(sjostad, street_lights, lat=HERE[0], lng=HERE[1], email="bo@example.org")
    outside = _age(submit_fault(sjostad, street_lights, lat=HERE[0], lng=HERE[1]), 90)
    client = login(case_handler)
    page = client.get(second.get_absolute_url())
    assert [n.case for n in page.context["suggestions"]] == [first]
    assert f"Slå ihop med {first.reference}" in page.content.decode()
    response = client.post(
        reverse("cases:case_merge", args=[sjostad.slug, second.reference]), {"into": first.reference}
    )
    assert response.status_code == 302
    second.refresh_from_db()
    assert second.merged_into == first
    assert second.events.filter(kind=CaseEvent.Kind.MERGED, public=True).exists()
    assert outside.merged_into is None
    # The merged reporter is kept informed: closing the first case tells both.
    client.post(
        reverse("cases:case_status", args=[sjostad.slug, first.reference]),
        {"status": "avslutad", "message": "Lampan är bytt."},
    )
    second.refresh_from_db()
    assert second.status == Case.Status.CLOSED
    assert second.events.filter(kind=CaseEvent.Kind.REPLY, text="Lampan är bytt.").exists()


def test_the_resident_is_offered_only_cases_within_the_window(client, sjostad, street_lights):
    street_lights.duplicate_days = 7
    street_lights.save()
    _age(submit_fault(sjostad, street_lights, lat=NEAR[0], lng=NEAR[1]), 30)
    data = {
        "idempotency_key": str(uuid.uuid4()),
        "category": street_lights.pk,
        "lat": str(HERE[0]),
        "lng": str(HERE[1]),
        "message": "Mörkt",
    }
    response = client.post(reverse("cases_public:fault", args=[sjostad.slug]), data)
    assert response.status_code in (200, 302)
    assert Case.objects.count() == 2  # nothing was offered: the new report went straight in


def test_a_resident_cannot_follow_a_case_the_rule_did_not_offer(client, sjostad, street_lights):
    far = submit_fault(sjostad, street_lights, lat=58.6, lng=13.3)
    data = {
        "idempotency_key": str(uuid.uuid4()),
        "category": street_lights.pk,
        "lat": str(HERE[0]),
        "lng": str(HERE[1]),
        "message": "Mörkt",
        "follow": far.reference,
    }
    client.post(reverse("cases_public:fault", args=[sjostad.slug]), data)
    new = Case.objects.exclude(pk=far.pk).get()
    assert new.merged_into is None
