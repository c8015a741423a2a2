"""The lägesbild's picture page (from the stored dataset only), its recompute button and the rows view."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lofte.core.access import can_in_partnership, get_partnership_for_user
from lofte.core.roles import Action
from lofte.situation.models import Report
from lofte.situation.presenters import picture_context
from lofte.situation.refs import UnknownRef, resolve
from lofte.situation.services import report_compute
from lofte.situation.views import report as report_views

ROWS_PER_PAGE = 100


@login_required
def picture(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    partnership = get_partnership_for_user(request.user, slug, action=Action.VIEW_ANALYSIS)
    report = Report.objects.filter(partnership=partnership, year=year).first()
    context = {
        "partnership": partnership,
        "year": year,
        "report": report,
        "nav_section": "situation",
        "can_compute": can_in_partnership(request.user, partnership, Action.EDIT_SITUATION),
        "tile_url": settings.LOFTE_MAP_TILE_URL,
        "tile_attribution": settings.LOFTE_MAP_TILE_ATTRIBUTION,
    }
    if report is not None and report.dataset:
        context["data"] = report.dataset
        context.update(picture_context(report.dataset))
    return render(request, "situation/picture.html", context)


@login_required
@require_POST
def picture_compute(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    partnership = get_partnership_for_user(request.user, slug, action=Action.EDIT_SITUATION)
    report_compute(partnership=partnership, year=year, by=request.user)
    messages.success(request, _("Lägesbilden för %(year)s är beräknad på nytt.") % {"year": year})
    return redirect("situation:picture", slug=partnership.slug, year=year)


@login_required
def rows(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    partnership = get_partnership_for_user(request.user, slug, action=Action.VIEW_ANALYSIS)
    ref = request.GET.get("ref", "")
    report = Report.objects.filter(partnership=partnership, year=year).first()
    try:
        found = resolve(partnership, year, ref, report.dataset if report else None)
    except UnknownRef as error:
        if report is None:
            raise Http404(_("Okänd hänvisning.")) from error
        # The report's own refs (source:…, time:dialogues) are answered from the stored dataset.
        return report_views.rows(request, slug, year)
    page = request.GET.get("sida")
    dialogues = Paginator(found.dialogues(), ROWS_PER_PAGE).get_page(page)
    incidents = (
        Paginator(found.incidents.select_related("area").order_by("occurred_at", "pk"), ROWS_PER_PAGE).get_page(page)
        if found.incidents is not None
        else None
    )
    events = (
        Paginator(found.events.order_by("published_at", "pk"), ROWS_PER_PAGE).get_page(page)
        if found.events is not None
        else None
    )
    return render(
        request,
        "situation/rows.html",
        {
            "partnership": partnership,
            "year": year,
            "ref": ref,
            "found": found,
            "dialogues": dialogues,
            "incidents": incidents,
            "incident_total": found.incident_total,
            "events": events,
            "walks": found.walks.select_related("walk") if found.walks is not None else None,
            "survey": found.survey.select_related("item", "area") if found.survey is not None else None,
            "nav_section": "situation",
        },
    )
