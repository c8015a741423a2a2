"""Follow-up of a published promise: logging an activity on a phone, and a commitment's progress and timeline."""

from __future__ import annotations

import re
import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from lofte.core.access import can_in_partnership
from lofte.core.roles import Action
from lofte.promises.access import get_commitment_for_user
from lofte.promises.forms import ActivityForm, FollowUpForm
from lofte.promises.models import Activity
from lofte.promises.selectors import activity_totals, commitment_progress
from lofte.promises.services import activity_complete, activity_log, commitment_follow_up
from lofte.promises.views.offline import activity_cache_name


@login_required
@require_http_methods(["GET", "POST"])
def activity_new(request: HttpRequest, slug: str, pk: int, commitment: int) -> HttpResponse:
    """The phone form: date, what, where, how many, note; a key per send so a retried send stores once."""
    item = get_commitment_for_user(request.user, slug, pk, commitment, action=Action.LOG_PROMISE_ACTIVITY)
    promise = item.focus_area.promise
    status = 200
    plans = Activity.objects.filter(commitment__lineage=item.lineage)
    # The queue in activity-queue.js sends the same form and asks for JSON: 201 stored, 200 already stored (a
    # retried send), 400 refused for good with the errors by field.
    wants_json = "application/json" in request.headers.get("Accept", "")
    if request.method == "POST":
        form = ActivityForm(request.POST)
        if form.is_valid():
            data = form.cleaned_data
            plan = plans.filter(pk=data["plan"]).first() if data["plan"] else None
            seen = plan is not None and not plan.planned
            seen = seen or Activity.objects.filter(commitment=item, idempotency_key=data["key"]).exists()
            try:
                if plan is not None:
                    activity_complete(
                        activity=plan,
                        by=request.user,
                        occurred_on=data["occurred_on"],
                        what=data["what"],
                        where=data["where"],
                        count=data["count"],
                        note=data["note"],
                    )
                else:
                    activity_log(
                        commitment=item,
                        by=request.user,
                        occurred_on=data["occurred_on"],
                        what=data["what"],
                        where=data["where"],
                        count=data["count"],
                        note=data["note"],
                        planned=data["planned"],
                        idempotency_key=data["key"],
                    )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                if wants_json:
                    return JsonResponse({"stored": True}, status=200 if seen else 201)
                messages.success(request, _("Aktiviteten är sparad."))
                return redirect("promises:activity_new", slug=slug, pk=pk, commitment=item.pk)
        status = 400
        if wants_json:
            return JsonResponse({"errors": {k: [str(m) for m in v] for k, v in form.errors.items()}}, status=400)
    else:
        initial = {"key": uuid.uuid4(), "occurred_on": timezone.localdate(), "what": item.what_sv[:300]}
        plan_id = request.GET.get("plan", "")
        plan = plans.filter(pk=int(plan_id), planned=True).first() if re.fullmatch(r"[0-9]{1,12}", plan_id) else None
        if plan is not None:  # logging a planned activity as done: what was planned, on the day it is done
            initial |= {"plan": plan.pk, "what": plan.what, "where": plan.where, "count": plan.count}
        form = ActivityForm(initial=initial)
    return render(
        request,
        "promises/activity_form.html",
        {
            "partnership": promise.partnership,
            "promise": promise,
            "commitment": item,
            "form": form,
            "cache_name": activity_cache_name(),
            "nav_section": "promises",
        },
        status=status,
    )


@login_required
@require_http_methods(["GET", "POST"])
def commitment_detail(request: HttpRequest, slug: str, pk: int, commitment: int) -> HttpResponse:
    """A commitment's progress, forecast and timeline; its status and survey measure are reported here."""
    write = request.method == "POST"
    item = get_commitment_for_user(
        request.user, slug, pk, commitment, action=Action.EDIT_PROMISES if write else Action.VIEW_ANALYSIS
    )
    promise = item.focus_area.promise
    form = FollowUpForm(request.POST or None, initial={"status": item.status, "measured_value": item.measured_value})
    if write and form.is_valid():
        try:
            commitment_follow_up(commitment=item, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Uppföljningen är sparad."))
            return redirect("promises:commitment", slug=slug, pk=pk, commitment=item.pk)
    done = activity_totals([item]).get(item.lineage, 0)
    activities = Activity.objects.filter(commitment__lineage=item.lineage).select_related("by")
    partnership = promise.partnership
    return render(
        request,
        "promises/commitment.html",
        {
            "partnership": partnership,
            "promise": promise,
            "commitment": item,
            "done_count": done,
            "progress": commitment_progress(item, done_count=done),
            "activities": activities,
            "form": form,
            "can_edit": promise.is_public and can_in_partnership(request.user, partnership, Action.EDIT_PROMISES),
            "can_log": promise.is_public and can_in_partnership(request.user, partnership, Action.LOG_PROMISE_ACTIVITY),
            "nav_section": "promises",
        },
        status=400 if write else 200,
    )
