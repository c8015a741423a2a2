"""Reading one posted conversation (field form, its offline queue, web form): shared by capture and public."""

from __future__ import annotations

import uuid
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.http import QueryDict
from django.utils.translation import gettext as _

from lofte.core.models import User
from lofte.dialogues.answers import (
    QuestionnaireSpec,
    empty_conversation_message,
    is_empty_conversation,
    load_questionnaire,
    validate_answers,
    wrong_point_part,
)
from lofte.dialogues.forms import ContactForm, PointForm, RespondentForm, raw_answers
from lofte.dialogues.models import Campaign, Dialogue
from lofte.dialogues.services import contact_request_create, dialogue_record


@dataclass
class Submission:
    campaign: Campaign
    spec: QuestionnaireSpec
    raw: dict[str, Any]
    point: PointForm
    respondent: RespondentForm
    contact: ContactForm
    idempotency_key: uuid.UUID | None
    answer_errors: dict[str, list[str]] = field(default_factory=dict)
    other_errors: list[str] = field(default_factory=list)
    dialogue: Dialogue | None = None
    created: bool = False

    @property
    def ok(self) -> bool:
        return self.dialogue is not None

    def errors_by_field(self) -> dict[str, list[str]]:
        errors = dict(self.answer_errors)
        for form in (self.point, self.respondent, self.contact):
            errors.update({name: list(messages) for name, messages in form.errors.items()})
        if self.other_errors:
            errors["__all__"] = list(self.other_errors)
        return errors


@dataclass
class ErrorLink:
    """One entry of a form's error summary: the message and the id of the field it belongs to."""

    label: str
    message: str
    target: str


def error_links(fields: list[Any], forms: list[Any]) -> list[ErrorLink]:
    """Every error of the answers (answer_fields) and of the bound Django forms, linking to its field, in the
    order the fields appear on the page."""
    links: list[ErrorLink] = []
    for item in fields:
        target = item.id
        if item.kind == "place":
            value = item.value or {}
            point = wrong_point_part(value.get("lat"), value.get("lng"))
            target = f"{item.id}-{point or ('known' if item.places else 'text')}"
        elif item.kind != "text" and item.options:
            target = f"{item.id}-1"
        links += [ErrorLink(item.label, str(message), target) for message in item.errors]
    for form in forms:
        if form is None or not form.is_bound:
            continue
        for name, messages in form.errors.items():
            if name == "__all__" or name not in form.fields:
                continue
            bound = form[name]
            target = bound.auto_id
            if getattr(bound.field.widget, "input_type", "") in ("radio", "checkbox"):
                target = f"{bound.auto_id}_0"
            links += [ErrorLink(str(bound.label or name), str(message), target) for message in messages]
    return links


def parse_key(value: str | None) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except (TypeError, ValueError):
        return None


def submit(
    campaign: Campaign, data: QueryDict, *, by: User | None, channel: str, with_point: bool = True
) -> Submission:
    """Validate every part, then record the dialogue and (if asked for) the contact request together."""
    spec = load_questionnaire(campaign)
    submission = Submission(
        campaign=campaign,
        spec=spec,
        raw=raw_answers(spec, data),
        point=PointForm(data if with_point else QueryDict(), campaign=campaign),
        respondent=RespondentForm(data, campaign=campaign),
        contact=ContactForm(data),
        idempotency_key=parse_key(data.get("idempotency_key")),
    )
    forms_valid = all([submission.point.is_valid(), submission.respondent.is_valid(), submission.contact.is_valid()])
    if submission.idempotency_key is None:
        submission.other_errors.append(_("Formuläret saknar sin nyckel. Ladda om sidan och försök igen."))
        return submission
    existed = Dialogue.objects.filter(campaign=campaign, idempotency_key=submission.idempotency_key).first()
    if existed is not None:
        # A double submit or a retry after a lost answer: the first record is the answer.
        submission.dialogue = existed
        return submission
    try:
        cleaned = validate_answers(campaign, submission.raw, spec=spec)
        if forms_valid and is_empty_conversation(cleaned, submission.respondent.cleaned_data):
            submission.other_errors.append(empty_conversation_message())
    except ValidationError as error:
        submission.answer_errors = error.message_dict
    if not forms_valid or submission.answer_errors or submission.other_errors:
        return submission
    point = submission.point.cleaned_data
    try:
        with transaction.atomic():
            dialogue = dialogue_record(
                campaign=campaign,
                by=by,
                channel=channel,
                answers=submission.raw,
                idempotency_key=submission.idempotency_key,
                conducted_at=point.get("conducted_at"),
                place=point.get("place"),
                latitude=point.get("latitude"),
                longitude=point.get("longitude"),
                spec=spec,
                **submission.respondent.service_fields(),
            )
            if submission.contact.wanted():
                contact_request_create(
                    campaign=campaign, dialogue=dialogue, by=by, **submission.contact.service_fields()
                )
    except ValidationError as error:
        for key, messages in error.message_dict.items():
            if key in spec.by_key:
                submission.answer_errors[key] = messages
            else:
                submission.other_errors.extend(messages)
        return submission
    submission.dialogue, submission.created = dialogue, True
    return submission


def receipt_of(dialogue: Dialogue) -> str:
    """What the resident or interviewer is shown: not the database id, nothing to count records by."""
    return str(dialogue.idempotency_key)[:8].upper()
