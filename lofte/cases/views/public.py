"""The residents' pages under /p/: Tyck till, Felanmälan and the private tracking page. No login.

Like the web survey: a honeypot, a rate limit per address, an idempotency key so a second press of send
(or a retry on a bad connection) finds the first case, and every typed text back on an error.
"""

from __future__ import annotations

import base64
import uuid
from urllib.parse import urlencode

from django.core import signing
from django.core.cache import cache
from django.core.exceptions import ValidationError
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.translation import get_language
from django.views.decorators.http import require_http_methods

from lofte.cases.forms import FaultForm, FeedbackForm
from lofte.cases.models import Case, CaseEvent, CaseKind
from lofte.cases.selectors import case_for_token, nearby_open_cases
from lofte.cases.services import Reporter, Submitted, case_merge, case_submit
from lofte.core.models import Organisation
from lofte.core.retention import schedule_for
from lofte.dialogues.views.public import client_address, rate_limit
from lofte.lib.geo import outline_map
from lofte.lib.images import ImageRejected, clean_photo

RATE_WINDOW = 10 * 60  # seconds, as the web survey
HONEYPOT = "website"
RECEIPT_SALT = "lofte.cases.receipt"
RECEIPT_MAX_AGE = 60 * 60  # seconds a receipt link shows the tracking link
SESSION_PHOTO = "case_photo"  # a cleaned photo kept while the resident looks at nearby reports


def _organisation(slug: str) -> Organisation:
    return get_object_or_404(Organisation.objects.filter(kind=Organisation.Kind.MUNICIPALITY), slug=slug)


def _rate_key(request: HttpRequest) -> str:
    return f"cases:public:{client_address(request)}"


def _over_limit(request: HttpRequest) -> bool:
    return (cache.get(_rate_key(request)) or 0) >= rate_limit()


def _count_submission(request: HttpRequest) -> None:
    key = _rate_key(request)
    if not cache.add(key, 1, RATE_WINDOW):
        try:
            cache.incr(key)
        except ValueError:
            cache.set(key, 1, RATE_WINDOW)


def _key(request: HttpRequest) -> uuid.UUID:
    try:
        return uuid.UUID(request.POST.get("idempotency_key", ""))
    except ValueError:
        return uuid.uuid4()


def _reporter(data: dict) -> Reporter:
    return Reporter(
        name=data.get("name", ""),
        email=data.get("email", ""),
        phone=data.get("phone", ""),
        consent=bool(data.get("consent")),
    )


def _receipt(request: HttpRequest, organisation: Organisation, key: uuid.UUID, submitted: Submitted) -> HttpResponse:
    """The receipt travels signed in the redirect, so nothing is written after the case's commit (a failed
    session write would show an error for a case that is stored) and no cookie is set for it."""
    target = reverse("cases_public:receipt", args=[organisation.slug, str(key)])
    request.session.pop(SESSION_PHOTO, None)
    if not submitted.token:
        return redirect(target)
    _count_submission(request)
    signed = signing.dumps([submitted.case.reference, submitted.token], salt=RECEIPT_SALT, compress=True)
    return redirect(f"{target}?{urlencode({'k': signed})}")


def _honeypot(request: HttpRequest, organisation: Organisation, key: uuid.UUID) -> HttpResponse:
    """A bot filled the field people cannot see: answer as if stored, store nothing."""
    _count_submission(request)
    return redirect("cases_public:receipt", organisation.slug, str(key))


def _already_sent(request: HttpRequest, organisation: Organisation, key: uuid.UUID) -> HttpResponse | None:
    """The same submission sent again (a double press, a retry after a lost answer): its receipt, at once."""
    if Case.objects.filter(organisation=organisation, idempotency_key=key).exists():
        return redirect("cases_public:receipt", organisation.slug, str(key))
    return None


def _page(request: HttpRequest, template: str, context: dict, status: int = 200) -> HttpResponse:
    # The consent text states the municipality's own period, the one the nightly gallring applies.
    schedule = schedule_for(context["organisation"])
    return render(request, template, {"honeypot": HONEYPOT, "retention": schedule, **context}, status=status)


@require_http_methods(["GET", "POST"])
def feedback(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation(slug)
    if request.method == "GET":
        return _page(
            request,
            "cases/public_feedback.html",
            {"organisation": organisation, "form": FeedbackForm(), "key": uuid.uuid4()},
        )
    key = _key(request)
    form = FeedbackForm(request.POST)
    context = {"organisation": organisation, "form": form, "key": key}
    if _over_limit(request):
        return _page(request, "cases/public_feedback.html", {**context, "limited": True}, status=429)
    if request.POST.get(HONEYPOT):
        return _honeypot(request, organisation, key)
    if sent := _already_sent(request, organisation, key):
        return sent
    if not form.is_valid():
        return _page(request, "cases/public_feedback.html", context, status=400)
    data = form.cleaned_data
    submitted = case_submit(
        organisation=organisation,
        kind=CaseKind.FEEDBACK,
        feedback_type=data["feedback_type"],
        service=data["service"],
        message=data["message"],
        idempotency_key=key,
        reporter=_reporter(data),
        language=get_language() or "sv",
    )
    return _receipt(request, organisation, key, submitted)


def _fault_context(organisation: Organisation, form: FaultForm, key: uuid.UUID) -> dict:
    return {
        "organisation": organisation,
        "form": form,
        "key": key,
        "map": outline_map(
            areas=[(a.name, a.geometry) for a in organisation.areas.all()],
            places=[(p.name, p.latitude, p.longitude) for p in form.places.values()],
        ),
    }


@require_http_methods(["GET", "POST"])
def fault(request: HttpRequest, slug: str) -> HttpResponse:
    organisation = _organisation(slug)
    if request.method == "GET":
        form = FaultForm(organisation=organisation, initial={"category": request.GET.get("kategori", "")})
        return _page(request, "cases/public_fault.html", _fault_context(organisation, form, uuid.uuid4()))
    key = _key(request)
    form = FaultForm(request.POST, request.FILES, organisation=organisation)
    context = _fault_context(organisation, form, key)
    if _over_limit(request):
        return _page(request, "cases/public_fault.html", {**context, "limited": True}, status=429)
    if request.POST.get(HONEYPOT):
        return _honeypot(request, organisation, key)
    if sent := _already_sent(request, organisation, key):
        return sent
    photo = _photo(request, form, key)
    context["photo_kept"] = photo is not None
    if not form.is_valid():
        return _page(request, "cases/public_fault.html", context, status=400)
    data = form.cleaned_data
    place = data["place"]
    lat, lng = data["lat"], data["lng"]
    if lat is None and place is not None and place.latitude is not None:
        lat, lng = place.latitude, place.longitude
    follow = request.POST.get("follow", "")
    if lat is not None and lng is not None and not follow:
        nearby = [n for n in nearby_open_cases(data["category"], lat, lng) if n.case.organisation_id == organisation.pk]
        if nearby:
            # "Is it one of these?": the resident follows one, or sends a new report anyway.
            return _page(request, "cases/public_fault.html", {**context, "nearby": nearby})
    try:
        submitted = case_submit(
            organisation=organisation,
            kind=CaseKind.FAULT,
            category=data["category"],
            message=data["message"],
            idempotency_key=key,
            lat=data["lat"],
            lng=data["lng"],
            place=place,
            address=data["address"],
            photo=photo,
            reporter=_reporter(data),
            language=get_language() or "sv",
        )
    except ValidationError as error:
        form.add_error(None, error)
        return _page(request, "cases/public_fault.html", context, status=400)
    if follow and follow != "new" and submitted.created:
        # Only a case the same rule offered may be followed: a typed reference cannot merge a report into an
        # unrelated case.
        case = submitted.case
        offered = (
            [] if not case.has_point else nearby_open_cases(case.category, case.latitude, case.longitude, exclude=case)
        )  # type: ignore[arg-type]
        into = next((n.case for n in offered if n.case.reference == follow), None)
        if into is not None:
            case_merge(case=case, into=into, by=None)
    return _receipt(request, organisation, key, submitted)


def _photo(request: HttpRequest, form: FaultForm, key: uuid.UUID) -> bytes | None:
    """The cleaned photo: the one uploaded now, or the one kept from the previous step of this submission
    (a browser never fills a file field in again)."""
    upload = request.FILES.get("photo")
    if upload is not None:
        try:
            photo = clean_photo(upload.read())
        except ImageRejected as error:
            form.add_error("photo", str(error))
            return None
        request.session[SESSION_PHOTO] = [str(key), base64.b64encode(photo).decode()]
        return photo
    kept = request.session.get(SESSION_PHOTO)
    if kept and kept[0] == str(key):
        return base64.b64decode(kept[1])
    return None


def receipt(request: HttpRequest, slug: str, key: str) -> HttpResponse:
    organisation = _organisation(slug)
    try:
        case = Case.objects.filter(organisation=organisation, idempotency_key=uuid.UUID(key)).first()
    except ValueError:
        raise Http404 from None
    token = None
    try:
        reference, token = signing.loads(request.GET.get("k", ""), salt=RECEIPT_SALT, max_age=RECEIPT_MAX_AGE)
    except (signing.BadSignature, TypeError, ValueError):
        reference = ""
    if case is None or reference != case.reference:
        token = None  # a receipt for another case, or none: the reference only, never someone else's link
    return render(
        request,
        "cases/public_receipt.html",
        {"organisation": organisation, "reference": case.reference if case else "", "token": token},
    )


def track(request: HttpRequest, token: str) -> HttpResponse:
    case = case_for_token(token)
    if case is None:
        raise Http404
    events = case.events.filter(public=True).exclude(kind=CaseEvent.Kind.ROUTED)
    return render(
        request,
        "cases/public_track.html",
        {
            "case": case,
            "events": events,
            "organisation": case.organisation,
            "category": case.category.name(get_language()) if case.category else "",
        },
    )
