"""Tokenisation with offsets, sentence starts and clause boundaries."""

from __future__ import annotations

import re
from dataclasses import dataclass

from lofte.text.normalise import normalise_token

# A word (letters, digits, inner hyphens and apostrophes: "A-traktor", "SSPF-möten", "13-åringar"),
# or a single punctuation mark that ends a clause.
TOKEN_RE = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*|[.!?;:,()\-–/]")
SENTENCE_END = frozenset(".!?;:")
CLAUSE_END = frozenset(".!?;:,()-–/")


@dataclass(slots=True)
class Token:
    text: str
    norm: str
    start: int
    end: int
    is_word: bool
    sentence_start: bool

    @property
    def is_capitalised(self) -> bool:
        return self.text[:1].isupper()


def tokenise(text: str) -> list[Token]:
    """Tokens of ``text`` with character offsets into it."""
    tokens: list[Token] = []
    sentence_start = True
    for m in TOKEN_RE.finditer(text):
        raw = m.group()
        if len(raw) == 1 and raw in CLAUSE_END:
            tokens.append(Token(raw, raw, m.start(), m.end(), False, False))
            if raw in SENTENCE_END:
                sentence_start = True
            continue
        tokens.append(Token(raw, normalise_token(raw), m.start(), m.end(), True, sentence_start))
        sentence_start = False
    return tokens


def words(text: str) -> list[str]:
    """Normalised word tokens only."""
    return [t.norm for t in tokenise(text) if t.is_word]
