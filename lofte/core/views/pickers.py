"""Section start pages: pick the partnership or organisation to work in (skipped when there is only one)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from lofte.core.access import can_in_organisation
from lofte.core.models import Organisation, Partnership
from lofte.core.roles import Action


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


def pick_organisation(request: HttpRequest, *, section: str, title: str, url_name: str, action: Action) -> HttpResponse:
    """Only the organisations where the user's role may ``action`` (what ``url_name``'s view asks for): a
    police analyst is a member of the police area but may not open its cases, and must not be sent there."""
    organisations = [
        o for o in Organisation.objects.for_user(request.user) if can_in_organisation(request.user, o.pk, action)
    ]
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
            "empty": _("Din roll ger inte tillgång till den här delen i någon av dina organisationer.")
            if Organisation.objects.for_user(request.user).exists()
            else _("Du är inte med i någon organisation än."),
        },
    )
