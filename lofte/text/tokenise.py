"""Tokenisation with offsets, sentence starts and clause boundaries."""

from __future__ import annotations

import re
from dataclasses import dataclass

from lofte.text.normalise import normalise_token

# A word (letters, digits, inner hyphens and apostrophes: "A-traktor", "SSPF-möten", "13-åringar"),
# or a single punctuation mark that ends a clause, or a line break. A line break ends a sentence exactly
# as a full stop does: the product joins a dialogue's separate answers with "\n", and no window-based rule
# (negation, "vet inte", phrases, names) may reach from one answer into the next.
TOKEN_RE = re.compile(r"[^\W_]+(?:[-'][^\W_]+)*|[.!?;:,()\-–/]|\r\n|[\n\r\v\f\x1c-\x1e\x85\u2028\u2029]")
LINE_BREAKS = frozenset(["\r\n", "\n", "\r", "\v", "\f", "\x1c", "\x1d", "\x1e", "\x85", "\u2028", "\u2029"])
SENTENCE_END = frozenset(".!?;:") | LINE_BREAKS
CLAUSE_END = frozenset(".!?;:,()-–/") | LINE_BREAKS
_finditer = TOKEN_RE.finditer


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
    append = tokens.append
    norm = normalise_token
    sentence_start = True
    for m in _finditer(text):
        raw = m.group()
        start, end = m.span()
        if raw in CLAUSE_END:  # a single punctuation mark (a word is never one of these)
            append(Token(raw, raw, start, end, False, False))
            if raw in SENTENCE_END:
                sentence_start = True
            continue
        append(Token(raw, norm(raw), start, end, True, sentence_start))
        sentence_start = False
    return tokens


def words(text: str) -> list[str]:
    """Normalised word tokens only."""
    return [t.norm for t in tokenise(text) if t.is_word]
