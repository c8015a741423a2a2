"""Drafting a promise: its page (focus areas, commitments, approvals), focus areas from the lägesbild (changed
and removed again), commitments with suggestions (changed, moved and removed), approval, publication and new
versions."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.forms import Form
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lofte.analysis.selectors import theme_labels
from lofte.core.access import can_in_partnership
from lofte.core.models import Area, Organisation, User
from lofte.core.roles import Action
from lofte.promises import evaluation as ev
from lofte.promises.access import get_commitment_for_user, get_focus_area_for_user, get_promise_for_user
from lofte.promises.forms import ApproveForm, CommitmentEditForm, CommitmentForm, FocusAreaForm, FocusAreaTextForm
from lofte.promises.library import suggestion, suggestions_for
from lofte.promises.models import FocusArea, Promise
from lofte.promises.selectors import LagesbildCandidates, earlier_commitments, lagesbild_for_promise, promise_outline
from lofte.promises.services import (
    commitment_create,
    commitment_move,
    commitment_remove,
    commitment_update,
    focus_area_add,
    focus_area_add_from_candidate,
    focus_area_remove,
    focus_area_update,
    may_approve_for,
    missing_approvals,
    promise_approve,
    promise_new_version,
    promise_publish,
)


def _candidate_choices(
    report: LagesbildCandidates | None, labels: dict[str, str], promise: Promise
) -> list[tuple[str, str]]:
    if report is None:
        return []
    area_names = dict(
        Area.objects.filter(organisation_id__in=promise.partnership.organisation_ids()).values_list("pk", "name")
    )
    choices = []
    for index, candidate in enumerate(report.candidates):
        parts = [labels.get(candidate["theme"], candidate["theme"])]
        areas = [area_names[a] for a in candidate.get("areas") or [] if a in area_names]
        if areas:
            parts.append(", ".join(areas))
        if candidate.get("times"):
            parts.append(", ".join(str(t) for t in candidate["times"]))
        choices.append((str(index), " – ".join(parts)))
    return choices


def _evidence_label(number: dict[str, Any], *, labels: dict[str, str], area_names: dict[int, str]) -> str:
    """Where a number of the evidence comes from, in words: the theme's label and the area, from its lägesbild ref
    ("theme:<theme>" for the whole kommun, "cell:<theme>:<area>")."""
    parts = str(number.get("ref") or "").split(":")
    theme = parts[1] if len(parts) > 1 else ""
    area = number.get("area")
    place = area_names.get(area, "") if area is not None else _("hela kommunen")
    return ", ".join(p for p in (labels.get(theme, theme), place) if p)


def _approvable(user: User, promise: Promise) -> list[Organisation]:
    """The parties the user may sign for that have not yet approved this version."""
    approved = set(promise.approvals.values_list("organisation_id", flat=True))
    organisations = Organisation.objects.filter(pk__in=promise.partnership.organisation_ids() - approved)
    return [o for o in organisations.order_by("name") if may_approve_for(user=user, organisation=o)]


def _page(request: HttpRequest, promise: Promise, *, focus_form: Form | None = None, status: int = 200) -> HttpResponse:
    partnership = promise.partnership
    labels = theme_labels(partnership)
    report = (
        lagesbild_for_promise(partnership=partnership, start_year=promise.start_year) if promise.is_editable else None
    )
    can_edit = can_in_partnership(request.user, partnership, Action.EDIT_PROMISES)
    if focus_form is None and can_edit and promise.is_editable:
        focus_form = FocusAreaForm(
            candidates=_candidate_choices(report, labels, promise),
            themes=sorted(labels.items(), key=lambda i: str(i[1])),
        )
    outline = promise_outline(promise)
    area_names = dict(Area.objects.filter(organisation_id__in=partnership.organisation_ids()).values_list("pk", "name"))
    for focus_area, _rows in outline:
        focus_area.theme_label = labels.get(focus_area.theme, focus_area.theme)  # type: ignore[attr-defined]
        focus_area.evidence_numbers = [  # type: ignore[attr-defined]
            {**n, "label": _evidence_label(n, labels=labels, area_names=area_names)}
            for n in focus_area.evidence.get("numbers") or []
        ]
    return render(
        request,
        "promises/promise.html",
        {
            "partnership": partnership,
            "promise": promise,
            "outline": outline,
            "report": report,
            "focus_form": focus_form,
            "approvals": promise.approvals.select_related("organisation"),
            "missing": missing_approvals(promise),
            "approvable": _approvable(request.user, promise) if promise.is_editable else [],
            "versions": Promise.objects.filter(partnership=partnership, start_year=promise.start_year).order_by(
                "-version"
            ),
            "has_newer": Promise.objects.filter(previous=promise).exists(),
            # Last year's evaluation feeds this year's drafting: what was not reached, in its own words.
            "previous_evaluation": ev.previous_evaluation(promise) if promise.is_editable else None,
            "can_edit": can_edit,
            "can_log": can_in_partnership(request.user, partnership, Action.LOG_PROMISE_ACTIVITY),
            "nav_section": "promises",
        },
        status=status,
    )


@login_required
def promise_detail(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    return _page(request, get_promise_for_user(request.user, slug, pk))


@login_required
@require_POST
def focus_area_create(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    promise = get_promise_for_user(request.user, slug, pk, action=Action.EDIT_PROMISES)
    labels = theme_labels(promise.partnership)
    report = lagesbild_for_promise(partnership=promise.partnership, start_year=promise.start_year)
    form = FocusAreaForm(
        request.POST,
        candidates=_candidate_choices(report, labels, promise),
        themes=sorted(labels.items(), key=lambda i: str(i[1])),
    )
    if not form.is_valid():
        return _page(request, promise, focus_form=form, status=400)
    data = form.cleaned_data
    text = {k: data[k] for k in ("title_sv", "title_en", "why_sv", "why_en")}
    try:
        if data.get("candidate") and report is not None:
            focus_area_add_from_candidate(
                promise=promise,
                by=request.user,
                report=report,
                candidate=report.candidates[int(data["candidate"])],
                **text,
            )
        else:
            focus_area_add(promise=promise, by=request.user, theme=data["theme"], **text)
    except ValidationError as error:
        form.add_error(None, error)
        return _page(request, promise, focus_form=form, status=400)
    return redirect(promise)


@login_required
@require_http_methods(["GET", "POST"])
def focus_area_edit(request: HttpRequest, slug: str, pk: int, focus: int) -> HttpResponse:
    """A focus area's title and why, in both languages; its theme and the lägesbild's evidence stay as chosen."""
    focus_area = get_focus_area_for_user(request.user, slug, pk, focus, action=Action.EDIT_PROMISES)
    promise = focus_area.promise
    if request.method == "POST":
        form = FocusAreaTextForm(request.POST)
        if form.is_valid():
            try:
                focus_area_update(focus_area=focus_area, by=request.user, **form.cleaned_data)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Fokusområdet är sparat."))
                return redirect(promise)
    else:
        form = FocusAreaTextForm(initial={name: getattr(focus_area, name) for name in FocusAreaTextForm.base_fields})
    return render(
        request,
        "promises/focus_area_form.html",
        {
            "partnership": promise.partnership,
            "promise": promise,
            "focus_area": focus_area,
            "form": form,
            "nav_section": "promises",
        },
        status=400 if request.method == "POST" else 200,
    )


def _confirm_removal(
    request: HttpRequest, promise: Promise, context: dict[str, Any], *, remove: Callable[[], None], done: str
) -> HttpResponse:
    """The confirmation page (GET) and the removal (POST). A removal the service refuses (a published promise,
    logged activities) is shown on the page with its reason, and nothing is removed."""
    context = {
        "partnership": promise.partnership,
        "promise": promise,
        "approved": promise.approvals.exists(),
        "nav_section": "promises",
        **context,
    }
    if request.method == "POST":
        try:
            remove()
        except ValidationError as error:
            return render(
                request, "promises/confirm_remove.html", context | {"error": " ".join(error.messages)}, status=400
            )
        messages.success(request, done)
        return redirect(promise)
    return render(request, "promises/confirm_remove.html", context)


@login_required
@require_http_methods(["GET", "POST"])
def focus_area_delete(request: HttpRequest, slug: str, pk: int, focus: int) -> HttpResponse:
    focus_area = get_focus_area_for_user(request.user, slug, pk, focus, action=Action.EDIT_PROMISES)
    promise = focus_area.promise
    labels = theme_labels(promise.partnership)
    return _confirm_removal(
        request,
        promise,
        {
            "focus_area": focus_area,
            "theme_label": labels.get(focus_area.theme, focus_area.theme),
            "commitments": list(focus_area.commitments.filter(parent__isnull=True).prefetch_related("children")),
        },
        remove=lambda: focus_area_remove(focus_area=focus_area, by=request.user),
        done=_("Fokusområdet %(title)s är borttaget.") % {"title": focus_area.title_sv},
    )


@login_required
@require_http_methods(["GET", "POST"])
def commitment_delete(request: HttpRequest, slug: str, pk: int, commitment: int) -> HttpResponse:
    item = get_commitment_for_user(request.user, slug, pk, commitment, action=Action.EDIT_PROMISES)
    return _confirm_removal(
        request,
        item.focus_area.promise,
        {"commitment": item, "children": list(item.children.all())},
        remove=lambda: commitment_remove(commitment=item, by=request.user),
        done=_("Åtagandet är borttaget."),
    )


def _suggestion_initial(request: HttpRequest, focus_area: FocusArea) -> dict[str, Any]:
    """A suggestion only fills the form: nothing is saved until the user has read, edited and saved it."""
    initial: dict[str, Any] = {
        "starts_on": f"{focus_area.promise.start_year}-01-01",
        "ends_on": f"{focus_area.promise.end_year}-12-31",
    }
    if (chosen := suggestion(request.GET.get("forslag", ""))) is not None:
        initial.update(
            what_sv=chosen.what_sv,
            what_en=chosen.what_en,
            owner=chosen.owner,
            partner_name=chosen.partner_name,
            target_kind=chosen.target_kind,
            target_value=chosen.target_value,
        )
    elif re.fullmatch(r"[0-9]{1,12}", earlier_pk := request.GET.get("tidigare", "")):  # "²".isdigit() is true
        earlier = (
            earlier_commitments(promise=focus_area.promise, theme=focus_area.theme).filter(pk=int(earlier_pk)).first()
        )
        if earlier is not None:
            initial.update(
                what_sv=earlier.what_sv,
                what_en=earlier.what_en,
                owner=earlier.owner,
                partner_name=earlier.partner_name,
                target_kind=earlier.target_kind,
                target_value=earlier.target_value,
                survey_item=earlier.survey_item,
            )
    return initial


def _save_commitment(form: CommitmentForm, save: Any) -> bool:
    if not form.is_valid():
        return False
    try:
        save(**form.cleaned_data)
    except ValidationError as error:
        if not hasattr(error, "error_dict"):
            form.add_error(None, error)
            return False
        for field, field_messages in error.message_dict.items():
            form.add_error(field if field in form.fields else None, field_messages)
        return False
    return True


@login_required
@require_http_methods(["GET", "POST"])
def commitment_new(request: HttpRequest, slug: str, pk: int, focus: int) -> HttpResponse:
    focus_area = get_focus_area_for_user(request.user, slug, pk, focus, action=Action.EDIT_PROMISES)
    promise = focus_area.promise
    if request.method == "POST":
        form = CommitmentForm(request.POST, focus_area=focus_area)
        if _save_commitment(form, lambda **data: commitment_create(focus_area=focus_area, by=request.user, **data)):
            messages.success(request, _("Åtagandet är sparat."))
            return redirect(promise)
    else:
        form = CommitmentForm(initial=_suggestion_initial(request, focus_area), focus_area=focus_area)
    return render(
        request,
        "promises/commitment_form.html",
        {
            "partnership": promise.partnership,
            "promise": promise,
            "focus_area": focus_area,
            "form": form,
            "suggestions": suggestions_for(focus_area.theme),
            "earlier": earlier_commitments(promise=promise, theme=focus_area.theme)[:10],
            "nav_section": "promises",
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_http_methods(["GET", "POST"])
def commitment_edit(request: HttpRequest, slug: str, pk: int, commitment: int) -> HttpResponse:
    item = get_commitment_for_user(request.user, slug, pk, commitment, action=Action.EDIT_PROMISES)
    promise = item.focus_area.promise
    if request.method == "POST":
        form = CommitmentEditForm(request.POST, focus_area=item.focus_area, exclude_pk=item.pk)
        if _save_commitment(form, lambda **data: commitment_update(commitment=item, by=request.user, **data)):
            messages.success(request, _("Åtagandet är sparat."))
            return redirect(promise)
    else:
        initial = {name: getattr(item, name) for name in CommitmentForm.base_fields if name not in ("areas",)}
        initial["areas"] = list(item.areas.all())
        initial["based_on"] = item.revision
        form = CommitmentEditForm(initial=initial, focus_area=item.focus_area, exclude_pk=item.pk)
    return render(
        request,
        "promises/commitment_form.html",
        {
            "partnership": promise.partnership,
            "promise": promise,
            "focus_area": item.focus_area,
            "commitment": item,
            "form": form,
            "nav_section": "promises",
        },
        status=400 if request.method == "POST" else 200,
    )


@login_required
@require_POST
def commitment_reorder(request: HttpRequest, slug: str, pk: int, commitment: int) -> HttpResponse:
    item = get_commitment_for_user(request.user, slug, pk, commitment, action=Action.EDIT_PROMISES)
    direction = -1 if request.POST.get("direction") == "up" else 1
    try:
        commitment_move(commitment=item, by=request.user, direction=direction)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    return redirect(item.focus_area.promise)


@login_required
@require_POST
def approve(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    promise = get_promise_for_user(request.user, slug, pk)
    form = ApproveForm(request.POST, partnership=promise.partnership)
    if not form.is_valid():
        messages.error(request, _("Välj vilken part du godkänner för."))
        return redirect(promise)
    organisation = form.cleaned_data["organisation"]
    if not may_approve_for(user=request.user, organisation=organisation):
        raise PermissionDenied
    try:
        promise_approve(promise=promise, organisation=organisation, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("%(organisation)s har godkänt löftet.") % {"organisation": organisation.name})
    return redirect(promise)


@login_required
@require_POST
def publish(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    promise = get_promise_for_user(request.user, slug, pk, action=Action.EDIT_PROMISES)
    try:
        promise_publish(promise=promise, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Löftet är publicerat."))
    return redirect(promise)


@login_required
@require_POST
def new_version(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    promise = get_promise_for_user(request.user, slug, pk, action=Action.EDIT_PROMISES)
    try:
        draft = promise_new_version(promise=promise, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
        return redirect(promise)
    messages.success(request, _("En ny version är skapad som utkast. Alla parter behöver godkänna den."))
    return redirect(draft)
