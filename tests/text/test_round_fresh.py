"""Negation scope, compound splitting, street names, praise, ASCII-typed inflections, public kinds."""

from __future__ import annotations

import json

import pytest

from lofte.text import Engine
from lofte.text.compound import split
from lofte.text.places import GENERIC_PATH, PUBLIC_KINDS


@pytest.mark.parametrize(
    ("text", "themes"),
    [
        ("ingen brist på belysning men väldigt mycket skräp", {"nedskrapning"}),
        ("inga problem med belysningen men cyklar stjäls hela tiden", {"inbrott_stold"}),
        ("Trygg i centrum men inte vid stationen på natten", {"offentliga_platser"}),
        ("Jag känner mig trygg överallt utom vid stationen där det dealas", {"offentliga_platser", "narkotika"}),
        ("Inte tryggt i parken när det är mörkt", {"belysning", "offentliga_platser"}),
        ("Vi behöver inte mer poliser, vi behöver fler fritidsgårdar", {"ungdomar"}),
        ("Mycket skräp men inga problem med belysningen", {"nedskrapning"}),
    ],
)
def test_negation_stops_at_contrast(engine: Engine, text: str, themes: set[str]) -> None:
    assert set(engine.code(text).themes) == themes


def test_not_worried_about_burglary_but_drunk_drivers(engine: Engine) -> None:
    themes = engine.code("Jag är inte orolig för inbrott men för rattfyllerister").themes
    assert "trafik" in themes and "inbrott_stold" not in themes


@pytest.mark.parametrize("text", ["de dealar vid torget", "det dealas i trapphuset"])
def test_dealing_slang_is_drugs(engine: Engine, text: str) -> None:
    assert "narkotika" in engine.code(text).themes


def test_known_word_not_split_at_guessed_form(engine: Engine) -> None:
    assert split("tillräckligt") == ((), ())
    assert engine.code("inte tillräckligt upplyst").themes == ["belysning"]
    assert split("gatubelysningen")[0][-1] == "belysning"  # real compounds still split


def test_street_name_is_not_its_parts(engine: Engine) -> None:
    assert "skola" not in engine.code("Skolvägen").themes
    assert "skola" not in engine.code("Vi bor på Skolvägen").themes
    assert "skola" in engine.code("Knivar på skolan").themes


def test_recycling_station_is_not_a_public_place(engine: Engine) -> None:
    assert "offentliga_platser" not in engine.code("återvinningsstationen").themes
    assert "offentliga_platser" not in engine.code("skräp vid återvinningsstationen").themes


def test_selling_weed_at_bus_station(engine: Engine) -> None:
    assert set(engine.code("Det säljs gräs öppet vid busstationen").themes) == {"narkotika", "offentliga_platser"}


@pytest.mark.parametrize("text", ["Det är bra belysning i parken", "Parken är väl upplyst"])
def test_praise_is_not_a_worry(engine: Engine, text: str) -> None:
    assert "belysning" not in engine.code(text).themes


@pytest.mark.parametrize(
    "text", ["Bra belysning", "Det är inte bra belysning i parken", "Det är bra belysning men vi behöver mer"]
)
def test_wishes_and_denied_praise_keep_the_theme(engine: Engine, text: str) -> None:
    assert "belysning" in engine.code(text).themes


def test_ascii_typed_inflected_forms(engine: Engine) -> None:
    themes = set(engine.code("morkt vid busshallplatsen, behovs mer ljus").themes)
    assert themes == {"belysning", "offentliga_platser"}
    assert engine.corrector.correct("morkt") == "mörkt"  # the claim in spelling.py's docstring


def test_public_kinds_come_from_the_data_file() -> None:
    data = json.loads(GENERIC_PATH.read_text(encoding="utf-8"))
    assert frozenset(data["public_kinds"]) == PUBLIC_KINDS
    assert "lekplats" not in PUBLIC_KINDS and "park" in PUBLIC_KINDS


def test_fresh_set_is_well_formed() -> None:
    from pathlib import Path

    path = Path(__file__).resolve().parents[1] / "data" / "answers_fresh.jsonl"
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    assert len(rows) >= 150
    assert [r["id"] for r in rows] == [f"f{i:04d}" for i in range(1, len(rows) + 1)]
    for r in rows:
        assert r["themes"] and ("annat" not in r["themes"] or len(r["themes"]) == 1)
