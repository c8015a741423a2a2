"""The permission gate: every view reaches an organisation or partnership through these helpers.

Organisation-scoped actions (cases, administration, audit) need a role in that organisation, so a police
member never sees a municipality's internal data and the reverse. Partnership-scoped actions (dialogues,
analysis, lägesbild, promises) are shared by the parties of the partnership on purpose.
Objects a user may not even know exist give 404; known objects the role may not change give 403.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from lofte.core.models import Organisation, Partnership, User
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
