"""Field capture: one phone screen per conversation, a plain POST without JavaScript and a JSON endpoint
for capture.js's offline queue. Both go through the same submission and the same idempotency key."""

from __future__ import annotations

import uuid

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse, JsonResponse, QueryDict
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_GET, require_http_methods, require_POST

from lofte.core.offline import offline_form_worker
from lofte.core.retention import schedule_for
from lofte.core.roles import Action
from lofte.dialogues.access import can_correct_dialogue, get_campaign_for_user
from lofte.dialogues.answers import load_questionnaire, rule_message
from lofte.dialogues.forms import ContactForm, PointForm, RespondentForm, answer_fields
from lofte.dialogues.models import Campaign, Dialogue
from lofte.dialogues.views.submission import Submission, error_links, receipt_of, submit
from lofte.lib.untrusted import UnstorableText, json_loads

MAX_JSON_BYTES = 256 * 1024
# Bump when the service worker changes, so phones drop the pages and files kept by the old one.
SERVICE_WORKER_VERSION = "1"
CACHE_PREFIX = "lofte-field-form-"


def _todays(request: HttpRequest, campaign: Campaign) -> list[Dialogue]:
    """The user's conversations stored today (the ones they may still correct), latest conducted first: a
    queue sent after a dead spot arrives in one burst, so the time stored says nothing about the order."""
    today = timezone.localdate()
    dialogues = Dialogue.objects.filter(campaign=campaign, recorded_by=request.user, created_at__date=today).order_by(
        "-conducted_at", "-pk"
    )[:20]
    return [d for d in dialogues if can_correct_dialogue(request.user, d)]


def _render(request: HttpRequest, campaign: Campaign, submission: Submission | None, status: int = 200) -> HttpResponse:
    if submission is None:
        spec = load_questionnaire(campaign)
        place = request.GET.get("plats")
        point = PointForm(campaign=campaign, initial={"place": place} if place else None)
        respondent, contact = RespondentForm(campaign=campaign), ContactForm()
        fields = answer_fields(spec)
        key = uuid.uuid4()
        errors = False
    else:
        spec = submission.spec
        point, respondent, contact = submission.point, submission.respondent, submission.contact
        fields = answer_fields(submission.spec, values=submission.raw, errors=submission.answer_errors)
        key = submission.idempotency_key or uuid.uuid4()
        errors = True
    todays = _todays(request, campaign)
    return render(
        request,
        "dialogues/capture.html",
        {
            "campaign": campaign,
            "partnership": campaign.partnership,
            "fields": fields,
            "point": point,
            "respondent": respondent,
            "contact": contact,
            "idempotency_key": key,
            "has_errors": errors,
            "other_errors": submission.other_errors if submission else [],
            "todays": todays,
            "contact_days": schedule_for(campaign.partnership.municipality).contact_request_days,
            # Stored today is not conducted today (a queue sent the next morning): those show their date.
            "today": timezone.localdate(),
            # What capture.js checks before queueing, beside the required questions.
            "answer_rules": [{"keys": rule.keys, "message": rule_message(rule, spec)} for rule in spec.rules],
            "period_state": campaign.period_state(),
            "error_links": error_links(fields, [point, respondent, contact]) if errors else [],
            "cache_name": service_worker_cache_name(),
            "api_url": reverse("dialogues:capture_api", args=[campaign.slug]),
            "nav_section": "dialogues",
        },
        status=status,
    )


def service_worker_cache_name() -> str:
    """The name of the cache the worker keeps the field form in; offline-form.js fills it on the first visit."""
    return f"{CACHE_PREFIX}{SERVICE_WORKER_VERSION}"


@login_required
@require_http_methods(["GET", "POST"])
def capture(request: HttpRequest, slug: str) -> HttpResponse:
    campaign = get_campaign_for_user(request.user, slug, action=Action.RECORD_DIALOGUE)
    if request.method == "GET":
        return _render(request, campaign, None)
    submission = submit(campaign, request.POST, by=request.user, channel=Dialogue.Channel.FIELD)
    if not submission.ok:
        return _render(request, campaign, submission, status=400)
    messages.success(
        request, _("Samtalet är sparat (nr %(receipt)s). Nästa!") % {"receipt": receipt_of(submission.dialogue)}
    )
    url = reverse("dialogues:capture", args=[campaign.slug])
    place = submission.point.cleaned_data.get("place")
    return redirect(f"{url}?plats={place.pk}" if place else url)


@login_required
@require_POST
def capture_api(request: HttpRequest, slug: str) -> JsonResponse:
    """One queued conversation as JSON: {"idempotency_key": "...", "fields": [[name, value], ...]}, the form's
    fields as the page posts them. 201 when stored, 200 when the key was already stored (a retry), 400 with
    {"errors": {field: [message]}} when the answers are invalid (retrying will not help)."""
    campaign = get_campaign_for_user(request.user, slug, action=Action.RECORD_DIALOGUE)
    if len(request.body) > MAX_JSON_BYTES:
        return JsonResponse({"errors": {"__all__": [_("Samtalet är för stort för att skickas.")]}}, status=413)
    if request.content_type != "application/json":
        # The same record as a form post (a client without the queue): identical handling.
        return _json_result(submit(campaign, request.POST, by=request.user, channel=Dialogue.Channel.FIELD))
    try:
        payload = json_loads(request.body)
        pairs = payload["fields"]
        data = QueryDict(mutable=True)
        for name, value in pairs:
            data.appendlist(str(name), str(value))
        if payload.get("idempotency_key"):
            data["idempotency_key"] = str(payload["idempotency_key"])
    except UnstorableText:
        message = _("Samtalet innehåller ett otillåtet tecken (NUL eller ett trasigt Unicode-tecken).")
        return JsonResponse({"errors": {"__all__": [message]}}, status=400)
    except (ValueError, KeyError, TypeError):
        return JsonResponse({"errors": {"__all__": [_("Samtalet kunde inte läsas.")]}}, status=400)
    return _json_result(submit(campaign, data, by=request.user, channel=Dialogue.Channel.FIELD))


def _json_result(submission: Submission) -> JsonResponse:
    if not submission.ok:
        return JsonResponse({"errors": submission.errors_by_field()}, status=400)
    dialogue = submission.dialogue
    return JsonResponse(
        {"id": dialogue.pk, "receipt": receipt_of(dialogue), "created": submission.created},
        status=201 if submission.created else 200,
    )


@require_GET
def capture_service_worker(request: HttpRequest) -> HttpResponse:
    """The field form's service worker, served under /dialoger/ so that its scope covers the field form."""
    return offline_form_worker(
        request,
        cache_name=service_worker_cache_name(),
        cache_prefix=CACHE_PREFIX,
        page_pattern=r"^/dialoger/omgang/[^/]+/falt/$",
    )
