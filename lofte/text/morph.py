"""Per-word analysis (lemma, compound parts, lookup keys), cached: the engine's hot path."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from lofte.text.compound import split
from lofte.text.lemma import lemma_of


@dataclass(frozen=True, slots=True)
class Analysis:
    norm: str
    lemma: str
    parts: tuple[str, ...]
    known: bool
    keys: frozenset[str]
    """Strings an exact lexicon term may equal: the form, its lemma, compound parts and joined runs of parts."""

    @property
    def head(self) -> str:
        return self.parts[-1] if self.parts else self.lemma

    def sources(self) -> tuple[str, ...]:
        """Strings a prefix term may start: the form, the lemma and each compound part."""
        return (self.norm, self.lemma, *self.parts)


@lru_cache(maxsize=300_000)
def analyse(norm: str) -> Analysis:
    parts, pieces = split(norm)
    if "-" in norm and parts:
        head, _, last = norm.rpartition("-")
        lemma: str | None = head + "-" + (lemma_of(last) or last)
    else:
        lemma = lemma_of(norm)
    known = lemma is not None or bool(parts)
    if lemma is None:
        lemma = "".join(pieces[:-1]) + parts[-1] if parts else norm
    keys = {norm, lemma}
    if parts:
        keys.update(parts)
        n = len(parts)
        for i in range(n):
            for j in range(i + 2, n + 1):
                keys.add("".join(parts[i:j]))
                if j == n:
                    keys.add("".join(pieces[i : j - 1]) + parts[-1])
                else:
                    keys.add("".join(pieces[i:j]))
    return Analysis(norm, lemma, parts, known, frozenset(keys))
