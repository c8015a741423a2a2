"""New places: the place-like names a run found that the gazetteer lacks, to add with one action or dismiss."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lofte.analysis.access import get_campaign_for_user, get_place_candidate_for_user
from lofte.analysis.models import PlaceCandidate
from lofte.analysis.place_candidates import gazetteer_organisation, place_candidate_add, place_candidate_dismiss
from lofte.analysis.selectors import latest_run
from lofte.core.access import can_in_partnership
from lofte.core.roles import Action


@login_required
def place_candidates(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = get_campaign_for_user(request.user, slug)
    run = latest_run(campaign, done=True)
    candidates = list(PlaceCandidate.objects.filter(run=run).select_related("place")) if run else []
    can_review = can_in_partnership(request.user, campaign.partnership, Action.REVIEW_ANALYSIS)
    return render(
        request,
        "analysis/place_candidates.html",
        {
            "campaign": campaign,
            "partnership": campaign.partnership,
            "nav_section": "analysis",
            "run": run,
            "open": [c for c in candidates if c.status == PlaceCandidate.Status.NEW],
            "decided": [c for c in candidates if c.status != PlaceCandidate.Status.NEW],
            "can_review": can_review,
            "organisation": (
                gazetteer_organisation(user=request.user, partnership=campaign.partnership) if can_review else None
            ),
        },
    )


@login_required
@require_POST
def place_candidate_add_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    candidate = get_place_candidate_for_user(request.user, slug, pk, write=True)
    try:
        place = place_candidate_add(candidate=candidate, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(name)s finns nu i platsregistret för %(org)s. Nästa analys känner igen platsen.")
            % {"name": place.name, "org": place.organisation.name},
        )
    return redirect("analysis:place_candidates", candidate.run.campaign.slug)


@login_required
@require_POST
def place_candidate_dismiss_view(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    candidate = get_place_candidate_for_user(request.user, slug, pk, write=True)
    place_candidate_dismiss(candidate=candidate, by=request.user)
    messages.success(request, _("%(name)s är avfärdad och visas inte igen.") % {"name": candidate.name})
    return redirect("analysis:place_candidates", candidate.run.campaign.slug)
