"""The partnership's own sources: the "Källor" page, file uploads, category mappings and the survey items."""

from __future__ import annotations

import math
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from lofte.analysis.selectors import theme_labels
from lofte.core.access import can_in_partnership, get_partnership_for_user
from lofte.core.models import Partnership
from lofte.core.roles import Action
from lofte.lib.formfields import parse_id
from lofte.situation.access import get_source_import_for_user, get_survey_item_for_user
from lofte.situation.models import CategoryTheme, SurveyItem
from lofte.situation.selectors import sources_overview
from lofte.situation.services import (
    SOURCE_BACKGROUND_BYTES,
    SOURCE_IMPORTERS,
    category_theme_set,
    source_import_queue,
    survey_item_update,
    survey_items_ensure_defaults,
)
from lofte.situation.survey import problem_index
from lofte.situation.tabledata import ImportRejected

MAX_UPLOAD_BYTES = 20 * 1024 * 1024


def theme_choices(partnership: Partnership, *, blank: str) -> list[tuple[str, str]]:
    labels = theme_labels(partnership)
    return [("", blank), *sorted(labels.items(), key=lambda item: str(item[1]).casefold())]


class UploadForm(forms.Form):
    file = forms.FileField(label=gettext_lazy("Fil (CSV eller Excel)"))


class CategoryThemeForm(forms.Form):
    source = forms.ChoiceField(choices=CategoryTheme.Source.choices, widget=forms.HiddenInput)
    category = forms.CharField(max_length=200, widget=forms.HiddenInput)
    theme = forms.ChoiceField(label=gettext_lazy("Tema"), required=False)

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = theme_choices(partnership, blank=_("Inget tema"))


def _sources_page(
    request: HttpRequest,
    partnership: Partnership,
    *,
    errors: dict[str, list[str]] | None = None,
    status: int = 200,
) -> HttpResponse:
    overview = sources_overview(partnership)
    can_edit = can_in_partnership(request.user, partnership, Action.EDIT_SITUATION)
    choices = theme_choices(partnership, blank=_("Välj tema"))
    return render(
        request,
        "situation/sources.html",
        {
            "partnership": partnership,
            "overview": overview,
            "incidents": overview[CategoryTheme.Source.INCIDENTS],
            "crime": overview[CategoryTheme.Source.CRIME],
            "survey": overview["survey"],
            "walks": overview["walks"],
            "can_edit": can_edit,
            "errors": errors or {},
            "theme_choices": choices,
            "nav_section": "situation",
        },
        status=status,
    )


@login_required
def sources(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = get_partnership_for_user(request.user, slug, action=Action.VIEW_ANALYSIS)
    return _sources_page(request, partnership)


@login_required
@require_POST
def source_upload(request: HttpRequest, slug: str, kind: str) -> HttpResponse:
    partnership = get_partnership_for_user(request.user, slug, action=Action.EDIT_SITUATION)
    if kind not in SOURCE_IMPORTERS:
        raise Http404
    form = UploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _sources_page(request, partnership, errors={kind: [_("Välj en fil att läsa in.")]}, status=400)
    upload = form.cleaned_data["file"]
    if upload.size > MAX_UPLOAD_BYTES:
        message = _("Filen är för stor. Största tillåtna storlek är %(max)s MB.") % {"max": MAX_UPLOAD_BYTES >> 20}
        return _sources_page(request, partnership, errors={kind: [message]}, status=400)
    if upload.size > SOURCE_BACKGROUND_BYTES:
        record = source_import_queue(
            partnership=partnership, kind=kind, filename=upload.name, data=upload.read(), by=request.user
        )
        return redirect("situation:source_import", partnership.slug, record.pk)
    try:
        result = SOURCE_IMPORTERS[kind](
            partnership=partnership, data=upload.read(), filename=upload.name, by=request.user
        )
    except ImportRejected as rejected:
        return _sources_page(request, partnership, errors={kind: rejected.errors}, status=400)
    messages.success(
        request,
        _("%(file)s inläst: %(new)s nya rader, %(updated)s ändrade, %(unchanged)s oförändrade.")
        % {
            "file": result.filename,
            "new": result.rows_new,
            "updated": result.rows_updated,
            "unchanged": result.rows_unchanged,
        },
    )
    return redirect("situation:sources", slug=partnership.slug)


@login_required
def source_import(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    record = get_source_import_for_user(request.user, slug, pk)
    context = {"partnership": record.partnership, "record": record, "nav_section": "situation"}
    if request.htmx:
        return render(request, "situation/source_import.html#status", context)
    return render(request, "situation/source_import.html", context)


@login_required
@require_POST
def category_map(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = get_partnership_for_user(request.user, slug, action=Action.EDIT_SITUATION)
    form = CategoryThemeForm(request.POST, partnership=partnership)
    if not form.is_valid():
        return _sources_page(request, partnership, errors={"mapping": [_("Välj ett tema.")]}, status=400)
    mapping = category_theme_set(
        partnership=partnership,
        source=form.cleaned_data["source"],
        category=form.cleaned_data["category"],
        theme=form.cleaned_data["theme"],
        by=request.user,
    )
    messages.success(request, _("Kategorin ”%(category)s” har fått ett tema.") % {"category": mapping.category})
    return redirect("situation:sources", slug=partnership.slug)


# --- Survey items: scale and weights -----------------------------------------------------------------------


@login_required
def survey_items(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = get_partnership_for_user(request.user, slug, action=Action.VIEW_ANALYSIS)
    items = list(SurveyItem.objects.filter(partnership=partnership))
    labels = theme_labels(partnership)
    return render(
        request,
        "situation/survey_items.html",
        {
            "partnership": partnership,
            "items": [(item, labels.get(item.theme, item.theme)) for item in items],
            "can_edit": can_in_partnership(request.user, partnership, Action.EDIT_SITUATION),
            "nav_section": "situation",
        },
    )


@login_required
@require_POST
def survey_items_seed(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = get_partnership_for_user(request.user, slug, action=Action.EDIT_SITUATION)
    survey_items_ensure_defaults(partnership=partnership, by=request.user)
    return redirect("situation:survey_items", slug=partnership.slug)


class SurveyItemForm(forms.Form):
    label = forms.CharField(label=gettext_lazy("Påstående"), max_length=300)
    theme = forms.ChoiceField(label=gettext_lazy("Tema"), required=False)

    def __init__(self, *args: Any, partnership: Partnership, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["theme"].choices = theme_choices(partnership, blank=_("Inget tema"))


def _scale_from_post(data: Any, rows: int) -> list[dict[str, Any]]:
    """Rows of code, label and weight; a row with neither code nor label is dropped (that is how one is removed)."""
    scale: list[dict[str, Any]] = []
    for i in range(rows):
        code, label = data.get(f"code-{i}", "").strip(), data.get(f"label-{i}", "").strip()
        weight_text = data.get(f"weight-{i}", "").strip().replace(",", ".")
        if not code and not label:
            continue
        try:
            weight = float(weight_text) if weight_text else None
        except ValueError:
            weight = math.nan
        if weight is not None and not 0 <= weight <= 6:  # also refuses nan and inf, which JSON cannot hold
            raise ValidationError(_("Vikten ”%(value)s” är inte ett tal från 0 till 6.") % {"value": weight_text})
        if weight is not None and weight.is_integer():
            weight = int(weight)
        scale.append({"code": code, "label": label, "weight": weight})
    return scale


@login_required
@require_http_methods(["GET", "POST"])
def survey_item_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    item = get_survey_item_for_user(request.user, slug, pk, write=True)
    partnership = item.partnership
    scale_rows = [*item.scale, {"code": "", "label": "", "weight": None}]
    errors: list[str] = []
    if request.method == "POST":
        form = SurveyItemForm(request.POST, partnership=partnership)
        rows = min(parse_id(request.POST.get("rows", "")) or 0, 20)
        try:
            scale = _scale_from_post(request.POST, rows)
        except ValidationError as error:
            errors, scale = list(error.messages), []
        if form.is_valid() and not errors:
            try:
                survey_item_update(
                    item=item,
                    label=form.cleaned_data["label"],
                    theme=form.cleaned_data["theme"],
                    scale=scale,
                    by=request.user,
                )
            except ValidationError as error:
                errors = list(error.messages)
            else:
                messages.success(request, _("Påståendet är sparat."))
                return redirect("situation:survey_items", slug=partnership.slug)
        scale_rows = scale or scale_rows
    else:
        form = SurveyItemForm(initial={"label": item.label, "theme": item.theme}, partnership=partnership)
    example = {answer["code"]: 10 for answer in item.scale}
    return render(
        request,
        "situation/survey_item_form.html",
        {
            "partnership": partnership,
            "item": item,
            "form": form,
            "scale_rows": scale_rows,
            "row_count": len(scale_rows),
            "scale_errors": errors,
            "example_index": problem_index(example, item.scale)[0],
            "nav_section": "situation",
        },
        status=400 if request.method == "POST" else 200,
    )
