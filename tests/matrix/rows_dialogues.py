"""Campaigns, questionnaires, capture, dialogues, contact requests and the public web form."""

from __future__ import annotations

import datetime as dt
import uuid
from types import SimpleNamespace

from django.utils import timezone

from lofte.core.models import Area, Place
from lofte.dialogues.services import answer_rule_add, campaign_create, contact_request_create, dialogue_record
from tests.matrix.base import (
    DIALOGUE_RECORDERS,
    EVERYONE,
    OUTSIDER,
    PARTNERSHIP_ANALYSTS,
    PARTNERSHIP_MEMBERS,
    SECTION_INDEX,
    STAFF,
    Row,
)

HIDDEN = frozenset({OUTSIDER})
# MANAGE_DIALOGUES and VIEW_CONTACT_REQUESTS: admins and analysts of either party.
MANAGERS = PARTNERSHIP_ANALYSTS
# The interviewer (dialogue_staff recorded it today) and anyone who manages dialogues.
CORRECTORS = MANAGERS | {"dialogue_staff"}


def build(world: SimpleNamespace) -> None:
    area = Area.objects.create(organisation=world.sjostad, name="Fältområdet")
    world.capture_place = Place.objects.create(organisation=world.sjostad, area=area, name="Fältplatsen", kind="square")
    world.capture_campaign = campaign_create(
        partnership=world.partnership,
        by=world.users["analyst"],
        name="Medborgardialog 2024",
        slug="falt-2024",
        year=2024,
        # A period around today: the public web form takes answers only during it.
        starts_on=timezone.localdate() - dt.timedelta(days=60),
        ends_on=timezone.localdate() + dt.timedelta(days=60),
        target_places=[world.capture_place],
        public_form_open=True,
    )
    world.capture_question = world.capture_campaign.questions.get(key="why_unsafe")
    world.capture_rule = answer_rule_add(
        campaign=world.capture_campaign,
        by=world.users["analyst"],
        questions=world.capture_campaign.questions.filter(key__in=["why_unsafe", "what_safer"]),
    )
    world.capture_dialogue = dialogue_record(
        campaign=world.capture_campaign,
        by=world.users["dialogue_staff"],
        channel="field",
        idempotency_key=uuid.uuid4(),
        answers={"feel_safe": 2, "why_unsafe": "Mörkt vid stationen"},
    )
    world.capture_contact_request = contact_request_create(
        campaign=world.capture_campaign,
        dialogue=world.capture_dialogue,
        by=world.users["dialogue_staff"],
        name="Anna",
        phone="070-111 22 33",
    )


def _answers(w: SimpleNamespace) -> dict:
    return {
        "idempotency_key": str(uuid.uuid4()),
        "place": w.capture_place.pk,
        "q-feel_safe": "3",
        "q-when_unsafe": ["evening"],
        "q-why_unsafe": "Mörkt",
        "age_band": "30-44",
    }


def _campaign(w: SimpleNamespace) -> dict:
    return {"slug": w.capture_campaign.slug}


def _partnership(w: SimpleNamespace) -> dict:
    return {"slug": w.partnership.slug}


ROWS = [
    Row("dialogues:index", allowed=STAFF, ok=SECTION_INDEX),
    Row("dialogues:partnership", _partnership, allowed=PARTNERSHIP_MEMBERS, hidden=HIDDEN),
    Row("dialogues:campaign_create", _partnership, allowed=MANAGERS, hidden=HIDDEN),
    Row(
        "dialogues:campaign_create",
        _partnership,
        method="post",
        allowed=MANAGERS,
        hidden=HIDDEN,
        ok=302,
        data=lambda w: {
            "name": "Ny",
            "slug": "ny-omgang",
            "year": "2025",
            "starts_on": "2025-03-01",
            "ends_on": "2025-04-01",
        },
    ),
    Row("dialogues:campaign_detail", _campaign, allowed=PARTNERSHIP_MEMBERS, hidden=HIDDEN),
    Row("dialogues:campaign_edit", _campaign, allowed=MANAGERS, hidden=HIDDEN),
    Row(
        "dialogues:campaign_edit",
        _campaign,
        method="post",
        allowed=MANAGERS,
        hidden=HIDDEN,
        ok=302,
        data=lambda w: {
            "name": "Ändrad",
            "slug": w.capture_campaign.slug,
            "year": "2024",
            "starts_on": "2024-03-01",
            "ends_on": "2024-05-31",
        },
    ),
    Row("dialogues:questionnaire", _campaign, allowed=PARTNERSHIP_MEMBERS, hidden=HIDDEN),
    Row(
        "dialogues:questionnaire",
        _campaign,
        method="post",
        allowed=MANAGERS,
        hidden=HIDDEN,
        ok=302,
        data=lambda w: {"new-kind": "text", "new-key": "extra", "new-text_sv": "Något mer?"},
    ),
    Row("dialogues:question_edit", lambda w: {"pk": w.capture_question.pk}, allowed=MANAGERS, hidden=HIDDEN),
    Row(
        "dialogues:question_move",
        lambda w: {"pk": w.capture_question.pk},
        method="post",
        allowed=MANAGERS,
        hidden=HIDDEN,
        ok=302,
        data=lambda w: {"direction": "up"},
    ),
    Row(
        "dialogues:question_delete",
        lambda w: {"pk": w.capture_question.pk},
        method="post",
        allowed=MANAGERS,
        hidden=HIDDEN,
        ok=302,
    ),
    Row(
        "dialogues:answer_rule_add",
        _campaign,
        method="post",
        allowed=MANAGERS,
        hidden=HIDDEN,
        ok=302,
        data=lambda w: {
            "rule-questions": list(
                w.capture_campaign.questions.filter(key__in=["feel_safe", "where_unsafe"]).values_list("pk", flat=True)
            )
        },
    ),
    Row(
        "dialogues:answer_rule_delete",
        lambda w: {"slug": w.capture_campaign.slug, "pk": w.capture_rule.pk},
        method="post",
        allowed=MANAGERS,
        hidden=HIDDEN,
        ok=302,
    ),
    Row("dialogues:capture", _campaign, allowed=DIALOGUE_RECORDERS, hidden=HIDDEN),
    Row(
        "dialogues:capture", _campaign, method="post", allowed=DIALOGUE_RECORDERS, hidden=HIDDEN, ok=302, data=_answers
    ),
    Row(
        "dialogues:capture_api",
        _campaign,
        method="post",
        allowed=DIALOGUE_RECORDERS,
        hidden=HIDDEN,
        ok=201,
        data=_answers,
    ),
    # The field form's service worker: a static script, public like any static file.
    Row("dialogues:capture_service_worker", allowed=EVERYONE, public=True, ok=200),
    Row("dialogues:dialogue_list", _partnership, allowed=PARTNERSHIP_MEMBERS, hidden=HIDDEN),
    Row(
        "dialogues:dialogue_list",
        _partnership,
        allowed=PARTNERSHIP_MEMBERS,
        hidden=HIDDEN,
        query="place=1&date_from=2024-01-01&q=m%C3%B6rkt",
    ),
    Row(
        "dialogues:dialogue_detail", lambda w: {"pk": w.capture_dialogue.pk}, allowed=PARTNERSHIP_MEMBERS, hidden=HIDDEN
    ),
    Row("dialogues:dialogue_edit", lambda w: {"pk": w.capture_dialogue.pk}, allowed=CORRECTORS, hidden=HIDDEN),
    Row(
        "dialogues:dialogue_edit",
        lambda w: {"pk": w.capture_dialogue.pk},
        method="post",
        allowed=CORRECTORS,
        hidden=HIDDEN,
        ok=302,
        data=lambda w: {"q-feel_safe": "4", "q-why_unsafe": "Rättat"},
    ),
    Row("dialogues:contact_requests", _partnership, allowed=MANAGERS, hidden=HIDDEN),
    Row(
        "dialogues:contact_request_handled",
        lambda w: {"pk": w.capture_contact_request.pk},
        method="post",
        allowed=MANAGERS,
        hidden=HIDDEN,
        ok=302,
    ),
    Row("dialogues_public:form", _campaign, allowed=EVERYONE, public=True, ok=200),
    Row("dialogues_public:form", _campaign, method="post", allowed=EVERYONE, public=True, ok=302, data=_answers),
    Row("dialogues_public:receipt", _campaign, allowed=EVERYONE, public=True, ok=302),
]
