"""The permission gate of the analysis: campaigns, codings, topics and themes reached through a partnership."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied
from django.shortcuts import get_object_or_404

from lofte.analysis.models import CandidateTopic, DialogueCoding, PlaceCandidate, ThemeDefinition
from lofte.core.access import can_in_partnership
from lofte.core.models import Partnership, User
from lofte.core.roles import Action
from lofte.dialogues.models import Campaign


def get_campaign_for_user(user: User, slug: str, *, write: bool = False) -> Campaign:
    """A campaign for its analysis: 404 outside the partnership, 403 for a role that may not see or review."""
    campaign = get_object_or_404(Campaign.objects.for_user(user).select_related("partnership"), slug=slug)
    if not can_in_partnership(user, campaign.partnership, Action.VIEW_ANALYSIS):
        raise PermissionDenied
    if write and not can_in_partnership(user, campaign.partnership, Action.REVIEW_ANALYSIS):
        raise PermissionDenied
    return campaign


def get_coding_for_user(user: User, slug: str, pk: int, *, write: bool = False) -> DialogueCoding:
    campaign = get_campaign_for_user(user, slug, write=write)
    return get_object_or_404(DialogueCoding.objects.select_related("run", "dialogue"), pk=pk, run__campaign=campaign)


def get_topic_for_user(user: User, slug: str, pk: int, *, write: bool = False) -> CandidateTopic:
    campaign = get_campaign_for_user(user, slug, write=write)
    return get_object_or_404(
        CandidateTopic.objects.select_related("run__campaign__partnership"), pk=pk, run__campaign=campaign
    )


def get_place_candidate_for_user(user: User, slug: str, pk: int, *, write: bool = False) -> PlaceCandidate:
    """A place candidate of one of the campaign's runs; adding or dismissing it needs the right to review."""
    campaign = get_campaign_for_user(user, slug, write=write)
    return get_object_or_404(
        PlaceCandidate.objects.select_related("run__campaign__partnership"), pk=pk, run__campaign=campaign
    )


def get_theme_for_user(user: User, partnership_slug: str, theme_id: str, *, write: bool = False) -> ThemeDefinition:
    theme = get_object_or_404(
        ThemeDefinition.objects.select_related("partnership"),
        partnership__slug=partnership_slug,
        theme_id=theme_id,
        partnership__in=Partnership.objects.for_user(user),
    )
    action = Action.REVIEW_ANALYSIS if write else Action.VIEW_ANALYSIS
    if not can_in_partnership(user, theme.partnership, action):
        raise PermissionDenied
    return theme
