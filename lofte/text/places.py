"""Place extraction: the organisation's own places (with aliases and inflections) and generic place words."""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

from lofte.text.morph import Analysis, analyse
from lofte.text.tokenise import Token, tokenise

GENERIC_PATH = Path(__file__).with_name("data") / "places_generic.json"
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


@lru_cache(maxsize=1)
def _generic() -> tuple[dict[str, str], frozenset[str]]:
    data = json.loads(GENERIC_PATH.read_text(encoding="utf-8"))
    return dict(data["kinds"]), frozenset(data["named_only"])


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
        self._kind_cache: dict[str, str | None] = {}  # form -> generic place kind
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
        kinds, named_only = _generic()
        kind_cache = self._kind_cache
        for i, a in enumerate(analyses):
            if a is None or i in taken:
                continue
            kind = kind_cache.get(a.norm, "?")
            if kind == "?":
                kind = kinds.get(a.lemma) or kinds.get(a.head)
                if len(kind_cache) > 100_000:
                    kind_cache.clear()
                kind_cache[a.norm] = kind
            if kind is None:
                continue
            token = tokens[i]
            proper = token.is_capitalised and not token.sentence_start and not token.text.isupper()
            if kind in named_only and not (proper and a.parts):
                continue
            name = token.text if proper and a.parts else a.lemma
            out.append(PlaceMatch(None, name, kind, token.start, token.end))
        out.sort(key=lambda p: p.start)
        return out
