"""Writes for organisations, partnerships, areas, places, contact centres, users and memberships.

Every write is here, audited with a diff; views, the demo and commands call these functions.
"""

from __future__ import annotations

import datetime as dt
import secrets
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from axes.utils import reset as axes_reset
from django.conf import settings
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.mail import send_mail
from django.db import transaction
from django.db.models import Q
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from lofte.core.access import account_admin_refusal, may_manage_account, token_hash
from lofte.core.audit import audit_log, diff, snapshot
from lofte.core.models import (
    Area,
    ContactCentre,
    EmailChange,
    Invitation,
    Membership,
    OnCallNumber,
    Organisation,
    Partnership,
    Place,
    User,
)
from lofte.core.roles import Role
from lofte.core.selectors import ImportPlan, area_for_point, organisation_conflicts, place_values_from_row
from lofte.lib.geo import vertex_count
from lofte.lib.placefile import split_aliases

# --- Second factor ---------------------------------------------------------------------------------------


def totp_device_for_enrolment(*, user: User) -> TOTPDevice:
    """The user's unconfirmed authenticator, created once so a reload shows the same QR code."""
    device = TOTPDevice.objects.filter(user=user, confirmed=False).first()
    if device is None:
        device = TOTPDevice.objects.create(user=user, name="default", confirmed=False)
    return device


@transaction.atomic
def totp_confirm(*, device: TOTPDevice, by: User) -> None:
    device.confirmed = True
    device.save(update_fields=["confirmed"])
    _audit_account(by=by, action="user.two_factor_enrol", user=by)


def _audit_account(*, by: User | None, action: str, user: User, changes: dict[str, Any] | None = None) -> None:
    """An account event goes into the log of every organisation the account belongs to, so each of their
    administrators sees it (an account without organisations still gets one entry)."""
    organisations: list[Organisation | None] = [*Organisation.objects.filter(memberships__user=user)] or [None]
    for organisation in organisations:
        audit_log(actor=by, action=action, target=user, organisation=organisation, changes=changes)


def _require_account_admin(*, user: User, by: User) -> None:
    if not may_manage_account(user=user, by=by):
        raise PermissionDenied(account_admin_refusal(user))


@transaction.atomic
def user_reset_two_factor(*, user: User, organisation: Organisation, by: User) -> int:
    """Delete the user's authenticators: they enrol a new one at their next sign-in. Returns how many."""
    _require_account_admin(user=user, by=by)
    totp = TOTPDevice.objects.filter(user=user).delete()[0]
    static = StaticDevice.objects.filter(user=user).delete()[0]
    audit_log(
        actor=by,
        action="user.two_factor_reset",
        target=user,
        organisation=organisation,
        changes={"devices_removed": totp + static},
    )
    return totp + static


@transaction.atomic
def user_unlock(*, user: User, organisation: Organisation, by: User) -> int:
    """Clear the account's failed sign-ins so django-axes lets it try again. Returns how many records went.
    Unlocking lets someone guess passwords again, so it needs the same right as giving a new password."""
    _require_account_admin(user=user, by=by)
    removed = axes_reset(username=user.username)
    audit_log(
        actor=by, action="user.unlock", target=user, organisation=organisation, changes={"attempts_removed": removed}
    )
    return removed


# --- Organisations and partnerships ------------------------------------------------------------------------

ORGANISATION_FIELDS = ["name", "slug", "kind", "kommunkod", "website", "logo"]
# Slugs stand in addresses beside fixed words: "ny" and "andra" under /samverkan/ and /organisationer/, and under
# /p/ the first word of each public page that belongs to no one slug ("dialog", "arende", "lagesbild",
# "medborgarloften"). An organisation or partnership with such a slug would have its pages shadowed by them.
RESERVED_SLUGS = {"ny", "nytt", "andra", "dialog", "arende", "lagesbild", "medborgarloften"}


def unique_slug(model: type[Organisation] | type[Partnership], name: str) -> str:
    base = slugify(name)[:50] or "org"
    slug, number = base, 2
    while slug in RESERVED_SLUGS or model.objects.filter(slug=slug).exists():
        slug = f"{base}-{number}"
        number += 1
    return slug


@transaction.atomic
def organisation_create(
    *, name: str, kind: str, by: User, slug: str = "", kommunkod: str = "", website: str = ""
) -> Organisation:
    if not by.is_superuser:
        raise PermissionDenied
    organisation = Organisation(
        name=name,
        kind=kind,
        slug=slug or unique_slug(Organisation, name),
        kommunkod=kommunkod if kind == Organisation.Kind.MUNICIPALITY else "",
        website=website,
    )
    conflicts = organisation_conflicts(
        name=organisation.name, kind=organisation.kind, kommunkod=organisation.kommunkod, instance=None
    )
    if conflicts:
        raise ValidationError(conflicts)
    organisation.full_clean()
    organisation.save()
    audit_log(
        actor=by,
        action="organisation.create",
        target=organisation,
        organisation=organisation,
        changes=snapshot(organisation, ORGANISATION_FIELDS),
    )
    return organisation


@transaction.atomic
def organisation_update(*, organisation: Organisation, by: User, **values: Any) -> Organisation:
    """Change name, website and (for municipalities) kommunkod; kind and slug stay, URLs depend on them."""
    before = snapshot(organisation, ORGANISATION_FIELDS)
    for key in ("name", "website", "kommunkod"):
        if key in values:
            setattr(organisation, key, values[key])
    # A form's ClearableFileInput gives False to remove the logo, None to keep it, a file to replace it.
    if values.get("logo") is False:
        organisation.logo = ""
    elif values.get("logo"):
        organisation.logo = values["logo"]
    if not organisation.is_municipality:
        organisation.kommunkod = ""
    conflicts = organisation_conflicts(
        name=organisation.name, kind=organisation.kind, kommunkod=organisation.kommunkod, instance=organisation
    )
    if conflicts:
        raise ValidationError(conflicts)
    organisation.full_clean()
    organisation.save()
    changes = diff(before, snapshot(organisation, ORGANISATION_FIELDS))
    if changes:
        audit_log(
            actor=by, action="organisation.update", target=organisation, organisation=organisation, changes=changes
        )
    return organisation


PARTNERSHIP_FIELDS = ["name", "slug", "municipality", "police_area", "other_partners"]


def _partnership_snapshot(partnership: Partnership) -> dict[str, Any]:
    data = snapshot(partnership, ["name", "slug", "municipality", "police_area"])
    data["other_partners"] = sorted(partnership.other_partners.values_list("pk", flat=True))
    return data


@transaction.atomic
def partnership_create(
    *,
    name: str,
    municipality: Organisation,
    police_area: Organisation,
    by: User,
    slug: str = "",
    other_partners: Sequence[Organisation] = (),
) -> Partnership:
    if not by.is_superuser:
        raise PermissionDenied
    if not municipality.is_municipality or police_area.kind != Organisation.Kind.POLICE_AREA:
        raise ValidationError(_("En samverkan består av en kommun och ett lokalpolisområde."))
    partnership = Partnership(
        name=name, slug=slug or unique_slug(Partnership, name), municipality=municipality, police_area=police_area
    )
    partnership.full_clean()
    partnership.save()
    partnership.other_partners.set([o for o in other_partners if o.pk not in {municipality.pk, police_area.pk}])
    changes = _partnership_snapshot(partnership)
    for organisation in (municipality, police_area):
        audit_log(actor=by, action="partnership.create", target=partnership, organisation=organisation, changes=changes)
    return partnership


@transaction.atomic
def partnership_update(
    *, partnership: Partnership, by: User, name: str, other_partners: Sequence[Organisation]
) -> Partnership:
    before = _partnership_snapshot(partnership)
    partners = [o for o in other_partners if o.pk not in {partnership.municipality_id, partnership.police_area_id}]
    added = {o.pk for o in partners} - set(before["other_partners"])
    # A partner sees the partnership's dialogues: only the platform's administrators join a kommun or a police
    # area into someone else's partnership; the municipality's administrators add other partners (schools,
    # housing companies, associations).
    if not by.is_superuser and Organisation.objects.filter(pk__in=added).exclude(kind=Organisation.Kind.OTHER):
        raise PermissionDenied
    partnership.name = name
    partnership.full_clean()
    partnership.save()
    partnership.other_partners.set(partners)
    changes = diff(before, _partnership_snapshot(partnership))
    if changes:
        parties = {partnership.municipality_id, partnership.police_area_id, *before["other_partners"], *added}
        for organisation in Organisation.objects.filter(pk__in=parties):
            audit_log(
                actor=by, action="partnership.update", target=partnership, organisation=organisation, changes=changes
            )
    return partnership


# --- Areas -----------------------------------------------------------------------------------------------

AREA_FIELDS = ["name", "kind", "code", "geometry"]


def _area_audit_snapshot(area: Area) -> dict[str, Any]:
    """Polygons can be large: the log keeps a vertex count, not the coordinates."""
    data = snapshot(area, ["name", "kind", "code"])
    data["geometry"] = _("%(count)s hörn") % {"count": vertex_count(area.geometry)} if area.geometry else None
    return data


@transaction.atomic
def area_create(
    *, organisation: Organisation, name: str, kind: str, by: User, code: str = "", geometry: dict | None = None
) -> Area:
    area = Area(organisation=organisation, name=name, kind=kind, code=code, geometry=geometry)
    area.full_clean()
    area.save()
    audit_log(
        actor=by,
        action="area.create",
        target=area,
        organisation=organisation,
        changes=_area_audit_snapshot(area),
    )
    return area


@dataclass(frozen=True)
class Unchanged:
    """Marks a geometry the form left as it was."""


KEEP_GEOMETRY = Unchanged()


@transaction.atomic
def area_update(
    *, area: Area, by: User, name: str, kind: str, code: str = "", geometry: dict | None | Unchanged = KEEP_GEOMETRY
) -> Area:
    before = _area_audit_snapshot(area)
    area.name, area.kind, area.code = name, kind, code
    if not isinstance(geometry, Unchanged):
        area.geometry = geometry
    area.full_clean()
    area.save()
    changes = diff(before, _area_audit_snapshot(area))
    if changes:
        audit_log(actor=by, action="area.update", target=area, organisation=area.organisation, changes=changes)
    return area


@transaction.atomic
def area_delete(*, area: Area, by: User) -> None:
    """Places in the area stay; they lose their area."""
    audit_log(
        actor=by,
        action="area.delete",
        target=area,
        organisation=area.organisation,
        changes=_area_audit_snapshot(area),
    )
    area.delete()


# --- Places ----------------------------------------------------------------------------------------------

PLACE_FIELDS = ["name", "kind", "area", "aliases", "latitude", "longitude"]


def clean_aliases(aliases: Sequence[str], *, name: str) -> list[str]:
    return [a for a in split_aliases(list(aliases)) if a.casefold() != name.strip().casefold()]


@transaction.atomic
def place_create(
    *,
    organisation: Organisation,
    name: str,
    by: User,
    kind: str = Place.Kind.OTHER,
    area: Area | None = None,
    aliases: Sequence[str] = (),
    latitude: float | None = None,
    longitude: float | None = None,
) -> Place:
    if area is not None and area.organisation_id != organisation.pk:
        raise ValidationError(_("Området hör till en annan organisation."))
    if area is None and latitude is not None and longitude is not None:
        area = area_for_point(organisation=organisation, lat=latitude, lng=longitude)
    place = Place(
        organisation=organisation,
        name=name.strip(),
        kind=kind,
        area=area,
        aliases=clean_aliases(aliases, name=name),
        latitude=latitude,
        longitude=longitude,
    )
    place.full_clean()
    place.save()
    audit_log(
        actor=by,
        action="place.create",
        target=place,
        organisation=organisation,
        changes=snapshot(place, PLACE_FIELDS),
    )
    return place


@transaction.atomic
def place_update(
    *,
    place: Place,
    by: User,
    name: str,
    kind: str,
    area: Area | None,
    aliases: Sequence[str],
    latitude: float | None,
    longitude: float | None,
) -> Place:
    if area is not None and area.organisation_id != place.organisation_id:
        raise ValidationError(_("Området hör till en annan organisation."))
    if area is None and latitude is not None and longitude is not None:
        area = area_for_point(organisation=place.organisation, lat=latitude, lng=longitude)
    before = snapshot(place, PLACE_FIELDS)
    place.name, place.kind, place.area = name.strip(), kind, area
    place.aliases = clean_aliases(aliases, name=name)
    place.latitude, place.longitude = latitude, longitude
    place.full_clean()
    place.save()
    changes = diff(before, snapshot(place, PLACE_FIELDS))
    if changes:
        audit_log(actor=by, action="place.update", target=place, organisation=place.organisation, changes=changes)
    return place


@transaction.atomic
def place_delete(*, place: Place, by: User) -> None:
    audit_log(
        actor=by,
        action="place.delete",
        target=place,
        organisation=place.organisation,
        changes=snapshot(place, PLACE_FIELDS),
    )
    place.delete()


@dataclass(frozen=True)
class ImportResult:
    created: int
    updated: int
    unchanged: int


@transaction.atomic
def places_import(*, organisation: Organisation, plan: ImportPlan, by: User) -> ImportResult:
    """All or nothing: a plan with any row error writes nothing. One audit entry per created or changed place."""
    if not plan.is_valid:
        raise ValidationError(plan.errors or [_("Filen innehåller inga platser.")])
    created = updated = 0
    areas = {area.pk: area for area in Area.objects.filter(organisation=organisation)}
    for planned in plan.rows:
        if planned.action == "unchanged":
            continue
        # Re-read the place inside the transaction: someone may have edited it since the preview.
        place = Place.objects.select_for_update().filter(pk=planned.place.pk).first() if planned.place else None
        values = place_values_from_row(planned, place)
        if "area" in values:
            values["area"] = areas.get(values["area"]) if values["area"] else None
        if place is None:
            place = Place(organisation=organisation, **values)
            place.full_clean()
            place.save()
            audit_log(
                actor=by,
                action="place.import_create",
                target=place,
                organisation=organisation,
                changes=snapshot(place, PLACE_FIELDS),
            )
            created += 1
        else:
            before = snapshot(place, PLACE_FIELDS)
            for key, value in values.items():
                setattr(place, key, value)
            place.full_clean()
            place.save()
            changes = diff(before, snapshot(place, PLACE_FIELDS))
            if changes:
                audit_log(
                    actor=by, action="place.import_update", target=place, organisation=organisation, changes=changes
                )
                updated += 1
    return ImportResult(created=created, updated=updated, unchanged=plan.count("unchanged"))


# --- Contact centre --------------------------------------------------------------------------------------

CONTACT_FIELDS = ["phone", "fax", "email", "visiting_address", "postal_address", "opening_hours"]


@dataclass(frozen=True)
class OnCallEntry:
    service: str
    phone: str
    note: str = ""


def _on_call_snapshot(centre: ContactCentre) -> list[str]:
    return [f"{n.service}: {n.phone}" + (f" ({n.note})" if n.note else "") for n in centre.on_call_numbers.all()]


@transaction.atomic
def contact_centre_update(
    *, organisation: Organisation, by: User, on_call: Sequence[OnCallEntry] | None = None, **values: str
) -> ContactCentre:
    """Save the profile and, when given, replace the journummer with `on_call` in that order."""
    if not organisation.is_municipality:
        raise ValidationError(_("Bara kommuner har ett kontaktcenter."))
    centre, created = ContactCentre.objects.select_for_update().get_or_create(organisation=organisation)
    before = {} if created else snapshot(centre, CONTACT_FIELDS) | {"on_call": _on_call_snapshot(centre)}
    for key in CONTACT_FIELDS:
        if key in values:
            setattr(centre, key, values[key].strip())
    centre.full_clean()
    centre.save()
    if on_call is not None:
        centre.on_call_numbers.all().delete()
        OnCallNumber.objects.bulk_create(
            OnCallNumber(
                contact_centre=centre,
                service=e.service.strip(),
                phone=e.phone.strip(),
                note=e.note.strip(),
                position=position,
            )
            for position, e in enumerate(on_call)
        )
    changes = diff(before, snapshot(centre, CONTACT_FIELDS) | {"on_call": _on_call_snapshot(centre)})
    if changes:
        audit_log(actor=by, action="contact_centre.update", target=centre, organisation=organisation, changes=changes)
    return centre


# --- Users and memberships -------------------------------------------------------------------------------

MEMBERSHIP_FIELDS = ["role", "title"]


def generate_password() -> str:
    """Four groups of five characters from an alphabet without look-alikes: strong and easy to type."""
    alphabet = "abcdefghjkmnpqrstuvwxyz23456789"
    return "-".join("".join(secrets.choice(alphabet) for _ in range(5)) for _ in range(4))


@dataclass(frozen=True)
class MembershipAdded:
    membership: Membership
    user_created: bool
    password: str  # the generated password to show once; "" when the admin chose one or the user existed


@transaction.atomic
def membership_add(
    *,
    organisation: Organisation,
    email: str,
    role: Role | str,
    by: User,
    first_name: str = "",
    last_name: str = "",
    title: str = "",
    password: str = "",
) -> MembershipAdded:
    """Add a member; a new e-mail address becomes a new account (username = e-mail) with a strong password.

    An existing account is attached only by someone who already manages it (the platform's administrators, or
    the administrator of every organisation it belongs to): anyone else invites it (invitation_create), since
    attaching it would take its management from its own organisation."""
    email = User.objects.normalize_email(email.strip()).lower()
    user = User.objects.filter(email__iexact=email).first()
    if user is not None and not may_manage_account(user=user, by=by):
        raise PermissionDenied(account_admin_refusal(user))
    created = user is None
    generated = ""
    if user is None:
        user = User(username=email, email=email, first_name=first_name.strip(), last_name=last_name.strip())
        if not password:
            password = generated = generate_password()
        validate_password(password, user)
        user.set_password(password)
        user.full_clean()
        user.save()
        audit_log(
            actor=by,
            action="user.create",
            target=user,
            organisation=organisation,
            changes=snapshot(user, ["username", "email", "first_name", "last_name"]),
        )
    elif Membership.objects.filter(user=user, organisation=organisation).exists():
        raise ValidationError(
            _("%(user)s är redan medlem i %(organisation)s.") % {"user": user, "organisation": organisation}
        )
    membership = Membership.objects.create(user=user, organisation=organisation, role=role, title=title.strip())
    audit_log(
        actor=by,
        action="membership.add",
        target=membership,
        organisation=organisation,
        changes=snapshot(membership, ["user", *MEMBERSHIP_FIELDS]),
    )
    return MembershipAdded(membership=membership, user_created=created, password=generated)


def _lock_admins(organisation: Organisation) -> int:
    """Lock the organisation's admin memberships so two admins cannot demote each other at once."""
    return len(list(Membership.objects.select_for_update().filter(organisation=organisation, role=Role.ADMIN)))


@transaction.atomic
def membership_change(*, membership: Membership, role: Role | str, title: str, by: User) -> Membership:
    if membership.role == Role.ADMIN and role != Role.ADMIN and _lock_admins(membership.organisation) <= 1:
        raise ValidationError(
            _("%(user)s är den enda administratören i %(organisation)s. Utse en annan administratör först.")
            % {"user": membership.user, "organisation": membership.organisation}
        )
    before = snapshot(membership, MEMBERSHIP_FIELDS)
    membership.role, membership.title = role, title.strip()
    membership.full_clean()
    membership.save()
    changes = diff(before, snapshot(membership, MEMBERSHIP_FIELDS))
    if changes:
        audit_log(
            actor=by,
            action="membership.change",
            target=membership,
            organisation=membership.organisation,
            changes=changes,
        )
    return membership


@transaction.atomic
def membership_remove(*, membership: Membership, by: User) -> None:
    """The account stays (it may belong to other organisations); it loses its role here."""
    if membership.role == Role.ADMIN and _lock_admins(membership.organisation) <= 1:
        raise ValidationError(
            _(
                "%(user)s är den enda administratören i %(organisation)s och kan inte tas bort. "
                "Utse en annan administratör först."
            )
            % {"user": membership.user, "organisation": membership.organisation}
        )
    audit_log(
        actor=by,
        action="membership.remove",
        target=membership,
        organisation=membership.organisation,
        changes=snapshot(membership, ["user", *MEMBERSHIP_FIELDS]),
    )
    membership.delete()


@transaction.atomic
def user_change_password(*, user: User, password: str) -> None:
    """The user's own new password (already checked against AUTH_PASSWORD_VALIDATORS by the form)."""
    user.set_password(password)
    user.save(update_fields=["password"])
    _audit_account(by=user, action="user.password_change", user=user)


ACCOUNT_FIELDS = ["username", "email", "first_name", "last_name", "is_active"]


@transaction.atomic
def user_update(*, user: User, by: User, first_name: str, last_name: str, email: str) -> User:
    """An administrator corrects a member's name or e-mail. The user name follows the e-mail address where it
    was the address (as for every account Löfte creates), so the member signs in with the new one.

    Only the platform's administrators set another address here: a refusal for an address another account has
    would tell anyone else which addresses have accounts, so they go through email_change_request."""
    _require_account_admin(user=user, by=by)
    email = User.objects.normalize_email(email.strip()).lower()
    if email != user.email.lower() and not by.is_superuser:
        raise PermissionDenied
    taken = User.objects.exclude(pk=user.pk).filter(Q(email__iexact=email) | Q(username__iexact=email))
    if taken.exists():
        raise ValidationError({"email": _("Ett annat konto har redan e-postadressen %(email)s.") % {"email": email}})
    before = snapshot(user, ACCOUNT_FIELDS)
    _set_email(user, email)
    user.first_name, user.last_name = first_name.strip(), last_name.strip()
    user.full_clean()
    user.save()
    changes = diff(before, snapshot(user, ACCOUNT_FIELDS))
    if changes:
        _audit_account(by=by, action="user.update", user=user, changes=changes)
    return user


def _set_email(user: User, email: str) -> None:
    if user.username.lower() == user.email.lower():
        user.username = email
    user.email = email


EMAIL_CHANGE_VALID_DAYS = 3


@transaction.atomic
def email_change_request(*, user: User, email: str, by: User) -> EmailChange:
    """Ask the new address to confirm that it is the account's: the link goes out by e-mail from the task queue.
    The answer is the same whether or not another account has the address; the link's page says so to the
    address's owner only. A newer request replaces an unconfirmed one."""
    from lofte.core.tasks import send_email_change

    _require_account_admin(user=user, by=by)
    email = User.objects.normalize_email(email.strip()).lower()
    EmailChange.objects.filter(user=user, confirmed_at__isnull=True).delete()
    change = EmailChange(
        user=user, email=email, requested_by=by, expires_at=timezone.now() + dt.timedelta(days=EMAIL_CHANGE_VALID_DAYS)
    )
    change.full_clean(validate_constraints=False)
    change.save()
    _audit_account(by=by, action="user.email_change_request", user=user, changes={"email": email})
    transaction.on_commit(lambda: send_email_change.enqueue(change_id=change.pk))
    return change


@transaction.atomic
def email_change_send(*, change: EmailChange) -> bool:
    """Mail the confirmation link (made here, in the worker; only its hash is stored). False when it is spent."""
    change = EmailChange.objects.select_for_update(of=("self",)).select_related("user").get(pk=change.pk)
    if not change.is_pending:
        return False
    token = secrets.token_urlsafe(32)
    change.token_hash = token_hash(token)
    change.save(update_fields=["token_hash"])
    context = {
        "change": change,
        "url": settings.SITE_URL.rstrip("/") + reverse("core:email_change_confirm", args=[token]),
    }
    subject = _("Bekräfta din nya e-postadress i Löfte")
    send_mail(subject, render_to_string("core/email_change_email.txt", context), None, [change.email])
    return True


@transaction.atomic
def email_change_confirm(*, change: EmailChange) -> User:
    """The owner of the new address confirms: the account takes it, and its user name follows as in user_update."""
    change = (
        EmailChange.objects.select_for_update(of=("self",)).select_related("user", "requested_by").get(pk=change.pk)
    )
    if not change.is_pending:
        raise ValidationError(_("Länken gäller inte längre."))
    user = change.user
    taken = User.objects.exclude(pk=user.pk).filter(Q(email__iexact=change.email) | Q(username__iexact=change.email))
    if taken.exists():
        raise ValidationError(_("Ett annat konto har redan den här e-postadressen. Ingen ändring gjordes."))
    before = snapshot(user, ACCOUNT_FIELDS)
    _set_email(user, change.email)
    user.full_clean()
    user.save()
    change.confirmed_at, change.token_hash = timezone.now(), ""
    change.save(update_fields=["confirmed_at", "token_hash"])
    _audit_account(
        by=change.requested_by, action="user.update", user=user, changes=diff(before, snapshot(user, ACCOUNT_FIELDS))
    )
    return user


@transaction.atomic
def user_set_active(*, user: User, active: bool, by: User) -> User:
    """Close an account (it can no longer sign in, and its open sessions end) or open it again. Memberships stay,
    so reopening restores the same access."""
    _require_account_admin(user=user, by=by)
    if user.is_active == active:
        return user
    if not active:
        if user.pk == by.pk:
            raise ValidationError(_("Du kan inte stänga av ditt eget konto."))
        for membership in Membership.objects.filter(user=user, role=Role.ADMIN).select_related("organisation"):
            if _lock_admins(membership.organisation) <= 1:
                raise ValidationError(
                    _("%(user)s är den enda administratören i %(organisation)s. Utse en annan administratör först.")
                    % {"user": user, "organisation": membership.organisation}
                )
    user.is_active = active
    user.save(update_fields=["is_active"])
    action = "user.activate" if active else "user.deactivate"
    _audit_account(by=by, action=action, user=user, changes={"is_active": [not active, active]})
    return user


@transaction.atomic
def user_reset_password(*, user: User, by: User) -> str:
    """Give a member who forgot their password a new, generated one (shown once to the administrator). Their
    open sessions end with the old password."""
    _require_account_admin(user=user, by=by)
    password = generate_password()
    user.set_password(password)
    user.save(update_fields=["password"])
    _audit_account(by=by, action="user.password_reset", user=user)
    return password


# --- Invitations -----------------------------------------------------------------------------------------

INVITATION_FIELDS = ["email", "role", "title"]
INVITATION_VALID_DAYS = 14


@transaction.atomic
def invitation_create(
    *, organisation: Organisation, email: str, role: Role | str, by: User, title: str = ""
) -> Invitation:
    """Offer a role in the organisation to an e-mail address; the link goes out by e-mail from the task queue.

    Whether the address has an account, here or elsewhere, is not looked at: every address gets the same answer
    and the same work, so the form tells nobody which addresses have accounts, and only the owner of the address
    turns the offer into a membership (invitation_accept). Inviting an open address again renews its invitation
    (new expiry, role and link; the old link stops working)."""
    from lofte.core.tasks import send_invitation

    email = User.objects.normalize_email(email.strip()).lower()
    if Membership.objects.filter(organisation=organisation, user__email__iexact=email).exists():
        raise ValidationError(_("%(email)s är redan medlem här.") % {"email": email})
    expires_at = timezone.now() + dt.timedelta(days=INVITATION_VALID_DAYS)
    invitation = Invitation.objects.select_for_update().open().filter(organisation=organisation, email=email).first()
    if invitation is None:
        invitation = Invitation(organisation=organisation, email=email)
    invitation.role, invitation.title, invitation.invited_by = role, title.strip(), by
    invitation.expires_at, invitation.token_hash = expires_at, ""
    invitation.full_clean(validate_constraints=False)
    invitation.save()
    audit_log(
        actor=by,
        action="invitation.create",
        target=invitation,
        organisation=organisation,
        # The last day in Swedish time, as the mail says it, not a UTC timestamp.
        changes=snapshot(invitation, INVITATION_FIELDS) | {"expires_at": str(timezone.localdate(expires_at))},
    )
    transaction.on_commit(lambda: send_invitation.enqueue(invitation_id=invitation.pk))
    return invitation


@transaction.atomic
def invitation_send(*, invitation: Invitation) -> bool:
    """Mail the invitation's link. The token is made here, in the worker, and only its hash is stored: it is in
    no task argument and no table. Sending again makes a new link. False when the invitation is no longer open."""
    invitation = (
        Invitation.objects.select_for_update(of=("self",))
        .select_related("organisation", "invited_by")
        .get(pk=invitation.pk)
    )
    if not invitation.is_pending:
        return False
    token = secrets.token_urlsafe(32)
    invitation.token_hash = token_hash(token)
    invitation.save(update_fields=["token_hash"])
    context = {
        "invitation": invitation,
        "url": settings.SITE_URL.rstrip("/") + reverse("core:invitation_open", args=[token]),
        "inviter": invitation.invited_by,
        "role": invitation.get_role_display(),
    }
    subject = _("Inbjudan till %(organisation)s i Löfte") % {"organisation": invitation.organisation}
    send_mail(subject, render_to_string("core/invitation_email.txt", context), None, [invitation.email])
    return True


def _lock_pending(invitation: Invitation) -> Invitation:
    locked = Invitation.objects.select_for_update(of=("self",)).select_related("organisation").get(pk=invitation.pk)
    if not locked.is_pending:
        raise ValidationError(_("Inbjudan gäller inte längre."))
    return locked


def _audit_invitation_accept(*, invitation: Invitation, user: User) -> None:
    """Into the inviting organisation's log and the log of every organisation the account belongs to: the account
    is shared from then on, and its administrators should see why they no longer manage it alone."""
    organisations = {o.pk: o for o in Organisation.objects.filter(memberships__user=user)}
    organisations[invitation.organisation_id] = invitation.organisation
    for organisation in organisations.values():
        audit_log(
            actor=user,
            action="invitation.accept",
            target=invitation,
            organisation=organisation,
            changes=snapshot(invitation, INVITATION_FIELDS),
        )


@transaction.atomic
def invitation_accept(*, invitation: Invitation, user: User) -> Membership:
    """The account of the invited address says yes: it gets the role. Only that account may."""
    invitation = _lock_pending(invitation)
    if not user.is_authenticated or user.email.lower() != invitation.email.lower():
        raise PermissionDenied
    membership = Membership.objects.filter(user=user, organisation=invitation.organisation).first()
    if membership is None:
        membership = Membership.objects.create(
            user=user, organisation=invitation.organisation, role=invitation.role, title=invitation.title
        )
        audit_log(
            actor=user,
            action="membership.add",
            target=membership,
            organisation=invitation.organisation,
            changes=snapshot(membership, ["user", *MEMBERSHIP_FIELDS]),
        )
    invitation.accepted_at, invitation.accepted_by, invitation.token_hash = timezone.now(), user, ""
    invitation.save(update_fields=["accepted_at", "accepted_by", "token_hash"])
    _audit_invitation_accept(invitation=invitation, user=user)
    return membership


@transaction.atomic
def invitation_accept_new_account(
    *, invitation: Invitation, first_name: str, last_name: str, password: str
) -> Membership:
    """The holder of the e-mailed link, for an address with no account yet, makes the account and says yes."""
    invitation = _lock_pending(invitation)
    if User.objects.filter(Q(email__iexact=invitation.email) | Q(username__iexact=invitation.email)).exists():
        raise ValidationError(_("Det finns redan ett konto med e-postadressen. Logga in med det och svara där."))
    user = User(
        username=invitation.email,
        email=invitation.email,
        first_name=first_name.strip(),
        last_name=last_name.strip(),
    )
    validate_password(password, user)
    user.set_password(password)
    user.full_clean()
    user.save()
    audit_log(
        actor=user,
        action="user.create",
        target=user,
        organisation=invitation.organisation,
        changes=snapshot(user, ["username", "email", "first_name", "last_name"]),
    )
    return invitation_accept(invitation=invitation, user=user)


@transaction.atomic
def invitation_decline(*, invitation: Invitation, user: User | None) -> None:
    """The invited address says no: by its signed-in account, or (`user` None) by the e-mailed link."""
    invitation = _lock_pending(invitation)
    if user is not None and user.email.lower() != invitation.email.lower():
        raise PermissionDenied
    invitation.declined_at, invitation.token_hash = timezone.now(), ""
    invitation.save(update_fields=["declined_at", "token_hash"])
    # No actor: a "no" from an account and a "no" from the link of an address without one must look alike in the
    # inviting organisation's log, or the log would tell it which addresses have accounts.
    audit_log(
        actor=None,
        action="invitation.decline",
        target=invitation,
        organisation=invitation.organisation,
        changes=snapshot(invitation, INVITATION_FIELDS),
    )


@transaction.atomic
def invitation_revoke(*, invitation: Invitation, by: User) -> None:
    """The inviting organisation withdraws an open invitation (expired ones too, to tidy the list)."""
    invitation = Invitation.objects.select_for_update(of=("self",)).select_related("organisation").get(pk=invitation.pk)
    if not invitation.is_open:
        raise ValidationError(_("Inbjudan är redan besvarad eller återkallad."))
    invitation.revoked_at, invitation.token_hash = timezone.now(), ""
    invitation.save(update_fields=["revoked_at", "token_hash"])
    audit_log(
        actor=by,
        action="invitation.revoke",
        target=invitation,
        organisation=invitation.organisation,
        changes=snapshot(invitation, INVITATION_FIELDS),
    )
