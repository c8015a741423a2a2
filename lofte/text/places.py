"""Place extraction: the organisation's own places (with aliases and inflections), kinds of place (a shipped,
editable word list, inflected and found as compound heads) and candidate places: capitalised place-like names
that are not in the organisation's gazetteer, for an analyst to add."""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from lofte.text.lemma import lemma_of, simple_lemma
from lofte.text.morph import Analysis, analyse
from lofte.text.normalise import normalise_token
from lofte.text.tokenise import Token, tokenise

GENERIC_PATH = Path(__file__).with_name("data") / "places_generic.json"
KINDS_PATH = Path(__file__).with_name("data") / "place_kinds.txt"
NAMES_PATH = Path(__file__).with_name("data") / "names.json"
# Kinds of an organisation's named places that make them "offentliga platser" (public problem sites): read
# from places_generic.json ("public_kinds"), the single source.
PUBLIC_KINDS: frozenset[str] = frozenset(json.loads(GENERIC_PATH.read_text(encoding="utf-8"))["public_kinds"])


@dataclass(frozen=True, slots=True)
class PlaceEntry:
    id: str
    name: str
    aliases: list[str] = field(default_factory=list)
    kind: str = "place"

    @classmethod
    def from_json(cls, data: dict[str, Any], index: int = 0) -> PlaceEntry:
        properties = data.get("properties")
        props: dict[str, Any] = properties if isinstance(properties, dict) else data
        name = str(props.get("name") or props.get("namn") or "").strip()
        if not name:
            raise ValueError(f"place {index + 1} has no name")
        aliases = props.get("aliases") or props.get("alias") or []
        if isinstance(aliases, str):
            aliases = [a.strip() for a in aliases.split(",") if a.strip()]
        pid = props.get("id", data.get("id"))
        return cls(
            id=str(pid) if pid is not None else name,
            name=name,
            aliases=[str(a) for a in aliases],
            kind=str(props.get("kind") or props.get("typ") or "place"),
        )


@dataclass(frozen=True, slots=True)
class PlaceMatch:
    id: str | None
    name: str
    kind: str
    start: int
    end: int

    @property
    def is_public(self) -> bool:
        return self.kind in PUBLIC_KINDS

    def to_json(self) -> dict[str, Any]:
        return {"id": self.id, "name": self.name, "kind": self.kind, "start": self.start, "end": self.end}


@dataclass(frozen=True, slots=True)
class PlaceCandidate:
    """A capitalised, place-like name that is not in the gazetteer ("vid Hagadungen", "i Rosengård")."""

    name: str
    kind: str  # the kind its last word says ("torg" for "Möllevångstorget"), or "" when nothing says it
    start: int
    end: int

    def to_json(self) -> dict[str, Any]:
        return {"name": self.name, "kind": self.kind, "start": self.start, "end": self.end}


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


@dataclass(frozen=True, slots=True)
class KindTable:
    """Every form of every kind word: whole words, and the forms a compound may end in."""

    bases: dict[str, str]  # base form -> kind
    forms: dict[str, tuple[str, str]]  # any generated form -> (kind, base form)
    whole: dict[str, str]  # forms that are no other word's form -> kind
    exact: dict[str, str]  # words that count only as written, whole ("=stan")
    phrases: dict[str, list[Phrase]]  # first word's dictionary form -> phrases
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
    return KindTable(words, forms, whole, exact, phrases, named_only)


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
    lemma = lemma_of(norm)
    for i in range(MIN_PREFIX, len(norm) - MIN_HEAD + 1):
        found = table.forms.get(norm[i:])
        if found is None:
            continue
        kind, base = found
        # A known word that is not this compound ("bestigen" is a verb's form, not a kind of "stig").
        if lemma is not None and not lemma.endswith(base) and simple_lemma(norm) is not None:
            return None
        return kind, True
    head = table.bases.get(a.head) if a.parts else None
    return (head, True) if head is not None else None


def _keys(a: Analysis) -> tuple[str, ...]:
    return (a.norm, a.lemma) if a.lemma != a.norm else (a.norm,)


class Gazetteer:
    """An organisation's places; matched on word forms and lemmas so inflections are found."""

    def __init__(self, entries: Iterable[PlaceEntry] = ()) -> None:
        self.entries = list(entries)
        self.index: dict[str, list[tuple[tuple[frozenset[str], ...], PlaceEntry]]] = {}
        for entry in self.entries:
            for alias in (entry.name, *entry.aliases):
                words = [t for t in tokenise(alias) if t.is_word]
                if not words:
                    continue
                seq = tuple(frozenset(_keys(analyse(t.norm))) for t in words)
                for key in seq[0]:
                    self.index.setdefault(key, []).append((seq, entry))
        for candidates in self.index.values():
            candidates.sort(key=lambda c: -len(c[0]))
        self._kind_cache: dict[str, Any] = {}  # form -> (kind of place, compound) or None
        self.words = frozenset(k for seq_list in self.index.values() for seq, _ in seq_list for ks in seq for k in ks)

    @classmethod
    def from_json(cls, data: Any) -> Gazetteer:
        if isinstance(data, dict):
            data = data.get("features") or data.get("places") or []
        return cls(PlaceEntry.from_json(item, i) for i, item in enumerate(data))

    @classmethod
    def load(cls, path: str | Path) -> Gazetteer:
        return cls.from_json(json.loads(Path(path).read_text(encoding="utf-8-sig")))

    def find(self, tokens: list[Token], analyses: list[Analysis | None]) -> list[PlaceMatch]:
        """Named places (longest alias first) followed by generic place words outside them."""
        out: list[PlaceMatch] = []
        taken: set[int] = set()
        n = len(tokens)
        i = 0
        index = self.index
        while index and i < n:
            a = analyses[i]
            matched = 0
            if a is not None:
                for key in (a.norm, a.lemma) if a.lemma != a.norm else (a.norm,):
                    for seq, entry in index.get(key, ()):
                        k = len(seq)
                        if k <= matched or i + k > n:
                            continue
                        if all(
                            (b := analyses[i + j]) is not None and (b.norm in seq[j] or b.lemma in seq[j])
                            for j in range(k)
                        ):
                            matched = k
                            best = entry
            if matched:
                out.append(PlaceMatch(best.id, best.name, best.kind, tokens[i].start, tokens[i + matched - 1].end))
                taken.update(range(i, i + matched))
                i += matched
            else:
                i += 1
        table = kind_table()
        named_only = table.named_only
        kind_cache = self._kind_cache
        phrases = table.phrases
        skip = -1  # the last token of a phrase already taken
        for i, a in enumerate(analyses):
            if a is None or i <= skip or i in taken:
                continue
            if a.lemma in phrases:  # "det offentliga rummet"
                phrase = self._phrase_at(analyses, i, phrases[a.lemma])
                if phrase is not None:
                    skip = i + len(phrase[0]) - 1
                    out.append(PlaceMatch(None, phrase[2], phrase[1], tokens[i].start, tokens[skip].end))
                    continue
            found = kind_cache.get(a.norm, "?")
            if found == "?":
                found = self._kind(a)
            if found is None:
                continue
            kind, compound = found
            token = tokens[i]
            proper = token.is_capitalised and not token.sentence_start and not token.text.isupper()
            if kind in named_only and not (proper and compound):
                continue
            name = token.text if proper and compound else a.lemma
            start = token.start
            # "gång- och cykelvägen": one place written with a shared head
            if i >= 3 and tokens[i - 1].norm == "och" and tokens[i - 2].text in "-–" and tokens[i - 3].is_word:
                start = tokens[i - 3].start
            out.append(PlaceMatch(None, name, kind, start, token.end))
        out.sort(key=lambda p: p.start)
        return out

    @staticmethod
    def _phrase_at(analyses: list[Analysis | None], i: int, phrases: list[Phrase]) -> Phrase | None:
        n = len(analyses)
        for phrase in phrases:
            seq = phrase[0]
            if i + len(seq) <= n and all(
                (b := analyses[i + j]) is not None and b.lemma == seq[j] for j in range(len(seq))
            ):
                return phrase
        return None

    def _kind(self, a: Analysis) -> tuple[str, bool] | None:
        cache = self._kind_cache
        found = cache.get(a.norm, "?")
        if found == "?":
            found = kind_of(a.norm, a)
            if len(cache) > 100_000:
                cache.clear()
            cache[a.norm] = found
        return found

    def candidates(
        self, tokens: list[Token], analyses: list[Analysis | None], places: list[PlaceMatch]
    ) -> list[PlaceCandidate]:
        """Capitalised place-like names the gazetteer does not hold: a name ending in a kind of place
        ("Hagadungen", "Möllevångstorget"), a capitalised word after a place preposition ("i Rosengård"), a
        name before a kind word ("Mörby centrum", "Danderyds sjukhus"), a name with a place-name ending
        ("Skäggetorp") and names listed with one of these ("i Tollered, Sjövik och Lerum"). People's first
        names, and surnames after "till", "från" and the like, are not places."""
        known = [(p.start, p.end) for p in places if p.id is not None]
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
                found_kind = self._kind(a)
                if found_kind is None or not found_kind[1]:
                    continue
            found = _candidate_at(tokens, analyses, i, last_end, self._kind)
            if found is None:
                continue
            first, last, kind = found
            resume = last + 1
            if any(tokens[j].start in known_starts for j in range(first, last + 1)):
                continue
            name = " ".join(tokens[j].text for j in range(first, last + 1))
            if first == last and _genitive(tokens, last):
                name = name[:-1]  # "i Lidköpings kommun": the place is Lidköping
            out.append(PlaceCandidate(name, kind, tokens[first].start, tokens[last].end))
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
