"""Spelling correction against a small vocabulary (the lexicon's words), by symmetric deletion.

Only words the lemma data does not know are corrected, and only to a vocabulary word within one edit
(two for long words), so "belysningn" -> "belysning" and "morkt" -> "mörkt", but "kommunen" stays. The
vocabulary holds the inflected forms of the lexicon's words (the engine adds them: "mörk*" gives "mörk",
"mörkt", "mörka", ...), and a word typed without å, ä, ö whose one reading with them is in the vocabulary
is corrected to it before any one-letter typo ("morkt" -> "mörkt", not "mordt").
"""

from __future__ import annotations

from collections.abc import Iterable

from lofte.text.normalise import fold_ascii


def _deletes(word: str) -> set[str]:
    return {word[:i] + word[i + 1 :] for i in range(len(word))}


def distance(a: str, b: str, limit: int = 2) -> int:
    """Damerau-Levenshtein (optimal string alignment) distance, stopping early past ``limit``."""
    if abs(len(a) - len(b)) > limit:
        return limit + 1
    prev2: list[int] = []
    prev = list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        cur = [i] + [0] * len(b)
        for j, cb in enumerate(b, 1):
            cost = 0 if ca == cb else 1
            cur[j] = min(prev[j] + 1, cur[j - 1] + 1, prev[j - 1] + cost)
            if i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cur[j] = min(cur[j], prev2[j - 2] + 1)
        if min(cur) > limit:
            return limit + 1
        prev2, prev = prev, cur
    return prev[-1]


class Corrector:
    MIN_LENGTH = 5

    def __init__(self, vocabulary: Iterable[str]) -> None:
        self.words: set[str] = set()
        self.index: dict[str, set[str]] = {}
        for word in vocabulary:
            if len(word) >= self.MIN_LENGTH - 1 and word.isalpha():
                self.add(word)
        self._cache: dict[str, str | None] = {}

    def add(self, word: str) -> None:
        self.words.add(word)
        for key in {word, fold_ascii(word)} | _deletes(word) | _deletes(fold_ascii(word)):
            self.index.setdefault(key, set()).add(word)

    def correct(self, word: str) -> str | None:
        """The vocabulary word closest to ``word``, or None if none is close enough or it is ambiguous."""
        if word in self.words:
            return word
        cached = self._cache.get(word, "")
        if cached != "":
            return cached
        result = None
        if len(word) >= self.MIN_LENGTH and word.isalpha():
            candidates: set[str] = set()
            for key in {word, fold_ascii(word)} | _deletes(word):
                candidates |= self.index.get(key, set())
            limit = 2 if len(word) >= 9 else 1
            scored = sorted((distance(word, c, limit), -len(c), c) for c in candidates)
            scored = [s for s in scored if s[0] <= limit or fold_ascii(s[2]) == fold_ascii(word)]
            folded = [c for c in scored if fold_ascii(c[2]) == fold_ascii(word)]
            if len(folded) == 1:  # typed without å, ä, ö: likelier than any one-letter typo ("morkt" -> "mörkt")
                result = folded[0][2]
            elif scored and (
                len(scored) == 1
                or scored[0][0] < scored[1][0]
                or scored[0][2][:-1] == scored[1][2][:-1]
                or len(word) >= 8
            ):
                result = scored[0][2]
        if len(self._cache) > 100_000:
            self._cache.clear()
        self._cache[word] = result
        return result
