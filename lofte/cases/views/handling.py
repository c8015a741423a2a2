"""The case handlers' pages under /arenden/<organisation>/: inbox, case detail and its actions."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lofte.cases import services
from lofte.cases.access import get_case_for_user, get_reply_template_for_user, sees_personal_data
from lofte.cases.forms import (
    AssignForm,
    ConvertForm,
    DiarienummerForm,
    InboxFilterForm,
    MergeForm,
    NoteForm,
    PublicTextForm,
    ReplyForm,
    ReplyTemplateForm,
    StatusForm,
)
from lofte.cases.models import Case, ReplyTemplate
from lofte.cases.police_report import is_reportable
from lofte.cases.selectors import InboxFilters, inbox, inbox_counts, nearby_open_cases
from lofte.core.access import get_organisation_for_user
from lofte.core.audit import audit_log
from lofte.core.roles import Action
from lofte.core.views.pickers import pick_organisation

PAGE_SIZE = 50


@login_required
def index(request: HttpRequest) -> HttpResponse:
    return pick_organisation(
        request, section="cases", title=_("Ärenden"), url_name="cases:organisation", action=Action.VIEW_CASES
    )


@login_required
def organisation(request: HttpRequest, slug: str) -> HttpResponse:
    """The inbox. Feedback and fault reports are internal to one organisation: never shared through a
    partnership."""
    organisation = get_organisation_for_user(request.user, slug, action=Action.VIEW_CASES)
    form = InboxFilterForm(request.GET or {"status": "open"}, organisation=organisation)
    data = form.cleaned_data if form.is_valid() else {"status": "open"}
    filters = InboxFilters(
        status=data.get("status", ""),
        kind=data.get("kind", ""),
        category=int(data["category"]) if data.get("category") else None,
        area=int(data["area"]) if data.get("area") else None,
        overdue=bool(data.get("overdue")),
        mine=bool(data.get("mine")),
        priority=bool(data.get("priority")),
    )
    cases = inbox(organisation, filters, user_id=request.user.pk).order_by("due_at", "-created_at")
    page = Paginator(cases, PAGE_SIZE).get_page(request.GET.get("sida"))
    return render(
        request,
        "cases/inbox.html",
        {
            "organisation": organisation,
            "form": form,
            "page": page,
            "counts": inbox_counts(organisation),
            "nav_section": "cases",
        },
    )


def _detail(request: HttpRequest, case: Case, status: int = 200, **forms: Form) -> HttpResponse:
    organisation = case.organisation
    suggestions = []
    if case.is_open and case.category and case.has_point:
        suggestions = [
            n
            for n in nearby_open_cases(case.category, case.latitude, case.longitude)  # type: ignore[arg-type]
            if n.case.pk != case.pk and n.case.organisation_id == organisation.pk
        ]
    context: dict[str, Any] = {
        "organisation": organisation,
        "case": case,
        "events": case.events.select_related("actor"),
        "merged": case.merged.all(),
        "personal": sees_personal_data(request.user, organisation.pk),
        "suggestions": suggestions,
        "police_report": is_reportable(case),
        "assign_form": AssignForm(
            organisation=organisation, initial={"handler": case.assigned_to_id, "group": case.group_id}
        ),
        "status_form": StatusForm(initial={"status": case.status}),
        "reply_form": ReplyForm(organisation=organisation),
        "note_form": NoteForm(),
        "public_form": PublicTextForm(initial={"text": case.public_text or case.message}),
        "diarienummer_form": DiarienummerForm(initial={"diarienummer": case.diarienummer}),
        "merge_form": MergeForm(),
        "convert_form": ConvertForm(
            organisation=organisation,
            initial={"kind": case.kind, "category": case.category_id, "feedback_type": case.feedback_type},
        ),
        "nav_section": "cases",
    }
    context.update(forms)
    return render(request, "cases/case_detail.html", context, status=status)


@login_required
def case_detail(request: HttpRequest, slug: str, reference: str) -> HttpResponse:
    return _detail(request, get_case_for_user(request.user, slug, reference))


@login_required
def case_photo(request: HttpRequest, slug: str, reference: str) -> HttpResponse:
    case = get_case_for_user(request.user, slug, reference)
    if not case.photo:
        raise Http404
    return FileResponse(case.photo.open("rb"), content_type="image/jpeg")


def _act(request: HttpRequest, slug: str, reference: str, form_name: str, make_form: Any, act: Any) -> HttpResponse:
    case = get_case_for_user(request.user, slug, reference, write=True)
    form = make_form(case)
    if form.is_valid():
        try:
            act(case, form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect(case)
    return _detail(request, case, status=400, **{form_name: form})


@login_required
@require_POST
def case_assign(request: HttpRequest, slug: str, reference: str) -> HttpResponse:
    return _act(
        request,
        slug,
        reference,
        "assign_form",
        lambda case: AssignForm(request.POST, organisation=case.organisation),
        lambda case, d: services.case_assign(case=case, by=request.user, handler=d["handler"], group=d["group"]),
    )


@login_required
@require_POST
def case_status(request: HttpRequest, slug: str, reference: str) -> HttpResponse:
    return _act(
        request,
        slug,
        reference,
        "status_form",
        lambda case: StatusForm(request.POST),
        lambda case, d: services.case_set_status(case=case, by=request.user, status=d["status"], message=d["message"]),
    )


@login_required
@require_POST
def case_reply(request: HttpRequest, slug: str, reference: str) -> HttpResponse:
    return _act(
        request,
        slug,
        reference,
        "reply_form",
        lambda case: ReplyForm(request.POST, organisation=case.organisation),
        lambda case, d: services.case_reply(case=case, by=request.user, text=d["text"]),
    )


@login_required
@require_POST
def case_note(request: HttpRequest, slug: str, reference: str) -> HttpResponse:
    return _act(
        request,
        slug,
        reference,
        "note_form",
        lambda case: NoteForm(request.POST),
        lambda case, d: services.case_note(case=case, by=request.user, text=d["text"]),
    )


@login_required
@require_POST
def case_public_text(request: HttpRequest, slug: str, reference: str) -> HttpResponse:
    return _act(
        request,
        slug,
        reference,
        "public_form",
        lambda case: PublicTextForm(request.POST),
        lambda case, d: services.case_edit_public_text(case=case, by=request.user, text=d["text"]),
    )


@login_required
@require_POST
def case_diarienummer(request: HttpRequest, slug: str, reference: str) -> HttpResponse:
    return _act(
        request,
        slug,
        reference,
        "diarienummer_form",
        lambda case: DiarienummerForm(request.POST),
        lambda case, d: services.case_set_diarienummer(case=case, by=request.user, diarienummer=d["diarienummer"]),
    )


@login_required
@require_POST
def case_merge(request: HttpRequest, slug: str, reference: str) -> HttpResponse:
    def act(case: Case, data: dict) -> None:
        into = Case.objects.filter(organisation=case.organisation, reference=data["into"].strip()).first()
        if into is None:
            raise ValidationError(_("Det finns inget ärende med det referensnumret."))
        services.case_merge(case=case, into=into, by=request.user)

    return _act(request, slug, reference, "merge_form", lambda case: MergeForm(request.POST), act)


@login_required
@require_POST
def case_convert(request: HttpRequest, slug: str, reference: str) -> HttpResponse:
    return _act(
        request,
        slug,
        reference,
        "convert_form",
        lambda case: ConvertForm(request.POST, organisation=case.organisation),
        lambda case, d: services.case_convert(
            case=case, by=request.user, kind=d["kind"], category=d["category"], feedback_type=d["feedback_type"]
        ),
    )


@login_required
def reply_templates(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, slug, action=Action.HANDLE_CASES)
    form = ReplyTemplateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        template = form.save(commit=False)
        template.organisation = organisation
        template.save()
        audit_log(actor=request.user, action="case_reply_template.create", target=template, organisation=organisation)
        return redirect("cases:reply_templates", slug)
    return render(
        request,
        "cases/reply_templates.html",
        {
            "organisation": organisation,
            "templates": ReplyTemplate.objects.filter(organisation=organisation),
            "form": form,
            "nav_section": "cases",
        },
        status=400 if form.errors else 200,
    )


@login_required
def reply_template_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    template = get_reply_template_for_user(request.user, slug, pk)
    form = ReplyTemplateForm(request.POST or None, instance=template)
    if request.method == "POST" and form.is_valid():
        before = {"name": template.name, "text": template.text}
        form.save()
        audit_log(
            actor=request.user,
            action="case_reply_template.update",
            target=template,
            organisation=template.organisation,
            changes={k: [before[k], getattr(template, k)] for k in before if before[k] != getattr(template, k)},
        )
        return redirect("cases:reply_templates", slug)
    return render(
        request,
        "cases/reply_template_form.html",
        {"organisation": template.organisation, "template": template, "form": form, "nav_section": "cases"},
        status=400 if form.errors else 200,
    )
