"""Swedish by default whatever the browser asks for; English when the visitor chooses it, remembered."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.urls import reverse
from django.utils import timezone

from lofte.dialogues.models import Campaign
from tests.dialogues.campaign_fixtures import campaign, centrum, torget  # noqa: F401

ENGLISH_BROWSER = {"HTTP_ACCEPT_LANGUAGE": "en-GB,en;q=0.9"}


@pytest.fixture(autouse=True)
def open_now(db, campaign):  # noqa: F811
    """The web survey is open during the campaign period: put the period around today."""
    today = timezone.localdate()
    Campaign.objects.filter(pk=campaign.pk).update(
        starts_on=today - dt.timedelta(days=30), ends_on=today + dt.timedelta(days=30)
    )


def test_a_browser_that_asks_for_english_gets_the_swedish_interface(client, campaign):  # noqa: F811
    public = client.get(reverse("dialogues_public:form", args=[campaign.slug]), **ENGLISH_BROWSER)
    assert '<html lang="sv">' in public.text and "Hur trygg känner du dig" in public.text
    assert public["Content-Language"] == "sv"
    sign_in = client.get(reverse("core:login"), **ENGLISH_BROWSER)
    assert '<html lang="sv">' in sign_in.text and "Logga in" in sign_in.text
    # Nothing was chosen, so nothing is remembered: no language cookie.
    assert settings.LANGUAGE_COOKIE_NAME not in client.cookies


def test_choosing_english_stays_on_the_page_and_is_remembered(client, campaign):  # noqa: F811
    form_url = reverse("dialogues_public:form", args=[campaign.slug])
    switched = client.post(reverse("set_language"), {"language": "en", "next": form_url}, **ENGLISH_BROWSER)
    assert switched.status_code == 302 and switched["Location"] == form_url
    cookie = client.cookies[settings.LANGUAGE_COOKIE_NAME]
    assert cookie.value == "en"
    assert cookie["max-age"] >= 60 * 60 * 24 * 365 and cookie["samesite"] == "Lax"  # kept after the browser closes
    for _visit in range(2):
        page = client.get(form_url, HTTP_ACCEPT_LANGUAGE="sv")
        assert '<html lang="en">' in page.text and "How safe do you feel in your area?" in page.text
    back = client.post(reverse("set_language"), {"language": "sv", "next": form_url})
    assert back["Location"] == form_url
    assert '<html lang="sv">' in client.get(form_url, **ENGLISH_BROWSER).text


def test_an_unknown_language_cookie_falls_back_to_swedish(client):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "xx"
    assert '<html lang="sv">' in client.get(reverse("core:login"), **ENGLISH_BROWSER).text


def test_the_language_switch_posts_back_to_the_page_it_is_on(client, campaign):  # noqa: F811
    form_url = reverse("dialogues_public:form", args=[campaign.slug])
    page = client.get(f"{form_url}?plats=1").text
    assert f'name="next" type="hidden" value="{form_url}?plats=1"' in page
