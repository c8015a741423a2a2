"""The edit page of one section of a document the partners co-sign (the lägesbild, the promise's evaluation).

The service saves (to a new version when it must, which the parties then approve again) and refuses a save from a
page opened before someone else's (``based_on``); the form shows its refusal.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _


def section_edit(
    request: HttpRequest,
    form_class: type[forms.Form],
    *,
    section: dict[str, Any],
    version: Any,
    context: dict[str, Any],
    template: str,
    save: Callable[[str, int], Any],
    back: str,
) -> HttpResponse:
    """GET shows a ``form_class`` form (text, based_on) for ``section`` of ``version``; a valid POST calls
    ``save(text, based_on)``, which returns the version it saved to, and goes back to the section on ``back``."""
    form = form_class(request.POST or None, initial={"text": section["text"], "based_on": version.number})
    context = {**context, "section": section, "version": version, "form": form}
    if request.method != "POST":
        return render(request, template, context)
    if form.is_valid():
        try:
            saved = save(form.cleaned_data["text"], form.cleaned_data["based_on"])
        except ValidationError as error:
            form.add_error(None, error)
        else:
            if saved.number != version.number:
                messages.success(
                    request,
                    _("Sparat som version %(number)s. Parterna behöver godkänna den nya versionen.")
                    % {"number": saved.number},
                )
            return redirect(f"{back}#avsnitt-{section['key']}")
    return render(request, template, context, status=400)
