"""The public web form of a campaign: no login, Swedish and English, a honeypot and a rate limit per address."""

from __future__ import annotations

import logging
import uuid
from urllib.parse import urlencode

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.db import DatabaseError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods

from lofte.core import kept
from lofte.core.retention import schedule_for
from lofte.dialogues.access import get_public_campaign
from lofte.dialogues.answers import load_questionnaire
from lofte.dialogues.forms import ContactForm, RespondentForm, answer_fields, raw_answers
from lofte.dialogues.models import Campaign, Dialogue
from lofte.dialogues.views.submission import Submission, error_links, receipt_of, submit

logger = logging.getLogger(__name__)

# Accepted submissions per address and RATE_WINDOW: settings.LOFTE_PUBLIC_FORM_RATE_LIMIT (default 60), high
# enough for a school class or a library behind one address, low enough to stop a script.
DEFAULT_RATE_LIMIT = 60
RATE_WINDOW = 10 * 60  # seconds
HONEYPOT = "website"
# The empty form is kept (lofte.core.kept): rendering it (the questionnaire, the outline map's projection,
# the translations) costs some 50 times a bare view. Each visitor gets their own submission key in it.
_KEY_SLOT = "lofte-key-slot-9b27"


def _served(request: HttpRequest, html: str) -> HttpResponse:
    return kept.served(request, html, {_KEY_SLOT: str(uuid.uuid4())})


# The receipt travels signed in the redirect's query string, not in the session: after the answer is committed
# nothing more is written, so a busy database can never show an error for an answer that is stored.
RECEIPT_SALT = "lofte.dialogues.receipt"
RECEIPT_MAX_AGE = 60 * 60  # seconds: the receipt page can be reloaded for an hour


def client_address(request: HttpRequest) -> str:
    """The resident's address for the rate limit.

    Behind LOFTE_TRUSTED_PROXIES proxies, each of which appends the address it saw to X-Forwarded-For, the
    client is the entry that many places from the right: anything further left the client wrote itself
    and is not trusted. Without trusted proxies (or with a header shorter than expected) REMOTE_ADDR."""
    proxies = settings.LOFTE_TRUSTED_PROXIES
    if proxies > 0:
        hops = [hop.strip() for hop in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",") if hop.strip()]
        if len(hops) >= proxies:
            return hops[-proxies]
    return request.META.get("REMOTE_ADDR", "") or "unknown"


def _rate_key(request: HttpRequest) -> str:
    return f"dialogues:public:{client_address(request)}"


def rate_limit() -> int:
    return int(getattr(settings, "LOFTE_PUBLIC_FORM_RATE_LIMIT", DEFAULT_RATE_LIMIT))


def _over_limit(request: HttpRequest) -> bool:
    return (cache.get(_rate_key(request)) or 0) >= rate_limit()


def _count_submission(request: HttpRequest) -> None:
    """Count an accepted answer. It runs after the answer is committed: a counter the database could not update
    in time costs one uncounted answer, never an error page for a stored one."""
    key = _rate_key(request)
    try:
        if not cache.add(key, 1, RATE_WINDOW):
            try:
                cache.incr(key)
            except ValueError:
                cache.set(key, 1, RATE_WINDOW)
    except DatabaseError:
        logger.warning("public form: rate-limit counter not updated (database busy)")


def _render(
    request: HttpRequest, campaign: Campaign, submission: Submission | None, status: int = 200, limited: bool = False
) -> HttpResponse:
    context = _context(request, campaign, submission, limited=limited)
    if submission is None and kept.shared_page(request):
        html = render_to_string(
            "dialogues/public_form.html",
            {**context, "csrf_token": kept.CSRF_SLOT, "idempotency_key": _KEY_SLOT},
            request=request,
        )
        kept.keep_page(kept.page_key(request, f"dialogues:public:{campaign.slug}"), html)
        return _served(request, html)
    return render(request, "dialogues/public_form.html", context, status=status)


def _context(request: HttpRequest, campaign: Campaign, submission: Submission | None, limited: bool) -> dict:
    language = get_language() or "sv"
    if submission is None:
        spec = load_questionnaire(campaign)
        fields = answer_fields(spec, language=language)
        respondent, contact = RespondentForm(campaign=campaign), ContactForm()
        key = uuid.uuid4()
    else:
        fields = answer_fields(
            submission.spec, values=submission.raw, errors=submission.answer_errors, language=language
        )
        respondent, contact = submission.respondent, submission.contact
        key = submission.idempotency_key or uuid.uuid4()
    return {
        "campaign": campaign,
        "fields": fields,
        "respondent": respondent,
        "contact": contact,
        "idempotency_key": key,
        "has_errors": submission is not None and not limited,
        "other_errors": submission.other_errors if submission else [],
        "error_links": error_links(fields, [respondent, contact]) if submission is not None and not limited else [],
        "limited": limited,
        "honeypot": HONEYPOT,
        "contact_days": schedule_for(campaign.partnership.municipality).contact_request_days,
    }


@require_http_methods(["GET", "POST"])
def public_form(request: HttpRequest, slug: str) -> HttpResponse:
    if kept.shared_page(request) and (html := kept.kept_page(kept.page_key(request, f"dialogues:public:{slug}"))):
        return _served(request, html)
    try:
        campaign = get_public_campaign(slug)
    except Http404:
        return _closed(request)
    if campaign.period_state() != "during":
        return _outside_period(request, campaign)
    if request.method == "GET":
        return _render(request, campaign, None)
    if _over_limit(request):
        submission = Submission(
            campaign=campaign,
            spec=load_questionnaire(campaign),
            raw={},
            point=None,
            respondent=RespondentForm(request.POST, campaign=campaign),  # type: ignore[arg-type]
            contact=ContactForm(request.POST),
            idempotency_key=None,
        )
        submission.raw = raw_answers(submission.spec, request.POST)
        return _render(request, campaign, submission, status=429, limited=True)
    if request.POST.get(HONEYPOT):
        # A bot filled the field people cannot see: answer as if stored, store nothing.
        _count_submission(request)
        return _to_receipt(campaign, uuid.uuid4().hex[:8].upper())
    submission = submit(campaign, request.POST, by=None, channel=Dialogue.Channel.WEB, with_point=False)
    if not submission.ok:
        return _render(request, campaign, submission, status=400)
    if submission.created:
        _count_submission(request)
    return _to_receipt(campaign, receipt_of(submission.dialogue))


def _to_receipt(campaign: Campaign, receipt: str) -> HttpResponse:
    token = signing.dumps({"c": campaign.slug, "r": receipt}, salt=RECEIPT_SALT, compress=True)
    return redirect(f"{reverse('dialogues_public:receipt', args=[campaign.slug])}?{urlencode({'k': token})}")


def _receipt_from(request: HttpRequest, campaign: Campaign) -> str | None:
    try:
        data = signing.loads(request.GET.get("k", ""), salt=RECEIPT_SALT, max_age=RECEIPT_MAX_AGE)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or data.get("c") != campaign.slug:
        return None
    return str(data.get("r", "")) or None


def public_receipt(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        campaign = get_public_campaign(slug)
    except Http404:
        return _closed(request)
    receipt = _receipt_from(request, campaign)
    if receipt is None:
        return redirect("dialogues_public:form", campaign.slug)
    return render(request, "dialogues/public_receipt.html", {"campaign": campaign, "receipt": receipt})


def _outside_period(request: HttpRequest, campaign: Campaign) -> HttpResponse:
    """Before the campaign starts or after it has ended the form takes no answers (status 404, like a closed form);
    what was typed into a form opened before the end is not stored."""
    return render(
        request,
        "dialogues/public_closed.html",
        {"campaign": campaign, "state": campaign.period_state()},
        status=404,
    )


def _closed(request: HttpRequest) -> HttpResponse:
    """A form that is closed, never existed or was mistyped: the same friendly page, status 404."""
    return render(request, "dialogues/public_closed.html", status=404)
