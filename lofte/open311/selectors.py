"""What the Open311 API reads: services from the category tree, requests and updates from the cases.

Only what may be public leaves here: never the reporter's name, e-mail or phone, never internal notes. A
feedback case's message is private (people write to the municipality, not to the world): only a text a
handler edited for publication is shown. Replies to feedback stay out for the same reason.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from django.db.models import OuterRef, Q, QuerySet, Subquery
from django.utils.translation import gettext as _
from django.utils.translation import override

from lofte.cases.models import Case, CaseEvent, CaseKind, Category
from lofte.core.models import Organisation
from lofte.open311.protocol import format_datetime

FEEDBACK_CODE = "tyck_till"
OPEN_STATUSES = (Case.Status.RECEIVED, Case.Status.IN_PROGRESS)
CLOSED_STATUSES = (Case.Status.FIXED, Case.Status.ANSWERED, Case.Status.CLOSED)
# CitySDK's finer status (extended_attributes.detailed_status).
DETAILED_STATUS: dict[str, str] = {
    Case.Status.RECEIVED: "RECEIVED",
    Case.Status.IN_PROGRESS: "IN_PROCESS",
    Case.Status.FIXED: "PROCESSED",
    Case.Status.ANSWERED: "PROCESSED",
    Case.Status.CLOSED: "CLOSED",
}
# mySociety's extended statuses (servicerequestupdates).
UPDATE_STATUS: dict[str, str] = {
    Case.Status.RECEIVED: "OPEN",
    Case.Status.IN_PROGRESS: "IN_PROGRESS",
    Case.Status.FIXED: "FIXED",
    Case.Status.ANSWERED: "CLOSED",
    Case.Status.CLOSED: "CLOSED",
}
DEFAULT_LIMIT = 1000  # the spec's default volume
MAX_PAGE_SIZE = 500
DEFAULT_PAGE_SIZE = 50


def english(locale: str) -> bool:
    return locale.lower().startswith("en")


def service_categories(organisation: Organisation) -> list[Category]:
    """The categories a resident can choose in Felanmälan: active fault categories with no active children."""
    return list(
        Category.objects.choosable()
        .filter(organisation=organisation)
        .exclude(slug=FEEDBACK_CODE)
        .select_related("parent")
    )


def category_for_code(organisation: Organisation, code: str) -> Category | None:
    return next((c for c in service_categories(organisation) if c.slug == code), None)


def services(organisation: Organisation, locale: str) -> list[dict[str, Any]]:
    language = "en" if english(locale) else "sv"
    rows: list[dict[str, Any]] = []
    with override(language):
        for category in service_categories(organisation):
            row: dict[str, Any] = {
                "service_code": category.slug,
                "service_name": category.name(language),
                "description": _("Felanmälan till %(organisation)s: %(category)s")
                % {"organisation": organisation.name, "category": category.name(language)},
                "metadata": False,
                "type": "realtime",
            }
            if category.theme:
                row["keywords"] = category.theme
            if category.parent is not None:
                row["group"] = category.parent.name(language)
            rows.append(row)
        rows.append(
            {
                "service_code": FEEDBACK_CODE,
                "service_name": str(CaseKind.FEEDBACK.label),
                "description": _("Beröm, fråga, förslag eller klagomål till %(organisation)s.")
                % {"organisation": organisation.name},
                "metadata": True,
                "type": "realtime",
                "keywords": "synpunkt,beröm,fråga,förslag,klagomål",
            }
        )
    return rows


def feedback_attributes(locale: str) -> list[dict[str, Any]]:
    """Tyck till's questions: the kind of feedback (required) and the service it concerns."""
    with override("en" if english(locale) else "sv"):
        return [
            {
                "variable": True,
                "code": "typ",
                "datatype": "singlevaluelist",
                "required": True,
                "datatype_description": _("Välj ett av värdena."),
                "order": 1,
                "description": _("Vad vill du lämna?"),
                "values": [{"key": value, "name": str(label)} for value, label in Case.FeedbackType.choices],
            },
            {
                "variable": True,
                "code": "verksamhet",
                "datatype": "string",
                "required": False,
                "datatype_description": _("Till exempel biblioteket eller en skola."),
                "order": 2,
                "description": _("Vilken verksamhet gäller det?"),
            },
            {
                "variable": False,
                "code": "personuppgifter",
                "datatype": "text",
                "required": False,
                "datatype_description": "",
                "order": 3,
                "description": _(
                    "Skriv inte känsliga personuppgifter i meddelandet. Namn, e-post och telefon visas aldrig "
                    "för andra."
                ),
            },
        ]


def service_definition(organisation: Organisation, code: str, locale: str) -> dict[str, Any] | None:
    if code == FEEDBACK_CODE:
        return {"service_code": code, "attributes": feedback_attributes(locale)}
    if category_for_code(organisation, code) is None:
        return None
    return {"service_code": code, "attributes": []}


@dataclass(frozen=True)
class RequestFilters:
    ids: tuple[str, ...] = ()
    codes: tuple[str, ...] = ()
    statuses: tuple[str, ...] = ()  # "open", "closed"
    start: datetime | None = None
    end: datetime | None = None
    end_exclusive: bool = False
    updated_after: datetime | None = None
    updated_before: datetime | None = None
    near: tuple[float, float, float] | None = None  # lat, lng, radius in metres
    bbox: tuple[float, float, float, float] | None = None  # west, south, east, north


def requests(organisation: Organisation, filters: RequestFilters) -> QuerySet[Case]:
    """The organisation's requests, newest first. A list of ids overrides every other filter (the spec)."""
    cases = Case.objects.filter(organisation=organisation)
    if filters.ids:
        return cases.filter(reference__in=filters.ids).order_by("-created_at", "-pk")
    if filters.codes:
        codes = set(filters.codes)
        condition = Q(kind=CaseKind.FAULT, category__slug__in=codes - {FEEDBACK_CODE})
        if FEEDBACK_CODE in codes:
            condition |= Q(kind=CaseKind.FEEDBACK)
        cases = cases.filter(condition)
    statuses = set(filters.statuses)
    if statuses == {"open"}:
        cases = cases.filter(status__in=OPEN_STATUSES)
    elif statuses == {"closed"}:
        cases = cases.filter(status__in=CLOSED_STATUSES)
    if filters.start:
        cases = cases.filter(created_at__gte=filters.start)
    if filters.end:
        cases = (
            cases.filter(created_at__lt=filters.end)
            if filters.end_exclusive
            else cases.filter(created_at__lte=filters.end)
        )
    if filters.updated_after:
        cases = cases.filter(updated_at__gt=filters.updated_after)
    if filters.updated_before:
        cases = cases.filter(updated_at__lt=filters.updated_before)
    if filters.bbox:
        west, south, east, north = filters.bbox
        cases = cases.filter(latitude__range=(south, north), longitude__range=(west, east))
    if filters.near:
        lat, lng, radius = filters.near
        dlat = radius / 111_000
        dlng = radius / (111_000 * max(math.cos(math.radians(lat)), 0.01))
        cases = cases.filter(latitude__range=(lat - dlat, lat + dlat), longitude__range=(lng - dlng, lng + dlng))
    return cases.order_by("-created_at", "-pk")


def within_radius(cases: list[Case], near: tuple[float, float, float] | None) -> list[Case]:
    """The bounding box narrowed in the database; the distance decides."""
    if near is None:
        return cases
    from lofte.cases.selectors import haversine_m

    lat, lng, radius = near
    return [
        c
        for c in cases
        if c.latitude is not None
        and c.longitude is not None
        and haversine_m(lat, lng, c.latitude, c.longitude) <= radius
    ]


def with_details(cases: QuerySet[Case]) -> QuerySet[Case]:
    """What a request row shows, in one query: the latest public reply as the status notes."""
    last_reply = CaseEvent.objects.filter(case=OuterRef("pk"), kind=CaseEvent.Kind.REPLY, public=True).order_by("-pk")
    return cases.select_related("category", "group", "place", "open311").annotate(
        last_reply=Subquery(last_reply.values("text")[:1])
    )


def request_row(case: Case, *, extensions: bool = False, locale: str = "") -> dict[str, Any]:
    language = "en" if english(locale) else "sv"
    fault = case.kind == CaseKind.FAULT
    if fault and case.category is not None:
        code, name = case.category.slug, case.category.name(language)
    else:
        code, name = FEEDBACK_CODE, str(CaseKind.FEEDBACK.label)
    row: dict[str, Any] = {
        "service_request_id": case.reference,
        "status": "open" if case.status in OPEN_STATUSES else "closed",
        "service_code": code,
        "service_name": name,
        "description": case.public_text or (case.message if fault else ""),
        "requested_datetime": format_datetime(case.created_at),
        "updated_datetime": format_datetime(case.updated_at),
    }
    notes = getattr(case, "last_reply", None)
    if fault and notes:
        row["status_notes"] = notes
    if case.group is not None:
        row["agency_responsible"] = case.group.name
    if case.status in OPEN_STATUSES and case.due_at is not None:
        row["expected_datetime"] = format_datetime(case.due_at)
    address = case.address or (case.place.name if case.place is not None else "")
    if address:
        row["address"] = address
    if case.place_id is not None:
        row["address_id"] = str(case.place_id)
    if case.latitude is not None and case.longitude is not None:
        row["lat"], row["long"] = case.latitude, case.longitude
    submission = getattr(case, "open311", None) if _has_submission(case) else None
    media_urls = list(submission.media_urls) if submission is not None else []
    if media_urls:
        row["media_url"] = media_urls[0]
    if extensions:
        extended: dict[str, Any] = {"detailed_status": DETAILED_STATUS.get(case.status, "RECEIVED")}
        if fault and case.category is not None:
            extended["title"] = name
        if media_urls:
            extended["media_urls"] = media_urls
        row["extended_attributes"] = extended
    return row


def _has_submission(case: Case) -> bool:
    try:
        case.open311  # noqa: B018 - a reverse one-to-one raises when absent
    except Case.open311.RelatedObjectDoesNotExist:  # type: ignore[attr-defined]
        return False
    return True


def updates(organisation: Organisation, start: datetime | None, end: datetime | None) -> list[dict[str, Any]]:
    """mySociety's servicerequestupdates: every status change and reply on the organisation's fault reports,
    oldest first. Feedback is left out (its answers are written to one person)."""
    events = (
        CaseEvent.objects.filter(
            case__organisation=organisation,
            case__kind=CaseKind.FAULT,
            public=True,
            kind__in=[CaseEvent.Kind.STATUS, CaseEvent.Kind.REPLY],
        )
        .select_related("case")
        .order_by("at", "pk")
    )
    if start:
        events = events.filter(at__gte=start)
    if end:
        events = events.filter(at__lte=end)
    rows = []
    for event in events[:DEFAULT_LIMIT]:
        status = event.after.get("status") if event.kind == CaseEvent.Kind.STATUS else _status_at(event)
        row: dict[str, Any] = {
            "update_id": str(event.pk),
            "service_request_id": event.case.reference,
            "status": UPDATE_STATUS.get(status, "OPEN"),
            "updated_datetime": format_datetime(event.at),
            "description": event.text,
        }
        rows.append(row)
    return rows


def _status_at(event: CaseEvent) -> str:
    """The case's status when a reply was written: that of the last status change before it."""
    change = (
        CaseEvent.objects.filter(case_id=event.case_id, kind=CaseEvent.Kind.STATUS, pk__lt=event.pk)
        .order_by("-pk")
        .first()
    )
    return change.after.get("status", Case.Status.RECEIVED) if change else Case.Status.RECEIVED


def page_count(total: int, page_size: int) -> int:
    return max(1, math.ceil(total / page_size))
