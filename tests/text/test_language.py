from __future__ import annotations

import pytest

from lofte.text.compound import split
from lofte.text.lemma import lemma_of
from lofte.text.morph import analyse
from lofte.text.normalise import normalise_token
from lofte.text.tokenise import tokenise


@pytest.mark.parametrize(
    ("word", "parts"),
    [
        ("gatubelysningen", ("gata", "belysning")),
        ("busshållplatsen", ("buss", "hållplats")),
        ("kvällstid", ("kväll", "tid")),
        ("narkotikapåverkade", ("narkotika", "påverkad")),
        ("fritidsgården", ("fritid", "gård")),
        ("ungdomsgäng", ("ungdom", "gäng")),
        ("trygghetsvandring", ("trygghet", "vandring")),
        ("stadsparken", ("stad", "park")),
    ],
)
def test_compounds_reach_their_parts(word: str, parts: tuple[str, ...]) -> None:
    assert split(word)[0] == parts


@pytest.mark.parametrize("word", ["kommunen", "parkera", "parkering", "ungdomar", "polisen", "station"])
def test_simple_words_are_not_split_into_nonsense(word: str) -> None:
    assert split(word)[0] == ()


def test_lemmas_of_inflected_forms() -> None:
    assert lemma_of("kvällarna") == "kväll"
    assert lemma_of("nätterna") == "natt"
    assert lemma_of("tunnlar") == "tunnel"
    assert analyse("resecentrumet").lemma == "resecentrum"


def test_informal_spellings_are_normalised() -> None:
    assert normalise_token("mkt") == "mycket"
    assert normalise_token("MÖRKKKKT") == "mörkt"
    assert normalise_token("e") == "är"


def test_tokens_keep_offsets_into_the_original_text() -> None:
    text = "Mörkt vid A-traktorerna, ikväll!"
    tokens = tokenise(text)
    assert [text[t.start : t.end] for t in tokens] == [t.text for t in tokens]
    assert "A-traktorerna" in [t.text for t in tokens]
