"""Swedish lemmatisation: a shipped lemma list, a table of irregular forms, and suffix rules.

The data file is derived from simplemma's Swedish dictionary (see ``data/build_lemmas.py``): only the
forms that the rules below get wrong are stored, which keeps loading fast and memory small.
"""

from __future__ import annotations

import gzip
from collections.abc import Collection, Mapping
from functools import lru_cache
from pathlib import Path

DATA = Path(__file__).with_name("data") / "sv_lemmas.tsv.gz"

# Longest first: inflectional endings of nouns (definite, plural, genitive), adjectives and verbs.
_ENDINGS = """
    ornas arnas ernas orna arna erna andes endes ande ende ades ens ets ats ade ad at en et na ar er or de te
    dd tt es as s n t a e r d ers ars ors aste ast are ares astes nas ns ts eds des tes ter ta st
"""
SUFFIXES: tuple[str, ...] = tuple(sorted(set(_ENDINGS.split()), key=len, reverse=True))
# What may be added back to a stripped stem: "gatan" -> "gat" + "a", "pojkar" -> "pojk" + "e".
RESTORE: tuple[str, ...] = ("", "a", "e", "er", "el", "en", "d", "t", "are")
# Only one ending of each length can end a word: test each length once (longest first, as SUFFIXES runs)
# instead of calling endswith for every ending. New words go through this on every first sight.
_SUFFIX_SET = frozenset(SUFFIXES)
_SUFFIX_LENGTHS: tuple[int, ...] = tuple(sorted({len(s) for s in SUFFIXES}, reverse=True))


# Forms the shipped dictionary lacks, mostly words of this domain and informal spellings.
EXTRA_FORMS: dict[str, str] = {
    "bränder": "brand",
    "bränderna": "brand",
    "knarkare": "knarkare",
    "knarkarna": "knarkare",
    "knarkarn": "knarkare",
    "langare": "langare",
    "langarna": "langare",
    "pundare": "pundare",
    "pundarna": "pundare",
    "fyllon": "fyllo",
    "fyllona": "fyllo",
    "alkisar": "alkis",
    "alkisarna": "alkis",
    "snutar": "snut",
    "snutarna": "snut",
    "snuten": "snut",
    "kidsen": "kids",
    "ungarna": "unge",
    "ungar": "unge",
    "fältare": "fältare",
    "fältarna": "fältare",
    "nattvandrarna": "nattvandrare",
    "väktarna": "väktare",
    "epor": "epa",
    "epan": "epa",
    "eporna": "epa",
    "epatraktor": "epatraktor",
    "tjacket": "tjack",
    "gräset": "gräs",
    "moppar": "moppe",
    "mopparna": "moppe",
    "moppe": "moppe",
    "tunnlarna": "tunnel",
    "nätter": "natt",
    "nätterna": "natt",
    "helger": "helg",
    "helgerna": "helg",
    "ska": "ska",
    "skall": "ska",
    "skulle": "ska",
    "skolat": "ska",
    "hänger": "hänga",
    "syns": "synas",
    "somras": "sommar",
    "vintras": "vinter",
    "våras": "vår",
    "hösten": "höst",
    "resecentrumet": "resecentrum",
}


class LemmaData:
    """The lemma set and the irregular-form table, loaded once."""

    __slots__ = ("exceptions", "lemmas")

    def __init__(self, lemmas: set[str], exceptions: dict[str, str]) -> None:
        self.lemmas = lemmas
        self.exceptions = exceptions

    @classmethod
    def load(cls, path: Path = DATA) -> LemmaData:
        lemmas: set[str] = set()
        exceptions: dict[str, str] = {}
        with gzip.open(path, "rt", encoding="utf-8") as fh:
            fh.readline()
            for line in fh:
                line = line.rstrip("\n")
                if "\t" in line:
                    form, lemma = line.split("\t", 1)
                    exceptions[form] = lemma
                else:
                    lemmas.add(line)
        exceptions.update(EXTRA_FORMS)
        lemmas.update(EXTRA_FORMS.values())
        return cls(lemmas, exceptions)


_DATA: LemmaData | None = None


def data() -> LemmaData:
    global _DATA
    if _DATA is None:
        _DATA = LemmaData.load() if DATA.exists() else LemmaData(set(), {})
    return _DATA


def rule_lemma(
    word: str, lemmas: Collection[str], exceptions: Mapping[str, str], *, compound_heads: bool = True
) -> str | None:
    """The lemma the rules find for ``word``, or None when no rule leads to a known lemma."""
    if word in lemmas:
        return word
    hit = exceptions.get(word)
    if hit is not None:
        return hit
    n = len(word)
    for length in _SUFFIX_LENGTHS:
        if n - length >= 2 and word[n - length :] in _SUFFIX_SET:
            stem = word[: n - length]
            for extra in RESTORE:
                candidate = stem + extra
                if candidate in lemmas:
                    return candidate
    if not compound_heads:
        return None
    # A compound whose head is irregular: "avvärjningssegrarna" -> "avvärjnings" + "seger".
    for i in range(2, n - 2):
        hit = exceptions.get(word[i:])
        if hit is not None:
            return word[:i] + hit
    return None


@lru_cache(maxsize=200_000)
def lemma_of(word: str) -> str | None:
    """Lemma of a lower-case word form, or None if the word is unknown to the lemma data."""
    d = data()
    return rule_lemma(word, d.lemmas, d.exceptions)


@lru_cache(maxsize=200_000)
def simple_lemma(word: str) -> str | None:
    """Like ``lemma_of`` but without guessing compounds: for checking the head of a compound."""
    d = data()
    return rule_lemma(word, d.lemmas, d.exceptions, compound_heads=False)


def is_lemma(word: str) -> bool:
    return word in data().lemmas


def is_form(word: str) -> bool:
    """True for a lemma or a listed irregular form ("narkotika", "barn")."""
    d = data()
    return word in d.lemmas or word in d.exceptions


def is_known(word: str) -> bool:
    """True when the form is a known lemma or reduces to one."""
    return lemma_of(word) is not None
