# ruff: noqa: F811 - pytest fixtures imported from campaign_fixtures are used as parameters
from __future__ import annotations

import datetime as dt
import json
import uuid
from unittest import mock

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.formats import date_format

from lofte.core.models import AuditEntry
from lofte.dialogues.answers import validate_answers
from lofte.dialogues.models import ContactRequest, Dialogue
from lofte.dialogues.services import dialogue_record
from tests.dialogues.campaign_fixtures import campaign, centrum, field_post, record, torget  # noqa: F401

# Services -----------------------------------------------------------------------------------------------


def test_a_repeated_key_returns_the_first_record(campaign, dialogue_staff):
    key = uuid.uuid4()
    first = record(campaign, dialogue_staff, idempotency_key=key)
    again = record(campaign, dialogue_staff, idempotency_key=key, answers={"feel_safe": 5})
    assert again.pk == first.pk and again.answers["feel_safe"] == 2
    assert Dialogue.objects.count() == 1
    assert AuditEntry.objects.filter(action="dialogue.record").count() == 1


def test_a_racing_duplicate_is_decided_by_the_unique_constraint(campaign, dialogue_staff):
    """The second request passed the lookup before the first committed: the constraint catches it."""
    key = uuid.uuid4()
    first = record(campaign, dialogue_staff, idempotency_key=key)
    real_filter = Dialogue.objects.filter
    calls = {"n": 0}

    def blind_first_lookup(*args, **kwargs):
        calls["n"] += 1
        qs = real_filter(*args, **kwargs)
        return qs.none() if calls["n"] == 1 else qs

    with mock.patch.object(Dialogue.objects, "filter", side_effect=blind_first_lookup):
        second = record(campaign, dialogue_staff, idempotency_key=key)
    assert second.pk == first.pk
    assert Dialogue.objects.count() == 1


def test_free_text_is_redacted_before_it_is_stored(campaign, dialogue_staff):
    dialogue = record(
        campaign,
        dialogue_staff,
        answers={
            "why_unsafe": "Killen på Storgatan 12 langar, ring mig 070-123 45 67 eller anna.s@example.com",
            "what_safer": "Mer ljus, mitt personnummer är 19811218-9876",
            "where_unsafe": {"text": "Utanför Kvarngatan 3"},
        },
    )
    stored = json.dumps(dialogue.answers, ensure_ascii=False) + dialogue.free_text
    for secret in ("070-123 45 67", "anna.s@example.com", "Storgatan 12", "19811218-9876", "Kvarngatan 3"):
        assert secret not in stored
    assert "[telefon]" in dialogue.answers["why_unsafe"] and "[e-post]" in dialogue.answers["why_unsafe"]
    assert dialogue.free_text.split("\n") == [
        dialogue.answers["where_unsafe"]["text"],
        dialogue.answers["why_unsafe"],
        dialogue.answers["what_safer"],
    ]


def test_the_place_answer_sets_place_and_area(campaign, dialogue_staff, torget, centrum):
    dialogue = record(campaign, dialogue_staff, answers={"where_unsafe": "stora torget"})
    assert dialogue.answers["where_unsafe"] == {"place_id": torget.pk, "name": "Stora torget"}
    assert dialogue.place == torget and dialogue.area == centrum
    by_area = record(campaign, dialogue_staff, answers={"where_unsafe": "Centrum"})
    assert by_area.place is None and by_area.area == centrum


def test_validation_reports_each_question_in_swedish(campaign):
    campaign.questions.filter(key="why_unsafe").update(required=True)
    with pytest.raises(ValidationError) as caught:
        validate_answers(
            campaign,
            {
                "feel_safe": "7",
                "when_unsafe": ["evening", "lunch"],
                "where_unsafe": {"lat": "95", "lng": "13"},
                "nonsense": "x",
            },
        )
    errors = caught.value.message_dict
    assert errors["feel_safe"] == ["Ange en siffra från 1 till 5."]
    assert errors["when_unsafe"][0].startswith("”lunch” är inget av svarsalternativen")
    assert "utanför jordklotet" in errors["where_unsafe"][0]
    assert errors["why_unsafe"] == ["Frågan måste besvaras."]
    assert "finns inte i enkäten" in errors["nonsense"][0]


def test_validation_accepts_spreadsheet_style_values_and_is_idempotent(campaign):
    cleaned = validate_answers(campaign, {"feel_safe": "4", "when_unsafe": "Kväll; helg", "why_unsafe": " Mörkt "})
    assert cleaned == {"feel_safe": 4, "when_unsafe": ["evening", "weekend"], "why_unsafe": "Mörkt"}
    assert validate_answers(campaign, cleaned) == cleaned


def test_an_invalid_conversation_stores_nothing(campaign, dialogue_staff):
    with pytest.raises(ValidationError):
        record(campaign, dialogue_staff, answers={"feel_safe": 0}, age_band="ancient")
    assert not Dialogue.objects.exists() and not AuditEntry.objects.filter(action="dialogue.record").exists()


# The field form -----------------------------------------------------------------------------------------


def test_field_form_without_javascript_records_with_interviewer_place_and_position(
    login, campaign, dialogue_staff, resecentrum
):
    client = login(dialogue_staff)
    page = client.get(reverse("dialogues:capture", args=[campaign.slug]))
    assert page.status_code == 200
    body = page.content.decode()
    assert body.index("Resecentrum") < body.index("Hur trygg känner du dig")  # places first
    assert "Spara och nästa" in body and "<textarea" in body
    data = field_post(campaign)
    response = client.post(reverse("dialogues:capture", args=[campaign.slug]), data)
    assert response.status_code == 302 and f"plats={resecentrum.pk}" in response["Location"]
    dialogue = Dialogue.objects.get()
    assert dialogue.recorded_by == dialogue_staff and dialogue.channel == "field"
    assert dialogue.place == resecentrum and dialogue.latitude == 58.5035
    assert dialogue.answers["when_unsafe"] == ["evening", "weekend"]
    assert dialogue.age_band == "16-19" and dialogue.gender == "woman" and dialogue.relation == "visits"
    assert "[telefon]" in dialogue.free_text
    # A double tap re-posts the same key: still one record.
    client.post(reverse("dialogues:capture", args=[campaign.slug]), data)
    assert Dialogue.objects.count() == 1


def test_field_form_error_keeps_everything_typed(login, campaign, dialogue_staff):
    client = login(dialogue_staff)
    data = field_post(campaign, **{"q-feel_safe": "9", "q-what_safer": "Fler nattvandrare"})
    response = client.post(reverse("dialogues:capture", args=[campaign.slug]), data)
    assert response.status_code == 400
    body = response.content.decode()
    assert "Ange en siffra från 1 till 5." in body and "Fler nattvandrare</textarea>" in body
    assert 'value="evening" checked' in body and data["idempotency_key"] in body
    assert not Dialogue.objects.exists()


def test_queued_record_posted_as_json_is_stored_once(login, campaign, dialogue_staff):
    client = login(dialogue_staff)
    data = field_post(campaign)
    key = data.pop("idempotency_key")
    fields = []
    for name, value in data.items():
        for v in value if isinstance(value, list) else [value]:
            fields.append([name, v])
    fields.append(["conducted_at", "2024-04-12T19:41:05.120Z"])
    payload = json.dumps({"idempotency_key": key, "fields": fields})
    url = reverse("dialogues:capture_api", args=[campaign.slug])
    first = client.post(url, payload, content_type="application/json")
    assert first.status_code == 201 and first.json()["created"] is True
    retry = client.post(url, payload, content_type="application/json")
    assert retry.status_code == 200 and retry.json()["id"] == first.json()["id"]
    dialogue = Dialogue.objects.get()
    assert str(dialogue.idempotency_key) == key and first.json()["receipt"] == key[:8].upper()
    assert dialogue.conducted_at.isoformat().startswith("2024-04-12T19:41:05")


def test_json_endpoint_reports_invalid_answers_by_question(login, campaign, dialogue_staff):
    client = login(dialogue_staff)
    payload = json.dumps({"idempotency_key": str(uuid.uuid4()), "fields": [["q-feel_safe", "0"]]})
    response = client.post(
        reverse("dialogues:capture_api", args=[campaign.slug]), payload, content_type="application/json"
    )
    assert response.status_code == 400
    assert response.json()["errors"]["feel_safe"] == ["Ange en siffra från 1 till 5."]
    bad = client.post(
        reverse("dialogues:capture_api", args=[campaign.slug]), "not json", content_type="application/json"
    )
    assert bad.status_code == 400 and not Dialogue.objects.exists()


def test_contact_wish_in_the_field_goes_to_a_separate_record(login, campaign, dialogue_staff):
    client = login(dialogue_staff)
    data = field_post(campaign, contact_name="Anna", contact_phone="070-111 22 33", contact_message="Om belysningen")
    client.post(reverse("dialogues:capture", args=[campaign.slug]), data)
    dialogue = Dialogue.objects.get()
    request = ContactRequest.objects.get()
    assert request.dialogue == dialogue and request.name == "Anna"
    assert "Anna" not in json.dumps(dialogue.answers, ensure_ascii=False) and "070-111" not in dialogue.free_text
    assert (request.retain_until - timezone.localdate(request.created_at)).days == 90


def test_reader_and_case_handler_cannot_record(login, campaign, reader, case_handler):
    for user in (reader, case_handler):
        client = login(user)
        response = client.post(reverse("dialogues:capture", args=[campaign.slug]), field_post(campaign))
        assert response.status_code == 403
    assert not Dialogue.objects.exists()


def test_dialogue_record_is_the_documented_entry_point(campaign, sjostad_analyst):
    dialogue = dialogue_record(
        campaign=campaign,
        by=sjostad_analyst,
        channel="import",
        answers={},
        idempotency_key=uuid.uuid4(),
        home_area="Centrum",
        target_group="Unga",
    )
    assert dialogue.home_area.name == "Centrum" and dialogue.target_group == "youth"


def test_the_field_form_warns_outside_the_campaign_period_but_still_records(login, campaign, dialogue_staff):
    from lofte.dialogues.models import Campaign

    client = login(dialogue_staff)
    url = reverse("dialogues:capture", args=[campaign.slug])
    page = client.get(url).content.decode()  # the fixture's period, spring 2024, is over
    assert "Omgången är avslutad." in page and "1 mars 2024–31 maj 2024" in page
    assert client.post(url, field_post(campaign)).status_code == 302
    assert Dialogue.objects.get().recorded_by == dialogue_staff
    Campaign.objects.filter(pk=campaign.pk).update(starts_on="2099-01-01", ends_on="2099-02-01")
    assert "Omgången har inte börjat än." in client.get(url).content.decode()
    today = timezone.localdate()
    Campaign.objects.filter(pk=campaign.pk).update(starts_on=today, ends_on=today)
    page = client.get(url).content.decode()
    assert "Omgången är avslutad" not in page and "inte börjat" not in page


def test_field_form_errors_are_listed_as_links_to_their_fields_and_take_focus(login, campaign, dialogue_staff):
    campaign.questions.filter(key="what_safer").update(required=True)
    response = login(dialogue_staff).post(
        reverse("dialogues:capture", args=[campaign.slug]), field_post(campaign, **{"q-what_safer": ""})
    )
    assert response.status_code == 400
    body = response.content.decode()
    start = body.index('id="error-summary"')
    summary = body[start - 60 : body.index("</ul>", start)]
    assert 'tabindex="-1"' in summary and "autofocus" in summary
    assert '<a href="#id_q-what_safer">Vad skulle få dig att känna dig tryggare?: Frågan måste besvaras.</a>' in summary
    assert 'data-required="true"' in body
    assert not Dialogue.objects.exists()


def test_the_capture_form_names_its_user_and_the_service_worker_cache(login, campaign, dialogue_staff):
    body = login(dialogue_staff).get(reverse("dialogues:capture", args=[campaign.slug])).content.decode()
    assert f'data-user="{dialogue_staff.pk}"' in body
    assert 'data-cache="lofte-field-form-' in body and 'data-logout="/' in body
    worker = login(dialogue_staff).get(reverse("dialogues:capture_service_worker")).content.decode()
    cache_name = body.split('data-cache="')[1].split('"')[0]
    assert f'var CACHE = "{cache_name}";' in worker


def test_todays_conversations_are_listed_by_when_they_were_conducted(login, campaign, dialogue_staff):
    """A queue sent after a dead spot arrives in any order: the list follows the time of the conversation."""
    today = timezone.localtime()
    noon = today.replace(hour=12, minute=0, second=0, microsecond=0)
    for hour in (10, 14, 9):
        record(campaign, dialogue_staff, conducted_at=noon.replace(hour=hour))
    response = login(dialogue_staff).get(reverse("dialogues:capture", args=[campaign.slug]))
    times = [d.conducted_at.astimezone(timezone.get_current_timezone()).hour for d in response.context["todays"]]
    assert times == [14, 10, 9]
    html = response.content.decode()
    assert html.index(">14:00") < html.index(">10:00") < html.index(">09:00")


def test_a_conversation_from_an_earlier_day_stored_today_is_listed_with_its_date(login, campaign, dialogue_staff):
    """Sent today from yesterday's queue: by time alone, yesterday's 17:00 reads as later than today's 09:00."""
    now = timezone.localtime()
    record(campaign, dialogue_staff, conducted_at=now.replace(hour=9, minute=0, second=0, microsecond=0))
    yesterday = (now - dt.timedelta(days=1)).replace(hour=17, minute=0, second=0, microsecond=0)
    record(campaign, dialogue_staff, conducted_at=yesterday)
    html = login(dialogue_staff).get(reverse("dialogues:capture", args=[campaign.slug])).content.decode()
    todays = html[html.index('id="todays-heading"') :]
    assert ">09:00 " in todays
    with translation.override("sv"):
        assert f">{date_format(yesterday, 'j F')} 17:00 " in todays
