"""The permission gate for promises: reached only through their partnership.

Reading is for every member of the partnership's parties; drafting needs Action.EDIT_PROMISES; logging
activities Action.LOG_PROMISE_ACTIVITY. Approving is decided per organisation by ``promise_approve``.
"""

from __future__ import annotations

from django.shortcuts import get_object_or_404

from lofte.core.access import get_partnership_for_user
from lofte.core.models import User
from lofte.core.roles import Action
from lofte.promises.models import Commitment, FocusArea, Promise


def get_promise_for_user(user: User, slug: str, pk: int, *, action: Action = Action.VIEW_ANALYSIS) -> Promise:
    """404 for a promise of a partnership the user is not in; 403 for a member whose role may not ``action``."""
    partnership = get_partnership_for_user(user, slug, action=action)
    return get_object_or_404(
        Promise.objects.select_related("partnership__municipality", "partnership__police_area"),
        partnership=partnership,
        pk=pk,
    )


def get_focus_area_for_user(
    user: User, slug: str, pk: int, focus_pk: int, *, action: Action = Action.VIEW_ANALYSIS
) -> FocusArea:
    promise = get_promise_for_user(user, slug, pk, action=action)
    focus_area = get_object_or_404(FocusArea, promise=promise, pk=focus_pk)
    focus_area.promise = promise
    return focus_area


def get_commitment_for_user(
    user: User, slug: str, pk: int, commitment_pk: int, *, action: Action = Action.VIEW_ANALYSIS
) -> Commitment:
    promise = get_promise_for_user(user, slug, pk, action=action)
    commitment = get_object_or_404(
        Commitment.objects.select_related("focus_area", "parent"), focus_area__promise=promise, pk=commitment_pk
    )
    commitment.focus_area.promise = promise
    return commitment
