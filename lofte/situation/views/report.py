"""The lägesbild report: the staff page with its text versions, agreement and publication; the public page;
the PDF and the JSON; and the rows behind every figure. Everything reads `Report.dataset`."""

from __future__ import annotations

import difflib
from urllib.parse import quote

from django import forms
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.files.storage import default_storage
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from lofte.core.access import can_in_partnership
from lofte.core.language import language_query
from lofte.core.models import Organisation
from lofte.core.roles import Action
from lofte.core.sections import section_edit
from lofte.situation import draft
from lofte.situation.access import get_published_report, get_report_for_user
from lofte.situation.models import Report, ReportVersion
from lofte.situation.rendering import pdf_filename, report_context, report_json, report_pdf
from lofte.situation.selectors import (
    agreement_state,
    all_agreed,
    current_version,
    is_current_dataset,
    organisations_user_may_agree_for,
    public_version,
)
from lofte.situation.services import (
    report_agree,
    report_publish,
    report_section_save,
    report_unpublish,
    report_version_draft,
)


class SectionForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Text"),
        max_length=draft.SECTION_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 14}),
        help_text=gettext_lazy(
            "Varje mening slutar med sina källor inom dubbla hakparenteser, till exempel [[cell:belysning:kommun]]. "
            "Behåll dem när du ändrar en siffra, så att läsaren hittar raderna bakom."
        ),
    )
    based_on = forms.IntegerField(widget=forms.HiddenInput)


def _ref_url(slug: str, year: int, *, public: bool):
    base = reverse("situation_public:rows" if public else "situation:rows", args=[slug, year])
    language = language_query().replace("?", "&") if public else ""  # the public pages keep English in the address
    return lambda ref: f"{base}?ref={quote(ref, safe=':')}{language}"


def _alternates(report: Report, *, public: bool) -> dict[str, str]:
    ns = "situation_public" if public else "situation"
    args = [report.partnership.slug, report.year]
    return {"pdf": reverse(f"{ns}:report_pdf", args=args), "json": reverse(f"{ns}:report_json", args=args)}


@login_required
def report(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    report = get_report_for_user(request.user, slug, year)
    version = current_version(report)
    can_edit = can_in_partnership(request.user, report.partnership, Action.EDIT_SITUATION)
    context = report_context(report, version, ref_url=_ref_url(slug, year, public=False), public=False)
    agreed_ids = {p.organisation.pk for p in context["parties"] if p.agreement}
    context.update(
        {
            "partnership": report.partnership,
            "nav_section": "situation",
            "can_edit": can_edit,
            "agree_for": [o for o in organisations_user_may_agree_for(request.user, report) if o.pk not in agreed_ids]
            if version
            else [],
            "all_agreed": all_agreed(report, version),
            "public_version": public_version(report),
            "stale": version is not None and not is_current_dataset(report, version),
            "alternates": _alternates(report, public=False),
        }
    )
    return render(request, "situation/report.html", context)


@login_required
@require_POST
def report_draft(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    report = get_report_for_user(request.user, slug, year, write=True)
    try:
        version = report_version_draft(report=report, by=request.user, language=translation.get_language() or "sv")
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request, _("Version %(number)s är ett nytt utkast från dataunderlaget.") % {"number": version.number}
        )
    return redirect("situation:report", slug, year)


@login_required
def report_section_edit(request: HttpRequest, slug: str, year: int, key: str) -> HttpResponse:
    report = get_report_for_user(request.user, slug, year, write=True)
    version = current_version(report)
    section = next((s for s in version.sections if s["key"] == key), None) if version else None
    if section is None:
        raise Http404
    return section_edit(
        request,
        SectionForm,
        section=section,
        version=version,
        context={"report": report, "partnership": report.partnership, "nav_section": "situation"},
        template="situation/report_section_form.html",
        save=lambda text, based_on: report_section_save(
            report=report, key=key, text=text, based_on=based_on, by=request.user
        ),
        back=reverse("situation:report", args=[slug, year]),
    )


@login_required
def report_versions(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    report = get_report_for_user(request.user, slug, year)
    versions = list(report.versions.select_related("created_by").prefetch_related("agreements__organisation"))
    return render(
        request,
        "situation/report_versions.html",
        {"report": report, "partnership": report.partnership, "versions": versions, "nav_section": "situation"},
    )


def _diff_lines(before: str, after: str) -> list[tuple[str, str]]:
    """Sentence by sentence: ("same" | "removed" | "added", sentence)."""
    a = [s.marked() for s in draft.split_sentences(before)]
    b = [s.marked() for s in draft.split_sentences(after)]
    out = []
    for line in difflib.ndiff(a, b):
        tag, text = line[:2], line[2:]
        if tag == "  ":
            out.append(("same", text))
        elif tag == "- ":
            out.append(("removed", text))
        elif tag == "+ ":
            out.append(("added", text))
    return out


@login_required
def report_diff(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    report = get_report_for_user(request.user, slug, year)
    try:
        a_number, b_number = int(request.GET.get("a", "")), int(request.GET.get("b", ""))
    except ValueError as error:
        raise Http404 from error
    a = get_object_or_404(ReportVersion, report=report, number=a_number)
    b = get_object_or_404(ReportVersion, report=report, number=b_number)
    a_sections = {s["key"]: s for s in a.sections}
    b_sections = {s["key"]: s for s in b.sections}
    keys = [s["key"] for s in b.sections] + [k for k in a_sections if k not in b_sections]
    sections = []
    for key in keys:
        before, after = a_sections.get(key, {}), b_sections.get(key, {})
        lines = _diff_lines(before.get("text", ""), after.get("text", ""))
        sections.append(
            {
                "heading": after.get("heading") or before.get("heading"),
                "lines": lines,
                "changed": any(kind != "same" for kind, _t in lines),
            }
        )
    return render(
        request,
        "situation/report_diff.html",
        {
            "report": report,
            "partnership": report.partnership,
            "a": a,
            "b": b,
            "sections": sections,
            "nav_section": "situation",
        },
    )


@login_required
@require_POST
def report_agree_view(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    report = get_report_for_user(request.user, slug, year)
    version = current_version(report)
    may_agree_for = organisations_user_may_agree_for(request.user, report)
    if not may_agree_for:
        raise PermissionDenied
    try:
        number = int(request.POST.get("version", ""))
        # A member of one party agrees for it without choosing; a member of several says which.
        organisation = (
            Organisation.objects.get(pk=int(request.POST["organisation"]))
            if request.POST.get("organisation")
            else may_agree_for[0]
            if len(may_agree_for) == 1
            else None
        )
    except (ValueError, Organisation.DoesNotExist):
        organisation = None
        number = -1
    if organisation is None:
        messages.error(request, _("Välj vilken organisation du godkänner för."))
        return redirect("situation:report", slug, year)
    if version is None or version.number != number:
        messages.error(request, _("Det finns en nyare version. Läs den och godkänn den i stället."))
        return redirect("situation:report", slug, year)
    try:
        report_agree(report=report, version=version, organisation=organisation, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(
            request,
            _("%(org)s har godkänt version %(number)s.") % {"org": organisation.name, "number": version.number},
        )
    return redirect("situation:report", slug, year)


@login_required
@require_POST
def report_publish_view(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    report = get_report_for_user(request.user, slug, year, write=True)
    try:
        report_publish(report=report, by=request.user)
    except ValidationError as error:
        messages.error(request, " ".join(error.messages))
    else:
        messages.success(request, _("Lägesbilden är publicerad."))
    return redirect("situation:report", slug, year)


@login_required
@require_POST
def report_unpublish_view(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    report = get_report_for_user(request.user, slug, year, write=True)
    report_unpublish(report=report, by=request.user)
    messages.success(request, _("Lägesbilden är inte längre publicerad."))
    return redirect("situation:report", slug, year)


def _pdf_response(request: HttpRequest, report: Report, version: ReportVersion, *, public: bool) -> FileResponse:
    relative = _ref_url(report.partnership.slug, report.year, public=public)
    name, _spent = report_pdf(
        report, version, ref_url=lambda ref: request.build_absolute_uri(relative(ref)), public=public
    )
    return FileResponse(default_storage.open(name, "rb"), content_type="application/pdf", filename=pdf_filename(report))


@login_required
def report_pdf_view(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    report = get_report_for_user(request.user, slug, year)
    version = current_version(report)
    if version is None:
        raise Http404
    return _pdf_response(request, report, version, public=False)


@login_required
def report_json_view(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    report = get_report_for_user(request.user, slug, year)
    version = current_version(report)
    if version is None:
        raise Http404
    return JsonResponse(report_json(report, version, public=False), json_dumps_params={"ensure_ascii": False})


def _flat(row: dict, prefix: str = "") -> list[tuple[str, str]]:
    out = []
    for key, value in row.items():
        if isinstance(value, dict):
            out += _flat(value, f"{prefix}{key}.")
        elif isinstance(value, list) and value and isinstance(value[0], (dict, list)):
            continue
        else:
            out.append((f"{prefix}{key}", ", ".join(map(str, value)) if isinstance(value, list) else str(value)))
    return out


def _rows_page(request: HttpRequest, report: Report, *, public: bool) -> HttpResponse:
    ref = request.GET.get("ref", "")
    rows = [_flat(r) for r in draft.dataset_rows(report.dataset, ref)] if ref else []
    return render(
        request,
        "situation/report_rows.html",
        {
            "report": report,
            "partnership": report.partnership,
            "ref": ref,
            "rows": rows,
            "public": public,
            "back": reverse(
                "situation_public:report" if public else "situation:report", args=[report.partnership.slug, report.year]
            )
            + (language_query() if public else ""),
            "nav_section": "situation",
        },
        status=200 if rows or not ref else 404,
    )


@login_required
def rows(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    return _rows_page(request, get_report_for_user(request.user, slug, year), public=False)


# --- Public, once published ----------------------------------------------------------------------------------


def public_report(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    report = get_published_report(slug, year)
    version = public_version(report)
    context = report_context(report, version, ref_url=_ref_url(slug, year, public=True), public=True)
    context.update({"alternates": _alternates(report, public=True), "parties": agreement_state(report, version)})
    return render(request, "situation/report_public.html", context)


def public_report_pdf(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    report = get_published_report(slug, year)
    return _pdf_response(request, report, public_version(report), public=True)


def public_report_json(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    report = get_published_report(slug, year)
    return JsonResponse(
        report_json(report, public_version(report), public=True), json_dumps_params={"ensure_ascii": False}
    )


def public_rows(request: HttpRequest, slug: str, year: int) -> HttpResponse:
    return _rows_page(request, get_published_report(slug, year), public=True)
