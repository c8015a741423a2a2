"""The one gate to a case: organisation-scoped, never through a partnership."""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from lofte.cases.models import Case, ReplyTemplate
from lofte.core.access import get_organisation_for_user
from lofte.core.models import User
from lofte.core.roles import Action


def get_case_for_user(user: User, slug: str, reference: str, *, write: bool = False) -> Case:
    """404 for a case of an organisation the user is not a member of (a police member looking at a kommun's
    case) and for a reference that does not exist; 403 for a role that may not open or change cases."""
    organisation = get_organisation_for_user(user, slug, action=Action.HANDLE_CASES if write else Action.VIEW_CASES)
    return get_object_or_404(
        Case.objects.select_related("organisation", "category", "area", "place", "merged_into", "assigned_to"),
        organisation=organisation,
        reference=reference,
    )


def sees_personal_data(user: User, organisation_id: int) -> bool:
    if user.is_superuser:
        return True
    role = user.role_in(organisation_id)
    return role is not None and role.sees_personal_data


def get_reply_template_for_user(user: User, slug: str, pk: int) -> ReplyTemplate:
    organisation = get_organisation_for_user(user, slug, action=Action.HANDLE_CASES)
    return get_object_or_404(ReplyTemplate, pk=pk, organisation=organisation)
