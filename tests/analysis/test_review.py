"""Reviewing codings over HTTP: accept, correct, bulk actions, who may do it, and the audit trail."""

from __future__ import annotations

import pytest

from lofte.analysis.models import CodingCorrection, DialogueCoding
from lofte.core.models import AuditEntry
from tests.analysis.test_runs import coding_of, run_now


@pytest.fixture
def run(campaign):
    return run_now(campaign)


def test_review_queue_lists_the_least_certain_answers_first(login, sjostad_analyst, campaign, run):
    response = login(sjostad_analyst).get(f"/analys/omgang/{campaign.slug}/svar/")
    assert response.status_code == 200
    ranks = [DialogueCoding.objects.get(pk=item.coding.pk).uncertainty for item in response.context["items"]]
    assert ranks == sorted(ranks, reverse=True)
    assert "<mark" in response.content.decode()


def test_police_analyst_corrects_an_answer_of_the_partnerships_campaign(login, police_analyst, campaign, run):
    coding = coding_of(run, "Hundägare")
    response = login(police_analyst).post(
        f"/analys/omgang/{campaign.slug}/svar/{coding.pk}/",
        {"action": "save", "themes": ["nedskrapning", "offentliga_platser"]},
    )
    assert response.status_code == 302
    coding.refresh_from_db()
    assert coding.reviewed and coding.reviewed_by == police_analyst
    assert coding.final_themes == ["nedskrapning", "offentliga_platser"]
    correction = CodingCorrection.objects.get(dialogue=coding.dialogue)
    assert correction.kind == "corrected" and correction.engine_themes == ["offentliga_platser"]
    assert correction.text == coding.dialogue.free_text
    assert AuditEntry.objects.filter(
        action="analysis.coding_corrected", actor=police_analyst, target_id=str(coding.pk)
    ).exists()


def test_accept_over_htmx_returns_the_answer_fragment(login, sjostad_analyst, campaign, run):
    coding = coding_of(run, "Mörkt och knarkare")
    response = login(sjostad_analyst).post(
        f"/analys/omgang/{campaign.slug}/svar/{coding.pk}/", {"action": "accept"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert "<html" not in body and f'id="svar-{coding.pk}"' in body and "Granskat" in body
    coding.refresh_from_db()
    assert coding.reviewed and coding.final_themes == coding.themes
    assert CodingCorrection.objects.get(dialogue=coding.dialogue).kind == "accepted"


def test_saving_no_theme_is_refused_with_a_message_and_nothing_stored(login, sjostad_analyst, campaign, run):
    coding = coding_of(run, "Mörkt och knarkare")
    response = login(sjostad_analyst).post(
        f"/analys/omgang/{campaign.slug}/svar/{coding.pk}/", {"action": "save"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 400
    assert "Välj minst ett tema" in response.content.decode()
    assert not CodingCorrection.objects.exists()


def test_the_residual_theme_never_goes_with_another(login, sjostad_analyst, campaign, run):
    coding = coding_of(run, "Jag känner mig trygg")
    login(sjostad_analyst).post(
        f"/analys/omgang/{campaign.slug}/svar/{coding.pk}/", {"action": "save", "themes": ["annat", "vald_hot"]}
    )
    coding.refresh_from_db()
    assert coding.final_themes == ["vald_hot"]


def test_dialogue_staff_may_view_answers_but_not_correct(login, dialogue_staff, campaign, run):
    client = login(dialogue_staff)
    page = client.get(f"/analys/omgang/{campaign.slug}/svar/")
    assert page.status_code == 200 and "Godkänn" not in page.content.decode()
    coding = coding_of(run, "Hundägare")
    response = client.post(f"/analys/omgang/{campaign.slug}/svar/{coding.pk}/", {"action": "accept"})
    assert response.status_code == 403
    assert not CodingCorrection.objects.exists()


def test_outsider_gets_404_for_the_answers_and_the_review(login, outsider, campaign, run):
    client = login(outsider)
    coding = coding_of(run, "Hundägare")
    assert client.get(f"/analys/omgang/{campaign.slug}/svar/").status_code == 404
    assert client.post(f"/analys/omgang/{campaign.slug}/svar/{coding.pk}/", {"action": "accept"}).status_code == 404
    assert not CodingCorrection.objects.exists()


def test_bulk_accept_all_shown_and_add_a_theme_to_selected(login, sjostad_analyst, campaign, run):
    client = login(sjostad_analyst)
    shown = list(DialogueCoding.objects.filter(run=run, final_themes__isnull=False).values_list("pk", flat=True))
    response = client.post(
        f"/analys/omgang/{campaign.slug}/svar/massatgard/",
        {"action": "accept", "confirm": "on", "shown": ",".join(map(str, shown))},
    )
    assert response.status_code == 302
    assert DialogueCoding.objects.filter(run=run, reviewed=True).count() == len(shown)
    two = shown[:2]
    client.post(
        f"/analys/omgang/{campaign.slug}/svar/massatgard/",
        {"action": "add", "theme": "grannsamverkan", "selected": [str(pk) for pk in two]},
    )
    for coding in DialogueCoding.objects.filter(pk__in=two):
        assert "grannsamverkan" in coding.final_themes
    assert CodingCorrection.objects.filter(kind="corrected").count() == 2


def test_bulk_add_without_a_theme_changes_nothing(login, sjostad_analyst, campaign, run):
    coding = coding_of(run, "Hundägare")
    response = login(sjostad_analyst).post(
        f"/analys/omgang/{campaign.slug}/svar/massatgard/", {"action": "add", "selected": [str(coding.pk)]}, follow=True
    )
    assert "Välj vilket tema" in response.content.decode()
    assert not CodingCorrection.objects.exists()


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("theme=belysning", 2),
        ("time=evening", 2),
        ("band=high", None),
        ("place=1", None),
        ("theme=finns_inte", 10),
    ],
)
def test_filters_narrow_the_list(login, sjostad_analyst, campaign, run, places, query, expected):
    if query == "place=1":
        query = f"place={places[0].pk}"
        expected = 1
    response = login(sjostad_analyst).get(f"/analys/omgang/{campaign.slug}/svar/?{query}")
    if query == "theme=finns_inte":
        assert response.status_code == 400
    total = response.context["total"]
    if expected is None:
        assert 0 <= total <= 10
    else:
        assert total == expected


def test_the_bulk_form_defaults_to_no_action_and_an_empty_action_is_refused(login, sjostad_analyst, campaign, run):
    client = login(sjostad_analyst)
    page = client.get(f"/analys/omgang/{campaign.slug}/svar/").content.decode()
    assert '<option value="" selected>Välj åtgärd</option>' in page
    shown = ",".join(str(pk) for pk in DialogueCoding.objects.filter(run=run).values_list("pk", flat=True))
    response = client.post(
        f"/analys/omgang/{campaign.slug}/svar/massatgard/",
        {"action": "", "shown": shown, "next": f"/analys/omgang/{campaign.slug}/svar/?theme=belysning"},
    )
    assert response.status_code == 400
    assert "Välj vilken åtgärd som ska utföras." in response.content.decode()
    assert response.context["total"] == 2  # the list is shown again with the same filter
    assert not CodingCorrection.objects.exists()


def test_accepting_all_shown_needs_a_confirmation(login, sjostad_analyst, campaign, run):
    client = login(sjostad_analyst)
    shown = ",".join(str(pk) for pk in DialogueCoding.objects.filter(run=run).values_list("pk", flat=True))
    response = client.post(f"/analys/omgang/{campaign.slug}/svar/massatgard/", {"action": "accept", "shown": shown})
    assert response.status_code == 400
    assert "Bekräfta att alla visade svar ska godkännas." in response.content.decode()
    assert not DialogueCoding.objects.filter(run=run, reviewed=True).exists()
    response = client.post(
        f"/analys/omgang/{campaign.slug}/svar/massatgard/", {"action": "accept", "confirm": "on", "shown": shown}
    )
    assert response.status_code == 302
    assert DialogueCoding.objects.filter(run=run, reviewed=True).count() == 10


def test_an_htmx_save_updates_the_unreviewed_counter_out_of_band(login, sjostad_analyst, campaign, run):
    client = login(sjostad_analyst)
    assert "10 ogranskade i omgången" in client.get(f"/analys/omgang/{campaign.slug}/svar/").content.decode()
    coding = coding_of(run, "Hundägare")
    response = client.post(
        f"/analys/omgang/{campaign.slug}/svar/{coding.pk}/", {"action": "accept"}, headers={"HX-Request": "true"}
    )
    body = response.content.decode()
    assert '<span id="unreviewed-count" hx-swap-oob="true">9 ogranskade i omgången</span>' in body
    assert DialogueCoding.objects.filter(run=run, reviewed=False).count() == 9


def test_every_theme_has_a_keyboard_key_in_its_label(login, sjostad_analyst, campaign, run):
    response = login(sjostad_analyst).get(f"/analys/omgang/{campaign.slug}/svar/")
    body = response.content.decode()
    item = response.context["items"][0]
    keys = [key for _choice, key in item.keyed_choices]
    assert len(keys) == 17 and all(keys) and len(set(keys)) == 17
    assert not {"j", "k", "a", "x"} & set(keys)
    assert keys[:11] == ["1", "2", "3", "4", "5", "6", "7", "8", "9", "0", "b"]
    assert '<kbd aria-hidden="true">b</kbd>' in body and 'data-key="b"' in body
