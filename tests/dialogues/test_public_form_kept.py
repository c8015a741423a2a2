# ruff: noqa: F811 - pytest fixtures imported from campaign_fixtures are used as parameters
"""The web survey's empty form is rendered once and kept for a few seconds: every visitor still gets their own
CSRF token and submission key, and a change to the questionnaire, areas or places shows once it expires."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lofte.core import kept
from lofte.core.models import Area, Place
from lofte.dialogues.models import Campaign, Dialogue, Question
from lofte.dialogues.views import public
from tests.dialogues.campaign_fixtures import campaign, centrum, torget  # noqa: F401
from tests.dialogues.test_public_form import answers

TOKEN = re.compile(r'name="csrfmiddlewaretoken" value="([^"]+)"')
KEY = re.compile(r'name="idempotency_key" value="([^"]+)"')


@pytest.fixture(autouse=True)
def open_now(campaign):  # type: ignore[no-untyped-def]
    today = timezone.localdate()
    Campaign.objects.filter(pk=campaign.pk).update(
        starts_on=today - dt.timedelta(days=30), ends_on=today + dt.timedelta(days=30), public_form_open=True
    )


@pytest.fixture
def clock(monkeypatch):
    """The kept page's clock, moved by the test."""
    now = [1000.0]
    monkeypatch.setattr(kept.time, "monotonic", lambda: now[0])
    return now


def test_a_kept_page_is_served_without_queries_and_each_visitor_gets_a_working_token(
    campaign, django_assert_num_queries, clock
):
    url = reverse("dialogues_public:form", args=[campaign.slug])
    first, second = Client(enforce_csrf_checks=True), Client(enforce_csrf_checks=True)
    first_page = first.get(url).content.decode()
    with django_assert_num_queries(0):
        second_page = second.get(url).content.decode()
    # The survey's own form; the language switch on pages under /p/ is a link (no token, no cookie).
    assert first_page.count("csrfmiddlewaretoken") == second_page.count("csrfmiddlewaretoken") == 1
    assert TOKEN.search(first_page)[1] != TOKEN.search(second_page)[1]
    assert KEY.search(first_page)[1] != KEY.search(second_page)[1]
    assert public._KEY_SLOT not in second_page and kept.CSRF_SLOT not in second_page
    for client, page in ((first, first_page), (second, second_page)):
        data = answers(idempotency_key=KEY.search(page)[1], csrfmiddlewaretoken=TOKEN.search(page)[1])
        assert client.post(url, data).status_code == 302
    assert Dialogue.objects.filter(campaign=campaign).count() == 2


@pytest.mark.parametrize("change", ["question", "question_removed", "area", "place", "campaign"])
def test_a_change_shows_on_the_public_page_once_the_kept_page_expires(campaign, centrum, torget, clock, change):
    url = reverse("dialogues_public:form", args=[campaign.slug])
    Client().get(url)
    if change == "question":
        Question.objects.filter(campaign=campaign, key="feel_safe").update(text_sv="Hur trygg är du på kvällen?")
        expected, gone = "Hur trygg är du på kvällen?", None
    elif change == "question_removed":
        Question.objects.filter(campaign=campaign, key="why_unsafe").delete()
        expected, gone = None, 'name="q-why_unsafe"'
    elif change == "area":
        Area.objects.create(organisation=centrum.organisation, name="Nyby")
        expected, gone = "Nyby", None
    elif change == "place":
        Place.objects.filter(pk=torget.pk).update(name="Lilla torget")
        expected, gone = "Lilla torget", None
    else:
        Campaign.objects.filter(pk=campaign.pk).update(name="Trygghetsenkät hösten")
        expected, gone = "Trygghetsenkät hösten", None
    clock[0] += kept.KEPT_SECONDS - 0.5
    kept_copy = Client().get(url).content.decode()
    clock[0] += 1
    fresh = Client().get(url).content.decode()
    if expected:
        assert expected not in kept_copy and expected in fresh
    if gone:
        assert gone in kept_copy and gone not in fresh


def test_a_closed_form_is_closed_once_the_kept_page_expires(campaign, clock):
    url = reverse("dialogues_public:form", args=[campaign.slug])
    assert Client().get(url).status_code == 200
    Campaign.objects.filter(pk=campaign.pk).update(public_form_open=False)
    clock[0] += kept.KEPT_SECONDS
    assert Client().get(url).status_code == 404


def test_a_visitor_with_a_session_or_a_query_gets_the_page_made_for_them(campaign, clock):
    url = reverse("dialogues_public:form", args=[campaign.slug])
    Client().get(url)
    Question.objects.filter(campaign=campaign, key="feel_safe").update(text_sv="Ny fråga om trygghet")
    resident = Client()
    session = resident.session  # a visitor with a session (a member signed in, say; answering starts none)
    session["seen"] = True
    session.save()
    assert "Ny fråga om trygghet" in resident.get(url).content.decode()
    assert "Ny fråga om trygghet" in Client().get(url + "?fran=affisch").content.decode()
    assert "Ny fråga om trygghet" not in Client().get(url).content.decode()


def test_english_and_swedish_pages_are_kept_apart(campaign, clock, settings):
    url = reverse("dialogues_public:form", args=[campaign.slug])
    swedish = Client().get(url).content.decode()
    english_client = Client()
    english_client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    english = english_client.get(url).content.decode()
    assert '<html lang="sv">' in swedish and '<html lang="en">' in english


def test_the_kept_sign_in_page_gives_each_visitor_a_token_that_signs_in(
    reader, django_assert_num_queries, clock, settings
):
    from tests.conftest import PASSWORD

    url = reverse("core:login")
    Client().get(url)
    visitor = Client(enforce_csrf_checks=True)
    with django_assert_num_queries(0):
        page = visitor.get(url)
    assert page.status_code == 200 and "no-cache" in page["Cache-Control"]
    body = page.content.decode()
    assert kept.CSRF_SLOT not in body and 'name="password"' in body
    response = visitor.post(
        url, {"username": reader.username, "password": PASSWORD, "csrfmiddlewaretoken": TOKEN.search(body)[1]}
    )
    assert response.status_code == 302
    # Signed in, the visitor has a session: the page made for them redirects them on, as before.
    assert visitor.get(url).status_code == 302
