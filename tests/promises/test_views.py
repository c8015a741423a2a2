"""The staff pages over HTTP: drafting, suggestions, approval, publication and logging on a phone."""

from __future__ import annotations

import datetime as dt
import uuid

from django.urls import reverse

from lofte.promises.models import Activity, Commitment, FocusArea, Promise, PromiseApproval
from lofte.situation.models import Report
from tests.promises.test_services import DATASET


def test_an_analyst_starts_a_promise_for_a_year(login, partnership, sjostad_analyst):
    client = login(sjostad_analyst)
    response = client.post(
        reverse("promises:partnership", args=[partnership.slug]), {"start_year": 2021, "title_sv": "Löfte 2021"}
    )
    promise = Promise.objects.get()
    assert response.status_code == 302 and response["Location"] == promise.get_absolute_url()
    assert (promise.start_year, promise.end_year, promise.status) == (2021, 2021, "draft")


def test_a_reader_sees_promises_but_cannot_start_one(login, partnership, reader, draft):
    client = login(reader)
    page = client.get(reverse("promises:partnership", args=[partnership.slug]))
    assert page.status_code == 200 and "Medborgarlöfte 2021" in page.text
    assert "Börja skriva" not in page.text
    response = client.post(
        reverse("promises:partnership", args=[partnership.slug]), {"start_year": 2022, "title_sv": "x"}
    )
    assert response.status_code == 403
    assert Promise.objects.count() == 1


def test_the_drafting_page_offers_the_lagesbilds_candidates_and_keeps_their_evidence(
    login, partnership, sjostad_analyst, draft, centrum
):
    dataset = dict(DATASET, candidates=[dict(DATASET["candidates"][0], areas=[centrum.pk])])
    Report.objects.create(partnership=partnership, year=2020, dataset=dataset)
    client = login(sjostad_analyst)
    page = client.get(draft.get_absolute_url())
    assert "Centrum – kväll, natt" in page.text
    response = client.post(
        reverse("promises:focus_area_create", args=[partnership.slug, draft.pk]),
        {"candidate": "0", "title_sv": "Tryggare kvällar i centrum", "why_sv": "Många nämner berusade personer."},
    )
    assert response.status_code == 302
    focus = FocusArea.objects.get(title_sv="Tryggare kvällar i centrum")
    assert focus.theme == "alkohol_berusning"
    assert focus.evidence["quotes"][0]["ref"] == "dialogue:7"


def test_a_focus_area_without_candidate_or_theme_is_refused(login, partnership, sjostad_analyst, draft):
    client = login(sjostad_analyst)
    response = client.post(reverse("promises:focus_area_create", args=[partnership.slug, draft.pk]), {"title_sv": "x"})
    assert response.status_code == 400
    assert draft.focus_areas.count() == 1


def test_a_library_suggestion_fills_the_form_and_saves_nothing(login, partnership, sjostad_analyst, draft, focus):
    client = login(sjostad_analyst)
    url = reverse("promises:commitment_new", args=[partnership.slug, draft.pk, focus.pk])
    page = client.get(url + "?forslag=trafikkontroll-skolor")
    assert "trafikkontroller nära skolor" in page.text
    assert Commitment.objects.count() == 1
    response = client.post(
        url,
        {
            "what_sv": "Polisen gör trafikkontroller nära Norrskolan",
            "owner": "police",
            "starts_on": "2021-01-01",
            "ends_on": "2021-12-31",
            "target_kind": "count",
            "target_value": "10",
        },
    )
    assert response.status_code == 302
    assert Commitment.objects.filter(what_sv="Polisen gör trafikkontroller nära Norrskolan", target_value=10).exists()


def test_a_commitment_with_a_partner_but_no_name_is_re_rendered_with_the_error(
    login, partnership, sjostad_analyst, draft, focus
):
    client = login(sjostad_analyst)
    response = client.post(
        reverse("promises:commitment_new", args=[partnership.slug, draft.pk, focus.pk]),
        {
            "what_sv": "x",
            "owner": "partner",
            "starts_on": "2021-01-01",
            "ends_on": "2021-12-31",
            "target_kind": "yes_no",
        },
    )
    assert response.status_code == 400
    assert "Skriv vilken part som ansvarar." in response.text
    assert Commitment.objects.count() == 1


def test_each_party_approves_then_publish(client, login, partnership, signatories, draft, sjostad, lpo_sjostad):
    municipal, police = signatories
    url = reverse("promises:approve", args=[partnership.slug, draft.pk])
    login(municipal)
    # Signing for the other party is refused.
    assert client.post(url, {"organisation": lpo_sjostad.pk}).status_code == 403
    client.post(url, {"organisation": sjostad.pk})
    refused = client.post(reverse("promises:publish", args=[partnership.slug, draft.pk]), follow=True)
    assert "Saknas: LPO Sjöstad" in refused.text
    login(police)
    client.post(url, {"organisation": lpo_sjostad.pk})
    assert PromiseApproval.objects.count() == 2
    client.post(reverse("promises:publish", args=[partnership.slug, draft.pk]))
    draft.refresh_from_db()
    assert draft.status == "published"


def test_logging_an_activity_twice_with_the_same_key_stores_once(
    login, partnership, dialogue_staff, published, commitment
):
    client = login(dialogue_staff)
    url = reverse("promises:activity_new", args=[partnership.slug, published.pk, commitment.pk])
    form = client.get(url)
    assert form.status_code == 200 and "novalidate" in form.text
    data = {
        "occurred_on": "2021-03-04",
        "what": "Besök på Norrskolan",
        "count": "2",
        "planned": "0",
        "key": str(uuid.uuid4()),
    }
    assert client.post(url, data).status_code == 302
    assert client.post(url, data).status_code == 302
    activity = Activity.objects.get()
    assert (activity.count, activity.by, activity.occurred_on) == (2, dialogue_staff, dt.date(2021, 3, 4))


def test_a_reader_cannot_log_activities(login, partnership, reader, published, commitment):
    client = login(reader)
    url = reverse("promises:activity_new", args=[partnership.slug, published.pk, commitment.pk])
    assert client.get(url).status_code == 403


def test_the_follow_up_view_shows_progress_and_the_timeline(login, partnership, sjostad_analyst, published, commitment):
    from lofte.promises.services import activity_log

    activity_log(
        commitment=commitment,
        by=sjostad_analyst,
        occurred_on=dt.date(2021, 2, 1),
        what="Besök",
        count=10,
        idempotency_key=uuid.uuid4(),
    )
    client = login(sjostad_analyst)
    page = client.get(reverse("promises:commitment", args=[partnership.slug, published.pk, commitment.pk]))
    assert page.status_code == 200
    assert 'value="25"' in page.text and "10 av 40" in page.text
    response = client.post(
        reverse("promises:commitment", args=[partnership.slug, published.pk, commitment.pk]), {"status": "ongoing"}
    )
    assert response.status_code == 302
    commitment.refresh_from_db()
    assert commitment.status == "ongoing"


def test_an_outsider_does_not_learn_the_promise_exists(login, outsider, partnership, draft):
    client = login(outsider)
    assert client.get(draft.get_absolute_url()).status_code == 404


def test_a_superscript_digit_as_the_earlier_commitment_is_ignored_not_a_server_error(
    login, partnership, sjostad_analyst, draft, focus
):
    url = reverse("promises:commitment_new", args=[partnership.slug, draft.pk, focus.pk])
    response = login(sjostad_analyst).get(url + "?tidigare=²")
    assert response.status_code == 200


def test_a_coordinator_names_a_police_contact_person_for_a_commitment(
    login, partnership, sjostad_analyst, police_analyst, draft, commitment
):
    client = login(sjostad_analyst)
    url = reverse("promises:commitment_edit", args=[partnership.slug, draft.pk, commitment.pk])
    form = client.get(url)
    assert police_analyst.get_full_name() in form.text or police_analyst.username in form.text
    data = {
        "what_sv": commitment.what_sv,
        "owner": "police",
        "starts_on": "2021-01-01",
        "ends_on": "2021-12-31",
        "target_kind": "count",
        "target_value": "40",
        "contact": police_analyst.pk,
    }
    assert client.post(url, data).status_code == 302
    commitment.refresh_from_db()
    assert commitment.contact == police_analyst
