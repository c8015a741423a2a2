"""Text with links, written by staff and shown to everyone: no HTML gets through, only paragraphs and links.

Staff write plain text: a blank line starts a new paragraph, ``[text](https://…)`` is a link with its own
words, a bare https address becomes a link. Everything else is escaped, so a typed ``<script>`` is shown as
text, and only http(s), mailto and same-site ("/…") addresses ever become links (no ``javascript:``).
"""

from __future__ import annotations

import re

from django.utils.html import escape, format_html, urlize
from django.utils.safestring import SafeString, mark_safe

_LINK = re.compile(r"\[([^\[\]\n]{1,300})\]\(((?:https?://|mailto:|/(?!/))[^\s()<>\"']{0,2000})\)")


def _inline(text: str) -> str:
    out = []
    position = 0
    for match in _LINK.finditer(text):
        out.append(urlize(escape(text[position : match.start()]), nofollow=True, autoescape=False))
        out.append(format_html('<a href="{}">{}</a>', match.group(2), match.group(1)))
        position = match.end()
    out.append(urlize(escape(text[position:]), nofollow=True, autoescape=False))
    return "".join(out).replace("\n", "<br>")


def render_linktext(text: str) -> SafeString:
    paragraphs = [p.strip() for p in re.split(r"\n\s*\n", text.replace("\r\n", "\n")) if p.strip()]
    return mark_safe("".join(f"<p>{_inline(p)}</p>" for p in paragraphs))  # noqa: S308 - every part escaped above # nosec B308, B703


def plain_excerpt(text: str, length: int = 220) -> str:
    """The first words of the text without link syntax, for lists and the feed's summary."""
    flat = " ".join(_LINK.sub(r"\1", text).split())
    return flat if len(flat) <= length else flat[: length - 1].rsplit(" ", 1)[0] + "…"
