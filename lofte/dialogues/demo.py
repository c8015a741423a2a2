"""Demo step: five yearly rounds of medborgardialoger in Sjöstad (2016–2020), a round of the current year with
the public web form open, and Sjöstad's population.

About 600 conversations in 2020 and fewer in earlier years, on the national template, with answers from
lofte.dialogues.demo_answers. The current round runs from a month ago to a month ahead (set when it is first
created, so `make demo` always has a web form to open) and starts with a few conversations. Respondents
lean the way real street dialogues do (young men are hard to reach, older women easy), so the campaign
overview's representativeness warning has something to show.
Idempotent: every conversation has a fixed idempotency key, so running the demo again adds nothing.
"""

from __future__ import annotations

import datetime as dt
import random
import uuid
from typing import TYPE_CHECKING

from django.utils import timezone

from lofte.core.models import Area, Place, User
from lofte.dialogues.answers import load_questionnaire, validate_answers
from lofte.dialogues.demo_answers import AnswerWriter
from lofte.dialogues.models import Campaign, Dialogue, PopulationFigure
from lofte.dialogues.services import campaign_create, place_and_area, redact_answers

if TYPE_CHECKING:
    from lofte.core.demo import DemoContext

DEMO_NAMESPACE = uuid.UUID("0c9f7a3e-2b61-4f0e-8c59-5d1e3a7b9f20")
CONVERSATIONS = {2016: 220, 2017: 310, 2018: 400, 2019: 480, 2020: 600}
CAMPAIGN_PLACES = [
    "Resecentrum",
    "Stora torget",
    "Sjöstad centrum",
    "Fritidsgården Fyren",
    "Vänergymnasiet",
    "Köpcentrum Västra porten",
    "Norrviks centrum",
    "Ekby torg",
    "Strandå centrum",
    "Fritidsgården Ankaret",
]
INTERVIEWERS = ["dialog", "polisdialog", "analytiker", "kommunpolis"]

# Sjöstad kommun's residents by age band (women, men) in 2020; earlier years grow towards it.
POPULATION_2020 = {
    "0-15": (3310, 3490),
    "16-19": (850, 905),
    "20-29": (2090, 2310),
    "30-44": (3290, 3440),
    "45-64": (4890, 5060),
    "65-79": (3390, 3250),
    "80-": (1310, 890),
}
TATORT_SHARES = {"Sjöstad": 0.6, "Norrvik": 0.18, "Ekby": 0.12, "Strandå": 0.1}

# Who answers a street dialogue, by age band: (share of respondents, share of them who are men).
RESPONDENTS = {
    "0-15": (0.05, 0.45),
    "16-19": (0.13, 0.3),
    "20-29": (0.08, 0.22),
    "30-44": (0.19, 0.42),
    "45-64": (0.27, 0.45),
    "65-79": (0.2, 0.4),
    "80-": (0.05, 0.35),
    "undisclosed": (0.03, 0.5),
}
YOUNG_PLACES = {"Fritidsgården Fyren", "Vänergymnasiet", "Fritidsgården Ankaret"}
CURRENT_CONVERSATIONS = 25
CURRENT_MARGIN = dt.timedelta(days=30)


def load(ctx: DemoContext) -> None:
    partnership, municipality = ctx.partnership, ctx.municipality
    assert partnership is not None and municipality is not None, "lofte.core.demo must run first"
    users = {u.username.split("@")[0]: u for u in User.objects.filter(username__endswith="@sjostad.example")}
    places = {p.name: p for p in Place.objects.filter(organisation=municipality).select_related("area")}
    areas = {a.name: a for a in Area.objects.filter(organisation=municipality)}
    _load_population(municipality, areas)
    created = 0
    for year, count in CONVERSATIONS.items():
        campaign = Campaign.objects.filter(slug=f"sjostad-{year}").first() or campaign_create(
            partnership=partnership,
            by=users["analytiker"],
            name=f"Medborgardialog {year}",
            slug=f"sjostad-{year}",
            year=year,
            starts_on=dt.date(year, 9, 1),
            ends_on=dt.date(year, 10, 31),
            target_places=[places[name] for name in CAMPAIGN_PLACES],
            target_groups=["youth", "elderly"],
            public_form_open=False,
        )
        created += _load_dialogues(ctx, campaign, count, users, places, areas)
    current = _current_campaign(partnership, users["analytiker"], places)
    created += _load_dialogues(
        ctx, current, CURRENT_CONVERSATIONS, users, places, areas, until=timezone.localdate() - dt.timedelta(days=1)
    )
    ctx.log.append(
        f"Medborgardialoger: {len(CONVERSATIONS)} omgångar 2016–2020 och {current.name} med öppen webbenkät "
        f"(/p/dialog/{current.slug}/), {created} nya samtal"
    )


def _current_campaign(partnership, by: User, places: dict[str, Place]) -> Campaign:  # type: ignore[no-untyped-def]
    """This year's round, open on the web now. Found again by its slug: a later load changes nothing."""
    today = timezone.localdate()
    slug = f"sjostad-{today.year}"
    return Campaign.objects.filter(slug=slug).first() or campaign_create(
        partnership=partnership,
        by=by,
        name=f"Medborgardialog {today.year}",
        slug=slug,
        year=today.year,
        starts_on=today - CURRENT_MARGIN,
        ends_on=today + CURRENT_MARGIN,
        target_places=[places[name] for name in CAMPAIGN_PLACES],
        target_groups=["youth", "elderly"],
        public_form_open=True,
    )


def _load_population(municipality, areas: dict[str, Area]) -> None:  # type: ignore[no-untyped-def]
    for year in range(2016, 2021):
        growth = 1 - 0.006 * (2020 - year)
        for band, (women, men) in POPULATION_2020.items():
            for gender, number in (("woman", women), ("man", men)):
                PopulationFigure.objects.update_or_create(
                    organisation=municipality,
                    area=None,
                    year=year,
                    age_band=band,
                    gender=gender,
                    defaults={"count": round(number * growth)},
                )
    for name, share in TATORT_SHARES.items():
        for band, (women, men) in POPULATION_2020.items():
            for gender, number in (("woman", women), ("man", men)):
                PopulationFigure.objects.update_or_create(
                    organisation=municipality,
                    area=areas[name],
                    year=2020,
                    age_band=band,
                    gender=gender,
                    defaults={"count": round(number * share)},
                )


def _load_dialogues(
    ctx: DemoContext,
    campaign: Campaign,
    count: int,
    users: dict[str, User],
    places: dict[str, Place],
    areas: dict[str, Area],
    until: dt.date | None = None,
) -> int:
    """``count`` conversations on 14 days of the campaign, none after ``until`` (a round still running)."""
    # Each round has its own generator from the demo's seed: the same answers whatever ran before.
    rng = random.Random(f"lofte-dialogues-{ctx.seed}-{campaign.year}")  # noqa: S311 - demo data, not secrets # nosec B311
    writer = AnswerWriter(rng, year=campaign.year)
    spec = load_questionnaire(campaign)
    keys = [uuid.uuid5(DEMO_NAMESPACE, f"{campaign.slug}:{i}") for i in range(count)]
    existing = set(
        Dialogue.objects.filter(campaign=campaign, idempotency_key__in=keys).values_list("idempotency_key", flat=True)
    )
    last = min(campaign.ends_on, until) if until else campaign.ends_on
    days = max((last - campaign.starts_on).days + 1, 1)
    event_days = sorted(rng.sample(range(days), min(14, days)))
    bands = list(RESPONDENTS)
    objects = []
    for key in keys:
        answers = writer.conversation()
        channel = rng.choices(
            [Dialogue.Channel.FIELD, Dialogue.Channel.WEB, Dialogue.Channel.IMPORT],
            weights=[85, 10 if campaign.year >= 2019 else 0, 8 if campaign.year <= 2017 else 0],
        )[0]
        place = None
        if channel != Dialogue.Channel.WEB:
            place = places[rng.choice(CAMPAIGN_PLACES)]
        band = rng.choices(bands, weights=[RESPONDENTS[b][0] for b in bands])[0]
        if place is not None and place.name in YOUNG_PLACES and rng.random() < 0.6:
            band = rng.choice(["0-15", "16-19", "16-19", "20-29"])
        share_men = RESPONDENTS[band][1]
        gender = rng.choices(["man", "woman", "other", "undisclosed"], weights=[share_men, 1 - share_men, 0.01, 0.02])[
            0
        ]
        day = campaign.starts_on + dt.timedelta(days=rng.choice(event_days))
        clock = dt.time(rng.choices(range(10, 22), weights=[3, 4, 5, 5, 5, 6, 6, 6, 5, 5, 4, 3])[0], rng.randrange(60))
        interviewer = None
        if channel == Dialogue.Channel.FIELD:
            interviewer = users.get(rng.choices(INTERVIEWERS, weights=[45, 35, 12, 8])[0])
        cleaned = validate_answers(campaign, {k: v for k, v in answers.items() if v not in ("", [], None)}, spec=spec)
        if key in existing:
            continue
        stored, free_text = redact_answers(cleaned, spec)
        dialogue_place, area = place_and_area(stored, spec, place)
        objects.append(
            Dialogue(
                campaign=campaign,
                idempotency_key=key,
                channel=channel,
                conducted_at=timezone.make_aware(dt.datetime.combine(day, clock)),
                recorded_by=interviewer,
                place=dialogue_place,
                area=area,
                age_band=band if band != "undisclosed" else "undisclosed",
                gender=gender,
                relation=rng.choices(["lives", "works", "studies", "visits", ""], weights=[60, 15, 10, 12, 3])[0],
                home_area=areas[rng.choices(list(TATORT_SHARES), weights=list(TATORT_SHARES.values()))[0]]
                if rng.random() < 0.8
                else None,
                target_group="youth" if band in ("0-15", "16-19") else "elderly" if band in ("65-79", "80-") else "",
                answers=stored,
                free_text=free_text,
            )
        )
    Dialogue.objects.bulk_create(objects, batch_size=500, ignore_conflicts=True)
    return len(objects)
