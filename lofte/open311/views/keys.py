"""The organisation administrators' page for Open311 API keys: list, create (the key is shown once), revoke."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_http_methods, require_POST

from lofte.open311.access import get_api_key_for_user, get_organisation_for_key_admin
from lofte.open311.forms import ApiKeyForm
from lofte.open311.models import ApiKey
from lofte.open311.services import api_key_create, api_key_revoke


@login_required
@require_http_methods(["GET", "POST"])
def key_list(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_organisation_for_key_admin(request.user, slug)
    form = ApiKeyForm(request.POST or None)
    new_key = None
    if request.method == "POST" and form.is_valid():
        created = api_key_create(
            organisation=organisation,
            name=form.cleaned_data["name"],
            by=request.user,
            rate_limit=form.cleaned_data["rate_limit"],
            may_update=form.cleaned_data["may_update"],
        )
        # Shown on this answer only (no redirect): the key is not stored anywhere it could be shown again.
        new_key = created
        form = ApiKeyForm()
    response = render(
        request,
        "open311/key_list.html",
        {
            "organisation": organisation,
            "keys": ApiKey.objects.filter(organisation=organisation),
            "form": form,
            "new_key": new_key,
            "nav_section": "cases",
        },
        status=400 if form.errors else 200,
    )
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_POST
def key_revoke(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    api_key = get_api_key_for_user(request.user, slug, pk)
    api_key_revoke(api_key=api_key, by=request.user)
    return redirect("open311_staff:key_list", slug)
