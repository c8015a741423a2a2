# ruff: noqa: F811 - pytest fixtures imported from campaign_fixtures are used as parameters
from __future__ import annotations

import uuid

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse

from lofte.core.models import AuditEntry
from lofte.dialogues.models import Campaign, Question
from lofte.dialogues.services import question_add, question_update
from tests.dialogues.campaign_fixtures import campaign, centrum, grannby_campaign, record, torget  # noqa: F401


def keys(campaign) -> list[str]:
    return list(campaign.questions.order_by("position").values_list("key", flat=True))


def test_analyst_adds_a_single_choice_question_in_swedish_and_english(login, campaign, sjostad_analyst):
    client = login(sjostad_analyst)
    response = client.post(
        reverse("dialogues:questionnaire", args=[campaign.slug]),
        {
            "new-kind": "single",
            "new-key": "transport",
            "new-text_sv": "Hur tog du dig hit?",
            "new-text_en": "How did you get here?",
            "new-choices_text": "walk | Till fots | On foot\nbus | Buss | Bus\ncar | Bil",
        },
    )
    assert response.status_code == 302
    question = campaign.questions.get(key="transport")
    assert question.position == 8 and keys(campaign)[-1] == "transport"
    assert question.choices[0] == {"value": "walk", "sv": "Till fots", "en": "On foot"}
    assert question.choices[2] == {"value": "car", "sv": "Bil", "en": "Bil"}
    assert AuditEntry.objects.filter(action="question.add", target_id=str(question.pk)).exists()


def test_a_choice_question_without_options_is_refused_and_keeps_the_wording(login, campaign, sjostad_analyst):
    client = login(sjostad_analyst)
    response = client.post(
        reverse("dialogues:questionnaire", args=[campaign.slug]),
        {
            "new-kind": "multiple",
            "new-key": "bad",
            "new-text_sv": "Vilka platser undviker du?",
            "new-choices_text": "",
        },
    )
    assert response.status_code == 400
    body = response.content.decode()
    assert "Ange minst två svarsalternativ." in body and "Vilka platser undviker du?" in body
    assert not campaign.questions.filter(key="bad").exists()


def test_questions_move_up_and_down_without_javascript(login, campaign, sjostad_analyst):
    client = login(sjostad_analyst)
    second = campaign.questions.get(key="where_unsafe")
    response = client.post(reverse("dialogues:question_move", args=[second.pk]), {"direction": "up"})
    assert response.status_code == 302
    assert keys(campaign)[:2] == ["where_unsafe", "feel_safe"]
    client.post(reverse("dialogues:question_move", args=[second.pk]), {"direction": "up"})  # already first
    assert keys(campaign)[:2] == ["where_unsafe", "feel_safe"]
    client.post(reverse("dialogues:question_move", args=[second.pk]), {"direction": "down"})
    assert keys(campaign)[:2] == ["feel_safe", "where_unsafe"]
    assert AuditEntry.objects.filter(action="question.move").count() == 2


def test_htmx_move_returns_the_question_list_fragment(login, campaign, sjostad_analyst):
    client = login(sjostad_analyst)
    last = campaign.questions.get(key="contribute")
    response = client.post(
        reverse("dialogues:question_move", args=[last.pk]), {"direction": "up"}, headers={"HX-Request": "true"}
    )
    assert response.status_code == 200
    body = response.content.decode()
    assert body.lstrip().startswith('<div id="questions"') and "<html" not in body
    assert keys(campaign)[-2:] == ["contribute", "priorities"]
    # htmx focuses [autofocus] after the swap: the moved question's own "Upp" button, nothing else.
    moved = body[body.index(f'id="question-{last.pk}"') :]
    moved = moved[: moved.index("</form>")]
    assert body.count("autofocus") == 1
    assert 'value="up" class="button" autofocus' in moved


def test_htmx_move_to_the_top_keeps_focus_on_the_questions_other_button(login, campaign, sjostad_analyst):
    client = login(sjostad_analyst)
    second = campaign.questions.get(key="where_unsafe")
    body = client.post(
        reverse("dialogues:question_move", args=[second.pk]), {"direction": "up"}, headers={"HX-Request": "true"}
    ).content.decode()
    moved = body[body.index(f'id="question-{second.pk}"') :]
    moved = moved[: moved.index("</form>")]
    assert body.count("autofocus") == 1 and 'value="down" class="button" autofocus' in moved


def test_the_question_type_list_starts_with_a_swedish_choice(login, campaign, sjostad_analyst):
    body = login(sjostad_analyst).get(reverse("dialogues:questionnaire", args=[campaign.slug])).content.decode()
    assert '<option value="" selected>Välj frågetyp</option>' in body
    assert "Select an option" not in body


def test_editing_wording_is_audited_and_the_key_is_locked_once_answered(login, campaign, sjostad_analyst):
    record(campaign, sjostad_analyst)
    question = campaign.questions.get(key="why_unsafe")
    client = login(sjostad_analyst)
    response = client.post(
        reverse("dialogues:question_edit", args=[question.pk]),
        {
            "kind": "text",
            "key": "renamed",
            "text_sv": "Varför är det otryggt där?",
            "text_en": "Why is it unsafe?",
        },
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.text_sv == "Varför är det otryggt där?" and question.key == "why_unsafe"
    entry = AuditEntry.objects.get(action="question.update", target_id=str(question.pk))
    assert entry.changes["text_sv"] == ["Varför känner du dig otrygg där?", "Varför är det otryggt där?"]


def test_removing_a_question_closes_the_gap_and_keeps_given_answers(login, campaign, sjostad_analyst):
    dialogue = record(campaign, sjostad_analyst)
    question = campaign.questions.get(key="why_unsafe")
    client = login(sjostad_analyst)
    assert client.post(reverse("dialogues:question_delete", args=[question.pk])).status_code == 302
    assert not Question.objects.filter(pk=question.pk).exists()
    assert list(campaign.questions.values_list("position", flat=True)) == [1, 2, 3, 4, 5, 6]
    dialogue.refresh_from_db()
    assert "why_unsafe" in dialogue.answers


def test_dialogue_staff_may_read_but_not_change_the_questionnaire(login, campaign, dialogue_staff):
    client = login(dialogue_staff)
    assert client.get(reverse("dialogues:questionnaire", args=[campaign.slug])).status_code == 200
    question = campaign.questions.first()
    assert client.post(reverse("dialogues:question_move", args=[question.pk]), {"direction": "down"}).status_code == 403
    assert client.post(reverse("dialogues:question_delete", args=[question.pk])).status_code == 403
    assert campaign.questions.count() == 7


def _transport(campaign, analyst):
    return question_add(
        campaign=campaign,
        by=analyst,
        kind="single",
        key="transport",
        text_sv="Hur tog du dig hit?",
        text_en="How did you get here?",
        choices=[{"value": v, "sv": v, "en": v} for v in ("walk", "bus", "car")],
    )


def test_the_type_of_an_answered_question_is_locked(login, campaign, sjostad_analyst):
    record(campaign, sjostad_analyst)
    question = campaign.questions.get(key="why_unsafe")
    client = login(sjostad_analyst)
    url = reverse("dialogues:question_edit", args=[question.pk])
    page = client.get(url)
    assert page.context["form"].fields["kind"].disabled
    assert "Frågetypen kan inte ändras när det finns svar på frågan." in page.content.decode()
    response = client.post(
        url,
        {
            "kind": "single",
            "key": "why_unsafe",
            "text_sv": "Varför?",
            "text_en": "Why?",
            "choices_text": "a | A\nb | B",
        },
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.kind == "text" and question.choices == [] and question.text_sv == "Varför?"
    with pytest.raises(ValidationError) as error:
        question_update(question=question, by=sjostad_analyst, kind="scale")
    assert error.value.message_dict["kind"] == ["Frågetypen kan inte ändras när det finns svar på frågan."]
    assert Question.objects.get(pk=question.pk).kind == "text"


def test_an_option_given_in_an_answer_cannot_be_removed_but_others_can(login, campaign, sjostad_analyst):
    question = _transport(campaign, sjostad_analyst)
    record(campaign, sjostad_analyst, answers={"transport": "bus"})
    client = login(sjostad_analyst)
    url = reverse("dialogues:question_edit", args=[question.pk])
    data = {"kind": "single", "key": "transport", "text_sv": "Hur tog du dig hit?", "text_en": "How?"}
    refused = client.post(url, {**data, "choices_text": "walk | Till fots\ncar | Bil"})
    assert refused.status_code == 400
    assert "Alternativ som finns i svar kan inte tas bort: bus." in refused.content.decode()
    question.refresh_from_db()
    assert [c["value"] for c in question.choices] == ["walk", "bus", "car"]
    assert client.post(url, {**data, "choices_text": "walk | Till fots\nbus | Buss"}).status_code == 302
    question.refresh_from_db()
    assert [c["value"] for c in question.choices] == ["walk", "bus"]


def test_the_type_of_an_unanswered_question_may_change(campaign, sjostad_analyst):
    question = campaign.questions.get(key="contribute")
    question_update(question=question, by=sjostad_analyst, kind="scale")
    assert Question.objects.get(pk=question.pk).kind == "scale"


def test_the_place_map_is_drawn_from_the_organisations_own_areas_and_places():
    from lofte.lib.geo import outline_map

    square = {
        "type": "Polygon",
        "coordinates": [[[13.1, 58.4], [13.3, 58.4], [13.3, 58.6], [13.1, 58.6], [13.1, 58.4]]],
    }
    drawn = outline_map(
        areas=[("Sjöstad", square), ("Utan gräns", None)], places=[("Torget", 58.5, 13.2), ("X", None, None)]
    )
    assert [name for name, _d in drawn.areas] == ["Sjöstad"] and [p[0] for p in drawn.places] == ["Torget"]
    _name, x, y = drawn.places[0]
    assert x == pytest.approx(drawn.width / 2, abs=1) and y == pytest.approx(drawn.height / 2, abs=1)
    # Narrower than tall at this latitude: longitudes are shortened by cos(latitude).
    assert drawn.height > drawn.width * 0.8
    assert outline_map(areas=[], places=[("Inget", None, None)]) is None


# Rules across questions: at least one of them answered -----------------------------------------------------


def _rule(campaign, analyst, *keys: str, **messages: str):
    from lofte.dialogues.services import answer_rule_add

    return answer_rule_add(
        campaign=campaign,
        by=analyst,
        questions=campaign.questions.filter(key__in=keys or ("priorities", "contribute")),
        **messages,
    )


def test_analyst_adds_a_rule_in_the_builder_and_it_is_audited(login, campaign, sjostad_analyst):
    from lofte.dialogues.models import AnswerRule

    client = login(sjostad_analyst)
    ids = list(campaign.questions.filter(key__in=["priorities", "contribute"]).values_list("pk", flat=True))
    response = client.post(
        reverse("dialogues:answer_rule_add", args=[campaign.slug]),
        {"rule-questions": ids, "rule-message_sv": "Svara på en av de två sista frågorna."},
    )
    assert response.status_code == 302
    rule = AnswerRule.objects.get(campaign=campaign)
    assert sorted(q.key for q in rule.questions.all()) == ["contribute", "priorities"]
    assert rule.message_sv == "Svara på en av de två sista frågorna."
    entry = AuditEntry.objects.get(action="answer_rule.add", target_id=str(rule.pk))
    assert entry.changes["questions"] == ["priorities", "contribute"]
    page = client.get(reverse("dialogues:questionnaire", args=[campaign.slug])).content.decode()
    assert "Minst en av frågorna ska besvaras:" in page and "Svara på en av de två sista frågorna." in page

    removed = client.post(reverse("dialogues:answer_rule_delete", args=[campaign.slug, rule.pk]))
    assert removed.status_code == 302 and not AnswerRule.objects.exists()
    assert AuditEntry.objects.filter(action="answer_rule.remove", target_id=str(rule.pk)).exists()


def test_a_rule_needs_two_questions_of_the_campaign(login, campaign, sjostad_analyst, grannby_campaign):
    from lofte.dialogues.models import AnswerRule

    client = login(sjostad_analyst)
    one = campaign.questions.get(key="priorities")
    response = client.post(reverse("dialogues:answer_rule_add", args=[campaign.slug]), {"rule-questions": [one.pk]})
    assert response.status_code == 400 and "Välj minst två frågor." in response.content.decode()
    other = grannby_campaign.questions.first()
    response = client.post(
        reverse("dialogues:answer_rule_add", args=[campaign.slug]), {"rule-questions": [one.pk, other.pk]}
    )
    assert response.status_code == 400
    assert not AnswerRule.objects.exists()


def test_a_rule_is_checked_wherever_answers_are_validated(campaign, sjostad_analyst):
    from lofte.dialogues.answers import validate_answers

    _rule(campaign, sjostad_analyst)
    with pytest.raises(ValidationError) as caught:
        validate_answers(campaign, {"feel_safe": 3})
    assert caught.value.message_dict == {
        "priorities": [
            "Besvara minst en av frågorna ”Vad tycker du att polisen och kommunen ska prioritera?”, "
            "”Finns det något du själv kan bidra med?”."
        ]
    }
    assert validate_answers(campaign, {"contribute": "Nattvandra"}) == {"contribute": "Nattvandra"}
    # A wrongly answered question of the rule says what is wrong, not that nothing was answered.
    too_long = "x" * 5000
    with pytest.raises(ValidationError) as caught:
        validate_answers(campaign, {"priorities": too_long})
    assert list(caught.value.message_dict) == ["priorities"] and "högst" in caught.value.messages[0]


def test_a_rules_own_message_is_shown_in_the_visitors_language(campaign, sjostad_analyst):
    from django.utils import translation

    from lofte.dialogues.answers import validate_answers

    _rule(campaign, sjostad_analyst, message_sv="Svara på minst en.", message_en="Answer at least one.")
    for language, message in [("sv", "Svara på minst en."), ("en", "Answer at least one.")]:
        with translation.override(language), pytest.raises(ValidationError) as caught:
            validate_answers(campaign, {})
        assert caught.value.message_dict["priorities"] == [message]


def test_the_field_form_and_its_queue_refuse_a_conversation_that_breaks_a_rule(
    login, campaign, sjostad_analyst, dialogue_staff
):
    import json

    from lofte.dialogues.models import Dialogue
    from tests.dialogues.campaign_fixtures import field_post

    _rule(campaign, sjostad_analyst, message_sv="Svara på minst en av de två sista frågorna.")
    client = login(dialogue_staff)
    response = client.post(reverse("dialogues:capture", args=[campaign.slug]), field_post(campaign))
    assert response.status_code == 400
    body = response.content.decode()
    start = body.index('id="error-summary"')
    assert 'href="#id_q-priorities">' in body[start : body.index("</ul>", start)]
    assert "Svara på minst en av de två sista frågorna." in body[start:]
    api = client.post(
        reverse("dialogues:capture_api", args=[campaign.slug]),
        json.dumps({"fields": [["q-feel_safe", "3"], ["q-why_unsafe", "Mörkt"]], "idempotency_key": str(uuid.uuid4())}),
        content_type="application/json",
    )
    assert api.status_code == 400 and api.json()["errors"]["priorities"] == [
        "Svara på minst en av de två sista frågorna."
    ]
    assert not Dialogue.objects.exists()
    # The field form's own check before queueing knows the rule too.
    rules = json.loads(body.split('id="answer-rules" type="application/json">')[1].split("</script>")[0])
    assert rules == [{"keys": ["priorities", "contribute"], "message": "Svara på minst en av de två sista frågorna."}]
    ok = client.post(
        reverse("dialogues:capture", args=[campaign.slug]), field_post(campaign, **{"q-contribute": "Nattvandra"})
    )
    assert ok.status_code == 302 and Dialogue.objects.get().answers["contribute"] == "Nattvandra"


def test_a_correction_of_an_older_dialogue_must_follow_a_rule_added_since(
    login, campaign, dialogue_staff, sjostad_analyst
):
    dialogue = record(campaign, dialogue_staff)
    _rule(campaign, sjostad_analyst)
    client = login(sjostad_analyst)
    data = {"conducted_at": "2024-04-12T18:30", "q-feel_safe": "3", "q-why_unsafe": "Mörka gångvägar"}
    response = client.post(reverse("dialogues:dialogue_edit", args=[dialogue.pk]), data)
    assert response.status_code == 400 and "Besvara minst en av frågorna" in response.content.decode()
    # The correction form's error summary links to the question, as the field form's and web survey's do.
    assert '<a href="#id_q-priorities">' in response.content.decode()
    dialogue.refresh_from_db()
    assert dialogue.answers["why_unsafe"] == "Mörkt vid stationen på kvällen"
    response = client.post(
        reverse("dialogues:dialogue_edit", args=[dialogue.pk]), {**data, "q-priorities": "Belysning"}
    )
    assert response.status_code == 302


def test_the_builder_counts_the_earlier_dialogues_a_rule_does_not_hold_for(
    login, campaign, dialogue_staff, sjostad_analyst
):
    record(campaign, dialogue_staff)
    record(campaign, dialogue_staff, answers={"contribute": "Nattvandra"})
    _rule(campaign, sjostad_analyst)
    page = login(sjostad_analyst).get(reverse("dialogues:questionnaire", args=[campaign.slug])).content.decode()
    assert "1 tidigare samtal besvarar ingen av frågorna" in page


def test_removing_a_question_of_a_two_question_rule_removes_the_rule(campaign, sjostad_analyst):
    from lofte.dialogues.models import AnswerRule
    from lofte.dialogues.services import question_remove

    rule = _rule(campaign, sjostad_analyst)
    kept = _rule(campaign, sjostad_analyst, "feel_safe", "why_unsafe", "contribute")
    question_remove(question=campaign.questions.get(key="contribute"), by=sjostad_analyst)
    assert list(AnswerRule.objects.all()) == [kept]
    assert [q.key for q in kept.questions.all()] == ["feel_safe", "why_unsafe"]
    assert AuditEntry.objects.filter(action="answer_rule.remove", target_id=str(rule.pk)).exists()


# Making a question required -------------------------------------------------------------------------------


def _edit(question, **extra):
    data = {"kind": question.kind, "key": question.key, "text_sv": question.text_sv, "text_en": question.text_en}
    data.update(extra)
    return data


def test_making_an_answered_question_required_warns_with_the_count_and_waits_for_confirmation(
    login, campaign, dialogue_staff, sjostad_analyst
):
    record(campaign, dialogue_staff)
    record(campaign, dialogue_staff)
    record(campaign, dialogue_staff, answers={"what_safer": "Lampor"})
    question = campaign.questions.get(key="what_safer")
    client = login(sjostad_analyst)
    url = reverse("dialogues:question_edit", args=[question.pk])
    response = client.post(url, _edit(question, required="on"))
    assert response.status_code == 200
    body = response.content.decode()
    assert "2 tidigare samtal saknar svar på frågan." in body
    assert "måste då fylla i ett svar på frågan" in body
    # The round's web survey is open: what is already queued on phones is named too.
    assert "Omgången pågår." in body
    assert 'name="confirm_required" value="yes"' in body
    question.refresh_from_db()
    assert not question.required
    assert not AuditEntry.objects.filter(action="question.update").exists()

    confirmed = client.post(url, _edit(question, required="on", confirm_required="yes"))
    assert confirmed.status_code == 302
    question.refresh_from_db()
    assert question.required


def test_rewording_or_an_unused_question_on_a_closed_round_saves_without_a_warning(login, campaign, sjostad_analyst):
    """Nothing stored leaves it blank and no phone or resident is answering: nothing to warn about."""
    Campaign.objects.filter(pk=campaign.pk).update(public_form_open=False)  # and the 2024 period is over
    question = campaign.questions.get(key="what_safer")
    response = login(sjostad_analyst).post(
        reverse("dialogues:question_edit", args=[question.pk]), _edit(question, required="on")
    )
    assert response.status_code == 302
    question.refresh_from_db()
    assert question.required
