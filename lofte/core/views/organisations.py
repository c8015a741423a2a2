"""Organisations: the Administration start page, one organisation's overview, creating and editing."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count, Q
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from lofte.core.access import can_in_organisation, get_organisation_for_user, require_platform_admin
from lofte.core.forms import OrganisationCreateForm, OrganisationUpdateForm
from lofte.core.models import Area, ContactCentre, Membership, Organisation, Partnership, Place
from lofte.core.roles import Action
from lofte.core.selectors import audit_entries, audit_rows, organisations_overview
from lofte.core.services import organisation_create as create_organisation
from lofte.core.services import organisation_update


@login_required
def organisation_list(request: HttpRequest) -> HttpResponse:
    organisations = organisations_overview(user=request.user)
    return render(
        request,
        "core/organisation_list.html",
        {
            "organisations": organisations,
            "partnerships": Partnership.objects.for_user(request.user).select_related("municipality", "police_area"),
            "nav_section": "admin",
        },
    )


@login_required
def organisation_create(request: HttpRequest) -> HttpResponse:
    require_platform_admin(request.user)
    form = OrganisationCreateForm(request.POST or None)
    if request.method == "POST":
        if form.is_valid():
            try:
                organisation = create_organisation(by=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("%(name)s är skapad.") % {"name": organisation.name})
                return redirect(organisation)
        return render(request, "core/organisation_form.html", {"form": form, "nav_section": "admin"}, status=400)
    return render(request, "core/organisation_form.html", {"form": form, "nav_section": "admin"})


@login_required
def organisation_detail(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, slug)
    can_manage = can_in_organisation(request.user, organisation.pk, Action.MANAGE_ORGANISATION)
    can_audit = can_in_organisation(request.user, organisation.pk, Action.VIEW_AUDIT)
    context = {
        "organisation": organisation,
        "can_manage": can_manage,
        "can_audit": can_audit,
        "contact_centre": ContactCentre.objects.filter(organisation=organisation)
        .prefetch_related("on_call_numbers")
        .first(),
        "areas": Area.objects.filter(organisation=organisation).annotate(place_count=Count("places")),
        "place_count": Place.objects.filter(organisation=organisation).count(),
        "partnerships": Partnership.objects.for_user(request.user)
        .filter(Q(municipality=organisation) | Q(police_area=organisation) | Q(other_partners=organisation))
        .distinct()
        .select_related("municipality", "police_area"),
        "nav_section": "admin",
    }
    if can_manage:
        context["memberships"] = Membership.objects.filter(organisation=organisation).select_related("user")
    if can_audit:
        context["recent_entries"] = audit_rows(audit_entries(organisation=organisation)[:10])
    return render(request, "core/organisation_detail.html", context)


@login_required
def organisation_edit(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, slug, action=Action.MANAGE_ORGANISATION)
    form = OrganisationUpdateForm(
        request.POST or None, request.FILES or None, instance=Organisation.objects.get(pk=organisation.pk)
    )
    context = {"form": form, "organisation": organisation, "nav_section": "admin"}
    if request.method == "POST":
        if form.is_valid():
            try:
                organisation_update(organisation=organisation, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Ändringarna är sparade."))
                return redirect(organisation)
        return render(request, "core/organisation_form.html", context, status=400)
    return render(request, "core/organisation_form.html", context)
