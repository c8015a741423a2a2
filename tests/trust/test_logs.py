"""Structured logs: a request id on every line, JSON in production, and nothing a resident typed."""

# ruff: noqa: F811 - pytest fixtures imported from campaign_fixtures are used as parameters
from __future__ import annotations

import io
import json
import logging

import pytest
from axes.models import AccessAttempt
from django.urls import reverse

from lofte.core.request_log import JsonFormatter, RequestIdFilter
from lofte.dialogues.models import ContactRequest, Dialogue
from tests.dialogues.campaign_fixtures import campaign, centrum, torget  # noqa: F401
from tests.dialogues.test_public_form import answers, open_now  # noqa: F401


@pytest.fixture
def log_lines():
    """Every log line written during the test, formatted as production writes them (JSON, request id)."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(RequestIdFilter())
    handler.setFormatter(JsonFormatter())
    root = logging.getLogger()
    level = root.level
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    yield lambda: [json.loads(line) for line in stream.getvalue().splitlines()]
    root.removeHandler(handler)
    root.setLevel(level)


@pytest.mark.django_db
def test_the_proxys_request_id_is_returned_and_on_every_line_of_the_request(client, log_lines):
    response = client.get("/health/live", headers={"X-Request-ID": "abc-123.proxy"})
    assert response["X-Request-ID"] == "abc-123.proxy"
    lines = log_lines()
    access = [line for line in lines if line["logger"] == "lofte.request"]
    assert access == [
        {
            **access[0],
            "request_id": "abc-123.proxy",
            "method": "GET",
            "route": "/health/live",
            "status": 200,
            "level": "INFO",
        }
    ]
    assert all(line["request_id"] == "abc-123.proxy" for line in lines)


@pytest.mark.django_db
@pytest.mark.parametrize("given", ["", "a" * 65, "evil\nFAKE LINE", "<script>", "x y"])
def test_a_missing_or_unsafe_request_id_is_replaced_by_a_new_one(client, given, log_lines):
    response = client.get("/health/live", headers={"X-Request-ID": given} if given else {})
    made = response["X-Request-ID"]
    assert made != given and len(made) == 32 and made.isalnum()
    assert [line["request_id"] for line in log_lines() if line["logger"] == "lofte.request"] == [made]


def test_a_web_survey_answer_leaves_no_answer_text_address_or_query_in_the_logs(client, campaign, log_lines):
    url = reverse("dialogues_public:form", args=[campaign.slug])
    data = answers(contact_name="Lisa Lund", contact_email="lisa.lund@example.org", contact_phone="070-1234567")
    response = client.post(url + "?ref=lisa.lund@example.org", data)
    assert response.status_code == 302 and Dialogue.objects.count() == 1 and ContactRequest.objects.count() == 1
    client.get(response["Location"])
    # And a rejected answer (validation error) with the same texts.
    bad = answers(**{"q-feel_safe": "99", "contact_email": "lisa.lund@example.org"})
    assert client.post(url, bad).status_code == 400
    text = "\n".join(json.dumps(line, ensure_ascii=False) for line in log_lines())
    assert '"route": "/p/dialog/<slug:slug>/"' in text  # the lines were captured
    for secret in ("Gångtunneln", "mörkt", "Lisa", "lisa.lund", "example.org", "070-1234567", "ref=", "?k="):
        assert secret not in text, secret


@pytest.mark.django_db
def test_a_failed_login_leaves_no_email_address_in_the_logs(client, sjostad_analyst, log_lines):
    client.post(reverse("core:login"), {"username": sjostad_analyst.email, "password": "wrong-password-123"})
    assert AccessAttempt.objects.filter(username=sjostad_analyst.email).exists()  # axes saw the failure
    text = "\n".join(json.dumps(line) for line in log_lines())
    assert sjostad_analyst.email not in text and sjostad_analyst.email.split("@")[0] not in text


@pytest.mark.django_db
def test_djangos_own_line_for_a_failed_answer_carries_the_request_id(client, log_lines):
    client.get("/health/ready", headers={"X-Request-ID": "probe-1"})  # 503: no task worker in the tests
    lines = [line for line in log_lines() if line["logger"] == "django.request"]
    assert lines and all(line["request_id"] == "probe-1" for line in lines)
