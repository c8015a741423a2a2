"""The statistics page of an organisation's cases and its CSV export: both render the same rows."""

from __future__ import annotations

import datetime as dt
from itertools import groupby
from typing import Any

from django import forms
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from lofte.cases.stats import MAX_DAYS, CaseStatistics, case_statistics, statistics_rows
from lofte.core.access import get_organisation_for_user
from lofte.core.models import Organisation
from lofte.core.roles import Action
from lofte.lib.spreadsheet import csv_bytes

CHART_HEIGHT = 120
BAR_WIDTH = 8


class PeriodForm(forms.Form):
    fran = forms.DateField(
        label=gettext_lazy("Från och med"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )
    till = forms.DateField(
        label=gettext_lazy("Till och med"), required=False, widget=forms.DateInput(attrs={"type": "date"})
    )

    def clean(self) -> dict[str, Any]:
        data = super().clean() or {}
        today = timezone.localdate()
        last = data.get("till") or today
        first = data.get("fran") or last - dt.timedelta(days=364)
        if first > last:
            self.add_error("fran", _("Början måste komma före slutet."))
        elif (last - first).days > MAX_DAYS:
            self.add_error("fran", _("Välj en period på högst tre år."))
        elif first.year < 2000 or last.year > today.year + 1:
            self.add_error("fran", _("Välj datum mellan år 2000 och nästa år."))
        data["fran"], data["till"] = first, last
        return data


def _statistics(request: HttpRequest, slug: str) -> tuple[Organisation, PeriodForm, CaseStatistics | None]:
    organisation = get_organisation_for_user(request.user, slug, action=Action.VIEW_CASES)
    form = PeriodForm(request.GET)
    if not form.is_valid():
        return organisation, form, None
    data = form.cleaned_data
    return organisation, form, case_statistics(organisation, first=data["fran"], last=data["till"])


def week_chart(stats: CaseStatistics) -> list[dict[str, Any]]:
    """Bars for the weekly volume, in SVG attributes (the CSP allows no inline style)."""
    top = stats.busiest_week or 1
    bars = []
    for i, (week, n) in enumerate(stats.by_week):
        height = round(n / top * CHART_HEIGHT)
        bars.append({"week": week, "n": n, "x": i * BAR_WIDTH, "y": CHART_HEIGHT - height, "height": height})
    return bars


@login_required
def statistics(request: HttpRequest, slug: str) -> HttpResponse:
    organisation, form, stats = _statistics(request, slug)
    context: dict[str, Any] = {"organisation": organisation, "form": form, "stats": stats, "nav_section": "cases"}
    if stats is not None:
        rows = statistics_rows(stats)
        context["sections"] = [
            (section, [(n, v) for _s, n, v in group]) for section, group in groupby(rows, key=lambda r: r[0])
        ]
        context["bars"] = week_chart(stats)
        context["chart_width"] = max(len(stats.by_week), 1) * BAR_WIDTH
        context["chart_height"] = CHART_HEIGHT
        context["csv_query"] = f"fran={stats.first.isoformat()}&till={stats.last.isoformat()}"
    return render(request, "cases/statistics.html", context, status=200 if stats is not None else 400)


@login_required
def statistics_csv(request: HttpRequest, slug: str) -> HttpResponse:
    organisation, form, stats = _statistics(request, slug)
    if stats is None:
        errors = "; ".join(str(e) for errors in form.errors.values() for e in errors)
        return HttpResponse(errors, status=400, content_type="text/plain; charset=utf-8")
    body = csv_bytes([_("avsnitt"), _("namn"), _("värde")], statistics_rows(stats))
    response = HttpResponse(body, content_type="text/csv; charset=utf-8")
    filename = f"arenden-{organisation.slug}-{stats.first.isoformat()}-{stats.last.isoformat()}.csv"
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response
