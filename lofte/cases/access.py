"""The one gate to a case: organisation-scoped, never through a partnership."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from lofte.cases.models import Case, Category, HandlerGroup, ReplyTemplate, RoutingRule, SavedView
from lofte.core.access import can_in_organisation, get_organisation_for_user
from lofte.core.models import Organisation, User
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


def may_handle_cases(user: User, organisation_id: int) -> bool:
    """Whether the user's role in the organisation handles its cases: the only people a case or a group is given to."""
    role = user.role_in(organisation_id)
    return user.is_active and role is not None and role.may(Action.HANDLE_CASES)


def sees_personal_data(user: User, organisation_id: int) -> bool:
    if user.is_superuser:
        return True
    role = user.role_in(organisation_id)
    return role is not None and role.sees_personal_data


def get_reply_template_for_user(user: User, slug: str, pk: int) -> ReplyTemplate:
    organisation = get_organisation_for_user(user, slug, action=Action.HANDLE_CASES)
    return get_object_or_404(ReplyTemplate, pk=pk, organisation=organisation)


def get_case_settings_for_user(user: User, slug: str) -> Organisation:
    """The category tree, groups and routing rules are the organisation's administrators' to change."""
    return get_organisation_for_user(user, slug, action=Action.MANAGE_ORGANISATION)


def get_category_for_user(user: User, slug: str, pk: int) -> Category:
    organisation = get_case_settings_for_user(user, slug)
    return get_object_or_404(
        Category.objects.select_related("organisation", "parent"), pk=pk, organisation=organisation
    )


def get_group_for_user(user: User, slug: str, pk: int) -> HandlerGroup:
    organisation = get_case_settings_for_user(user, slug)
    return get_object_or_404(HandlerGroup.objects.select_related("organisation"), pk=pk, organisation=organisation)


def get_routing_rule_for_user(user: User, slug: str, pk: int) -> RoutingRule:
    organisation = get_case_settings_for_user(user, slug)
    return get_object_or_404(RoutingRule.objects.select_related("organisation"), pk=pk, organisation=organisation)


def get_saved_view_for_user(user: User, slug: str, pk: int) -> SavedView:
    """A handler reaches their own views; a shared view may also be removed by the organisation's admins."""
    organisation = get_organisation_for_user(user, slug, action=Action.VIEW_CASES)
    view = get_object_or_404(SavedView, pk=pk, organisation=organisation)
    if view.owner_id == user.pk:
        return view
    if view.shared and can_in_organisation(user, organisation.pk, Action.MANAGE_ORGANISATION):
        return view
    raise Http404
