"""The steering group's quarterly follow-up of a published promise: one page, printable; and the promise's
reminder setting (weeks without activity before the owners get an e-mail)."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from lofte.core.access import can_in_partnership
from lofte.core.roles import Action
from lofte.promises.access import get_promise_for_user
from lofte.promises.quarter import Quarter, quarter_followup
from lofte.promises.reminders import promise_set_reminder_weeks


class ReminderForm(forms.Form):
    weeks = forms.IntegerField(
        label=gettext_lazy("Påminn ansvariga efter så här många veckor utan aktivitet"),
        min_value=0,
        max_value=52,
        help_text=gettext_lazy("0 stänger av påminnelserna. Högst en påminnelse per åtagande och period."),
    )


@login_required
@require_http_methods(["GET", "POST"])
def quarter_report(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    write = request.method == "POST"
    promise = get_promise_for_user(
        request.user, slug, pk, action=Action.EDIT_PROMISES if write else Action.VIEW_ANALYSIS
    )
    quarter = Quarter.parse(request.GET.get("kvartal"), promise)
    can_edit = can_in_partnership(request.user, promise.partnership, Action.EDIT_PROMISES)
    form = ReminderForm(request.POST or None, initial={"weeks": promise.reminder_weeks}) if can_edit else None
    if write and form is not None and form.is_valid():
        try:
            promise_set_reminder_weeks(promise=promise, by=request.user, weeks=form.cleaned_data["weeks"])
        except ValidationError as error:
            form.add_error("weeks", error)
        else:
            messages.success(request, _("Inställningen för påminnelser är sparad."))
            return redirect(f"{request.path}?kvartal={quarter.slug}")
    return render(
        request,
        "promises/quarter.html",
        {
            "partnership": promise.partnership,
            "promise": promise,
            "quarter": quarter,
            "previous": quarter.shift(-1),
            "next": quarter.shift(1),
            "as_of": min(quarter.end, timezone.localdate()),
            "outline": quarter_followup(promise, quarter),
            "form": form,
            "nav_section": "promises",
        },
        status=400 if write else 200,
    )
