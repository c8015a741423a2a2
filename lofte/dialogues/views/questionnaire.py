"""The questionnaire editor: add, edit, reorder and remove a campaign's questions, and the rules across them."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext
from django.views.decorators.http import require_http_methods, require_POST

from lofte.core.access import can_in_partnership
from lofte.core.roles import Action
from lofte.dialogues.access import get_campaign_for_user, get_question_for_user
from lofte.dialogues.forms import AnswerRuleForm, QuestionForm
from lofte.dialogues.models import Campaign, Question
from lofte.dialogues.services import (
    answer_rule_add,
    answer_rule_breaches,
    answer_rule_remove,
    question_add,
    question_codes_in_use,
    question_has_answers,
    question_move,
    question_remove,
    question_unanswered_count,
    question_update,
)


def _context(
    request: HttpRequest,
    campaign: Campaign,
    form: QuestionForm | None = None,
    rule_form: AnswerRuleForm | None = None,
) -> dict:
    rules = campaign.answer_rules.prefetch_related("questions")
    return {
        "campaign": campaign,
        "partnership": campaign.partnership,
        "questions": campaign.questions.all(),
        "rules": [(rule, answer_rule_breaches(rule)) for rule in rules],
        "can_manage": can_in_partnership(request.user, campaign.partnership, Action.MANAGE_DIALOGUES),
        "form": form or QuestionForm(campaign=campaign, prefix="new"),
        "rule_form": rule_form or AnswerRuleForm(campaign=campaign, prefix="rule"),
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


def _required_warnings(question: Question) -> list[str]:
    """What making an optional question required means for a round under way, in this product's terms."""
    campaign = question.campaign
    warnings = []
    blank = question_unanswered_count(question)
    if blank:
        warnings.append(
            ngettext(
                "%(count)s tidigare samtal saknar svar på frågan. Det ändras inte och räknas i analysen som "
                "förut, men den som rättar det måste då fylla i ett svar på frågan.",
                "%(count)s tidigare samtal saknar svar på frågan. De ändras inte och räknas i analysen som "
                "förut, men den som rättar ett av dem måste då fylla i ett svar på frågan.",
                blank,
            )
            % {"count": blank}
        )
    if campaign.period_state() == "during" or campaign.public_form_open:
        warnings.append(
            _(
                "Omgången pågår. Samtal som redan väntar i kö på en telefon som öppnade fältformuläret före "
                "ändringen tas inte emot utan svar på frågan: intervjuaren får öppna dem igen och fylla i det."
            )
        )
    return warnings


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
            warnings = [] if question.required or not form.cleaned_data["required"] else _required_warnings(question)
            if warnings and request.POST.get("confirm_required") != "yes":
                # Nothing is saved until the editor has read what it means and confirms.
                return render(request, "dialogues/question_form.html", {**context, "form": form, "warnings": warnings})
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
        return _questions_fragment(request, campaign, moved=question.pk, moved_direction=direction)
    return redirect(f"{campaign_questions_url(campaign)}#question-{question.pk}")


@login_required
@require_POST
def question_delete(request: HttpRequest, pk: int) -> HttpResponse:
    question = get_question_for_user(request.user, pk, write=True)
    campaign = question.campaign
    question_remove(question=question, by=request.user)
    if request.htmx:
        return _questions_fragment(request, campaign)
    messages.success(request, _("Frågan är borttagen. Svar som redan lämnats finns kvar."))
    return redirect("dialogues:questionnaire", campaign.slug)


def _questions_fragment(request: HttpRequest, campaign: Campaign, **extra: object) -> HttpResponse:
    """The question list for htmx, with the rules beside it swapped out of band: a removed question may have
    taken a rule with it, and the rules name the questions in their order."""
    context = {**_context(request, campaign), **extra, "oob": True}
    html = render_to_string("dialogues/questionnaire.html#questions", context, request) + render_to_string(
        "dialogues/questionnaire.html#rules", context, request
    )
    return HttpResponse(html)


def campaign_questions_url(campaign: Campaign) -> str:
    return reverse("dialogues:questionnaire", args=[campaign.slug])


@login_required
@require_POST
def answer_rule_add_view(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = get_campaign_for_user(request.user, slug, write=True)
    form = AnswerRuleForm(request.POST, campaign=campaign, prefix="rule")
    if not form.is_valid():
        context = _context(request, campaign, rule_form=form)
        return render(request, "dialogues/questionnaire.html", context, status=400)
    answer_rule_add(
        campaign=campaign,
        by=request.user,
        questions=form.cleaned_data["questions"],
        message_sv=form.cleaned_data["message_sv"],
        message_en=form.cleaned_data["message_en"],
    )
    messages.success(request, _("Regeln är tillagd. Den gäller nya samtal, webbsvar, importer och rättelser."))
    return redirect(f"{campaign_questions_url(campaign)}#rules")


@login_required
@require_POST
def answer_rule_delete(request: HttpRequest, slug: str, pk: int) -> HttpResponse:
    campaign = get_campaign_for_user(request.user, slug, write=True)
    answer_rule_remove(rule=get_object_or_404(campaign.answer_rules, pk=pk), by=request.user)
    messages.success(request, _("Regeln är borttagen."))
    return redirect(f"{campaign_questions_url(campaign)}#rules")
