"""Police events for a partnership's kommun: the list, the upload of captures and an import's result."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.db.models import QuerySet
from django.db.models.functions import Coalesce
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lofte.core.access import get_partnership_for_user
from lofte.core.models import Partnership
from lofte.core.roles import Action
from lofte.situation.kommuner import kommun_by_code
from lofte.situation.models import PoliceEvent, PoliceEventImport
from lofte.situation.police import STOCKHOLM, PoliceFeedError, police_event_theme
from lofte.situation.services import POLICE_BACKGROUND_BYTES, police_events_import, police_events_queue
from lofte.text import load_taxonomy

PAGE_SIZE = 50


class UploadForm(forms.Form):
    file = forms.FileField(
        label=gettext_lazy("Sparad händelselista (JSON)"),
        help_text=gettext_lazy(
            "En fil som polisens händelselista levererar den: en JSON-lista med händelser. Samma händelser "
            "läggs aldrig in två gånger; en ändrad händelse uppdateras och den tidigare versionen sparas."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".json,application/json"}),
    )

    def clean_file(self):  # type: ignore[no-untyped-def]
        upload = self.cleaned_data["file"]
        limit = settings.LOFTE_MAX_UPLOAD_BYTES
        if upload.size > limit:
            raise ValidationError(
                _("Filen är för stor (%(size)s MB). Största tillåtna storlek är %(max)s MB.")
                % {"size": round(upload.size / 1024 / 1024, 1), "max": limit // 1024 // 1024}
            )
        return upload


class FilterForm(forms.Form):
    kind = forms.ChoiceField(label=gettext_lazy("Händelsetyp"), required=False)
    month = forms.CharField(
        label=gettext_lazy("Månad"),
        required=False,
        widget=forms.DateInput(attrs={"type": "month"}),
        help_text=gettext_lazy("Till exempel 2020-03."),
    )

    def __init__(self, *args, kinds: list[str], **kwargs) -> None:  # type: ignore[no-untyped-def]
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("Alla typer")), *((k, k) for k in kinds)]

    def clean_month(self) -> tuple[dt.datetime, dt.datetime] | None:
        value = (self.cleaned_data.get("month") or "").strip()
        if not value:
            return None
        try:
            first = dt.datetime.strptime(value, "%Y-%m").replace(tzinfo=STOCKHOLM)
        except ValueError as error:
            raise ValidationError(_("Ange månaden som år och månad, till exempel 2020-03.")) from error
        following = (first + dt.timedelta(days=32)).replace(day=1)
        return first, following


def _partnership_events(partnership: Partnership) -> QuerySet[PoliceEvent]:
    kommunkod = partnership.municipality.kommunkod
    if not kommunkod:
        return PoliceEvent.objects.none()
    return PoliceEvent.objects.filter(kommunkod=kommunkod)


def _list_context(request: HttpRequest, partnership: Partnership, *, upload_form: UploadForm) -> dict:
    events = _partnership_events(partnership)
    kinds = sorted(set(events.values_list("kind", flat=True)))
    form = FilterForm(request.GET or None, kinds=kinds)
    shown = events.annotate(when=Coalesce("occurred_at", "published_at")).order_by("-when", "-police_id")
    if form.is_valid():
        if form.cleaned_data["kind"]:
            shown = shown.filter(kind=form.cleaned_data["kind"])
        if form.cleaned_data["month"]:
            start, end = form.cleaned_data["month"]
            shown = shown.filter(when__gte=start, when__lt=end)
    page = Paginator(shown, PAGE_SIZE).get_page(request.GET.get("sida"))
    labels = {theme.id: theme.label_in("sv") for theme in load_taxonomy().themes}
    rows = [(event, labels.get(police_event_theme(event.kind) or "", "")) for event in page.object_list]
    query = request.GET.copy()
    query.pop("sida", None)
    kommunkod = partnership.municipality.kommunkod
    return {
        "partnership": partnership,
        "kommun": kommun_by_code(kommunkod),
        "kommunkod": kommunkod,
        "form": form,
        "upload_form": upload_form,
        "page": page,
        "rows": rows,
        "query": query.urlencode(),
        "recent": PoliceEventImport.objects.select_related("imported_by")[:5],
        "nav_section": "situation",
    }


@login_required
def police_events(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = get_partnership_for_user(request.user, slug, action=Action.EDIT_SITUATION)
    context = _list_context(request, partnership, upload_form=UploadForm())
    if request.htmx:
        return render(request, "situation/police_events.html#results", context)
    return render(request, "situation/police_events.html", context)


@login_required
@require_POST
def police_events_upload(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = get_partnership_for_user(request.user, slug, action=Action.EDIT_SITUATION)
    form = UploadForm(request.POST, request.FILES)
    if form.is_valid():
        upload = form.cleaned_data["file"]
        data = upload.read()
        try:
            if len(data) > POLICE_BACKGROUND_BYTES:
                record = police_events_queue(filename=upload.name, data=data, by=request.user)
            else:
                result = police_events_import(
                    files=[(upload.name, data)], by=request.user, via=PoliceEventImport.Via.UPLOAD
                )
                record = result.record  # type: ignore[assignment]
        except PoliceFeedError as error:
            form.add_error("file", error.message)
        else:
            return redirect("situation:police_import", partnership.slug, record.pk)
    context = _list_context(request, partnership, upload_form=form)
    return render(request, "situation/police_events.html", context, status=400)


@login_required
def police_import(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    partnership = get_partnership_for_user(request.user, slug, action=Action.EDIT_SITUATION)
    # Police events and their imports are the installation's, not a partnership's: any editor may see them.
    record = get_object_or_404(PoliceEventImport.objects.select_related("imported_by"), pk=pk)
    context = {"partnership": partnership, "record": record, "nav_section": "situation"}
    if request.htmx:
        return render(request, "situation/police_import.html#status", context)
    return render(request, "situation/police_import.html", context)
