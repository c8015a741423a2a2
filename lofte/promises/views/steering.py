"""The steering group's quarterly follow-up of a published promise: one page, printable."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_GET

from lofte.promises.access import get_promise_for_user
from lofte.promises.quarter import Quarter, quarter_followup


@login_required
@require_GET
def quarter_report(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    promise = get_promise_for_user(request.user, slug, pk)
    quarter = Quarter.parse(request.GET.get("kvartal"), promise)
    return render(
        request,
        "promises/quarter.html",
        {
            "partnership": promise.partnership,
            "promise": promise,
            "quarter": quarter,
            "previous": quarter.shift(-1),
            "next": quarter.shift(1),
            "as_of": min(quarter.end, timezone.localdate()),
            "outline": quarter_followup(promise, quarter),
            "nav_section": "promises",
        },
    )
