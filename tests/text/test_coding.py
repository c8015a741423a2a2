from __future__ import annotations

import pytest

from lofte.text import Engine, Theme, load_taxonomy, review_order

DEFAULT_IDS = [
    "belysning",
    "narkotika",
    "alkohol_berusning",
    "ungdomar",
    "synlig_narvaro",
    "trafik",
    "skadegorelse",
    "nedskrapning",
    "inbrott_stold",
    "vald_hot",
    "bedrageri",
    "vald_nara_relationer",
    "skola",
    "offentliga_platser",
    "grannsamverkan",
    "samverkan_dialog",
    "annat",
]


def test_default_taxonomy_has_the_17_themes_with_fixed_ids() -> None:
    taxonomy = load_taxonomy()
    assert taxonomy.ids == DEFAULT_IDS
    assert taxonomy.get("belysning").label["sv"] == "Belysning"
    assert taxonomy.get("belysning").label["en"] == "Lighting"


@pytest.mark.parametrize(
    ("text", "theme"),
    [
        ("Gatubelysningen är trasig", "belysning"),
        ("belysningn är dålig vid busshållplatsen", "belysning"),
        ("mörka gångvägar", "belysning"),
        ("knarkare vid stationen på kvällen", "narkotika"),
        ("Narkotikapåverkade personer i centrum", "narkotika"),
        ("fulla människor utanför krogen", "alkohol_berusning"),
        ("ungdomsgäng vid fritidsgården", "ungdomar"),
        ("polisen syns aldrig", "synlig_narvaro"),
        ("Mer nattvandrare och fältassistenter", "synlig_narvaro"),
        ("mopedbuskörning på kvällarna", "trafik"),
        ("A-traktorer som kör för fort", "trafik"),
        ("klotter på väggarna", "skadegorelse"),
        ("skräpigt och nedskräpning i parken", "nedskrapning"),
        ("cykelstölder vid stationen", "inbrott_stold"),
        ("blev rånad och hotad med kniv", "vald_hot"),
        ("bluffsamtal till äldre", "bedrageri"),
        ("hedersrelaterat våld", "vald_nara_relationer"),
        ("polisen borde besöka skolgården", "skola"),
        ("otrygga platser som resecentrum", "offentliga_platser"),
        ("starta grannsamverkan i vårt område", "grannsamverkan"),
        ("fler trygghetsvandringar och bättre samverkan", "samverkan_dialog"),
        ("ranad vid busshallplats", "vald_hot"),
    ],
)
def test_answers_get_their_theme(engine: Engine, text: str, theme: str) -> None:
    assert theme in engine.code(text).themes


def test_triggers_name_the_words_behind_a_theme(engine: Engine) -> None:
    coding = engine.code("Gatubelysningen är trasig vid busshållplatsen")
    assert coding.triggers["belysning"] == ["Gatubelysningen"]
    assert 0.5 <= coding.theme_scores["belysning"] <= 1.0


@pytest.mark.parametrize(
    ("text", "absent"),
    [
        ("ingen brist på belysning", "belysning"),
        ("inga problem med klotter", "skadegorelse"),
        ("Knarket är inget problem här", "narkotika"),
        ("Jag är inte orolig för inbrott", "inbrott_stold"),
        ("Det är inte mörkt där", "belysning"),
        ("Jag känner mig trygg i centrum", "offentliga_platser"),
    ],
)
def test_negated_worries_are_not_coded(engine: Engine, text: str, absent: str) -> None:
    assert absent not in engine.code(text).themes


def test_absence_of_what_residents_ask_for_is_still_the_theme(engine: Engine) -> None:
    assert "belysning" in engine.code("Det finns ingen belysning alls").themes
    assert "synlig_narvaro" in engine.code("Jag har aldrig sett några poliser här").themes


def test_irrelevant_answers_get_only_the_residual_theme(engine: Engine) -> None:
    assert engine.code("jag känner mig trygg överallt").themes == ["annat"]
    assert engine.code("").themes == []


def test_residual_theme_is_never_combined(engine: Engine) -> None:
    for text in ["mörkt", "vet inte", "klotter och kameror", "knark i parken"]:
        themes = engine.code(text).themes
        assert "annat" not in themes or themes == ["annat"]


def test_taxonomy_is_data_an_organisation_can_edit(engine: Engine) -> None:
    taxonomy = load_taxonomy()
    edited = (
        taxonomy.renamed("belysning", "Ljus och mörker")
        .retired("bedrageri")
        .with_theme(Theme(id="hundar", label={"sv": "Hundar"}, terms={"lösspringande": 3, "hund*": 2}))
    )
    custom = Engine(edited)
    assert "hundar" in custom.code("lösspringande hundar i parken").themes
    assert "bedrageri" not in custom.code("bluffsamtal till äldre").theme_scores
    assert edited.get("belysning").label["sv"] == "Ljus och mörker"
    assert edited.ids[-1] == "annat"


def test_taxonomy_round_trips_through_json(tmp_path) -> None:
    path = tmp_path / "tax.json"
    load_taxonomy().retired("skola").save(path)
    again = load_taxonomy(path)
    assert "skola" not in again.ids
    assert again.get("narkotika").terms == load_taxonomy().get("narkotika").terms


def test_review_order_puts_the_least_certain_first(engine: Engine) -> None:
    codings = engine.code_many(["Gatubelysningen är trasig och det är mörkt", "lite ljus", "polis"])
    order = review_order(codings)
    assert order[0] != 0
    assert codings[order[0]].uncertainty >= codings[order[-1]].uncertainty
