from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from lofte.core.access import get_organisation_for_user
from lofte.core.roles import Action
from lofte.core.views.pickers import pick_organisation


@login_required
def index(request: HttpRequest) -> HttpResponse:
    return pick_organisation(
        request, section="cases", title=_("Ärenden"), url_name="cases:organisation", action=Action.VIEW_CASES
    )


@login_required
def organisation(request: HttpRequest, slug: str) -> HttpResponse:
    """Feedback and fault reports are internal to one organisation: never shared through a partnership."""
    organisation = get_organisation_for_user(request.user, slug, action=Action.VIEW_CASES)
    return render(request, "cases/organisation.html", {"organisation": organisation, "nav_section": "cases"})
