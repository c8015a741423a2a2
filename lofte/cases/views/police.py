"""The pre-filled police report of a graffiti or vandalism case: the printable page, its PDF, and "sent"."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.views.decorators.http import require_POST

from lofte.cases import services
from lofte.cases.access import get_case_for_user, sees_personal_data
from lofte.cases.forms import PoliceReportSentForm
from lofte.cases.models import Case
from lofte.cases.police_report import is_reportable, pdf_filename, police_report_context, render_police_report_pdf


def _reportable_case(request: HttpRequest, slug: str, reference: str, *, write: bool = False) -> Case:
    case = get_case_for_user(request.user, slug, reference, write=write)
    if not is_reportable(case):
        raise Http404  # only graffiti and vandalism have a police report
    return case


def _page(request: HttpRequest, case: Case, form: PoliceReportSentForm, status: int = 200) -> HttpResponse:
    context = police_report_context(
        case, by=request.user, personal=sees_personal_data(request.user, case.organisation_id)
    )
    context.update({"form": form, "nav_section": "cases"})
    return render(request, "cases/police_report.html", context, status=status)


@login_required
def police_report(request: HttpRequest, slug: str, reference: str) -> HttpResponse:
    return _page(request, _reportable_case(request, slug, reference), PoliceReportSentForm())


@login_required
def police_report_pdf(request: HttpRequest, slug: str, reference: str) -> HttpResponse:
    case = _reportable_case(request, slug, reference)
    data = render_police_report_pdf(
        case, by=request.user, personal=sees_personal_data(request.user, case.organisation_id)
    )
    response = HttpResponse(data, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="{pdf_filename(case)}"'
    # It may name the resident: never kept by a shared cache.
    response["Cache-Control"] = "private, no-store"
    return response


@login_required
@require_POST
def police_report_sent(request: HttpRequest, slug: str, reference: str) -> HttpResponse:
    case = _reportable_case(request, slug, reference, write=True)
    form = PoliceReportSentForm(request.POST)
    if form.is_valid():
        try:
            services.case_mark_police_report_sent(
                case=case, by=request.user, police_reference=form.cleaned_data["police_reference"]
            )
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("cases:police_report", slug, reference)
    return _page(request, case, form, status=400)
