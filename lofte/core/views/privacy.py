"""Privacy: the organisation's retention schedule (gallring), its public privacy page, and residents' requests
to see or erase what is stored about them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils import translation
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods

from lofte.core.access import get_municipality_for_user
from lofte.core.forms import RetentionScheduleForm
from lofte.core.models import ContactCentre, Organisation
from lofte.core.retention import KINDS, retention_run, retention_schedule_update, schedule_for


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
