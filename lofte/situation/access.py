"""The permission gate for the lägesbild's own objects: reached only through their partnership."""

from __future__ import annotations

from django.http import Http404
from django.shortcuts import get_object_or_404

from lofte.core.access import get_partnership_for_user
from lofte.core.models import User
from lofte.core.roles import Action
from lofte.situation.models import Report, SafetyWalk, SourceImport, SurveyItem
from lofte.situation.selectors import public_version


def _action(write: bool) -> Action:
    return Action.EDIT_SITUATION if write else Action.VIEW_ANALYSIS


def get_walk_for_user(user: User, slug: str, pk: int, *, write: bool = False) -> SafetyWalk:
    """404 for a walk of a partnership the user is not in; 403 for a member whose role may not edit."""
    partnership = get_partnership_for_user(user, slug, action=_action(write))
    return get_object_or_404(SafetyWalk.objects.select_related("partnership", "area"), partnership=partnership, pk=pk)


def get_survey_item_for_user(user: User, slug: str, pk: int, *, write: bool = False) -> SurveyItem:
    partnership = get_partnership_for_user(user, slug, action=_action(write))
    return get_object_or_404(SurveyItem.objects.select_related("partnership"), partnership=partnership, pk=pk)


def get_source_import_for_user(user: User, slug: str, pk: int) -> SourceImport:
    """An upload's status row, for the partnership's editors (who uploaded it or may upload again)."""
    partnership = get_partnership_for_user(user, slug, action=Action.EDIT_SITUATION)
    return get_object_or_404(
        SourceImport.objects.select_related("partnership", "imported_by"), partnership=partnership, pk=pk
    )


def get_report_for_user(user: User, slug: str, year: int, *, write: bool = False) -> Report:
    """404 for a partnership the user is not in or a year with no computed picture; 403 for a member whose role
    may not edit (reading needs VIEW_ANALYSIS, writing EDIT_SITUATION)."""
    partnership = get_partnership_for_user(user, slug, action=Action.EDIT_SITUATION if write else Action.VIEW_ANALYSIS)
    return get_object_or_404(
        Report.objects.select_related("partnership__municipality", "partnership__police_area"),
        partnership=partnership,
        year=year,
    )


def get_published_report(slug: str, year: int) -> Report:
    """The public gate: a report nobody published, or one with no agreed version, does not exist (404)."""
    report = get_object_or_404(
        Report.objects.select_related("partnership__municipality", "partnership__police_area").filter(
            published_at__isnull=False
        ),
        partnership__slug=slug,
        year=year,
    )
    if public_version(report) is None:
        raise Http404
    return report
