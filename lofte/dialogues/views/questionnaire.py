"""The questionnaire editor: add, edit, reorder and remove a campaign's questions."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from lofte.core.access import can_in_partnership
from lofte.core.roles import Action
from lofte.dialogues.access import get_campaign_for_user, get_question_for_user
from lofte.dialogues.forms import QuestionForm
from lofte.dialogues.models import Campaign
from lofte.dialogues.services import (
    question_add,
    question_codes_in_use,
    question_has_answers,
    question_move,
    question_remove,
    question_update,
)


def _context(request: HttpRequest, campaign: Campaign, form: QuestionForm | None = None) -> dict:
    return {
        "campaign": campaign,
        "partnership": campaign.partnership,
        "questions": campaign.questions.all(),
        "can_manage": can_in_partnership(request.user, campaign.partnership, Action.MANAGE_DIALOGUES),
        "form": form or QuestionForm(campaign=campaign, prefix="new"),
        "nav_section": "dialogues",
    }


@login_required
@require_http_methods(["GET", "POST"])
def questionnaire(request: HttpRequest, slug: str) -> HttpResponse:
    """GET shows the questions (anyone who sees the campaign); POST adds one (MANAGE_DIALOGUES)."""
    campaign = get_campaign_for_user(request.user, slug, write=request.method == "POST")
    if request.method == "POST":
        form = QuestionForm(request.POST, campaign=campaign, prefix="new")
        if not form.is_valid():
            return render(request, "dialogues/questionnaire.html", _context(request, campaign, form), status=400)
        question_add(campaign=campaign, by=request.user, **form.service_fields())
        messages.success(request, _("Frågan är tillagd."))
        return redirect("dialogues:questionnaire", campaign.slug)
    return render(request, "dialogues/questionnaire.html", _context(request, campaign))


@login_required
@require_http_methods(["GET", "POST"])
def question_edit(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_question_for_user(request.user, pk, write=True)
    campaign = question.campaign
    locked = question_has_answers(question)
    in_use = question_codes_in_use(question) if locked else set()
    context = {
        "campaign": campaign,
        "partnership": campaign.partnership,
        "question": question,
        "nav_section": "dialogues",
    }
    if request.method == "POST":
        form = QuestionForm(request.POST, instance=question, campaign=campaign, key_locked=locked, codes_in_use=in_use)
        if form.is_valid():
            question.refresh_from_db()
            try:
                question_update(question=question, by=request.user, **form.service_fields())
            except ValidationError as error:
                # The service names the stored field; the form edits the options as text.
                problems = error.message_dict if hasattr(error, "error_dict") else {None: error.messages}
                for name, messages_ in problems.items():
                    form.add_error("choices_text" if name == "choices" else name, messages_)
            else:
                messages.success(request, _("Frågan är sparad."))
                return redirect("dialogues:questionnaire", campaign.slug)
        return render(request, "dialogues/question_form.html", {**context, "form": form}, status=400)
    form = QuestionForm(instance=question, campaign=campaign, key_locked=locked, codes_in_use=in_use)
    return render(request, "dialogues/question_form.html", {**context, "form": form})


@login_required
@require_POST
def question_move_view(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_question_for_user(request.user, pk, write=True)
    direction = request.POST.get("direction", "")
    if direction not in ("up", "down"):
        return HttpResponse(_("Ange upp eller ned."), status=400)
    question_move(question=question, by=request.user, direction=direction)
    campaign = question.campaign
    if request.htmx:
        # htmx focuses the [autofocus] button of the swapped list: the moved question's same button.
        context = {**_context(request, campaign), "moved": question.pk, "moved_direction": direction}
        return render(request, "dialogues/questionnaire.html#questions", context)
    return redirect(f"{campaign_questions_url(campaign)}#question-{question.pk}")


@login_required
@require_POST
def question_delete(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_question_for_user(request.user, pk, write=True)
    campaign = question.campaign
    question_remove(question=question, by=request.user)
    if request.htmx:
        return render(request, "dialogues/questionnaire.html#questions", _context(request, campaign))
    messages.success(request, _("Frågan är borttagen. Svar som redan lämnats finns kvar."))
    return redirect("dialogues:questionnaire", campaign.slug)


def campaign_questions_url(campaign: Campaign) -> str:
    return reverse("dialogues:questionnaire", args=[campaign.slug])
