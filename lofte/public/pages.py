"""How lofte.public answers: rendered once and kept, with ETag, Last-Modified and Cache-Control for a shared
cache, and never a cookie.

These pages show nothing of the visitor's own (no user name, no form, no CSRF token, no messages), so one
rendering serves every visitor of the same address, host and language, and a shared cache may keep it
(``public``). The language is part of the address (``?lang=en``) or the visitor's own cookie, so the
responses vary on Cookie (lofte.core.language).
"""

from __future__ import annotations

import datetime as dt
import hashlib
from collections.abc import Callable
from typing import Any

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.template.loader import render_to_string
from django.utils.cache import get_conditional_response, patch_cache_control
from django.utils.http import http_date
from django.utils.translation import get_language

from lofte.core import kept


def page_key(request: HttpRequest) -> tuple[str, ...]:
    return ("public", request.get_host(), get_language() or "sv", request.get_full_path())


def public_page(
    request: HttpRequest,
    template: str,
    build: Callable[[], tuple[dict[str, Any], dt.datetime | None]],
    *,
    content_type: str | None = None,
) -> HttpResponse:
    """The page from what is kept, or rendered from ``build()`` (the context and the data's last change) and
    kept. A kept page costs no query: with SQLite each request opens its own connection, and opening it (the
    schema is read again) costs more than serving the copy, so ``build`` does every lookup, the municipality's
    too, and raises Http404 itself."""
    key = page_key(request)
    html = kept.kept_page(key)
    stamp_text = kept.kept_page((*key, "last-modified"))
    if html is None or stamp_text is None:
        context, stamp = build()
        html = render_to_string(template, context, request)
        stamp_text = str(int(stamp.timestamp())) if stamp else ""
        kept.keep_page(key, html)
        kept.keep_page((*key, "last-modified"), stamp_text)
    response = HttpResponse(html, content_type=content_type)
    return conditional(request, response, int(stamp_text) if stamp_text else None)


def conditional(request: HttpRequest, response: HttpResponse, last_modified: int | None) -> HttpResponse:
    """ETag from the bytes, Last-Modified from the data's newest change, 304 when the visitor has both."""
    etag = '"' + hashlib.sha256(response.content).hexdigest()[:32] + '"'
    response["ETag"] = etag
    if last_modified:
        response["Last-Modified"] = http_date(last_modified)
    patch_cache_control(response, public=True, max_age=settings.LOFTE_PUBLIC_MAX_AGE)
    return get_conditional_response(request, etag=etag, last_modified=last_modified, response=response)
