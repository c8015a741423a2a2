"""The case handlers' pages under /arenden/<organisation>/: inbox, case detail and its actions."""

from __future__ import annotations

from typing import Any

from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.http import FileResponse, Http404, HttpRequest, HttpResponse, QueryDict
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from lofte.cases import services, settings_services
from lofte.cases.access import get_case_for_user, get_reply_template_for_user, sees_personal_data
from lofte.cases.forms import (
    AssignForm,
    ConvertForm,
    DiarienummerForm,
    MergeForm,
    NoteForm,
    PublicTextForm,
    ReplyForm,
    ReplyTemplateForm,
    StatusForm,
)
from lofte.cases.models import Case, ReplyTemplate
from lofte.cases.police_report import is_reportable
from lofte.cases.saved_views import inbox_query, views_with_counts
from lofte.cases.selectors import case_history, inbox, nearby_open_cases
from lofte.cases.views.saved_views import SavedViewForm
from lofte.core.access import can_in_organisation, get_organisation_for_user
from lofte.core.models import Organisation
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
    partnership. Its filters are GET parameters, so a filtered inbox can be bookmarked or saved as a view."""
    organisation = get_organisation_for_user(request.user, slug, action=Action.VIEW_CASES)
    return inbox_page(request, organisation, query=request.GET.urlencode())


def inbox_page(
    request: HttpRequest,
    organisation: Organisation,
    *,
    query: str,
    view_form: SavedViewForm | None = None,
    status: int = 200,
) -> HttpResponse:
    params = QueryDict(query)
    current = inbox_query(organisation, params)
    cases = inbox(organisation, current.filters, user_id=request.user.pk).order_by("due_at", "-created_at")
    page = Paginator(cases, PAGE_SIZE).get_page(params.get("sida"))
    views, counts = views_with_counts(organisation, request.user)
    return render(
        request,
        "cases/inbox.html",
        {
            "organisation": organisation,
            "form": current.form,
            "query": current.query,
            "page": page,
            "counts": counts,
            "views": views,
            "view_form": view_form or SavedViewForm(initial={"query": current.query}),
            "can_manage": can_in_organisation(request.user, organisation.pk, Action.MANAGE_ORGANISATION),
            "nav_section": "cases",
        },
        status=status,
    )


def _detail(request: HttpRequest, case: Case, status: int = 200, **forms: Form) -> HttpResponse:
    organisation = case.organisation
    suggestions = []
    if case.is_open and case.category and case.has_point:
        suggestions = nearby_open_cases(
            case.category,
            case.latitude,  # type: ignore[arg-type]
            case.longitude,  # type: ignore[arg-type]
            around=case.created_at,
            exclude=case,
        )
    context: dict[str, Any] = {
        "organisation": organisation,
        "case": case,
        "events": case_history(case),
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
    for name, form in context.items():
        if name.endswith("_form"):  # several forms share field names ("text"): each its own ids, so labels match
            form.auto_id = f"{name.removesuffix('_form')}-%s"
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


def _templates_page(request: HttpRequest, organisation: Organisation, form: Form) -> HttpResponse:
    return render(
        request,
        "cases/reply_templates.html",
        {
            "organisation": organisation,
            "templates": ReplyTemplate.objects.filter(organisation=organisation),
            "form": form,
            "can_manage": can_in_organisation(request.user, organisation.pk, Action.MANAGE_ORGANISATION),
            "nav_section": "cases",
            "settings_tab": "templates",
        },
        status=400 if form.errors else 200,
    )


@login_required
def reply_templates(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = get_organisation_for_user(request.user, slug, action=Action.HANDLE_CASES)
    form = ReplyTemplateForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            settings_services.reply_template_create(organisation=organisation, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("cases:reply_templates", slug)
    return _templates_page(request, organisation, form)


@login_required
def reply_template_edit(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    template = get_reply_template_for_user(request.user, slug, pk)
    form = ReplyTemplateForm(request.POST or None, initial={"name": template.name, "text": template.text})
    if request.method == "POST" and form.is_valid():
        try:
            settings_services.reply_template_update(template=template, by=request.user, **form.cleaned_data)
        except ValidationError as error:
            form.add_error(None, error)
        else:
            return redirect("cases:reply_templates", slug)
    return render(
        request,
        "cases/reply_template_form.html",
        {"organisation": template.organisation, "template": template, "form": form, "nav_section": "cases"},
        status=400 if form.errors else 200,
    )


@login_required
@require_POST
def reply_template_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    template = get_reply_template_for_user(request.user, slug, pk)
    settings_services.reply_template_delete(template=template, by=request.user)
    return redirect("cases:reply_templates", slug)
