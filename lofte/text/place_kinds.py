"""Kinds of place: the shipped, editable word list (data/place_kinds.txt), each word's inflected forms, and
the lookup that finds a kind for a word form or a compound ending in one ("skolbusshållplatsen")."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

from lofte.text.lemma import lemma_of, simple_lemma
from lofte.text.morph import Analysis, analyse
from lofte.text.normalise import normalise_token

GENERIC_PATH = Path(__file__).with_name("data") / "places_generic.json"
KINDS_PATH = Path(__file__).with_name("data") / "place_kinds.txt"


Phrase = tuple[tuple[str, ...], str, str]  # dictionary forms of the words, kind, the phrase as written


def read_kinds(text: str) -> tuple[dict[str, str], list[Phrase]]:
    """The kinds file's words (base form -> kind) and phrases."""
    words: dict[str, str] = {}
    phrases: list[Phrase] = []
    kind = ""
    for number, raw in enumerate(text.splitlines(), 1):
        # Written as the tokeniser normalises words ("kafé" is read as "kafe"), or it would never match.
        line = " ".join(normalise_token(w) for w in raw.split("#", 1)[0].split()).lower()
        if not line:
            continue
        if line.startswith("[") and line.endswith("]"):
            kind = line[1:-1].strip()
            continue
        if not kind:
            raise ValueError(f"place kinds line {number}: a word before any [kind]")
        if " " in line:
            phrases.append((tuple(analyse(w).lemma for w in line.split()), kind, line))
        else:
            words.setdefault(line, kind)
    return words, phrases


def inflections(base: str) -> set[str]:
    """The forms a Swedish noun in its dictionary form may take: definite, plural, genitive. Over-generates on
    purpose (both -ar and -er plurals); forms that are another word's forms are filtered by the caller."""
    forms = {base}
    if base.endswith("a"):  # gata, skola, pizzeria, gräsmatta
        stem = base[:-1]
        forms |= {base + "n", stem + "or", stem + "orna"}
    elif base.endswith("e"):  # dunge, backe, ställe, garage
        stem = base[:-1]
        forms |= {base + "n", base + "t", base + "na", stem + "ar", stem + "arna", base + "r", base + "rna"}
    elif base.endswith("um"):  # centrum, gymnasium
        stem = base[:-2]
        forms |= {base + "et", stem + "et", stem + "er", stem + "erna", base + "en"}
    elif base[-1] in "aeiouyåäöé":  # bro, sjö, å, allé, kö
        forms |= {base + "n", base + "ar", base + "arna", base + "er", base + "erna", base + "na"}
    else:  # park, torg, krog, tunnel, station, kiosk
        forms |= {base + "en", base + "et", base + "ar", base + "arna", base + "er", base + "erna", base + "na"}
        if base.endswith(("el", "er")) and len(base) > 4:  # tunnel -> tunneln, tunnlar
            syncope = base[:-2] + base[-1]
            forms |= {base + "n", syncope + "ar", syncope + "arna", syncope + "en", syncope + "et"}
    forms |= {f + "s" for f in forms if not f.endswith("s")}
    return forms


@dataclass(frozen=True, slots=True)
class KindTable:
    """Every form of every kind word: whole words, and the forms a compound may end in."""

    bases: dict[str, str]  # base form -> kind
    forms: dict[str, tuple[str, str]]  # any generated form -> (kind, base form)
    whole: dict[str, str]  # forms that are no other word's form -> kind
    exact: dict[str, str]  # words that count only as written, whole ("=stan")
    phrases: dict[str, list[Phrase]]  # first word's dictionary form -> phrases
    tails: frozenset[str]  # the last three letters of every form: most words end otherwise, and skip the search
    named_only: frozenset[str]


@lru_cache(maxsize=1)
def kind_table() -> KindTable:
    words, phrase_list = read_kinds(KINDS_PATH.read_text(encoding="utf-8"))
    exact = {w[1:]: k for w, k in words.items() if w.startswith("=")}
    words = {w: k for w, k in words.items() if not w.startswith("=")}
    named_only = frozenset(json.loads(GENERIC_PATH.read_text(encoding="utf-8"))["named_only"])
    forms: dict[str, tuple[str, str]] = {}
    whole: dict[str, str] = {}
    for base, kind in words.items():
        for form in inflections(base):
            forms.setdefault(form, (kind, base))
            # "stigen" is the verb's participle and "väger" a verb, not forms of "stig" and "väg".
            lemma = lemma_of(form)
            if form == base or lemma is None or lemma == base:
                whole.setdefault(form, kind)
    phrases: dict[str, list[Phrase]] = {}
    for phrase in phrase_list:
        phrases.setdefault(phrase[0][0], []).append(phrase)
    tails = frozenset(form[-3:] for form in forms)
    return KindTable(
        bases=words, forms=forms, whole=whole, exact=exact, phrases=phrases, named_only=named_only, tails=tails
    )


def _generic() -> tuple[dict[str, str], frozenset[str]]:
    """Kind words (base form -> kind) and the named-only kinds, for the engine's vocabulary and street names."""
    table = kind_table()
    return table.bases | table.exact, table.named_only


# A compound's first part must leave this many letters: "sparken" is no park, "gräsmattan" is grass.
MIN_PREFIX = 2
MIN_HEAD = 4


def kind_of(norm: str, a: Analysis) -> tuple[str, bool] | None:
    """The kind of place ``norm`` names and whether it is a compound ("busshållplatsen" -> (busshållplats,
    False), "skolbusshållplatsen" -> (busshållplats, True)), or None."""
    table = kind_table()
    kind = table.whole.get(norm) or table.exact.get(norm) or table.bases.get(a.lemma)
    if kind is None and norm in table.forms and simple_lemma(norm) is None:
        kind = table.forms[norm][0]  # "tunnelmynningen": the lemma list's guess was wrong
    if kind is not None:
        return kind, bool(a.parts)
    forms = table.forms
    for i in range(MIN_PREFIX, len(norm) - MIN_HEAD + 1) if norm[-3:] in table.tails else ():
        found = forms.get(norm[i:])
        if found is None:
            continue
        kind, base = found
        # A known word that is not this compound ("bestigen" is a verb's form, not a kind of "stig").
        if simple_lemma(norm) is not None and not (lemma_of(norm) or base).endswith(base):
            return None
        return kind, True
    head = table.bases.get(a.head) if a.parts else None
    return (head, True) if head is not None else None
