"""An organisation's audit log for its administrators: who created, changed or deleted what, when."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from lofte.core.access import get_organisation_for_user
from lofte.core.forms import AuditFilterForm
from lofte.core.roles import Action
from lofte.core.selectors import AuditFilter, audit_actions, audit_actors, audit_entries, audit_rows

PAGE_SIZE = 50


@login_required
def audit_list(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, slug, action=Action.VIEW_AUDIT)
    form = AuditFilterForm(
        request.GET or None,
        actions=audit_actions(organisation=organisation),
        actors=audit_actors(organisation=organisation),
    )
    filters = AuditFilter()
    if form.is_bound and form.is_valid():
        data = form.cleaned_data
        filters = AuditFilter(
            action=data["action"], actor=data["actor"], date_from=data["date_from"], date_to=data["date_to"]
        )
    page = Paginator(audit_entries(organisation=organisation, filters=filters), PAGE_SIZE).get_page(
        request.GET.get("sida")
    )
    query = request.GET.copy()
    query.pop("sida", None)
    return render(
        request,
        "core/audit_list.html",
        {
            "organisation": organisation,
            "form": form,
            "page": page,
            "rows": audit_rows(page.object_list),
            "query": query.urlencode(),
            "nav_section": "admin",
        },
        status=400 if form.is_bound and form.errors else 200,
    )
