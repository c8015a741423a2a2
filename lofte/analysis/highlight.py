"""Marking the words that triggered a theme in an answer, for the review screen."""

from __future__ import annotations

import re

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe


def mark_triggers(text: str, triggers: dict[str, list[str]], labels: dict[str, str]) -> SafeString:
    """The answer as HTML with each trigger word in a <mark> naming its themes; everything else escaped."""
    spans: list[tuple[int, int, set[str]]] = []
    for theme, words in triggers.items():
        for word in words:
            if not word.strip():
                continue
            for match in re.finditer(re.escape(word), text, flags=re.IGNORECASE):
                spans.append((match.start(), match.end(), {labels.get(theme, theme)}))
    spans.sort(key=lambda s: (s[0], -s[1]))
    merged: list[tuple[int, int, set[str]]] = []
    for start, end, names in spans:
        if merged and start < merged[-1][1]:
            last = merged[-1]
            merged[-1] = (last[0], max(last[1], end), last[2] | names)
        else:
            merged.append((start, end, names))
    out: list[str] = []
    at = 0
    for start, end, names in merged:
        out.append(escape(text[at:start]))
        title = escape(", ".join(sorted(names)))
        out.append(f'<mark title="{title}">{escape(text[start:end])}</mark>')
        at = end
    out.append(escape(text[at:]))
    return mark_safe("".join(out))  # noqa: S308 - every piece above is escaped # nosec B308, B703
