"""The audit log: every create, change and delete of a domain object goes through audit_log."""

from __future__ import annotations

from typing import Any

from django.db import models
from django.forms.models import model_to_dict

from lofte.core.models import AuditEntry, Organisation, User


def snapshot(instance: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """The instance's field values in a JSON-safe form, to diff before and after a change."""
    data = model_to_dict(instance, fields=fields)
    return {key: _jsonable(value) for key, value in data.items()}


def diff(before: dict[str, Any], after: dict[str, Any]) -> dict[str, list[Any]]:
    return {key: [before.get(key), after.get(key)] for key in after if before.get(key) != after.get(key)}


def audit_log(
    *,
    actor: User | None,
    action: str,
    target: models.Model,
    organisation: Organisation | None = None,
    changes: dict[str, Any] | None = None,
) -> AuditEntry:
    return AuditEntry.objects.create(
        actor=actor if actor is not None and actor.is_authenticated else None,
        organisation=organisation,
        action=action,
        target_type=target._meta.label_lower,
        target_id=str(target.pk),
        target_repr=str(target)[:200],
        changes=changes or {},
    )


def _jsonable(value: Any) -> Any:
    if isinstance(value, models.Model):
        return value.pk
    if isinstance(value, list | tuple):
        return [_jsonable(v) for v in value]
    if isinstance(value, dict):
        return {str(k): _jsonable(v) for k, v in value.items()}
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)
