"""Places: the gazetteer the text engine and maps use. Live search, editing and import from GeoJSON or CSV."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lofte.core.access import can_in_organisation, get_organisation_for_user, get_place_for_user
from lofte.core.forms import PlaceForm, PlaceImportForm
from lofte.core.models import Place
from lofte.core.roles import Action
from lofte.core.selectors import place_import_plan, place_search
from lofte.core.services import place_create as create_place
from lofte.core.services import place_delete as delete_place
from lofte.core.services import place_update, places_import
from lofte.lib.placefile import PlaceFileError, decode, read_place_file


@login_required
def place_list(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, slug)
    # A search box read without a form field: a NUL would reach PostgreSQL (which refuses it) in the query.
    query = request.GET.get("q", "")[:100].replace("\x00", "")
    context = {
        "organisation": organisation,
        "places": place_search(organisation=organisation, query=query),
        "query": query,
        "can_manage": can_in_organisation(request.user, organisation.pk, Action.MANAGE_ORGANISATION),
        "nav_section": "admin",
    }
    if request.htmx and request.htmx.target == "place-results":
        return render(request, "core/place_list.html#results", context)
    return render(request, "core/place_list.html", context)


def _save(request: HttpRequest, form: PlaceForm, place: Place | None) -> Place | None:
    if not form.is_valid():
        return None
    data = form.cleaned_data
    latitude, longitude = data["point"]
    values = {
        "name": data["name"],
        "kind": data["kind"],
        "area": data["area"],
        "aliases": data["aliases"],
        "latitude": latitude,
        "longitude": longitude,
    }
    try:
        if place is None:
            return create_place(organisation=form.organisation, by=request.user, **values)
        return place_update(place=place, by=request.user, **values)
    except ValidationError as error:
        form.add_error(None, error)
        return None


@login_required
def place_create(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, slug, action=Action.MANAGE_ORGANISATION)
    form = PlaceForm(request.POST or None, organisation=organisation)
    context = {"organisation": organisation, "form": form, "nav_section": "admin"}
    if request.method == "POST":
        place = _save(request, form, None)
        if place is not None:
            messages.success(request, _("Platsen %(name)s är sparad.") % {"name": place.name})
            return redirect("core:place_list", organisation.slug)
        return render(request, "core/place_form.html", context, status=400)
    return render(request, "core/place_form.html", context)


@login_required
def place_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    place = get_place_for_user(request.user, pk, organisation_slug=slug, write=True)
    form = PlaceForm(request.POST or None, organisation=place.organisation, place=place)
    context = {"organisation": place.organisation, "place": place, "form": form, "nav_section": "admin"}
    if request.method == "POST":
        if _save(request, form, place) is not None:
            messages.success(request, _("Platsen %(name)s är sparad.") % {"name": place.name})
            return redirect("core:place_list", place.organisation.slug)
        return render(request, "core/place_form.html", context, status=400)
    return render(request, "core/place_form.html", context)


@login_required
def place_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    place = get_place_for_user(request.user, pk, organisation_slug=slug, write=True)
    if request.method == "POST":
        delete_place(place=place, by=request.user)
        messages.success(request, _("Platsen %(name)s är borttagen.") % {"name": place.name})
        return redirect("core:place_list", slug)
    return render(
        request,
        "core/confirm_delete.html",
        {
            "organisation": place.organisation,
            "object": place,
            "title": _("Ta bort platsen %(name)s?") % {"name": place.name},
            "text": _("Textmotorn känner inte längre igen platsen eller dess andra namn."),
            "parent_url": "core:place_list",
            "parent_label": _("Platser"),
            "nav_section": "admin",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def place_import(request: HttpRequest, slug: str) -> HttpResponse:
    """Step 1: choose a file. Step 2 (POST with the file): a preview. Step 3 (POST "import"): all or nothing."""
    organisation = get_organisation_for_user(request.user, slug, action=Action.MANAGE_ORGANISATION)
    form = PlaceImportForm(request.POST or None, request.FILES or None)
    context = {"organisation": organisation, "form": form, "nav_section": "admin"}
    if request.method == "GET":
        return render(request, "core/place_import.html", context)
    if not form.is_valid():
        return render(request, "core/place_import.html", context, status=400)
    try:
        file_format, rows = read_place_file(
            form.cleaned_data["data"], filename=form.cleaned_data.get("filename", ""), crs=form.cleaned_data["crs"]
        )
    except PlaceFileError as error:
        form.add_error("file", str(error))
        return render(request, "core/place_import.html", context, status=400)
    plan = place_import_plan(organisation=organisation, rows=rows)
    context.update({"plan": plan, "file_format": file_format})
    if "import" in request.POST and plan.is_valid:
        try:
            result = places_import(organisation=organisation, plan=plan, by=request.user)
        except ValidationError as error:
            form.add_error(None, error)
            return render(request, "core/place_import.html", context, status=400)
        messages.success(
            request,
            _("Importen är klar: %(created)s nya platser, %(updated)s ändrade, %(unchanged)s oförändrade.")
            % {"created": result.created, "updated": result.updated, "unchanged": result.unchanged},
        )
        return redirect("core:place_list", organisation.slug)
    # The preview keeps the file's text so "Importera" reads exactly what was shown.
    context["confirm_form"] = PlaceImportForm(
        initial={
            "content": decode(form.cleaned_data["data"]),
            "filename": form.cleaned_data.get("filename", ""),
            "crs": form.cleaned_data["crs"],
        }
    )
    return render(request, "core/place_import.html", context, status=200 if plan.is_valid else 400)
