"""Representative quotes: short, redacted, typical answers for a theme."""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from typing import TYPE_CHECKING

from lofte.text.features import topic_terms
from lofte.text.morph import analyse
from lofte.text.redact import redact
from lofte.text.tokenise import tokenise

if TYPE_CHECKING:
    from lofte.text.engine import Coding

MAX_CHARS = 200
_SENTENCE = re.compile(r"(?<=[.!?])\s+")


def _shorten(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= MAX_CHARS:
        return text
    out = ""
    for sentence in _SENTENCE.split(text):
        if len(out) + len(sentence) + 1 > MAX_CHARS:
            break
        out = f"{out} {sentence}".strip()
    return out or text[: MAX_CHARS - 1].rsplit(" ", 1)[0] + "…"


def representative_quotes(texts: Sequence[str], codings: Sequence[Coding], theme_id: str, n: int = 3) -> list[str]:
    """Up to ``n`` redacted answers typical of ``theme_id``: confident, central, short, not alike."""
    members = [i for i, c in enumerate(codings) if theme_id in c.themes]
    if not members:
        return []
    bags = {
        i: Counter(topic_terms([analyse(t.norm) if t.is_word else None for t in tokenise(texts[i])])) for i in members
    }
    centre: Counter[str] = Counter()
    for bag in bags.values():
        centre.update(set(bag))
    scored: list[tuple[float, int]] = []
    for i in members:
        words = len(texts[i].split())
        if words < 3:
            length = 0.3
        elif words <= 30:
            length = 1.0
        else:
            length = max(0.2, 30 / words)
        typical = sum(centre[w] for w in bags[i]) / (len(bags[i]) + 2) / len(members)
        confidence = codings[i].theme_scores.get(theme_id, 0.5)
        scored.append((confidence * length * (0.5 + typical), i))
    scored.sort(key=lambda s: (-s[0], s[1]))
    chosen: list[int] = []
    for _, i in scored:
        terms = set(bags[i])
        if any(len(terms & set(bags[j])) / max(1, len(terms | set(bags[j]))) > 0.6 for j in chosen):
            continue
        chosen.append(i)
        if len(chosen) == n:
            break
    return [_shorten(codings[i].redacted or redact(texts[i])) for i in chosen]
