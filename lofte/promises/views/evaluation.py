"""The yearly evaluation's staff pages: the figures and the current text, drafting, editing a section, each
party's agreement, publication, and the PDF of the current version for review."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods, require_POST

from lofte.core.access import can_in_partnership
from lofte.core.roles import Action
from lofte.core.sections import section_edit
from lofte.promises import evaluation as ev
from lofte.promises.access import get_promise_for_user
from lofte.promises.models import Promise
from lofte.promises.pdf import evaluation_context, pdf_response
from lofte.promises.services import may_approve_for


class SectionForm(forms.Form):
    text = forms.CharField(label=gettext_lazy("Text"), widget=forms.Textarea(attrs={"rows": 14}))
    based_on = forms.IntegerField(widget=forms.HiddenInput)


@login_required
def evaluation(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    promise = get_promise_for_user(request.user, slug, pk)
    partnership = promise.partnership
    record = ev.evaluation_of_year(partnership=partnership, start_year=promise.start_year)
    version = ev.current_version(record)
    context = {**evaluation_context(promise, version), "evaluation_parties": ev.agreement_state(promise, version)}
    agreed = {p.organisation.pk for p in context["evaluation_parties"] if p.agreement}
    context.update(
        {
            "partnership": partnership,
            "promise": promise,
            "evaluation": record,
            "versions": list(record.versions.select_related("created_by").prefetch_related("agreements"))
            if record
            else [],
            "agree_for": [
                p.organisation
                for p in context["evaluation_parties"]
                if version
                and p.organisation.pk not in agreed
                and may_approve_for(user=request.user, organisation=p.organisation)
            ],
            "all_agreed": ev.all_agreed(promise, version),
            "public_version": ev.public_version(record),
            "can_edit": can_in_partnership(request.user, partnership, Action.EDIT_PROMISES),
            "nav_section": "promises",
        }
    )
    return render(request, "promises/evaluation.html", context)


def _back(promise: Promise) -> HttpResponse:
    return redirect("promises:evaluation", promise.partnership.slug, promise.pk)


@login_required
@require_POST
def evaluation_draft(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    promise = get_promise_for_user(request.user, slug, pk, action=Action.EDIT_PROMISES)
    try:
        version = ev.evaluation_draft(promise=promise, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("Version %(number)s är ett nytt utkast från siffrorna. Läs och ändra texten innan parterna godkänner.")
            % {"number": version.number},
        )
    return _back(promise)


@login_required
@require_http_methods(["GET", "POST"])
def evaluation_section(request: HttpRequest, slug: str, pk: int, key: str) -> HttpResponse:
    promise = get_promise_for_user(request.user, slug, pk, action=Action.EDIT_PROMISES)
    record = ev.evaluation_of_year(partnership=promise.partnership, start_year=promise.start_year)
    version = ev.current_version(record)
    section = next((s for s in version.sections if s["key"] == key), None) if version else None
    if record is None or version is None or section is None:
        raise Http404
    return section_edit(
        request,
        SectionForm,
        section=section,
        version=version,
        context={"partnership": promise.partnership, "promise": promise, "nav_section": "promises"},
        template="promises/evaluation_section_form.html",
        save=lambda text, based_on: ev.evaluation_section_save(
            evaluation=record, key=key, text=text, based_on=based_on, by=request.user
        ),
        back=reverse("promises:evaluation", args=[slug, pk]),
    )


@login_required
@require_POST
def evaluation_agree(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    promise = get_promise_for_user(request.user, slug, pk)
    record = ev.evaluation_of_year(partnership=promise.partnership, start_year=promise.start_year)
    may = [o for o in ev.parties(promise) if may_approve_for(user=request.user, organisation=o)]
    if not may:
        raise PermissionDenied
    version = ev.current_version(record)
    try:
        number = int(request.POST.get("version", ""))
        chosen = request.POST.get("organisation")
        organisation = (
            next((o for o in may if str(o.pk) == chosen), None) if chosen else (may[0] if len(may) == 1 else None)
        )
    except ValueError:
        number, organisation = -1, None
    if organisation is None:
        messages.error(request, _("Välj vilken organisation du godkänner för."))
        return _back(promise)
    if record is None or version is None or version.number != number:
        messages.error(request, _("Det finns en nyare version. Läs den och godkänn den i stället."))
        return _back(promise)
    try:
        ev.evaluation_agree(evaluation=record, version=version, organisation=organisation, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(org)s har godkänt version %(number)s.") % {"org": organisation.name, "number": version.number},
        )
    return _back(promise)


@login_required
@require_POST
def evaluation_publish(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    promise = get_promise_for_user(request.user, slug, pk, action=Action.EDIT_PROMISES)
    record = ev.evaluation_of_year(partnership=promise.partnership, start_year=promise.start_year)
    if record is None:
        messages.error(request, _("Det finns ingen utvärdering att publicera än."))
        return _back(promise)
    try:
        ev.evaluation_publish(evaluation=record, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Utvärderingen är publicerad och löftet är utvärderat."))
    return _back(promise)


@login_required
def evaluation_pdf(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    """The promise with the evaluation's current version, as the parties review it before agreeing."""
    promise = get_promise_for_user(request.user, slug, pk)
    record = ev.evaluation_of_year(partnership=promise.partnership, start_year=promise.start_year)
    version = ev.current_version(record)
    if version is None:
        raise Http404
    return pdf_response(request, promise, version, public=False)
