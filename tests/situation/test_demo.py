"""The demo's lägesbild: Sjöstad 2020 shows from every source what the seed's municipality found."""

from __future__ import annotations

import io

from django.core.management import call_command
from django.db.models import Sum

from lofte.situation.models import CrimeStatistic, Incident, PoliceEvent, Report


def test_sjostads_2020_picture_shows_the_seeds_findings_and_a_second_load_adds_nothing(db):
    call_command("load_demo", stdout=io.StringIO())
    data = Report.objects.get(partnership__slug="sjostad", year=2020).dataset
    sources = data["sources"]
    assert sources["dialogues"]["count"] == 600
    assert sources["police_events"]["count"] > 200 and sources["incidents"]["count"] > 400
    assert sources["survey"]["items"] and sources["walks"]["observations"]
    # Brå's reported crime for Sjöstad's kommunkod, every category themed.
    crime_2020 = CrimeStatistic.objects.filter(partnership__slug="sjostad", kommunkod="9901", year=2020)
    assert crime_2020.exclude(theme="").count() == crime_2020.count() > 0
    assert sources["crime"]["count"] == crime_2020.aggregate(total=Sum("count"))["total"] > 3000
    # The centres in the evenings and at night; intoxicated and drug-affected people; lighting; youth and drugs.
    themes = [c["theme"] for c in data["candidates"]]
    assert {"offentliga_platser", "alkohol_berusning", "narkotika", "ungdomar", "belysning"} <= set(themes)
    assert all(c["times"] == ["kväll", "natt"] for c in data["candidates"])
    centres = next(c for c in data["candidates"] if c["theme"] == "offentliga_platser")
    assert centres["area_names"][0] == "Sjöstad"
    assert data["measures"][0]["theme"] == "synlig_narvaro"  # visible adults, field workers and police
    assert any(c["agreement"] == "agree" and c["theme"] == "alkohol_berusning" for c in data["matrix"])
    # Only Sjöstad's own events: the demo's Grannby events are stored but not counted.
    assert PoliceEvent.objects.exclude(kommunkod="9901").exists()
    assert Report.objects.filter(partnership__slug="sjostad").count() == 6
    counts = PoliceEvent.objects.count(), Incident.objects.count(), CrimeStatistic.objects.count()
    call_command("load_demo", stdout=io.StringIO())
    assert (PoliceEvent.objects.count(), Incident.objects.count(), CrimeStatistic.objects.count()) == counts
