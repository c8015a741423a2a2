"""Areas of an organisation (tätort, stadsdel, DeSO) with an optional polygon pasted or uploaded as GeoJSON."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.db.models import Count
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from lofte.core.access import can_in_organisation, get_area_for_user, get_organisation_for_user
from lofte.core.forms import AreaForm
from lofte.core.models import Area
from lofte.core.roles import Action
from lofte.core.services import area_create as create_area
from lofte.core.services import area_delete as delete_area
from lofte.core.services import area_update
from lofte.lib.geo import bounds, vertex_count


@login_required
def area_list(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, slug)
    areas = [
        (area, vertex_count(area.geometry), bounds(area.geometry))
        for area in Area.objects.filter(organisation=organisation).annotate(place_count=Count("places"))
    ]
    return render(
        request,
        "core/area_list.html",
        {
            "organisation": organisation,
            "areas": areas,
            "can_manage": can_in_organisation(request.user, organisation.pk, Action.MANAGE_ORGANISATION),
            "nav_section": "admin",
        },
    )


def _save(request: HttpRequest, form: AreaForm, area: Area | None) -> Area | None:
    if not form.is_valid():
        return None
    values = {k: form.cleaned_data[k] for k in ("name", "kind", "code", "geometry")}
    try:
        if area is None:
            return create_area(organisation=form.organisation, by=request.user, **values)
        return area_update(area=area, by=request.user, **values)
    except ValidationError as error:
        form.add_error(None, error)
        return None


@login_required
def area_create(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, slug, action=Action.MANAGE_ORGANISATION)
    form = AreaForm(request.POST or None, request.FILES or None, organisation=organisation)
    context = {"organisation": organisation, "form": form, "nav_section": "admin"}
    if request.method == "POST":
        area = _save(request, form, None)
        if area is not None:
            messages.success(request, _("Området %(name)s är sparat.") % {"name": area.name})
            return redirect("core:area_list", organisation.slug)
        return render(request, "core/area_form.html", context, status=400)
    return render(request, "core/area_form.html", context)


@login_required
def area_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    area = get_area_for_user(request.user, pk, organisation_slug=slug, write=True)
    form = AreaForm(request.POST or None, request.FILES or None, organisation=area.organisation, area=area)
    context = {
        "organisation": area.organisation,
        "area": area,
        "form": form,
        "nav_section": "admin",
        "vertices": vertex_count(area.geometry),
    }
    if request.method == "POST":
        if _save(request, form, area) is not None:
            messages.success(request, _("Området %(name)s är sparat.") % {"name": area.name})
            return redirect("core:area_list", area.organisation.slug)
        return render(request, "core/area_form.html", context, status=400)
    return render(request, "core/area_form.html", context)


@login_required
def area_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    area = get_area_for_user(request.user, pk, organisation_slug=slug, write=True)
    if request.method == "POST":
        delete_area(area=area, by=request.user)
        messages.success(request, _("Området %(name)s är borttaget.") % {"name": area.name})
        return redirect("core:area_list", slug)
    return render(
        request,
        "core/confirm_delete.html",
        {
            "organisation": area.organisation,
            "object": area,
            "title": _("Ta bort området %(name)s?") % {"name": area.name},
            "text": _("%(count)s platser ligger i området. De finns kvar men blir utan område.")
            % {"count": area.places.count()},
            "parent_url": "core:area_list",
            "parent_label": _("Områden"),
            "nav_section": "admin",
        },
    )
