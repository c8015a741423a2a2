"""Swedish by default whatever the browser asks for; English when the visitor chooses it, remembered."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.conf import settings
from django.http import HttpResponseRedirect
from django.urls import reverse
from django.utils import timezone

from lofte.core.language import _keep_language_in_redirect
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


def test_the_language_switch_posts_back_to_the_page_it_is_on(client):
    sign_in = reverse("core:login")
    page = client.get(f"{sign_in}?next=/start/").text
    assert f'name="next" type="hidden" value="{sign_in}?next=/start/"' in page


def test_on_residents_pages_the_language_switch_is_a_link_and_sets_no_cookie(client, campaign):  # noqa: F811
    """A reader of a page under /p/ gets no cookie for switching: the language is in the address."""
    promises = reverse("promises_public:list")
    page = client.get(promises)
    assert f'href="{promises}?lang=en"' in page.text and "csrfmiddlewaretoken" not in page.text
    assert not page.cookies
    english = client.get(f"{promises}?lang=en")
    assert '<html lang="en">' in english.text and f'href="{promises}?lang=sv"' in english.text
    assert not english.cookies and not client.cookies
    missing = client.get("/p/medborgarloften/finns-inte/2021/")
    assert missing.status_code == 404 and not missing.cookies  # the 404 page too


def test_a_form_sent_in_english_from_the_address_redirects_on_in_english(client, campaign):  # noqa: F811
    form_url = reverse("dialogues_public:form", args=[campaign.slug])
    page = client.get(f"{form_url}?lang=en").text
    token = re.search(r'name="csrfmiddlewaretoken" value="([^"]+)"', page)[1]
    key = re.search(r'name="idempotency_key" value="([^"]+)"', page)[1]
    sent = client.post(
        f"{form_url}?lang=en",
        {"csrfmiddlewaretoken": token, "idempotency_key": key, "q-feel_safe": "4", "website": ""},
    )
    assert sent.status_code == 302 and sent["Location"].endswith("lang=en")
    assert '<html lang="en">' in client.get(sent["Location"]).text
    outside = HttpResponseRedirect("https://example.org/")
    _keep_language_in_redirect(outside, "en")
    assert outside["Location"] == "https://example.org/"
