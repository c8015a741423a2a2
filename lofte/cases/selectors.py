"""Reads about cases that span models or need computing."""

from __future__ import annotations

import hmac
import math
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime
from zoneinfo import ZoneInfo

from django.db.models import Count, Q
from django.utils import timezone

from lofte.cases.models import Case, CaseKind, Category
from lofte.core.access import token_hash
from lofte.core.models import Organisation, Partnership

STOCKHOLM = ZoneInfo("Europe/Stockholm")

EARTH_RADIUS_M = 6_371_000.0


def haversine_m(lat1: float, lng1: float, lat2: float, lng2: float) -> float:
    """The great-circle distance in metres."""
    p1, p2 = math.radians(lat1), math.radians(lat2)
    dp, dl = p2 - p1, math.radians(lng2 - lng1)
    a = math.sin(dp / 2) ** 2 + math.cos(p1) * math.cos(p2) * math.sin(dl / 2) ** 2
    return 2 * EARTH_RADIUS_M * math.asin(math.sqrt(a))


@dataclass(frozen=True)
class Nearby:
    case: Case
    distance_m: float


def nearby_open_cases(category: Category, lat: float, lng: float) -> list[Nearby]:
    """Open cases of the same category within the category's duplicate distance, nearest first ("is it one
    of these?"). A bounding box narrows the query in the database; haversine decides."""
    distance = category.duplicate_distance_m
    dlat = distance / 111_000
    dlng = distance / (111_000 * max(math.cos(math.radians(lat)), 0.01))
    candidates = Case.objects.open().filter(
        category=category,
        latitude__range=(lat - dlat, lat + dlat),
        longitude__range=(lng - dlng, lng + dlng),
    )
    found = [
        Nearby(case, d)
        for case in candidates
        if (d := haversine_m(lat, lng, case.latitude, case.longitude)) <= distance  # type: ignore[arg-type]
    ]
    return sorted(found, key=lambda n: n.distance_m)


def case_for_token(token: str) -> Case | None:
    """The case a tracking link points to. The lookup is by the token's hash (an attacker cannot steer it),
    and the stored hash is compared again in constant time."""
    if not token or len(token) > 100:
        return None
    wanted = token_hash(token)
    case = Case.objects.filter(token_hash=wanted).select_related("organisation", "category").first()
    if case is None or not hmac.compare_digest(case.token_hash, wanted):
        return None
    return case


@dataclass(frozen=True)
class InboxFilters:
    status: str = ""
    category: int | None = None
    area: int | None = None
    overdue: bool = False
    kind: str = ""
    mine: bool = False
    priority: bool = False


def inbox(organisation: Organisation, filters: InboxFilters, *, user_id: int | None = None):  # noqa: ANN201
    cases = Case.objects.filter(organisation=organisation).select_related("category", "area", "assigned_to", "group")
    if filters.status == "open":
        cases = cases.open()
    elif filters.status:
        cases = cases.filter(status=filters.status)
    if filters.category:
        cases = cases.filter(Q(category_id=filters.category) | Q(category__parent_id=filters.category))
    if filters.area:
        cases = cases.filter(area_id=filters.area)
    if filters.overdue:
        cases = cases.overdue()
    if filters.kind:
        cases = cases.filter(kind=filters.kind)
    if filters.mine and user_id:
        cases = cases.filter(assigned_to_id=user_id)
    if filters.priority:
        cases = cases.filter(priority=True)
    return cases


def inbox_counts(organisation: Organisation) -> dict[str, int]:
    now = timezone.now()
    open_q = Q(closed_at__isnull=True, merged_into__isnull=True)
    counts = Case.objects.filter(organisation=organisation).aggregate(
        open=Count("pk", filter=open_q),
        overdue=Count("pk", filter=open_q & Q(due_at__lt=now)),
        unassigned=Count("pk", filter=open_q & Q(assigned_to__isnull=True)),
        priority=Count("pk", filter=open_q & Q(priority=True)),
        **{status: Count("pk", filter=Q(status=status)) for status in Case.Status.values},
    )
    return counts


@dataclass(frozen=True)
class CaseRecord:
    """One fault report as the lägesbild reads it (lofte.situation.sources.CaseRecord): no personal data."""

    pk: int
    category: str
    area_id: int | None
    lat: float | None
    lng: float | None
    received_at: datetime
    theme: str = ""


class CaseSource:
    """The kommun's fault reports of a year for the partnership's lägesbild, registered in apps.py. Merged
    duplicates are left out so one fault counts once; feedback has no place and is not a source."""

    def cases(self, partnership: Partnership, year: int) -> Iterator[CaseRecord]:
        start = datetime(year, 1, 1, tzinfo=STOCKHOLM)
        end = datetime(year + 1, 1, 1, tzinfo=STOCKHOLM)
        rows = (
            Case.objects.filter(
                organisation_id=partnership.municipality_id,
                kind=CaseKind.FAULT,
                merged_into__isnull=True,
                created_at__gte=start,
                created_at__lt=end,
            )
            .values_list("pk", "category__name_sv", "area_id", "latitude", "longitude", "created_at", "category__theme")
            .order_by("pk")
        )
        for pk, category, area_id, lat, lng, received_at, theme in rows.iterator():
            yield CaseRecord(pk, category or "", area_id, lat, lng, received_at, theme or "")
