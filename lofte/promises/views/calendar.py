"""Activities planned ahead on a calendar: a promise's month, server-rendered (no JavaScript needed), with a
list of the same month for small screens and screen readers, and a form to plan an activity."""

from __future__ import annotations

import calendar
import datetime as dt
import uuid
from typing import Any

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.dates import WEEKDAYS, WEEKDAYS_ABBR
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from lofte.core.access import can_in_partnership
from lofte.core.roles import Action
from lofte.promises.access import get_promise_for_user
from lofte.promises.forms import DATE
from lofte.promises.models import Commitment, Promise
from lofte.promises.selectors import promise_activities
from lofte.promises.services import activity_log


class PlanForm(forms.Form):
    """An activity planned for a day: it shows on the calendar and counts only once it is logged as done."""

    commitment = forms.TypedChoiceField(label=gettext_lazy("Åtagande"), coerce=int)
    occurred_on = forms.DateField(label=gettext_lazy("Datum"), widget=DATE)
    what = forms.CharField(label=gettext_lazy("Vad ska göras?"), max_length=300)
    where = forms.CharField(label=gettext_lazy("Var?"), max_length=200, required=False)
    count = forms.IntegerField(label=gettext_lazy("Hur många?"), min_value=0, max_value=100000, initial=1)
    key = forms.UUIDField(widget=forms.HiddenInput)

    def __init__(self, *args: Any, commitments: list[Commitment], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.commitments = {c.pk: c for c in commitments}
        self.fields["commitment"].choices = [(c.pk, str(c)) for c in commitments]  # type: ignore[attr-defined]


def _month(value: str | None, promise: Promise) -> dt.date:
    """The month asked for (2021-03), else this month within the promise's period, else its first month."""
    try:
        year, month = (int(part) for part in (value or "").split("-"))
        if 1900 < year < 2200:
            return dt.date(year, month, 1)
    except ValueError:
        pass
    today = timezone.localdate()
    if promise.start_year <= today.year <= promise.end_year:
        return today.replace(day=1)
    return dt.date(promise.start_year, 1, 1)


def _shift(month: dt.date, by: int) -> dt.date:
    index = month.year * 12 + month.month - 1 + by
    return dt.date(index // 12, index % 12 + 1, 1)


@login_required
@require_http_methods(["GET", "POST"])
def promise_calendar(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    write = request.method == "POST"
    promise = get_promise_for_user(
        request.user, slug, pk, action=Action.LOG_PROMISE_ACTIVITY if write else Action.VIEW_ANALYSIS
    )
    partnership = promise.partnership
    month = _month(request.GET.get("manad"), promise)
    as_list = request.GET.get("visa") == "lista"
    commitments = list(
        Commitment.objects.filter(focus_area__promise=promise).order_by("focus_area__position", "position", "pk")
    )
    can_log = promise.is_public and can_in_partnership(request.user, partnership, Action.LOG_PROMISE_ACTIVITY)
    today = timezone.localdate()
    form = None
    status = 200
    if can_log or write:
        form = PlanForm(
            request.POST if write else None,
            commitments=commitments,
            initial={"key": uuid.uuid4(), "occurred_on": today if today.replace(day=1) == month else month},
        )
    if write and form is not None:
        status = 400
        if not promise.is_public:
            form.add_error(None, _("Aktiviteter planeras i ett publicerat medborgarlöfte."))
        elif form.is_valid():
            data = form.cleaned_data
            try:
                activity = activity_log(
                    commitment=form.commitments[data["commitment"]],
                    by=request.user,
                    occurred_on=data["occurred_on"],
                    what=data["what"],
                    where=data["where"],
                    count=data["count"],
                    planned=True,
                    idempotency_key=data["key"],
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Aktiviteten är planerad."))
                url = reverse("promises:calendar", args=[slug, pk])
                return redirect(f"{url}?manad={activity.occurred_on:%Y-%m}")
    last_day = calendar.monthrange(month.year, month.month)[1]
    activities = list(promise_activities(promise, start=month, end=month.replace(day=last_day)))
    by_day: dict[dt.date, list[Any]] = {}
    for activity in activities:
        by_day.setdefault(activity.occurred_on, []).append(activity)
    weeks = [
        [
            {
                "date": day,
                "in_month": day.month == month.month,
                "today": day == today,
                "activities": by_day.get(day, []),
            }
            for day in week
        ]
        for week in calendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month)
    ]
    return render(
        request,
        "promises/calendar.html",
        {
            "partnership": partnership,
            "promise": promise,
            "month": month,
            "previous_month": _shift(month, -1),
            "next_month": _shift(month, 1),
            "weeks": weeks,
            "weekdays": [(WEEKDAYS[i], WEEKDAYS_ABBR[i]) for i in range(7)],
            "days": [(day, by_day[day]) for day in sorted(by_day)],
            "as_list": as_list,
            "form": form,
            "can_log": can_log,
            "nav_section": "promises",
        },
        status=status,
    )
