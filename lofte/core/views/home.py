from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from lofte.core.access import can_in_organisation
from lofte.core.models import Invitation, Organisation, Partnership
from lofte.core.roles import Action


@login_required
def home(request: HttpRequest) -> HttpResponse:
    """The start page: the user's partnerships and organisations and where each part of the work lives."""
    return render(
        request,
        "core/home.html",
        {
            "partnerships": Partnership.objects.for_user(request.user).select_related("municipality", "police_area"),
            "organisations": [
                (organisation, can_in_organisation(request.user, organisation.pk, Action.VIEW_CASES))
                for organisation in Organisation.objects.for_user(request.user)
            ],
            "invitation_count": Invitation.objects.pending().for_email(request.user.email).count(),
        },
    )
