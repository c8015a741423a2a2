"""The permission gate: every view reaches an organisation or partnership through these helpers.

Organisation-scoped actions (cases, administration, audit) need a role in that organisation, so a police
member never sees a municipality's internal data and the reverse. Partnership-scoped actions (dialogues,
analysis, lägesbild, promises) are shared by the parties of the partnership on purpose.
Objects a user may not even know exist give 404; known objects the role may not change give 403.
"""

from __future__ import annotations

import hashlib

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from lofte.core.models import Area, EmailChange, Invitation, Membership, Organisation, Partnership, Place, User
from lofte.core.roles import ORGANISATION_ACTIONS, Action


def can_in_organisation(user: User, organisation_id: int, action: Action) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    role = user.role_in(organisation_id)
    return role is not None and role.may(action)


def can_in_partnership(user: User, partnership: Partnership, action: Action) -> bool:
    if not user.is_authenticated:
        return False
    if user.is_superuser:
        return True
    if action in ORGANISATION_ACTIONS:
        raise ValueError(f"{action} is decided per organisation, not per partnership")
    return any(role.may(action) for role in user.memberships_in(partnership.organisation_ids()))


def get_organisation_for_user(user: User, slug: str, *, action: Action = Action.VIEW_ORGANISATION) -> Organisation:
    organisation = get_object_or_404(Organisation.objects.for_user(user), slug=slug)
    if not can_in_organisation(user, organisation.pk, action):
        raise PermissionDenied
    return organisation


def get_partnership_for_user(user: User, slug: str, *, action: Action = Action.VIEW_DIALOGUES) -> Partnership:
    partnership = get_object_or_404(Partnership.objects.for_user(user), slug=slug)
    if not can_in_partnership(user, partnership, action):
        raise PermissionDenied
    return partnership


def require_platform_admin(user: User) -> None:
    """Creating organisations and partnerships is for the installation's administrators."""
    if not (user.is_authenticated and user.is_superuser):
        raise PermissionDenied


def _organisation_action(write: bool) -> Action:
    return Action.MANAGE_ORGANISATION if write else Action.VIEW_ORGANISATION


def _require(user: User, organisation_id: int, action: Action) -> None:
    if not can_in_organisation(user, organisation_id, action):
        raise PermissionDenied


def get_area_for_user(user: User, pk: int, *, organisation_slug: str, write: bool = False) -> Area:
    area = get_object_or_404(
        Area.objects.filter(organisation__in=Organisation.objects.for_user(user)).select_related("organisation"),
        pk=pk,
        organisation__slug=organisation_slug,
    )
    _require(user, area.organisation_id, _organisation_action(write))
    return area


def get_place_for_user(user: User, pk: int, *, organisation_slug: str, write: bool = False) -> Place:
    place = get_object_or_404(
        Place.objects.filter(organisation__in=Organisation.objects.for_user(user)).select_related("organisation"),
        pk=pk,
        organisation__slug=organisation_slug,
    )
    _require(user, place.organisation_id, _organisation_action(write))
    return place


def may_manage_account(*, user: User, by: User) -> bool:
    """Whether `by` may act on `user`'s account (name, e-mail, password, second factor, closing it): the
    platform's administrators may; an organisation's administrator only when every organisation the account
    belongs to is one they administer."""
    if by.is_superuser:
        return True
    if user.is_superuser:
        return False
    organisation_ids = set(Membership.objects.filter(user=user).values_list("organisation_id", flat=True))
    return bool(organisation_ids) and all(
        can_in_organisation(by, organisation_id, Action.MANAGE_ORGANISATION) for organisation_id in organisation_ids
    )


def account_admin_refusal(user: User) -> str:
    return _(
        "%(user)s är också med i en organisation som du inte administrerar. Be plattformens administratör om hjälp."
    ) % {"user": user}


def get_membership_for_user(user: User, pk: int, *, organisation_slug: str, manage_account: bool = False) -> Membership:
    """Members are managed by the organisation's administrators; nobody else reads the list."""
    membership = get_object_or_404(
        Membership.objects.filter(organisation__in=Organisation.objects.for_user(user)).select_related(
            "organisation", "user"
        ),
        pk=pk,
        organisation__slug=organisation_slug,
    )
    _require(user, membership.organisation_id, Action.MANAGE_ORGANISATION)
    if manage_account and not may_manage_account(user=membership.user, by=user):
        raise PermissionDenied(account_admin_refusal(membership.user))
    return membership


def get_invitation_for_user(user: User, pk: int, *, organisation_slug: str) -> Invitation:
    """An organisation's open invitations are its administrators' to see and revoke."""
    invitation = get_object_or_404(
        Invitation.objects.open()
        .filter(organisation__in=Organisation.objects.for_user(user))
        .select_related("organisation"),
        pk=pk,
        organisation__slug=organisation_slug,
    )
    _require(user, invitation.organisation_id, Action.MANAGE_ORGANISATION)
    return invitation


def get_invitation_for_invitee(user: User, pk: int) -> Invitation:
    """An invitation the signed-in account may answer: pending and sent to the account's own address. Anyone
    else gets 404, an administrator of the inviting organisation too."""
    if not user.is_authenticated or not user.email:
        raise Http404
    return get_object_or_404(Invitation.objects.pending().for_email(user.email).select_related("organisation"), pk=pk)


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode()).hexdigest()


def get_invitation_for_token(token: str) -> Invitation:
    """The link in the e-mail: whoever holds it has read the address's mail. Only the token's hash is stored, and
    the lookup is by that hash, so the comparison leaks nothing about a stored token."""
    if not token or len(token) > 100:
        raise Http404
    return get_object_or_404(Invitation.objects.pending().select_related("organisation"), token_hash=token_hash(token))


def get_email_change_for_token(token: str) -> EmailChange:
    """The link mailed to a new address: whoever holds it reads that address's mail."""
    if not token or len(token) > 100:
        raise Http404
    return get_object_or_404(
        EmailChange.objects.filter(confirmed_at__isnull=True, expires_at__gt=timezone.now()).select_related("user"),
        token_hash=token_hash(token),
    )


def get_municipality_for_user(user: User, slug: str, *, write: bool = False) -> Organisation:
    """Contact centres belong to municipalities; police areas and other partners have none (404)."""
    organisation = get_organisation_for_user(user, slug, action=_organisation_action(write))
    if not organisation.is_municipality:
        raise Http404
    return organisation


def can_edit_partnership(user: User, partnership: Partnership) -> bool:
    """The platform's administrators, and the administrators of the partnership's municipality."""
    return can_in_organisation(user, partnership.municipality_id, Action.MANAGE_ORGANISATION)
