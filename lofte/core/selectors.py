"""Reads that span models: the gazetteer, import plans and the audit log of an organisation."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext as _

from lofte.core.models import Area, AuditEntry, Membership, Organisation, Place, User
from lofte.core.roles import Role
from lofte.lib.geo import geometry_contains
from lofte.lib.placefile import PlaceRow


def area_for_point(*, organisation: Organisation, lat: float, lng: float) -> Area | None:
    """The organisation's first area (by name) whose polygon contains the point."""
    for area in Area.objects.filter(organisation=organisation, geometry__isnull=False).order_by("name"):
        if geometry_contains(area.geometry, lat=lat, lng=lng):
            return area
    return None


def place_search(*, organisation: Organisation, query: str = "") -> QuerySet[Place]:
    places = Place.objects.filter(organisation=organisation).select_related("area")
    query = query.strip()
    if query:
        # Aliases are a JSON list; a text match on it works on SQLite and PostgreSQL alike.
        places = places.filter(Q(name__icontains=query) | Q(aliases__icontains=query))
    return places


def admin_count(*, organisation: Organisation) -> int:
    return Membership.objects.filter(organisation=organisation, role=Role.ADMIN).count()


def _kind_lookup() -> dict[str, str]:
    lookup: dict[str, str] = {}
    for value, label in Place.Kind.choices:
        lookup[value.casefold()] = value
        lookup[str(label).casefold()] = value
        lookup[str(label).split()[0].casefold()] = value
    return lookup


@dataclass
class PlannedPlace:
    """One row of an import: what it will do (create, update, unchanged) or why it cannot."""

    row: PlaceRow
    action: str = ""  # "create", "update", "unchanged" or "" when the row has errors
    place: Place | None = None
    kind: str = ""
    area: Area | None = None
    area_auto: bool = False
    changes: dict[str, Any] = field(default_factory=dict)

    @property
    def errors(self) -> list[str]:
        return self.row.errors


@dataclass
class ImportPlan:
    rows: list[PlannedPlace]

    @property
    def errors(self) -> list[str]:
        return [f"{planned.row.label}: {error}" for planned in self.rows for error in planned.errors]

    @property
    def is_valid(self) -> bool:
        return bool(self.rows) and not self.errors

    def count(self, action: str) -> int:
        return sum(1 for planned in self.rows if planned.action == action and not planned.errors)

    @property
    def count_create(self) -> int:
        return self.count("create")

    @property
    def count_update(self) -> int:
        return self.count("update")

    @property
    def count_unchanged(self) -> int:
        return self.count("unchanged")


def place_import_plan(*, organisation: Organisation, rows: list[PlaceRow]) -> ImportPlan:
    """Check every row against the organisation's places and areas; re-imports match existing places by name."""
    existing = {place.name.casefold(): place for place in Place.objects.filter(organisation=organisation)}
    areas = list(Area.objects.filter(organisation=organisation))
    areas_by_key = {area.name.casefold(): area for area in areas} | {
        area.code.casefold(): area for area in areas if area.code
    }
    kinds = _kind_lookup()
    seen: dict[str, str] = {}
    planned_rows: list[PlannedPlace] = []
    for row in rows:
        planned = PlannedPlace(row=row)
        planned_rows.append(planned)
        if not row.name:
            row.errors.append(_("namn saknas."))
        elif len(row.name) > 200:
            row.errors.append(_("namnet är längre än 200 tecken."))
        elif row.name.casefold() in seen:
            row.errors.append(
                _("namnet %(name)s finns redan på %(label)s.") % {"name": row.name, "label": seen[row.name.casefold()]}
            )
        else:
            seen[row.name.casefold()] = row.label
        if row.kind:
            kind = kinds.get(row.kind.casefold())
            if kind is None:
                row.errors.append(_("typen ”%(kind)s” finns inte.") % {"kind": row.kind})
            planned.kind = kind or ""
        if row.area:
            planned.area = areas_by_key.get(row.area.casefold())
            if planned.area is None:
                row.errors.append(
                    _("området ”%(area)s” finns inte i %(organisation)s.")
                    % {"area": row.area, "organisation": organisation.name}
                )
        elif row.latitude is not None and row.longitude is not None:
            planned.area = next(
                (a for a in areas if geometry_contains(a.geometry, lat=row.latitude, lng=row.longitude)), None
            )
            planned.area_auto = planned.area is not None
        if row.aliases and any(len(alias) > 200 for alias in row.aliases):
            row.errors.append(_("ett annat namn är längre än 200 tecken."))
        if row.errors:
            continue
        place = existing.get(row.name.casefold())
        values = place_values_from_row(planned, place)
        if place is None:
            planned.action = "create"
            planned.changes = values
        else:
            planned.place = place
            planned.changes = {
                key: [getattr(place, key if key != "area" else "area_id"), value]
                for key, value in values.items()
                if getattr(place, key if key != "area" else "area_id") != value
            }
            planned.action = "update" if planned.changes else "unchanged"
    return ImportPlan(rows=planned_rows)


def place_values_from_row(planned: PlannedPlace, place: Place | None) -> dict[str, Any]:
    """The field values the row sets: what the file leaves out keeps its stored value (or the default)."""
    row = planned.row
    values: dict[str, Any] = {"name": row.name}
    if planned.kind or place is None:
        values["kind"] = planned.kind or Place.Kind.OTHER
    if row.aliases is not None or place is None:
        values["aliases"] = [a for a in (row.aliases or []) if a.casefold() != row.name.casefold()]
    if row.latitude is not None or place is None:
        values["latitude"], values["longitude"] = row.latitude, row.longitude
    if planned.area is not None or place is None:
        values["area"] = planned.area.pk if planned.area else None
    return values


@dataclass
class AuditFilter:
    action: str = ""
    actor: User | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None


def audit_entries(*, organisation: Organisation, filters: AuditFilter | None = None) -> QuerySet[AuditEntry]:
    entries = AuditEntry.objects.filter(organisation=organisation).select_related("actor")
    if filters is None:
        return entries
    if filters.action:
        entries = entries.filter(action=filters.action)
    if filters.actor is not None:
        entries = entries.filter(actor=filters.actor)
    if filters.date_from:
        entries = entries.filter(at__date__gte=filters.date_from)
    if filters.date_to:
        entries = entries.filter(at__date__lte=filters.date_to)
    return entries


def audit_actions(*, organisation: Organisation) -> list[str]:
    return list(
        AuditEntry.objects.filter(organisation=organisation)
        .order_by("action")
        .values_list("action", flat=True)
        .distinct()
    )


def audit_actors(*, organisation: Organisation) -> QuerySet[User]:
    return User.objects.filter(audit_entries__organisation=organisation).distinct().order_by("first_name", "username")
