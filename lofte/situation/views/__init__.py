from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from lofte.core.access import can_in_partnership, get_partnership_for_user
from lofte.core.roles import Action
from lofte.core.views.pickers import pick_partnership
from lofte.situation.dataset import partnership_years
from lofte.situation.models import Report


@login_required
def index(request: HttpRequest) -> HttpResponse:
    return pick_partnership(request, section="situation", title=_("Lägesbild"), url_name="situation:partnership")


@login_required
def partnership(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = get_partnership_for_user(request.user, slug, action=Action.VIEW_ANALYSIS)
    may_edit = can_in_partnership(request.user, partnership, Action.EDIT_SITUATION)
    # The years to choose from: every year with a campaign or a computed lägesbild, newest first.
    computed = dict(Report.objects.filter(partnership=partnership).values_list("year", "dataset_computed_at"))
    years = sorted({*partnership_years(partnership), *computed}, reverse=True)
    return render(
        request,
        "situation/partnership.html",
        {
            "partnership": partnership,
            "may_edit": may_edit,
            "years": [(year, computed.get(year)) for year in years],
            "nav_section": "situation",
        },
    )
