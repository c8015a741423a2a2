"""A small Sjöstad campaign (2020) and the one before it (2019), with answers written like real ones."""

from __future__ import annotations

import datetime as dt

import pytest

from lofte.core.models import Area, Place
from lofte.dialogues.models import Campaign, Dialogue, Question

ANSWERS_2020 = [
    # (free text, area, age band, gender, hour, time-question answer)
    (
        "Mörkt och knarkare vid stationen på kvällarna. Mer belysning behövs.",
        "Sjöstad",
        "16-19",
        "woman",
        19,
        ["evening"],
    ),
    ("Fulla människor i Stadsparken på helgerna, jag vill se mer poliser.", "Sjöstad", "45-64", "man", 14, ["weekend"]),
    (
        "Gatubelysningen är trasig längs gångvägen, det är kolsvart när det är mörkt.",
        "Norrvik",
        "65-79",
        "woman",
        10,
        [],
    ),
    ("Ungdomsgäng som hänger vid fritidsgården och säljer knark.", "Norrvik", "30-44", "woman", 16, ["evening"]),
    ("Bilar som kör för fort på Storgatan, mopeder också.", "Sjöstad", "30-44", "man", 12, []),
    ("Jag känner mig trygg överallt.", "Sjöstad", "20-29", "man", 11, []),
    ("Hundägare som inte plockar upp efter sina hundar i Ekbyparken.", "Sjöstad", "45-64", "woman", 9, []),
    ("Hundbajs överallt längs hundrastgården, ingen plockar upp efter hundarna.", "Norrvik", "65-79", "man", 9, []),
    (
        "Synliga vuxna och nattvandrare i centrum på nätterna skulle göra mig tryggare.",
        "Sjöstad",
        "16-19",
        "woman",
        20,
        ["night"],
    ),
    ("Klotter och krossade rutor vid busshållplatsen.", "Norrvik", "20-29", "other", 18, []),
]
ANSWERS_2019 = [
    ("Dålig belysning i tunneln.", "Sjöstad", "30-44", "woman", 12, []),
    ("Knarkare vid stationen.", "Sjöstad", "16-19", "man", 21, ["night"]),
    ("Folk kör för fort.", "Norrvik", "45-64", "man", 10, []),
]


def make_campaign(partnership, year: int, answers, areas: dict[str, Area]) -> Campaign:
    campaign = Campaign.objects.create(
        partnership=partnership,
        year=year,
        name=f"Trygghetsdialog {year}",
        slug=f"trygghetsdialog-{year}",
        starts_on=dt.date(year, 9, 1),
        ends_on=dt.date(year, 10, 31),
    )
    Question.objects.create(campaign=campaign, position=1, key="when_unsafe", kind="time", text_sv="När?")
    Question.objects.create(campaign=campaign, position=2, key="why_unsafe", kind="text", text_sv="Varför?")
    for i, (text, area, age, gender, hour, when) in enumerate(answers):
        Dialogue.objects.create(
            campaign=campaign,
            channel="field",
            area=areas[area],
            age_band=age,
            gender=gender,
            conducted_at=dt.datetime(year, 9, 10 + i % 15, hour, 0, tzinfo=dt.UTC),
            answers={"when_unsafe": when, "why_unsafe": text},
            free_text=text,
            target_group="",
        )
    return campaign


@pytest.fixture
def areas(sjostad) -> dict[str, Area]:
    return {name: Area.objects.create(organisation=sjostad, name=name) for name in ("Sjöstad", "Norrvik")}


@pytest.fixture
def places(sjostad, areas) -> list[Place]:
    return [
        Place.objects.create(
            organisation=sjostad, area=areas["Sjöstad"], name="Resecentrum", kind="station", aliases=["stationen"]
        ),
        Place.objects.create(
            organisation=sjostad, area=areas["Sjöstad"], name="Stadsparken", kind="park", aliases=["parken"]
        ),
        Place.objects.create(organisation=sjostad, area=areas["Sjöstad"], name="Ekbyparken", kind="park"),
    ]


@pytest.fixture
def campaign(partnership, areas, places) -> Campaign:
    return make_campaign(partnership, 2020, ANSWERS_2020, areas)


@pytest.fixture
def campaign_2019(partnership, areas, places) -> Campaign:
    return make_campaign(partnership, 2019, ANSWERS_2019, areas)


@pytest.fixture
def immediate_tasks(settings) -> None:
    settings.TASKS = {"default": {"BACKEND": "django.tasks.backends.immediate.ImmediateBackend"}}
