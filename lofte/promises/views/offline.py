"""The activity form's service worker, served under /medborgarloften/ so that its scope covers the form."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.views.decorators.http import require_GET

from lofte.core.offline import offline_form_worker

# Raise when the worker (templates/offline_form_sw.js) changes: the old cache is then dropped on the phones.
SERVICE_WORKER_VERSION = 1
CACHE_PREFIX = "lofte-activity-form-"


def activity_cache_name() -> str:
    """The cache the worker keeps the form in; offline-form.js fills it on the first visit."""
    return f"{CACHE_PREFIX}{SERVICE_WORKER_VERSION}"


@require_GET
def activity_service_worker(request: HttpRequest) -> HttpResponse:
    return offline_form_worker(
        request,
        cache_name=activity_cache_name(),
        cache_prefix=CACHE_PREFIX,
        page_pattern=r"^/medborgarloften/[^/]+/\d+/ataganden/\d+/logga/$",
    )
