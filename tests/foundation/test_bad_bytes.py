# ruff: noqa: F811 - pytest fixtures imported from campaign_fixtures are used as parameters
"""Bytes the database or the parser cannot take get a clear 400 or a Swedish form error, never a 500:
NUL characters and lone surrogates, deeply nested JSON, dates at the ends of the calendar, other charsets."""

from __future__ import annotations

import datetime as dt
import json
import uuid

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from lofte.core.models import Area, Place
from lofte.dialogues.models import Campaign, Dialogue
from lofte.lib.dates import day_range
from lofte.lib.untrusted import JSONTooDeep, UnstorableText, json_depth_exceeds, json_loads
from tests.dialogues.campaign_fixtures import campaign, centrum, field_post, record, torget  # noqa: F401

NUL_MESSAGE = "Svaret innehåller ett otillåtet tecken (NUL eller ett trasigt Unicode-tecken)."


def deep_json(depth: int = 100_000) -> str:
    """About 200 KB: an array nested 100 000 levels deep."""
    return "[" * depth + "]" * depth


@pytest.fixture
def open_campaign(campaign) -> Campaign:
    today = timezone.localdate()
    Campaign.objects.filter(pk=campaign.pk).update(
        starts_on=today - dt.timedelta(days=30), ends_on=today + dt.timedelta(days=30)
    )
    campaign.refresh_from_db()
    cache.clear()
    return campaign


# NUL and lone surrogates ---------------------------------------------------------------------------------


@pytest.mark.parametrize("field", ["q-why_unsafe", "q-where_unsafe-text"])
def test_a_nul_in_a_web_survey_answer_is_a_swedish_error_and_nothing_is_stored(client, open_campaign, field):
    url = reverse("dialogues_public:form", args=[open_campaign.slug])
    data = {"idempotency_key": str(uuid.uuid4()), "q-feel_safe": "2", field: "Mörkt\x00 vid stationen", "website": ""}
    response = client.post(url, data)
    assert response.status_code == 400
    assert NUL_MESSAGE in response.content.decode()
    assert not Dialogue.objects.exists()


def test_a_nul_in_a_field_form_post_and_in_a_correction_is_refused(login, campaign, dialogue_staff):
    client = login(dialogue_staff)
    response = client.post(
        reverse("dialogues:capture", args=[campaign.slug]), field_post(campaign, **{"q-why_unsafe": "a\x00b"})
    )
    assert response.status_code == 400 and NUL_MESSAGE in response.content.decode()
    assert not Dialogue.objects.exists()
    dialogue = record(campaign, dialogue_staff)
    response = client.post(
        reverse("dialogues:dialogue_edit", args=[dialogue.pk]),
        {"conducted_at": "2024-04-12T18:30", "q-feel_safe": "3", "q-why_unsafe": "Mörkt\x00"},
    )
    assert response.status_code == 400 and NUL_MESSAGE in response.content.decode()
    dialogue.refresh_from_db()
    assert dialogue.answers["why_unsafe"] == "Mörkt vid stationen på kvällen"


@pytest.mark.parametrize(
    "payload",
    [
        '{"idempotency_key": "%s", "fields": [["q-why_unsafe", "a\\u0000b"]]}',
        '{"idempotency_key": "%s", "fields": [["q-why_unsafe", "a\\ud800b"]]}',
        '{"idempotency_key": "%s", "fields": [["name", "\\udfff"], ["want_contact", "1"]]}',
        '{"idempotency_key": "%s", "fields": [["q-why\\u0000", "x"]]}',
    ],
)
def test_the_capture_api_refuses_nul_and_lone_surrogates_in_its_json(login, campaign, dialogue_staff, payload):
    client = login(dialogue_staff)
    response = client.post(
        reverse("dialogues:capture_api", args=[campaign.slug]),
        payload % uuid.uuid4(),
        content_type="application/json",
    )
    assert response.status_code == 400
    assert "otillåtet tecken" in response.json()["errors"]["__all__"][0]
    assert not Dialogue.objects.exists()


def test_the_capture_api_refuses_deeply_nested_json(login, campaign, dialogue_staff):
    client = login(dialogue_staff)
    response = client.post(
        reverse("dialogues:capture_api", args=[campaign.slug]),
        '{"fields": ' + deep_json() + "}",
        content_type="application/json",
    )
    assert response.status_code == 400
    assert response.json()["errors"]["__all__"] == ["Samtalet kunde inte läsas."]


def test_a_conversation_in_year_one_is_a_form_error(login, campaign, dialogue_staff):
    client = login(dialogue_staff)
    for moment in ["0001-01-01T00:00", "1999-12-31T12:00", (timezone.now() + dt.timedelta(days=3)).isoformat()]:
        response = client.post(
            reverse("dialogues:capture", args=[campaign.slug]), field_post(campaign, conducted_at=moment)
        )
        assert response.status_code == 400
        assert "Tidpunkten ska ligga mellan år 2000 och i dag." in response.content.decode()
    assert not Dialogue.objects.exists()


# Deeply nested JSON in geometry and place files --------------------------------------------------------


def test_a_deeply_nested_area_geometry_is_a_form_error(login, sjostad_admin, sjostad):
    client = login(sjostad_admin)
    response = client.post(
        reverse("core:area_create", args=[sjostad.slug]),
        {"name": "Djup", "kind": "tatort", "geometry_text": deep_json(), "crs": "auto"},
    )
    assert response.status_code in (200, 400)
    assert "för djupt nästlad" in response.content.decode()
    upload = SimpleUploadedFile("djup.geojson", ('{"type": "Polygon", "coordinates": ' + deep_json() + "}").encode())
    response = client.post(
        reverse("core:area_create", args=[sjostad.slug]),
        {"name": "Djup", "kind": "tatort", "geometry_file": upload, "crs": "auto"},
    )
    assert "för djupt nästlad" in response.content.decode()
    assert not Area.objects.filter(name="Djup").exists()


@pytest.mark.parametrize(
    ("data", "message"),
    [
        (deep_json().encode(), "för djupt nästlad"),
        (('{"type": "FeatureCollection", "features": ' + deep_json() + "}").encode(), "för djupt nästlad"),
        (
            b'{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": {"type": "Point", '
            b'"coordinates": [13.16, 58.5]}, "properties": {"name": "Torget\\u0000"}}]}',
            "otillåtna tecken",
        ),
        (
            b'{"type": "FeatureCollection", "features": [{"type": "Feature", "geometry": {"type": "Point", '
            b'"coordinates": [13.16, 58.5]}, "properties": {"name": "Torget\\ud800"}}]}',
            "otillåtna tecken",
        ),
        (b"name;lat;lon\nTorget\x00;58.5;13.16\n", "NUL-tecken"),
    ],
)
def test_a_hostile_place_file_is_a_clear_error(login, sjostad_admin, sjostad, data, message):
    client = login(sjostad_admin)
    name = "platser.csv" if data.startswith(b"name") else "platser.geojson"
    response = client.post(
        reverse("core:place_import", args=[sjostad.slug]), {"file": SimpleUploadedFile(name, data), "crs": "auto"}
    )
    assert response.status_code == 400
    assert message in response.content.decode()
    assert not Place.objects.filter(name__startswith="Torget").exists()


def test_json_loads_bounds_depth_and_refuses_unstorable_strings():
    assert json_loads('{"a": [[1, "]]]]]]"]]}') == {"a": [[1, "]]]]]]"]]}
    assert not json_depth_exceeds('["' + "[" * 100 + '"]')  # brackets inside a string do not count
    with pytest.raises(JSONTooDeep):
        json_loads(deep_json())
    with pytest.raises(JSONTooDeep):
        json_loads(deep_json(33))
    assert json_loads(deep_json(32)) is not None
    with pytest.raises(UnstorableText):
        json_loads('{"k\\u0000": 1}')
    with pytest.raises(json.JSONDecodeError):
        json_loads("{")


# Dates at the ends of the calendar ------------------------------------------------------------------------


@pytest.mark.parametrize(
    "query",
    [
        {"date_from": "0001-01-01"},
        {"date_to": "9999-12-31"},
        {"date_from": "0001-01-01", "date_to": "9999-12-31"},
        {"date_from": "9999-12-31"},
        {"date_to": "0001-01-01"},
    ],
)
def test_date_filters_at_the_ends_of_the_calendar_work_on_the_list_and_both_exports(
    login, campaign, sjostad_analyst, dialogue_staff, query
):
    record(campaign, dialogue_staff)
    client = login(sjostad_analyst)
    slug = campaign.partnership.slug
    everything = (
        query.get("date_from", "0001-01-01") == "0001-01-01" and query.get("date_to", "9999-12-31") == "9999-12-31"
    )
    listing = client.get(reverse("dialogues:dialogue_list", args=[slug]), query)
    assert listing.status_code == 200
    assert listing.context["page"].paginator.count == (1 if everything else 0)
    for fmt in ("csv", "xlsx"):
        response = client.get(reverse("dialogues:dialogue_export", args=[slug, fmt]), query)
        assert response.status_code == 200
    csv = b"".join(client.get(reverse("dialogues:dialogue_export", args=[slug, "csv"]), query).streaming_content)
    assert csv.decode("utf-8-sig").count("\n") == (2 if everything else 1)


def test_a_day_range_drops_bounds_beyond_the_calendar():
    assert day_range(dt.date(1, 1, 1), dt.date(9999, 12, 31)) == (None, None)
    start, end = day_range(dt.date(2024, 3, 31), dt.date(2024, 3, 31))
    assert start is not None and end is not None
    assert end.astimezone(dt.UTC) - start.astimezone(dt.UTC) == dt.timedelta(hours=23)  # summer time begins


# Charsets other than UTF-8 --------------------------------------------------------------------------------


@pytest.mark.parametrize("charset", ["utf-16", "latin-1", "x-no-such-charset"])
@pytest.mark.parametrize("path", ["/konto/logga-in/", "/i18n/setlang/", "/p/dialog/sjostad-2024/"])
def test_a_form_post_in_another_charset_is_a_swedish_400_not_a_500(db, campaign, charset, path):
    client = Client(raise_request_exception=False, enforce_csrf_checks=True)
    client.cookies["csrftoken"] = "a" * 32
    response = client.generic(
        "POST",
        path,
        "username=anna&password=hemligt".encode("utf-16" if charset == "utf-16" else "latin-1"),
        content_type=f"application/x-www-form-urlencoded; charset={charset}",
        HTTP_X_CSRFTOKEN="a" * 32,
    )
    assert response.status_code < 500
    if charset != "x-no-such-charset":  # an unknown charset is ignored and the body read as UTF-8
        assert response.status_code == 400
        assert "Felaktig begäran" in response.content.decode()


# Numbers beyond what a database id holds ------------------------------------------------------------------


@pytest.mark.parametrize("pk", [str(2**63), str(-(2**63) - 1), "9" * 40])
def test_a_posted_id_beyond_64_bits_is_an_invalid_choice(login, partnership, sjostad_analyst, pk):
    client = login(sjostad_analyst)
    response = client.post(
        reverse("dialogues:campaign_create", args=[partnership.slug]),
        {
            "name": "Ny",
            "slug": "ny",
            "year": "2025",
            "starts_on": "2025-03-01",
            "ends_on": "2025-04-01",
            "target_places": pk,
        },
    )
    assert response.status_code == 400
    assert not Campaign.objects.filter(slug="ny").exists()


@pytest.mark.parametrize("path", ["/konto/logga-in/", "/i18n/setlang/"])
def test_a_form_post_in_another_charset_is_a_400_in_development_too(db, campaign, settings, path):
    # With DEBUG on, Django answers a 400 with its technical page, which lists the POST: reading the body
    # again raised inside the error page.
    settings.DEBUG = True
    client = Client(raise_request_exception=False)
    response = client.generic(
        "POST",
        path,
        "username=anna".encode("utf-16"),
        content_type="application/x-www-form-urlencoded; charset=utf-16",
    )
    assert response.status_code == 400
