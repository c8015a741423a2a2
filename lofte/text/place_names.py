"""Candidate places: capitalised, place-like names in an answer that the organisation's gazetteer does not hold
("vid Hagadungen", "i Rosengård", "Mörby centrum"), for an analyst to add to it. People's names, organisations
and everyday words that open a sentence are not candidates."""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

from lofte.text.lemma import simple_lemma
from lofte.text.morph import Analysis
from lofte.text.place_kinds import MIN_HEAD, MIN_PREFIX, kind_table
from lofte.text.tokenise import Token

NAMES_PATH = Path(__file__).with_name("data") / "names.json"


@dataclass(frozen=True, slots=True)
class PlaceCandidate:
    """A capitalised, place-like name that is not in the gazetteer ("vid Hagadungen", "i Rosengård")."""

    name: str
    kind: str  # the kind its last word says ("torg" for "Möllevångstorget"), or "" when nothing says it
    start: int
    end: int

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "kind": self.kind, "start": self.start, "end": self.end}


def _words(text: str) -> tuple[str, ...]:
    return tuple(text.split())


# Words after which a capitalised word names a place: "i Rosengård", "vid Coop", "på Möllan".
PLACE_PREPOSITIONS = frozenset(
    _words(
        """i på vid utanför utmed längs längsmed runt kring omkring genom bakom framför nära intill bredvid mellan
    mot från till över under förbi nedanför ovanför innanför utanpå av"""
    )
)
# After these a capitalised word is as often a person ("till Per", "från Lisa"): surnames do not count.
PERSON_PREPOSITIONS = frozenset({"till", "från", "mot", "hos", "med", "av"})
# Capitalised words that follow a place preposition without naming a place an analyst would add.
NOT_PLACES = frozenset(
    _words(
        """polisen kommunen staten regeringen socialtjänsten socialen länsstyrelsen skolverket migrationsverket
    försäkringskassan arbetsförmedlingen räddningstjänsten brå sverige europa norden världen facebook instagram
    snapchat tiktok youtube google twitter whatsapp messenger swish bankid gud allah jesus corona covid postnord
    systembolaget"""
    )
)
# Capitalised words with these endings are organisations, papers, documents or people ("Skatteverket",
# "Malungbladet", "Järfällaborna"), not places.
NOT_PLACE_ENDINGS = tuple(
    _words(
        """verket myndigheten bladet tidningen posten borna bor överenskommelsen planen programmet projektet
    rapporten gruppen föreningen förbundet partiet bolaget nytt"""
    )
)
# Times that some writers capitalise ("på Lördagar", "i Helgen"): never a place.
NOT_PLACE_STARTS = _words(
    """måndag tisdag onsdag torsdag fredag lördag söndag januari februari mars april maj juni juli augusti
    september oktober november december helg sommar vinter höst påsk midsommar kväll"""
)
# A place name may end in "s" ("Borås", "Kramfors"); other names followed by a noun are genitives.
_KEEP_S = ("ås", "äs", "us", "ss", "os", "is", "rs")
# Endings of Swedish place names that are no common nouns: "Skäggetorp", "Hageby", "Kvillebäcken".
NAME_ENDINGS = tuple(
    _words(
        """torp by byn berga gården vången holm holmen sund sundet lund ryd hult näs näset vik viken köping
    staden stad åsen dal dalen bäcken hed heden mark marken fors forsen tuna inge löv arp rum rp hamra"""
    )
)


@lru_cache(maxsize=1)
def _person_names() -> tuple[frozenset[str], frozenset[str]]:
    data = json.loads(NAMES_PATH.read_text(encoding="utf-8"))
    return (
        frozenset(n.lower() for n in data["first_names"]),
        frozenset(n.lower() for n in data["last_names"]),
    )


@lru_cache(maxsize=100_000)
def _common_word(norm: str) -> bool:
    """A plain dictionary word (not a compound the splitter made up): "gång", "stad", "väster"."""
    word = norm[:-1] if norm.endswith("s") and simple_lemma(norm) is None else norm
    return simple_lemma(word) is not None


def find_candidates(
    tokens: list[Token],
    analyses: list[Analysis | None],
    known: list[tuple[int, int]],
    kind: Callable[[Analysis], tuple[str, bool] | None],
) -> list[PlaceCandidate]:
    """Capitalised place-like names the gazetteer does not hold: a name ending in a kind of place
    ("Hagadungen", "Möllevångstorget"), a capitalised word after a place preposition ("i Rosengård"), a
    name before a kind word ("Mörby centrum", "Danderyds sjukhus"), a name with a place-name ending
    ("Skäggetorp") and names listed with one of these ("i Tollered, Sjövik och Lerum"). People's first
    names, and surnames after "till", "från" and the like, are not places."""
    known_starts = {t.start for t in tokens if any(s <= t.start < e for s, e in known)} if known else set()
    out: list[PlaceCandidate] = []
    last_end = -10  # token index after the previous candidate, for lists of names
    resume = 0
    for i in [i for i, t in enumerate(tokens) if t.is_word and t.text[0].isupper()]:
        t = tokens[i]
        a = analyses[i]
        if i < resume or a is None or t.text.isupper() or t.start in known_starts:
            continue
        if t.sentence_start and _common_word(t.norm):
            # Most answers open with a capitalised everyday word: only a compound kind word may be a name.
            found_kind = kind(a)
            if found_kind is None or not found_kind[1]:
                continue
        found = _candidate_at(tokens, analyses, i, last_end, kind)
        if found is None:
            continue
        first, last, place_kind = found
        resume = last + 1
        if any(tokens[j].start in known_starts for j in range(first, last + 1)):
            continue
        name = " ".join(tokens[j].text for j in range(first, last + 1))
        if first == last and _genitive(tokens, last):
            name = name[:-1]  # "i Lidköpings kommun": the place is Lidköping
        out.append(PlaceCandidate(name, place_kind, tokens[first].start, tokens[last].end))
        last_end = last + 1
    return out


def _candidate_at(
    tokens: list[Token],
    analyses: list[Analysis | None],
    i: int,
    last_end: int,
    kind: Callable[[Analysis], tuple[str, bool] | None],
) -> tuple[int, int, str] | None:
    """(first token, last token, kind) of a candidate name starting at the capitalised token ``i``, or None."""
    t = tokens[i]
    norm = t.norm
    bare = norm[:-1] if norm.endswith("s") else norm  # "Polisens"
    if (
        norm in NOT_PLACES
        or bare in NOT_PLACES
        or norm.endswith(NOT_PLACE_ENDINGS)
        or norm.startswith(NOT_PLACE_STARTS)
        or t.text[:2].isupper()
    ):
        return None
    first_names, last_names = _person_names()
    n = len(tokens)
    prev = tokens[i - 1].norm if i > 0 and tokens[i - 1].is_word else ""
    after_preposition = prev in PLACE_PREPOSITIONS
    listed = i - 1 == last_end and tokens[i - 1].norm in (",", "och", "eller")
    a = analyses[i]
    here = kind(a) if a is not None else None
    # A compound whose last part is a kind of place: a name, unless it opens a sentence as an everyday word
    # ("Gångtunneln under ...", "Parkeringen är mörk").
    if here is not None and here[1]:
        head = _compound_prefix(norm)
        if not t.sentence_start or (head is not None and not _common_word(head)):
            first = i
            while first > 0 and _capitalised_word(tokens[first - 1]) and not tokens[first - 1].sentence_start:
                first -= 1  # "Hjalmar Brantingsgatan", "Södra Parkgatan"
            return first, i, here[0]
    if here is not None and not t.sentence_start and not after_preposition:
        return None  # "Torget" mid-sentence is emphasis; the kind word is already a place
    person = norm in first_names or (prev in PERSON_PREPOSITIONS and norm in last_names)
    if person or (i + 1 < n and _capitalised_word(tokens[i + 1]) and tokens[i + 1].norm in last_names):
        return None
    # A name with a kind word after it: "Mörby centrum", "Danderyds sjukhus", "Södra torget".
    if i + 1 < n and tokens[i + 1].is_word and not tokens[i + 1].is_capitalised:
        b = analyses[i + 1]
        following = kind(b) if b is not None else None
        if (
            following is not None
            and (not t.sentence_start or not _common_word(norm))
            and norm not in ("den", "det", "de", "en", "ett")
        ):
            return i, i + 1, following[0]
    if norm.endswith(NAME_ENDINGS) and not _common_word(norm) and norm not in last_names:
        return i, i, ""  # "Möllevången", "Skäggetorp", at a sentence's start too
    if t.sentence_start:
        return None
    last = i
    while last + 1 < n and _capitalised_word(tokens[last + 1]) and tokens[last + 1].norm not in first_names:
        last += 1  # "Campus Laholm"
    if after_preposition or listed:
        return i, last, ""
    return None


def _genitive(tokens: list[Token], i: int) -> bool:
    norm = tokens[i].norm
    following = tokens[i + 1] if i + 1 < len(tokens) else None
    return (
        len(norm) > 4
        and norm.endswith("s")
        and not norm.endswith(_KEEP_S)
        and following is not None
        and following.is_word
        and not following.is_capitalised
        and simple_lemma(following.norm) is not None
    )


def _capitalised_word(token: Token) -> bool:
    return token.is_word and token.is_capitalised and not token.text.isupper()


def _compound_prefix(norm: str) -> str | None:
    """What comes before the kind word in a compound ("hagadungen" -> "haga")."""
    table = kind_table()
    for i in range(MIN_PREFIX, len(norm) - MIN_HEAD + 1):
        if norm[i:] in table.forms:
            return norm[:i]
    return None
