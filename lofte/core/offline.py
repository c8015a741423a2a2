"""The service worker that keeps a phone form usable without network (templates/offline_form_sw.js)."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse


def offline_form_worker(request: HttpRequest, *, cache_name: str, cache_prefix: str, page_pattern: str) -> HttpResponse:
    """The worker for the form pages whose path matches ``page_pattern`` (a JavaScript regular expression).

    It keeps them in the cache ``cache_name`` and drops the other caches whose names start with ``cache_prefix``
    (older versions). It holds no data of its own, so it is public like any static file; it must be served from a
    path whose scope covers the form."""
    response = render(
        request,
        "offline_form_sw.js",
        {
            "cache_name": cache_name,
            "cache_prefix": cache_prefix,
            "page_pattern": page_pattern,
            "static_prefix": settings.STATIC_URL,
            "catalog_path": reverse("javascript-catalog"),
        },
        content_type="application/javascript",
    )
    response["Cache-Control"] = "no-cache"
    return response
