"""A campaign's overview: how many conversations per day, place and interviewer, and who answered."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from lofte.core.access import can_in_partnership
from lofte.core.roles import Action
from lofte.dialogues import overview
from lofte.dialogues.access import get_campaign_for_user


@login_required
def campaign_overview(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = get_campaign_for_user(request.user, slug)
    per_day = overview.counts_per_day(campaign)
    return render(
        request,
        "dialogues/overview.html",
        {
            "campaign": campaign,
            "partnership": campaign.partnership,
            "total": sum(c.count for c in per_day),
            "per_day": per_day,
            "max_day": max((c.count for c in per_day), default=1),
            "per_place": overview.counts_per_place(campaign),
            "per_interviewer": overview.counts_per_interviewer(campaign),
            "representation": overview.representation(campaign),
            "rule": {
                "ratio": int(overview.WARN_RATIO * 100),
                "gap": overview.WARN_GAP,
                "gap_small": overview.WARN_GAP_SMALL_GROUP,
                "minimum": overview.MIN_RESPONDENTS,
            },
            "can_manage": can_in_partnership(request.user, campaign.partnership, Action.MANAGE_DIALOGUES),
            "nav_section": "dialogues",
        },
    )
