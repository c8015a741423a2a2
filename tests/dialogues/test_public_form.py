# ruff: noqa: F811 - pytest fixtures imported from campaign_fixtures are used as parameters
from __future__ import annotations

import datetime as dt
import uuid

import pytest
from django.core.cache import cache
from django.urls import reverse
from django.utils import timezone

from lofte.dialogues.models import Campaign, ContactRequest, Dialogue
from tests.conftest import links_without_language
from tests.dialogues.campaign_fixtures import campaign, centrum, grannby_campaign, torget  # noqa: F401


@pytest.fixture(autouse=True)
def open_now(campaign):  # type: ignore[no-untyped-def]
    """The web form takes answers during the campaign period: put the period around today."""
    today = timezone.localdate()
    Campaign.objects.filter(pk=campaign.pk).update(
        starts_on=today - dt.timedelta(days=30), ends_on=today + dt.timedelta(days=30)
    )
    campaign.refresh_from_db()
    cache.clear()


def answers(**extra):
    data = {
        "idempotency_key": str(uuid.uuid4()),
        "q-feel_safe": "2",
        "q-when_unsafe": ["evening"],
        "q-where_unsafe-text": "Gångtunneln vid skolan",
        "q-why_unsafe": "Det är mörkt och folk hänger där",
        "gender": "undisclosed",
        "website": "",
    }
    data.update(extra)
    return data


def test_resident_answers_without_login_and_gets_a_receipt(client, campaign):
    url = reverse("dialogues_public:form", args=[campaign.slug])
    page = client.get(url)
    assert page.status_code == 200
    body = page.content.decode()
    assert "<legend>Hur trygg känner du dig i ditt område?" in body and "Vill ej uppge" in body
    data = answers()
    response = client.post(url, data)
    assert response.status_code == 302
    dialogue = Dialogue.objects.get()
    assert dialogue.channel == "web" and dialogue.recorded_by is None and dialogue.gender == "undisclosed"
    assert dialogue.answers["where_unsafe"] == {"text": "Gångtunneln vid skolan"}
    receipt = client.get(response["Location"])
    assert receipt.status_code == 200
    number = data["idempotency_key"][:8].upper()
    assert number in receipt.content.decode() and str(dialogue.pk) != number


def test_nothing_typed_is_lost_on_a_validation_error(client, campaign):
    response = client.post(
        reverse("dialogues_public:form", args=[campaign.slug]),
        answers(**{"q-feel_safe": "6", "contact_name": "Bo", "q-what_safer": "Fler lampor"}),
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Ange en siffra från 1 till 5." in body
    assert "Fler lampor</textarea>" in body and "Gångtunneln vid skolan</textarea>" in body
    assert 'value="evening" checked' in body and 'value="Bo"' in body
    assert "Ange telefon eller e-post." in body
    assert not Dialogue.objects.exists() and not ContactRequest.objects.exists()


def test_a_bot_filling_the_honeypot_is_thanked_and_nothing_is_stored(client, campaign):
    response = client.post(
        reverse("dialogues_public:form", args=[campaign.slug]), answers(website="http://spam.example")
    )
    assert response.status_code == 302
    assert client.get(response["Location"]).status_code == 200
    assert not Dialogue.objects.exists()


def test_more_answers_than_the_setting_allows_from_one_address_are_refused(client, campaign, settings):
    settings.LOFTE_PUBLIC_FORM_RATE_LIMIT = RATE_LIMIT = 5
    url = reverse("dialogues_public:form", args=[campaign.slug])
    for _ in range(RATE_LIMIT):
        assert client.post(url, answers()).status_code == 302
    response = client.post(url, answers(**{"q-what_safer": "Mer polis"}), REMOTE_ADDR="127.0.0.1")
    assert response.status_code == 429
    body = response.content.decode()
    assert "Vänta en stund" in body and "Mer polis</textarea>" in body
    assert Dialogue.objects.count() == RATE_LIMIT
    other = client.post(url, answers(), REMOTE_ADDR="10.0.0.9")
    assert other.status_code == 302


def test_a_double_submit_stores_one_answer(client, campaign):
    url = reverse("dialogues_public:form", args=[campaign.slug])
    data = answers()
    client.post(url, data)
    client.post(url, data)
    assert Dialogue.objects.count() == 1


def test_closed_or_unknown_forms_are_a_friendly_404(client, campaign, grannby_campaign):
    closed = client.get(reverse("dialogues_public:form", args=[grannby_campaign.slug]))
    assert closed.status_code == 404 and "Enkäten är inte öppen" in closed.content.decode()
    unknown = client.post(reverse("dialogues_public:form", args=["finns-inte"]), answers())
    assert unknown.status_code == 404
    assert not Dialogue.objects.exists()


def test_english_wording_when_the_language_is_english(client, campaign):
    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    body = client.get(reverse("dialogues_public:form", args=[campaign.slug])).content.decode()
    assert "How safe do you feel in your area?" in body and "Why do you feel unsafe there?" in body
    assert "Evening" in body and "Hur trygg känner du dig" not in body
    assert '<html lang="en">' in body


def test_a_resident_answering_in_english_stays_in_english_after_sending(client, campaign):
    url = reverse("dialogues_public:form", args=[campaign.slug]) + "?lang=en"
    form = client.get(url)
    assert links_without_language(form.text) == []
    assert 'class="brand" href="/?lang=en"' in form.text  # the logo leads residents to the public site, not a sign-in
    thanks = client.get(client.post(url, answers())["Location"])
    assert '<html lang="en">' in thanks.text
    assert links_without_language(thanks.text) == []
    assert f'href="{url}"' in thanks.text


def test_contact_wish_on_the_web_is_stored_apart_with_a_retention_date(client, campaign):
    client.post(
        reverse("dialogues_public:form", args=[campaign.slug]),
        answers(contact_name="Lisa", contact_email="lisa@example.org"),
    )
    request = ContactRequest.objects.get()
    assert request.email == "lisa@example.org" and request.dialogue == Dialogue.objects.get()
    assert "lisa" not in Dialogue.objects.get().free_text.lower()
    assert (request.retain_until - timezone.localdate(request.created_at)).days == 90


def test_a_school_class_behind_one_address_can_all_answer_by_default(client, campaign, settings):
    if hasattr(settings, "LOFTE_PUBLIC_FORM_RATE_LIMIT"):
        del settings.LOFTE_PUBLIC_FORM_RATE_LIMIT
    url = reverse("dialogues_public:form", args=[campaign.slug])
    for _ in range(30):
        assert client.post(url, answers()).status_code == 302
    assert Dialogue.objects.count() == 30


def test_after_the_campaign_period_the_form_says_it_has_ended_and_stores_nothing(client, campaign):
    today = timezone.localdate()
    Campaign.objects.filter(pk=campaign.pk).update(
        starts_on=today - dt.timedelta(days=60), ends_on=today - dt.timedelta(days=1)
    )
    url = reverse("dialogues_public:form", args=[campaign.slug])
    page = client.get(url)
    assert page.status_code == 404 and "Enkäten är avslutad" in page.content.decode()
    assert client.post(url, answers()).status_code == 404
    assert not Dialogue.objects.exists()


def test_before_the_campaign_period_the_form_says_when_it_opens(client, campaign):
    Campaign.objects.filter(pk=campaign.pk).update(starts_on=dt.date(2099, 3, 1), ends_on=dt.date(2099, 5, 31))
    url = reverse("dialogues_public:form", args=[campaign.slug])
    page = client.get(url)
    assert page.status_code == 404 and "Enkäten öppnar 1 mars 2099" in page.content.decode()
    assert client.post(url, answers()).status_code == 404
    assert not Dialogue.objects.exists()


def test_the_error_summary_links_to_each_field_and_takes_focus(client, campaign):
    response = client.post(
        reverse("dialogues_public:form", args=[campaign.slug]),
        answers(**{"q-feel_safe": "6", "contact_name": "Bo"}),
    )
    assert response.status_code == 400
    body = response.content.decode()
    summary = body[body.index('id="error-summary"') - 60 : body.index("</ul>", body.index('id="error-summary"'))]
    assert 'tabindex="-1"' in summary and "autofocus" in summary
    assert 'href="#id_q-feel_safe-1"' in summary and "Ange en siffra från 1 till 5." in summary
    assert 'href="#id_contact_phone"' in summary and "Ange telefon eller e-post." in summary
    assert 'id="id_q-feel_safe-1"' in body and 'id="id_contact_phone"' in body


def test_without_trusted_proxies_a_forged_forwarded_header_does_not_escape_the_rate_limit(client, campaign, settings):
    settings.LOFTE_PUBLIC_FORM_RATE_LIMIT = 2
    settings.LOFTE_TRUSTED_PROXIES = 0
    url = reverse("dialogues_public:form", args=[campaign.slug])
    for n in range(2):
        response = client.post(url, answers(), REMOTE_ADDR="192.0.2.7", HTTP_X_FORWARDED_FOR=f"10.0.0.{n}")
        assert response.status_code == 302
    refused = client.post(url, answers(), REMOTE_ADDR="192.0.2.7", HTTP_X_FORWARDED_FOR="10.0.0.99")
    assert refused.status_code == 429
    assert Dialogue.objects.count() == 2


def test_behind_a_trusted_proxy_each_resident_has_their_own_rate_limit(client, campaign, settings):
    settings.LOFTE_PUBLIC_FORM_RATE_LIMIT = 2
    settings.LOFTE_TRUSTED_PROXIES = 1
    url = reverse("dialogues_public:form", args=[campaign.slug])
    proxy = {"REMOTE_ADDR": "10.1.1.1"}
    # The client may write its own X-Forwarded-For: only the entry the proxy appended (the last) counts.
    for forged in ("1.1.1.1", "2.2.2.2"):
        response = client.post(url, answers(), HTTP_X_FORWARDED_FOR=f"{forged}, 198.51.100.4", **proxy)
        assert response.status_code == 302
    assert client.post(url, answers(), HTTP_X_FORWARDED_FOR="3.3.3.3, 198.51.100.4", **proxy).status_code == 429
    neighbour = client.post(url, answers(), HTTP_X_FORWARDED_FOR="198.51.100.5", **proxy)
    assert neighbour.status_code == 302
    assert Dialogue.objects.count() == 3


def _summary(body: str) -> str:
    start = body.index('id="error-summary"')
    return body[start : body.index("</ul>", start)]


@pytest.mark.parametrize(
    ("lat", "lng", "wrong"),
    [("95", "13.16", "lat"), ("58.5", "13,16x", "lng"), ("", "13.2", "lat"), ("48.8566", "2.3522", "lat")],
)
def test_a_wrong_point_links_to_the_coordinate_that_is_wrong(client, campaign, lat, lng, wrong):
    response = client.post(
        reverse("dialogues_public:form", args=[campaign.slug]),
        answers(**{"q-where_unsafe-lat": lat, "q-where_unsafe-lng": lng}),
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert f'href="#id_q-where_unsafe-{wrong}"' in _summary(body)
    assert f'id="id_q-where_unsafe-{wrong}"' in body
    # The point's fields are folded away unless something is in them: the link must not lead into a closed box.
    assert '<details class="point" open>' in body
    assert not Dialogue.objects.exists()


def test_a_point_outside_sweden_is_refused_as_on_a_fault_report(client, campaign):
    url = reverse("dialogues_public:form", args=[campaign.slug])
    paris = client.post(url, answers(**{"q-where_unsafe-lat": "48.8566", "q-where_unsafe-lng": "2.3522"}))
    assert paris.status_code == 400
    assert "Punkten 48.8566, 2.3522 ligger utanför Sverige." in paris.text
    swapped = client.post(url, answers(**{"q-where_unsafe-lat": "13.16", "q-where_unsafe-lng": "58.5"}))
    assert "Har latitud och longitud bytt plats?" in swapped.text
    assert not Dialogue.objects.exists()
    sjostad = client.post(url, answers(**{"q-where_unsafe-lat": "58,5035", "q-where_unsafe-lng": "13.1577"}))
    assert sjostad.status_code == 302
    assert Dialogue.objects.get().answers["where_unsafe"]["lat"] == 58.5035


def test_an_invalid_email_is_reported_by_the_page_not_the_browser(client, campaign):
    url = reverse("dialogues_public:form", args=[campaign.slug])
    assert "novalidate" in client.get(url).content.decode().split('class="capture-form"')[0].rsplit("<form", 1)[1]
    response = client.post(url, answers(contact_name="Lisa", contact_email="lisa@"))
    assert response.status_code == 400
    summary = _summary(response.content.decode())
    assert 'href="#id_contact_email"' in summary
    assert 'href="#id_contact_phone"' not in summary  # the address is wrong, not missing: no "phone or e-mail"
    assert not Dialogue.objects.exists()


def test_the_web_survey_lists_a_broken_rule_in_its_error_summary(client, campaign, sjostad_analyst):
    from lofte.dialogues.services import answer_rule_add

    answer_rule_add(
        campaign=campaign,
        by=sjostad_analyst,
        questions=campaign.questions.filter(key__in=["what_safer", "priorities"]),
        message_sv="Berätta vad som skulle göra det tryggare eller vad som ska prioriteras.",
    )
    url = reverse("dialogues_public:form", args=[campaign.slug])
    response = client.post(url, answers())
    assert response.status_code == 400
    assert 'href="#id_q-what_safer">' in _summary(response.content.decode())
    assert "Berätta vad som skulle göra det tryggare" in _summary(response.content.decode())
    assert not Dialogue.objects.exists()
    assert client.post(url, answers(**{"q-priorities": "Belysning"})).status_code == 302


def test_a_contact_request_with_a_phone_that_is_no_number_is_refused_not_stored(client, campaign):
    from lofte.dialogues.models import ContactRequest

    response = client.post(
        reverse("dialogues_public:form", args=[campaign.slug]),
        answers(**{"q-feel_safe": "4", "contact_name": "Bo", "contact_phone": "abc 🙂"}),
    )
    assert response.status_code == 400
    assert "Skriv ett telefonnummer med siffror" in response.content.decode()
    assert not ContactRequest.objects.exists() and not Dialogue.objects.exists()
