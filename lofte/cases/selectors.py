"""Reads about cases that span models or need computing."""

from __future__ import annotations

import hmac
import math
from collections.abc import Iterator
from dataclasses import dataclass
from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from lofte.cases.models import Case, CaseEvent, CaseKind, CaseQuerySet, Category, HandlerGroup
from lofte.core.access import token_hash
from lofte.core.models import Organisation, Partnership, User
from lofte.core.roles import Action, Role

STOCKHOLM = ZoneInfo("Europe/Stockholm")

EARTH_RADIUS_M = 6_371_000.0


HANDLER_ROLES = [role for role in Role if role.may(Action.HANDLE_CASES)]


def case_handlers(organisation: Organisation) -> QuerySet[User]:
    """The active members whose role handles the organisation's cases (see access.may_handle_cases)."""
    return (
        User.objects.filter(is_active=True, memberships__organisation=organisation, memberships__role__in=HANDLER_ROLES)
        .distinct()
        .order_by("first_name", "last_name")
    )


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
    days_apart: float


def nearby_open_cases(
    category: Category, lat: float, lng: float, *, around: datetime | None = None, exclude: Case | None = None
) -> list[Nearby]:
    """Open cases of the same category within the category's duplicate distance AND its time window (received
    at most `duplicate_days` before or after `around`, default now). The one rule for both the resident's "is
    it one of these?" and the handler's merge suggestions. Nearest first, distance and time weighed alike as
    shares of their limits. A bounding box narrows the query in the database; haversine decides."""
    distance = category.duplicate_distance_m
    around = around or timezone.now()
    window = timedelta(days=category.duplicate_days)
    dlat = distance / 111_000
    dlng = distance / (111_000 * max(math.cos(math.radians(lat)), 0.01))
    candidates = Case.objects.open().filter(
        category=category,
        latitude__range=(lat - dlat, lat + dlat),
        longitude__range=(lng - dlng, lng + dlng),
        created_at__range=(around - window, around + window),
    )
    if exclude is not None:
        candidates = candidates.exclude(pk=exclude.pk)
    found = [
        Nearby(case, d, abs((case.created_at - around).total_seconds()) / 86400)
        for case in candidates.select_related("category")
        if (d := haversine_m(lat, lng, case.latitude, case.longitude)) <= distance  # type: ignore[arg-type]
    ]
    days = max(category.duplicate_days, 1)
    return sorted(found, key=lambda n: (n.distance_m / max(distance, 1) + n.days_apart / days, n.case.pk))


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


OPEN_Q = Q(closed_at__isnull=True, merged_into__isnull=True)


def category_subtree_ids(organisation: Organisation, category_id: int) -> list[int]:
    """The category and every category under it. Filtering the inbox by these ids uses the case table's own
    index; a join to the category table for its parent made the count of 20,000 cases ten times slower."""
    children: dict[int | None, list[int]] = {}
    for pk, parent_id in Category.objects.filter(organisation=organisation).values_list("pk", "parent_id"):
        children.setdefault(parent_id, []).append(pk)
    ids, frontier = [category_id], [category_id]
    while frontier:
        frontier = [child for pk in frontier for child in children.get(pk, [])]
        ids += frontier
    return ids


def inbox_q(
    organisation: Organisation, filters: InboxFilters, *, user_id: int | None = None, now: datetime | None = None
) -> Q:
    """The inbox's filters as one condition: for the list, and for a saved view's count in one shared query."""
    q = Q(pk__isnull=False)
    if filters.status == "open":
        q &= OPEN_Q
    elif filters.status:
        q &= Q(status=filters.status)
    if filters.category:
        q &= Q(category_id__in=category_subtree_ids(organisation, filters.category))
    if filters.area:
        q &= Q(area_id=filters.area)
    if filters.overdue:
        q &= OPEN_Q & Q(due_at__lt=now or timezone.now())
    if filters.kind:
        q &= Q(kind=filters.kind)
    if filters.mine and user_id:
        q &= Q(assigned_to_id=user_id)
    if filters.priority:
        q &= Q(priority=True)
    return q


def inbox(organisation: Organisation, filters: InboxFilters, *, user_id: int | None = None) -> CaseQuerySet:
    return (
        Case.objects.filter(organisation=organisation)
        .filter(inbox_q(organisation, filters, user_id=user_id))
        .select_related("organisation", "category", "area", "assigned_to", "group")
    )


def inbox_counts(organisation: Organisation, views: dict[str, Q] | None = None) -> dict[str, int]:
    """The inbox's counts, and those of the saved views (`views`: key → inbox_q), in one pass over the
    organisation's cases rather than one query each."""
    now = timezone.now()
    counts = Case.objects.filter(organisation=organisation).aggregate(
        open=Count("pk", filter=OPEN_Q),
        overdue=Count("pk", filter=OPEN_Q & Q(due_at__lt=now)),
        unassigned=Count("pk", filter=OPEN_Q & Q(assigned_to__isnull=True)),
        priority=Count("pk", filter=OPEN_Q & Q(priority=True)),
        **{status: Count("pk", filter=Q(status=status)) for status in Case.Status.values},
        **{key: Count("pk", filter=q) for key, q in (views or {}).items()},
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


def case_history(case: Case) -> list[CaseEvent]:
    """The case's events, each with `detail`: whom it was given to, what was changed into what, in words
    (the events keep ids)."""
    events = list(case.events.select_related("actor"))
    changed = [e.after for e in events]
    users = User.objects.in_bulk({a["assigned_to"] for a in changed if a.get("assigned_to")})
    groups = HandlerGroup.objects.in_bulk({a["group"] for a in changed if a.get("group")})
    categories = Category.objects.in_bulk({a["category"] for a in changed if a.get("category")})
    kinds, feedback = dict(CaseKind.choices), dict(Case.FeedbackType.choices)
    for event in events:
        after, parts = event.after, []
        if event.kind in (CaseEvent.Kind.ASSIGNED, CaseEvent.Kind.ROUTED):
            if "assigned_to" in after:
                parts.append(f"{_('Handläggare')}: {users.get(after['assigned_to']) or _('ingen')}")
            if "group" in after:
                parts.append(f"{_('Grupp')}: {groups.get(after['group']) or _('ingen')}")
        elif event.kind == CaseEvent.Kind.CONVERTED:
            parts += [str(kinds.get(after["kind"], after["kind"]))] if "kind" in after else []
            parts += [str(categories.get(after["category"]) or "")] if after.get("category") else []
            parts += [str(feedback.get(after["feedback_type"], ""))] if after.get("feedback_type") else []
        elif event.kind == CaseEvent.Kind.EDITED and "diarienummer" in after:
            parts.append(f"{_('Diarienummer')}: {after['diarienummer'] or '–'}")
        event.detail = " · ".join(p for p in parts if p)  # type: ignore[attr-defined]
    return events
