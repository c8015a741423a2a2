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
        "based_on": 0,
    }
    assert client.post(url, data).status_code == 302
    commitment.refresh_from_db()
    assert commitment.contact == police_analyst


def _edit_data(commitment, **changes) -> dict:
    return {
        "what_sv": commitment.what_sv,
        "owner": "police",
        "starts_on": "2021-01-01",
        "ends_on": "2021-12-31",
        "target_kind": "count",
        "target_value": "40",
        "based_on": 0,
    } | changes


def test_a_commitment_edit_from_a_stale_page_is_refused_and_keeps_the_other_persons_change(
    login, partnership, sjostad_analyst, police_analyst, draft, commitment
):
    from django.test import Client

    from lofte.core.models import AuditEntry
    from tests.conftest import verify_second_factor

    url = reverse("promises:commitment_edit", args=[partnership.slug, draft.pk, commitment.pk])
    first, second = login(sjostad_analyst), Client()
    second.force_login(police_analyst)
    if police_analyst.needs_two_factor():
        verify_second_factor(second, police_analyst)
    assert 'name="based_on" value="0"' in first.get(url).text
    assert 'name="based_on" value="0"' in second.get(url).text
    assert first.post(url, _edit_data(commitment, what_sv="Polisen besöker skolorna")).status_code == 302
    stale = second.post(url, _edit_data(commitment, what_sv="Den gamla texten, ändrad"))
    assert stale.status_code == 400
    assert "Någon annan har sparat en ändring av åtagandet medan du hade det öppet" in stale.text
    commitment.refresh_from_db()
    assert (commitment.what_sv, commitment.revision) == ("Polisen besöker skolorna", 1)
    assert AuditEntry.objects.filter(action="commitment.update", target_id=str(commitment.pk)).count() == 1
    assert 'name="based_on" value="1"' in second.get(url).text


def test_a_commitment_target_written_with_a_decimal_comma_is_stored(
    login, partnership, sjostad_analyst, draft, commitment
):
    url = reverse("promises:commitment_edit", args=[partnership.slug, draft.pk, commitment.pk])
    data = _edit_data(commitment, target_kind="survey", target_value="2,5", survey_item="otrygg_kvall")
    assert login(sjostad_analyst).post(url, data | {"baseline_value": "3,1"}).status_code == 302
    commitment.refresh_from_db()
    assert (commitment.target_value, commitment.baseline_value) == (2.5, 3.1)


def test_a_count_target_that_is_no_whole_number_is_refused_with_a_message(
    login, partnership, sjostad_analyst, draft, commitment
):
    url = reverse("promises:commitment_edit", args=[partnership.slug, draft.pk, commitment.pk])
    response = login(sjostad_analyst).post(url, _edit_data(commitment, target_value="2,5"))
    assert response.status_code == 400
    assert "Ett antal är ett heltal, till exempel 20." in response.text
    commitment.refresh_from_db()
    assert commitment.target_value == 40


def test_a_survey_measurement_outside_the_surveys_scale_is_refused(
    login, partnership, sjostad_analyst, published, commitment
):
    url = reverse("promises:commitment", args=[partnership.slug, published.pk, commitment.pk])
    client = login(sjostad_analyst)
    response = client.post(url, {"status": "ongoing", "measured_value": "-42"})
    assert response.status_code == 400
    assert "Värdet är ett index i trygghetsmätningen, mellan 0 och 6." in response.text
    commitment.refresh_from_db()
    assert (commitment.status, commitment.measured_value) == ("planned", None)
    assert client.post(url, {"status": "ongoing", "measured_value": "2,4"}).status_code == 302
    commitment.refresh_from_db()
    assert (commitment.status, commitment.measured_value) == ("ongoing", 2.4)


def test_the_drafting_page_names_the_evidences_theme_and_area_not_its_internal_code(
    login, partnership, sjostad_analyst, draft, centrum
):
    dataset = dict(DATASET, candidates=[dict(DATASET["candidates"][0], areas=[])])
    dataset["matrix"] = [{"theme": "offentliga_platser", "area": None, "dialogues": {"count": 18, "share": 0.1}}]
    dataset["candidates"] = [dict(dataset["candidates"][0], theme="offentliga_platser")]
    Report.objects.create(partnership=partnership, year=2020, dataset=dataset)
    client = login(sjostad_analyst)
    client.post(
        reverse("promises:focus_area_create", args=[partnership.slug, draft.pk]),
        {"candidate": "0", "title_sv": "Centrum och stationen"},
    )
    focus = FocusArea.objects.get(title_sv="Centrum och stationen")
    # The cell of one area, as a candidate of that area would have kept it.
    focus.evidence["numbers"].append(
        {"area": centrum.pk, "dialogues": 7, "ref": f"cell:offentliga_platser:{centrum.pk}"}
    )
    focus.save()
    page = client.get(draft.get_absolute_url()).text
    assert "theme:offentliga_platser" not in page and "cell:offentliga_platser" not in page
    assert "18 dialoger <span" in page and "(Offentliga platser, hela kommunen)" in page
    assert "(Offentliga platser, Centrum)" in page
    english = client.get(draft.get_absolute_url() + "?lang=en").text
    assert "theme:offentliga_platser" not in english


def test_a_form_sent_to_a_published_promise_says_why_and_nothing_false(login, partnership, sjostad_analyst, published):
    response = login(sjostad_analyst).post(
        reverse("promises:focus_area_create", args=[partnership.slug, published.pk]),
        {"theme": "trafik", "title_sv": "Trafik"},
    )
    assert response.status_code == 400
    assert "Ett publicerat medborgarlöfte ändras bara genom en ny version." in response.text
    assert "Det finns ingen beräknad lägesbild" not in response.text
    assert published.focus_areas.count() == 1


# Changing and removing focus areas and commitments of a draft --------------------------------------------


def _focus_with_commitments(draft, by, title: str, *whats: str) -> FocusArea:
    """A focus area with a commitment and the rest of ``whats`` as its sub-commitments."""
    from lofte.promises.services import commitment_create, focus_area_add

    focus = focus_area_add(promise=draft, by=by, theme="synlig_narvaro", title_sv=title)
    parent = None
    for what in whats:
        created = commitment_create(
            focus_area=focus,
            by=by,
            what_sv=what,
            owner="municipality",
            starts_on=dt.date(2021, 1, 1),
            ends_on=dt.date(2021, 12, 31),
            target_kind="yes_no",
            parent=parent,
        )
        parent = parent or created
    return focus


def test_an_analyst_changes_a_focus_areas_title_and_why(login, partnership, sjostad_analyst, draft, focus):
    from lofte.core.models import AuditEntry

    client = login(sjostad_analyst)
    url = reverse("promises:focus_area_edit", args=[partnership.slug, draft.pk, focus.pk])
    form = client.get(url)
    assert form.status_code == 200 and 'value="Trygghet i centrum"' in form.text
    response = client.post(
        url,
        {
            "title_sv": "Tryggare kvällar i centrum",
            "title_en": "Safer evenings in the centre",
            "why_sv": "Många känner sig otrygga vid busstorget.",
        },
        follow=True,
    )
    assert response.redirect_chain == [(draft.get_absolute_url(), 302)]
    assert "Fokusområdet är sparat." in response.text
    focus.refresh_from_db()
    assert (focus.title_sv, focus.title_en, focus.why_sv, focus.why_en, focus.theme) == (
        "Tryggare kvällar i centrum",
        "Safer evenings in the centre",
        "Många känner sig otrygga vid busstorget.",
        "",
        "synlig_narvaro",
    )
    entry = AuditEntry.objects.get(action="focus_area.update", target_id=str(focus.pk))
    assert entry.changes["title_sv"] == ["Trygghet i centrum", "Tryggare kvällar i centrum"]


def test_a_focus_area_without_a_title_is_not_saved(login, partnership, sjostad_analyst, draft, focus):
    url = reverse("promises:focus_area_edit", args=[partnership.slug, draft.pk, focus.pk])
    response = login(sjostad_analyst).post(url, {"title_sv": "", "why_sv": "x"})
    assert response.status_code == 400
    assert "Fokusområdet sparades inte." in response.text
    focus.refresh_from_db()
    assert (focus.title_sv, focus.why_sv) == ("Trygghet i centrum", "Många känner sig otrygga i centrum på kvällarna.")


def test_removing_a_duplicate_focus_area_takes_its_commitments_with_it(
    login, partnership, sjostad_analyst, draft, focus, commitment
):
    from lofte.core.models import AuditEntry

    duplicate = _focus_with_commitments(
        draft, sjostad_analyst, "Trygghet i centrum", "Kvällsvandringar i centrum", "Vandring vid busstorget"
    )
    removed = list(duplicate.commitments.values_list("pk", flat=True))
    client = login(sjostad_analyst)
    url = reverse("promises:focus_area_remove", args=[partnership.slug, draft.pk, duplicate.pk])
    page = client.get(url)
    assert page.status_code == 200
    assert "Kvällsvandringar i centrum" in page.text and "Vandring vid busstorget" in page.text
    assert "tas bort med det" in page.text
    assert FocusArea.objects.filter(pk=duplicate.pk).exists()  # asking removes nothing
    response = client.post(url, follow=True)
    assert response.redirect_chain == [(draft.get_absolute_url(), 302)]
    assert "Fokusområdet Trygghet i centrum är borttaget." in response.text
    assert list(draft.focus_areas.all()) == [focus]
    assert not Commitment.objects.filter(pk__in=removed).exists()
    assert list(focus.commitments.all()) == [commitment]
    assert AuditEntry.objects.filter(action="focus_area.remove", target_id=str(duplicate.pk)).count() == 1
    assert set(AuditEntry.objects.filter(action="commitment.remove").values_list("target_id", flat=True)) == {
        str(pk) for pk in removed
    }


def test_a_kommunpolis_removes_a_commitment_with_its_sub_commitments(
    login, partnership, sjostad_analyst, police_analyst, draft, focus, commitment
):
    from lofte.core.models import AuditEntry

    other = _focus_with_commitments(draft, sjostad_analyst, "Trafik", "Trafikkontroller", "Kontroll vid Norrskolan")
    parent = other.commitments.get(parent__isnull=True)
    child = other.commitments.get(parent=parent)
    client = login(police_analyst)
    url = reverse("promises:commitment_remove", args=[partnership.slug, draft.pk, parent.pk])
    page = client.get(url)
    assert page.status_code == 200 and "Kontroll vid Norrskolan" in page.text
    assert "Åtagandets delåtaganden tas bort med det:" in page.text
    response = client.post(url, follow=True)
    assert response.redirect_chain == [(draft.get_absolute_url(), 302)]
    assert "Åtagandet är borttaget." in response.text
    assert not Commitment.objects.filter(pk__in=[parent.pk, child.pk]).exists()
    assert list(Commitment.objects.all()) == [commitment]
    assert FocusArea.objects.filter(pk=other.pk).exists()
    assert set(
        AuditEntry.objects.filter(action="commitment.remove", actor=police_analyst).values_list("target_id", flat=True)
    ) == {str(parent.pk), str(child.pk)}


def test_removing_a_commitment_of_an_agreed_promise_withdraws_the_approvals(
    login, partnership, signatories, draft, focus, commitment, sjostad, lpo_sjostad
):
    from lofte.promises.services import promise_approve

    municipal, police = signatories
    _focus_with_commitments(draft, municipal, "Trafik", "Trafikkontroller")
    promise_approve(promise=draft, organisation=sjostad, by=municipal)
    promise_approve(promise=draft, organisation=lpo_sjostad, by=police)
    client = login(municipal)
    url = reverse("promises:commitment_remove", args=[partnership.slug, draft.pk, commitment.pk])
    assert "Alla parter behöver godkänna löftet igen." in client.get(url).text
    assert client.post(url).status_code == 302
    draft.refresh_from_db()
    assert draft.status == "draft"
    assert not PromiseApproval.objects.exists()
    assert not Commitment.objects.filter(pk=commitment.pk).exists()


def test_removing_from_a_published_promise_is_refused_with_the_reason_and_removes_nothing(
    login, partnership, sjostad_analyst, published, focus, commitment
):
    from lofte.core.models import AuditEntry

    client = login(sjostad_analyst)
    focus_url = reverse("promises:focus_area_remove", args=[partnership.slug, published.pk, focus.pk])
    commitment_url = reverse("promises:commitment_remove", args=[partnership.slug, published.pk, commitment.pk])
    asked = client.get(commitment_url)
    assert asked.status_code == 200 and "Ett publicerat medborgarlöfte ändras bara genom en ny version." in asked.text
    assert "Ta bort åtagandet</button>" not in asked.text
    assert "Ta bort<span" not in client.get(published.get_absolute_url()).text
    for url in (focus_url, commitment_url):
        response = client.post(url)
        assert response.status_code == 400
        assert "Ett publicerat medborgarlöfte ändras bara genom en ny version." in response.text
    edit = client.post(
        reverse("promises:focus_area_edit", args=[partnership.slug, published.pk, focus.pk]), {"title_sv": "Nytt"}
    )
    assert edit.status_code == 400 and "ändras bara genom en ny version" in edit.text
    published.refresh_from_db()
    assert published.status == "published"
    assert list(published.focus_areas.all()) == [focus]
    assert list(focus.commitments.all()) == [commitment]
    focus.refresh_from_db()
    assert focus.title_sv == "Trygghet i centrum"
    assert not AuditEntry.objects.filter(action__in=["focus_area.remove", "commitment.remove", "focus_area.update"])


def test_a_reader_may_not_change_or_remove_focus_areas_or_commitments(
    login, partnership, reader, draft, focus, commitment
):
    client = login(reader)
    page = client.get(draft.get_absolute_url())
    assert page.status_code == 200 and "Ta bort" not in page.text
    edit = reverse("promises:focus_area_edit", args=[partnership.slug, draft.pk, focus.pk])
    remove_focus = reverse("promises:focus_area_remove", args=[partnership.slug, draft.pk, focus.pk])
    remove_commitment = reverse("promises:commitment_remove", args=[partnership.slug, draft.pk, commitment.pk])
    for url in (edit, remove_focus, remove_commitment):
        assert client.get(url).status_code == 403
        assert client.post(url, {"title_sv": "Av läsaren"}).status_code == 403
    focus.refresh_from_db()
    assert focus.title_sv == "Trygghet i centrum"
    assert list(Commitment.objects.all()) == [commitment]
