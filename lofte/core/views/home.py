from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from lofte.core.models import Organisation, Partnership


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The start page: the user's partnerships and organisations and where each part of the work lives."""
    return render(
        request,
        "core/home.html",
        {
            "partnerships": Partnership.objects.for_user(request.user).select_related("municipality", "police_area"),
            "organisations": Organisation.objects.for_user(request.user),
        },
    )
