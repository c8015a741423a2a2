"""Template helpers of the public website."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import get_language

from lofte.lib.linktext import plain_excerpt

register = template.Library()


@register.filter
def in_language(obj: Any, field: str) -> str:
    """``obj.<field>_en`` on English pages when it is written, else ``obj.<field>_sv`` (Swedish is always there)."""
    if (get_language() or "").startswith("en"):
        english = getattr(obj, f"{field}_en", "")
        if english:
            return str(english)
    return str(getattr(obj, f"{field}_sv", ""))


@register.filter
def excerpt(text: str) -> str:
    """The first words of a news text as plain words: link syntax gives its words, not "[…](…)"."""
    return plain_excerpt(text)
