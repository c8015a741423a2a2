# ruff: noqa: F811 - pytest fixtures imported from campaign_fixtures are used as parameters
from __future__ import annotations

import datetime as dt
import json

import pytest
from django.core.exceptions import PermissionDenied
from django.urls import reverse
from django.utils import timezone

from lofte.core.models import AuditEntry
from lofte.dialogues.access import can_correct_dialogue
from lofte.dialogues.models import Dialogue
from lofte.dialogues.services import dialogue_correct, question_remove
from tests.dialogues.campaign_fixtures import campaign, centrum, record, torget  # noqa: F401


def correction(**extra):
    data = {
        "conducted_at": "2024-04-12T18:30",
        "q-feel_safe": "3",
        "q-why_unsafe": "Mörka gångvägar",
        "q-when_unsafe": ["night"],
        "age_band": "20-29",
    }
    data.update(extra)
    return data


def make_yesterday(dialogue: Dialogue) -> None:
    Dialogue.objects.filter(pk=dialogue.pk).update(created_at=timezone.now() - dt.timedelta(days=1))
    dialogue.refresh_from_db()


def test_interviewer_corrects_own_record_the_same_day_and_the_change_is_audited(login, campaign, dialogue_staff):
    dialogue = record(campaign, dialogue_staff)
    client = login(dialogue_staff)
    assert client.get(reverse("dialogues:dialogue_edit", args=[dialogue.pk])).status_code == 200
    response = client.post(reverse("dialogues:dialogue_edit", args=[dialogue.pk]), correction())
    assert response.status_code == 302
    dialogue.refresh_from_db()
    assert dialogue.answers["feel_safe"] == 3 and dialogue.answers["when_unsafe"] == ["night"]
    assert dialogue.free_text == "Mörka gångvägar" and dialogue.age_band == "20-29"
    entry = AuditEntry.objects.get(action="dialogue.correct", target_id=str(dialogue.pk))
    assert entry.actor == dialogue_staff
    assert entry.changes["age_band"] == ["", "20-29"]
    # That the resident's words changed, never the words: the log outlives every retention period.
    assert entry.changes["free_text"] == ["[fritext]", "[fritext]"]
    assert "Mörk" not in json.dumps(entry.changes, ensure_ascii=False)
    assert entry.changes["answers"][1]["feel_safe"] == 3


def test_a_correction_of_the_words_alone_logs_no_change_of_time(login, campaign, dialogue_staff):
    dialogue = record(campaign, dialogue_staff)
    Dialogue.objects.filter(pk=dialogue.pk).update(conducted_at=dialogue.conducted_at.replace(second=37))
    dialogue.refresh_from_db()
    shown = timezone.localtime(dialogue.conducted_at).strftime("%Y-%m-%dT%H:%M")  # what the form shows
    client = login(dialogue_staff)
    client.post(reverse("dialogues:dialogue_edit", args=[dialogue.pk]), correction(conducted_at=shown))
    entry = AuditEntry.objects.get(action="dialogue.correct", target_id=str(dialogue.pk))
    assert "conducted_at" not in entry.changes and "free_text" in entry.changes
    dialogue.refresh_from_db()
    assert dialogue.conducted_at.second == 37


def test_interviewer_may_not_correct_the_next_day(login, campaign, dialogue_staff):
    dialogue = record(campaign, dialogue_staff)
    make_yesterday(dialogue)
    client = login(dialogue_staff)
    assert client.post(reverse("dialogues:dialogue_edit", args=[dialogue.pk]), correction()).status_code == 403
    dialogue.refresh_from_db()
    assert dialogue.answers["feel_safe"] == 2
    assert not AuditEntry.objects.filter(action="dialogue.correct").exists()
    with pytest.raises(PermissionDenied):
        dialogue_correct(dialogue=dialogue, by=dialogue_staff, answers={"feel_safe": 1})


def test_staff_may_not_correct_a_colleagues_record(login, campaign, dialogue_staff, police_dialogue_staff):
    dialogue = record(campaign, police_dialogue_staff)
    client = login(dialogue_staff)
    assert client.get(dialogue.get_absolute_url()).status_code == 200
    assert client.post(reverse("dialogues:dialogue_edit", args=[dialogue.pk]), correction()).status_code == 403
    page = client.get(reverse("dialogues:dialogue_edit", args=[dialogue.pk]))
    assert page.status_code == 403
    assert "Du kan bara rätta dina egna samtal samma dag. Be en analytiker om hjälp." in page.content.decode()
    dialogue.refresh_from_db()
    assert dialogue.answers["feel_safe"] == 2


def test_analyst_corrects_an_older_record_with_an_audited_diff(login, campaign, dialogue_staff, police_analyst, torget):
    dialogue = record(campaign, dialogue_staff)
    make_yesterday(dialogue)
    client = login(police_analyst)
    response = client.post(reverse("dialogues:dialogue_edit", args=[dialogue.pk]), correction(place=str(torget.pk)))
    assert response.status_code == 302
    dialogue.refresh_from_db()
    assert dialogue.place == torget and dialogue.area == torget.area
    assert timezone.localtime(dialogue.conducted_at).strftime("%Y-%m-%d %H:%M") == "2024-04-12 18:30"
    entry = AuditEntry.objects.get(action="dialogue.correct")
    assert entry.actor == police_analyst and entry.changes["place"] == [None, torget.pk]


def test_a_bad_correction_is_refused_and_keeps_what_was_typed(login, campaign, dialogue_staff):
    dialogue = record(campaign, dialogue_staff)
    client = login(dialogue_staff)
    response = client.post(
        reverse("dialogues:dialogue_edit", args=[dialogue.pk]),
        correction(**{"q-feel_safe": "8", "q-why_unsafe": "Nytt svar"}),
    )
    assert response.status_code == 400
    assert "Nytt svar</textarea>" in response.content.decode()
    dialogue.refresh_from_db()
    assert dialogue.answers["feel_safe"] == 2


def test_a_correction_that_blanks_the_whole_dialogue_is_refused_and_nothing_changes(
    login, campaign, dialogue_staff, torget
):
    dialogue = record(campaign, dialogue_staff, place=torget, age_band="20-29")
    client = login(dialogue_staff)
    response = client.post(reverse("dialogues:dialogue_edit", args=[dialogue.pk]), {"conducted_at": "2024-04-12T18:30"})
    assert response.status_code == 400
    assert "Inga svar är ifyllda: ett tomt samtal sparas inte." in response.content.decode()
    dialogue.refresh_from_db()
    assert dialogue.answers == {"feel_safe": 2, "why_unsafe": "Mörkt vid stationen på kvällen"}
    assert dialogue.place == torget and dialogue.age_band == "20-29"
    assert not AuditEntry.objects.filter(action="dialogue.correct", target_id=str(dialogue.pk)).exists()


def test_a_correction_keeping_only_a_respondent_attribute_is_saved_as_the_field_form_would(campaign, dialogue_staff):
    dialogue = record(campaign, dialogue_staff)
    dialogue_correct(dialogue=dialogue, by=dialogue_staff, answers={}, age_band="20-29")
    dialogue.refresh_from_db()
    assert dialogue.answers == {} and dialogue.age_band == "20-29"


def test_the_stockholm_date_decides_the_same_day(campaign, dialogue_staff):
    dialogue = record(campaign, dialogue_staff)
    today = timezone.localdate(dialogue.created_at)
    assert can_correct_dialogue(dialogue_staff, dialogue, today=today)
    assert not can_correct_dialogue(dialogue_staff, dialogue, today=today + dt.timedelta(days=1))


def test_dialogue_list_filters_by_place_interviewer_and_date(
    login, campaign, dialogue_staff, police_dialogue_staff, reader, torget, resecentrum
):
    at_torget = record(campaign, dialogue_staff, place=torget)
    record(
        campaign,
        police_dialogue_staff,
        place=resecentrum,
        conducted_at=timezone.make_aware(dt.datetime(2024, 4, 1, 20)),
    )
    client = login(reader)
    url = reverse("dialogues:dialogue_list", args=[campaign.partnership.slug])
    assert client.get(url).context["page"].paginator.count == 2
    only = client.get(url, {"place": torget.pk, "interviewer": dialogue_staff.pk})
    assert [d.pk for d in only.context["page"].object_list] == [at_torget.pk]
    dated = client.get(url, {"date_from": "2024-04-01", "date_to": "2024-04-01", "campaign": campaign.slug})
    assert dated.context["page"].paginator.count == 1
    fragment = client.get(url, {"area": torget.area_id}, headers={"HX-Request": "true"})
    assert fragment.content.decode().lstrip().startswith('<div id="results"')
    assert fragment.context["page"].paginator.count == 1
    searched = client.get(url, {"q": "stationen"})
    assert searched.context["page"].paginator.count == 2
    bad = client.get(url, {"date_from": "igår", "place": torget.pk})
    assert bad.status_code == 200 and bad.context["page"].paginator.count == 1


def test_a_correction_keeps_answers_to_questions_removed_since(campaign, dialogue_staff, sjostad_analyst):
    dialogue = record(
        campaign,
        dialogue_staff,
        answers={"feel_safe": 2, "why_unsafe": "Mörkt vid stationen", "contribute": "Nattvandra"},
    )
    question_remove(question=campaign.questions.get(key="contribute"), by=sjostad_analyst)
    dialogue_correct(dialogue=dialogue, by=dialogue_staff, answers={"feel_safe": 4, "why_unsafe": "Mörkt i parken"})
    dialogue.refresh_from_db()
    assert dialogue.answers == {"feel_safe": 4, "why_unsafe": "Mörkt i parken", "contribute": "Nattvandra"}
    assert dialogue.free_text == "Mörkt i parken\nNattvandra"


def test_the_history_names_what_a_correction_changed_in_the_readers_language(
    login, campaign, dialogue_staff, police_analyst, torget
):
    dialogue = record(campaign, dialogue_staff)
    make_yesterday(dialogue)
    client = login(police_analyst)
    client.post(
        reverse("dialogues:dialogue_edit", args=[dialogue.pk]),
        correction(place=str(torget.pk), latitude="", longitude=""),
    )
    entry = AuditEntry.objects.get(action="dialogue.correct", target_id=str(dialogue.pk))
    assert {"place", "area", "age_band", "answers", "free_text"} <= set(entry.changes)

    swedish = client.get(dialogue.get_absolute_url()).content.decode()
    assert "rättad (Tidpunkt, Plats, Område, Ålder, Svar, Fritext)" in swedish
    assert "age_band" not in swedish and "free_text" not in swedish

    client.cookies["django_language"] = "en"
    english = client.get(dialogue.get_absolute_url()).content.decode()
    assert "(Date and time, Place, Area, Age, Answers, Free text)" in english
    assert "age_band" not in english and "free_text" not in english
