"""Public pages kept for a few seconds: rendered once and served to every visitor who has nothing of their own.

Rendering a public page (templates, forms, the translations) costs many times what a bare view costs; serving
a copy costs about as much as one. A visitor without a session, a messages cookie or a query string gets the
same page as every other such visitor, except for the CSRF token (masked per response): the kept copy holds a
slot where each response gets its own token. Copies live in this process's memory for KEPT_SECONDS: reading a
shared cache is a query, which alone costs more than serving the copy. A change shows within that time; what is
posted is always checked against the live data by the view.
"""

from __future__ import annotations

import time

from django.conf import settings
from django.contrib.messages.storage.cookie import CookieStorage
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.middleware.csrf import get_token
from django.utils.translation import get_language

KEPT_SECONDS = 5.0
CSRF_SLOT = "lofteCsrfSlot4d1c"
_pages: dict[tuple[str, ...], tuple[float, str]] = {}


def kept_seconds() -> float:
    return float(getattr(settings, "LOFTE_PUBLIC_PAGE_SECONDS", KEPT_SECONDS))


def shared_page(request: HttpRequest) -> bool:
    """Whether this visitor gets the page every visitor gets: nothing of their own in cookies or the URL."""
    return (
        request.method == "GET"
        and not request.META.get("QUERY_STRING")
        and settings.SESSION_COOKIE_NAME not in request.COOKIES
        and CookieStorage.cookie_name not in request.COOKIES
        and kept_seconds() > 0
    )


def page_key(request: HttpRequest, name: str) -> tuple[str, ...]:
    return (name, request.get_host(), get_language() or "sv")


def kept_page(key: tuple[str, ...]) -> str | None:
    kept = _pages.get(key)
    if kept is None or time.monotonic() - kept[0] >= kept_seconds():
        return None
    return kept[1]


def keep_page(key: tuple[str, ...], html: str) -> None:
    """Keep ``html``, rendered with ``csrf_token`` set to CSRF_SLOT."""
    _pages[key] = (time.monotonic(), html)


def served(request: HttpRequest, html: str, slots: dict[str, str] | None = None) -> HttpResponse:
    """The kept page with this visitor's own CSRF token (and the caller's other slots filled)."""
    html = html.replace(CSRF_SLOT, get_token(request))
    for slot, value in (slots or {}).items():
        html = html.replace(slot, value)
    return HttpResponse(html)


def forget_all() -> None:
    _pages.clear()


def forget_changed() -> None:
    """After a write public pages show: this process's copies go now, and again after the commit, in case another
    request kept the old state in between (other processes' copies expire within KEPT_SECONDS)."""
    forget_all()
    transaction.on_commit(forget_all)
