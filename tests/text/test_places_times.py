from __future__ import annotations

import pytest

from lofte.text import Engine, Gazetteer


@pytest.mark.parametrize(
    ("text", "place_id"),
    [
        ("Det är otryggt i Stadsparken", "stadsparken"),
        ("mörkt i stadsparken på kvällen", "stadsparken"),
        ("knark i parken vid torget", "stadsparken"),
        ("fulla vid resecentrum", "resecentrum"),
        ("Resecentrumet är stökigt", "resecentrum"),
        ("Stadsparkens belysning", "stadsparken"),
    ],
)
def test_named_places_are_found_with_inflections(place_engine: Engine, text: str, place_id: str) -> None:
    assert place_id in [p.id for p in place_engine.code(text).places]


def test_place_offsets_point_into_the_text(place_engine: Engine) -> None:
    text = "Jag undviker parken vid torget efter tio"
    place = place_engine.code(text).places[0]
    assert text[place.start : place.end] == "parken vid torget"


def test_named_public_place_gives_public_places_theme_but_district_does_not(place_engine: Engine) -> None:
    assert "offentliga_platser" in place_engine.code("Stökigt i Stadsparken").themes
    assert "offentliga_platser" not in place_engine.code("Inbrott i Norrby").themes


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("väntar vid busshållplatsen", "busshållplats"),
        ("gångtunneln under vägen", "gångtunnel"),
        ("i centrum", "centrum"),
        ("på fritidsgården", "fritidsgård"),
        ("motionsspåret i skogen", "motionsspår"),
        ("runt torget", "torg"),
        ("utanför skolan", "skola"),
    ],
)
def test_generic_place_words(engine: Engine, text: str, kind: str) -> None:
    assert kind in [p.kind for p in engine.code(text).places]


def test_gazetteer_reads_geojson_like_lists() -> None:
    gazetteer = Gazetteer.from_json({"features": [{"properties": {"name": "Lilla torget", "kind": "torg"}, "id": 7}]})
    assert gazetteer.entries[0].id == "7"
    assert gazetteer.entries[0].name == "Lilla torget"


@pytest.mark.parametrize(
    ("text", "times"),
    [
        ("på kvällarna", ["evening"]),
        ("nattetid", ["night"]),
        ("på helger", ["weekend"]),
        ("när det är mörkt", ["darkness"]),
        ("vintertid", ["winter"]),
        ("fredagskvällar", ["evening", "weekend"]),
        ("vardagar efter skolan", ["afternoon", "weekday"]),
        ("på sommaren", ["summer"]),
    ],
)
def test_times_are_extracted(engine: Engine, text: str, times: list[str]) -> None:
    assert engine.code(text).times == times


def test_a_time_alone_gives_no_theme(engine: Engine) -> None:
    assert engine.code("på kvällarna känner sig fler otrygga").themes == ["annat"]
