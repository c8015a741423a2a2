"""Saving and removing a handler's inbox views."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lofte.cases.access import get_saved_view_for_user
from lofte.cases.saved_views import saved_view_create, saved_view_delete
from lofte.core.access import get_organisation_for_user
from lofte.core.roles import Action


class SavedViewForm(forms.Form):
    name = forms.CharField(label=gettext_lazy("Namn på vyn"), max_length=80)
    shared = forms.BooleanField(label=gettext_lazy("Dela med alla handläggare i organisationen"), required=False)
    query = forms.CharField(max_length=500, required=False, widget=forms.HiddenInput)


@login_required
@require_POST
def view_save(request: HttpRequest, slug: str) -> HttpResponse:
    """Called from the inbox; the inbox renders the form's errors when it comes back (400)."""
    from lofte.cases.views.handling import inbox_page

    organisation = get_organisation_for_user(request.user, slug, action=Action.VIEW_CASES)
    form = SavedViewForm(request.POST)
    if form.is_valid():
        try:
            view = saved_view_create(organisation=organisation, owner=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error("name", error)
        else:
            messages.success(request, _("Vyn %(name)s är sparad.") % {"name": view.name})
            return redirect(f"{reverse('cases:organisation', args=[slug])}?{view.query}")
    query = form.data.get("query", "") if isinstance(form.data.get("query", ""), str) else ""
    return inbox_page(request, organisation, query=query[:500], view_form=form, status=400)


@login_required
@require_POST
def view_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    view = get_saved_view_for_user(request.user, slug, pk)
    saved_view_delete(view=view, by=request.user)
    messages.success(request, _("Vyn %(name)s är borttagen.") % {"name": view.name})
    return redirect("cases:organisation", slug)
