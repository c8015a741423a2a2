"""Place extraction: the organisation's own places (with aliases and inflections), kinds of place (the shipped,
editable word list of ``place_kinds``) and candidate places (``place_names``: names the gazetteer lacks)."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from lofte.text.morph import Analysis, analyse
from lofte.text.place_kinds import GENERIC_PATH, Phrase, kind_of, kind_table
from lofte.text.place_names import PlaceCandidate, find_candidates
from lofte.text.tokenise import Token, tokenise

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
        """Capitalised place-like names the gazetteer does not hold (see ``place_names``)."""
        known = [(p.start, p.end) for p in places if p.id is not None]
        return find_candidates(tokens, analyses, known, self._kind)
