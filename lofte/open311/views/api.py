"""The Open311 GeoReport v2 endpoints under /open311/v2/: thin views over lofte.open311's selectors and services.

No session, no cookie, no CSRF token: a client proves itself with its api_key (POST only, as the spec says),
so the API is exempt from CSRF and never reads request.user. Errors are the spec's error documents.
"""

from __future__ import annotations

import dataclasses
import math
import re
from collections.abc import Callable
from datetime import timedelta
from functools import wraps
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig, TooManyFieldsSent, ValidationError
from django.db.models import F, FloatField, Value
from django.db.models.functions import ASin, Cos, Power, Radians, Sin, Sqrt
from django.http import HttpRequest, HttpResponse, QueryDict
from django.http.multipartparser import MultiPartParserError
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt

from lofte.cases.models import Case
from lofte.cases.selectors import EARTH_RADIUS_M
from lofte.core.models import Organisation
from lofte.open311 import access, selectors, services
from lofte.open311.inputs import merged_params, request_input
from lofte.open311.models import ApiKey, Submission
from lofte.open311.protocol import Invalid, error, parse_datetime, respond, split_list, without_nul

CHANGESET = "2026-12-03T00:00:00Z"  # when the API last changed what it offers (the discovery document)
DEFAULT_WINDOW = timedelta(days=90)  # the spec's default when no dates are given
DEFAULT_RADIUS = 1000.0  # metres, for lat/long without radius
NUMBER = re.compile(r"-?\d+(\.\d+)?([eE][-+]?\d+)?")
BBOX = re.compile(r"-?\d+(\.\d+)?(,-?\d+(\.\d+)?){3}")

View = Callable[..., HttpResponse]


class Refused(Exception):
    """An answer that is an Open311 error document."""

    def __init__(self, status: int, description: str) -> None:
        super().__init__(description)
        self.status, self.description = status, description


def endpoint(*methods: str) -> Callable[[View], View]:
    """Only `methods` (405 otherwise), errors as Open311 documents, the `locale` language for messages."""

    def decorate(view: View) -> View:
        @csrf_exempt
        @wraps(view)
        def wrapped(request: HttpRequest, *args: Any, fmt: str, **kwargs: Any) -> HttpResponse:
            with translation.override("en" if selectors.english(_locale(request)) else "sv"):
                if request.method not in methods:
                    response = error(fmt, 405, _("Metoden stöds inte här."))
                    response["Allow"] = ", ".join(methods)
                    return response
                try:
                    return view(request, *args, fmt=fmt, **kwargs)
                except Refused as refused:
                    response = error(fmt, refused.status, refused.description)
                    if refused.status == 429:
                        response["Retry-After"] = "60"
                    return response
                except Invalid as invalid:
                    return error(fmt, 400, str(invalid))

        return wrapped

    return decorate


def _locale(request: HttpRequest) -> str:
    """The `locale` parameter, which a POST may send in its body like every other parameter."""
    locale = request.GET.get("locale") or ""
    if not locale and request.method == "POST":
        try:
            locale = request.POST.get("locale") or ""
        except (RequestDataTooBig, TooManyFieldsSent, MultiPartParserError):
            return ""  # the view refuses the body itself, in the default language
    return locale.strip()


def _param(params: QueryDict, name: str) -> str:
    """An empty parameter is as no parameter (the spec). Not stripped: a value of blanks is a wrong value. NUL
    is dropped: PostgreSQL cannot compare or store it (a query with one was a 500)."""
    return without_nul(params.get(name) or "")


def _jurisdiction(params: QueryDict) -> Organisation:
    try:
        return access.jurisdiction(_param(params, "jurisdiction_id"))
    except access.UnknownJurisdiction:
        raise Refused(404, _("jurisdiction_id finns inte.")) from None
    except access.JurisdictionRequired:
        raise Refused(400, _("jurisdiction_id krävs (kommunkoden).")) from None


def _count_key(api_key: ApiKey) -> None:
    if access.over_rate_limit(api_key):
        raise Refused(429, _("För många anrop med den här nyckeln. Försök igen om en minut."))
    services.api_key_mark_used(api_key=api_key)


def _read_key(params: QueryDict) -> None:
    """GETs need no key; one that is sent counts towards its rate limit."""
    api_key = access.api_key_for(_param(params, "api_key"))
    if api_key is not None:
        _count_key(api_key)


def _write_key(params: QueryDict, organisation: Organisation | None) -> ApiKey:
    api_key = access.api_key_for(_param(params, "api_key"))
    if api_key is None or not access.is_jurisdiction(api_key.organisation):  # a key made before keys were a kommun's
        raise Refused(403, _("api_key saknas eller är ogiltig."))
    if organisation is not None and organisation.pk != api_key.organisation_id:
        # A key of one municipality never writes another's cases.
        raise Refused(403, _("api_key gäller inte för den här jurisdiction_id."))
    _count_key(api_key)
    return api_key


def _post_params(request: HttpRequest) -> QueryDict:
    try:
        return merged_params(request.GET, request.POST)
    except (RequestDataTooBig, TooManyFieldsSent, MultiPartParserError):
        raise Refused(400, _("Anropet är för stort eller går inte att läsa.")) from None


def _base_url() -> str:
    return settings.SITE_URL.rstrip("/") + reverse("open311:discovery", kwargs={"fmt": "json"}).rsplit("/", 1)[0]


@endpoint("GET", "HEAD")
def discovery(request: HttpRequest, fmt: str) -> HttpResponse:
    # One endpoint: a development or demo server (DEBUG) is a test endpoint, a deployed one production.
    endpoint_type = "test" if settings.DEBUG else "production"
    document = {
        "changeset": CHANGESET,
        "contact": _("Frågor om API:t besvaras av kommunen som äger ärendena."),
        "key_service": _(
            "GET behöver ingen nyckel. För POST ger kommunens administratörer en API-nyckel per applikation."
        ),
        "endpoints": [
            {
                "specification": "http://wiki.open311.org/GeoReport_v2",
                "url": _base_url(),
                "changeset": CHANGESET,
                "type": endpoint_type,
                "formats": ["text/xml", "application/json"],
                "locales": ["sv_SE", "en_GB"],
            }
        ],
    }
    return respond(fmt, "discovery", document)


@endpoint("GET", "HEAD")
def service_list(request: HttpRequest, fmt: str) -> HttpResponse:
    _read_key(request.GET)
    organisation = _jurisdiction(request.GET)
    return respond(fmt, "services", selectors.services(organisation, _param(request.GET, "locale")))


@endpoint("GET", "HEAD")
def service_definition(request: HttpRequest, code: str, fmt: str) -> HttpResponse:
    _read_key(request.GET)
    organisation = _jurisdiction(request.GET)
    definition = selectors.service_definition(organisation, code, _param(request.GET, "locale"))
    if definition is None:
        raise Refused(404, _("service_code finns inte."))
    return respond(fmt, "service_definition", definition)


@endpoint("GET", "HEAD", "POST")
def requests(request: HttpRequest, fmt: str) -> HttpResponse:
    if request.method == "POST":
        return _create(request, fmt)
    return _list(request, fmt)


def _create(request: HttpRequest, fmt: str) -> HttpResponse:
    params = _post_params(request)
    jurisdiction_id = _param(params, "jurisdiction_id")
    organisation = _jurisdiction(params) if jurisdiction_id else None
    api_key = _write_key(params, organisation)
    organisation = api_key.organisation
    code = _param(params, "service_code")
    if not code:
        raise Refused(400, _("service_code krävs."))
    category = None
    if code != selectors.FEEDBACK_CODE:
        category = selectors.category_for_code(organisation, code)
        if category is None:
            raise Refused(404, _("service_code finns inte."))
    try:
        files = request.FILES
    except (RequestDataTooBig, MultiPartParserError):
        raise Refused(400, _("Anropet är för stort eller går inte att läsa.")) from None
    data = request_input(
        organisation=organisation,
        params=params,
        files=files,
        category=category,
        language="en" if selectors.english(_param(params, "locale")) else "sv",
    )
    # An optional Idempotency-Key header (IETF httpapi draft): a client retrying a POST whose answer it never
    # saw sends the same key and gets the first request's id; nothing is stored twice.
    idempotency_key = request.headers.get("Idempotency-Key", "").strip().strip('"')
    if len(idempotency_key) > 200 or not idempotency_key.isprintable():
        raise Refused(400, _("Idempotency-Key får vara högst 200 synliga tecken."))
    data = dataclasses.replace(data, idempotency_key=idempotency_key)
    try:
        submission = services.request_submit(api_key=api_key, data=data)
    except ValidationError as invalid:
        raise Refused(400, " ".join(invalid.messages)) from None
    case = submission.case
    notice = _("Tack! Ärendet har tagits emot med referensnummer %(reference)s.") % {"reference": case.reference}
    return respond(fmt, "service_requests", [{"service_request_id": case.reference, "service_notice": notice}])


def _date(params: QueryDict, name: str, *, end_of_day: bool = False) -> Any:
    text = _param(params, name)
    if not text:
        return None
    try:
        return parse_datetime(text, end_of_day=end_of_day)
    except Invalid:
        raise Invalid(
            _("%(name)s är inte en datumtid i W3C-format, till exempel 2026-05-01T08:00:00Z.") % {"name": name}
        ) from None


def _number(params: QueryDict, name: str, low: float = -math.inf, high: float = math.inf) -> float | None:
    text = _param(params, name)
    if not text:
        return None
    if not NUMBER.fullmatch(text) or not low <= float(text) <= high:
        raise Invalid(
            _("%(name)s ska vara ett tal mellan %(low)s och %(high)s.") % {"name": name, "low": low, "high": high}
        )
    return float(text)


def _extensions(params: QueryDict) -> bool:
    text = _param(params, "extensions")
    if text not in ("", "true", "false"):
        raise Invalid(_("extensions ska vara true eller false."))
    return text == "true"


def _int(params: QueryDict, name: str, default: int, *, cap: int | None = None) -> int:
    """A positive integer of ASCII digits ("²" is a digit to str.isdigit). Without a cap, few enough digits that
    an offset fits the database; with one, a larger value counts as the cap."""
    text = _param(params, name)
    if not text:
        return default
    if not re.fullmatch(r"[0-9]{1,7}" if cap is None else r"[0-9]{1,100}", text) or int(text) < 1:
        raise Invalid(_("%(name)s ska vara ett positivt heltal (högst 9999999).") % {"name": name})
    return int(text) if cap is None else min(int(text), cap)


def _filters(params: QueryDict) -> selectors.RequestFilters:
    statuses = tuple(s for s in _param(params, "status").split(",") if s)
    if any(s not in ("open", "closed") for s in statuses):
        raise Invalid(_("status ska vara open eller closed."))
    lat, lng = _number(params, "lat", -90, 90), _number(params, "long", -180, 180)
    radius = _number(params, "radius", 0, 20_000_000)
    if radius == 0:
        raise Invalid(_("radius ska vara ett positivt antal meter."))
    near = None
    # A point needs both lat and long (one alone is ignored, as an empty parameter is); radius defaults to 1 km.
    if lat is not None and lng is not None:
        near = (lat, lng, min(radius or DEFAULT_RADIUS, 100_000.0))
    bbox = None
    if _param(params, "bbox"):
        if not BBOX.fullmatch(_param(params, "bbox")):
            raise Invalid(_("bbox ska vara väst,syd,öst,nord i grader."))
        x1, y1, x2, y2 = (float(x) for x in _param(params, "bbox").split(","))
        bbox = (min(x1, x2), min(y1, y2), max(x1, x2), max(y1, y2))
    end_text = _param(params, "end_date")
    return selectors.RequestFilters(
        ids=tuple(split_list(_param(params, "service_request_id"))),
        codes=tuple(split_list(_param(params, "service_code"))),
        statuses=statuses,
        start=_date(params, "start_date"),
        end=_date(params, "end_date", end_of_day=True),
        end_exclusive=len(end_text) == 10,
        updated_after=_date(params, "updated_after"),
        updated_before=_date(params, "updated_before"),
        near=near,
        bbox=bbox,
    )


def _list(request: HttpRequest, fmt: str) -> HttpResponse:
    params = request.GET
    _read_key(params)
    organisation = _jurisdiction(params)
    filters = _filters(params)
    paged = bool(_param(params, "page") or _param(params, "page_size"))
    dated = filters.start or filters.end or filters.updated_after or filters.updated_before
    if not (filters.ids or dated or paged):
        filters = selectors.RequestFilters(**{**filters.__dict__, "start": timezone.now() - DEFAULT_WINDOW})
    cases = selectors.requests(organisation, filters)
    if filters.near:
        lat, lng, radius = filters.near
        cases = cases.annotate(distance=_distance(lat, lng)).filter(distance__lte=radius)
    extensions = _extensions(params)
    locale = _param(params, "locale")
    headers: dict[str, str] = {}
    if paged:
        page = _int(params, "page", 1)
        size = _int(params, "page_size", selectors.DEFAULT_PAGE_SIZE, cap=selectors.MAX_PAGE_SIZE)
        total = cases.count()
        pages = selectors.page_count(total, size)
        window = _page(cases, (page - 1) * size, page * size)
        headers = {"X-Result-Count": str(total), "X-Page-Count": str(pages), "X-Page-Size": str(size)}
        if page < pages:
            headers["X-Next-Page-URL"] = _page_url(request, fmt, page + 1)
        if page > 1:
            headers["X-Previous-Page-URL"] = _page_url(request, fmt, min(page - 1, pages))
    else:
        window = _page(cases, 0, selectors.DEFAULT_LIMIT)
    rows = [selectors.request_row(c, extensions=extensions, locale=locale) for c in window]
    response = respond(fmt, "service_requests", rows)
    for name, header in headers.items():
        response[name] = header
    return response


def _page(cases: Any, start: int, stop: int) -> list[Case]:
    """The page's ids first (one index range), then the details of those rows only: the joins and the status
    notes' subquery are never computed for the rows an offset skips."""
    ids = list(cases.values_list("pk", flat=True)[start:stop])
    found = {case.pk: case for case in selectors.with_details(Case.objects.filter(pk__in=ids))}
    return [found[pk] for pk in ids if pk in found]


def _distance(lat: float, lng: float) -> Any:
    """The haversine distance in metres, in the database, so paging and totals count the same requests."""
    half_dlat = Radians(F("latitude") - Value(lat)) / 2
    half_dlng = Radians(F("longitude") - Value(lng)) / 2
    a = Power(Sin(half_dlat), 2) + Value(math.cos(math.radians(lat))) * Cos(Radians(F("latitude"))) * Power(
        Sin(half_dlng), 2
    )
    return Value(2 * EARTH_RADIUS_M) * ASin(Sqrt(a, output_field=FloatField()))


def _page_url(request: HttpRequest, fmt: str, page: int) -> str:
    query = request.GET.copy()
    query["page"] = str(page)
    url = settings.SITE_URL.rstrip("/") + reverse("open311:requests", kwargs={"fmt": fmt})
    return f"{url}?{urlencode(sorted(query.lists()), doseq=True)}"


@endpoint("GET", "HEAD")
def request_detail(request: HttpRequest, request_id: str, fmt: str) -> HttpResponse:
    _read_key(request.GET)
    organisation = _jurisdiction(request.GET)
    case = selectors.with_details(Case.objects.filter(organisation=organisation, reference=request_id)).first()
    if case is None:
        raise Refused(404, _("service_request_id finns inte."))
    extensions = _extensions(request.GET)
    row = selectors.request_row(case, extensions=extensions, locale=_param(request.GET, "locale"))
    return respond(fmt, "service_requests", [row])


@endpoint("GET", "HEAD")
def token(request: HttpRequest, token: str, fmt: str) -> HttpResponse:
    _read_key(request.GET)
    organisation = _jurisdiction(request.GET)
    submission = Submission.objects.filter(token=token, case__organisation=organisation).select_related("case").first()
    if submission is None:
        raise Refused(404, _("token finns inte."))
    return respond(
        fmt, "service_requests", [{"service_request_id": submission.case.reference, "token": submission.token}]
    )


@endpoint("GET", "HEAD", "POST")
def request_updates(request: HttpRequest, fmt: str) -> HttpResponse:
    """mySociety's servicerequestupdates: what happened to requests (GET), and status updates and answers from
    the municipality's own system (POST, with a key that may update)."""
    if request.method != "POST":
        _read_key(request.GET)
        organisation = _jurisdiction(request.GET)
        rows = selectors.updates(
            organisation, _date(request.GET, "start_date"), _date(request.GET, "end_date", end_of_day=True)
        )
        return respond(fmt, "service_request_updates", rows)
    params = _post_params(request)
    organisation = _jurisdiction(params) if _param(params, "jurisdiction_id") else None
    api_key = _write_key(params, organisation)
    if not api_key.may_update:
        raise Refused(403, _("Nyckeln får inte uppdatera ärenden."))
    missing = [name for name in ("service_request_id", "update_id", "status") if not _param(params, name)]
    if missing:
        raise Refused(400, _("Saknas: %(fields)s") % {"fields": ", ".join(missing)})
    case = Case.objects.filter(
        organisation=api_key.organisation, reference=_param(params, "service_request_id")
    ).first()
    if case is None:
        raise Refused(404, _("service_request_id finns inte."))
    description = _param(params, "description").strip()[:4000]
    try:
        applied = services.request_update(
            api_key=api_key,
            case=case,
            update_id=_param(params, "update_id")[:100],
            status=_param(params, "status"),
            description=description,
        )
    except ValidationError as invalid:
        raise Refused(400, " ".join(invalid.messages)) from None
    return respond(fmt, "service_request_updates", [{"update_id": str(applied.update.event_id)}])


@csrf_exempt
def not_found(request: HttpRequest, rest: str) -> HttpResponse:
    """Any other path under /open311/v2/, a missing or unknown format suffix included: a 404 error document."""
    fmt = "xml" if rest.endswith(".xml") else "json"
    with translation.override("en" if selectors.english(_locale(request)) else "sv"):
        return error(fmt, 404, _("Det finns ingen sådan resurs. Se discovery.json."))
