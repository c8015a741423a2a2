"""The link mailed to an account's new e-mail address: its owner confirms it."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from lofte.core.access import get_email_change_for_token
from lofte.core.services import email_change_confirm


@never_cache
def email_change_confirm_view(request: HttpRequest, token: str) -> HttpResponse:
    try:
        change = get_email_change_for_token(token)
    except Http404:
        return render(request, "core/email_change_confirm.html", {"gone": True}, status=404)
    context = {"change": change}
    if request.method == "POST":
        try:
            email_change_confirm(change=change)
        except ValidationError as error:
            return render(
                request, "core/email_change_confirm.html", context | {"error": " ".join(error.messages)}, status=400
            )
        return render(request, "core/email_change_confirm.html", context | {"confirmed": True})
    return render(request, "core/email_change_confirm.html", context)
