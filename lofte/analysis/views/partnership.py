"""The analysis start page: a partnership's campaigns with their latest run, runs and model training."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lofte.analysis.access import get_campaign_for_user
from lofte.analysis.models import AnalysisRun, CodingCorrection
from lofte.analysis.selectors import latest_trained_model
from lofte.analysis.services import MIN_REVIEWED, AnalysisError, analysis_model_train, analysis_run_start
from lofte.core.access import can_in_partnership, get_partnership_for_user
from lofte.core.roles import Action
from lofte.core.views.pickers import pick_partnership
from lofte.dialogues.models import Campaign


@login_required
def index(request: HttpRequest) -> HttpResponse:
    return pick_partnership(request, section="analysis", title=_("Analys"), url_name="analysis:partnership")


@login_required
def partnership(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = get_partnership_for_user(request.user, slug, action=Action.VIEW_ANALYSIS)
    campaigns = list(Campaign.objects.filter(partnership=partnership).order_by("-year", "name"))
    runs: dict[int, AnalysisRun] = {}
    listed = AnalysisRun.objects.filter(campaign__in=campaigns).defer("report", "quotes", "taxonomy")
    for run in listed.order_by("-queued_at", "-pk"):
        runs.setdefault(run.campaign_id, run)
    rows = [(campaign, runs.get(campaign.pk)) for campaign in campaigns]
    reviewed = (
        CodingCorrection.objects.filter(dialogue__campaign__partnership=partnership)
        .values("dialogue_id")
        .distinct()
        .count()
    )
    return render(
        request,
        "analysis/partnership.html",
        {
            "partnership": partnership,
            "nav_section": "analysis",
            "rows": rows,
            "can_review": can_in_partnership(request.user, partnership, Action.REVIEW_ANALYSIS),
            "model": latest_trained_model(partnership),
            "reviewed": reviewed,
            "min_reviewed": MIN_REVIEWED,
        },
    )


@login_required
@require_POST
def run_start(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = get_campaign_for_user(request.user, slug, write=True)
    run = analysis_run_start(campaign=campaign, by=request.user)
    run.refresh_from_db()
    if run.status == AnalysisRun.Status.DONE:
        messages.success(request, _("Analysen av %(c)s är klar.") % {"c": campaign})
    else:
        messages.success(request, _("Analysen av %(c)s har startat.") % {"c": campaign})
    return redirect("analysis:campaign", campaign.slug)


@login_required
@require_POST
def model_train(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = get_partnership_for_user(request.user, slug, action=Action.REVIEW_ANALYSIS)
    try:
        trained = analysis_model_train(partnership=partnership, by=request.user)
    except AnalysisError as error:
        messages.error(request, str(error))
        return redirect("analysis:partnership", partnership.slug)
    messages.success(
        request,
        _("Modellen är tränad om (version %(v)d, %(n)d granskade svar, %(ms)d ms). Nästa analyskörning använder den.")
        % {"v": trained.version, "n": trained.examples, "ms": trained.duration_ms},
    )
    return redirect("analysis:partnership", partnership.slug)
