"""Fixtures for the campaign, questionnaire and capture tests: import the ones a test module uses."""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

import pytest

from lofte.core.models import Area, Place
from lofte.dialogues.models import Campaign, Dialogue
from lofte.dialogues.services import campaign_create, dialogue_record


@pytest.fixture
def centrum(sjostad) -> Area:
    return Area.objects.create(organisation=sjostad, name="Centrum", kind="stadsdel")


@pytest.fixture
def torget(sjostad, centrum) -> Place:
    return Place.objects.create(organisation=sjostad, area=centrum, name="Stora torget", kind="square")


@pytest.fixture
def campaign(partnership, sjostad_analyst, resecentrum, torget) -> Campaign:
    return campaign_create(
        partnership=partnership,
        by=sjostad_analyst,
        name="Medborgardialog 2024",
        slug="sjostad-2024",
        year=2024,
        starts_on=dt.date(2024, 3, 1),
        ends_on=dt.date(2024, 5, 31),
        target_places=[resecentrum, torget],
        target_groups=["youth", "elderly"],
        public_form_open=True,
    )


@pytest.fixture
def grannby_campaign(grannby_partnership, outsider) -> Campaign:
    return campaign_create(
        partnership=grannby_partnership,
        by=outsider,
        name="Grannby 2024",
        slug="grannby-2024",
        year=2024,
        starts_on=dt.date(2024, 3, 1),
        ends_on=dt.date(2024, 5, 31),
        public_form_open=False,
    )


def record(campaign: Campaign, by: Any, **overrides: Any) -> Dialogue:
    values: dict[str, Any] = {
        "campaign": campaign,
        "by": by,
        "channel": Dialogue.Channel.FIELD,
        "idempotency_key": uuid.uuid4(),
        "answers": {"feel_safe": 2, "why_unsafe": "Mörkt vid stationen på kvällen"},
    }
    values.update(overrides)
    return dialogue_record(**values)


def field_post(campaign: Campaign, **extra: Any) -> dict[str, Any]:
    """What the field form posts for one realistic conversation."""
    place = campaign.target_places.order_by("name").first()
    data = {
        "idempotency_key": str(uuid.uuid4()),
        "place": str(place.pk) if place else "",
        "latitude": "58.5035",
        "longitude": "13.1577",
        "q-feel_safe": "2",
        "q-where_unsafe-known": f"place:{place.pk}" if place else "",
        "q-where_unsafe-text": "",
        "q-when_unsafe": ["evening", "weekend"],
        "q-why_unsafe": "Berusade personer vid busstationen, ring mig på 070-123 45 67",
        "q-what_safer": "Bättre belysning och fler vuxna ute",
        "q-priorities": "",
        "q-contribute": "",
        "age_band": "16-19",
        "gender": "woman",
        "relation": "visits",
    }
    data.update(extra)
    return data
