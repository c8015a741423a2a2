"""The activity form's service worker, served under /medborgarloften/ so that its scope covers the form."""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.views.decorators.http import require_GET

# Raise when activity_sw.js changes: the old cache is then dropped on the phones.
SERVICE_WORKER_VERSION = 1


def activity_cache_name() -> str:
    """The cache activity_sw.js keeps the form in; activity-queue.js fills it on the first visit."""
    return f"lofte-activity-form-{SERVICE_WORKER_VERSION}"


@require_GET
def activity_service_worker(request: HttpRequest) -> HttpResponse:
    """Holds no data of its own; public like any static file."""
    response = render(
        request,
        "promises/activity_sw.js",
        {
            "cache_name": activity_cache_name(),
            "static_prefix": settings.STATIC_URL,
            "catalog_path": reverse("javascript-catalog"),
        },
        content_type="application/javascript",
    )
    response["Cache-Control"] = "no-cache"
    return response
