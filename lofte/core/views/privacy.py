"""Privacy: the organisation's retention schedule (gallring), its public privacy page, and residents' requests
to see or erase what is stored about them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from lofte.core.access import get_municipality_for_user, get_organisation_for_user
from lofte.core.forms import ResidentEraseForm, ResidentLookupForm, RetentionScheduleForm
from lofte.core.models import ContactCentre, Organisation
from lofte.core.privacy import (
    ResidentData,
    resident_data,
    resident_data_erase,
    resident_data_viewed,
    resident_export,
)
from lofte.core.retention import KINDS, retention_run, retention_schedule_update, schedule_for
from lofte.core.roles import Action


@login_required
@require_http_methods(["GET", "POST"])
def retention_edit(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_municipality_for_user(request.user, slug, write=True)
    schedule = schedule_for(organisation)
    form = RetentionScheduleForm(request.POST or None, instance=schedule)
    if request.method == "POST":
        if form.is_valid():
            values = {name: form.cleaned_data[name] for name in form.fields}
            try:
                retention_schedule_update(organisation=organisation, by=request.user, values=values)
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, _("Gallringsplanen är sparad."))
                return redirect("core:retention_edit", slug=organisation.slug)
        return _render_retention(request, organisation, form, status=400)
    return _render_retention(request, organisation, form)


def _render_retention(
    request: HttpRequest, organisation: Organisation, form: RetentionScheduleForm, status: int = 200
) -> HttpResponse:
    # What the next daily run would do with the saved schedule: the same count as `cull_personal_data --dry-run`.
    (report,) = retention_run(dry_run=True, organisations=[organisation])
    due = [(kind, report.counts[kind.key]) for kind in KINDS]
    return render(
        request,
        "core/retention_form.html",
        {"organisation": organisation, "form": form, "due": due, "nav_section": "admin"},
        status=status,
    )


@require_GET
def privacy_page(request: HttpRequest, slug: str) -> HttpResponse:
    """Public, for residents: what is stored, why, on which legal basis and for how long, the periods read from
    the municipality's retention schedule. No session, no form, no cookie; `?lang=en` for English."""
    organisation = get_object_or_404(Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY), slug=slug)
    language = "en" if request.GET.get("lang") == "en" else translation.get_language()
    with translation.override(language):
        return render(
            request,
            "core/privacy_page.html",
            {
                "organisation": organisation,
                "schedule": schedule_for(organisation),
                "contact_centre": ContactCentre.objects.filter(organisation=organisation).first(),
                "language": language,
            },
        )


def _data_request_organisation(request: HttpRequest, slug: str) -> Organisation:
    organisation = get_organisation_for_user(request.user, slug, action=Action.HANDLE_DATA_REQUESTS)
    if not organisation.is_municipality:
        raise Http404  # residents' data lives with the municipality: a police area has none to look up
    return organisation


@login_required
@require_http_methods(["GET", "POST"])
def data_request(request: HttpRequest, slug: str) -> HttpResponse:
    """A resident asks what is stored about them, or asks for it to be erased. The address is posted, never
    put in a URL, so it reaches no access log or browser history."""
    organisation = _data_request_organisation(request, slug)
    if request.method != "POST":
        return _render_request(request, organisation, ResidentLookupForm())
    action = request.POST.get("action", "lookup")
    if action == "erase":
        erase_form = ResidentEraseForm(request.POST)
        if not erase_form.is_valid():
            # Not confirmed: show what would go again, with the reason, as a lookup (and logged as one).
            lookup = ResidentLookupForm(request.POST)
            if not lookup.is_valid():
                return _render_request(request, organisation, lookup, status=400)
            data = resident_data(organisation=organisation, email=lookup.cleaned_data["email"])
            resident_data_viewed(data=data, by=request.user, exported=False)
            return _render_request(request, organisation, lookup, data=data, erase_form=erase_form, status=400)
        counts = resident_data_erase(organisation=organisation, email=erase_form.cleaned_data["email"], by=request.user)
        messages.success(
            request,
            _("Uppgifterna är borttagna: kontaktuppgifter i %(cases)s ärenden och %(requests)s kontaktönskemål.")
            % {"cases": counts["cases"], "requests": counts["contact_requests"]},
        )
        return redirect("core:data_request", slug=organisation.slug)
    form = ResidentLookupForm(request.POST)
    if action not in ("lookup", "export", "export_html") or not form.is_valid():
        return _render_request(request, organisation, form, status=400)
    data = resident_data(organisation=organisation, email=form.cleaned_data["email"])
    resident_data_viewed(data=data, by=request.user, exported=action != "lookup")
    if action == "export":
        response = JsonResponse(resident_export(data), json_dumps_params={"ensure_ascii": False, "indent": 2})
        return _attachment(response, f"registerutdrag-{organisation.slug}.json")
    if action == "export_html":
        # The same bundle, readable: a standalone page the resident can open without Löfte.
        context = {"organisation": organisation, "bundle": resident_export(data)}
        return _attachment(
            render(request, "core/data_export.html", context), f"registerutdrag-{organisation.slug}.html"
        )
    return _render_request(
        request, organisation, form, data=data, erase_form=ResidentEraseForm(initial={"email": data.email})
    )


def _attachment(response: HttpResponse, filename: str) -> HttpResponse:
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response["Cache-Control"] = "no-store"
    return response


def _render_request(
    request: HttpRequest,
    organisation: Organisation,
    form: ResidentLookupForm,
    *,
    data: ResidentData | None = None,
    erase_form: ResidentEraseForm | None = None,
    status: int = 200,
) -> HttpResponse:
    if erase_form is not None:
        erase_form.auto_id = "erase-%s"  # both forms have an "email": each its own id, so each label its own box
    response = render(
        request,
        "core/data_request.html",
        {
            "organisation": organisation,
            "form": form,
            "data": data,
            "bundle": resident_export(data) if data is not None else None,
            "erase_form": erase_form,
            "nav_section": "admin",
        },
        status=status,
    )
    response["Cache-Control"] = "no-store"  # personal data: never kept by a browser or a proxy
    return response
