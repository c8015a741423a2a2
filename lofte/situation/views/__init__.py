from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from lofte.core.access import get_partnership_for_user
from lofte.core.roles import Action
from lofte.core.views.pickers import pick_partnership


@login_required
def index(request: HttpRequest) -> HttpResponse:
    return pick_partnership(request, section="situation", title=_("Lägesbild"), url_name="situation:partnership")


@login_required
def partnership(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = get_partnership_for_user(request.user, slug, action=Action.VIEW_ANALYSIS)
    return render(request, "situation/partnership.html", {"partnership": partnership, "nav_section": "situation"})
