"""The permission gate for campaigns, questions, dialogues and contact requests.

Dialogues belong to a partnership: members of either party see them (Action.VIEW_DIALOGUES). Planning
(campaigns, questionnaires) and corrections after the day need Action.MANAGE_DIALOGUES; the interviewer
may correct their own record the same day (Europe/Stockholm). Contact requests hold personal data and need
Action.VIEW_CONTACT_REQUESTS. Objects outside the user's partnerships give 404, known ones the role may not
change give 403.
"""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import PermissionDenied
from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import timezone
from django.utils.translation import gettext as _

from lofte.core.access import can_in_partnership
from lofte.core.models import Partnership, User
from lofte.core.roles import Action
from lofte.dialogues.models import Campaign, ContactRequest, Dialogue, ImportBatch, PopulationFigure, Question


def get_campaign_for_user(user: User, slug: str, *, write: bool = False, action: Action | None = None) -> Campaign:
    """``write`` asks for MANAGE_DIALOGUES; ``action`` for another partnership action (e.g. RECORD_DIALOGUE)."""
    campaign = get_object_or_404(Campaign.objects.for_user(user).select_related("partnership"), slug=slug)
    wanted = Action.MANAGE_DIALOGUES if write else (action or Action.VIEW_DIALOGUES)
    if not can_in_partnership(user, campaign.partnership, wanted):
        raise PermissionDenied
    return campaign


def get_question_for_user(user: User, pk: int, *, write: bool = False) -> Question:
    question = get_object_or_404(
        Question.objects.filter(campaign__in=Campaign.objects.for_user(user)).select_related("campaign__partnership"),
        pk=pk,
    )
    wanted = Action.MANAGE_DIALOGUES if write else Action.VIEW_DIALOGUES
    if not can_in_partnership(user, question.campaign.partnership, wanted):
        raise PermissionDenied
    return question


def get_dialogue_for_user(user: User, pk: int, *, write: bool = False) -> Dialogue:
    dialogue = get_object_or_404(
        Dialogue.objects.for_user(user).select_related("campaign__partnership", "recorded_by", "place", "area"),
        pk=pk,
    )
    if not can_in_partnership(user, dialogue.campaign.partnership, Action.VIEW_DIALOGUES):
        raise PermissionDenied
    if write and not can_correct_dialogue(user, dialogue):
        if can_in_partnership(user, dialogue.campaign.partnership, Action.RECORD_DIALOGUE):
            raise PermissionDenied(_("Du kan bara rätta dina egna samtal samma dag. Be en analytiker om hjälp."))
        raise PermissionDenied(_("Din roll får inte rätta samtal. Be en analytiker om hjälp."))
    return dialogue


def can_correct_dialogue(user: User, dialogue: Dialogue, *, today: dt.date | None = None) -> bool:
    """An analyst may correct any day; the interviewer their own record on the day it was recorded."""
    partnership = dialogue.campaign.partnership
    if can_in_partnership(user, partnership, Action.MANAGE_DIALOGUES):
        return True
    return (
        dialogue.recorded_by_id is not None
        and dialogue.recorded_by_id == user.pk
        and can_in_partnership(user, partnership, Action.RECORD_DIALOGUE)
        and timezone.localdate(dialogue.created_at) == (today or timezone.localdate())
    )


def get_contact_request_for_user(user: User, pk: int) -> ContactRequest:
    contact_request = get_object_or_404(
        ContactRequest.objects.filter(campaign__in=Campaign.objects.for_user(user)).select_related(
            "campaign__partnership"
        ),
        pk=pk,
    )
    if not can_in_partnership(user, contact_request.campaign.partnership, Action.VIEW_CONTACT_REQUESTS):
        raise PermissionDenied
    return contact_request


def get_public_campaign(slug: str) -> Campaign:
    """A campaign whose web form is open; anything else is a friendly 404 to the public."""
    campaign = Campaign.objects.filter(slug=slug, public_form_open=True).select_related("partnership").first()
    if campaign is None:
        raise Http404
    return campaign


def get_import_batch_for_user(user: User, pk: int) -> ImportBatch:
    """Imports are for those who manage the partnership's dialogues; others outside it get 404."""
    batch = get_object_or_404(
        ImportBatch.objects.filter(campaign__in=Campaign.objects.for_user(user)).select_related(
            "campaign__partnership", "created_by"
        ),
        pk=pk,
    )
    if not can_in_partnership(user, batch.campaign.partnership, Action.MANAGE_DIALOGUES):
        raise PermissionDenied
    return batch


def get_population_figure_for_user(user: User, pk: int) -> PopulationFigure:
    """Figures of a municipality in one of the user's partnerships; changing them needs MANAGE_DIALOGUES."""
    partnerships = Partnership.objects.for_user(user)
    figure = get_object_or_404(
        PopulationFigure.objects.filter(organisation__municipality_partnerships__in=partnerships).distinct(), pk=pk
    )
    partnership = partnerships.filter(municipality_id=figure.organisation_id).first()
    if partnership is None or not can_in_partnership(user, partnership, Action.MANAGE_DIALOGUES):
        raise PermissionDenied
    return figure
