"""Activities planned ahead on a promise's calendar, and a planned activity logged as done."""

from __future__ import annotations

import datetime as dt
import uuid

from django.urls import reverse

from lofte.core.models import AuditEntry
from lofte.promises.models import Activity
from lofte.promises.selectors import activity_totals
from lofte.promises.services import activity_log


def _calendar(promise, **query):
    url = reverse("promises:calendar", args=[promise.partnership.slug, promise.pk])
    return url + ("?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else "")


def test_a_police_commitment_owner_plans_a_school_visit_on_the_calendar(login, published, commitment, police_analyst):
    client = login(police_analyst)
    response = client.post(
        _calendar(published, manad="2021-03"),
        {
            "commitment": commitment.pk,
            "occurred_on": "2021-03-18",
            "what": "Besök på Solskolan",
            "where": "Solskolan",
            "count": "1",
            "key": str(uuid.uuid4()),
        },
    )
    assert response.status_code == 302 and response["Location"].endswith("?manad=2021-03")
    plan = Activity.objects.get()
    assert (plan.planned, plan.occurred_on, plan.by) == (True, dt.date(2021, 3, 18), police_analyst)
    assert activity_totals([commitment]) == {}  # planned does not count
    page = client.get(response["Location"])
    assert "Besök på Solskolan" in page.text and "mars 2021" in page.text
    listed = client.get(_calendar(published, manad="2021-03", visa="lista"))
    assert "Besök på Solskolan" in listed.text and "torsdag 18 mars" in listed.text


def test_a_planned_visit_logged_as_done_turns_into_a_done_activity_and_counts(
    login, published, commitment, police_analyst
):
    plan = activity_log(
        commitment=commitment,
        by=police_analyst,
        occurred_on=dt.date(2021, 3, 18),
        what="Besök på Solskolan",
        count=2,
        planned=True,
        idempotency_key=uuid.uuid4(),
    )
    client = login(police_analyst)
    url = reverse("promises:activity_new", args=[published.partnership.slug, published.pk, commitment.pk])
    form = client.get(f"{url}?plan={plan.pk}")
    assert 'value="Besök på Solskolan"' in form.text and f'name="plan" value="{plan.pk}"' in form.text
    data = {"occurred_on": "2021-03-19", "what": "Besök på Solskolan", "count": "3", "planned": "0",
            "key": str(uuid.uuid4()), "plan": str(plan.pk)}  # fmt: skip
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302  # the phone retried: still one activity
    plan.refresh_from_db()
    assert (plan.planned, plan.occurred_on, plan.count) == (False, dt.date(2021, 3, 19), 3)
    assert Activity.objects.count() == 1
    assert activity_totals([commitment]) == {commitment.lineage: 3}
    assert AuditEntry.objects.filter(action="activity.complete").count() == 1


def test_a_reader_sees_the_calendar_without_a_plan_form_and_cannot_plan(login, published, commitment, reader):
    client = login(reader)
    page = client.get(_calendar(published, manad="2021-05"))
    assert page.status_code == 200 and "Planera en aktivitet" not in page.text
    response = client.post(
        _calendar(published),
        {"commitment": commitment.pk, "occurred_on": "2021-05-01", "what": "x", "count": "1", "key": str(uuid.uuid4())},
    )
    assert response.status_code == 403 and not Activity.objects.exists()


def test_planning_with_a_wrong_date_or_commitment_answers_400_and_stores_nothing(
    login, published, commitment, police_analyst
):
    client = login(police_analyst)
    response = client.post(
        _calendar(published), {"commitment": "999999", "occurred_on": "nästa vecka", "what": "", "key": "x"}
    )
    assert response.status_code == 400 and not Activity.objects.exists()


def test_the_calendar_of_a_junk_month_shows_the_promises_first_month(login, published, reader):
    page = login(reader).get(_calendar(published, manad="2021-13"))
    assert page.status_code == 200 and "januari 2021" in page.text


def test_the_phone_queue_gets_201_then_200_for_the_same_key_and_one_activity(
    login, published, commitment, dialogue_staff
):
    client = login(dialogue_staff)
    url = reverse("promises:activity_new", args=[published.partnership.slug, published.pk, commitment.pk])
    data = {"occurred_on": "2021-04-01", "what": "Besök", "count": "1", "planned": "0", "key": str(uuid.uuid4())}
    first = client.post(url, data, HTTP_ACCEPT="application/json")
    again = client.post(url, data, HTTP_ACCEPT="application/json")
    assert (first.status_code, again.status_code) == (201, 200)
    assert Activity.objects.filter(idempotency_key=data["key"]).count() == 1
    refused = client.post(url, {**data, "count": "-1", "key": str(uuid.uuid4())}, HTTP_ACCEPT="application/json")
    assert refused.status_code == 400 and "count" in refused.json()["errors"]
    assert Activity.objects.count() == 1
