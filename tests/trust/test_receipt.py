"""The web survey's receipt needs no second write after the answer is committed (issue 18: no error is ever
shown for a stored answer because the database was busy)."""

# ruff: noqa: F811 - pytest fixtures imported from campaign_fixtures are used as parameters
from __future__ import annotations

from unittest import mock

from django.contrib.sessions.models import Session
from django.db import OperationalError
from django.urls import reverse

from lofte.dialogues.models import Dialogue
from tests.dialogues.campaign_fixtures import campaign, centrum, torget  # noqa: F401
from tests.dialogues.test_public_form import answers, open_now  # noqa: F401


def test_storing_an_answer_writes_no_session_and_the_receipt_shows_its_number(client, campaign):
    data = answers()
    response = client.post(reverse("dialogues_public:form", args=[campaign.slug]), data)
    assert response.status_code == 302
    assert Dialogue.objects.count() == 1
    assert Session.objects.count() == 0 and "sessionid" not in response.cookies
    receipt = client.get(response["Location"])
    assert receipt.status_code == 200 and data["idempotency_key"][:8].upper() in receipt.content.decode()


def test_a_forged_receipt_link_goes_back_to_the_form(client, campaign):
    url = reverse("dialogues_public:receipt", args=[campaign.slug])
    response = client.get(url, {"k": "eyJjIjoiIn0:forged:signature"})
    assert response.status_code == 302 and response["Location"].endswith(f"/dialog/{campaign.slug}/")


def test_a_busy_database_after_the_commit_still_shows_the_receipt(client, campaign):
    """The rate-limit counter is written after the answer is stored: when it cannot be written the resident
    still gets the receipt, never an error page for an answer that is stored."""
    with mock.patch("django.core.cache.cache.add", side_effect=OperationalError("database is locked")):
        response = client.post(reverse("dialogues_public:form", args=[campaign.slug]), answers())
    assert response.status_code == 302 and Dialogue.objects.count() == 1
    assert client.get(response["Location"]).status_code == 200
