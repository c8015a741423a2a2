"""New places: a run stores the place-like names the gazetteer lacks; an analyst adds one to the organisation's
places with one action (the next run knows it) or dismisses it (later runs keep it dismissed)."""

from __future__ import annotations

import datetime as dt

import pytest

from lofte.analysis.models import AnalysisRun, PlaceCandidate
from lofte.analysis.services import analysis_run_execute, analysis_run_start
from lofte.core.models import AuditEntry, Place
from lofte.dialogues.models import Campaign, Dialogue

NEW_PLACE_ANSWERS = [
    "Mörkt på gångvägen genom Hagadungen, där behövs lampor.",
    "Knark vid lekplatsen i Hagadungen på kvällarna.",
    "Fulla utanför krogen på Möllevångstorget.",
    "Jag läste om det på Facebook.",
]


def run_now(campaign: Campaign) -> AnalysisRun:
    run = analysis_run_start(campaign=campaign, by=None, enqueue=False)
    return analysis_run_execute(run_id=run.pk)


@pytest.fixture
def answers_with_new_places(campaign: Campaign) -> list[Dialogue]:
    return [
        Dialogue.objects.create(
            campaign=campaign,
            channel="field",
            conducted_at=dt.datetime(2020, 9, 20, 18, tzinfo=dt.UTC),
            answers={"why_unsafe": text},
            free_text=text,
        )
        for text in NEW_PLACE_ANSWERS
    ]


def test_a_run_stores_names_the_gazetteer_lacks_with_counts_and_examples(campaign, answers_with_new_places):
    run = run_now(campaign)
    assert run.status == AnalysisRun.Status.DONE, run.error
    candidates = {c.name: c for c in PlaceCandidate.objects.filter(run=run)}
    haga = candidates["Hagadungen"]
    assert haga.count == 2 and haga.kind == "grönområde" and haga.status == PlaceCandidate.Status.NEW
    assert sorted(haga.dialogue_ids) == sorted(d.pk for d in answers_with_new_places[:2])
    assert haga.examples[0] == NEW_PLACE_ANSWERS[0]
    assert candidates["Möllevångstorget"].kind == "torg"
    # Known places (Stadsparken, Ekbyparken, the areas) and what is no place are not candidates.
    assert not {"Stadsparken", "Ekbyparken", "Sjöstad", "Norrvik", "Facebook"} & set(candidates)


def test_analyst_adds_a_candidate_to_the_gazetteer_and_the_next_run_knows_it(
    login, sjostad_analyst, sjostad, campaign, answers_with_new_places
):
    run = run_now(campaign)
    haga = PlaceCandidate.objects.get(run=run, name="Hagadungen")
    client = login(sjostad_analyst)
    response = client.post(f"/analys/omgang/{campaign.slug}/nya-platser/{haga.pk}/lagg-till/")
    assert response.status_code == 302
    place = Place.objects.get(organisation=sjostad, name="Hagadungen")
    assert place.kind == Place.Kind.PARK
    haga.refresh_from_db()
    assert haga.status == PlaceCandidate.Status.ADDED and haga.place == place and haga.decided_by == sjostad_analyst
    assert AuditEntry.objects.filter(action="place.create", actor=sjostad_analyst, target_id=place.pk).exists()
    assert AuditEntry.objects.filter(
        action="analysis.place_candidate_add", actor=sjostad_analyst, target_id=haga.pk
    ).exists()

    second = run_now(campaign)
    assert not PlaceCandidate.objects.filter(run=second, key="hagadungen").exists()
    coding = second.codings.get(dialogue=answers_with_new_places[0])
    assert {"id": str(place.pk), "name": "Hagadungen", "kind": "park"} in coding.places


def test_police_analyst_adds_to_the_police_areas_places_not_the_municipalitys(
    login, police_analyst, lpo_sjostad, sjostad, campaign, answers_with_new_places
):
    run = run_now(campaign)
    candidate = PlaceCandidate.objects.get(run=run, name="Möllevångstorget")
    login(police_analyst).post(f"/analys/omgang/{campaign.slug}/nya-platser/{candidate.pk}/lagg-till/")
    assert Place.objects.filter(organisation=lpo_sjostad, name="Möllevångstorget", kind=Place.Kind.SQUARE).exists()
    assert not Place.objects.filter(organisation=sjostad, name="Möllevångstorget").exists()


def test_adding_a_name_the_organisation_already_has_links_that_place(
    login, sjostad_analyst, sjostad, campaign, answers_with_new_places
):
    run = run_now(campaign)
    candidate = PlaceCandidate.objects.get(run=run, name="Hagadungen")
    existing = Place.objects.create(organisation=sjostad, name="hagadungen", kind="park")
    login(sjostad_analyst).post(f"/analys/omgang/{campaign.slug}/nya-platser/{candidate.pk}/lagg-till/")
    candidate.refresh_from_db()
    assert candidate.place == existing
    assert Place.objects.filter(organisation=sjostad, name__iexact="hagadungen").count() == 1


def test_a_dismissed_name_stays_dismissed_in_later_runs(login, sjostad_analyst, campaign, answers_with_new_places):
    run = run_now(campaign)
    candidate = PlaceCandidate.objects.get(run=run, name="Möllevångstorget")
    client = login(sjostad_analyst)
    client.post(f"/analys/omgang/{campaign.slug}/nya-platser/{candidate.pk}/avfarda/")
    candidate.refresh_from_db()
    assert candidate.status == PlaceCandidate.Status.DISMISSED
    assert AuditEntry.objects.filter(action="analysis.place_candidate_dismiss", target_id=candidate.pk).exists()
    assert not Place.objects.filter(name="Möllevångstorget").exists()

    second = run_now(campaign)
    again = PlaceCandidate.objects.get(run=second, key="möllevångstorget")
    assert again.status == PlaceCandidate.Status.DISMISSED
    page = client.get(f"/analys/omgang/{campaign.slug}/nya-platser/")
    assert [c.name for c in page.context["open"]] == ["Hagadungen", "Storgatan"]


def test_the_campaign_page_links_to_the_new_places(login, reader, campaign, answers_with_new_places):
    run_now(campaign)
    client = login(reader)
    page = client.get(f"/analys/omgang/{campaign.slug}/")
    assert page.context["new_places"] == 3  # Hagadungen, Möllevångstorget and Storgatan
    assert f"/analys/omgang/{campaign.slug}/nya-platser/" in page.content.decode()
    listing = client.get(f"/analys/omgang/{campaign.slug}/nya-platser/")
    assert listing.status_code == 200
    assert "Hagadungen" in listing.content.decode()
    assert "lagg-till" not in listing.content.decode()  # a reader sees the names, not the actions


def test_a_reader_may_not_add_a_candidate(login, reader, campaign, answers_with_new_places):
    run = run_now(campaign)
    candidate = PlaceCandidate.objects.get(run=run, name="Hagadungen")
    response = login(reader).post(f"/analys/omgang/{campaign.slug}/nya-platser/{candidate.pk}/lagg-till/")
    assert response.status_code == 403
    assert not Place.objects.filter(name="Hagadungen").exists()
    candidate.refresh_from_db()
    assert candidate.status == PlaceCandidate.Status.NEW
