from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from lofte.core.access import get_organisation_for_user, get_partnership_for_user
from lofte.core.models import Organisation
from lofte.core.roles import Action


@login_required
def organisation_list(request: HttpRequest) -> HttpResponse:
    organisations = Organisation.objects.for_user(request.user)
    return render(request, "core/organisation_list.html", {"organisations": organisations, "nav_section": "admin"})


@login_required
def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, slug)
    return render(request, "core/organisation_detail.html", {"organisation": organisation, "nav_section": "admin"})


@login_required
def partnership_detail(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = get_partnership_for_user(request.user, slug, action=Action.VIEW_DIALOGUES)
    return render(request, "core/partnership_detail.html", {"partnership": partnership, "nav_section": "admin"})
