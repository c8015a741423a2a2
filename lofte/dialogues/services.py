"""Every write of the dialogues app: campaigns, questionnaires, dialogues, corrections and contact requests.

``dialogue_record`` is the one way a conversation is stored: the field form, its offline queue, the public
web form and the import all call it. ``validate_answers`` (re-exported from answers.py) is the validation
it applies, for callers that check rows before recording them.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from typing import Any
from uuid import UUID

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Count, F
from django.utils import timezone
from django.utils.translation import gettext as _

from lofte.core.audit import audit_log, diff, masked, snapshot
from lofte.core.models import Area, Partnership, Place, User
from lofte.core.retention import schedule_for
from lofte.dialogues.access import can_correct_dialogue
from lofte.dialogues.answers import (
    ATTRIBUTE_FIELDS,
    QuestionnaireSpec,
    clean_attributes,
    empty_conversation_message,
    is_empty_conversation,
    load_questionnaire,
    validate_answers,
)
from lofte.dialogues.models import AnswerRule, Campaign, ContactRequest, Dialogue, Question
from lofte.dialogues.template import template_questions
from lofte.text.redact import redact

__all__ = [
    "answer_rule_add",
    "answer_rule_remove",
    "campaign_create",
    "campaign_update",
    "clean_attributes",
    "contact_request_create",
    "contact_request_mark_handled",
    "dialogue_correct",
    "dialogue_record",
    "load_questionnaire",
    "question_add",
    "question_move",
    "question_remove",
    "question_update",
    "validate_answers",
]

CAMPAIGN_FIELDS = ["name", "slug", "year", "starts_on", "ends_on", "target_places", "target_groups", "public_form_open"]
QUESTION_FIELDS = ["key", "kind", "text_sv", "text_en", "help_sv", "help_en", "choices", "required", "position"]
DIALOGUE_FIELDS = [
    "answers",
    "free_text",
    "place",
    "area",
    "latitude",
    "longitude",
    "age_band",
    "gender",
    "relation",
    "home_area",
    "target_group",
    "conducted_at",
]


# Campaigns ----------------------------------------------------------------------------------------------


@transaction.atomic
def campaign_create(
    *,
    partnership: Partnership,
    by: User,
    name: str,
    slug: str,
    year: int,
    starts_on: dt.date,
    ends_on: dt.date,
    target_places: Iterable[Place] = (),
    target_groups: list[str] | None = None,
    public_form_open: bool = False,
) -> Campaign:
    """A new round of dialogues; its questionnaire starts as a copy of the national template. A name another
    round of the partnership has is refused (ValidationError on "name"): the list would show two alike."""
    name = " ".join(name.split())
    _check_name_free(partnership, name)
    campaign = Campaign.objects.create(
        partnership=partnership,
        name=name,
        slug=slug,
        year=year,
        starts_on=starts_on,
        ends_on=ends_on,
        target_groups=list(target_groups or []),
        public_form_open=public_form_open,
        created_by=by,
    )
    campaign.target_places.set(list(target_places))
    Question.objects.bulk_create([Question(campaign=campaign, **q) for q in template_questions()])
    audit_log(
        actor=by,
        action="campaign.create",
        target=campaign,
        organisation=partnership.municipality,
        changes=snapshot(campaign, CAMPAIGN_FIELDS),
    )
    return campaign


@transaction.atomic
def campaign_update(*, campaign: Campaign, by: User, **fields: Any) -> Campaign:
    """Change a campaign's plan; ``fields`` are the names in CAMPAIGN_FIELDS."""
    unknown = set(fields) - set(CAMPAIGN_FIELDS)
    if unknown:
        raise TypeError(f"unknown campaign fields: {sorted(unknown)}")
    # Phones queue conversations under the slug and send them to an address containing it: a new slug
    # would strand every conversation still waiting on a device.
    if "slug" in fields and fields["slug"] != campaign.slug and campaign.dialogues.exists():
        raise ValidationError({"slug": [_("Adressen kan inte ändras när omgången har dialoger.")]})
    if "name" in fields:
        fields["name"] = " ".join(fields["name"].split())
        _check_name_free(campaign.partnership, fields["name"], exclude=campaign)
    before = snapshot(campaign, CAMPAIGN_FIELDS)
    places = fields.pop("target_places", None)
    for name, value in fields.items():
        setattr(campaign, name, value)
    campaign.save()
    if places is not None:
        campaign.target_places.set(list(places))
    changes = diff(before, snapshot(campaign, CAMPAIGN_FIELDS))
    if changes:
        audit_log(
            actor=by,
            action="campaign.update",
            target=campaign,
            organisation=campaign.partnership.municipality,
            changes=changes,
        )
    return campaign


def _check_name_free(partnership: Partnership, name: str, *, exclude: Campaign | None = None) -> None:
    taken = Campaign.objects.filter(partnership=partnership).named(name)
    if exclude is not None:
        taken = taken.exclude(pk=exclude.pk)
    if taken.exists():
        raise ValidationError(
            {
                "name": [
                    _("Det finns redan en omgång som heter ”%(name)s”. Välj ett annat namn, till exempel med årtal.")
                    % {"name": name}
                ]
            }
        )


# Questionnaire -----------------------------------------------------------------------------------------


@transaction.atomic
def question_add(*, campaign: Campaign, by: User, **fields: Any) -> Question:
    last = campaign.questions.order_by("-position").values_list("position", flat=True).first() or 0
    question = Question.objects.create(campaign=campaign, position=last + 1, **fields)
    audit_log(
        actor=by,
        action="question.add",
        target=question,
        organisation=campaign.partnership.municipality,
        changes=snapshot(question, QUESTION_FIELDS),
    )
    return question


@transaction.atomic
def question_update(*, question: Question, by: User, **fields: Any) -> Question:
    """Reword a question or change its options. Once answers refer to it its key and type are fixed and the
    options given in an answer stay: old dialogues must still be valid when they are corrected."""
    before = snapshot(question, QUESTION_FIELDS)
    if question_has_answers(question):
        errors: dict[str, list[str]] = {}
        if "key" in fields and fields["key"] != question.key:
            errors["key"] = [_("Nyckeln kan inte ändras när det finns svar på frågan.")]
        if "kind" in fields and fields["kind"] != question.kind:
            errors["kind"] = [_("Frågetypen kan inte ändras när det finns svar på frågan.")]
        if "choices" in fields:
            kept = {c["value"] for c in fields["choices"] or []}
            missing = sorted(question_codes_in_use(question) - kept)
            if missing:
                errors["choices"] = [
                    _("Alternativ som finns i svar kan inte tas bort: %(codes)s.") % {"codes": ", ".join(missing)}
                ]
        if errors:
            raise ValidationError(errors)
    for name, value in fields.items():
        setattr(question, name, value)
    question.save()
    changes = diff(before, snapshot(question, QUESTION_FIELDS))
    if changes:
        audit_log(
            actor=by,
            action="question.update",
            target=question,
            organisation=question.campaign.partnership.municipality,
            changes=changes,
        )
    return question


def question_has_answers(question: Question) -> bool:
    return Dialogue.objects.filter(campaign_id=question.campaign_id, answers__has_key=question.key).exists()


def question_unanswered_count(question: Question) -> int:
    """How many stored dialogues of the campaign leave the question blank (blank answers are not stored)."""
    return Dialogue.objects.filter(campaign_id=question.campaign_id).exclude(answers__has_key=question.key).count()


def question_codes_in_use(question: Question) -> set[str]:
    """The option codes of a choice question that stored answers give."""
    if question.kind not in (Question.Kind.SINGLE, Question.Kind.MULTIPLE):
        return set()
    values = Dialogue.objects.filter(campaign_id=question.campaign_id, answers__has_key=question.key).values_list(
        f"answers__{question.key}", flat=True
    )
    codes: set[str] = set()
    for value in values:
        codes.update(str(v) for v in (value if isinstance(value, list) else [value]))
    return codes


@transaction.atomic
def question_move(*, question: Question, by: User, direction: str) -> Question:
    """Swap a question with its neighbour above ("up") or below ("down"); at either end nothing changes."""
    if direction not in ("up", "down"):
        raise ValueError(direction)
    siblings = list(question.campaign.questions.select_for_update().order_by("position", "pk"))
    index = next(i for i, q in enumerate(siblings) if q.pk == question.pk)
    other = index - 1 if direction == "up" else index + 1
    if not 0 <= other < len(siblings):
        return question
    siblings[index], siblings[other] = siblings[other], siblings[index]
    for position, sibling in enumerate(siblings, start=1):
        if sibling.position != position:
            Question.objects.filter(pk=sibling.pk).update(position=position)
    audit_log(
        actor=by,
        action="question.move",
        target=question,
        organisation=question.campaign.partnership.municipality,
        changes={"position": [index + 1, other + 1]},
    )
    question.refresh_from_db()
    return question


@transaction.atomic
def question_remove(*, question: Question, by: User) -> None:
    """Remove a question. Answers already given stay in the dialogues (they are the residents' words)."""
    campaign = question.campaign
    audit_log(
        actor=by,
        action="question.remove",
        target=question,
        organisation=campaign.partnership.municipality,
        changes=snapshot(question, QUESTION_FIELDS),
    )
    # A rule "at least one of these" left with a single question would be a hidden "required": it goes too.
    rules = campaign.answer_rules.filter(pk__in=question.answer_rules.values("pk")).annotate(n=Count("questions"))
    for rule in rules.filter(n__lte=2):
        answer_rule_remove(rule=rule, by=by)
    question.delete()
    campaign.questions.filter(position__gt=question.position).update(position=F("position") - 1)


def _rule_snapshot(rule: AnswerRule) -> dict[str, Any]:
    return {
        "questions": [q.key for q in rule.questions.order_by("position", "pk")],
        "message_sv": rule.message_sv,
        "message_en": rule.message_en,
    }


@transaction.atomic
def answer_rule_add(
    *, campaign: Campaign, by: User, questions: Iterable[Question], message_sv: str = "", message_en: str = ""
) -> AnswerRule:
    """Require at least one of ``questions`` (two or more of this campaign's) to be answered from now on: in
    the field form, the web survey, corrections, the capture API and imports, which all validate answers with
    ``validate_answers``. Dialogues already stored are not changed; one that breaks the rule must follow it
    when it is corrected."""
    chosen = list({q.pk: q for q in questions}.values())
    if any(q.campaign_id != campaign.pk for q in chosen):
        raise ValidationError({"questions": [_("Frågorna måste höra till omgångens enkät.")]})
    if len(chosen) < 2:
        raise ValidationError({"questions": [_("Välj minst två frågor.")]})
    rule = AnswerRule.objects.create(campaign=campaign, message_sv=message_sv.strip(), message_en=message_en.strip())
    rule.questions.set(chosen)
    audit_log(
        actor=by,
        action="answer_rule.add",
        target=rule,
        organisation=campaign.partnership.municipality,
        changes=_rule_snapshot(rule),
    )
    return rule


@transaction.atomic
def answer_rule_remove(*, rule: AnswerRule, by: User) -> None:
    audit_log(
        actor=by,
        action="answer_rule.remove",
        target=rule,
        organisation=rule.campaign.partnership.municipality,
        changes=_rule_snapshot(rule),
    )
    rule.delete()


def answer_rule_breaches(rule: AnswerRule) -> int:
    """How many stored dialogues of the campaign answer none of the rule's questions."""
    keys = [q.key for q in rule.questions.all()]
    dialogues = Dialogue.objects.filter(campaign_id=rule.campaign_id)
    for key in keys:
        dialogues = dialogues.exclude(answers__has_key=key)
    return dialogues.count()


# Dialogues ---------------------------------------------------------------------------------------------


def redact_answers(cleaned: dict[str, Any], spec: QuestionnaireSpec) -> tuple[dict[str, Any], str]:
    """Free text masked before it is stored; the joined free text in questionnaire order."""
    protect = spec.protected_words()
    stored: dict[str, Any] = {}
    texts: list[str] = []
    for question in spec.questions:
        if question.key not in cleaned:
            continue
        value = cleaned[question.key]
        if question.kind == Question.Kind.TEXT:
            value = redact(value, protect)
            texts.append(value)
        elif question.kind == Question.Kind.PLACE and "text" in value:
            value = {**value, "text": redact(value["text"], protect)}
            texts.append(value["text"])
        stored[question.key] = value
    return stored, "\n".join(texts)


def place_and_area(
    stored: dict[str, Any], spec: QuestionnaireSpec, place: Place | None
) -> tuple[Place | None, Area | None]:
    """Where the conversation took place if given, else the place the first place answer names."""
    area = None
    if place is None:
        for question in spec.questions:
            value = stored.get(question.key)
            if question.kind != Question.Kind.PLACE or not value:
                continue
            if "place_id" in value:
                place = spec.places.get(value["place_id"])
            elif "area_id" in value:
                area = spec.areas.get(value["area_id"])
            if place or area:
                break
    if place is not None:
        area = place.area
    return place, area


def _check_point(latitude: float | None, longitude: float | None) -> None:
    if (latitude is None) != (longitude is None):
        raise ValidationError({"latitude": [_("Ange både latitud och longitud.")]})
    if latitude is not None and not (-90 <= latitude <= 90 and -180 <= longitude <= 180):  # type: ignore[operator]
        raise ValidationError({"latitude": [_("Positionen ligger utanför jordklotet.")]})


def _checked(
    campaign: Campaign,
    spec: QuestionnaireSpec,
    answers: Mapping[str, Any],
    attributes: dict[str, Any],
    point: tuple[float | None, float | None],
    place: Place | None,
    *,
    kept: Mapping[str, Any] | None = None,
) -> tuple[dict[str, Any], dict[str, Any], dict[str, list[str]]]:
    """A dialogue's answers and attributes cleaned, for recording and for correcting, and every problem with them,
    its point and its place (keyed by field, in Swedish; "__all__" for the dialogue as a whole), so that all are
    shown at once. ``kept``: answers a correction keeps whatever is given (to questions removed since)."""
    errors: dict[str, list[str]] = {}
    cleaned: dict[str, Any] = {}
    try:
        cleaned = validate_answers(campaign, answers, spec=spec)
    except ValidationError as error:
        errors.update(error.message_dict)
    try:
        attributes = clean_attributes(campaign, attributes, spec=spec)
    except ValidationError as error:
        errors.update(error.message_dict)
    # A conversation with nothing in it is not stored, and a correction may not blank a stored one either.
    if not errors and is_empty_conversation({**cleaned, **(kept or {})}, attributes):
        errors["__all__"] = [empty_conversation_message()]
    try:
        _check_point(*point)
    except ValidationError as error:
        errors.update(error.message_dict)
    if place is not None and place.pk not in spec.places:
        errors["place"] = [_("Platsen hör inte till samverkans platser.")]
    return cleaned, attributes, errors


@transaction.atomic
def dialogue_record(
    *,
    campaign: Campaign,
    by: User | None,
    channel: str,
    answers: Mapping[str, Any],
    idempotency_key: UUID,
    conducted_at: dt.datetime | None = None,
    place: Place | None = None,
    latitude: float | None = None,
    longitude: float | None = None,
    age_band: str = "",
    gender: str = "",
    relation: str = "",
    home_area: Area | int | str | None = None,
    target_group: str = "",
    spec: QuestionnaireSpec | None = None,
) -> Dialogue:
    """Store one conversation or web answer. A repeated key returns the first record (phones retry).

    ``answers`` are validated with ``validate_answers`` (ValidationError keyed by question key, in Swedish)
    and their free text is redacted before anything is stored. ``place`` is where the conversation took
    place; without it the place or area the place answer names is used. ``spec`` lets a bulk caller load
    the questionnaire once.
    """
    existing = Dialogue.objects.filter(campaign=campaign, idempotency_key=idempotency_key).first()
    if existing is not None:
        return existing
    spec = spec or load_questionnaire(campaign)
    given = dict(zip(ATTRIBUTE_FIELDS, (age_band, gender, relation, home_area, target_group), strict=True))
    cleaned, attributes, errors = _checked(campaign, spec, answers, given, (latitude, longitude), place)
    if channel not in Dialogue.Channel.values:
        errors["channel"] = [_("Okänd kanal.")]
    if errors:
        raise ValidationError(errors)
    stored, free_text = redact_answers(cleaned, spec)
    dialogue_place, area = place_and_area(stored, spec, place)
    try:
        # A retry racing the first request: the unique constraint decides, the loser returns the winner.
        with transaction.atomic():
            dialogue = Dialogue.objects.create(
                campaign=campaign,
                idempotency_key=idempotency_key,
                channel=channel,
                conducted_at=conducted_at or timezone.now(),
                recorded_by=by if by is not None and by.is_authenticated else None,
                place=dialogue_place,
                area=area,
                latitude=latitude,
                longitude=longitude,
                answers=stored,
                free_text=free_text,
                **attributes,
            )
    except IntegrityError:
        return Dialogue.objects.get(campaign=campaign, idempotency_key=idempotency_key)
    audit_log(
        actor=by,
        action="dialogue.record",
        target=dialogue,
        organisation=campaign.partnership.municipality,
        changes={"channel": channel},
    )
    return dialogue


@transaction.atomic
def dialogue_correct(
    *,
    dialogue: Dialogue,
    by: User,
    answers: Mapping[str, Any],
    place: Place | None = None,
    latitude: float | None = None,
    longitude: float | None = None,
    age_band: str = "",
    gender: str = "",
    relation: str = "",
    home_area: Area | int | str | None = None,
    target_group: str = "",
    conducted_at: dt.datetime | None = None,
) -> Dialogue:
    """Correct a stored dialogue: the interviewer the same day, an analyst any day. Audited with a diff."""
    if not can_correct_dialogue(by, dialogue):
        raise PermissionDenied
    campaign = dialogue.campaign
    spec = load_questionnaire(campaign)
    # Answers to questions removed since they were given stay, as question_remove promises: they are the
    # residents' words, and the correction form cannot show them, so it cannot have meant to delete them.
    kept = {key: value for key, value in dialogue.answers.items() if key not in spec.by_key}
    given = dict(zip(ATTRIBUTE_FIELDS, (age_band, gender, relation, home_area, target_group), strict=True))
    cleaned, attributes, errors = _checked(campaign, spec, answers, given, (latitude, longitude), place, kept=kept)
    if errors:
        raise ValidationError(errors)
    before = snapshot(dialogue, DIALOGUE_FIELDS)
    stored, free_text = redact_answers(cleaned, spec)
    if kept:
        stored = {**stored, **kept}
        free_text = "\n".join(t for t in [free_text, *_kept_free_text(kept, dialogue.free_text)] if t)
    dialogue.place, dialogue.area = place_and_area(stored, spec, place)
    dialogue.answers, dialogue.free_text = stored, free_text
    dialogue.latitude, dialogue.longitude = latitude, longitude
    # The form shows the time to the minute: the same minute back is no change, and keeps the stored seconds.
    if conducted_at is not None and conducted_at != dialogue.conducted_at.replace(second=0, microsecond=0):
        dialogue.conducted_at = conducted_at
    for name, value in attributes.items():
        setattr(dialogue, name, value)
    dialogue.save()
    changes = _without_free_text(diff(before, snapshot(dialogue, DIALOGUE_FIELDS)), before["free_text"], free_text)
    if changes:
        audit_log(
            actor=by,
            action="dialogue.correct",
            target=dialogue,
            organisation=campaign.partnership.municipality,
            changes=changes,
        )
    return dialogue


def _without_free_text(changes: dict[str, list[Any]], old_free_text: str, new_free_text: str) -> dict[str, list[Any]]:
    """A correction's diff as the audit log may hold it: which answers changed, with every free-text answer
    (already redacted, but a resident's own words) shown as audit.FREE_TEXT."""

    def answers(values: Any, free_text: str) -> Any:
        if not isinstance(values, dict):
            return values
        return {key: _masked_answer(value, free_text) for key, value in values.items()}

    safe = dict(changes)
    if "free_text" in safe:
        safe["free_text"] = [masked(value) for value in safe["free_text"]]
    if "answers" in safe:
        old, new = safe["answers"]
        safe["answers"] = [answers(old, old_free_text), answers(new, new_free_text)]
    return safe


def _masked_answer(value: Any, free_text: str) -> Any:
    # A place answer typed rather than chosen ({"place": id, "text": ...}) is the resident's words too.
    if isinstance(value, dict) and "text" in value:
        return {**value, "text": masked(value["text"])}
    if isinstance(value, str) and value.strip() and value in free_text:
        return masked(value)
    return value


def _kept_free_text(kept: Mapping[str, Any], old_free_text: str) -> list[str]:
    """The free text of answers to removed questions, already redacted. Their question (and so its type)
    is gone: an answer counts as free text when it is in the dialogue's stored free text."""
    texts = []
    for value in kept.values():
        text = value.get("text") if isinstance(value, dict) else value
        if isinstance(text, str) and text.strip() and text in old_free_text:
            texts.append(text)
    return texts


# Contact requests --------------------------------------------------------------------------------------


@transaction.atomic
def contact_request_create(
    *,
    campaign: Campaign,
    dialogue: Dialogue | None,
    by: User | None,
    name: str,
    phone: str = "",
    email: str = "",
    message: str = "",
    retain_days: int | None = None,
) -> ContactRequest:
    """A resident who wants to be contacted: kept apart from the anonymous answers, culled after
    ``retain_days`` (default: the municipality's retention schedule). One per dialogue, so a retried
    submission does not ask twice."""
    if retain_days is None:
        retain_days = schedule_for(campaign.partnership.municipality).contact_request_days
    if dialogue is not None:
        existing = ContactRequest.objects.filter(dialogue=dialogue).first()
        if existing is not None:
            return existing
    if not name.strip() or not (phone.strip() or email.strip()):
        raise ValidationError({"contact_name": [_("Ange namn och telefon eller e-post för att bli kontaktad.")]})
    try:
        with transaction.atomic():
            request = ContactRequest.objects.create(
                campaign=campaign,
                dialogue=dialogue,
                name=name.strip(),
                phone=phone.strip(),
                email=email.strip(),
                message=message.strip(),
                retain_until=timezone.localdate() + dt.timedelta(days=retain_days),
            )
    except IntegrityError:
        return ContactRequest.objects.get(dialogue=dialogue)
    # The audit records that a request exists, never the personal data itself.
    audit_log(
        actor=by,
        action="contact_request.create",
        target=request,
        organisation=campaign.partnership.municipality,
        changes={"retain_until": str(request.retain_until)},
    )
    return request


@transaction.atomic
def contact_request_mark_handled(*, contact_request: ContactRequest, by: User) -> ContactRequest:
    if contact_request.handled_at is None:
        contact_request.handled_at = timezone.now()
        contact_request.save(update_fields=["handled_at"])
        audit_log(
            actor=by,
            action="contact_request.handled",
            target=contact_request,
            organisation=contact_request.campaign.partnership.municipality,
            changes={"handled_at": [None, contact_request.handled_at.isoformat()]},
        )
    return contact_request
