"""Section start pages: pick the partnership or organisation to work in (skipped when there is only one)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from lofte.core.models import Organisation, Partnership


def pick_partnership(request: HttpRequest, *, section: str, title: str, url_name: str) -> HttpResponse:
    partnerships = list(Partnership.objects.for_user(request.user))
    if len(partnerships) == 1:
        return redirect(url_name, partnerships[0].slug)
    return render(
        request,
        "core/picker.html",
        {
            "nav_section": section,
            "title": title,
            "choices": [(p.name, p.slug) for p in partnerships],
            "url_name": url_name,
            "empty": _("Du är inte med i någon samverkan mellan kommun och polis än."),
        },
    )


def pick_organisation(request: HttpRequest, *, section: str, title: str, url_name: str) -> HttpResponse:
    organisations = list(Organisation.objects.for_user(request.user))
    if len(organisations) == 1:
        return redirect(url_name, organisations[0].slug)
    return render(
        request,
        "core/picker.html",
        {
            "nav_section": section,
            "title": title,
            "choices": [(o.name, o.slug) for o in organisations],
            "url_name": url_name,
            "empty": _("Du är inte med i någon organisation än."),
        },
    )
