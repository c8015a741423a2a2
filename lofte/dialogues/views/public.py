"""The public web form of a campaign: no login, Swedish and English, a honeypot and a rate limit per address."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.cache import cache
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods

from lofte.core import kept
from lofte.dialogues.access import get_public_campaign
from lofte.dialogues.answers import load_questionnaire
from lofte.dialogues.forms import ContactForm, RespondentForm, answer_fields, raw_answers
from lofte.dialogues.models import Campaign, Dialogue
from lofte.dialogues.views.submission import Submission, error_links, receipt_of, submit

# Accepted submissions per address and RATE_WINDOW: settings.LOFTE_PUBLIC_FORM_RATE_LIMIT (default 60), high
# enough for a school class or a library behind one address, low enough to stop a script.
DEFAULT_RATE_LIMIT = 60
RATE_WINDOW = 10 * 60  # seconds
HONEYPOT = "website"
SESSION_RECEIPTS = "dialogue_receipts"
# The empty form is kept (lofte.core.kept): rendering it (the questionnaire, the outline map's projection,
# the translations) costs some 50 times a bare view. Each visitor gets their own submission key in it.
_KEY_SLOT = "lofte-key-slot-9b27"


def _served(request: HttpRequest, html: str) -> HttpResponse:
    return kept.served(request, html, {_KEY_SLOT: str(uuid.uuid4())})


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
    key = _rate_key(request)
    if not cache.add(key, 1, RATE_WINDOW):
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, RATE_WINDOW)


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
        _remember_receipt(request, campaign, uuid.uuid4().hex[:8].upper())
        return redirect("dialogues_public:receipt", campaign.slug)
    submission = submit(campaign, request.POST, by=None, channel=Dialogue.Channel.WEB, with_point=False)
    if not submission.ok:
        return _render(request, campaign, submission, status=400)
    if submission.created:
        _count_submission(request)
    _remember_receipt(request, campaign, receipt_of(submission.dialogue))
    return redirect("dialogues_public:receipt", campaign.slug)


def _remember_receipt(request: HttpRequest, campaign: Campaign, receipt: str) -> None:
    receipts = request.session.get(SESSION_RECEIPTS, {})
    receipts[campaign.slug] = receipt
    request.session[SESSION_RECEIPTS] = receipts


def public_receipt(request: HttpRequest, slug: str) -> HttpResponse:
    try:
        campaign = get_public_campaign(slug)
    except Http404:
        return _closed(request)
    receipt = request.session.get(SESSION_RECEIPTS, {}).get(campaign.slug)
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
