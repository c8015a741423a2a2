"""Campaigns: the partnership's list of rounds, planning a round and its page."""

from __future__ import annotations

import datetime as dt

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lofte.core.access import can_in_partnership, get_partnership_for_user
from lofte.core.models import Partnership
from lofte.core.roles import Action
from lofte.core.views.pickers import pick_partnership
from lofte.dialogues.access import get_campaign_for_user
from lofte.dialogues.forms import CampaignForm, target_group_choices
from lofte.dialogues.models import Campaign, Dialogue
from lofte.dialogues.selectors import campaigns_with_counts
from lofte.dialogues.services import campaign_create, campaign_update


@login_required
def index(request: HttpRequest) -> HttpResponse:
    return pick_partnership(
        request, section="dialogues", title=_("Medborgardialoger"), url_name="dialogues:partnership"
    )


@login_required
def partnership(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = get_partnership_for_user(request.user, slug, action=Action.VIEW_DIALOGUES)
    return render(
        request,
        "dialogues/partnership.html",
        {
            "partnership": partnership,
            "campaigns": campaigns_with_counts(partnership),
            "can_manage": can_in_partnership(request.user, partnership, Action.MANAGE_DIALOGUES),
            "can_record": can_in_partnership(request.user, partnership, Action.RECORD_DIALOGUE),
            "can_contact": can_in_partnership(request.user, partnership, Action.VIEW_CONTACT_REQUESTS),
            "nav_section": "dialogues",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def campaign_create_view(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = get_partnership_for_user(request.user, slug, action=Action.VIEW_DIALOGUES)
    if not can_in_partnership(request.user, partnership, Action.MANAGE_DIALOGUES):
        raise PermissionDenied
    context = {"partnership": partnership, "nav_section": "dialogues"}
    if request.method == "POST":
        form = CampaignForm(request.POST, partnership=partnership)
        if not form.is_valid():
            return render(request, "dialogues/campaign_form.html", {**context, "form": form}, status=400)
        data = form.cleaned_data
        try:
            campaign = campaign_create(
                partnership=partnership, by=request.user, **{name: data[name] for name in CampaignForm.Meta.fields}
            )
        except ValidationError as error:
            form.add_error(None, error)
            return render(request, "dialogues/campaign_form.html", {**context, "form": form}, status=400)
        messages.success(request, _("Omgången är skapad med den nationella mallens frågor."))
        return redirect(campaign)
    form = CampaignForm(partnership=partnership, initial=_suggested_campaign(partnership))
    return render(request, "dialogues/campaign_form.html", {**context, "form": form})


def _suggested_campaign(partnership: Partnership) -> dict[str, object]:
    """A spring round in the first year from this one whose name and address are still free, so that the
    form as it comes can be saved."""
    year = timezone.localdate().year
    while True:
        name = _("Medborgardialog %(year)s") % {"year": year}
        slug = f"{partnership.slug}-{year}"
        if not (
            Campaign.objects.filter(partnership=partnership).named(name).exists()
            or Campaign.objects.filter(slug=slug).exists()
        ):
            break
        year += 1
    return {
        "year": year,
        "starts_on": dt.date(year, 3, 1),
        "ends_on": dt.date(year, 5, 31),
        "name": name,
        "slug": slug,
    }


@login_required
def campaign_detail(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = get_campaign_for_user(request.user, slug)
    partnership = campaign.partnership
    dialogues = Dialogue.objects.filter(campaign=campaign)
    groups = dict(target_group_choices(campaign.target_groups or []))
    return render(
        request,
        "dialogues/campaign_detail.html",
        {
            "campaign": campaign,
            "partnership": partnership,
            "questions": campaign.questions.all(),
            "places": campaign.target_places.order_by("name"),
            "groups": [groups[g] for g in campaign.target_groups or []],
            "total": dialogues.count(),
            "by_channel": {c.label: dialogues.filter(channel=c.value).count() for c in Dialogue.Channel},
            "can_manage": can_in_partnership(request.user, partnership, Action.MANAGE_DIALOGUES),
            "can_record": can_in_partnership(request.user, partnership, Action.RECORD_DIALOGUE),
            "public_url": request.build_absolute_uri(f"/p/dialog/{campaign.slug}/"),
            "nav_section": "dialogues",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def campaign_edit(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = get_campaign_for_user(request.user, slug, write=True)
    context = {"partnership": campaign.partnership, "campaign": campaign, "nav_section": "dialogues"}
    if request.method == "POST":
        form = CampaignForm(request.POST, instance=campaign, partnership=campaign.partnership)
        if not form.is_valid():
            return render(request, "dialogues/campaign_form.html", {**context, "form": form}, status=400)
        data = form.cleaned_data
        # The form must not save: the service does the write and the audit.
        campaign.refresh_from_db()
        try:
            campaign_update(
                campaign=campaign, by=request.user, **{name: data[name] for name in CampaignForm.Meta.fields}
            )
        except ValidationError as error:
            form.add_error(None, error)
            return render(request, "dialogues/campaign_form.html", {**context, "form": form}, status=400)
        messages.success(request, _("Omgången är sparad."))
        return redirect(campaign)
    form = CampaignForm(instance=campaign, partnership=campaign.partnership)
    return render(request, "dialogues/campaign_form.html", {**context, "form": form})
