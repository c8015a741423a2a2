"""A municipality's contact centre profile and its ordered journummer (a formset that works without JS)."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from lofte.core.access import get_municipality_for_user
from lofte.core.forms import BaseOnCallFormSet, ContactCentreForm, OnCallFormSet
from lofte.core.models import ContactCentre, Organisation
from lofte.core.services import OnCallEntry, contact_centre_update
from lofte.lib.formfields import parse_id

PREFIX = "oncall"


@login_required
def contact_centre_edit(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_municipality_for_user(request.user, slug, write=True)
    centre = ContactCentre.objects.filter(organisation=organisation).first() or ContactCentre(organisation=organisation)
    if request.method != "POST":
        initial = [
            {"service": n.service, "phone": n.phone, "note": n.note, "ORDER": position}
            for position, n in enumerate(centre.on_call_numbers.all() if centre.pk else [], start=1)
        ]
        form = ContactCentreForm(instance=centre)
        formset = OnCallFormSet(initial=initial, prefix=PREFIX)
        return _render(request, organisation, form, formset)

    if "add_row" in request.POST:
        # Without JavaScript the button posts the whole form back: re-show it, as typed, with one more row.
        data = request.POST.copy()
        total = parse_id(data.get(f"{PREFIX}-TOTAL_FORMS", "")) or 0
        data[f"{PREFIX}-TOTAL_FORMS"] = str(min(total + 1, 50))
        form = ContactCentreForm(data, instance=centre)
        formset = OnCallFormSet(data, prefix=PREFIX)
        if request.htmx:
            return render(
                request, "core/contact_centre_form.html#on_call", {"formset": formset, "organisation": organisation}
            )
        return _render(request, organisation, form, formset)

    form = ContactCentreForm(request.POST, instance=ContactCentre(organisation=organisation))
    formset = OnCallFormSet(request.POST, prefix=PREFIX)
    if form.is_valid() and formset.is_valid():
        try:
            contact_centre_update(
                organisation=organisation,
                by=request.user,
                on_call=[OnCallEntry(**entry) for entry in formset.entries()],
                **{key: value for key, value in form.cleaned_data.items() if isinstance(value, str)},
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            messages.success(request, _("Kontaktcentret är sparat."))
            return redirect(organisation)
    return _render(request, organisation, form, formset, status=400)


def _render(
    request: HttpRequest,
    organisation: Organisation,
    form: ContactCentreForm,
    formset: BaseOnCallFormSet,
    status: int = 200,
) -> HttpResponse:
    return render(
        request,
        "core/contact_centre_form.html",
        {"organisation": organisation, "form": form, "formset": formset, "nav_section": "admin"},
        status=status,
    )
