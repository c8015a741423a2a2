"""Open311: the API is public (keys, not sign-in); the key page is for the organisation's administrators."""

from __future__ import annotations

from types import SimpleNamespace

from lofte.open311.services import api_key_create
from tests.matrix.base import ADMIN, EVERYONE, OUTSIDER, PLATFORM_ADMIN, POLICE_MEMBERS, Row

SJOSTAD_ADMINS = frozenset({PLATFORM_ADMIN, ADMIN})
NOT_IN_SJOSTAD = POLICE_MEMBERS | {OUTSIDER}


def build(world: SimpleNamespace) -> None:
    world.api_key = api_key_create(organisation=world.sjostad, name="Matrisappen", by=None)


def _org(w: SimpleNamespace) -> dict:
    return {"slug": w.sjostad.slug}


def _api(name: str, **kwargs) -> Row:  # noqa: ANN003
    extra = kwargs.pop("kwargs", lambda w: {})
    return Row(
        f"open311:{name}",
        lambda w: {"fmt": "json", **extra(w)},
        allowed=EVERYONE,
        public=True,
        query="jurisdiction_id=9901",
        **kwargs,
    )


ROWS = [
    Row("open311_staff:key_list", _org, allowed=SJOSTAD_ADMINS, hidden=NOT_IN_SJOSTAD),
    Row(
        "open311_staff:key_list",
        _org,
        allowed=SJOSTAD_ADMINS,
        hidden=NOT_IN_SJOSTAD,
        method="post",
        data=lambda w: {"name": "Ny app", "rate_limit": "60"},
    ),
    Row(
        "open311_staff:key_revoke",
        lambda w: {"slug": w.sjostad.slug, "pk": w.api_key.api_key.pk},
        allowed=SJOSTAD_ADMINS,
        hidden=NOT_IN_SJOSTAD,
        method="post",
        ok=302,
    ),
    _api("discovery"),
    _api("services"),
    _api("service", kwargs=lambda w: {"code": "tyck_till"}),
    _api("requests"),
    _api("request", kwargs=lambda w: {"request_id": w.case.reference}),
    _api("token", kwargs=lambda w: {"token": "unknown"}, ok=404),
    _api("updates"),
]
