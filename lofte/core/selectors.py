"""Reads that span models: the gazetteer, import plans and the audit log of an organisation."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from django.apps import apps
from django.conf import settings
from django.core.exceptions import FieldDoesNotExist, ValidationError
from django.db import models
from django.db.models import Count, Q, QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from lofte.core.audit import KEY_LABELS, LEGACY_PAIR_ACTIONS, action_label, is_change_action
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


def organisations_overview(*, user: User) -> QuerySet[Organisation]:
    """The user's organisations with their place and member counts.

    The counts run on a fresh queryset: for_user() joins memberships to filter, and counting over that join
    would count only the user's own membership.
    """
    visible = Organisation.objects.for_user(user).values("pk")
    return Organisation.objects.filter(pk__in=visible).annotate(
        place_count=Count("places", distinct=True), member_count=Count("memberships", distinct=True)
    )


def organisation_conflicts(*, name: str, kind: str, kommunkod: str, instance: Organisation | None) -> dict[str, str]:
    """Swedish messages for a kommunkod, or a name of the same kind, that another organisation already has."""
    others = Organisation.objects.all()
    if instance is not None and instance.pk:
        others = others.exclude(pk=instance.pk)
    errors: dict[str, str] = {}
    if kommunkod and others.filter(kommunkod=kommunkod).exists():
        errors["kommunkod"] = _("Det finns redan en kommun med kommunkod %(kommunkod)s.") % {"kommunkod": kommunkod}
    if (
        name.strip()
        and kind in Organisation.Kind.values
        and others.filter(name__iexact=name.strip(), kind=kind).exists()
    ):
        errors["name"] = _("Det finns redan en organisation av typen %(kind)s som heter %(name)s.") % {
            "kind": str(Organisation.Kind(kind).label).lower(),
            "name": name.strip(),
        }
    return errors


def locked_out_usernames(*, usernames: Iterable[str]) -> set[str]:
    """Which of the usernames django-axes locks out now: enough failures within the cool-off time."""
    from axes.models import AccessAttempt

    usernames = list(usernames)
    if not usernames or not getattr(settings, "AXES_ENABLED", True):
        return set()
    attempts = AccessAttempt.objects.filter(
        username__in=usernames, failures_since_start__gte=settings.AXES_FAILURE_LIMIT
    )
    cool_off = settings.AXES_COOLOFF_TIME
    if cool_off:
        delta = cool_off if isinstance(cool_off, dt.timedelta) else dt.timedelta(hours=float(cool_off))
        attempts = attempts.filter(attempt_time__gte=timezone.now() - delta)
    return set(attempts.values_list("username", flat=True))


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


# --- Showing the log -------------------------------------------------------------------------------------


@dataclass
class AuditChange:
    """One line of an entry: a field's Swedish name and its value, or its value before and after a change."""

    label: str
    value: str
    before: str = ""
    is_change: bool = False


@dataclass
class AuditRow:
    entry: AuditEntry
    action_label: str
    changes: list[AuditChange]


def _model_for(label: str) -> type[models.Model] | None:
    try:
        return apps.get_model(label)
    except (LookupError, ValueError):
        return None


def _field_for(model: type[models.Model] | None, key: str) -> models.Field | None:
    if model is None:
        return None
    try:
        found = model._meta.get_field(key)
    except FieldDoesNotExist:
        return None
    return found if isinstance(found, models.Field) else None


def _as_list(value: Any) -> list[Any]:
    return value if isinstance(value, list) else [value]


def _split(entry: AuditEntry, raw: Any) -> tuple[Any, Any, bool]:
    """(before, value, is_change) for one stored value, whatever shape its caller wrote."""
    pair = isinstance(raw, list) and len(raw) == 2
    if pair and is_change_action(entry.action):
        return raw[0], raw[1], True
    if pair and entry.action in LEGACY_PAIR_ACTIONS and (raw[0] is None or raw[1] is None):
        return None, raw[1] if raw[0] is None else raw[0], False
    return None, raw, False


def audit_rows(entries: Iterable[AuditEntry]) -> list[AuditRow]:
    """The entries ready to read: Swedish event names, field names and choice labels, related objects by name."""
    entries = list(entries)
    parsed: list[tuple[AuditEntry, list[tuple[str, models.Field | None, Any, Any, bool]]]] = []
    wanted: dict[type[models.Model], set[Any]] = {}
    for entry in entries:
        model = _model_for(entry.target_type)
        items = []
        for key, raw in (entry.changes or {}).items() if isinstance(entry.changes, dict) else []:
            model_field = _field_for(model, key)
            before, value, is_change = _split(entry, raw)
            if model_field is not None and model_field.is_relation and model_field.related_model is not None:
                related = model_field.related_model
                for candidate in [*_as_list(before), *_as_list(value)]:
                    if isinstance(candidate, int | str) and not isinstance(candidate, bool):
                        wanted.setdefault(related, set()).add(candidate)
            items.append((key, model_field, before, value, is_change))
        parsed.append((entry, items))
    names = _related_names(wanted)
    rows = []
    for entry, items in parsed:
        changes = []
        for key, model_field, before, value, is_change in items:
            changes.append(
                AuditChange(
                    label=_label(key, model_field),
                    value=_display(model_field, value, names),
                    before=_display(model_field, before, names) if is_change else "",
                    is_change=is_change,
                )
            )
        rows.append(AuditRow(entry=entry, action_label=action_label(entry.action), changes=changes))
    return rows


def _related_names(wanted: dict[type[models.Model], set[Any]]) -> dict[tuple[type[models.Model], str], str]:
    names: dict[tuple[type[models.Model], str], str] = {}
    for model, keys in wanted.items():
        pks = []
        for key in keys:
            try:
                pks.append(model._meta.pk.to_python(key))
            except (ValidationError, ValueError, TypeError):
                continue
        for pk, obj in model._default_manager.in_bulk(pks).items():
            names[(model, str(pk))] = str(obj)
    return names


def _label(key: str, model_field: models.Field | None) -> str:
    if model_field is not None:
        named = str(model_field.verbose_name) != model_field.name.replace("_", " ")
        if named:
            return str(model_field.verbose_name)
        related = model_field.related_model
        if model_field.is_relation and related is not None and not isinstance(related, str):
            meta = related._meta
            return str(meta.verbose_name_plural if model_field.many_to_many else meta.verbose_name)
    label = KEY_LABELS.get(key)
    return str(label) if label is not None else key.replace("_", " ")


def _display(model_field: models.Field | None, value: Any, names: dict[tuple[type[models.Model], str], str]) -> str:
    if value is None or value == "" or value == []:
        return "–"
    if isinstance(value, list):
        return ", ".join(_display(model_field, item, names) for item in value)
    if isinstance(value, bool):
        return _("ja") if value else _("nej")
    if isinstance(value, dict):
        return ", ".join(f"{key}: {_display(None, item, names)}" for key, item in value.items())
    if model_field is not None:
        if model_field.is_relation and model_field.related_model is not None:
            return names.get((model_field.related_model, str(value)), str(value))
        if model_field.choices:
            choices = {str(key): label for key, label in model_field.flatchoices}
            return str(choices.get(str(value), value))
    return str(value)
