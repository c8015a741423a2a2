from __future__ import annotations

import datetime as dt
from types import SimpleNamespace

from django.utils import timezone

from lofte.core.access import token_hash
from lofte.core.models import Area, ContactCentre, EmailChange, Invitation, Membership, OnCallNumber, Place
from tests.matrix.base import (
    ADMIN,
    ANONYMOUS,
    CASE_HANDLER,
    EVERYONE,
    MUNICIPALITY_MEMBERS,
    OUTSIDER,
    PARTNERSHIP_MEMBERS,
    PLATFORM_ADMIN,
    POLICE_ADMIN,
    POLICE_CASE_HANDLER,
    POLICE_MEMBERS,
    READER,
    SECTION_INDEX,
    STAFF,
    Row,
)

# Sjöstad's administrators (and the platform's); police members and Grannby's admin must not learn it exists.
SJOSTAD_ADMINS = frozenset({PLATFORM_ADMIN, ADMIN})
NOT_IN_SJOSTAD = POLICE_MEMBERS | {OUTSIDER}
# The police area's own pages, the mirror image: Sjöstad kommun's members must not learn them.
LPO_ADMINS = frozenset({PLATFORM_ADMIN, POLICE_ADMIN})
NOT_IN_LPO = MUNICIPALITY_MEMBERS - {PLATFORM_ADMIN} | {OUTSIDER}


def build(world: SimpleNamespace) -> None:
    """An area, a place, a contact centre and the reader's membership for the administration URLs."""
    world.area = Area.objects.create(organisation=world.sjostad, name="Sjöstad", kind=Area.Kind.TATORT)
    world.place = Place.objects.create(
        organisation=world.sjostad,
        name="Resecentrum",
        kind=Place.Kind.STATION,
        area=world.area,
        latitude=58.5045,
        longitude=13.1617,
    )
    centre = ContactCentre.objects.create(organisation=world.sjostad, phone="0999-10 00 00")
    OnCallNumber.objects.create(contact_centre=centre, service="Socialjouren", phone="0999-10 01 30")
    world.reader_membership = Membership.objects.get(user=world.users["reader"], organisation=world.sjostad)
    world.police_membership = Membership.objects.get(user=world.users["police_case_handler"], organisation=world.lpo)
    # Sjöstad invites an address with no account (its link is INVITATION_TOKEN); Grannby invites the reader.
    expires_at = timezone.now() + dt.timedelta(days=14)
    world.sjostad_invitation = Invitation.objects.create(
        organisation=world.sjostad,
        email="ny@sjostad.example",
        role="reader",
        expires_at=expires_at,
        token_hash=token_hash(INVITATION_TOKEN),
    )
    world.email_change = EmailChange.objects.create(
        user=world.users["reader"],
        email="erik.ny@sjostad.example",
        expires_at=expires_at,
        token_hash=token_hash(EMAIL_CHANGE_TOKEN),
    )
    world.reader_invitation = Invitation.objects.create(
        organisation=world.grannby, email=world.users["reader"].email, role="reader", expires_at=expires_at
    )


INVITATION_TOKEN = "matrix-invitation-token-0123456789abcdefghijklmnop"
EMAIL_CHANGE_TOKEN = "matrix-email-change-token-0123456789abcdefghijkl"


def _org(w: SimpleNamespace) -> dict[str, str]:
    return {"slug": w.sjostad.slug}


def _area(w: SimpleNamespace) -> dict[str, object]:
    return {"slug": w.sjostad.slug, "pk": w.area.pk}


def _place(w: SimpleNamespace) -> dict[str, object]:
    return {"slug": w.sjostad.slug, "pk": w.place.pk}


def _member(w: SimpleNamespace) -> dict[str, object]:
    return {"slug": w.sjostad.slug, "pk": w.reader_membership.pk}


def _lpo(w: SimpleNamespace) -> dict[str, str]:
    return {"slug": w.lpo.slug}


def _police_member(w: SimpleNamespace) -> dict[str, object]:
    return {"slug": w.lpo.slug, "pk": w.police_membership.pk}


def _on_call_data(w: SimpleNamespace) -> dict[str, str]:
    return {
        "phone": "0999-10 00 01",
        "email": "kontakt@sjostad.example",
        "oncall-TOTAL_FORMS": "1",
        "oncall-INITIAL_FORMS": "0",
        "oncall-0-service": "Socialjouren",
        "oncall-0-phone": "0999-10 01 30",
        "oncall-0-ORDER": "1",
    }


ADMIN_PAGE = {"allowed": SJOSTAD_ADMINS, "hidden": NOT_IN_SJOSTAD}

ROWS = [
    # Health endpoints: public, the same for everyone; ready is 503 here because no task worker runs.
    Row("health_live", allowed=EVERYONE, public=True),
    Row("health_ready", allowed=EVERYONE, public=True, ok=(200, 503)),
    Row("openapi", allowed=EVERYONE, public=True),
    Row("core:home", allowed=STAFF),
    Row("core:login", allowed=EVERYONE, public=True, ok=(200, 302)),  # signed-in users go on
    Row("core:two_factor", allowed=STAFF, ok=(200, 302)),  # 302 once verified or not needed
    Row("core:logout", method="post", allowed=EVERYONE, public=True, ok=302),
    Row("core:password_change", allowed=STAFF),
    Row("core:invitation_list", allowed=STAFF),
    # The link mailed to a new address: whoever holds it reads that mail, signed in or not.
    Row("core:email_change_confirm", lambda w: {"token": EMAIL_CHANGE_TOKEN}, public=True, allowed=EVERYONE),
    Row(
        "core:email_change_confirm",
        lambda w: {"token": EMAIL_CHANGE_TOKEN},
        method="post",
        public=True,
        allowed=EVERYONE,
    ),
    # Only the invited account answers; to everyone else the invitation does not exist.
    Row(
        "core:invitation_answer",
        lambda w: {"pk": w.reader_invitation.pk},
        method="post",
        ok=302,
        data=lambda w: {"answer": "decline"},
        allowed=frozenset({READER}),
        hidden=STAFF - {READER},
    ),
    # The e-mailed link of an address with no account: whoever is signed in is another account (403).
    Row("core:invitation_open", lambda w: {"token": INVITATION_TOKEN}, public=True, allowed=frozenset({ANONYMOUS})),
    Row(
        "core:invitation_open",
        lambda w: {"token": INVITATION_TOKEN},
        method="post",
        data=lambda w: {"answer": "decline"},
        public=True,
        allowed=frozenset({ANONYMOUS}),
    ),
    Row("core:organisation_list", allowed=STAFF),
    Row("core:organisation_create", allowed=frozenset({PLATFORM_ADMIN})),
    Row(
        "core:organisation_create",
        method="post",
        allowed=frozenset({PLATFORM_ADMIN}),
        ok=302,
        data=lambda w: {"name": "Nyby kommun", "kind": "municipality", "kommunkod": "9903"},
    ),
    Row("core:organisation_detail", _org, allowed=MUNICIPALITY_MEMBERS, hidden=NOT_IN_SJOSTAD),
    Row("core:organisation_edit", _org, **ADMIN_PAGE),
    Row(
        "core:organisation_edit",
        _org,
        method="post",
        ok=302,
        data=lambda w: {"name": "Sjöstads kommun", "kommunkod": "9901"},
        **ADMIN_PAGE,
    ),
    Row("core:area_list", _org, allowed=MUNICIPALITY_MEMBERS, hidden=NOT_IN_SJOSTAD),
    Row("core:area_create", _org, **ADMIN_PAGE),
    Row(
        "core:area_create",
        _org,
        method="post",
        ok=302,
        data=lambda w: {"name": "Norrvik", "kind": "tatort", "crs": "auto"},
        **ADMIN_PAGE,
    ),
    Row("core:area_edit", _area, **ADMIN_PAGE),
    Row(
        "core:area_edit",
        _area,
        method="post",
        ok=302,
        data=lambda w: {"name": "Sjöstad", "kind": "stadsdel", "crs": "auto"},
        **ADMIN_PAGE,
    ),
    Row("core:area_delete", _area, **ADMIN_PAGE),
    Row("core:area_delete", _area, method="post", ok=302, **ADMIN_PAGE),
    Row("core:place_list", _org, allowed=MUNICIPALITY_MEMBERS, hidden=NOT_IN_SJOSTAD),
    Row("core:place_list", _org, query="q=rese", allowed=MUNICIPALITY_MEMBERS, hidden=NOT_IN_SJOSTAD),
    Row("core:place_create", _org, **ADMIN_PAGE),
    Row(
        "core:place_create",
        _org,
        method="post",
        ok=302,
        data=lambda w: {"name": "Stadsparken", "kind": "park", "latitude": "58.506", "longitude": "13.155"},
        **ADMIN_PAGE,
    ),
    Row("core:place_import", _org, **ADMIN_PAGE),
    Row(
        "core:place_import",
        _org,
        method="post",
        ok=302,
        **ADMIN_PAGE,
        data=lambda w: {"content": "name;lat;lon\nTorget;58,5035;13,1577\n", "crs": "auto", "import": "1"},
    ),
    Row("core:place_edit", _place, **ADMIN_PAGE),
    Row(
        "core:place_edit",
        _place,
        method="post",
        ok=302,
        **ADMIN_PAGE,
        data=lambda w: {"name": "Resecentrum", "kind": "station", "aliases": "stationen"},
    ),
    Row("core:place_delete", _place, **ADMIN_PAGE),
    Row("core:place_delete", _place, method="post", ok=302, **ADMIN_PAGE),
    Row("core:contact_centre_edit", _org, **ADMIN_PAGE),
    Row("core:contact_centre_edit", _org, method="post", ok=302, data=_on_call_data, **ADMIN_PAGE),
    Row("core:member_list", _org, **ADMIN_PAGE),
    Row("core:member_add", _org, **ADMIN_PAGE),
    Row(
        "core:member_add",
        _org,
        method="post",
        ok=(200, 302),
        **ADMIN_PAGE,
        data=lambda w: {"email": "ny@sjostad.example", "role": "reader"},
    ),
    Row(
        "core:member_invitation_revoke",
        lambda w: {"slug": w.sjostad.slug, "pk": w.sjostad_invitation.pk},
        method="post",
        ok=302,
        **ADMIN_PAGE,
    ),
    Row("core:member_edit", _member, **ADMIN_PAGE),
    Row(
        "core:member_edit",
        _member,
        method="post",
        ok=302,
        data=lambda w: {"role": "analyst", "title": "Samordnare", "email": "erik@sjostad.example"},
        **ADMIN_PAGE,
    ),
    Row("core:member_password", _member, **ADMIN_PAGE),
    Row("core:member_password", _member, method="post", ok=200, **ADMIN_PAGE),
    Row("core:member_active", _member, method="post", ok=302, data=lambda w: {"active": "0"}, **ADMIN_PAGE),
    Row("core:member_remove", _member, **ADMIN_PAGE),
    Row("core:member_remove", _member, method="post", ok=302, **ADMIN_PAGE),
    Row("core:member_reset_two_factor", _member, **ADMIN_PAGE),
    Row("core:member_reset_two_factor", _member, method="post", ok=302, **ADMIN_PAGE),
    Row("core:member_unlock", _member, method="post", ok=302, **ADMIN_PAGE),
    Row("core:audit_list", _org, **ADMIN_PAGE),
    Row("core:audit_list", _org, query="date_from=2026-01-01&date_to=2026-12-31&sida=2", **ADMIN_PAGE),
    Row("core:partnership_list", allowed=STAFF),
    Row("core:partnership_create", allowed=frozenset({PLATFORM_ADMIN})),
    Row(
        "core:partnership_create",
        method="post",
        allowed=frozenset({PLATFORM_ADMIN}),
        ok=302,
        data=lambda w: {"name": "Trygg i Grannby", "municipality": w.grannby.pk, "police_area": w.lpo.pk},
    ),
    Row(
        "core:partnership_detail",
        lambda w: {"slug": w.partnership.slug},
        allowed=PARTNERSHIP_MEMBERS,
        hidden=frozenset({OUTSIDER}),
    ),
    # Admins of the partnership's municipality edit it; police members see it but may not (403).
    Row(
        "core:partnership_edit",
        lambda w: {"slug": w.partnership.slug},
        allowed=SJOSTAD_ADMINS,
        hidden=frozenset({OUTSIDER}),
    ),
    Row(
        "core:partnership_edit",
        lambda w: {"slug": w.partnership.slug},
        method="post",
        ok=302,
        allowed=SJOSTAD_ADMINS,
        hidden=frozenset({OUTSIDER}),
        data=lambda w: {"name": "Trygga Sjöstad"},
    ),
    Row("situation:index", allowed=STAFF, ok=SECTION_INDEX),
    Row(
        "situation:partnership",
        lambda w: {"slug": w.partnership.slug},
        allowed=PARTNERSHIP_MEMBERS,
        hidden=frozenset({OUTSIDER}),
    ),
    Row("promises:index", allowed=STAFF, ok=SECTION_INDEX),
    Row(
        "promises:partnership",
        lambda w: {"slug": w.partnership.slug},
        allowed=PARTNERSHIP_MEMBERS,
        hidden=frozenset({OUTSIDER}),
    ),
    Row("cases:index", allowed=STAFF, ok=SECTION_INDEX),
    Row(
        "cases:organisation",
        lambda w: {"slug": w.sjostad.slug},
        allowed=frozenset({PLATFORM_ADMIN, ADMIN, CASE_HANDLER}),
        hidden=NOT_IN_SJOSTAD,
    ),
    # The police area's own administration and cases, from the other side: the kommun's members get 404.
    Row("core:organisation_detail", _lpo, allowed=LPO_ADMINS | POLICE_MEMBERS, hidden=NOT_IN_LPO),
    Row("core:member_list", _lpo, allowed=LPO_ADMINS, hidden=NOT_IN_LPO),
    Row("core:member_edit", _police_member, allowed=LPO_ADMINS, hidden=NOT_IN_LPO),
    Row("core:audit_list", _lpo, allowed=LPO_ADMINS, hidden=NOT_IN_LPO),
    Row(
        "cases:organisation",
        _lpo,
        allowed=frozenset({PLATFORM_ADMIN, POLICE_ADMIN, POLICE_CASE_HANDLER}),
        hidden=NOT_IN_LPO,
    ),
]

assert ANONYMOUS not in STAFF
