"""Trygghetsvandringar: the list, a walk's observations (table and map), and recording them on a phone."""

from __future__ import annotations

import uuid
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from lofte.analysis.selectors import theme_labels
from lofte.core.access import can_in_partnership, get_partnership_for_user
from lofte.core.models import Area, Partnership, Place
from lofte.core.roles import Action
from lofte.lib.geo import OutlineMap, in_sweden, outline_map
from lofte.lib.images import MAX_UPLOAD_BYTES, ImageRejected
from lofte.situation.access import get_walk_for_user
from lofte.situation.models import SafetyWalk
from lofte.situation.services import walk_create, walk_observation_add
from lofte.situation.views.sources import theme_choices

DATE = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


def _areas(partnership: Partnership) -> Any:
    return Area.objects.filter(organisation_id__in=partnership.organisation_ids()).order_by("name")


def _map(partnership: Partnership) -> OutlineMap | None:
    places = Place.objects.filter(organisation_id__in=partnership.organisation_ids())
    return outline_map(
        areas=[(a.name, a.geometry) for a in _areas(partnership)],
        places=[(p.name, p.latitude, p.longitude) for p in places],
    )


class WalkForm(forms.Form):
    walked_on = forms.DateField(label=gettext_lazy("Datum"), widget=DATE)
    title = forms.CharField(label=gettext_lazy("Rubrik"), max_length=200)
    area = forms.ModelChoiceField(
        label=gettext_lazy("Område"), queryset=Area.objects.none(), required=False, empty_label=gettext_lazy("Inget")
    )
    participants = forms.CharField(
        label=gettext_lazy("Deltagare"),
        required=False,
        widget=forms.Textarea(attrs={"rows": 2}),
        help_text=gettext_lazy("Organisationer och antal, inga namn. Till exempel: boende 8, fastighetsägare 2."),
    )
    participant_count = forms.IntegerField(label=gettext_lazy("Antal deltagare"), min_value=0, max_value=1000)

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["area"].queryset = _areas(partnership)  # type: ignore[attr-defined]


class ObservationForm(forms.Form):
    theme = forms.ChoiceField(label=gettext_lazy("Tema"))
    note = forms.CharField(label=gettext_lazy("Vad ser ni?"), max_length=2000, widget=forms.Textarea(attrs={"rows": 3}))
    lat = forms.CharField(label=gettext_lazy("Latitud"), required=False)
    lng = forms.CharField(label=gettext_lazy("Longitud"), required=False)
    photo = forms.FileField(
        label=gettext_lazy("Foto (frivilligt)"),
        required=False,
        help_text=gettext_lazy("Platsuppgifter och annan information i bilden tas bort när den sparas."),
    )
    key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = theme_choices(partnership, blank=_("Välj tema"))

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        lat_text = (data.get("lat") or "").strip().replace(",", ".")
        lng_text = (data.get("lng") or "").strip().replace(",", ".")
        data["lat"] = data["lng"] = None
        if lat_text or lng_text:
            try:
                lat, lng = float(lat_text), float(lng_text)
            except ValueError:
                self.add_error("lat", _("Skriv latitud och longitud som tal, till exempel 58,5 och 13,16."))
                return data
            if not in_sweden(lat=lat, lng=lng):
                self.add_error("lat", _("Punkten ligger inte i Sverige."))
                return data
            data["lat"], data["lng"] = lat, lng
        photo = data.get("photo")
        if photo is not None and photo.size > MAX_UPLOAD_BYTES:
            self.add_error("photo", _("Bilden är för stor. Största tillåtna storlek är 15 MB."))
        return data


@login_required
@require_http_methods(["GET", "POST"])
def walks(request: HttpRequest, slug: str) -> HttpResponse:
    write = request.method == "POST"
    partnership = get_partnership_for_user(
        request.user, slug, action=Action.EDIT_SITUATION if write else Action.VIEW_ANALYSIS
    )
    form = WalkForm(request.POST or None, partnership=partnership)
    if write and form.is_valid():
        walk = walk_create(partnership=partnership, by=request.user, **form.cleaned_data)
        return redirect("situation:walk_record", slug=partnership.slug, pk=walk.pk)
    walk_list = SafetyWalk.objects.filter(partnership=partnership).select_related("area")
    return render(
        request,
        "situation/walks.html",
        {
            "partnership": partnership,
            "walks": walk_list.prefetch_related("observations"),
            "form": form,
            "can_edit": can_in_partnership(request.user, partnership, Action.EDIT_SITUATION),
            "nav_section": "situation",
        },
        status=400 if write else 200,
    )


def _observations(walk: SafetyWalk, partnership: Partnership) -> list[dict[str, Any]]:
    labels = theme_labels(partnership)
    point_map = _map(partnership)
    rows = []
    for number, observation in enumerate(walk.observations.all(), start=1):
        xy = None
        if point_map and observation.lat is not None and observation.lng is not None:
            x = (observation.lng - point_map.west) / (point_map.east - point_map.west) * point_map.width
            y = (point_map.north - observation.lat) / (point_map.north - point_map.south) * point_map.height
            xy = (round(x, 1), round(y, 1))
        rows.append(
            {"number": number, "o": observation, "theme": labels.get(observation.theme, observation.theme), "xy": xy}
        )
    return rows


@login_required
def walk_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    walk = get_walk_for_user(request.user, slug, pk)
    return render(
        request,
        "situation/walk_detail.html",
        {
            "partnership": walk.partnership,
            "walk": walk,
            "observations": _observations(walk, walk.partnership),
            "map": _map(walk.partnership),
            "can_edit": can_in_partnership(request.user, walk.partnership, Action.EDIT_SITUATION),
            "nav_section": "situation",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def walk_record(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    """The phone form: one observation after another, each sent with its own key so a retry stores it once."""
    walk = get_walk_for_user(request.user, slug, pk, write=True)
    partnership = walk.partnership
    status = 200
    if request.method == "POST":
        form = ObservationForm(request.POST, request.FILES, partnership=partnership)
        if form.is_valid():
            photo = form.cleaned_data.get("photo")
            try:
                walk_observation_add(
                    walk=walk,
                    theme=form.cleaned_data["theme"],
                    note=form.cleaned_data["note"],
                    lat=form.cleaned_data["lat"],
                    lng=form.cleaned_data["lng"],
                    photo=photo.read() if photo else None,
                    idempotency_key=form.cleaned_data["key"],
                    by=request.user,
                )
            except ImageRejected as error:
                form.add_error("photo", str(error))
            else:
                messages.success(request, _("Iakttagelsen är sparad. Lägg till nästa."))
                return redirect("situation:walk_record", slug=partnership.slug, pk=walk.pk)
        status = 400
    else:
        form = ObservationForm(initial={"key": uuid.uuid4()}, partnership=partnership)
    return render(
        request,
        "situation/walk_record.html",
        {
            "partnership": partnership,
            "walk": walk,
            "form": form,
            "map": _map(partnership),
            "count": walk.observations.count(),
            "nav_section": "situation",
        },
        status=status,
    )


@login_required
def walk_photo(request: HttpRequest, slug: str, pk: int, observation: int) -> FileResponse:
    """Photos may show people and homes: served only to those who may read the walk, never as public media."""
    walk = get_walk_for_user(request.user, slug, pk)
    item = get_object_or_404(walk.observations, pk=observation)
    if not item.photo:
        raise Http404
    response = FileResponse(item.photo.open("rb"), content_type="image/jpeg")
    response["Cache-Control"] = "private, max-age=3600"
    response["X-Content-Type-Options"] = "nosniff"
    return response
