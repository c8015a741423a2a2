"""Demo step: the lägesbild's other sources for Sjöstad, and the computed reports of every year.

Police events (2016–2020 and the current year, at the kommun's midpoint as the real feed gives them),
geocoded incidents, a trygghetsmätning per year and a few trygghetsvandringar, shaped so that Sjöstad's
lägesbild for 2020 shows what the seed's municipality found: the centres unsafe in the evenings and at
night, intoxicated and drug-affected people, poor lighting, young people and drugs. A few events of a
neighbouring kommun show that only the partnership's own kommun is counted.

Idempotent: events by police id, incidents by row key, survey results and walks by their natural keys; the
reports are recomputed (the same numbers come out).
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import random
import uuid
from typing import TYPE_CHECKING

from django.utils import timezone

from lofte.core.models import Area, Place
from lofte.situation.dataset import partnership_years
from lofte.situation.models import (
    CategoryTheme,
    CrimeStatistic,
    Incident,
    PoliceEvent,
    SafetyWalk,
    SurveyItem,
    SurveyResult,
    WalkObservation,
)
from lofte.situation.reading import STOCKHOLM
from lofte.situation.services import report_compute
from lofte.situation.themes import map_category, theme_mapping

if TYPE_CHECKING:
    from lofte.core.demo import DemoContext

DEMO_NAMESPACE = uuid.UUID("6f1b3c8e-2c55-4f0e-9d8e-6b3c1a2f5e11")
MONTHS = ["januari", "februari", "mars", "april", "maj", "juni", "juli", "augusti", "september", "oktober",
          "november", "december"]  # fmt: skip
EVENING_NIGHT = [18, 19, 20, 21, 22, 23, 0, 1, 2, 3]
# (police type, theme, weight, hours it happens at); weights per year in the kommun of about 40,000.
EVENT_KINDS = [
    ("Misshandel", "vald_hot", 40, EVENING_NIGHT),
    ("Fylleri/LOB", "alkohol_berusning", 45, EVENING_NIGHT),
    ("Narkotikabrott", "narkotika", 40, [15, 16, 17, 18, 19, 20, 21, 22, 23]),
    ("Rattfylleri", "alkohol_berusning", 20, [0, 1, 2, 17, 18, 19, 20, 21, 22, 23]),
    ("Skadegörelse", "skadegorelse", 25, [20, 21, 22, 23, 0, 1, 2]),
    ("Stöld", "inbrott_stold", 25, list(range(8, 22))),
    ("Inbrott", "inbrott_stold", 20, list(range(0, 24))),
    ("Trafikolycka", "trafik", 30, list(range(6, 20))),
    ("Brand", "skadegorelse", 10, list(range(0, 24))),
    ("Bedrägeri", "bedrageri", 10, list(range(9, 17))),
]
# Incidents from the police's own systems: (category, theme, tätort weights, hours, per year).
INCIDENT_KINDS = [
    ("Berusad person", "alkohol_berusning", {"Sjöstad": 14, "Norrvik": 2, "Ekby": 1, "Strandå": 1}, EVENING_NIGHT, 110),
    ("Narkotikabrott", "narkotika", {"Sjöstad": 12, "Norrvik": 2, "Ekby": 2, "Strandå": 1}, EVENING_NIGHT, 90),
    ("Misshandel utomhus", "vald_hot", {"Sjöstad": 12, "Norrvik": 2, "Ekby": 1, "Strandå": 1}, EVENING_NIGHT, 70),
    (
        "Ungdomar stör ordningen",
        "ungdomar",
        {"Sjöstad": 5, "Norrvik": 3, "Ekby": 1, "Strandå": 2},
        [16, 17, 18, 19, 20, 21, 22],
        60,
    ),  # fmt: skip
    ("Skadegörelse", "skadegorelse", {"Sjöstad": 3, "Norrvik": 4, "Ekby": 1, "Strandå": 2}, [21, 22, 23, 0, 1, 2], 50),
    ("Trafikbrott", "trafik", {"Sjöstad": 3, "Norrvik": 2, "Ekby": 4, "Strandå": 2}, list(range(7, 23)), 40),
    ("Cykelstöld", "inbrott_stold", {"Sjöstad": 5, "Norrvik": 2, "Ekby": 1, "Strandå": 1}, list(range(8, 23)), 40),
]
# Where in each tätort incidents happen: the centres and the station above all.
HOT_PLACES = {
    "Sjöstad": [("Stora torget", 5), ("Resecentrum", 4), ("Stadsparken", 2), ("Storgatan", 2), ("Hamnen", 1)],
    "Norrvik": [("Norrviks centrum", 3), ("Norrviks station", 2), ("Fritidsgården Norrpolen", 1)],
    "Ekby": [("Ekby torg", 3), ("Ekby busshållplats", 2)],
    "Strandå": [("Strandå centrum", 3), ("Strandå busstation", 2)],
}
# The survey's problem index per theme in Sjöstad's centre tätort and elsewhere (the default items' themes).
SURVEY_LEVELS = {
    "belysning": (3.6, 2.6),
    "alkohol_berusning": (3.8, 2.2),
    "narkotika": (3.5, 2.3),
    "ungdomar": (3.0, 2.4),
    "nedskrapning": (2.6, 2.2),
    "skadegorelse": (2.4, 2.5),
    "trafik": (2.5, 3.1),
    "inbrott_stold": (2.3, 2.3),
    "vald_hot": (2.9, 1.8),
    "offentliga_platser": (3.4, 2.0),
}
DEFAULT_SCALE = [
    {"code": "mycket_stort", "label": "Mycket stort problem", "weight": 6},
    {"code": "ganska_stort", "label": "Ganska stort problem", "weight": 4},
    {"code": "ganska_litet", "label": "Ganska litet problem", "weight": 2},
    {"code": "inget", "label": "Inget problem", "weight": 0},
    {"code": "vet_inte", "label": "Vet inte", "weight": None},
]
SURVEY_ITEMS = [
    ("dalig_belysning", "Dåligt upplysta gator, gångvägar och parker", "belysning"),
    ("berusade_personer", "Personer som är påverkade av alkohol eller narkotika utomhus", "alkohol_berusning"),
    ("narkotikaforsaljning", "Försäljning av narkotika", "narkotika"),
    ("ungdomar_stor", "Ungdomsgäng som stör ordningen", "ungdomar"),
    ("nedskrapning", "Nedskräpning", "nedskrapning"),
    ("skadegorelse_klotter", "Skadegörelse och klotter", "skadegorelse"),
    ("vardslos_trafik", "Hänsynslös bil- och mopedtrafik", "trafik"),
    ("bostadsinbrott", "Bostadsinbrott", "inbrott_stold"),
    ("overfall_misshandel", "Överfall och misshandel utomhus", "vald_hot"),
    ("otrygga_platser", "Otrygga platser som centrum, stationer och parker", "offentliga_platser"),
]
# (date, tätort, title, participants, [(theme, note, place)])
WALKS = [
    ((2019, 10, 15), "Sjöstad", "Trygghetsvandring i centrum", "Kommunen 4, polisen 2, fastighetsägare 2, boende 9",
     [("belysning", "Trasig belysning i gångtunneln", "Gångtunneln vid Järnvägsgatan"),
      ("belysning", "Mörkt i stadsparken, buskage skymmer", "Stadsparken"),
      ("alkohol_berusning", "Berusade personer samlas vid resecentrum kvällstid", "Resecentrum")]),
    ((2020, 10, 13), "Sjöstad", "Trygghetsvandring centrum och stationen", "Kommunen 5, polisen 2, boende 11",
     [("belysning", "Belysningen i gångtunneln fortfarande svag", "Gångtunneln vid Järnvägsgatan"),
      ("belysning", "Gångvägen genom parken saknar belysning", "Stadsparken"),
      ("narkotika", "Spår av narkotikaförsäljning bakom resecentrum", "Resecentrum"),
      ("nedskrapning", "Nedskräpat vid torget efter helgen", "Stora torget")]),
    ((2020, 10, 20), "Norrvik", "Trygghetsvandring i Norrvik", "Kommunen 3, polisen 1, boende 6",
     [("belysning", "Mörk gång- och cykelväg mot stationen", "Norrviks station"),
      ("ungdomar", "Ungdomar samlas vid fritidsgården sent", "Fritidsgården Norrpolen")]),
]  # fmt: skip
# Brå's reported crime in Sjöstad (about 40,000 inhabitants) in 2016: category and count. Counts per 100,000
# near the national level; drugs and violence rise towards 2020, break-ins fall (as the seed's kommun saw).
SJOSTAD_INHABITANTS = 40_000
CRIME_2016 = [
    ("Misshandel inklusive grov", 330, 0.04),
    ("Olaga hot", 290, 0.03),
    ("Rån inklusive grovt", 28, 0.02),
    ("Skadegörelsebrott", 700, 0.01),
    ("Narkotikabrott", 310, 0.09),
    ("Bostadsinbrott", 110, -0.06),
    ("Stöld- och tillgreppsbrott", 1850, -0.02),
    ("Bedrägeribrott", 620, 0.05),
    ("Brott mot trafikbrottslagen", 270, 0.0),
    ("Rattfylleri", 95, 0.02),
]


def _hash(data: dict) -> str:
    return hashlib.sha256(json.dumps(data, sort_keys=True, ensure_ascii=False).encode()).hexdigest()


def load(ctx: DemoContext) -> None:
    partnership = ctx.partnership
    if partnership is None or ctx.municipality is None:
        return
    rng = random.Random(f"lofte-situation-{ctx.seed}")  # noqa: S311 - reproducible demo data, not secrets # nosec B311
    today = timezone.localdate()
    years = [*range(2016, 2021), today.year]
    areas = {a.name: a for a in Area.objects.filter(organisation=ctx.municipality)}
    places = {p.name: p for p in Place.objects.filter(organisation=ctx.municipality)}
    events = _events(rng, years, today)
    incidents = _incidents(partnership, rng, years, today, areas, places)
    survey = _survey(partnership, rng, areas)
    walks = _walks(partnership, areas, places)
    crime = _crime(partnership, years)
    computed = []
    for year in partnership_years(partnership):
        report = report_compute(partnership=partnership, year=year, by=None)
        computed.append(f"{year}: {len(report.dataset['candidates'])} kandidater")
    ctx.log.append(
        f"Lägesbild: {events} nya polishändelser, {incidents} nya geokodade händelser, {survey} enkätresultat, "
        f"{walks} trygghetsvandringar, "
        f"{crime} rader anmäld brottslighet; beräknad för {', '.join(computed)}"
    )


def _event(police_id: int, when: dt.datetime, kind: str, kommun: str, kommunkod: str, lat: float, lng: float) -> dict:
    month = MONTHS[when.month - 1]
    name = f"{when.day} {month} {when.hour:02d}.{when.minute:02d}, {kind}, {kommun}"
    data = {
        "police_id": police_id,
        "published_at": (when + dt.timedelta(minutes=40)).isoformat(),
        "occurred_at": when.isoformat(),
        "name": name,
        "kind": kind,
        "kommun": kommun,
        "kommunkod": kommunkod,
        "county": "Västra Götalands län",
        "location_name": kommun,
        "summary": f"{kind} i {kommun}. Polisen är på plats.",
        "url": f"https://polisen.se/aktuellt/handelser/{when.year}/{month}/{when.day}/demo-{police_id}/",
        "lat": lat,
        "lng": lng,
    }
    return data


def _events(rng: random.Random, years: list[int], today: dt.date) -> int:
    """About 280 events a year in Sjöstad (kommunkod 9901) and a few in Grannby (9902), evening-heavy."""
    kinds = [k for k, _t, _w, _h in EVENT_KINDS]
    weights = [w for _k, _t, w, _h in EVENT_KINDS]
    hours = {k: h for k, _t, _w, h in EVENT_KINDS}
    objects = []
    for year in years:
        last = today if year == today.year else dt.date(year, 12, 31)
        days = (last - dt.date(year, 1, 1)).days + 1
        count = round(280 * days / 365)
        for i in range(count + 20):
            kommun, kommunkod, lat, lng = (
                ("Sjöstad", "9901", 58.5035, 13.1577) if i < count else ("Grannby", "9902", 58.39, 13.85)
            )
            kind = rng.choices(kinds, weights=weights)[0]
            day = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(days))
            when = dt.datetime(
                day.year, day.month, day.day, rng.choice(hours[kind]), rng.randrange(60), tzinfo=STOCKHOLM
            )
            police_id = int(f"9{year}{i:05d}")
            data = _event(police_id, when, kind, kommun, kommunkod, lat, lng)
            objects.append(
                PoliceEvent(
                    **{**data, "published_at": when + dt.timedelta(minutes=40), "occurred_at": when},
                    content_hash=_hash(data),
                )
            )
    before = PoliceEvent.objects.count()
    PoliceEvent.objects.bulk_create(objects, batch_size=1000, ignore_conflicts=True)
    return PoliceEvent.objects.count() - before


def _incidents(partnership, rng, years, today, areas, places) -> int:  # type: ignore[no-untyped-def]
    """Incidents placed near the centres; in the last weeks of each year a rise at Stora torget and
    Resecentrum in the evenings, so the year's "hotspots next week" has something to find."""
    objects = []
    for year in years:
        last = today if year == today.year else dt.date(year, 12, 31)
        days = (last - dt.date(year, 1, 1)).days + 1
        growth = 1 + 0.05 * (year - 2016) if year <= 2020 else 1.2
        for category, theme, tatorter, hours, per_year in INCIDENT_KINDS:
            n = round(per_year * growth * days / 365)
            names = list(tatorter)
            for i in range(n):
                tatort = rng.choices(names, weights=[tatorter[t] for t in names])[0]
                spots = HOT_PLACES[tatort]
                name = rng.choices([s for s, _w in spots], weights=[w for _s, w in spots])[0]
                surge = i < n // 5 and tatort == "Sjöstad"
                if surge:
                    name = rng.choice(["Stora torget", "Resecentrum"])
                    day = last - dt.timedelta(days=rng.randrange(min(28, days)))
                else:
                    day = dt.date(year, 1, 1) + dt.timedelta(days=rng.randrange(days))
                place = places[name]
                spread = 0.0003 if surge else 0.0008
                hour = rng.choice([20, 21, 22, 23]) if surge else rng.choice(hours)
                when = dt.datetime(day.year, day.month, day.day, hour, rng.randrange(60), tzinfo=STOCKHOLM)
                objects.append(
                    Incident(
                        partnership=partnership,
                        occurred_at=when,
                        category=category,
                        theme=theme,
                        area=areas[tatort],
                        lat=round(place.latitude + rng.uniform(-spread, spread), 5),
                        lng=round(place.longitude + rng.uniform(-spread, spread) * 1.5, 5),
                        count=1,
                        row_key=f"demo-{year}-{category}-{i}",
                    )
                )
    before = Incident.objects.filter(partnership=partnership).count()
    Incident.objects.bulk_create(objects, batch_size=1000, ignore_conflicts=True)
    return Incident.objects.filter(partnership=partnership).count() - before


def _survey(partnership, rng, areas) -> int:  # type: ignore[no-untyped-def]
    """A trygghetsmätning per year 2016–2020, 300 answers per tätort and item, as raw counts."""
    stored = 0
    for position, (code, label, theme) in enumerate(SURVEY_ITEMS):
        item, _ = SurveyItem.objects.get_or_create(
            partnership=partnership,
            code=code,
            defaults={"label": label, "theme": theme, "scale": DEFAULT_SCALE, "position": position},
        )
        centre, elsewhere = SURVEY_LEVELS[theme]
        for year in range(2016, 2021):
            trend = 0.06 * (year - 2018)  # the centre's problems grew towards 2020
            for area_name, area in [*areas.items(), ("", None)]:
                level = centre + trend if area_name == "Sjöstad" else elsewhere
                if area is None:
                    level = 0.6 * (centre + trend) + 0.4 * elsewhere
                counts = _answers(rng, level, 300)
                _result, created = SurveyResult.objects.get_or_create(
                    item=item, year=year, area=area, defaults={"counts": counts}
                )
                stored += created
    return stored


def _answers(rng: random.Random, level: float, n: int) -> dict[str, int]:
    """Answer counts whose index (6, 4, 2, 0 weights) comes out near ``level``."""
    p_big = max(0.0, min(1.0, (level - 1.0) / 5.0))
    counts = {"mycket_stort": 0, "ganska_stort": 0, "ganska_litet": 0, "inget": 0, "vet_inte": 0}
    for _i in range(n):
        if rng.random() < 0.07:
            counts["vet_inte"] += 1
            continue
        r = rng.random()
        if r < p_big * 0.45:
            counts["mycket_stort"] += 1
        elif r < p_big:
            counts["ganska_stort"] += 1
        elif r < p_big + (1 - p_big) * 0.6:
            counts["ganska_litet"] += 1
        else:
            counts["inget"] += 1
    return counts


def _crime(partnership, years: list[int]) -> int:  # type: ignore[no-untyped-def]
    """Brå's statistics for the partnership's kommun, themed by the same mapping an uploaded file gets."""
    kommunkod = partnership.municipality.kommunkod
    mapping = theme_mapping(partnership, CategoryTheme.Source.CRIME)
    rows = []
    for year in years:
        for category, count_2016, change in CRIME_2016:
            count = round(count_2016 * (1 + change) ** (min(year, 2021) - 2016))
            rows.append(
                CrimeStatistic(
                    partnership=partnership,
                    kommunkod=kommunkod,
                    year=year,
                    category=category,
                    theme=map_category(mapping, category),
                    count=count,
                    per_100k=round(count * 100_000 / SJOSTAD_INHABITANTS, 1),
                )
            )
    before = CrimeStatistic.objects.filter(partnership=partnership).count()
    CrimeStatistic.objects.bulk_create(rows, ignore_conflicts=True)
    return CrimeStatistic.objects.filter(partnership=partnership).count() - before


def _walks(partnership, areas, places) -> int:  # type: ignore[no-untyped-def]
    made = 0
    for (y, m, d), tatort, title, participants, observations in WALKS:
        walk, created = SafetyWalk.objects.get_or_create(
            partnership=partnership,
            walked_on=dt.date(y, m, d),
            title=title,
            defaults={
                "area": areas[tatort],
                "participants": participants,
                "participant_count": sum(int(w) for w in participants.split() if w.isdecimal()),
            },
        )
        made += created
        for i, (theme, note, place_name) in enumerate(observations):
            place = places[place_name]
            WalkObservation.objects.get_or_create(
                idempotency_key=uuid.uuid5(DEMO_NAMESPACE, f"{title}:{y}:{i}"),
                defaults={
                    "walk": walk,
                    "theme": theme,
                    "note": note,
                    "lat": place.latitude,
                    "lng": place.longitude,
                },
            )
    return made
