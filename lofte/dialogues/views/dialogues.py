"""The dialogues themselves: the filtered list, one dialogue, and its correction."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from lofte.core.access import get_partnership_for_user
from lofte.core.models import AuditEntry
from lofte.core.roles import Action
from lofte.dialogues.access import can_correct_dialogue, get_dialogue_for_user
from lofte.dialogues.answers import load_questionnaire, validate_answers
from lofte.dialogues.forms import PointForm, RespondentForm, answer_fields, raw_answers
from lofte.dialogues.models import Dialogue
from lofte.dialogues.selectors import filter_dialogues
from lofte.dialogues.services import dialogue_correct
from lofte.dialogues.views.submission import error_links

PAGE_SIZE = 50


@login_required
def dialogue_list(request: HttpRequest, slug: str) -> HttpResponse:
    partnership = get_partnership_for_user(request.user, slug, action=Action.VIEW_DIALOGUES)
    dialogues, form = filter_dialogues(Dialogue.objects.for_user(request.user), request.GET, partnership=partnership)
    page = Paginator(dialogues, PAGE_SIZE).get_page(request.GET.get("sida"))
    query = request.GET.copy()
    query.pop("sida", None)
    context = {
        "partnership": partnership,
        "form": form,
        "page": page,
        "query": query.urlencode(),
        "nav_section": "dialogues",
    }
    if request.htmx:
        return render(request, "dialogues/dialogue_list.html#results", context)
    return render(request, "dialogues/dialogue_list.html", context)


def _answers_for_display(dialogue: Dialogue) -> list[dict]:
    spec = load_questionnaire(dialogue.campaign)
    fields = answer_fields(spec, values=dialogue.answers, show_places=False)
    rows = []
    for item in fields:
        value = dialogue.answers.get(item.question.key)
        if item.options:
            shown = ", ".join(o["label"] for o in item.options if o["checked"])
        elif item.kind == "place" and isinstance(value, dict):
            parts = [value.get("name", ""), value.get("text", "")]
            if "lat" in value:
                parts.append(f"{value['lat']}, {value['lng']}")
            shown = " · ".join(p for p in parts if p)
        else:
            shown = value or ""
        rows.append({"label": item.label, "value": shown, "key": item.question.key})
    known = {item.question.key for item in fields}
    rows += [{"label": key, "value": value, "key": key} for key, value in dialogue.answers.items() if key not in known]
    return rows


# The names a correction's audit entry records (services.DIALOGUE_FIELDS) as the dialogue page labels them, in
# the page's order.
CHANGE_LABELS = {
    "conducted_at": gettext_lazy("Tidpunkt"),
    "place": gettext_lazy("Plats"),
    "area": gettext_lazy("Område"),
    "latitude": gettext_lazy("Position"),
    "longitude": gettext_lazy("Position"),
    "age_band": gettext_lazy("Ålder"),
    "gender": gettext_lazy("Kön"),
    "relation": gettext_lazy("Relation till platsen"),
    "home_area": gettext_lazy("Bostadsområde"),
    "target_group": gettext_lazy("Målgrupp"),
    "answers": gettext_lazy("Svar"),
    "free_text": gettext_lazy("Fritext"),
}


def changed_labels(changes: Mapping[str, Any]) -> str:
    """ "Plats, Svar": what a correction changed, in the reader's language and the page's order (not the stored
    order: PostgreSQL's jsonb keeps its keys in an order of its own), each label once."""
    names = [name for name in CHANGE_LABELS if name in changes]
    names += [name for name in changes if name not in CHANGE_LABELS]
    return ", ".join(dict.fromkeys(str(CHANGE_LABELS.get(name, name)) for name in names))


@login_required
def dialogue_detail(request: HttpRequest, pk: int) -> HttpResponse:
    dialogue = get_dialogue_for_user(request.user, pk)
    entries = AuditEntry.objects.filter(target_type="dialogues.dialogue", target_id=str(dialogue.pk)).select_related(
        "actor"
    )
    history = [(entry, changed_labels(entry.changes)) for entry in entries]
    return render(
        request,
        "dialogues/dialogue_detail.html",
        {
            "dialogue": dialogue,
            "campaign": dialogue.campaign,
            "partnership": dialogue.campaign.partnership,
            "answers": _answers_for_display(dialogue),
            "history": history,
            "can_correct": can_correct_dialogue(request.user, dialogue),
            "nav_section": "dialogues",
        },
    )


@login_required
@require_http_methods(["GET", "POST"])
def dialogue_edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Correct a dialogue: the interviewer the same day, an analyst later; every change is audited."""
    dialogue = get_dialogue_for_user(request.user, pk, write=True)
    campaign = dialogue.campaign
    spec = load_questionnaire(campaign)
    context = {
        "dialogue": dialogue,
        "campaign": campaign,
        "partnership": campaign.partnership,
        "nav_section": "dialogues",
    }
    if request.method == "POST":
        point = PointForm(request.POST, campaign=campaign, visible_time=True)
        respondent = RespondentForm(request.POST, campaign=campaign)
        raw = raw_answers(spec, request.POST)
        answer_errors: dict[str, list[str]] = {}
        other_errors: list[str] = []
        if point.is_valid() & respondent.is_valid():
            data = point.cleaned_data
            try:
                dialogue_correct(
                    dialogue=dialogue,
                    by=request.user,
                    answers=raw,
                    place=data.get("place"),
                    latitude=data.get("latitude"),
                    longitude=data.get("longitude"),
                    conducted_at=data.get("conducted_at"),
                    **respondent.service_fields(),
                )
            except ValidationError as error:
                for key, errors in error.message_dict.items():
                    if key in spec.by_key:
                        answer_errors[key] = errors
                    else:
                        other_errors.extend(errors)
            else:
                messages.success(request, _("Rättelsen är sparad och loggad."))
                return redirect(dialogue)
        else:
            try:
                validate_answers(campaign, raw, spec=spec)
            except ValidationError as error:
                answer_errors = error.message_dict
        fields = answer_fields(spec, values=raw, errors=answer_errors)
        context |= {
            "fields": fields,
            "point": point,
            "respondent": respondent,
            "other_errors": other_errors,
            "error_links": error_links(fields, [point, respondent]),
            "has_errors": True,
        }
        return render(request, "dialogues/dialogue_form.html", context, status=400)
    point = PointForm(
        campaign=campaign,
        visible_time=True,
        initial={
            "place": dialogue.place_id,
            "latitude": dialogue.latitude,
            "longitude": dialogue.longitude,
            "conducted_at": dialogue.conducted_at,
        },
    )
    respondent = RespondentForm(
        campaign=campaign,
        initial={
            "age_band": dialogue.age_band,
            "gender": dialogue.gender,
            "relation": dialogue.relation,
            "home_area": dialogue.home_area_id,
            "target_group": dialogue.target_group,
        },
    )
    context |= {"fields": answer_fields(spec, values=dialogue.answers), "point": point, "respondent": respondent}
    return render(request, "dialogues/dialogue_form.html", context)
