"""Roles and what each may do: the one table every permission check in Löfte reads."""

from __future__ import annotations

from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _


class Action(StrEnum):
    # Organisation scope: a role in that very organisation is needed.
    VIEW_ORGANISATION = "view_organisation"
    MANAGE_ORGANISATION = "manage_organisation"  # areas, places, contact centre, members
    VIEW_AUDIT = "view_audit"
    # A resident's request to see or erase what is stored with their e-mail address: the administrators only.
    HANDLE_DATA_REQUESTS = "handle_data_requests"
    VIEW_CASES = "view_cases"
    HANDLE_CASES = "handle_cases"
    # Marking a lägesbild version agreed on behalf of one party: only that organisation's own admins and analysts.
    AGREE_SITUATION = "agree_situation"
    # Partnership scope: a role in any organisation of the partnership is enough.
    RECORD_DIALOGUE = "record_dialogue"
    VIEW_DIALOGUES = "view_dialogues"
    MANAGE_DIALOGUES = "manage_dialogues"  # campaigns, questionnaires, imports, corrections after the day
    VIEW_CONTACT_REQUESTS = "view_contact_requests"  # residents who asked to be contacted: personal data
    VIEW_ANALYSIS = "view_analysis"
    REVIEW_ANALYSIS = "review_analysis"
    EDIT_SITUATION = "edit_situation"
    EDIT_PROMISES = "edit_promises"
    LOG_PROMISE_ACTIVITY = "log_promise_activity"  # field work done toward a published promise's commitments
    # Organisation scope again: approving a promise signs it for one party, so only that party's members may.
    APPROVE_PROMISES = "approve_promises"


class Role(models.TextChoices):
    ADMIN = "admin", _("Administratör")
    ANALYST = "analyst", _("Analytiker")
    DIALOGUE_STAFF = "dialogue_staff", _("Dialogpersonal")
    CASE_HANDLER = "case_handler", _("Handläggare")
    READER = "reader", _("Läsare")

    @property
    def sees_personal_data(self) -> bool:
        return self in PERSONAL_DATA_ROLES

    def may(self, action: Action) -> bool:
        return action in ALLOWED[self]


_READ = {Action.VIEW_ORGANISATION, Action.VIEW_DIALOGUES, Action.VIEW_ANALYSIS}

ALLOWED: dict[Role, frozenset[Action]] = {
    Role.ADMIN: frozenset(Action),
    Role.ANALYST: frozenset(
        _READ
        | {
            Action.RECORD_DIALOGUE,
            Action.MANAGE_DIALOGUES,
            Action.VIEW_CONTACT_REQUESTS,
            Action.REVIEW_ANALYSIS,
            Action.EDIT_SITUATION,
            Action.AGREE_SITUATION,
            Action.EDIT_PROMISES,
            Action.LOG_PROMISE_ACTIVITY,
            Action.APPROVE_PROMISES,
        }
    ),
    Role.DIALOGUE_STAFF: frozenset(_READ | {Action.RECORD_DIALOGUE, Action.LOG_PROMISE_ACTIVITY}),
    Role.CASE_HANDLER: frozenset(_READ | {Action.VIEW_CASES, Action.HANDLE_CASES}),
    Role.READER: frozenset(_READ),
}

# Roles that see personal data must sign in with a second factor.
PERSONAL_DATA_ROLES = frozenset({Role.ADMIN, Role.ANALYST, Role.CASE_HANDLER})

ORGANISATION_ACTIONS = frozenset(
    {
        Action.VIEW_ORGANISATION,
        Action.MANAGE_ORGANISATION,
        Action.VIEW_AUDIT,
        Action.HANDLE_DATA_REQUESTS,
        Action.VIEW_CASES,
        Action.HANDLE_CASES,
        Action.AGREE_SITUATION,
        Action.APPROVE_PROMISES,
    }
)
