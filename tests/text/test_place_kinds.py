"""Kinds of place from the shipped word list (inflected, as compound heads) and candidate place names."""

from __future__ import annotations

import pytest

from lofte.text import Engine, Gazetteer, PlaceEntry, load_taxonomy
from lofte.text.place_kinds import inflections, read_kinds


def spans(engine: Engine, text: str) -> list[str]:
    return [text[p.start : p.end] for p in engine.code(text).places]


def candidate_names(engine: Engine, text: str) -> list[str]:
    return [c.name for c in engine.code(text).candidates]


@pytest.mark.parametrize(
    ("text", "surface", "kind"),
    [
        ("Bilarna kör fort förbi övergångsstället", "övergångsstället", "övergångsställe"),
        ("säkerheten vid övergångsställen", "övergångsställen", "övergångsställe"),
        ("Fulla människor utanför krogen", "krogen", "krog"),
        ("stökigt utanför pubarna", "pubarna", "krog"),
        ("ungdomar vid pizzerian", "pizzerian", "krog"),
        ("gräsmattan och dungen var mörka", "dungen", "grönområde"),
        ("skräp på gräsmattan", "gräsmattan", "grönområde"),
        ("de hänger i skogsdungen", "skogsdungen", "grönområde"),
        ("mörkt på gångvägen", "gångvägen", "gångväg"),
        ("jag undviker cykelbanan", "cykelbanan", "gångväg"),
        ("folk cyklar på gångbanan", "gångbanan", "gångväg"),
        ("väntar vid busshållplatsen", "busshållplatsen", "busshållplats"),
        ("lampor vid tunnelmynningen", "tunnelmynningen", "gångtunnel"),
        ("mopeder på skolgården", "skolgården", "skola"),
        ("klotter i gångtunnlarna", "gångtunnlarna", "gångtunnel"),
        ("åtgärder i det offentliga rummet", "offentliga rummet", "offentligt_rum"),
        ("fulla på stan", "stan", "centrum"),
        ("ungdomar på kaféer", "kaféer", "krog"),  # written with é in the list, read as the tokeniser reads it
        ("vid caféet", "caféet", "krog"),
    ],
)
def test_kinds_of_place_are_found_inflected_and_as_compound_heads(
    engine: Engine, text: str, surface: str, kind: str
) -> None:
    found = {text[p.start : p.end]: p.kind for p in engine.code(text).places}
    assert found.get(surface) == kind


def test_a_shared_compound_head_is_one_place(engine: Engine) -> None:
    assert spans(engine, "Mopederna kör på gång- och cykelvägen") == ["gång- och cykelvägen"]


@pytest.mark.parametrize(
    "text",
    [
        "Jag har nästan aldrig sett polisen",  # "nästan" ends in "stan"
        "Han fick sparken från jobbet",  # "sparken" ends in "parken"
        "Priset stiger och bilen väger mycket",  # verb forms that look like "stig", "väg"
        "Vi är på vägen hem",  # everyday "väg" counts only inside a name
        "Det är en bra plan för området",
    ],
)
def test_words_that_only_look_like_kinds_of_place_are_not_places(engine: Engine, text: str) -> None:
    assert engine.code(text).places == []
    assert engine.code(text).candidates == []


def test_inflections_cover_definite_plural_and_genitive() -> None:
    assert {"dungen", "dungar", "dungarna", "dungens"} <= inflections("dunge")
    assert {"övergångsstället", "övergångsställen", "övergångsställena"} <= inflections("övergångsställe")
    assert {"tunneln", "tunnlar", "tunnlarna"} <= inflections("tunnel")
    assert {"gatan", "gator", "gatorna"} <= inflections("gata")


def test_kinds_file_format_is_read_as_documented() -> None:
    words, phrases = read_kinds("# a comment\n[krog]\nkrog\npub  # inline comment\n[offentligt_rum]\noffentligt rum\n")
    assert words == {"krog": "krog", "pub": "krog"}
    assert [(kind, written) for _seq, kind, written in phrases] == [("offentligt_rum", "offentligt rum")]
    with pytest.raises(ValueError, match="line 1"):
        read_kinds("krog\n")


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Mörkt på gångvägen genom Hagadungen", ["Hagadungen"]),
        ("Ordningsvakter patrullerar runt Möllevångstorget", ["Möllevångstorget"]),
        ("Man ser aldrig polisen i Rosengård", ["Rosengård"]),
        ("Det säljs knark öppet på Möllan", ["Möllan"]),
        ("Finnstadungen pekades ut som mörk", ["Finnstadungen"]),  # a sentence's first word, a name
        ("Vandringar i Tollered, Sjövik och Lerum", ["Tollered", "Sjövik", "Lerum"]),
        ("Buskarna vid gångstigen till Södra torget", ["Södra torget"]),
        ("Mörby centrum toppar listan", ["Mörby centrum"]),
        ("Även Danderyds sjukhus pekas ut", ["Danderyds sjukhus"]),
        ("Tunneln under Hjalmar Brantingsgatan är otrygg", ["Hjalmar Brantingsgatan"]),
        ("Vi behöver nattvandrare i Skäggetorp", ["Skäggetorp"]),
        ("arbetet i Lidköpings kommun", ["Lidköping"]),
        ("det var bättre i Borås", ["Borås"]),
    ],
)
def test_capitalised_place_like_names_are_candidates(engine: Engine, text: str, names: list[str]) -> None:
    assert candidate_names(engine, text) == names


@pytest.mark.parametrize(
    "text",
    [
        "Jag sa det till Anna i går",  # a first name
        "Hon fick ett sms från Svensson",  # a surname after "från"
        "Gångtunneln under vägen är läskig",  # an everyday compound opening the sentence
        "Parkeringen är mörk",
        "Stökigt centrum på kvällarna",  # an adjective opening the sentence, before a kind word
        "Jag såg det på Facebook",
        "Vi har ringt till Polisen flera gånger",
        "Det stod i Malungbladet",
        "Insatser mot EPA-traktorer",
        "Stökigt på Lördagarna och i Helgen",  # times some writers capitalise
        "Det är lugnt här",
    ],
)
def test_people_organisations_and_sentence_openers_are_not_candidates(engine: Engine, text: str) -> None:
    assert candidate_names(engine, text) == []


def test_names_in_the_gazetteer_are_known_places_not_candidates() -> None:
    text = "Knark vid lekplatsen i Hagadungen"
    before = Engine(load_taxonomy())
    assert candidate_names(before, text) == ["Hagadungen"]
    after = Engine(load_taxonomy(), Gazetteer([PlaceEntry(id="7", name="Hagadungen", kind="park")]))
    coding = after.code(text)
    assert coding.candidates == []
    assert [p.id for p in coding.places if p.id is not None] == ["7"]


def test_candidates_are_a_separate_field_in_the_json(engine: Engine) -> None:
    data = engine.code("Knark vid lekplatsen i Hagadungen").to_json()
    assert data["candidates"] == [{"name": "Hagadungen", "kind": "grönområde", "start": 23, "end": 33}]
    assert [p["name"] for p in data["places"]] == ["lekplats", "Hagadungen"]


def test_every_word_of_the_shipped_list_is_found_as_written() -> None:
    """A word the tokeniser reads differently ("å" is read as "och", "kafé" as "kafe") would never match."""
    from lofte.text.morph import analyse
    from lofte.text.normalise import normalise_token
    from lofte.text.place_kinds import KINDS_PATH, kind_of

    missing = []
    for raw in KINDS_PATH.read_text(encoding="utf-8").splitlines():
        word = raw.split("#", 1)[0].strip().lstrip("=")
        if not word or word.startswith("[") or " " in word:
            continue
        norm = normalise_token(word)
        if kind_of(norm, analyse(norm)) is None:
            missing.append(word)
    assert missing == []


def test_several_candidates_in_one_answer(engine: Engine) -> None:
    text = "Mörkt vid Hagadungen och stökigt på Möllevångstorget, men lugnt i Rosengård."
    assert candidate_names(engine, text) == ["Hagadungen", "Möllevångstorget", "Rosengård"]
